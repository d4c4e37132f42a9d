// Evaluates checked rule expressions on bound facts, with three-valued logic: a comparison
// that reads an unset field is "unknown" (an unset Value), neither true nor false. `where`
// keeps a binding only when true; `require` reports a finding only when false. So a rule that
// must flag missing data says so with `is set`.
#pragma once

#include <string>
#include <vector>

#include "dsl/ast.hpp"
#include "engine/fact_store.hpp"

namespace verity {

class ExprEvaluator {
 public:
  explicit ExprEvaluator(const FactStore& store) : store_(store) {}

  // `bound[i]` is the fact bound to the rule's i-th variable.
  Value eval(const dsl::Expr& e, const std::vector<FactRef>& bound) const;

  // A value as a report template shows it: text as is, whole numbers without decimals,
  // dates as YYYY-MM-DD, a doc fact as its id, another fact as its text; "(none)" when unset.
  std::string display(const Value& v) const;

  // Renders a `report` template.
  std::string render(const dsl::Template& t, const std::vector<FactRef>& bound) const;

 private:
  Value eval_binary(const dsl::Expr& e, const std::vector<FactRef>& bound) const;
  Value eval_call(const dsl::Expr& e, const std::vector<FactRef>& bound) const;

  const FactStore& store_;
};

// Outcome of a condition: true only when the value is the boolean true.
inline bool is_true(const Value& v) {
  const bool* b = std::get_if<bool>(&v);
  return b != nullptr && *b;
}
inline bool is_false(const Value& v) {
  const bool* b = std::get_if<bool>(&v);
  return b != nullptr && !*b;
}

// Word-overlap similarity in [0, 1] (Jaccard on lowercased words), as `similar()` computes it.
double text_similarity(std::string_view a, std::string_view b);

}  // namespace verity
