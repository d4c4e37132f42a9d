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
    out += describe(f.params[i]);
  }
  return out + ")";
}

}  // namespace verity
