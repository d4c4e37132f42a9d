// Owns the static types of the rule language: what the checker infers for each expression and
// what the schema declares for each field of a fact kind.
#pragma once

#include <string>

namespace verity {

enum class BaseType {
  unknown,  // not known because of an earlier error; never reported twice
  boolean,
  number,
  text,
  date,
  fact,  // a reference to a fact of kind `Type::kind` (e.g. `q.doc` is a fact of kind doc)
};

struct Type {
  BaseType base = BaseType::unknown;
  std::string kind;  // for BaseType::fact

  static Type unknown() { return {}; }
  static Type boolean() { return {BaseType::boolean, {}}; }
  static Type number() { return {BaseType::number, {}}; }
  static Type text() { return {BaseType::text, {}}; }
  static Type date() { return {BaseType::date, {}}; }
  static Type fact(std::string kind) { return {BaseType::fact, std::move(kind)}; }

  bool operator==(const Type&) const = default;
};

// "number", "text", "a doc fact", … as the checker's messages name them.
std::string describe(const Type& t);

}  // namespace verity
