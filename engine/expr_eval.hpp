// Evaluates checked rule expressions on bound facts, with three-valued logic: a comparison
// that reads an unset field is "unknown" (an unset Value), neither true nor false. `where`
// keeps a binding only when true; `require` reports a finding only when false. So a rule that
// must flag missing data says so with `is set`.
#pragma once

#include <string>
#include <vector>

#include <map>
#include <unordered_map>

#include "dsl/ast.hpp"
#include "dsl/planner.hpp"
#include "dsl/regex.hpp"
#include "engine/fact_store.hpp"

namespace verity {

// Hash function for join keys (vectors of values).
struct KeyHash {
  std::size_t operator()(const std::vector<Value>& key) const;
};
using JoinTable = std::unordered_map<std::vector<Value>, std::vector<FactRef>, KeyHash>;

using Binding = std::vector<FactRef>;  // the fact of each variable slot

// Name key of a spelling -> name key of the person it stands for (from `alias` statements).
using AliasKeys = std::unordered_map<std::string, std::string>;

class ExprEvaluator {
 public:
  // `plan` and `by_kind` (facts of each kind) are needed for sub-queries; rules without
  // `some`/`no` may leave them null.
  explicit ExprEvaluator(const FactStore& store, const dsl::RulePlan* plan = nullptr,
                         const std::vector<std::vector<FactRef>>* by_kind = nullptr,
                         const AliasKeys* aliases = nullptr);

  // `bound[slot]` is the fact bound to each variable. Sub-queries bind their own slot while
  // they run and restore it after.
  Value eval(const dsl::Expr& e, Binding& bound) const;

  // The same value without copying it when it is stored: a field read returns the fact's own
  // field; anything computed is evaluated into `scratch`, which is returned. Valid while
  // `scratch` and the store live.
  const Value& eval_ref(const dsl::Expr& e, Binding& bound, Value& scratch) const;

  // Aggregates (count, values, …) read the bindings of this group; null outside groups.
  void set_group(const std::vector<Binding>* group) { group_ = group; }

  // A value as a report template shows it: text as is, whole numbers without decimals,
  // dates as YYYY-MM-DD, a doc fact as its id, another fact as its text; "(none)" when unset.
  std::string display(const Value& v) const;

  // Renders a `report` template.
  std::string render(const dsl::Template& t, Binding& bound) const;

  // True when every condition is true.
  bool all_true(const std::vector<const dsl::Expr*>& conditions, Binding& bound) const;

 private:
  // The filtered facts of a sub-query and, when it has keys, their hash table; built on
  // first use.
  struct SubqueryIndex {
    bool built = false;
    std::vector<FactRef> candidates;
    JoinTable table;
  };

  Value eval_binary(const dsl::Expr& e, Binding& bound) const;
  Value eval_call(const dsl::Expr& e, Binding& bound) const;
  Value eval_aggregate(const dsl::Expr& e) const;
  Value eval_quantifier(const dsl::Expr& e, Binding& bound) const;
  SubqueryIndex& subquery_index(const dsl::SubqueryPlan& sub, Binding& bound) const;

  const FactStore& store_;
  const dsl::RulePlan* plan_;
  const std::vector<std::vector<FactRef>>* by_kind_;
  const std::vector<Binding>* group_ = nullptr;
  const AliasKeys* aliases_;
  std::map<const dsl::Expr*, std::size_t> subquery_of_;  // quantifier node -> plan index
  mutable std::vector<SubqueryIndex> subquery_indexes_;
  mutable std::map<std::string, Regex, std::less<>> regexes_;  // compiled once per pattern
};

// True when two names are spellings of one person: the same name key (romanization,
// hyphens, spacing, case), the same words in another order, or initials standing for words
// ("J. Stoltenberg" and "Jens Stoltenberg").
// With `aliases`, two names whose keys an alias maps to one key are one person too.
bool same_person_names(std::string_view a, std::string_view b, const AliasKeys* aliases = nullptr);

// Reads the `alias` statements of compiled rule files into name keys.
AliasKeys alias_keys(const std::vector<std::vector<std::string>>& aliases);

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
