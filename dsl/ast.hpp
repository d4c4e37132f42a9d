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
  number,      // 42, 1.5, 3%       (number, percent)
  string,      // "text"            (text, unescaped)
  boolean,     // true, false       (boolean)
  variable,    // q                 (text = name)
  field,       // BASE.name         (args[0] = base, text = field name, name_span)
  call,        // f(a, b)           (text = function name, name_span, args; distinct when written
               //                    f(distinct a), as in count(distinct p.name); f() has no args)
  unary,       // not x, -x         (unary_op, args[0])
  binary,      // x and y, x == y…  (binary_op, args[0], args[1])
  approx,      // x ~= y within T   (args[0], args[1], args[2] = tolerance number, tolerance_unit)
  is_set,      // x is set, x is not set (args[0], negated)
  date,        // 2024-01-29        (text = as written, always YYYY-MM-DD; the parser checks the
               //                    shape only, the checker whether the day exists)
  in_list,     // x in [a, b, c]    (args[0] = x, args[1..] = the items; `x in []` has one arg)
  quantifier,  // some v: kind where c, no v: kind where c
               //                  (quantifier, binding, args[0] = the condition; no args when
               //                   `where c` is absent)
};

// The word that opens a sub-query: `some` (true when a fact of the kind satisfies the
// condition) or `no` (true when none does).
enum class Quantifier { some, no };

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

// `for q: quote` binds variable q to each fact of kind quote; `some f: figure` binds f inside a
// sub-query.
struct Binding {
  std::string name;
  Span name_span;
  std::string kind;
  Span kind_span;
};

struct Expr {
  ExprKind kind = ExprKind::number;
  Span span;  // the whole expression

  double number = 0;     // ExprKind::number
  bool percent = false;  // ExprKind::number written with a % suffix
  bool boolean = false;  // ExprKind::boolean
  std::string text;      // string value, variable, field or function name, date as written
  Span name_span;        // field or function name alone (where "unknown field" points)
  UnaryOp unary_op = UnaryOp::logical_not;
  BinaryOp binary_op = BinaryOp::logical_and;
  bool negated = false;  // `is not set`
  ToleranceUnit tolerance_unit = ToleranceUnit::absolute;
  bool distinct = false;  // ExprKind::call written `f(distinct x)`, as in `count(distinct p.name)`
  // ExprKind::quantifier: `some` or `no`, and the variable it binds with its kind. The
  // condition after `where` extends as far right as an expression can: in
  // `some f: figure where f.unit == "USD" and x`, the `and x` is part of the condition;
  // `(some f: figure where f.unit == "USD") and x` stops it earlier. A let name used inside an
  // expression is an ExprKind::variable like any other; the checker resolves it.
  Quantifier quantifier = Quantifier::some;
  Binding binding;
  std::vector<std::unique_ptr<Expr>> args;

  // checker: the type of this expression, and what a name resolved to:
  //   variable -> the variable's slot: 0..n-1 for the n variables of `for`, n.. for the
  //               variables of sub-queries (CheckedRule::slot_count counts them all);
  //               a let name -> slot -1 and let_target = the let's expression;
  //   field -> index of the field in the base's kind;
  //   call -> index in the function table (dsl/functions.hpp);
  //   quantifier -> the slot of its variable, and binding_kind = its schema kind index;
  //   date -> number = days since 1970-01-01.
  Type type;
  int slot = -1;
  const Expr* let_target = nullptr;
  std::size_t binding_kind = 0;
};

using ExprPtr = std::unique_ptr<Expr>;

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

// `let gap = a.value - b.value`: a name for an expression, usable in the rule's expressions
// after it. Each name may be given once per rule; the checker enforces it.
struct Let {
  std::string name;
  Span name_span;
  ExprPtr expr;
};

struct Rule {
  Span span;  // from `rule` to the closing `}`
  std::string id;
  Span id_span;
  std::string title;  // empty when no title string was written
  Span title_span;

  std::string severity;  // as written; empty when the clause is absent
  Span severity_span;

  std::vector<std::string> tags;  // `tags quotes, attribution`; empty when absent
  Span tags_span;                 // the `tags` keyword
  std::string help;               // `help "text or URL"`, unescaped; empty when absent
  Span help_span;                 // the string literal, quotes included

  std::vector<Binding> bindings;  // empty when the `for` clause is absent
  Span for_span;                  // the `for` keyword
  std::vector<Let> lets;          // in the order written
  ExprPtr where;                  // null when absent
  std::vector<ExprPtr> group_by;  // `group by k1, k2`; empty when absent
  Span group_span;                // the words `group by`
  ExprPtr require;                // null when absent
  Span require_span;              // the `require` keyword
  std::optional<Template> report;
};

// `import "std/quotes"`: a shipped rule pack, or a path relative to the importing file.
struct Import {
  std::string path;  // unescaped
  Span span;         // from `import` to the closing quote
  Span path_span;    // the string literal, quotes included
};

// A column of a table with its declared type: `since: date`. The type name is checked by the
// checker, not the parser.
struct TableColumn {
  std::string name;
  Span name_span;
  std::string type_name;
  Span type_span;
};

// `table officials from "officials.csv" { name: text, since: date }`: a table of facts read
// from a file, with optional column types.
struct Table {
  std::string name;
  Span name_span;
  std::string path;  // unescaped
  Span path_span;    // the string literal, quotes included
  Span span;         // from `table` to the closing quote of the path or the '}' of the columns
  std::vector<TableColumn> columns;  // empty when no column types were declared
};

// `alias "Kim Tong-Myong" = "Kim Dong Myung", "Kim Dong-myung"`: spellings of one name.
struct Alias {
  std::vector<std::string> names;  // unescaped, in the order written: the first is canonical
  std::vector<Span> name_spans;    // the string literal of each name, quotes included
  Span span;                       // from `alias` to the closing quote of the last name
};

// Top-level statements may come in any order between the rules; each vector keeps the order
// written.
struct RuleFile {
  std::vector<Import> imports;
  std::vector<Table> tables;
  std::vector<Alias> aliases;
  std::vector<Rule> rules;
};

}  // namespace verity::dsl
