// Owns the table of functions a rule may call: their names, parameter and result types, and
// help. The checker resolves calls against it (Expr::slot = index); the engine implements each
// entry (engine/functions.cpp) in the same order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/types.hpp"

namespace verity {

enum class FunctionId {
  similar,       // similar(text, text) -> number: token overlap in [0, 1]
  lower,         // lower(text) -> text
  len,           // len(text) -> number of characters
  words,         // words(text) -> number of words
  contains,      // contains(text, text) -> true when the first contains the second (any case)
  abs,           // abs(number) -> number
  year,          // year(date) -> number
  days_between,  // days_between(date, date) -> number of days from the first to the second
  same_person,   // same_person(text, text) -> true when two names are spellings of one person
  matches,       // matches(text, pattern) -> true when the RE2 regular expression matches
  word_diff,     // word_diff(text, text) -> the words each text has that the other lacks
  // contains_words(text, part) -> true when part's words appear in text, in a row
  contains_words,
  // Aggregates, over the bindings of a group (rules with `group by`):
  count,  // count() bindings; count(x) set values; count(distinct x) distinct values
  sum,    // sum(number)
  min,    // min(x), max(x): numbers, dates or text
  max,
  values,     // values(x) -> text: the distinct values, in order of first appearance
  all_equal,  // all_equal(x) -> true when every set value is the same
};

struct FunctionDef {
  FunctionId id;
  std::string name;
  std::vector<Type> params;  // for aggregates: unknown stands for "any type"
  Type result;               // for min and max: unknown stands for "the argument's type"
  std::string help;
  bool aggregate = false;
};

const std::vector<FunctionDef>& function_table();
std::optional<std::size_t> find_function(std::string_view name);
// "similar(text, text)" for messages.
std::string signature(const FunctionDef& f);

}  // namespace verity
