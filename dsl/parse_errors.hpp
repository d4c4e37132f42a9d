// Owns every syntax error message of the rule language: one table of error_message<Rule>
// specializations (as PEGTL's src/example/pegtl/json_errors.hpp) and the control that raises
// them, which refuses to compile when a rule that can raise has no message, so users never
// see "parse error matching tao::pegtl::...". Included only by parser.cpp.
//
// Messages may name what the parser knows at the failing point through placeholders, filled
// in by parser.cpp from the ErrorContext its actions keep up to date:
//   {found}      what is at the failing byte: 'requre', '}', the end of the line, byte 0x00
//   {rule}       the id of the rule being parsed       {rule_line}  the line of its 'rule'
//   {var}        the variable of the binding being parsed
//   {op}         the operator just read
//   {call}       the function of the innermost open call
//   {open_line}, {open_col}  where the innermost open '(', '[' or '{' is
//   {table}      the name of the table being declared   {column}  the column being declared
// A '{' not followed by one of these names and '}' is a literal brace.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <tao/pegtl/normal.hpp>

#include "dsl/grammar.hpp"
#include "dsl/source.hpp"

namespace verity::dsl {

struct ErrorMessage {
  const char* text = nullptr;
  // Words to suggest when {found} is a word close to one of them ("did you mean 'require'?"),
  // separated by spaces; null for none.
  const char* suggestions = nullptr;
  // Point at the end of the rule's last clause instead of at what was found: for the missing
  // '}' of a rule, whose place is there rather than at the next rule.
  bool after_last_clause = false;
};

// ---- The table ------------------------------------------------------------------------

template <typename Rule>
inline constexpr ErrorMessage error_message{};

// Top-level statements.
template <>
inline constexpr ErrorMessage error_message<grammar::statement> = {
    .text = "expected 'rule', 'import', 'table' or 'alias', found {found}",
    .suggestions = "rule import table alias"};
template <>
inline constexpr ErrorMessage error_message<grammar::import_path> = {
    .text =
        "expected a file name in double quotes after 'import' (as in 'import \"std/quotes\"'), "
        "found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::table_name> = {
    .text =
        "expected a table name after 'table' (as in 'table officials from \"officials.csv\"'), "
        "found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::table_from> = {
    .text =
        "expected 'from' and a file name after 'table {table}' (as in 'table officials from "
        "\"officials.csv\"'), found {found}",
    .suggestions = "from"};
template <>
inline constexpr ErrorMessage error_message<grammar::table_path> = {
    .text =
        "expected a file name in double quotes after 'from' (as in 'table officials from "
        "\"officials.csv\"'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_column> = {
    .text =
        "expected a column name after '{' in table '{table}' (as in '{ name: text, since: date "
        "}'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::next_column> = {
    .text =
        "expected a column name after ',' in table '{table}' (as in '{ name: text, since: date "
        "}'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::column_colon> = {
    .text =
        "expected ':' and a type after column '{column}' of table '{table}' (as in 'since: "
        "date'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::column_type> = {
    .text = "expected a type after '{column}:' (as in 'since: date'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::columns_close> = {
    .text =
        "expected ',' or '}' to close the columns of table '{table}' (opened at line "
        "{open_line}, column {open_col}), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::alias_first> = {
    .text =
        "expected a name in double quotes after 'alias' (as in 'alias \"Kim Tong-Myong\" = "
        "\"Kim Dong Myung\"'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::alias_equals> = {
    .text =
        "expected '=' and the other spellings after the first name of 'alias' (as in 'alias "
        "\"Kim Tong-Myong\" = \"Kim Dong Myung\"'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::alias_other> = {
    .text =
        "expected a name in double quotes after '=' in 'alias' (as in 'alias \"Kim Tong-Myong\" "
        "= \"Kim Dong Myung\"'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::alias_next> = {
    .text = "expected a name in double quotes after ',' in 'alias', found {found}"};

// Rules and clauses.
template <>
inline constexpr ErrorMessage error_message<grammar::rule_id> = {
    .text = "expected a rule id after 'rule' (as in 'rule quote.speaker'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::rule_open> = {
    .text = "expected '{' or a title in double quotes after rule '{rule}', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::rule_open_after_title> = {
    .text = "expected '{' after the title of rule '{rule}', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::clause> = {
    .text =
        "expected a clause (severity, tags, help, for, let, where, group by, require, report) "
        "or '}' to close rule '{rule}', found {found}",
    .suggestions = "severity tags help for let where group require report"};
template <>
inline constexpr ErrorMessage error_message<grammar::rule_close> = {
    .text = "expected '}' to close rule '{rule}' (opened at line {rule_line})",
    .after_last_clause = true};

template <>
inline constexpr ErrorMessage error_message<grammar::first_severity> = {
    .text = "rule '{rule}' has a second 'severity' clause"};
template <>
inline constexpr ErrorMessage error_message<grammar::severity_level> = {
    .text = "expected a severity level after 'severity' (as in 'severity error'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_for> = {
    .text =
        "rule '{rule}' has a second 'for' clause; bind all variables in one, as in "
        "'for a: figure, b: figure'"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_variable> = {
    .text = "expected a variable after 'for' (as in 'for q: quote'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::next_variable> = {
    .text = "expected a variable after ',' (as in 'for a: figure, b: figure'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::binding_colon> = {
    .text = "expected ':' and a kind after variable '{var}' (as in 'for q: quote'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::binding_kind> = {
    .text = "expected a kind after '{var}:' (as in 'for q: quote'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_tags> = {
    .text =
        "rule '{rule}' has a second 'tags' clause; list all tags in one, as in "
        "'tags quotes, attribution'"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_tag> = {
    .text = "expected a tag after 'tags' (as in 'tags quotes, attribution'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::next_tag> = {
    .text = "expected a tag after ',' (as in 'tags quotes, attribution'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_help> = {
    .text = "rule '{rule}' has a second 'help' clause"};
template <>
inline constexpr ErrorMessage error_message<grammar::help_text> = {
    .text =
        "expected text or a URL in double quotes after 'help' (as in 'help \"Quotes need a "
        "speaker\"'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::let_name> = {
    .text = "expected a name after 'let' (as in 'let gap = a.value - b.value'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::let_equals> = {
    .text = "expected '=' after the name in 'let {var} = EXPR', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::let_value> = {
    .text = "expected an expression after 'let {var} =', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_group> = {
    .text =
        "rule '{rule}' has a second 'group by' clause; list all keys in one, as in "
        "'group by p.key, p.doc'"};
template <>
inline constexpr ErrorMessage error_message<grammar::group_by_word> = {
    .text = "expected 'by' after 'group' (as in 'group by p.key'), found {found}",
    .suggestions = "by"};
template <>
inline constexpr ErrorMessage error_message<grammar::group_key> = {
    .text = "expected an expression after 'group by', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::next_group_key> = {
    .text = "expected an expression after ',' in 'group by', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_where> = {
    .text = "rule '{rule}' has a second 'where' clause; combine conditions with 'and'"};
template <>
inline constexpr ErrorMessage error_message<grammar::where_condition> = {
    .text = "expected an expression after 'where', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_require> = {
    .text = "rule '{rule}' has a second 'require' clause; combine conditions with 'and'"};
template <>
inline constexpr ErrorMessage error_message<grammar::require_condition> = {
    .text = "expected an expression after 'require', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::first_report> = {
    .text = "rule '{rule}' has a second 'report' clause"};
template <>
inline constexpr ErrorMessage error_message<grammar::report_template> = {
    .text =
        "expected a message in double quotes after 'report' (as in 'report \"{q.text} has "
        "no speaker\"'), found {found}"};

// Expressions.
template <>
inline constexpr ErrorMessage error_message<grammar::or_operand> = {
    .text = "expected an expression after 'or', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::and_operand> = {
    .text = "expected an expression after 'and', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::not_operand> = {
    .text = "expected an expression after 'not', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::comparison_operand> = {
    .text = "expected an expression after '{op}', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::approx_operand> = {
    .text = "expected an expression after '~=', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::approx_within> = {
    .text =
        "expected 'within' and a tolerance after the right side of '~=' (as in "
        "'a ~= b within 1%'), found {found}",
    .suggestions = "within"};
template <>
inline constexpr ErrorMessage error_message<grammar::tolerance> = {
    .text =
        "expected a number after 'within' (as in 'within 1%', 'within 0.5' or "
        "'within 2 days'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::is_set_test> = {
    .text = "expected 'set' or 'not set' after 'is', found {found}", .suggestions = "set not"};
template <>
inline constexpr ErrorMessage error_message<grammar::is_not_set_word> = {
    .text = "expected 'set' after 'is not', found {found}", .suggestions = "set"};
template <>
inline constexpr ErrorMessage error_message<grammar::list_open> = {
    .text =
        "expected '[' and a list after 'in' (as in 'f.unit in [\"USD\", \"EUR\"]'), "
        "found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::list_first> = {
    .text = "expected an item or ']' after '[', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::next_item> = {
    .text = "expected an item after ',' in the list, found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::list_close> = {
    .text =
        "expected ',' or ']' to close the list opened at line {open_line}, column {open_col}, "
        "found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::no_not_in> = {
    .text = "there is no 'not in' operator; write 'not (x in [...])'"};
template <>
inline constexpr ErrorMessage error_message<grammar::additive_operand> = {
    .text = "expected an expression after '{op}', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::multiplicative_operand> = {
    .text = "expected an expression after '{op}', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::negative_operand> = {
    .text = "expected an expression after '-', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::field_name> = {
    .text = "expected a field name after '.', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::call_first> = {
    .text = "expected an argument or ')' after '(' in the call to '{call}', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::next_argument> = {
    .text = "expected an argument after ',' in the call to '{call}', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::distinct_argument> = {
    .text = "expected an argument after 'distinct' in the call to '{call}', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::quantifier_variable> = {
    .text = "expected a variable after '{op}' (as in '{op} f: figure where …'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::quantifier_colon> = {
    .text =
        "expected ':' and a kind after '{op} {var}' (as in '{op} f: figure where …'), "
        "found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::quantifier_kind> = {
    .text = "expected a kind after '{op} {var}:' (as in '{op} f: figure where …'), found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::quantifier_condition> = {
    .text = "expected an expression after 'where' in '{op} {var}: …', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::call_close> = {
    .text =
        "expected ',' or ')' to close the call to '{call}' (opened at line {open_line}), "
        "found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::paren_inner> = {
    .text = "expected an expression after '(', found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::paren_close> = {
    .text =
        "expected ')' to close '(' (opened at line {open_line}, column {open_col}), "
        "found {found}"};
static_assert(grammar::max_nesting == 64, "update the message below");
template <>
inline constexpr ErrorMessage error_message<grammar::nested_too_deeply> = {
    .text = "expression nested too deeply (limit is 64)"};
static_assert(grammar::max_expression_depth == 256, "update the message below");
template <>
inline constexpr ErrorMessage error_message<grammar::expression_too_deep> = {
    .text = "expression too long or too deeply nested (limit is 256 operations deep)"};
static_assert(limits::kMaxExpressionNodes == 10'000, "update the message below");
template <>
inline constexpr ErrorMessage error_message<grammar::expression_too_large> = {
    .text =
        "rule too large: more than 10,000 values, names and operators in one statement; "
        "split it into several rules or move long lists into a table"};

// Numbers and strings.
static_assert(grammar::max_digits == 15, "update the message below");
template <>
inline constexpr ErrorMessage error_message<grammar::digits_end> = {
    .text = "number has too many digits (limit is 15 before and 15 after the '.')"};
template <>
inline constexpr ErrorMessage error_message<grammar::escape_code> = {
    .text = "unknown escape in a string: after '\\' write '\"', '\\', 'n' or 't'"};
template <>
inline constexpr ErrorMessage error_message<grammar::string_no_bad_byte> = {
    .text = "unexpected {found} in a string (a string is UTF-8 text on one line)"};
template <>
inline constexpr ErrorMessage error_message<grammar::string_close> = {
    .text = "string not closed: expected '\"' before the end of the line"};

// Report templates.
template <>
inline constexpr ErrorMessage error_message<grammar::no_lone_brace> = {
    .text = "unexpected '}' in the report template; write '}}' for a literal brace"};
template <>
inline constexpr ErrorMessage error_message<grammar::template_no_bad_byte> = {
    .text = "unexpected {found} in the report template (a string is UTF-8 text on one line)"};
template <>
inline constexpr ErrorMessage error_message<grammar::template_close> = {
    .text = "string not closed: expected '\"' before the end of the line"};
template <>
inline constexpr ErrorMessage error_message<grammar::hole_close> = {
    .text =
        "expected '}' to close '{' in the report template (opened at column {open_col}), "
        "found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::hole_content> = {
    .text = "expected an expression inside '{}' in the report template, found {found}"};
template <>
inline constexpr ErrorMessage error_message<grammar::hole_end> = {
    .text =
        "expected an operator or '}' after the expression in the report template, "
        "found {found}"};

// ---- Placeholders ---------------------------------------------------------------------

// The placeholder name starting at text[i] when text[i] is '{' and a known name and '}'
// follow; empty otherwise.
constexpr std::string_view placeholder_at(std::string_view text, std::size_t i) {
  constexpr std::string_view known[] = {"found", "rule",      "rule_line", "var",   "op",
                                        "call",  "open_line", "open_col",  "table", "column"};
  if (i >= text.size() || text[i] != '{') return {};
  const std::size_t close = text.find('}', i + 1);
  if (close == std::string_view::npos) return {};
  const std::string_view key = text.substr(i + 1, close - i - 1);
  for (const std::string_view k : known) {
    if (k == key) return k;
  }
  return {};
}

// True when every '{' directly followed by lowercase letters or '_' and then '}' is a known
// placeholder, so that a misspelt placeholder fails to compile rather than being shown.
constexpr bool placeholders_are_known(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    std::size_t j = i + 1;
    while (j < text.size() && ((text[j] >= 'a' && text[j] <= 'z') || text[j] == '_')) ++j;
    if (j > i + 1 && j < text.size() && text[j] == '}' && placeholder_at(text, i).empty()) {
      return false;
    }
  }
  return true;
}

// ---- Raising --------------------------------------------------------------------------

// What messages can mention, kept up to date by the parser's actions.
struct ErrorContext {
  // An open '(', '[', template '{' or '{' of table columns: where it is, the function it calls
  // (empty but for a call), how many operands the parser held when it opened, and whether
  // `distinct` was written after a call's '('.
  struct Opener {
    std::uint32_t offset = 0;
    std::string call;
    std::size_t operands = 0;
    bool distinct = false;
  };

  const SourceText* source = nullptr;
  std::string rule_id;
  std::uint32_t rule_offset = 0;      // the 'rule' keyword
  std::uint32_t last_clause_end = 0;  // the end of the rule's '{' or of its last clause
  std::string variable;               // of a `for` binding, a `let` or a sub-query
  std::string op;                     // an operator, or the `some`/`no` of a sub-query
  std::string table;
  std::string column;
  std::vector<Opener> openers;
};

// A syntax error located in the rule file; parse_rule_file turns it into a diagnostic.
class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(Span span, const std::string& message) : std::runtime_error(message), span_(span) {}
  Span span() const { return span_; }

 private:
  Span span_;
};

// Builds the message for a failure at `at` (a byte of context.source) and throws SyntaxError.
// Defined in parser.cpp.
[[noreturn]] void throw_syntax_error(const ErrorMessage& message, const ErrorContext& context,
                                     const char* at);

// Raises the error of Rule at `at`. The parse state must have an ErrorContext member named
// `context`.
template <typename Rule, typename State>
[[noreturn]] void raise_at(const char* at, const State& state) {
  static_assert(error_message<Rule>.text != nullptr,
                "this rule can raise: give it an error_message in dsl/parse_errors.hpp");
  static_assert(placeholders_are_known(error_message<Rule>.text),
                "unknown {placeholder} in this rule's error_message");
  throw_syntax_error(error_message<Rule>, state.context, at);
}

// The PEGTL control of the rule parser: as must_if<>, a rule raises only through its table
// entry, and a rule without one fails to compile as soon as something can raise it.
template <typename Rule>
struct error_control : tao::pegtl::normal<Rule> {
  template <typename ParseInput, typename State>
  [[noreturn]] static void raise(const ParseInput& in, State& state) {
    raise_at<Rule>(in.current(), state);
  }
};

}  // namespace verity::dsl
