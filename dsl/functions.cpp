// The function table. Order matters only in that FunctionId values index nothing: lookups go by
// name, and the checker stores the table index in Expr::slot.
#include "dsl/functions.hpp"

namespace verity {

const std::vector<FunctionDef>& function_table() {
  static const std::vector<FunctionDef> table = {
      {FunctionId::similar,
       "similar",
       {Type::text(), Type::text()},
       Type::number(),
       "how alike two texts are, by shared words: 0 (nothing shared) to 1 (same words)"},
      {FunctionId::lower, "lower", {Type::text()}, Type::text(), "the text in lower case"},
      {FunctionId::len, "len", {Type::text()}, Type::number(), "number of characters"},
      {FunctionId::words, "words", {Type::text()}, Type::number(), "number of words"},
      {FunctionId::contains,
       "contains",
       {Type::text(), Type::text()},
       Type::boolean(),
       "whether the first text contains the second, ignoring case"},
      {FunctionId::abs, "abs", {Type::number()}, Type::number(), "absolute value"},
      {FunctionId::year, "year", {Type::date()}, Type::number(), "the year of a date"},
      {FunctionId::days_between,
       "days_between",
       {Type::date(), Type::date()},
       Type::number(),
       "days from the first date to the second"},
      {FunctionId::same_person,
       "same_person",
       {Type::text(), Type::text()},
       Type::boolean(),
       "whether two names are one person: tolerant of romanization, hyphens, spacing, word "
       "order, initials and the rule files' aliases"},
      {FunctionId::matches,
       "matches",
       {Type::text(), Type::text()},
       Type::boolean(),
       "whether a regular expression (RE2 syntax) matches somewhere in the text"},
      {FunctionId::word_diff,
       "word_diff",
       {Type::text(), Type::text()},
       Type::text(),
       "the words of the first text missing from the second, then those of the second missing "
       "from the first: “cannot” vs “will not”; “(none)” for a side with nothing of its own"},
      {FunctionId::contains_words,
       "contains_words",
       {Type::text(), Type::text()},
       Type::boolean(),
       "whether the words of the second text appear in the first one after another, in order, "
       "ignoring case, punctuation and line breaks: an excerpt of a quote"},
      {FunctionId::count,
       "count",
       {Type::unknown()},
       Type::number(),
       "count() the bindings of a group, count(x) its set values, count(distinct x) the "
       "different ones",
       true},
      {FunctionId::sum, "sum", {Type::number()}, Type::number(), "the sum over a group", true},
      {FunctionId::min,
       "min",
       {Type::unknown()},
       Type::unknown(),
       "the least value of a group",
       true},
      {FunctionId::max,
       "max",
       {Type::unknown()},
       Type::unknown(),
       "the greatest value of a group",
       true},
      {FunctionId::values,
       "values",
       {Type::unknown()},
       Type::text(),
       "the different values of a group, in order of first appearance",
       true},
      {FunctionId::all_equal,
       "all_equal",
       {Type::unknown()},
       Type::boolean(),
       "whether every set value of a group is the same",
       true},
  };
  return table;
}

std::optional<std::size_t> find_function(std::string_view name) {
  const auto& table = function_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].name == name) return i;
  }
  return std::nullopt;
}

std::string signature(const FunctionDef& f) {
  std::string out = f.name + "(";
  for (std::size_t i = 0; i < f.params.size(); ++i) {
    if (i > 0) out += ", ";
    out += f.params[i].base == BaseType::unknown ? "any" : describe(f.params[i]);
  }
  return out + ")";
}

}  // namespace verity
