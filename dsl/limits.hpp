// The limits of the rule language in one place: how large a rule file, a rule set, an
// expression and a regular expression may be. Each is far above what a newsroom writes by hand
// (the shipped packs stay under 1% of every one) and low enough that a hostile or generated file
// gets a clear error at its place instead of exhausting the stack, the memory or the patience
// of the person running verity. docs/hardening.md lists them with the reasons.
#pragma once

#include <cstddef>
#include <cstdint>

namespace verity::dsl::limits {

// Bytes of one rule file (or one imported file). 16 MB is ~100,000 rules of typical length.
inline constexpr std::uintmax_t kMaxRuleFileBytes = std::uintmax_t{16} << 20;

// Bytes of one reference table (`table` statement, CSV or JSON Lines): read whole into memory.
inline constexpr std::uintmax_t kMaxTableFileBytes = std::uintmax_t{256} << 20;

// Rules in one rule set (all files, with their imports). Every rule is evaluated on every run.
inline constexpr std::size_t kMaxRules = 10'000;

// Expression nodes (literals, names, operators, calls, list items) in one statement: bounds a
// flat expression such as `x in [1, 2, 3, …]`, which the depth limits below do not.
inline constexpr std::size_t kMaxExpressionNodes = 10'000;

// The deepest nesting of parentheses, call arguments, `not` and unary `-`.
inline constexpr std::size_t kMaxNesting = 64;

// The deepest AST an expression may build (a leaf is 1 deep), so that the passes that walk it
// recursively (checker, planner, evaluator, destructors) stay well inside the stack.
inline constexpr std::size_t kMaxExpressionDepth = 256;

// RE2 program memory per matches() pattern; RE2 refuses to compile a larger one. RE2 matches in
// linear time, so there is no run-time limit to set.
inline constexpr std::size_t kMaxRegexBytes = std::size_t{1} << 20;

}  // namespace verity::dsl::limits
