// The cost model of plans: how many bindings a rule's plan would try, estimated from how many
// facts each kind has (Cardinalities; 10,000 per kind when unknown). It is deliberately simple
// and documented (docs/rules.md, "Estimated cost"), so a rule author can reason with it:
//
//   - a scan keeps facts × the selectivity of each filter: an equality 1/10, `in [..]` 1/10 per
//     item (at most 1), `!=` 9/10, any other condition 1/3;
//   - a hash-join step finds, for each earlier row, its filtered facts / 100 per key (two keys:
//     / 10,000) — "each key value is shared by 1% of the facts";
//   - a blocked step finds 1/100 of its filtered facts per earlier row for person-name words,
//     1/20 for content words (a name shares a word with few others; subjects share more);
//   - a key or block finds at least 1 fact per probe (the average group of an index holds one
//     at least) and at most all of them;
//   - a nested loop (cartesian) step tries every filtered fact for each earlier row;
//   - the rows of a step are the bindings it tries: earlier rows × facts per row. Checks are
//     not counted as shrinking them, as the evaluator's own budget estimate does not either, so
//     the figure is an upper bound of the same quantity the cost budget limits;
//   - a sub-query is counted as evaluated once per complete binding; each evaluation tries its
//     filtered facts / 100 per key, or all of them without a key.
// The evaluator makes its own estimate from the facts actually loaded before running a rule
// (engine/evaluator.cpp); this one is for `verity compile --explain` and compiler warnings.
#pragma once

#include <string>
#include <vector>

#include "dsl/compiler.hpp"
#include "dsl/planner.hpp"

namespace verity::dsl {

inline constexpr double kEqualitySelectivity = 1.0 / 10;
inline constexpr double kNotEqualSelectivity = 9.0 / 10;
inline constexpr double kOtherSelectivity = 1.0 / 3;
inline constexpr double kJoinKeyFraction = 1.0 / 100;
inline constexpr double kPersonNameBlockFraction = 1.0 / 100;
inline constexpr double kWordBlockFraction = 1.0 / 20;

struct StepEstimate {
  double facts = 0;       // facts of the step's kind
  double candidates = 0;  // after the step's filters
  double per_row = 0;     // facts tried per earlier row (the scan's candidates for step 0)
  double rows = 0;        // bindings tried at this step
};

struct SubqueryEstimate {
  double facts = 0;
  double candidates = 0;  // after the sub-query's filters: the facts indexed
  double per_lookup = 0;  // facts tried per evaluation
};

struct PlanEstimate {
  std::vector<StepEstimate> steps;
  std::vector<SubqueryEstimate> subqueries;
  double bindings = 0;        // the sum of the steps' rows
  double subquery_tries = 0;  // complete bindings × facts tried per evaluation, summed
};

// The fraction of facts (or rows) a condition is assumed to keep.
double selectivity(const Expr& condition);

PlanEstimate estimate_plan(const RulePlan& plan, const Cardinalities& counts);

// "0.5", "7", "10,000", "1.0e8": a figure for people, exact enough for an estimate.
std::string format_estimate(double value);

// What the figures assumed: "assuming 10,000 facts per kind", "with the facts counted", or
// "with the facts counted, assuming 10,000 facts of figure, quote" (the kinds of `plan` only).
std::string counts_note(const RulePlan& plan, const Schema& schema, const Cardinalities& counts);

// The counts known at compile time: the rows of each reference table; other kinds assumed.
Cardinalities table_cardinalities(const RuleSet& rules, const Schema& schema);

}  // namespace verity::dsl
