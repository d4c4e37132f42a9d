// Owns the rule-language parser: the PEGTL actions that build the AST of dsl/ast.hpp from the
// grammar in dsl/grammar.hpp, the wording of syntax errors (placeholders of parse_errors.hpp
// filled in, what was found described), and recovery at the next statement after an error.
//
// Expressions are built on an operand stack: leaves push a node, and the action of each
// operator's tail (which runs after its right operand) pops its operands and pushes the
// combined node, which gives left associativity. No action runs before the token that
// commits its alternative, so backtracking never has to undo one. Each operand carries the
// depth of its tree, so that no expression grows deeper than grammar::max_expression_depth.
#include "dsl/parser.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "dsl/grammar.hpp"
#include "dsl/parse_errors.hpp"
#include "dsl/schema.hpp"

namespace verity::dsl {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

// The input for a whole rule file and for each template hole, so that both share one
// instantiation of the grammar. Offsets are computed from pointers into the file's text,
// never from PEGTL positions, so a hole's input reports bytes of the file too.
using Input = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*>;

// ---- Parse state ----------------------------------------------------------------------

// The top-level statement being parsed.
enum class Statement { rule, import, table, alias };

// Everything the actions build while parsing one statement; a fresh one per statement, so a
// statement that failed halfway leaves nothing behind.
struct ParseState {
  explicit ParseState(const SourceText& src) : base(src.text().data()) { context.source = &src; }

  std::uint32_t offset(const char* p) const { return static_cast<std::uint32_t>(p - base); }
  template <typename ActionInput>
  Span span_of(const ActionInput& in) const {
    return {offset(in.begin()), offset(in.end())};
  }

  // An expression on the stack and the depth of its tree.
  struct Operand {
    ExprPtr expr;
    std::size_t depth = 1;
  };

  Operand pop() {
    Operand e = std::move(operands.back());
    operands.pop_back();
    return e;
  }
  Expr& top() { return *operands.back().expr; }
  // Pushes a node over `args`; raises expression_too_deep at `at` (the operator) when that
  // would make a tree deeper than allowed.
  Expr& push(ExprKind kind, Span span, std::vector<Operand> args = {}, const char* at = nullptr) {
    std::size_t depth = 1;
    for (const Operand& a : args) depth = std::max(depth, a.depth + 1);
    if (depth > g::max_expression_depth) raise_at<g::expression_too_deep>(at, *this);
    if (++nodes > limits::kMaxExpressionNodes) {
      raise_at<g::expression_too_large>(at != nullptr ? at : base + span.begin, *this);
    }
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = span;
    for (Operand& a : args) e->args.push_back(std::move(a.expr));
    operands.push_back({std::move(e), depth});
    return *operands.back().expr;
  }

  // A sub-query whose condition is being read: its binding, and how many operands the parser
  // held before its condition.
  struct OpenQuantifier {
    Binding binding;
    std::size_t operands = 0;
  };

  const char* base;       // first byte of the rule file
  std::size_t nodes = 0;  // expression nodes pushed for this statement (kMaxExpressionNodes)
  ErrorContext context;
  Statement statement = Statement::rule;
  Rule rule;
  Import import;
  Table table;
  Alias alias;
  bool has_severity = false;
  bool has_for = false;
  bool has_where = false;
  bool has_require = false;
  bool has_report = false;
  bool has_tags = false;
  bool has_help = false;
  bool has_group = false;

  std::vector<Operand> operands;
  std::vector<BinaryOp> operators;  // read, waiting for their right operand
  std::vector<OpenQuantifier> quantifiers;
  std::string text;                 // the unescaped text of the string being read
  std::vector<TemplatePart> parts;  // of the report template being read
  ToleranceUnit tolerance_unit = ToleranceUnit::absolute;
  std::uint32_t tolerance_end = 0;  // end of the tolerance, unit included
};

BinaryOp binary_op_of(std::string_view op) {
  if (op == "==") return BinaryOp::eq;
  if (op == "!=") return BinaryOp::ne;
  if (op == "<=") return BinaryOp::le;
  if (op == ">=") return BinaryOp::ge;
  if (op == "<") return BinaryOp::lt;
  if (op == ">") return BinaryOp::gt;
  if (op == "+") return BinaryOp::add;
  if (op == "-") return BinaryOp::sub;
  if (op == "*") return BinaryOp::mul;
  return BinaryOp::div;
}

// `lhs op rhs`, with the operator at `at`: pops both operands and pushes the node spanning
// them.
void reduce_binary(ParseState& st, BinaryOp op, const char* at) {
  ParseState::Operand rhs = st.pop();
  ParseState::Operand lhs = st.pop();
  const Span span{lhs.expr->span.begin, rhs.expr->span.end};
  std::vector<ParseState::Operand> args;
  args.push_back(std::move(lhs));
  args.push_back(std::move(rhs));
  st.push(ExprKind::binary, span, std::move(args), at).binary_op = op;
}

// `op operand`, with the operator at `at`: pops the operand and pushes the node.
void reduce_unary(ParseState& st, UnaryOp op, const char* at) {
  ParseState::Operand operand = st.pop();
  const Span span{st.offset(at), operand.expr->span.end};
  std::vector<ParseState::Operand> args;
  args.push_back(std::move(operand));
  st.push(ExprKind::unary, span, std::move(args), at).unary_op = op;
}

// `operand suffix`, a node over one operand that ends at `end`, such as `x is set`.
Expr& reduce_suffix(ParseState& st, ExprKind kind, const char* at, const char* end) {
  ParseState::Operand operand = st.pop();
  const Span span{operand.expr->span.begin, st.offset(end)};
  std::vector<ParseState::Operand> args;
  args.push_back(std::move(operand));
  return st.push(kind, span, std::move(args), at);
}

// A number token: at most 15 digits on each side of the point (the grammar sees to it), so
// the conversion cannot overflow.
double number_value(std::string_view digits) {
  double value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// Pops the operands pushed since the opener at the top of context.openers was pushed, and the
// opener.
std::vector<ParseState::Operand> pop_since_opener(ParseState& st) {
  const std::size_t first = st.context.openers.back().operands;
  st.context.openers.pop_back();
  std::vector<ParseState::Operand> args;
  for (std::size_t i = first; i < st.operands.size(); ++i) {
    args.push_back(std::move(st.operands[i]));
  }
  st.operands.resize(first);
  return args;
}

// Moves the literal text read so far into a template part.
void flush_literal(ParseState& st) {
  if (st.text.empty()) return;
  st.parts.push_back({std::move(st.text), nullptr});
  st.text.clear();
}

void parse_hole(const char* begin, const char* end, ParseState& st);

// ---- Actions --------------------------------------------------------------------------

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

// Imports, tables and aliases.

template <>
struct action<g::import_keyword> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.statement = Statement::import;
    st.import.span.begin = st.offset(in.begin());
  }
};

template <>
struct action<g::import_path> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.import.path = std::move(st.text);
    st.import.path_span = st.span_of(in);
    st.import.span.end = st.import.path_span.end;
  }
};

template <>
struct action<g::table_keyword> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.statement = Statement::table;
    st.table.span.begin = st.offset(in.begin());
  }
};

template <>
struct action<g::table_name> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.table.name = in.string();
    st.table.name_span = st.span_of(in);
    st.context.table = st.table.name;
  }
};

template <>
struct action<g::table_path> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.table.path = std::move(st.text);
    st.table.path_span = st.span_of(in);
    st.table.span.end = st.table.path_span.end;
  }
};

template <>
struct action<g::columns_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.context.openers.push_back({st.offset(in.begin()), {}, st.operands.size()});
  }
};

template <>
struct action<g::first_column> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.table.columns.push_back({in.string(), st.span_of(in), {}, {}});
    st.context.column = in.string();
  }
};

template <>
struct action<g::next_column> : action<g::first_column> {};

template <>
struct action<g::column_type> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.table.columns.back().type_name = in.string();
    st.table.columns.back().type_span = st.span_of(in);
  }
};

template <>
struct action<g::columns_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.context.openers.pop_back();
    st.table.span.end = st.offset(in.end());
  }
};

template <>
struct action<g::alias_keyword> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.statement = Statement::alias;
    st.alias.span.begin = st.offset(in.begin());
  }
};

// Each name of an alias, the first one included.
template <>
struct action<g::alias_first> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.alias.names.push_back(std::move(st.text));
    st.alias.name_spans.push_back(st.span_of(in));
    st.alias.span.end = st.offset(in.end());
  }
};

template <>
struct action<g::alias_other> : action<g::alias_first> {};

template <>
struct action<g::alias_next> : action<g::alias_first> {};

// Rules.

template <>
struct action<g::rule_keyword> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.span.begin = st.offset(in.begin());
    st.context.rule_offset = st.rule.span.begin;
  }
};

template <>
struct action<g::rule_id> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.id = in.string();
    st.rule.id_span = st.span_of(in);
    st.context.rule_id = st.rule.id;
  }
};

template <>
struct action<g::rule_title> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.title = std::move(st.text);
    st.rule.title_span = st.span_of(in);
  }
};

// The end of the '{' and of each clause: where a missing '}' is reported.
template <>
struct action<g::rule_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.context.last_clause_end = st.offset(in.end());
  }
};

template <>
struct action<g::rule_open_after_title> : action<g::rule_open> {};

template <>
struct action<g::rule_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.span.end = st.offset(in.end());
  }
};

// Clauses: the first_<clause> keyword fails (and so raises) when the rule already has one.

template <>
struct action<g::first_severity> {
  static bool apply0(ParseState& st) { return !std::exchange(st.has_severity, true); }
};

template <>
struct action<g::severity_level> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.severity = in.string();
    st.rule.severity_span = st.span_of(in);
    st.context.last_clause_end = st.rule.severity_span.end;
  }
};

template <>
struct action<g::first_for> {
  template <typename ActionInput>
  static bool apply(const ActionInput& in, ParseState& st) {
    if (std::exchange(st.has_for, true)) return false;
    st.rule.for_span = st.span_of(in);
    return true;
  }
};

template <>
struct action<g::first_variable> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.bindings.push_back({in.string(), st.span_of(in), {}, {}});
    st.context.variable = in.string();
  }
};

template <>
struct action<g::next_variable> : action<g::first_variable> {};

template <>
struct action<g::binding_kind> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.bindings.back().kind = in.string();
    st.rule.bindings.back().kind_span = st.span_of(in);
    st.context.last_clause_end = st.rule.bindings.back().kind_span.end;
  }
};

template <>
struct action<g::first_tags> {
  template <typename ActionInput>
  static bool apply(const ActionInput& in, ParseState& st) {
    if (std::exchange(st.has_tags, true)) return false;
    st.rule.tags_span = st.span_of(in);
    return true;
  }
};

template <>
struct action<g::first_tag> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.tags.push_back(in.string());
    st.context.last_clause_end = st.offset(in.end());
  }
};

template <>
struct action<g::next_tag> : action<g::first_tag> {};

template <>
struct action<g::first_help> {
  static bool apply0(ParseState& st) { return !std::exchange(st.has_help, true); }
};

template <>
struct action<g::help_text> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.help = std::move(st.text);
    st.rule.help_span = st.span_of(in);
    st.context.last_clause_end = st.rule.help_span.end;
  }
};

template <>
struct action<g::let_name> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.lets.push_back({in.string(), st.span_of(in), nullptr});
    st.context.variable = in.string();
  }
};

template <>
struct action<g::let_value> {
  static void apply0(ParseState& st) {
    st.rule.lets.back().expr = st.pop().expr;
    st.context.last_clause_end = st.rule.lets.back().expr->span.end;
  }
};

template <>
struct action<g::first_group> {
  template <typename ActionInput>
  static bool apply(const ActionInput& in, ParseState& st) {
    if (std::exchange(st.has_group, true)) return false;
    st.rule.group_span.begin = st.offset(in.begin());
    return true;
  }
};

template <>
struct action<g::group_by_word> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.rule.group_span.end = st.offset(in.end());
  }
};

template <>
struct action<g::group_key> {
  static void apply0(ParseState& st) {
    st.rule.group_by.push_back(st.pop().expr);
    st.context.last_clause_end = st.rule.group_by.back()->span.end;
  }
};

template <>
struct action<g::next_group_key> : action<g::group_key> {};

template <>
struct action<g::first_where> {
  static bool apply0(ParseState& st) { return !std::exchange(st.has_where, true); }
};

template <>
struct action<g::where_condition> {
  static void apply0(ParseState& st) {
    st.rule.where = st.pop().expr;
    st.context.last_clause_end = st.rule.where->span.end;
  }
};

template <>
struct action<g::first_require> {
  template <typename ActionInput>
  static bool apply(const ActionInput& in, ParseState& st) {
    if (std::exchange(st.has_require, true)) return false;
    st.rule.require_span = st.span_of(in);
    return true;
  }
};

template <>
struct action<g::require_condition> {
  static void apply0(ParseState& st) {
    st.rule.require = st.pop().expr;
    st.context.last_clause_end = st.rule.require->span.end;
  }
};

template <>
struct action<g::first_report> {
  static bool apply0(ParseState& st) { return !std::exchange(st.has_report, true); }
};

template <>
struct action<g::report_template> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    flush_literal(st);
    st.rule.report = Template{st.span_of(in), std::move(st.parts)};
    st.parts.clear();
    st.context.last_clause_end = st.rule.report->span.end;
  }
};

// Strings and templates: the text accumulates in st.text.

template <>
struct action<g::string_open> {
  static void apply0(ParseState& st) { st.text.clear(); }
};

template <>
struct action<g::string_text> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.text.append(in.begin(), in.end());
  }
};

template <>
struct action<g::template_text> : action<g::string_text> {};

template <>
struct action<g::escape_code> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    switch (in.peek_char()) {
      case 'n':
        st.text += '\n';
        break;
      case 't':
        st.text += '\t';
        break;
      default:  // '"' or '\'
        st.text += in.peek_char();
        break;
    }
  }
};

template <>
struct action<g::template_open> {
  static void apply0(ParseState& st) {
    st.text.clear();
    st.parts.clear();
  }
};

template <>
struct action<g::double_open_brace> {
  static void apply0(ParseState& st) { st.text += '{'; }
};

template <>
struct action<g::double_close_brace> {
  static void apply0(ParseState& st) { st.text += '}'; }
};

template <>
struct action<g::hole_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.context.openers.push_back({st.offset(in.begin()), {}, st.operands.size()});
  }
};

// Runs after the hole's '}' was found, so an unclosed hole is reported before its content.
template <>
struct action<g::template_hole> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    flush_literal(st);
    parse_hole(in.begin() + 1, in.end() - 1, st);
    st.parts.push_back({{}, st.pop().expr});
    st.context.openers.pop_back();
  }
};

// Leaves.

template <>
struct action<g::number_token> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    std::string_view digits = in.string_view();
    const bool percent = digits.back() == '%';
    if (percent) digits.remove_suffix(1);
    Expr& e = st.push(ExprKind::number, st.span_of(in));
    e.number = number_value(digits);
    e.percent = percent;
  }
};

template <>
struct action<g::date_token> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.push(ExprKind::date, st.span_of(in)).text = in.string();
  }
};

template <>
struct action<g::string_expr> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.push(ExprKind::string, st.span_of(in)).text = std::move(st.text);
    st.text.clear();
  }
};

template <>
struct action<g::true_literal> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.push(ExprKind::boolean, st.span_of(in)).boolean = true;
  }
};

template <>
struct action<g::false_literal> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.push(ExprKind::boolean, st.span_of(in)).boolean = false;
  }
};

template <>
struct action<g::variable_name> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.push(ExprKind::variable, st.span_of(in)).text = in.string();
  }
};

// Calls: the variable just pushed names the function; its arguments are the operands pushed
// after the '('.

template <>
struct action<g::call_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.context.openers.push_back({st.offset(in.begin()), st.top().text, st.operands.size()});
  }
};

template <>
struct action<g::distinct_word> {
  static void apply0(ParseState& st) { st.context.openers.back().distinct = true; }
};

// Replaces the function's variable node and the arguments above it by one call node.
template <>
struct action<g::call_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    const bool distinct = st.context.openers.back().distinct;
    std::vector<ParseState::Operand> args = pop_since_opener(st);
    const ParseState::Operand callee = st.pop();
    const Span span{callee.expr->span.begin, st.offset(in.end())};
    Expr& call = st.push(ExprKind::call, span, std::move(args), in.begin());
    call.text = callee.expr->text;
    call.name_span = callee.expr->span;
    call.distinct = distinct;
  }
};

// `x in [a, b]`: the list's '[' is an opener, so its items are the operands pushed after it
// and x is the one below them.

template <>
struct action<g::list_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.context.openers.push_back({st.offset(in.begin()), {}, st.operands.size()});
  }
};

template <>
struct action<g::list_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    const char* const open = st.base + st.context.openers.back().offset;
    std::vector<ParseState::Operand> items = pop_since_opener(st);
    std::vector<ParseState::Operand> args;
    args.push_back(st.pop());
    for (ParseState::Operand& item : items) args.push_back(std::move(item));
    const Span span{args[0].expr->span.begin, st.offset(in.end())};
    st.push(ExprKind::in_list, span, std::move(args), open);
  }
};

// Sub-queries: `some v: kind [where condition]`. The binding is kept on a stack, since the
// condition may hold another sub-query.

template <>
struct action<g::quantifier_word> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.quantifiers.push_back({{}, st.operands.size()});
    st.context.op = in.string();
  }
};

template <>
struct action<g::quantifier_variable> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.quantifiers.back().binding.name = in.string();
    st.quantifiers.back().binding.name_span = st.span_of(in);
    st.context.variable = in.string();
  }
};

template <>
struct action<g::quantifier_kind> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.quantifiers.back().binding.kind = in.string();
    st.quantifiers.back().binding.kind_span = st.span_of(in);
  }
};

// Runs after the condition, if any, was read: it is the one operand pushed since the word.
template <>
struct action<g::quantifier> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    ParseState::OpenQuantifier q = std::move(st.quantifiers.back());
    st.quantifiers.pop_back();
    std::vector<ParseState::Operand> args;
    if (st.operands.size() > q.operands) args.push_back(st.pop());
    const std::uint32_t end = args.empty() ? q.binding.kind_span.end : args[0].expr->span.end;
    Expr& e =
        st.push(ExprKind::quantifier, {st.offset(in.begin()), end}, std::move(args), in.begin());
    e.quantifier = in.peek_char() == 's' ? Quantifier::some : Quantifier::no;
    e.binding = std::move(q.binding);
  }
};

template <>
struct action<g::paren_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.context.openers.push_back({st.offset(in.begin()), {}, st.operands.size()});
  }
};

// A parenthesized expression keeps its own node, widened to cover the parentheses, so that
// `(a + b) * c` spans from '(' to 'c'.
template <>
struct action<g::paren_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.top().span = {st.context.openers.back().offset, st.offset(in.end())};
    st.context.openers.pop_back();
  }
};

// Operators.

template <>
struct action<g::field_name> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    Expr& e = reduce_suffix(st, ExprKind::field, in.begin(), in.end());
    e.text = in.string();
    e.name_span = st.span_of(in);
  }
};

template <>
struct action<g::negative> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    reduce_unary(st, UnaryOp::negate, in.begin());
  }
};

template <>
struct action<g::negation> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    reduce_unary(st, UnaryOp::logical_not, in.begin());
  }
};

// The operator of a comparison, sum or product: remembered for its tail and for messages.
template <>
struct action<g::comparison_operator> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.operators.push_back(binary_op_of(in.string_view()));
    st.context.op = in.string();
  }
};
template <>
struct action<g::additive_operator> : action<g::comparison_operator> {};
template <>
struct action<g::multiplicative_operator> : action<g::comparison_operator> {};

template <>
struct action<g::comparison_tail> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    const BinaryOp op = st.operators.back();
    st.operators.pop_back();
    reduce_binary(st, op, in.begin());
  }
};
template <>
struct action<g::additive_tail> : action<g::comparison_tail> {};
template <>
struct action<g::multiplicative_tail> : action<g::comparison_tail> {};

template <>
struct action<g::and_tail> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    reduce_binary(st, BinaryOp::logical_and, in.begin());
  }
};

template <>
struct action<g::or_tail> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    reduce_binary(st, BinaryOp::logical_or, in.begin());
  }
};

template <>
struct action<g::is_set_word> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    reduce_suffix(st, ExprKind::is_set, in.begin(), in.end());
  }
};

template <>
struct action<g::is_not_set_word> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    reduce_suffix(st, ExprKind::is_set, in.begin(), in.end()).negated = true;
  }
};

// `lhs ~= rhs within tolerance [unit]`: the tolerance is pushed as a number node.

template <>
struct action<g::tolerance_number> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.push(ExprKind::number, st.span_of(in)).number = number_value(in.string_view());
    st.tolerance_unit = ToleranceUnit::absolute;
    st.tolerance_end = st.offset(in.end());
  }
};

template <>
struct action<g::tolerance_percent> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.top().percent = true;
    st.top().span.end = st.offset(in.end());
    st.tolerance_unit = ToleranceUnit::percent;
    st.tolerance_end = st.offset(in.end());
  }
};

template <>
struct action<g::tolerance_days> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.tolerance_unit = ToleranceUnit::days;
    st.tolerance_end = st.offset(in.end());
  }
};

template <>
struct action<g::approx_tail> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    std::vector<ParseState::Operand> args(3);
    for (std::size_t i = 3; i-- > 0;) args[i] = st.pop();  // tolerance, rhs, lhs
    const Span span{args[0].expr->span.begin, st.tolerance_end};
    st.push(ExprKind::approx, span, std::move(args), in.begin()).tolerance_unit = st.tolerance_unit;
  }
};

// A template hole: the expression between the braces, parsed on its own so that it cannot
// run past the closing brace. It leaves its node on the operand stack.
void parse_hole(const char* begin, const char* end, ParseState& st) {
  Input in(begin, end, st.context.source->name().c_str());
  (void)pegtl::parse<g::hole_expression, action, error_control>(in, st);  // raises or matches
}

// ---- Error messages -------------------------------------------------------------------

bool is_word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The code point of the valid UTF-8 sequence at text[at] and its length; length 0 when the
// bytes there are not valid UTF-8 (overlong forms and surrogates included).
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead >= 0xC0 && lead < 0xE0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead < 0xF0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead < 0xF8) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return {0, 0};
  }
  if (text.size() - at < length) return {0, 0};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {cp, length};
}

// What a message says was found at a failing byte, and how many bytes the caret underlines.
struct Found {
  std::string description;
  std::string word;  // when a word was found: for "did you mean"
  std::size_t length = 0;
};

Found describe_found(std::string_view text, std::size_t at) {
  constexpr std::size_t shown = 40;  // longer words are cut in messages
  if (at >= text.size()) return {"the end of the file", {}, 0};
  const char c = text[at];
  if (c == '\n' || c == '\r') return {"the end of the line", {}, 0};
  if (is_word_byte(c)) {
    const bool number = c >= '0' && c <= '9';
    std::size_t end = at;
    while (end < text.size() && (is_word_byte(text[end]) || (number && text[end] == '.'))) ++end;
    const std::string_view word = text.substr(at, end - at);
    const std::string cut =
        word.size() > shown ? std::string(word.substr(0, shown)) + "..." : std::string(word);
    return {"'" + cut + "'", number ? std::string() : std::string(word), end - at};
  }
  for (const std::string_view op : {"==", "!=", "<=", ">=", "~="}) {
    if (text.substr(at, 2) == op) return {"'" + std::string(op) + "'", {}, 2};
  }
  if (c == '\'') return {"\"'\"", {}, 1};
  if (c >= 0x20 && c < 0x7F) return {fmt::format("'{}'", c), {}, 1};
  if (const auto [cp, length] = decode_utf8(text, at); length > 0) {
    return {fmt::format("'{}' (U+{:04X})", text.substr(at, length), static_cast<std::uint32_t>(cp)),
            {},
            length};
  }
  return {fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c)), {}, 1};
}

std::vector<std::string> split_words(std::string_view words) {
  std::vector<std::string> out;
  while (!words.empty()) {
    const std::size_t space = words.find(' ');
    out.emplace_back(words.substr(0, space));
    words.remove_prefix(space == std::string_view::npos ? words.size() : space + 1);
  }
  return out;
}

}  // namespace

[[noreturn]] void throw_syntax_error(const ErrorMessage& message, const ErrorContext& context,
                                     const char* at) {
  const SourceText& src = *context.source;
  const std::string_view text = src.text();
  auto offset = static_cast<std::size_t>(at - text.data());
  const Found found = describe_found(text, offset);
  std::size_t length = found.length;
  // A missing '}' is shown where it belongs, and anything missing at the end of the file right
  // after the last token, rather than on a blank line below it.
  if (message.after_last_clause) {
    offset = context.last_clause_end;
    length = 0;
  } else if (offset >= text.size()) {
    while (offset > 0 && is_blank(text[offset - 1])) --offset;
    length = 0;
  }

  const auto line_col = [&](std::uint32_t o) { return src.line_col(o); };
  const ErrorContext::Opener opener =
      context.openers.empty() ? ErrorContext::Opener{} : context.openers.back();
  std::string out;
  const std::string_view pattern = message.text;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::string_view key = placeholder_at(pattern, i);
    if (key.empty()) {
      out += pattern[i];
      continue;
    }
    if (key == "found") out += found.description;
    if (key == "rule") out += context.rule_id;
    if (key == "rule_line") out += std::to_string(line_col(context.rule_offset).line);
    if (key == "var") out += context.variable;
    if (key == "op") out += context.op;
    if (key == "table") out += context.table;
    if (key == "column") out += context.column;
    if (key == "call") out += opener.call;
    if (key == "open_line") out += std::to_string(line_col(opener.offset).line);
    if (key == "open_col") out += std::to_string(line_col(opener.offset).column);
    i += key.size() + 1;
  }
  if (message.suggestions != nullptr && !found.word.empty()) {
    const auto best = closest_name(found.word, split_words(message.suggestions));
    if (best && *best != found.word) out += fmt::format("; did you mean '{}'?", *best);
  }
  const auto begin = static_cast<std::uint32_t>(offset);
  throw SyntaxError({begin, static_cast<std::uint32_t>(offset + length)}, out);
}

namespace {

// True when the word at text[at] is one that starts a statement: rule, import, table, alias.
bool starts_statement(std::string_view text, std::size_t at) {
  for (const std::string_view keyword : {"rule", "import", "table", "alias"}) {
    const std::size_t end = at + keyword.size();
    if (text.substr(at, keyword.size()) == keyword &&
        (end == text.size() || !is_word_byte(text[end]))) {
      return true;
    }
  }
  return false;
}

// Where to resume after a syntax error at `error` in a statement that started at `start`: the
// first line at or after the error whose first word starts a statement (`rule`, `import`,
// `table`, `alias`), past the failed statement's own first word. The end of the text when
// there is none.
std::size_t resume_offset(std::string_view text, std::size_t error, std::size_t start) {
  const std::size_t before = text.rfind('\n', error == 0 ? 0 : error - 1);
  std::size_t line = error == 0 || before == std::string_view::npos ? 0 : before + 1;
  while (line < text.size()) {
    std::size_t word = line;
    while (word < text.size() && (text[word] == ' ' || text[word] == '\t')) ++word;
    if (word >= error && word > start && starts_statement(text, word)) return word;
    const std::size_t next = text.find('\n', line);
    if (next == std::string_view::npos) break;
    line = next + 1;
  }
  return text.size();
}

}  // namespace

std::string too_many_rules_message() {
  return fmt::format(
      "more than {} rules in one rule set (the limit); split the rules into rule sets that are "
      "checked separately",
      limits::kMaxRules);
}

RuleFile parse_rule_file(const SourceText& src, Diagnostics& diags) {
  RuleFile file;
  const std::string& text = src.text();
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) {
    diags.error(src, {}, "rule file too large (limit is 4 GiB)");
    return file;
  }
  const char* const base = text.data();
  const char* const end = base + text.size();

  // grammar::file, one statement at a time.
  Input padding(base, end, src.name().c_str());
  (void)pegtl::parse<g::skip>(padding);
  const char* at = padding.current();
  while (at != end) {
    ParseState state(src);
    Input in(at, end, src.name().c_str());
    try {
      // must<>: it matches or raises.
      (void)pegtl::parse<pegtl::must<g::statement>, action, error_control>(in, state);
      switch (state.statement) {
        case Statement::rule:
          // Stop reading here: the rest of a file this large would only cost time and memory.
          if (file.rules.size() == limits::kMaxRules) {
            diags.error(src, state.rule.span, too_many_rules_message());
            return file;
          }
          file.rules.push_back(std::move(state.rule));
          break;
        case Statement::import:
          file.imports.push_back(std::move(state.import));
          break;
        case Statement::table:
          file.tables.push_back(std::move(state.table));
          break;
        case Statement::alias:
          file.aliases.push_back(std::move(state.alias));
          break;
      }
      at = in.current();
    } catch (const SyntaxError& e) {
      diags.error(src, e.span(), e.what());
      at = base + resume_offset(text, e.span().begin, static_cast<std::size_t>(at - base));
    }
  }
  return file;
}

bool grammar_is_well_formed() {
  return pegtl::analyze<g::file>(-1) == 0 && pegtl::analyze<g::hole_expression>(-1) == 0;
}

}  // namespace verity::dsl
