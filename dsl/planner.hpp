// The planner pass: turns a checked rule into an evaluation plan. The `where` clause is split
// into its `and`-ed conditions; a condition on one variable becomes a filter on that variable's
// scan; an equality between an expression of earlier variables and one of the next variable
// becomes a hash-join key; everything else is checked as soon as its variables are bound.
// A variable joined to the earlier ones by no key is a cartesian product, and is warned about.
#pragma once

#include <string>
#include <vector>

#include "dsl/checker.hpp"

namespace verity::dsl {

struct JoinKey {
  const Expr* probe = nullptr;  // evaluated on the variables bound before this step
  const Expr* build = nullptr;  // evaluated on this step's variable alone
};

struct PlanStep {
  std::size_t var = 0;               // index into Rule::bindings
  std::size_t kind = 0;              // schema kind index
  std::vector<const Expr*> filters;  // on this variable alone, applied while scanning
  std::vector<JoinKey> keys;         // hash join with the earlier variables
  std::vector<const Expr*> checks;   // the other conditions whose variables are now all bound
};

// A `some`/`no` sub-query, run as a semi join (some) or an anti join (no): the facts of its
// kind that pass `filters` are indexed once by `keys` (equalities between the sub-query's
// variable and the outer ones); each evaluation looks its probe up and tries `checks` on the
// facts found. Without keys every filtered fact is tried.
struct SubqueryPlan {
  const Expr* expr = nullptr;  // the quantifier node
  std::size_t slot = 0;        // its variable's slot
  std::size_t kind = 0;
  std::vector<const Expr*> filters;
  std::vector<JoinKey> keys;  // probe: outer variables; build: the sub-query's variable
  std::vector<const Expr*> checks;
};

struct RulePlan {
  const Rule* rule = nullptr;
  const SourceText* source = nullptr;
  Severity severity = Severity::warning;
  std::size_t slot_count = 0;  // size of a binding: `for` variables plus sub-query variables
  std::vector<PlanStep> steps;
  std::vector<SubqueryPlan> subqueries;
};

// The variable slots an expression reads (through lets; a sub-query's own variable excluded).
std::vector<std::size_t> variables_of(const Expr& e);

RulePlan plan_rule(const CheckedRule& rule, Diagnostics& diags);

// A readable plan for `verity compile --explain`.
std::string describe_plan(const RulePlan& plan, const Schema& schema);

}  // namespace verity::dsl
