// Owns the test that lets the evaluator visit each pair of a self-join once: a rule over two
// variables of one kind whose `where` and `require` read the same after swapping the two
// variables. For such a rule the binding (x, y) passes and fails exactly when (y, x) does, and
// the evaluator already reports a set of facts once, so enumerating only the pairs whose
// second fact does not come before the first gives the same findings in the same order.
#pragma once

#include "dsl/planner.hpp"

namespace verity {

// True when `plan` is a two-variable self-join, without `group by` or sub-queries, whose
// `where` (as a set of and-ed conditions) and `require` are unchanged by swapping its two
// variables. Conservative: `==`, `!=`, `and`, `or`, `+`, `*`, `~=`, `similar()` commute,
// `<`/`>` and `<=`/`>=` mirror; anything else must match exactly.
bool is_symmetric_self_join(const dsl::RulePlan& plan);

}  // namespace verity

namespace verity {

// True when `x`, read with variable slot `slot_x`, is the same expression as `y` read with
// `slot_y` (every other slot equal): `a.doc.story` and `b.doc.story` for slots a and b. Used
// to see that a join's probe is the build key of an earlier variable of the same kind.
bool same_expr_renamed(const dsl::Expr& x, const dsl::Expr& y, std::size_t slot_x,
                       std::size_t slot_y);

}  // namespace verity
