// Tests of the rule-language parser (dsl/parser.hpp): the AST it builds, operator precedence,
// keyword boundaries, the exact text of its syntax errors, recovery after errors, and its
// behaviour on hostile input (deep nesting, garbage bytes).
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dsl/parser.hpp"

namespace verity::dsl {
namespace {

// A parsed text with its source kept alive for the diagnostics that point into it.
struct Parsed {
  std::unique_ptr<SourceText> src;
  Diagnostics diags;
  RuleFile file;

  std::string rendered() const { return render(diags); }
  std::string text_of(Span span) const {
    return src->text().substr(span.begin, span.end - span.begin);
  }
  // The first line of the first diagnostic: `file:line:col: error: message`.
  std::string first_error() const {
    if (diags.items().empty()) return "(no error)";
    const std::string out = render(diags.items().front());
    return out.substr(0, out.find('\n'));
  }
};

Parsed parse(std::string text) {
  Parsed p;
  p.src = std::make_unique<SourceText>("t.rules", std::move(text));
  p.file = parse_rule_file(*p.src, p.diags);
  return p;
}

// The text of a rule with one require clause, for expression tests.
std::string rule_requiring(const std::string& expr) {
  return "rule r {\n  require " + expr + "\n}\n";
}

const char* binary_name(BinaryOp op) {
  switch (op) {
    case BinaryOp::logical_and:
      return "and";
    case BinaryOp::logical_or:
      return "or";
    case BinaryOp::eq:
      return "==";
    case BinaryOp::ne:
      return "!=";
    case BinaryOp::lt:
      return "<";
    case BinaryOp::le:
      return "<=";
    case BinaryOp::gt:
      return ">";
    case BinaryOp::ge:
      return ">=";
    case BinaryOp::add:
      return "+";
    case BinaryOp::sub:
      return "-";
    case BinaryOp::mul:
      return "*";
    case BinaryOp::div:
      return "/";
  }
  return "?";
}

const char* unit_name(ToleranceUnit unit) {
  switch (unit) {
    case ToleranceUnit::absolute:
      return "absolute";
    case ToleranceUnit::percent:
      return "percent";
    case ToleranceUnit::days:
      return "days";
  }
  return "?";
}

// The shape of an expression as an S-expression: (op args...), leaves as written.
std::string sexpr(const Expr& e) {
  const auto arg = [&](std::size_t i) { return sexpr(*e.args.at(i)); };
  switch (e.kind) {
    case ExprKind::number:
      return fmt::format("{}{}", e.number, e.percent ? "%" : "");
    case ExprKind::string:
      return "\"" + e.text + "\"";
    case ExprKind::boolean:
      return e.boolean ? "true" : "false";
    case ExprKind::variable:
      return e.text;
    case ExprKind::field:
      return "(. " + arg(0) + " " + e.text + ")";
    case ExprKind::call: {
      std::string out = "(call " + e.text + (e.distinct ? " distinct" : "");
      for (const auto& a : e.args) out += " " + sexpr(*a);
      return out + ")";
    }
    case ExprKind::unary:
      return std::string(e.unary_op == UnaryOp::logical_not ? "(not " : "(neg ") + arg(0) + ")";
    case ExprKind::binary:
      return fmt::format("({} {} {})", binary_name(e.binary_op), arg(0), arg(1));
    case ExprKind::approx:
      return fmt::format("(~= {} {} {} {})", arg(0), arg(1), arg(2), unit_name(e.tolerance_unit));
    case ExprKind::is_set:
      return std::string(e.negated ? "(not-set? " : "(set? ") + arg(0) + ")";
    case ExprKind::date:
      return "#" + e.text;
    case ExprKind::in_list: {
      std::string out = "(in " + arg(0);
      for (std::size_t i = 1; i < e.args.size(); ++i) out += " " + arg(i);
      return out + ")";
    }
    case ExprKind::quantifier: {
      std::string out = fmt::format("({} {}: {}", e.quantifier == Quantifier::some ? "some" : "no",
                                    e.binding.name, e.binding.kind);
      if (!e.args.empty()) out += " " + arg(0);
      return out + ")";
    }
  }
  return "?";
}

// The S-expression of the require clause of the only rule of `text`.
std::string require_of(const std::string& text) {
  const Parsed p = parse(text);
  if (p.diags.has_errors()) return "error: " + p.rendered();
  if (p.file.rules.size() != 1 || !p.file.rules[0].require) return "(no require)";
  return sexpr(*p.file.rules[0].require);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every diagnostic lies inside the text, and rendering it works.
void check_diagnostics_in_bounds(const Parsed& p) {
  for (const auto& d : p.diags.items()) {
    CHECK(d.span.begin <= d.span.end);
    CHECK(d.span.end <= p.src->text().size());
    CHECK_FALSE(d.message.empty());
    CHECK_THAT(d.message, !Catch::Contains("tao::pegtl"));
  }
  CHECK_NOTHROW(p.rendered());
}

}  // namespace

TEST_CASE("the rule grammar has no rule that loops without consuming input", "[parser]") {
  CHECK(grammar_is_well_formed());
}

TEST_CASE("a rule file with every construct builds the expected AST", "[parser]") {
  const Parsed p = parse(
      "# Two rules that use every construct.\n"
      "rule quote.speaker \"Each quote needs an attributed speaker\" {\n"
      "  severity error\n"
      "  for q: quote\n"
      "  require q.speaker is set\n"
      "  report \"quote “{q.text}” has no attributed speaker\"\n"
      "}\n"
      "\n"
      "rule summary.figure-supported \"Figures \\\"agree\\\"\\tmostly\" {\n"
      "  severity warning\n"
      "  for a: figure, b: figure  # a pair\n"
      "  where a.doc != b.doc and a.doc.story == b.doc.story\n"
      "    and similar(a.subject, b.subject) >= 0.6 or not (a.unit is not set)\n"
      "  require a.value ~= b.value within 1.5% and b.value ~= a.value within 2\n"
      "    and a.doc.published ~= b.doc.published within 3 days\n"
      "  report \"{a.subject}: {a.text} in {{doc}} { a.doc }\"\n"
      "}\n");
  INFO(p.rendered());
  REQUIRE_FALSE(p.diags.has_errors());
  REQUIRE(p.file.rules.size() == 2);

  SECTION("the first rule") {
    const Rule& r = p.file.rules[0];
    CHECK(r.id == "quote.speaker");
    CHECK(p.text_of(r.id_span) == "quote.speaker");
    CHECK(r.title == "Each quote needs an attributed speaker");
    CHECK(p.text_of(r.title_span) == "\"Each quote needs an attributed speaker\"");
    CHECK(p.text_of(r.span).rfind("rule quote.speaker", 0) == 0);
    CHECK(p.text_of(r.span).back() == '}');
    CHECK(r.severity == "error");
    CHECK(p.text_of(r.severity_span) == "error");
    REQUIRE(r.bindings.size() == 1);
    CHECK(r.bindings[0].name == "q");
    CHECK(r.bindings[0].kind == "quote");
    CHECK(p.text_of(r.for_span) == "for");
    CHECK(r.where == nullptr);
    REQUIRE(r.require);
    CHECK(sexpr(*r.require) == "(set? (. q speaker))");
    CHECK(p.text_of(r.require->span) == "q.speaker is set");
    CHECK(p.text_of(r.require->args[0]->name_span) == "speaker");
    CHECK(p.text_of(r.require_span) == "require");

    REQUIRE(r.report);
    CHECK(p.text_of(r.report->span) == "\"quote “{q.text}” has no attributed speaker\"");
    REQUIRE(r.report->parts.size() == 3);
    CHECK(r.report->parts[0].literal == "quote “");
    CHECK(r.report->parts[0].expr == nullptr);
    REQUIRE(r.report->parts[1].expr);
    CHECK(sexpr(*r.report->parts[1].expr) == "(. q text)");
    CHECK(p.text_of(r.report->parts[1].expr->span) == "q.text");
    CHECK(r.report->parts[2].literal == "” has no attributed speaker");
  }

  SECTION("the second rule") {
    const Rule& r = p.file.rules[1];
    CHECK(r.id == "summary.figure-supported");
    CHECK(r.title == "Figures \"agree\"\tmostly");
    CHECK(r.severity == "warning");
    REQUIRE(r.bindings.size() == 2);
    CHECK(r.bindings[1].name == "b");
    CHECK(p.text_of(r.bindings[1].name_span) == "b");
    CHECK(r.bindings[1].kind == "figure");
    CHECK(p.text_of(r.bindings[1].kind_span) == "figure");

    REQUIRE(r.where);
    CHECK(sexpr(*r.where) ==
          "(or (and (and (!= (. a doc) (. b doc)) (== (. (. a doc) story) (. (. b doc) story))) "
          "(>= (call similar (. a subject) (. b subject)) 0.6)) "
          "(not (not-set? (. a unit))))");
    // The whole expression, across its two lines, and without the padding after it.
    CHECK(p.text_of(r.where->span) ==
          "a.doc != b.doc and a.doc.story == b.doc.story\n"
          "    and similar(a.subject, b.subject) >= 0.6 or not (a.unit is not set)");
    const Expr& similar = *r.where->args[0]->args[1]->args[0];
    CHECK(similar.kind == ExprKind::call);
    CHECK(p.text_of(similar.span) == "similar(a.subject, b.subject)");
    CHECK(p.text_of(similar.name_span) == "similar");
    const Expr& story = *r.where->args[0]->args[0]->args[1]->args[0];
    CHECK(p.text_of(story.span) == "a.doc.story");
    CHECK(p.text_of(story.name_span) == "story");
    const Expr& negation = *r.where->args[1];
    CHECK(p.text_of(negation.span) == "not (a.unit is not set)");
    CHECK(p.text_of(negation.args[0]->span) == "(a.unit is not set)");

    REQUIRE(r.require);
    CHECK(sexpr(*r.require) ==
          "(and (and (~= (. a value) (. b value) 1.5% percent) "
          "(~= (. b value) (. a value) 2 absolute)) "
          "(~= (. (. a doc) published) (. (. b doc) published) 3 days))");
    const Expr& first_approx = *r.require->args[0]->args[0];
    CHECK(p.text_of(first_approx.span) == "a.value ~= b.value within 1.5%");
    CHECK(p.text_of(first_approx.args[2]->span) == "1.5%");
    CHECK(first_approx.args[2]->percent);
    CHECK(p.text_of(r.require->args[1]->span) ==
          "a.doc.published ~= b.doc.published within 3 days");

    REQUIRE(r.report);
    const auto& parts = r.report->parts;
    REQUIRE(parts.size() == 5);
    CHECK(sexpr(*parts[0].expr) == "(. a subject)");
    CHECK(parts[1].literal == ": ");
    CHECK(sexpr(*parts[2].expr) == "(. a text)");
    CHECK(parts[3].literal == " in {doc} ");
    CHECK(sexpr(*parts[4].expr) == "(. a doc)");
    CHECK(p.text_of(parts[4].expr->span) == "a.doc");
  }
}

TEST_CASE("operators bind by precedence and associate to the left", "[parser]") {
  CHECK(require_of(rule_requiring("not a == 1 or b and c + 2 * 3 > 4 - -x")) ==
        "(or (not (== a 1)) (and b (> (+ c (* 2 3)) (- 4 (neg x)))))");
  CHECK(require_of(rule_requiring("a - b - c == a / b / c")) == "(== (- (- a b) c) (/ (/ a b) c))");
  CHECK(require_of(rule_requiring("a or b or c and d")) == "(or (or a b) (and c d))");
  CHECK(require_of(rule_requiring("(a or b) and c")) == "(and (or a b) c)");
  CHECK(require_of(rule_requiring("not not a")) == "(not (not a))");
  CHECK(require_of(rule_requiring("-a.b * 2 <= 3%")) == "(<= (* (neg (. a b)) 2) 3%)");
  CHECK(require_of(rule_requiring("f(a, g(b), ).x.y is set")).rfind("error:", 0) == 0);
  CHECK(require_of(rule_requiring("f(a, g(b)).x.y is set")) ==
        "(set? (. (. (call f a (call g b)) x) y))");
  CHECK(require_of(rule_requiring("now() != \"x\" and true != false")) ==
        "(and (!= (call now) \"x\") (!= true false))");
  CHECK(require_of(rule_requiring("a + 1 ~= b * 2 within 0.5")) ==
        "(~= (+ a 1) (* b 2) 0.5 absolute)");
  CHECK(require_of(rule_requiring("a ~= b within 1 day")) == "(~= a b 1 days)");
  CHECK(require_of(rule_requiring("a<b")) == "(< a b)");
  CHECK(require_of(rule_requiring("a>=b")) == "(>= a b)");
}

TEST_CASE("keywords are whole words and may be field names", "[parser]") {
  const Parsed p = parse(
      "rule kw {\n"
      "  for format: orders, notable: android\n"
      "  where format.for == notable.rule and isset is set\n"
      "  require order or android and nota or trueish == falsey\n"
      "}\n");
  INFO(p.rendered());
  REQUIRE_FALSE(p.diags.has_errors());
  REQUIRE(p.file.rules.size() == 1);
  const Rule& r = p.file.rules[0];
  REQUIRE(r.bindings.size() == 2);
  CHECK(r.bindings[0].name == "format");
  CHECK(r.bindings[0].kind == "orders");
  CHECK(r.bindings[1].name == "notable");
  CHECK(sexpr(*r.where) == "(and (== (. format for) (. notable rule)) (set? isset))");
  CHECK(sexpr(*r.require) == "(or (or order (and android nota)) (== trueish falsey))");

  // A keyword is never a variable or a kind.
  CHECK(parse("rule r {\n  for set: quote\n}\n").first_error() ==
        "t.rules:2:7: error: expected a variable after 'for' (as in 'for q: quote'), found 'set'");
  CHECK(parse("rule r {\n  for q: within\n}\n").first_error() ==
        "t.rules:2:10: error: expected a kind after 'q:' (as in 'for q: quote'), found 'within'");
}

TEST_CASE("strings unescape and keep any UTF-8", "[parser]") {
  const Parsed p =
      parse("rule r \"«Ünïcödé» \\\\ \\n\" {\n  require q.text == \"a \\\"b\\\" ‘c’\"\n}\n");
  INFO(p.rendered());
  REQUIRE(p.file.rules.size() == 1);
  CHECK(p.file.rules[0].title == "«Ünïcödé» \\ \n");
  CHECK(sexpr(*p.file.rules[0].require) == "(== (. q text) \"a \"b\" ‘c’\")");
  CHECK(p.text_of(p.file.rules[0].require->args[1]->span) == "\"a \\\"b\\\" ‘c’\"");
}

TEST_CASE("line endings and comments are padding", "[parser]") {
  SECTION("CRLF") {
    const Parsed p = parse("rule r {\r\n  for q: quote\r\n  require q.x is set # why\r\n}\r\n");
    INFO(p.rendered());
    CHECK_FALSE(p.diags.has_errors());
    CHECK(p.file.rules.size() == 1);
  }
  SECTION("empty and comment-only files have no rules and no errors") {
    for (const char* text : {"", "\n\n", "# only a comment", "  # one\n\t# two\n"}) {
      const Parsed p = parse(text);
      CHECK(p.file.rules.empty());
      CHECK(p.rendered().empty());
    }
  }
  SECTION("a rule may follow a '}' on the same line") {
    const Parsed p = parse("rule a { require x } rule b { require y }");
    CHECK_FALSE(p.diags.has_errors());
    CHECK(p.file.rules.size() == 2);
  }
}

TEST_CASE("syntax errors are rendered with location, source line and caret", "[parser]") {
  SECTION("a binding without ':'") {
    CHECK(parse("rule r {\n  for q quote\n}\n").rendered() ==
          "t.rules:2:9: error: expected ':' and a kind after variable 'q' (as in 'for q: "
          "quote'), found 'quote'\n"
          "    for q quote\n"
          "          ^~~~~\n");
  }
  SECTION("a misspelt clause") {
    CHECK(parse("rule r {\n  for q: quote\n  requre q.speaker is set\n}\n").rendered() ==
          "t.rules:3:3: error: expected a clause (severity, tags, help, for, let, where, group by, "
          "require, report) or '}' to close rule 'r', found 'requre'; did you mean 'require'?\n"
          "    requre q.speaker is set\n"
          "    ^~~~~~\n");
  }
  SECTION("a rule not closed at the end of the file names its opener") {
    CHECK(parse("# pack\n\nrule quote.speaker {\n  for q: quote\n  require q.speaker is set\n")
              .rendered() ==
          "t.rules:5:27: error: expected '}' to close rule 'quote.speaker' (opened at line 3)\n"
          "    require q.speaker is set\n"
          "                            ^\n");
  }
  SECTION("a string not closed") {
    CHECK(parse("rule r \"Each quote {\n}\n").rendered() ==
          "t.rules:1:21: error: string not closed: expected '\"' before the end of the line\n"
          "  rule r \"Each quote {\n"
          "                      ^\n");
  }
  SECTION("a missing expression") {
    CHECK(parse("rule r {\n  for q: quote\n  require\n}\n").rendered() ==
          "t.rules:4:1: error: expected an expression after 'require', found '}'\n"
          "  }\n"
          "  ^\n");
  }
  SECTION("a second where clause") {
    CHECK(parse("rule r {\n  where a\n  where b\n}\n").rendered() ==
          "t.rules:3:3: error: rule 'r' has a second 'where' clause; combine conditions with "
          "'and'\n"
          "    where b\n"
          "    ^~~~~\n");
  }
  SECTION("an expression nested too deeply") {
    CHECK(parse(rule_requiring(std::string(70, '(') + "a" + std::string(70, ')'))).rendered() ==
          "t.rules:2:76: error: expression nested too deeply (limit is 64)\n"
          "    require " +
              std::string(70, '(') + "a" + std::string(70, ')') + "\n" + "  " +
              std::string(75, ' ') + "^\n");
  }
}

TEST_CASE("each syntax error says what was expected and what was found", "[parser]") {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      // Rule headers.
      {"rules r {\n}\n",
       "t.rules:1:1: error: expected 'rule', 'import', 'table' or 'alias', found 'rules'; did you "
       "mean 'rule'?"},
      {"}\n", "t.rules:1:1: error: expected 'rule', 'import', 'table' or 'alias', found '}'"},
      {"rule {\n}\n",
       "t.rules:1:6: error: expected a rule id after 'rule' (as in 'rule quote.speaker'), found "
       "'{'"},
      {"rule r Each quote {\n}\n",
       "t.rules:1:8: error: expected '{' or a title in double quotes after rule 'r', found "
       "'Each'"},
      {"rule r \"t\" x {\n}\n",
       "t.rules:1:12: error: expected '{' after the title of rule 'r', found 'x'"},
      {"rule r {\n  for q: quote\nrule s {\n}\n",
       "t.rules:2:15: error: expected '}' to close rule 'r' (opened at line 1)"},
      // Clauses.
      {"rule r {\n  severity\n  for q: quote\n}\n",
       "t.rules:3:3: error: expected a severity level after 'severity' (as in 'severity error'), "
       "found 'for'"},
      {"rule r {\n  severity error\n  severity warning\n}\n",
       "t.rules:3:3: error: rule 'r' has a second 'severity' clause"},
      {"rule r {\n  for q: quote\n  for f: figure\n}\n",
       "t.rules:3:3: error: rule 'r' has a second 'for' clause; bind all variables in one, as in "
       "'for a: figure, b: figure'"},
      {"rule r {\n  for 1: quote\n}\n",
       "t.rules:2:7: error: expected a variable after 'for' (as in 'for q: quote'), found '1'"},
      {"rule r {\n  for q: quote,\n}\n",
       "t.rules:3:1: error: expected a variable after ',' (as in 'for a: figure, b: figure'), "
       "found '}'"},
      {"rule r {\n  for q: \"quote\"\n}\n",
       "t.rules:2:10: error: expected a kind after 'q:' (as in 'for q: quote'), found '\"'"},
      {"rule r {\n  where\n}\n",
       "t.rules:3:1: error: expected an expression after 'where', found '}'"},
      {"rule r {\n  require a\n  require b\n}\n",
       "t.rules:3:3: error: rule 'r' has a second 'require' clause; combine conditions with "
       "'and'"},
      {"rule r {\n  report \"a\"\n  report \"b\"\n}\n",
       "t.rules:3:3: error: rule 'r' has a second 'report' clause"},
      {"rule r {\n  report q.text\n}\n",
       "t.rules:2:10: error: expected a message in double quotes after 'report' (as in 'report "
       "\"{q.text} has no speaker\"'), found 'q'"},
      {"rule r {\n  report “curly”\n}\n",
       "t.rules:2:10: error: expected a message in double quotes after 'report' (as in 'report "
       "\"{q.text} has no speaker\"'), found '“' (U+201C)"},
      {"rule r {\n  Require x\n}\n",
       "t.rules:2:3: error: expected a clause (severity, tags, help, for, let, where, group by, "
       "require, report) or '}' to close rule 'r', found 'Require'; did you mean 'require'?"},
      {"rule r {\n  q.x is set\n}\n",
       "t.rules:2:3: error: expected a clause (severity, tags, help, for, let, where, group by, "
       "require, report) or '}' to close rule 'r', found 'q'"},
      // Expressions.
      {rule_requiring("a or"), "t.rules:3:1: error: expected an expression after 'or', found '}'"},
      {rule_requiring("a and )"),
       "t.rules:2:17: error: expected an expression after 'and', found ')'"},
      {rule_requiring("not"), "t.rules:3:1: error: expected an expression after 'not', found '}'"},
      {rule_requiring("a != ="),
       "t.rules:2:16: error: expected an expression after '!=', found '='"},
      {rule_requiring("a + * b"),
       "t.rules:2:15: error: expected an expression after '+', found '*'"},
      {rule_requiring("a / ,"), "t.rules:2:15: error: expected an expression after '/', found ','"},
      {rule_requiring("- ;"), "t.rules:2:13: error: expected an expression after '-', found ';'"},
      {rule_requiring("a ~= within 1"),
       "t.rules:2:16: error: expected an expression after '~=', found 'within'"},
      {rule_requiring("a ~= b"),
       "t.rules:3:1: error: expected 'within' and a tolerance after the right side of '~=' (as "
       "in 'a ~= b within 1%'), found '}'"},
      {rule_requiring("a ~= b withn 1"),
       "t.rules:2:18: error: expected 'within' and a tolerance after the right side of '~=' (as "
       "in 'a ~= b within 1%'), found 'withn'; did you mean 'within'?"},
      {rule_requiring("a ~= b within %"),
       "t.rules:2:25: error: expected a number after 'within' (as in 'within 1%', 'within 0.5' "
       "or 'within 2 days'), found '%'"},
      {rule_requiring("q.x is sett"),
       "t.rules:2:18: error: expected 'set' or 'not set' after 'is', found 'sett'; did you mean "
       "'set'?"},
      {rule_requiring("q.x is not 1"),
       "t.rules:2:22: error: expected 'set' after 'is not', found '1'"},
      {rule_requiring("q.(x)"), "t.rules:2:13: error: expected a field name after '.', found '('"},
      {rule_requiring("f(,)"),
       "t.rules:2:13: error: expected an argument or ')' after '(' in the call to 'f', found ','"},
      {rule_requiring("f(a,)"),
       "t.rules:2:15: error: expected an argument after ',' in the call to 'f', found ')'"},
      {rule_requiring("similar(a, b"),
       "t.rules:3:1: error: expected ',' or ')' to close the call to 'similar' (opened at line "
       "2), found '}'"},
      {rule_requiring("(a or b"),
       "t.rules:3:1: error: expected ')' to close '(' (opened at line 2, column 11), found '}'"},
      {rule_requiring("()"), "t.rules:2:12: error: expected an expression after '(', found ')'"},
      {rule_requiring("1234567890123456 > 0"),
       "t.rules:2:26: error: number has too many digits (limit is 15 before and 15 after the "
       "'.')"},
      {rule_requiring("0.1234567890123456 > 0"),
       "t.rules:2:28: error: number has too many digits (limit is 15 before and 15 after the "
       "'.')"},
      // Strings.
      {"rule r \"a\\qb\" {\n}\n",
       "t.rules:1:11: error: unknown escape in a string: after '\\' write '\"', '\\', 'n' or 't'"},
      {"rule r \"a\xff\" {\n}\n",
       "t.rules:1:10: error: unexpected byte 0xff in a string (a string is UTF-8 text on one "
       "line)"},
      {"rule r \"a\x01\" {\n}\n",
       "t.rules:1:10: error: unexpected byte 0x01 in a string (a string is UTF-8 text on one "
       "line)"},
      {"rule r \"abc",
       "t.rules:1:12: error: string not closed: expected '\"' before the end of "
       "the line"},
      // Report templates.
      {"rule r {\n  report \"x {a.b\"\n}\n",
       "t.rules:2:17: error: expected '}' to close '{' in the report template (opened at column "
       "13), found '\"'"},
      {"rule r {\n  report \"{}\"\n}\n",
       "t.rules:2:12: error: expected an expression inside '{}' in the report template, found "
       "'}'"},
      {"rule r {\n  report \"{a b}\"\n}\n",
       "t.rules:2:14: error: expected an operator or '}' after the expression in the report "
       "template, found 'b'"},
      {"rule r {\n  report \"a } b\"\n}\n",
       "t.rules:2:13: error: unexpected '}' in the report template; write '}}' for a literal "
       "brace"},
      {"rule r {\n  report \"a \xc0\xaf\"\n}\n",
       "t.rules:2:13: error: unexpected byte 0xc0 in the report template (a string is UTF-8 text "
       "on one line)"},
      {"rule r {\n  report \"a\n}\n",
       "t.rules:2:12: error: string not closed: expected '\"' before the end of the line"},
      {"rule r {\n  report \"{a +}\"\n}\n",
       "t.rules:2:15: error: expected an expression after '+', found '}'"},
  };
  for (const Case& c : cases) {
    const Parsed p = parse(c.text);
    INFO("input:\n" << c.text << "\nall diagnostics:\n" << p.rendered());
    CHECK(p.first_error() == c.error);
    CHECK(p.diags.error_count() == 1);
    for (const Rule& r : p.file.rules) CHECK(r.id != "r");
  }
}

TEST_CASE("after an error the parser resumes at the next rule", "[parser]") {
  const Parsed p = parse(
      "rule ok.one {\n"               // 1
      "  for q: quote\n"              // 2
      "  require q.speaker is set\n"  // 3
      "}\n"                           // 4
      "rule broken.one {\n"           // 5
      "  for q quote\n"               // 6
      "  require q.speaker is set\n"  // 7
      "}\n"                           // 8
      "rule broken.two {\n"           // 9
      "  for q: quote\n"              // 10
      "  require q.speaker is\n"      // 11
      "}\n"                           // 12
      "  rule ok.two \"t\" {\n"       // 13
      "  for f: figure\n"             // 14
      "  require f.value > 0\n"       // 15
      "}\n"                           // 16
      "rule broken.three {\n"         // 17
      "  for q: quote\n"              // 18
      "  requre q.speaker is set\n"   // 19
      "}\n");                         // 20
  REQUIRE(p.diags.error_count() == 3);
  const auto& items = p.diags.items();
  CHECK(p.src->line_col(items[0].span.begin).line == 6);
  CHECK(p.src->line_col(items[1].span.begin).line == 12);
  CHECK(p.src->line_col(items[2].span.begin).line == 19);
  CHECK_THAT(items[1].message, Catch::Contains("expected 'set' or 'not set' after 'is'"));
  REQUIRE(p.file.rules.size() == 2);
  CHECK(p.file.rules[0].id == "ok.one");
  CHECK(p.file.rules[1].id == "ok.two");
  CHECK(p.file.rules[1].title == "t");

  SECTION("a rule left open does not swallow the next one") {
    const Parsed q = parse("rule a {\n  for q: quote\n\n# b follows\nrule b {\n  require x\n}\n");
    CHECK(q.first_error() ==
          "t.rules:2:15: error: expected '}' to close rule 'a' (opened at line 1)");
    REQUIRE(q.file.rules.size() == 1);
    CHECK(q.file.rules[0].id == "b");
  }
  SECTION("garbage between rules costs one error") {
    const Parsed q = parse("rule a { require x }\nimports \"std/quotes\"\nrule b { require y }\n");
    CHECK(q.diags.error_count() == 1);
    CHECK(q.first_error() ==
          "t.rules:2:1: error: expected 'rule', 'import', 'table' or 'alias', found 'imports'; did "
          "you mean 'import'?");
    CHECK(q.file.rules.size() == 2);
  }
}

TEST_CASE("deep nesting is a clean error, never a stack overflow", "[parser]") {
  const std::string nested_too_deeply = "expression nested too deeply (limit is 64)";
  SECTION("64 levels are allowed, 65 are not") {
    const Parsed ok = parse(rule_requiring(std::string(64, '(') + "a" + std::string(64, ')')));
    CHECK(ok.rendered().empty());
    CHECK(ok.file.rules.size() == 1);
    const Parsed deep = parse(rule_requiring(std::string(65, '(') + "a" + std::string(65, ')')));
    REQUIRE(deep.diags.error_count() == 1);
    CHECK(deep.diags.items()[0].message == nested_too_deeply);
  }
  SECTION("10,000 of each nesting construct") {
    std::string nots;
    std::string calls;
    for (int i = 0; i < 10000; ++i) {
      nots += "not ";
      calls += "f(";
    }
    for (const std::string& expr : {std::string(10000, '('), std::string(10000, '-'), nots, calls,
                                    std::string(10000, '(') + "a" + std::string(10000, ')')}) {
      const Parsed p = parse(rule_requiring(expr));
      REQUIRE(p.diags.error_count() == 1);
      CHECK(p.diags.items()[0].message == nested_too_deeply);
    }
    const Parsed hole = parse("rule r {\n  report \"{" + std::string(10000, '(') + "}\"\n}\n");
    REQUIRE(hole.diags.error_count() == 1);
    CHECK(hole.diags.items()[0].message == nested_too_deeply);
  }
  SECTION("long chains build deep trees: 256 levels are allowed, 257 are not") {
    const auto chain = [](const std::string& first, const std::string& next, int n) {
      std::string out = first;
      for (int i = 0; i < n; ++i) out += next;
      return out;
    };
    // A leaf is one level deep; each operator adds one.
    CHECK(parse(rule_requiring(chain("a", " + a", 255))).rendered().empty());
    CHECK(parse(rule_requiring(chain("a", ".b", 255))).rendered().empty());
    const std::string too_deep =
        "expression too long or too deeply nested (limit is 256 operations deep)";
    const Parsed sum = parse(rule_requiring(chain("a", " + a", 256)));
    REQUIRE(sum.diags.error_count() == 1);
    CHECK(sum.diags.items()[0].message == too_deep);
    // At the operator that went too deep: the 256th '+'.
    CHECK(sum.src->line_col(sum.diags.items()[0].span.begin).column == 11 + 1 + 255 * 4 + 1);
    for (const std::string& expr :
         {chain("a", " and a", 10000), chain("a", ".b", 10000), chain("a", " * 2", 10000),
          chain("a ~= b within 1", " or a ~= b within 1", 300), chain("a", " - a", 1000000)}) {
      const Parsed p = parse(rule_requiring(expr));
      REQUIRE(p.diags.error_count() == 1);
      CHECK(p.diags.items()[0].message == too_deep);
    }
  }
}

TEST_CASE("arbitrary bytes produce errors, never a crash", "[parser]") {
  SECTION("NUL bytes") {
    const std::string nul(1, '\0');
    const Parsed top = parse(nul);
    CHECK(top.first_error() ==
          "t.rules:1:1: error: expected 'rule', 'import', 'table' or 'alias', found byte 0x00");
    const Parsed in_string = parse("rule r \"a" + nul + "b\" {\n}\n");
    CHECK(in_string.first_error() ==
          "t.rules:1:10: error: unexpected byte 0x00 in a string (a string is UTF-8 text on one "
          "line)");
    const Parsed in_expr = parse(rule_requiring("a ==" + nul));
    CHECK(in_expr.first_error() ==
          "t.rules:2:15: error: expected an expression after '==', found byte 0x00");
    const Parsed in_comment = parse("# a" + nul + "\nrule r { require x }\n");
    CHECK(in_comment.rendered().empty());
    CHECK(in_comment.file.rules.size() == 1);
  }
  SECTION("random bytes") {
    std::mt19937 rng(20240131);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> length(1, 3000);
    for (int i = 0; i < 300; ++i) {
      std::string text(static_cast<std::size_t>(length(rng)), '\0');
      for (char& c : text) c = static_cast<char>(byte(rng));
      const Parsed p = parse(text);
      CHECK(p.diags.has_errors());
      check_diagnostics_in_bounds(p);
    }
  }
  SECTION("random sequences of tokens") {
    const std::vector<std::string> tokens = {"rule",
                                             " r",
                                             " {",
                                             "}",
                                             "\n",
                                             " for",
                                             " q",
                                             ":",
                                             " quote",
                                             ",",
                                             " where",
                                             " require",
                                             " report",
                                             " \"",
                                             " \"{q.text} {{x}}\"",
                                             "(",
                                             ")",
                                             " and",
                                             " or",
                                             " not",
                                             " is",
                                             " set",
                                             " ~=",
                                             " within",
                                             " 1%",
                                             " 2.5",
                                             " days",
                                             "==",
                                             "+",
                                             "-",
                                             "*",
                                             "/",
                                             ".",
                                             "# c\n",
                                             "\\",
                                             "{",
                                             "}}",
                                             "\xff",
                                             std::string(1, '\0'),
                                             "“",
                                             " severity",
                                             " error",
                                             " 1234567890123456"};
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> pick(0, tokens.size() - 1);
    std::uniform_int_distribution<int> count(1, 200);
    for (int i = 0; i < 2000; ++i) {
      std::string text = "rule r {\n";
      for (int n = count(rng); n > 0; --n) text += tokens[pick(rng)];
      const Parsed p = parse(text);
      check_diagnostics_in_bounds(p);
      for (const Rule& r : p.file.rules) CHECK_FALSE(r.id.empty());
    }
  }
  SECTION("a large input") {
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "rule r {\n";
    const Parsed p = parse(text);
    CHECK(p.diags.error_count() == 20000);
    CHECK(p.file.rules.empty());

    std::mt19937 rng(3);
    std::string noise(4 << 20, '\0');
    for (char& c : noise) c = static_cast<char>(rng());
    const Parsed q = parse(noise);
    CHECK(q.diags.has_errors());
  }
}

TEST_CASE("the shipped rule files parse without syntax errors", "[parser]") {
  for (const char* path :
       {"/rules/quotes.rules", "/rules/figures.rules", "/tests/data/rules/three_mistakes.rules"}) {
    Parsed p;
    p.src = std::make_unique<SourceText>(path, read_file(std::string(VERITY_SOURCE_DIR) + path));
    REQUIRE_FALSE(p.src->text().empty());
    p.file = parse_rule_file(*p.src, p.diags);
    INFO(p.rendered());
    CHECK_FALSE(p.diags.has_errors());
    CHECK_FALSE(p.file.rules.empty());
  }
}

// ---- Imports, tables, aliases, new clauses and new expressions -------------------------

TEST_CASE("imports, tables and aliases build the expected AST, in any order", "[parser]") {
  const Parsed p = parse(
      "import \"std/quotes\"\n"
      "table officials from \"officials.csv\"\n"
      "rule r { require x }\n"
      "alias \"Kim Tong-Myong\" = \"Kim Dong Myung\", \"Kim Dong-myung\"  # one person\n"
      "import \"path/other.rules\"\n"
      "table seats from \"data/seats \\\"2024\\\".csv\" {\n"
      "  name: text,\n"
      "  since: date, from: number }\n"
      "alias \"UN\"=\"United Nations\"\n");
  INFO(p.rendered());
  REQUIRE_FALSE(p.diags.has_errors());
  REQUIRE(p.file.rules.size() == 1);

  REQUIRE(p.file.imports.size() == 2);
  CHECK(p.file.imports[0].path == "std/quotes");
  CHECK(p.text_of(p.file.imports[0].span) == "import \"std/quotes\"");
  CHECK(p.text_of(p.file.imports[0].path_span) == "\"std/quotes\"");
  CHECK(p.file.imports[1].path == "path/other.rules");

  REQUIRE(p.file.tables.size() == 2);
  const Table& officials = p.file.tables[0];
  CHECK(officials.name == "officials");
  CHECK(p.text_of(officials.name_span) == "officials");
  CHECK(officials.path == "officials.csv");
  CHECK(p.text_of(officials.path_span) == "\"officials.csv\"");
  CHECK(p.text_of(officials.span) == "table officials from \"officials.csv\"");
  CHECK(officials.columns.empty());
  const Table& seats = p.file.tables[1];
  CHECK(seats.name == "seats");
  CHECK(seats.path == "data/seats \"2024\".csv");
  CHECK(p.text_of(seats.span) ==
        "table seats from \"data/seats \\\"2024\\\".csv\" {\n  name: text,\n  since: date, from: "
        "number }");
  REQUIRE(seats.columns.size() == 3);
  CHECK(seats.columns[0].name == "name");
  CHECK(seats.columns[0].type_name == "text");
  CHECK(seats.columns[1].name == "since");
  CHECK(p.text_of(seats.columns[1].name_span) == "since");
  CHECK(seats.columns[1].type_name == "date");
  CHECK(p.text_of(seats.columns[1].type_span) == "date");
  CHECK(seats.columns[2].name == "from");  // a column is named as a field: keywords too
  CHECK(seats.columns[2].type_name == "number");

  REQUIRE(p.file.aliases.size() == 2);
  const Alias& kim = p.file.aliases[0];
  CHECK(kim.names ==
        std::vector<std::string>{"Kim Tong-Myong", "Kim Dong Myung", "Kim Dong-myung"});
  REQUIRE(kim.name_spans.size() == 3);
  CHECK(p.text_of(kim.name_spans[1]) == "\"Kim Dong Myung\"");
  CHECK(p.text_of(kim.span) == "alias \"Kim Tong-Myong\" = \"Kim Dong Myung\", \"Kim Dong-myung\"");
  CHECK(p.file.aliases[1].names == std::vector<std::string>{"UN", "United Nations"});
}

TEST_CASE("tags, help, let and group by clauses build the expected AST", "[parser]") {
  const Parsed p = parse(
      "rule person.one-spelling \"A person is spelled one way\" {\n"
      "  severity warning\n"
      "  tags people, names.v2, spelling-check, table\n"
      "  help \"https://example.org/rules#one-spelling\"\n"
      "  for p: person\n"
      "  let key = lower(p.key)\n"
      "  let n = count(distinct p.name)\n"
      "  where p.doc.role == \"source\"\n"
      "  group by key, p.doc.story\n"
      "  require n == 1\n"
      "  report \"{p.key} is written as {values(p.name)}\"\n"
      "}\n");
  INFO(p.rendered());
  REQUIRE_FALSE(p.diags.has_errors());
  REQUIRE(p.file.rules.size() == 1);
  const Rule& r = p.file.rules[0];
  CHECK(r.tags == std::vector<std::string>{"people", "names.v2", "spelling-check", "table"});
  CHECK(p.text_of(r.tags_span) == "tags");
  CHECK(r.help == "https://example.org/rules#one-spelling");
  CHECK(p.text_of(r.help_span) == "\"https://example.org/rules#one-spelling\"");
  REQUIRE(r.lets.size() == 2);
  CHECK(r.lets[0].name == "key");
  CHECK(p.text_of(r.lets[0].name_span) == "key");
  CHECK(sexpr(*r.lets[0].expr) == "(call lower (. p key))");
  CHECK(r.lets[1].name == "n");
  CHECK(sexpr(*r.lets[1].expr) == "(call count distinct (. p name))");
  CHECK(p.text_of(r.lets[1].expr->span) == "count(distinct p.name)");
  REQUIRE(r.group_by.size() == 2);
  CHECK(sexpr(*r.group_by[0]) == "key");  // a let name is a variable; the checker resolves it
  CHECK(sexpr(*r.group_by[1]) == "(. (. p doc) story)");
  CHECK(p.text_of(r.group_by[1]->span) == "p.doc.story");
  CHECK(p.text_of(r.group_span) == "group by");
  CHECK(sexpr(*r.where) == "(== (. (. p doc) role) \"source\")");
  CHECK(sexpr(*r.require) == "(== n 1)");
  REQUIRE(r.report);
  CHECK(sexpr(*r.report->parts[2].expr) == "(call values (. p name))");

  SECTION("without them a rule has no tags, help, lets or keys") {
    const Parsed q = parse(rule_requiring("x"));
    REQUIRE(q.file.rules.size() == 1);
    CHECK(q.file.rules[0].tags.empty());
    CHECK(q.file.rules[0].help.empty());
    CHECK(q.file.rules[0].lets.empty());
    CHECK(q.file.rules[0].group_by.empty());
  }
}

TEST_CASE("the sketch of the rule language in the design parses", "[parser]") {
  const Parsed p = parse(
      R"(import "std/quotes"                 # a shipped rule pack, or a path relative to this file
table officials from "officials.csv"
alias "Kim Tong-Myong" = "Kim Dong Myung", "Kim Dong-myung"

rule quote.speaker "Each quote needs an attributed speaker" {
  severity error
  for q: quote
  require q.speaker is set
  report "quote “{q.text}” has no attributed speaker"
}

rule figure.agrees "A deal figure must match across sources" {
  severity error
  for a: figure, b: figure
  where a.doc != b.doc and a.doc.story == b.doc.story
    and a.unit == b.unit and similar(a.subject, b.subject) >= 0.6
  require a.value ~= b.value within 1%
  report "{a.subject}: {a.text} in {a.doc} but {b.text} in {b.doc}"
}

rule summary.figure-supported "Every figure in a summary appears in a source" {
  severity error
  for s: figure where s.doc.role == "summary"
  require some f: figure where f.doc.role == "source"
                          and f.unit == s.unit and f.value ~= s.value within 0.5%
  report "{s.text} appears in no source"
}

rule person.one-spelling "A person is spelled one way" {
  severity warning
  for p: person
  group by p.key
  require count(distinct p.name) == 1
  report "{p.key} is written as {values(p.name)}"
}
)");
  INFO(p.rendered());
  CHECK_FALSE(p.diags.has_errors());
  CHECK(p.file.imports.size() == 1);
  CHECK(p.file.tables.size() == 1);
  CHECK(p.file.aliases.size() == 1);
  REQUIRE(p.file.rules.size() == 4);
  CHECK(sexpr(*p.file.rules[2].require) ==
        "(some f: figure (and (and (== (. (. f doc) role) \"source\") (== (. f unit) (. s unit))) "
        "(~= (. f value) (. s value) 0.5% percent)))");
  CHECK(sexpr(*p.file.rules[3].require) == "(== (call count distinct (. p name)) 1)");
}

TEST_CASE("sub-queries, lists, dates and distinct calls bind by precedence", "[parser]") {
  SECTION("a sub-query's condition extends as far right as an expression can") {
    CHECK(require_of(rule_requiring("some f: figure where f.unit == s.unit and f.value > 1")) ==
          "(some f: figure (and (== (. f unit) (. s unit)) (> (. f value) 1)))");
    CHECK(require_of(rule_requiring("some f: figure where f.x or y")) ==
          "(some f: figure (or (. f x) y))");
    CHECK(require_of(rule_requiring("(some f: figure where f.x) or y")) ==
          "(or (some f: figure (. f x)) y)");
    CHECK(require_of(rule_requiring("a and no q: quote where q.doc == a.doc")) ==
          "(and a (no q: quote (== (. q doc) (. a doc))))");
    CHECK(require_of(rule_requiring("some a: x where no b: y where a.k == b.k or c")) ==
          "(some a: x (no b: y (or (== (. a k) (. b k)) c)))");
    CHECK(require_of(rule_requiring("x == some f: figure where f.y")) ==
          "(== x (some f: figure (. f y)))");
  }
  SECTION("without 'where' a sub-query is an operand") {
    CHECK(require_of(rule_requiring("no f: figure")) == "(no f: figure)");
    CHECK(require_of(rule_requiring("no f: figure and x or y")) == "(or (and (no f: figure) x) y)");
    CHECK(require_of(rule_requiring("not some f: figure")) == "(not (some f: figure))");
    CHECK(require_of(rule_requiring("-some f: figure * 2")) == "(* (neg (some f: figure)) 2)");
  }
  SECTION("a 'where' after a sub-query belongs to it, even on the next line") {
    const Parsed p = parse("rule r {\n  require no f: figure\n  where f.x\n}\n");
    INFO(p.rendered());
    REQUIRE(p.file.rules.size() == 1);
    CHECK(p.file.rules[0].where == nullptr);
    CHECK(sexpr(*p.file.rules[0].require) == "(no f: figure (. f x))");
  }
  SECTION("'in' is a comparison") {
    CHECK(require_of(rule_requiring("f.unit in [\"USD\", \"EUR\"]")) ==
          "(in (. f unit) \"USD\" \"EUR\")");
    CHECK(require_of(rule_requiring("a + 1 in [2, 3 * b] and c")) ==
          "(and (in (+ a 1) 2 (* 3 b)) c)");
    CHECK(require_of(rule_requiring("not x in [a or b]")) == "(not (in x (or a b)))");
    CHECK(require_of(rule_requiring("x in []")) == "(in x)");
    CHECK(require_of(rule_requiring("x in [y in [1], f(2)]")) == "(in x (in y 1) (call f 2))");
    CHECK(require_of(rule_requiring("x.in in[1]")) == "(in (. x in) 1)");
    CHECK(require_of(rule_requiring("x in [1] == true")).rfind("error:", 0) == 0);
  }
  SECTION("a date is exactly YYYY-MM-DD; anything else is arithmetic") {
    CHECK(require_of(rule_requiring("d.start == 2024-01-29")) == "(== (. d start) #2024-01-29)");
    CHECK(require_of(rule_requiring("2024 - 1 == 2024-1")) == "(== (- 2024 1) (- 2024 1))");
    CHECK(require_of(rule_requiring("2024-1-29 < 2024-01-2")) ==
          "(< (- (- 2024 1) 29) (- (- 2024 1) 2))");
    CHECK(require_of(rule_requiring("2024-01-290 > 12024-01-29")) ==
          "(> (- (- 2024 1) 290) (- (- 12024 1) 29))");
    CHECK(require_of(rule_requiring("2024 -01-29 == 2024- 01-29")) ==
          "(== (- (- 2024 1) 29) (- (- 2024 1) 29))");
    CHECK(require_of(rule_requiring("days_between(2024-01-29, x)-2024-02-01 > -1")) ==
          "(> (- (call days_between #2024-01-29 x) #2024-02-01) (neg 1))");
    CHECK(require_of(rule_requiring("x ~= 2024-13-99 within 2 days")) ==
          "(~= x #2024-13-99 2 days)");  // the checker, not the parser, knows months
    CHECK(require_of(rule_requiring("2024-01-29x")).rfind("error:", 0) == 0);
    CHECK(require_of(rule_requiring("2024-01-29_")).rfind("error:", 0) == 0);
  }
  SECTION("calls may start with 'distinct' and may have no arguments") {
    CHECK(require_of(rule_requiring("count(distinct p.name) == 1")) ==
          "(== (call count distinct (. p name)) 1)");
    CHECK(require_of(rule_requiring("count() > f(distinct a, b)")) ==
          "(> (call count) (call f distinct a b))");
    CHECK(require_of(rule_requiring("count(distinct(a))")) == "(call count distinct a)");
    CHECK(require_of(rule_requiring("f(g(distinct a))")) == "(call f (call g distinct a))");
  }
  SECTION("in a report template") {
    const Parsed p = parse(
        "rule r {\n  report \"{count(distinct x)} {2024-01-29} {x in [1, y]} {no f: "
        "figure}\"\n}\n");
    INFO(p.rendered());
    REQUIRE(p.file.rules.size() == 1);
    const auto& parts = p.file.rules[0].report->parts;
    REQUIRE(parts.size() == 7);
    CHECK(sexpr(*parts[0].expr) == "(call count distinct x)");
    CHECK(sexpr(*parts[2].expr) == "#2024-01-29");
    CHECK(sexpr(*parts[4].expr) == "(in x 1 y)");
    CHECK(sexpr(*parts[6].expr) == "(no f: figure)");
  }
}

TEST_CASE("the new expressions keep their source spans", "[parser]") {
  const Parsed p = parse(
      "rule r {\n"
      "  where d == 2024-01-29 and n(distinct f.x) > 0 and some g: figure\n"
      "  require no f: figure where f.unit in [\"USD\", u]\n"
      "}\n");
  INFO(p.rendered());
  REQUIRE(p.file.rules.size() == 1);
  const Rule& r = p.file.rules[0];

  const Expr& date = *r.where->args[0]->args[0]->args[1];
  CHECK(date.kind == ExprKind::date);
  CHECK(date.text == "2024-01-29");
  CHECK(p.text_of(date.span) == "2024-01-29");
  const Expr& call = *r.where->args[0]->args[1]->args[0];
  CHECK(call.distinct);
  CHECK(p.text_of(call.span) == "n(distinct f.x)");
  CHECK(p.text_of(call.name_span) == "n");
  CHECK(p.text_of(call.args[0]->span) == "f.x");
  const Expr& some = *r.where->args[1];
  CHECK(some.kind == ExprKind::quantifier);
  CHECK(some.quantifier == Quantifier::some);
  CHECK(some.args.empty());
  CHECK(p.text_of(some.span) == "some g: figure");

  const Expr& no = *r.require;
  CHECK(no.kind == ExprKind::quantifier);
  CHECK(no.quantifier == Quantifier::no);
  CHECK(no.binding.name == "f");
  CHECK(p.text_of(no.binding.name_span) == "f");
  CHECK(no.binding.kind == "figure");
  CHECK(p.text_of(no.binding.kind_span) == "figure");
  CHECK(p.text_of(no.span) == "no f: figure where f.unit in [\"USD\", u]");
  REQUIRE(no.args.size() == 1);
  const Expr& in = *no.args[0];
  CHECK(in.kind == ExprKind::in_list);
  CHECK(p.text_of(in.span) == "f.unit in [\"USD\", u]");
  REQUIRE(in.args.size() == 3);
  CHECK(p.text_of(in.args[1]->span) == "\"USD\"");
  CHECK(p.text_of(in.args[2]->span) == "u");
}

TEST_CASE("the new keywords are whole words and may be field names", "[parser]") {
  const Parsed p = parse(
      "rule kw {\n"
      "  for notable: income, nobody: fromage, by: someone, tablet: aliased\n"
      "  let letter = helper.imports + groupie.tagsx\n"
      "  where distinctive.inx == nobody.from and someone.in is set and by.some == by.no\n"
      "  group by by.table, notable.let\n"
      "  require x.alias == x.import and x.group.distinct == x.help.tags and x.by != x.where\n"
      "}\n");
  INFO(p.rendered());
  REQUIRE_FALSE(p.diags.has_errors());
  REQUIRE(p.file.rules.size() == 1);
  const Rule& r = p.file.rules[0];
  REQUIRE(r.bindings.size() == 4);
  CHECK(r.bindings[0].name == "notable");
  CHECK(r.bindings[0].kind == "income");
  CHECK(r.bindings[1].name == "nobody");
  CHECK(r.bindings[1].kind == "fromage");
  CHECK(r.bindings[2].name == "by");
  CHECK(r.bindings[3].name == "tablet");
  CHECK(r.bindings[3].kind == "aliased");
  REQUIRE(r.lets.size() == 1);
  CHECK(r.lets[0].name == "letter");
  CHECK(sexpr(*r.lets[0].expr) == "(+ (. helper imports) (. groupie tagsx))");
  CHECK(sexpr(*r.where) ==
        "(and (and (== (. distinctive inx) (. nobody from)) (set? (. someone in))) "
        "(== (. by some) (. by no)))");
  REQUIRE(r.group_by.size() == 2);
  CHECK(sexpr(*r.group_by[0]) == "(. by table)");
  CHECK(sexpr(*r.require) ==
        "(and (and (== (. x alias) (. x import)) (== (. (. x group) distinct) (. (. x help) "
        "tags))) (!= (. x by) (. x where)))");

  // A new keyword is never a variable, a kind, a let name or a table name.
  CHECK(parse("rule r {\n  for in: quote\n}\n").first_error() ==
        "t.rules:2:7: error: expected a variable after 'for' (as in 'for q: quote'), found 'in'");
  CHECK(parse("rule r {\n  for q: table\n}\n").first_error() ==
        "t.rules:2:10: error: expected a kind after 'q:' (as in 'for q: quote'), found 'table'");
  CHECK(parse("rule r {\n  let from = 1\n}\n").first_error() ==
        "t.rules:2:7: error: expected a name after 'let' (as in 'let gap = a.value - b.value'), "
        "found 'from'");
  CHECK(parse("table distinct from \"d.csv\"\n").first_error() ==
        "t.rules:1:7: error: expected a table name after 'table' (as in 'table officials from "
        "\"officials.csv\"'), found 'distinct'");
  CHECK(parse(rule_requiring("x == no")).first_error() ==
        "t.rules:3:1: error: expected a variable after 'no' (as in 'no f: figure where …'), found "
        "'}'");
  CHECK(parse(rule_requiring("nobody.x and notable or income")).rendered().empty());
}

TEST_CASE("each new syntax error says what was expected and what was found", "[parser]") {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      // Imports.
      {"import std/quotes\n",
       "t.rules:1:8: error: expected a file name in double quotes after 'import' (as in 'import "
       "\"std/quotes\"'), found 'std'"},
      {"import\n",
       "t.rules:1:7: error: expected a file name in double quotes after 'import' (as in 'import "
       "\"std/quotes\"'), found the end of the file"},
      // Tables.
      {"table \"officials\" from \"o.csv\"\n",
       "t.rules:1:7: error: expected a table name after 'table' (as in 'table officials from "
       "\"officials.csv\"'), found '\"'"},
      {"table officials form \"o.csv\"\n",
       "t.rules:1:17: error: expected 'from' and a file name after 'table officials' (as in "
       "'table officials from \"officials.csv\"'), found 'form'; did you mean 'from'?"},
      {"table officials from officials.csv\n",
       "t.rules:1:22: error: expected a file name in double quotes after 'from' (as in 'table "
       "officials from \"officials.csv\"'), found 'officials'"},
      {"table t from \"t.csv\" { }\n",
       "t.rules:1:24: error: expected a column name after '{' in table 't' (as in '{ name: text, "
       "since: date }'), found '}'"},
      {"table t from \"t.csv\" { a: text, }\n",
       "t.rules:1:33: error: expected a column name after ',' in table 't' (as in '{ name: text, "
       "since: date }'), found '}'"},
      {"table t from \"t.csv\" { a text }\n",
       "t.rules:1:26: error: expected ':' and a type after column 'a' of table 't' (as in "
       "'since: date'), found 'text'"},
      {"table t from \"t.csv\" { a: 1 }\n",
       "t.rules:1:27: error: expected a type after 'a:' (as in 'since: date'), found '1'"},
      {"table t from \"t.csv\" {\n  a: text\n  b: date\n}\n",
       "t.rules:3:3: error: expected ',' or '}' to close the columns of table 't' (opened at "
       "line 1, column 22), found 'b'"},
      // Aliases.
      {"alias Kim = \"K\"\n",
       "t.rules:1:7: error: expected a name in double quotes after 'alias' (as in 'alias \"Kim "
       "Tong-Myong\" = \"Kim Dong Myung\"'), found 'Kim'"},
      {"alias \"Kim\" \"K\"\n",
       "t.rules:1:13: error: expected '=' and the other spellings after the first name of "
       "'alias' (as in 'alias \"Kim Tong-Myong\" = \"Kim Dong Myung\"'), found '\"'"},
      {"alias \"Kim\" == \"K\"\n",
       "t.rules:1:13: error: expected '=' and the other spellings after the first name of "
       "'alias' (as in 'alias \"Kim Tong-Myong\" = \"Kim Dong Myung\"'), found '=='"},
      {"alias \"Kim\" =\n",
       "t.rules:1:14: error: expected a name in double quotes after '=' in 'alias' (as in 'alias "
       "\"Kim Tong-Myong\" = \"Kim Dong Myung\"'), found the end of the file"},
      {"alias \"Kim\" = \"K\", Kim\n",
       "t.rules:1:20: error: expected a name in double quotes after ',' in 'alias', found "
       "'Kim'"},
      {"alias \"Kim\" = \"K\nrule s { require x }\n",
       "t.rules:1:17: error: string not closed: expected '\"' before the end of the line"},
      // Tags and help.
      {"rule r {\n  tags\n}\n",
       "t.rules:3:1: error: expected a tag after 'tags' (as in 'tags quotes, attribution'), "
       "found '}'"},
      {"rule r {\n  tags a,\n  for q: quote\n}\n",
       "t.rules:3:3: error: expected a tag after ',' (as in 'tags quotes, attribution'), found "
       "'for'"},
      {"rule r {\n  tags \"a\"\n}\n",
       "t.rules:2:8: error: expected a tag after 'tags' (as in 'tags quotes, attribution'), "
       "found '\"'"},
      {"rule r {\n  tags a\n  tags b\n}\n",
       "t.rules:3:3: error: rule 'r' has a second 'tags' clause; list all tags in one, as in "
       "'tags quotes, attribution'"},
      {"rule r {\n  help\n}\n",
       "t.rules:3:1: error: expected text or a URL in double quotes after 'help' (as in 'help "
       "\"Quotes need a speaker\"'), found '}'"},
      {"rule r {\n  help \"a\"\n  help \"b\"\n}\n",
       "t.rules:3:3: error: rule 'r' has a second 'help' clause"},
      // Let.
      {"rule r {\n  let = 1\n}\n",
       "t.rules:2:7: error: expected a name after 'let' (as in 'let gap = a.value - b.value'), "
       "found '='"},
      {"rule r {\n  let gap == 1\n}\n",
       "t.rules:2:11: error: expected '=' after the name in 'let gap = EXPR', found '=='"},
      {"rule r {\n  let gap 1\n}\n",
       "t.rules:2:11: error: expected '=' after the name in 'let gap = EXPR', found '1'"},
      {"rule r {\n  let gap =\n}\n",
       "t.rules:3:1: error: expected an expression after 'let gap =', found '}'"},
      // Group by.
      {"rule r {\n  group p.key\n}\n",
       "t.rules:2:9: error: expected 'by' after 'group' (as in 'group by p.key'), found 'p'"},
      {"rule r {\n  group bye p.key\n}\n",
       "t.rules:2:9: error: expected 'by' after 'group' (as in 'group by p.key'), found 'bye'; "
       "did you mean 'by'?"},
      {"rule r {\n  group by\n}\n",
       "t.rules:3:1: error: expected an expression after 'group by', found '}'"},
      {"rule r {\n  group by a,\n}\n",
       "t.rules:3:1: error: expected an expression after ',' in 'group by', found '}'"},
      {"rule r {\n  group by a\n  group by b\n}\n",
       "t.rules:3:3: error: rule 'r' has a second 'group by' clause; list all keys in one, as in "
       "'group by p.key, p.doc'"},
      {"rule r {\n  grop by a\n}\n",
       "t.rules:2:3: error: expected a clause (severity, tags, help, for, let, where, group by, "
       "require, report) or '}' to close rule 'r', found 'grop'; did you mean 'group'?"},
      // Lists.
      {rule_requiring("x in \"USD\""),
       "t.rules:2:16: error: expected '[' and a list after 'in' (as in 'f.unit in [\"USD\", "
       "\"EUR\"]'), found '\"'"},
      {rule_requiring("x in [,]"),
       "t.rules:2:17: error: expected an item or ']' after '[', found ','"},
      {rule_requiring("x in [1,]"),
       "t.rules:2:19: error: expected an item after ',' in the list, found ']'"},
      {rule_requiring("x in [1, 2"),
       "t.rules:3:1: error: expected ',' or ']' to close the list opened at line 2, column 16, "
       "found '}'"},
      {rule_requiring("x in [1 2]"),
       "t.rules:2:19: error: expected ',' or ']' to close the list opened at line 2, column 16, "
       "found '2'"},
      {rule_requiring("x not in [1]"),
       "t.rules:2:13: error: there is no 'not in' operator; write 'not (x in [...])'"},
      {"rule r {\n  report \"{x in [1}\"\n}\n",
       "t.rules:2:19: error: expected ',' or ']' to close the list opened at line 2, column 17, "
       "found '}'"},
      // Sub-queries.
      {rule_requiring("some"),
       "t.rules:3:1: error: expected a variable after 'some' (as in 'some f: figure where …'), "
       "found '}'"},
      {rule_requiring("no f figure"),
       "t.rules:2:16: error: expected ':' and a kind after 'no f' (as in 'no f: figure where "
       "…'), found 'figure'"},
      {rule_requiring("some f: 1"),
       "t.rules:2:19: error: expected a kind after 'some f:' (as in 'some f: figure where …'), "
       "found '1'"},
      {rule_requiring("some f: figure where"),
       "t.rules:3:1: error: expected an expression after 'where' in 'some f: …', found '}'"},
      {rule_requiring("some a: x where no b y"),
       "t.rules:2:32: error: expected ':' and a kind after 'no b' (as in 'no f: figure where "
       "…'), found 'y'"},
      // Distinct.
      {rule_requiring("count(distinct)"),
       "t.rules:2:25: error: expected an argument after 'distinct' in the call to 'count', found "
       "')'"},
      {rule_requiring("count(distinct distinct x)"),
       "t.rules:2:26: error: expected an argument after 'distinct' in the call to 'count', found "
       "'distinct'"},
      {rule_requiring("count(a, distinct b)"),
       "t.rules:2:20: error: expected an argument after ',' in the call to 'count', found "
       "'distinct'"},
  };
  for (const Case& c : cases) {
    const Parsed p = parse(c.text);
    INFO("input:\n" << c.text << "\nall diagnostics:\n" << p.rendered());
    CHECK(p.first_error() == c.error);
    CHECK(p.diags.error_count() == 1);
    for (const Rule& r : p.file.rules) CHECK(r.id != "r");
    CHECK(p.file.imports.empty());
    CHECK(p.file.tables.empty());
    CHECK(p.file.aliases.empty());
  }
}

TEST_CASE("after an error the parser resumes at the next import, table, alias or rule",
          "[parser]") {
  const Parsed p = parse(
      "import std\n"                // 1: error
      "import \"ok/one\"\n"         // 2
      "table t from \"t.csv\" {\n"  // 3
      "  a: text\n"                 // 4
      "  b: date }\n"               // 5: error
      "tablet\n"                    // 6: not a statement word
      "table u from \"u.csv\"\n"    // 7
      "alias \"A\" =\n"             // 8
      "rule ok { require x }\n"     // 9: error (a rule where a name was expected)
      "rule broken {\n"             // 10
      "  for q: quote\n"            // 11: error ('}' missing)
      "alias \"B\" = \"C\"\n"       // 12
      "  table v from \"v.csv\"\n"  // 13
      "imports \"x\"\n"             // 14: error
      "import \"ok/two\"\n");       // 15
  INFO(p.rendered());
  REQUIRE(p.diags.error_count() == 5);
  const auto& items = p.diags.items();
  CHECK(p.src->line_col(items[0].span.begin).line == 1);
  CHECK(p.src->line_col(items[1].span.begin).line == 5);
  CHECK(p.src->line_col(items[2].span.begin).line == 9);
  CHECK(p.src->line_col(items[3].span.begin).line == 11);
  CHECK_THAT(items[3].message, Catch::Contains("expected '}' to close rule 'broken'"));
  CHECK(p.src->line_col(items[4].span.begin).line == 14);
  REQUIRE(p.file.imports.size() == 2);
  CHECK(p.file.imports[0].path == "ok/one");
  CHECK(p.file.imports[1].path == "ok/two");
  REQUIRE(p.file.tables.size() == 2);
  CHECK(p.file.tables[0].name == "u");
  CHECK(p.file.tables[1].name == "v");
  REQUIRE(p.file.aliases.size() == 1);
  CHECK(p.file.aliases[0].names == std::vector<std::string>{"B", "C"});
  REQUIRE(p.file.rules.size() == 1);
  CHECK(p.file.rules[0].id == "ok");
}

TEST_CASE("sub-queries, lists and distinct calls nest only to the limit", "[parser]") {
  const std::string nested_too_deeply = "expression nested too deeply (limit is 64)";
  const auto repeat = [](const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  CHECK(parse(rule_requiring(repeat("some a: b where ", 64) + "c")).rendered().empty());
  CHECK(parse(rule_requiring(repeat("x in [", 64) + "1" + repeat("]", 64))).rendered().empty());
  for (const std::string& expr :
       {repeat("some a: b where ", 65) + "c", repeat("x in [", 65) + "1" + repeat("]", 65),
        repeat("some a: b where ", 10000), repeat("no a: b where x in [", 10000),
        repeat("f(distinct ", 10000), repeat("x in [", 10000)}) {
    const Parsed p = parse(rule_requiring(expr));
    REQUIRE(p.diags.error_count() == 1);
    CHECK(p.diags.items()[0].message == nested_too_deeply);
  }
  // A long list is no nesting; its size is bounded by dsl::limits::kMaxExpressionNodes.
  const Parsed long_list = parse(rule_requiring("x in [" + repeat("1, ", 9990) + "1]"));
  CHECK(long_list.rendered().empty());
  REQUIRE(long_list.file.rules.size() == 1);
  CHECK(long_list.file.rules[0].require->args.size() == 9992);
  const Parsed too_long = parse(rule_requiring("x in [" + repeat("1, ", 100000) + "1]"));
  REQUIRE(too_long.diags.error_count() == 1);
  CHECK_THAT(too_long.diags.items()[0].message, Catch::StartsWith("rule too large"));
}

TEST_CASE("random sequences of the new tokens produce errors, never a crash", "[parser]") {
  const std::vector<std::string> tokens = {"import",     " \"std/quotes\"",
                                           "\n",         " table",
                                           " t",         " from",
                                           "{",          "}",
                                           ":",          ",",
                                           " alias",     " =",
                                           "rule r {",   " tags",
                                           " help",      " let",
                                           " group",     " by",
                                           " some",      " no",
                                           " in",        "[",
                                           "]",          " distinct",
                                           "2024-01-29", " 2024",
                                           "-",          "01",
                                           " where",     " require",
                                           " x",         "(",
                                           ")",          " not",
                                           " report",    " \"{x in [1]}\"",
                                           "\xff",       std::string(1, '\0')};
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::size_t> pick(0, tokens.size() - 1);
  std::uniform_int_distribution<int> count(1, 200);
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    for (int n = count(rng); n > 0; --n) text += tokens[pick(rng)];
    const Parsed p = parse(text);
    check_diagnostics_in_bounds(p);
    for (const Rule& r : p.file.rules) CHECK_FALSE(r.id.empty());
    for (const Table& t : p.file.tables) CHECK_FALSE(t.name.empty());
    for (const Alias& a : p.file.aliases) CHECK(a.names.size() >= 2);
  }
}

}  // namespace verity::dsl
