// Owns the grammar of the rule language, written against PEGTL 3.2 (one rule per line, as
// PEGTL's contrib/json.hpp). Included only by .cpp files in dsl/: no PEGTL type leaves dsl/.
// The actions that build the AST are in parser.cpp; every error message is in
// parse_errors.hpp.
//
//   file           = skip statement* eof
//   statement      = import | table | alias | rule_item           (in any order)
//   import         = 'import' string
//   table          = 'table' name 'from' string ['{' column (',' column)* '}']
//   column         = identifier ':' name                            (column ':' type)
//   alias          = 'alias' string '=' string (',' string)*
//   rule_item      = 'rule' rule_id [string] '{' clause* '}'
//   rule_id        = [A-Za-z_][A-Za-z0-9_.-]*
//   clause         = 'severity' name | 'for' binding (',' binding)* | 'where' expression
//                  | 'require' expression | 'report' template | 'tags' tag (',' tag)*
//                  | 'help' string | 'group' 'by' expression (',' expression)*
//                                                                   (each at most once)
//                  | 'let' name '=' expression                     (any number)
//   tag            = as rule_id, and not a clause keyword
//   binding        = name ':' name                                  (variable ':' kind)
//   expression     = and_expr ('or' and_expr)*
//   and_expr       = not_expr ('and' not_expr)*
//   not_expr       = 'not' not_expr | comparison
//   comparison     = additive [ ('=='|'!='|'<='|'>='|'<'|'>') additive
//                             | '~=' additive 'within' number ['%' | 'days' | 'day']
//                             | 'is' ['not'] 'set'
//                             | 'in' '[' [expression (',' expression)*] ']' ]
//   additive       = multiplicative (('+'|'-') multiplicative)*
//   multiplicative = unary (('*'|'/') unary)*
//   unary          = '-' unary | quantifier | primary ('.' identifier)*
//   quantifier     = ('some' | 'no') name ':' name ['where' expression]
//   primary        = date | number ['%'] | string | 'true' | 'false'
//                  | name ['(' [['distinct'] args] ')'] | '(' expression ')'
//   date           = digit{4} '-' digit{2} '-' digit{2}, not followed by a letter, digit or '_'
//   number         = digits ['.' digits]           (at most 15 digits on each side)
//   string         = '"' (UTF-8 text | \" | \\ | \n | \t)* '"'    (on one line)
//   template       = a string whose text may hold {expression} holes; {{ and }} are braces
//
// How it departs from the sketch in design/verity.md: keywords are reserved words that never
// match the prefix of a longer word (`format` is a name, `order` is not `or`, `nobody` is not
// `no`); after '.' any identifier is a field name, keywords included, and so is a table's column
// name. `by` is a keyword only after `group`, and `days`/`day` only after a `within` number. A
// template hole is parsed by its own small grammar (`hole_expression`) over the bytes between the
// braces, so an expression in a template can never run past the end of its line; a hole cannot
// hold a string literal.
//
// Sub-queries: a quantifier (`some f: figure where c`, `no f: figure where c`) is an operand, as
// a primary is, but takes no field access; its condition after `where` extends as far right as
// an expression can, so `some f: figure where f.unit == "USD" and x` puts `and x` inside the
// condition; `(some f: figure where f.unit == "USD") and x` stops it earlier. A `where` right
// after `some v: kind` always belongs to the sub-query, even on the next line: a rule whose
// `require` ends with a quantifier without `where` writes its own `where` clause before it.
// `in` is a comparison operator (`a + 1 in [2, 3]` is `(a + 1) in [2, 3]`); there is no
// `not in`: `x not in [...]` is an error that suggests `not (x in [...])`. A date literal
// `2024-01-29` is exactly 4 digits, '-', 2 digits, '-', 2 digits, not followed by a letter, digit
// or '_': `2024 - 1` and `2024-1-29` are subtractions.
//
// Padding convention: `skip` (blanks, line breaks, `#` comments) comes *after* each token,
// never before, and each composite rule ends with the padding after its last token. So every
// rule starts at a non-blank byte: `in.begin()` in an action is where a construct starts, and
// a failing must<> reports the first byte of what was found. Tokens whose actions record spans
// are matched without their padding so that spans end at their last byte.
//
// Errors: every point where input is rejected is a named wrapper rule under must<> (the rules
// marked "error:" below); its message is in parse_errors.hpp, which refuses to compile when
// one is missing. Commits happen right after the token that decides an alternative.
#pragma once

#include <cstddef>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include "dsl/limits.hpp"

namespace verity::dsl::grammar {

using namespace tao::pegtl;  // this header is the grammar and nothing else

// The deepest nesting of parentheses, call arguments, `not` and unary `-` a rule may use.
inline constexpr std::size_t max_nesting = limits::kMaxNesting;
// The deepest AST an expression may build (a leaf is 1 deep), so that the passes that walk it
// recursively (checker, planner, evaluator, destructors) stay well inside the stack.
inline constexpr std::size_t max_expression_depth = limits::kMaxExpressionDepth;
// Digits allowed before and after the decimal point: what a double holds exactly.
inline constexpr unsigned max_digits = 15;

// clang-format off

// ---- Padding --------------------------------------------------------------------------

struct comment : seq<one<'#'>, until<eolf>> {};
struct skip : star<sor<space, comment>> {};

// ---- Words ----------------------------------------------------------------------------

struct kw_rule : TAO_PEGTL_KEYWORD("rule") {};
struct kw_severity : TAO_PEGTL_KEYWORD("severity") {};
struct kw_for : TAO_PEGTL_KEYWORD("for") {};
struct kw_where : TAO_PEGTL_KEYWORD("where") {};
struct kw_require : TAO_PEGTL_KEYWORD("require") {};
struct kw_report : TAO_PEGTL_KEYWORD("report") {};
struct kw_and : TAO_PEGTL_KEYWORD("and") {};
struct kw_or : TAO_PEGTL_KEYWORD("or") {};
struct kw_not : TAO_PEGTL_KEYWORD("not") {};
struct kw_is : TAO_PEGTL_KEYWORD("is") {};
struct kw_set : TAO_PEGTL_KEYWORD("set") {};
struct kw_within : TAO_PEGTL_KEYWORD("within") {};
struct kw_true : TAO_PEGTL_KEYWORD("true") {};
struct kw_false : TAO_PEGTL_KEYWORD("false") {};
struct kw_import : TAO_PEGTL_KEYWORD("import") {};
struct kw_table : TAO_PEGTL_KEYWORD("table") {};
struct kw_from : TAO_PEGTL_KEYWORD("from") {};
struct kw_alias : TAO_PEGTL_KEYWORD("alias") {};
struct kw_tags : TAO_PEGTL_KEYWORD("tags") {};
struct kw_help : TAO_PEGTL_KEYWORD("help") {};
struct kw_let : TAO_PEGTL_KEYWORD("let") {};
struct kw_group : TAO_PEGTL_KEYWORD("group") {};
struct kw_some : TAO_PEGTL_KEYWORD("some") {};
struct kw_no : TAO_PEGTL_KEYWORD("no") {};
struct kw_in : TAO_PEGTL_KEYWORD("in") {};
struct kw_distinct : TAO_PEGTL_KEYWORD("distinct") {};
struct statement_word : sor<kw_rule, kw_import, kw_table, kw_alias> {};
struct clause_word : sor<kw_severity, kw_for, kw_where, kw_require, kw_report, kw_tags, kw_help, kw_let, kw_group> {};
struct operator_word : sor<kw_and, kw_or, kw_not, kw_is, kw_set, kw_within, kw_in, kw_some, kw_no, kw_distinct> {};
struct reserved : sor<statement_word, kw_from, clause_word, operator_word, kw_true, kw_false> {};

// A variable, kind, function or severity level: any identifier that is not reserved.
struct name : seq<not_at<reserved>, identifier> {};
// `days` and `day` are units only after a `within` number; they are not reserved.
struct unit_days : sor<TAO_PEGTL_KEYWORD("days"), TAO_PEGTL_KEYWORD("day")> {};
// `by` is a keyword only after `group`; it is not reserved.
struct kw_by : TAO_PEGTL_KEYWORD("by") {};
// A rule id or a tag: letters, digits, '_', '.' and '-', not starting with a digit, '.' or '-'.
struct dotted_word : seq<identifier_first, star<sor<identifier_other, one<'.', '-'>>>> {};
// A single '=', not the start of '=='. The check comes first: under must<> a failing rule is
// not rewound, and the error must point at the '==' rather than after its first '='.
struct single_equals : seq<not_at<string<'=', '='>>, one<'='>> {};

// ---- Numbers --------------------------------------------------------------------------

struct digits_end : not_at<digit> {};  // error: too many digits
struct digit_run : seq<digit, rep_opt<max_digits - 1, digit>, must<digits_end>> {};
struct fraction : seq<one<'.'>, digit_run> {};
struct number_literal : seq<digit_run, opt<fraction>> {};
struct percent_sign : one<'%'> {};
// YYYY-MM-DD and not the start of a longer word or number; the checker checks the day exists.
struct date_literal : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<identifier_other>> {};

// ---- Strings --------------------------------------------------------------------------

// One character that stands for itself: valid UTF-8, not '"', '\' or a control character
// other than tab.
struct string_char : utf8::ranges<0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x80, 0x10FFFF, 0x09> {};
struct string_text : plus<string_char> {};
struct escape_code : one<'"', '\\', 'n', 't'> {};  // error: unknown escape
struct string_escape : seq<one<'\\'>, must<escape_code>> {};
// What stops a string early and is not its end: an invalid byte or a control character.
struct string_bad_byte : seq<not_at<one<'"', '\n', '\r'>>, any> {};
struct string_open : one<'"'> {};
struct string_no_bad_byte : not_at<string_bad_byte> {};  // error: bad byte in a string
struct string_close : one<'"'> {};                        // error: string not closed
struct string_body : star<sor<string_text, string_escape>> {};
struct string_literal : seq<string_open, string_body, must<string_no_bad_byte, string_close>> {};

// ---- Report templates -----------------------------------------------------------------

// As string_char, and not a brace: braces are doubled or open a hole.
struct template_char : seq<not_at<one<'{', '}'>>, string_char> {};
struct template_text : plus<template_char> {};
struct double_open_brace : string<'{', '{'> {};   // a literal '{'
struct double_close_brace : string<'}', '}'> {};  // a literal '}'
struct escaped_brace : sor<double_open_brace, double_close_brace> {};
// A hole's text is only delimited here; the action of template_hole parses it with
// hole_expression (below), so that an expression in a hole ends at the hole's '}'.
struct hole_open : one<'{'> {};
struct hole_text : star<not_one<'}', '"', '\n', '\r'>> {};
struct hole_close : one<'}'> {};  // error: hole not closed
struct template_hole : seq<hole_open, hole_text, must<hole_close>> {};
struct template_piece : sor<template_text, string_escape, escaped_brace, template_hole> {};
struct template_open : one<'"'> {};
struct template_body : star<template_piece> {};
struct no_lone_brace : not_at<one<'}'>> {};                // error: a lone '}'
struct template_no_bad_byte : not_at<string_bad_byte> {};  // error: bad byte in a template
struct template_close : one<'"'> {};                       // error: template not closed
struct template_end : must<no_lone_brace, template_no_bad_byte, template_close> {};
struct template_literal : seq<template_open, template_body, template_end> {};

// ---- Nesting limit --------------------------------------------------------------------

// Raised (never matched) when an expression nests deeper than max_nesting.
struct nested_too_deeply : failure {};  // error: nested too deeply
// Raised by parser.cpp's actions (never matched) when the AST of an expression would get
// deeper than max_expression_depth: a long chain such as `a + a + ... + a` is no nesting for
// the grammar, but it is for every pass that walks the tree recursively.
struct expression_too_deep : failure {};  // error: AST too deep
// Raised by parser.cpp's actions (never matched) when one statement would hold more than
// limits::kMaxExpressionNodes expression nodes (a flat list is no depth, but it is size).
struct expression_too_large : failure {};  // error: too many nodes

// clang-format on

// Matches Rule one nesting level deeper. Levels are counted on the input's depth counter, the
// one PEGTL's contrib/limit_depth.hpp uses, so each parse (and each template hole) starts at
// zero; past max_nesting it raises nested_too_deeply, so that the message comes from the
// table and a hostile file fails cleanly instead of overflowing the stack.
template <typename Rule>
struct deeper {
  using rule_t = deeper;
  using subs_t = type_list<Rule>;

  template <apply_mode A, rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
    struct level {
      std::size_t& depth;
      explicit level(std::size_t& d) : depth(++d) {}
      ~level() { --depth; }
      level(const level&) = delete;
      level& operator=(const level&) = delete;
    };
    const level here(in.private_depth);
    if (in.private_depth > max_nesting) Control<nested_too_deeply>::raise(in, st...);
    return Control<Rule>::template match<A, M, Action, Control>(in, st...);
  }
};

// clang-format off

// ---- Expressions ----------------------------------------------------------------------

struct expression;
struct not_expr;
struct unary;

// primary = date | number ['%'] | string | 'true' | 'false' | name ['(' [['distinct'] args] ')']
//         | '(' expression ')'
struct date_token : date_literal {};
struct number_token : seq<number_literal, opt<percent_sign>> {};
struct string_expr : string_literal {};
struct true_literal : kw_true {};
struct false_literal : kw_false {};
struct literal : sor<date_token, number_token, string_expr, true_literal, false_literal> {};
struct variable_name : name {};
struct call_open : one<'('> {};
struct argument : deeper<expression> {};
struct distinct_word : kw_distinct {};
struct distinct_argument : deeper<expression> {};  // error: argument after 'distinct'
struct distinct_arguments : seq<distinct_word, skip, must<distinct_argument>> {};
// error: argument or ')' after '('
struct call_first : sor<at<one<')'>>, distinct_arguments, argument> {};
struct next_argument : deeper<expression> {};        // error: argument after ','
struct more_arguments : star<one<','>, skip, must<next_argument>> {};
struct call_close : one<')'> {};  // error: call not closed
struct call_arguments : seq<call_open, skip, must<call_first>, more_arguments, must<call_close>> {};
struct variable_or_call : seq<variable_name, skip, opt<call_arguments, skip>> {};
struct paren_open : one<'('> {};
struct paren_inner : deeper<expression> {};  // error: expression after '('
struct paren_close : one<')'> {};            // error: parenthesis not closed
struct parenthesized : seq<paren_open, skip, must<paren_inner, paren_close>> {};
struct primary : sor<seq<literal, skip>, variable_or_call, seq<parenthesized, skip>> {};

// quantifier = ('some' | 'no') name ':' name ['where' expression]
struct quantifier_word : sor<kw_some, kw_no> {};
struct quantifier_variable : name {};                 // error: variable after 'some'
struct quantifier_colon : one<':'> {};                // error: ':' after 'some v'
struct quantifier_kind : name {};                     // error: kind after 'some v:'
struct quantifier_where : kw_where {};
struct quantifier_condition : deeper<expression> {};  // error: expression after 'where'
struct quantifier_filter : seq<quantifier_where, skip, must<quantifier_condition>> {};
struct quantifier_binding : seq<must<quantifier_variable>, skip, must<quantifier_colon>, skip, must<quantifier_kind>, skip> {};
struct quantifier : seq<quantifier_word, skip, quantifier_binding, opt<quantifier_filter>> {};

// unary = '-' unary | quantifier | primary ('.' identifier)*
struct field_name : identifier {};  // error: field name after '.'
struct field_access : seq<one<'.'>, skip, must<field_name>, skip> {};
struct postfix : seq<primary, star<field_access>> {};
struct minus_sign : one<'-'> {};
struct negative_operand : deeper<unary> {};  // error: expression after '-'
struct negative : seq<minus_sign, skip, must<negative_operand>> {};
struct unary : sor<negative, quantifier, postfix> {};

// multiplicative = unary (('*'|'/') unary)*
struct multiplicative_operator : one<'*', '/'> {};
struct multiplicative_operand : unary {};  // error: expression after '*' or '/'
struct multiplicative_tail : seq<multiplicative_operator, skip, must<multiplicative_operand>> {};
struct multiplicative : seq<unary, star<multiplicative_tail>> {};

// additive = multiplicative (('+'|'-') multiplicative)*
struct additive_operator : one<'+', '-'> {};
struct additive_operand : multiplicative {};  // error: expression after '+' or '-'
struct additive_tail : seq<additive_operator, skip, must<additive_operand>> {};
struct additive : seq<multiplicative, star<additive_tail>> {};

// comparison = additive [ op additive | '~=' additive 'within' tolerance | 'is' ['not'] 'set' ]
struct comparison_operator : sor<seq<one<'=', '!', '<', '>'>, one<'='>>, one<'<', '>'>> {};
struct comparison_operand : additive {};  // error: expression after a comparison operator
struct comparison_tail : seq<comparison_operator, skip, must<comparison_operand>> {};
// tolerance = number ['%' | 'days' | 'day']
struct tolerance_number : number_literal {};
struct tolerance_percent : percent_sign {};
struct tolerance_days : unit_days {};
struct tolerance_unit : if_then_else<tolerance_percent, skip, seq<skip, opt<tolerance_days>, skip>> {};
struct tolerance : seq<tolerance_number, tolerance_unit> {};  // error: number after 'within'
struct approx_operator : string<'~', '='> {};
struct approx_operand : additive {};  // error: expression after '~='
struct approx_within : kw_within {};  // error: 'within' after '~= b'
struct approx_rest : seq<must<approx_operand, approx_within>, skip, must<tolerance>> {};
struct approx_tail : seq<approx_operator, skip, approx_rest> {};
struct is_set_word : kw_set {};
struct is_not_set_word : kw_set {};  // error: 'set' after 'is not'
struct is_not_set : seq<kw_not, skip, must<is_not_set_word>, skip> {};
// error: 'set' or 'not set' after 'is'
struct is_set_test : sor<is_not_set, seq<is_set_word, skip>> {};
struct is_set_tail : seq<kw_is, skip, must<is_set_test>> {};
// 'in' '[' [expression (',' expression)*] ']'
struct list_open : one<'['> {};                       // error: '[' after 'in'
struct list_item : deeper<expression> {};
struct list_first : sor<at<one<']'>>, list_item> {};  // error: item or ']' after '['
struct next_item : deeper<expression> {};             // error: item after ','
struct more_items : star<one<','>, skip, must<next_item>> {};
struct list_close : one<']'> {};                      // error: list not closed
struct in_tail : seq<kw_in, skip, must<list_open>, skip, must<list_first>, more_items, must<list_close>, skip> {};
// `x not in [...]`: raised (never matched) to suggest `not (x in [...])`.
struct no_not_in : failure {};  // error: 'not in'
struct not_in_tail : seq<at<kw_not, skip, kw_in>, must<no_not_in>> {};
struct comparison : seq<additive, opt<sor<comparison_tail, approx_tail, is_set_tail, in_tail, not_in_tail>>> {};

// not_expr = 'not' not_expr | comparison
struct not_operand : deeper<not_expr> {};  // error: expression after 'not'
struct negation : seq<kw_not, skip, must<not_operand>> {};
struct not_expr : sor<negation, comparison> {};

// and_expr = not_expr ('and' not_expr)*
struct and_operand : not_expr {};  // error: expression after 'and'
struct and_tail : seq<kw_and, skip, must<and_operand>> {};
struct and_expr : seq<not_expr, star<and_tail>> {};

// expression = and_expr ('or' and_expr)*
struct or_operand : and_expr {};  // error: expression after 'or'
struct or_tail : seq<kw_or, skip, must<or_operand>> {};
struct expression : seq<and_expr, star<or_tail>> {};

// The grammar of a template hole, run over the bytes between '{' and '}'.
struct hole_content : expression {};  // error: expression inside '{}'
struct hole_end : eof {};             // error: more after the expression
struct hole_expression : seq<skip, must<hole_content, hole_end>> {};

// ---- Clauses --------------------------------------------------------------------------
// Each clause is decided by its keyword (at<>), then the keyword is matched again as
// first_<clause>, whose action fails it when the rule already has that clause: the error then
// points at the second keyword.

// 'severity' name
struct first_severity : kw_severity {};  // error: second severity clause
struct severity_level : name {};         // error: level after 'severity'
struct severity_clause : seq<at<kw_severity>, must<first_severity>, skip, must<severity_level>, skip> {};

// 'for' binding (',' binding)*    binding = name ':' name
struct first_for : kw_for {};        // error: second for clause
struct first_variable : name {};     // error: variable after 'for'
struct next_variable : name {};      // error: variable after ','
struct binding_colon : one<':'> {};  // error: ':' after the variable
struct binding_kind : name {};       // error: kind after ':'
struct binding_rest : seq<must<binding_colon>, skip, must<binding_kind>, skip> {};
struct more_bindings : star<one<','>, skip, must<next_variable>, skip, binding_rest> {};
struct bindings : seq<must<first_variable>, skip, binding_rest, more_bindings> {};
struct for_clause : seq<at<kw_for>, must<first_for>, skip, bindings> {};

// 'where' expression
struct first_where : kw_where {};        // error: second where clause
struct where_condition : expression {};  // error: expression after 'where'
struct where_clause : seq<at<kw_where>, must<first_where>, skip, must<where_condition>> {};

// 'require' expression
struct first_require : kw_require {};      // error: second require clause
struct require_condition : expression {};  // error: expression after 'require'
struct require_clause : seq<at<kw_require>, must<first_require>, skip, must<require_condition>> {};

// 'report' template
struct first_report : kw_report {};            // error: second report clause
struct report_template : template_literal {};  // error: template after 'report'
struct report_clause : seq<at<kw_report>, must<first_report>, skip, must<report_template>, skip> {};

// 'tags' tag (',' tag)*    tag = a rule id that is not a clause keyword
struct first_tags : kw_tags {};  // error: second tags clause
struct tag : seq<not_at<clause_word, not_at<one<'.', '-'>>>, dotted_word> {};
struct first_tag : tag {};  // error: tag after 'tags'
struct next_tag : tag {};   // error: tag after ','
struct more_tags : star<one<','>, skip, must<next_tag>, skip> {};
struct tags_clause : seq<at<kw_tags>, must<first_tags>, skip, must<first_tag>, skip, more_tags> {};

// 'help' string
struct first_help : kw_help {};        // error: second help clause
struct help_text : string_literal {};  // error: string after 'help'
struct help_clause : seq<at<kw_help>, must<first_help>, skip, must<help_text>, skip> {};

// 'let' name '=' expression
struct let_keyword : kw_let {};
struct let_name : name {};             // error: name after 'let'
struct let_equals : single_equals {};  // error: '=' after the name
struct let_value : expression {};      // error: expression after '='
struct let_clause : seq<let_keyword, skip, must<let_name>, skip, must<let_equals>, skip, must<let_value>> {};

// 'group' 'by' expression (',' expression)*
struct first_group : kw_group {};       // error: second group by clause
struct group_by_word : kw_by {};        // error: 'by' after 'group'
struct group_key : expression {};       // error: expression after 'group by'
struct next_group_key : expression {};  // error: expression after ','
struct more_group_keys : star<one<','>, skip, must<next_group_key>> {};
struct group_clause : seq<at<kw_group>, must<first_group>, skip, must<group_by_word>, skip, must<group_key>, more_group_keys> {};

// error: not a clause
struct clause : sor<severity_clause, for_clause, where_clause, require_clause, report_clause, tags_clause, help_clause, let_clause, group_clause> {};

// ---- Rules and the file ---------------------------------------------------------------

// rule_item = 'rule' rule_id [string] '{' clause* '}'
struct rule_keyword : kw_rule {};
struct rule_id : dotted_word {};  // error: id after 'rule'
struct rule_title : string_literal {};
struct rule_open : one<'{'> {};              // error: '{' or a title after the id
struct rule_open_after_title : one<'{'> {};  // error: '{' after the title
struct titled_header : seq<rule_title, skip, must<rule_open_after_title>, skip> {};
struct rule_header_end : if_then_else<at<one<'"'>>, titled_header, seq<must<rule_open>, skip>> {};
struct rule_close : one<'}'> {};  // error: rule not closed
// Where the clauses of a rule stop: its '}', or a sign that the '}' was forgotten.
struct rule_body_end : sor<one<'}'>, statement_word, eof> {};
struct rule_body : seq<star<not_at<rule_body_end>, must<clause>>, must<rule_close>, skip> {};
struct rule_header : seq<must<rule_id>, skip, rule_header_end> {};
struct rule_item : seq<rule_keyword, skip, rule_header, rule_body> {};

// import = 'import' string
struct import_keyword : kw_import {};
struct import_path : string_literal {};  // error: file name after 'import'
struct import_item : seq<import_keyword, skip, must<import_path>, skip> {};

// table = 'table' name 'from' string ['{' column (',' column)* '}']    column = identifier ':' name
struct table_keyword : kw_table {};
struct table_name : name {};            // error: name after 'table'
struct table_from : kw_from {};         // error: 'from' after the table name
struct table_path : string_literal {};  // error: file name after 'from'
struct columns_open : one<'{'> {};
struct first_column : identifier {};  // error: column after '{'
struct next_column : identifier {};   // error: column after ','
struct column_colon : one<':'> {};    // error: ':' after the column
struct column_type : name {};         // error: type after ':'
struct column_rest : seq<must<column_colon>, skip, must<column_type>, skip> {};
struct more_columns : star<one<','>, skip, must<next_column>, skip, column_rest> {};
struct columns_close : one<'}'> {};  // error: columns not closed
struct table_columns : seq<columns_open, skip, must<first_column>, skip, column_rest, more_columns, must<columns_close>, skip> {};
struct table_item : seq<table_keyword, skip, must<table_name>, skip, must<table_from>, skip, must<table_path>, skip, opt<table_columns>> {};

// alias = 'alias' string '=' string (',' string)*
struct alias_keyword : kw_alias {};
struct alias_first : string_literal {};  // error: name after 'alias'
struct alias_equals : single_equals {};  // error: '=' after the first name
struct alias_other : string_literal {};  // error: name after '='
struct alias_next : string_literal {};   // error: name after ','
struct more_aliases : star<one<','>, skip, must<alias_next>, skip> {};
struct alias_item : seq<alias_keyword, skip, must<alias_first>, skip, must<alias_equals>, skip, must<alias_other>, skip, more_aliases> {};

// error: not a statement
struct statement : sor<import_item, table_item, alias_item, rule_item> {};

// parser.cpp runs this one statement at a time, so that it can resume at the next statement
// after an error.
struct file : seq<skip, until<eof, must<statement>>> {};

// clang-format on

}  // namespace verity::dsl::grammar

// deeper<Rule> consumes exactly what Rule consumes.
template <typename Name, typename Rule>
struct tao::pegtl::analyze_traits<Name, verity::dsl::grammar::deeper<Rule>>
    : analyze_traits<Name, typename seq<Rule>::rule_t> {};
