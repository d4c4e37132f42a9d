// Owns the abstract syntax tree of a rule file. Every node keeps its source span (byte offsets
// into the rule file's SourceText). The parser builds it; the checker fills in the annotations
// marked "checker" (types and resolved slots); the planner and the evaluator read it.
// No PEGTL type appears here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/source.hpp"
#include "dsl/types.hpp"

namespace verity::dsl {

enum class ExprKind {
  number,    // 42, 1.5, 3%       (number, percent)
  string,    // "text"            (text, unescaped)
  boolean,   // true, false       (boolean)
  variable,  // q                 (text = name)
  field,     // BASE.name         (args[0] = base, text = field name, name_span)
  call,      // f(a, b)           (text = function name, name_span, args)
  unary,     // not x, -x         (unary_op, args[0])
  binary,    // x and y, x == y…  (binary_op, args[0], args[1])
  approx,    // x ~= y within T   (args[0], args[1], args[2] = tolerance number, tolerance_unit)
  is_set,    // x is set, x is not set (args[0], negated)
};

enum class UnaryOp { logical_not, negate };

enum class BinaryOp {
  logical_and,
  logical_or,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  add,
  sub,
  mul,
  div,
};

// How `within` measures the allowed difference of `~=`.
enum class ToleranceUnit {
  absolute,  // within 3       |x - y| <= 3
  percent,   // within 1%      |x - y| <= 1% of max(|x|, |y|)
  days,      // within 2 days  dates at most 2 days apart
};

struct Expr {
  ExprKind kind = ExprKind::number;
  Span span;  // the whole expression

  double number = 0;     // ExprKind::number
  bool percent = false;  // ExprKind::number written with a % suffix
  bool boolean = false;  // ExprKind::boolean
  std::string text;      // string value, variable, field or function name
  Span name_span;        // field or function name alone (where "unknown field" points)
  UnaryOp unary_op = UnaryOp::logical_not;
  BinaryOp binary_op = BinaryOp::logical_and;
  bool negated = false;  // `is not set`
  ToleranceUnit tolerance_unit = ToleranceUnit::absolute;
  std::vector<std::unique_ptr<Expr>> args;

  // checker: the type of this expression, and what a name resolved to:
  // variable -> index of the binding in Rule::bindings; field -> index of the field in the
  // base's kind; call -> index in the function table (dsl/functions.hpp).
  Type type;
  int slot = -1;
};

using ExprPtr = std::unique_ptr<Expr>;

// `for q: quote` binds variable q to each fact of kind quote.
struct Binding {
  std::string name;
  Span name_span;
  std::string kind;
  Span kind_span;
};

// A piece of a `report` template: either literal text or an expression written `{expr}`.
// Literal `{` and `}` are written `{{` and `}}`.
struct TemplatePart {
  std::string literal;
  ExprPtr expr;  // null for literal text
};

struct Template {
  Span span;  // the string literal, quotes included
  std::vector<TemplatePart> parts;
};

struct Rule {
  Span span;  // from `rule` to the closing `}`
  std::string id;
  Span id_span;
  std::string title;  // empty when no title string was written
  Span title_span;

  std::string severity;  // as written; empty when the clause is absent
  Span severity_span;

  std::vector<Binding> bindings;  // empty when the `for` clause is absent
  Span for_span;                  // the `for` keyword
  ExprPtr where;                  // null when absent
  ExprPtr require;                // null when absent
  Span require_span;              // the `require` keyword
  std::optional<Template> report;
};

struct RuleFile {
  std::vector<Rule> rules;
};

}  // namespace verity::dsl
