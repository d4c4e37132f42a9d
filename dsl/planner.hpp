// The planner pass: turns a checked rule into an evaluation plan. The `where` clause is split
// into its `and`-ed conditions; a condition on one variable becomes a filter on that variable's
// scan; an equality between an expression of earlier variables and one of the next variable
// becomes a hash-join key; everything else is checked as soon as its variables are bound.
// A `same_person`/`similar` condition that no hash key can serve becomes a blocking key. A
// variable joined to the earlier ones by neither is a cartesian product, and is warned about
// with its estimated size (dsl/plan_cost.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/checker.hpp"

namespace verity::dsl {

struct JoinKey {
  const Expr* probe = nullptr;  // evaluated on the variables bound before this step
  const Expr* build = nullptr;  // evaluated on this step's variable alone
};

// A blocking key for a fuzzy join condition that no hash key can serve: `same_person(x, y)` or
// `similar(x, y) >= t` between an earlier variable and this step's. Both sides are split into
// blocking tokens (person-name word keys, or lowercased content words); only facts sharing at
// least one token with the probe are tried, and the condition itself stays in `checks`, so the
// block only prunes pairs that could never pass.
struct BlockKey {
  enum class Method { person_name, words };
  Method method = Method::words;
  const Expr* probe = nullptr;  // evaluated on the variables bound before this step
  const Expr* build = nullptr;  // evaluated on this step's variable alone
};

struct PlanStep {
  std::size_t var = 0;               // index into Rule::bindings
  std::size_t kind = 0;              // schema kind index
  std::vector<const Expr*> filters;  // on this variable alone, applied while scanning
  std::vector<JoinKey> keys;         // hash join with the earlier variables
  std::vector<BlockKey> blocks;      // used only when `keys` is empty (see BlockKey)
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

// How many facts of each kind the cost estimates assume. At compile time nothing is known, and
// every kind is assumed to have kAssumedFactsPerKind facts; `verity compile --explain` with
// --facts/--docs (or a reference table, whose rows are read at compile time) gives real counts.
struct Cardinalities {
  static constexpr double kAssumedFactsPerKind = 10000;
  std::vector<std::optional<double>> facts_per_kind;  // by schema kind index; nullopt: assumed

  double facts(std::size_t kind) const {
    return assumed(kind) ? kAssumedFactsPerKind : *facts_per_kind[kind];
  }
  bool assumed(std::size_t kind) const {
    return kind >= facts_per_kind.size() || !facts_per_kind[kind].has_value();
  }
};

// The variable slots an expression reads (through lets; a sub-query's own variable excluded).
std::vector<std::size_t> variables_of(const Expr& e);

RulePlan plan_rule(const CheckedRule& rule, Diagnostics& diags);

// A readable plan for `verity compile --explain`, with the estimated rows of each step and the
// estimated cost of the rule under `counts` (dsl/plan_cost.hpp; by default the assumption).
std::string describe_plan(const RulePlan& plan, const Schema& schema,
                          const Cardinalities& counts = {});

}  // namespace verity::dsl
