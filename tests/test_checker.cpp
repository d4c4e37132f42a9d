// The checker pass: every name and type problem of a rule file, all reported at once, with
// exact `file:line:col: error:` text, the source line and a caret.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "dsl/compiler.hpp"
#include "engine/builtin_schema.hpp"

using namespace verity;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Compiles `text` as a rule file named "test.rules" and returns the rendered diagnostics.
std::string diagnostics_of(const std::string& text) {
  const Schema schema = builtin_schema();
  auto set = dsl::compile_rule_text("test.rules", text, schema);
  return render(set->diagnostics);
}

std::string rule_with(const std::string& bindings, const std::string& require) {
  return "rule r \"t\" {\n  severity error\n  for " + bindings + "\n  require " + require + "\n}\n";
}

}  // namespace

TEST_CASE("three different mistakes are reported together with line, column and caret",
          "[checker]") {
  const Schema schema = builtin_schema();
  const std::string text =
      read_file(std::string(VERITY_TEST_DATA_DIR) + "/rules/three_mistakes.rules");
  auto set = dsl::compile_rule_text("three_mistakes.rules", text, schema);
  CHECK(set->diagnostics.error_count() == 3);
  CHECK(set->plans.empty());
  CHECK(render(set->diagnostics) ==
        "three_mistakes.rules:5:13: error: quote has no field 'speeker'; did you mean "
        "'speaker'?\n"
        "    require q.speeker is set\n"
        "              ^~~~~~~\n"
        "three_mistakes.rules:10:21: error: unknown kind 'figur'; did you mean 'figure'?\n"
        "    for a: figure, b: figur\n"
        "                      ^~~~~\n"
        "three_mistakes.rules:18:11: error: cannot compare a number with text: 'f.value' is a "
        "number, '\"thirty-one\"' is text\n"
        "    require f.value == \"thirty-one\"\n"
        "            ^~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST_CASE("a valid rule compiles to a plan without diagnostics", "[checker]") {
  const Schema schema = builtin_schema();
  auto set = dsl::compile_rule_text("ok.rules", rule_with("q: quote", "q.speaker is set"), schema);
  CHECK(render(set->diagnostics).empty());
  REQUIRE(set->plans.size() == 1);
  CHECK(set->plans[0].severity == Severity::error);
}

TEST_CASE("unknown names get a suggestion or the list of known names", "[checker]") {
  SECTION("a misspelt variable") {
    CHECK_THAT(diagnostics_of(rule_with("quote: quote", "qoute.speaker is set")),
               Catch::Contains("unknown variable 'qoute'; did you mean 'quote'?"));
  }
  SECTION("a variable far from any bound one lists those bound") {
    CHECK_THAT(diagnostics_of(rule_with("q: quote", "zzz.speaker is set")),
               Catch::Contains("unknown variable 'zzz' (variables bound by 'for': q)"));
  }
  SECTION("a field far from any lists the kind's fields") {
    CHECK_THAT(diagnostics_of(rule_with("q: quote", "q.xyzzy is set")),
               Catch::Contains("quote has no field 'xyzzy' (its fields: doc, text, speaker,"));
  }
  SECTION("a misspelt function") {
    CHECK_THAT(diagnostics_of(rule_with("a: figure", "simlar(a.subject, a.text) > 0.5")),
               Catch::Contains("unknown function 'simlar'; did you mean 'similar'?"));
  }
  SECTION("a field of a field that is not a fact") {
    CHECK_THAT(diagnostics_of(rule_with("q: quote", "q.text.size is set")),
               Catch::Contains("'q.text' is text and has no fields"));
  }
  SECTION("a field reached through the document") {
    CHECK(diagnostics_of(rule_with("q: quote", "q.doc.story == \"x\"")).empty());
    CHECK_THAT(diagnostics_of(rule_with("q: quote", "q.doc.stroy == \"x\"")),
               Catch::Contains("doc has no field 'stroy'; did you mean 'story'?"));
  }
}

TEST_CASE("types are checked", "[checker]") {
  SECTION("a condition must be true or false") {
    CHECK_THAT(diagnostics_of(rule_with("q: quote", "q.speaker")),
               Catch::Contains("the condition after 'require' must be true or false, but "
                               "'q.speaker' is text; did you mean 'q.speaker is set'?"));
  }
  SECTION("'and' needs true or false on both sides") {
    CHECK_THAT(diagnostics_of(rule_with("f: figure", "f.value and f.approx")),
               Catch::Contains("'and' needs true/false, but 'f.value' is a number"));
  }
  SECTION("~= needs numbers") {
    CHECK_THAT(diagnostics_of(rule_with("f: figure", "f.unit ~= f.text within 1%")),
               Catch::Contains("'~=' needs a number, but 'f.unit' is text"));
  }
  SECTION("facts of different kinds cannot be compared") {
    CHECK_THAT(diagnostics_of(rule_with("q: quote, f: figure", "q == f")),
               Catch::Contains("cannot compare a quote fact with a figure fact"));
  }
  SECTION("function arguments") {
    CHECK_THAT(diagnostics_of(rule_with("f: figure", "similar(f.value, f.text) > 0.5")),
               Catch::Contains("argument 1 of similar() must be text, but 'f.value' is a number"));
    CHECK_THAT(diagnostics_of(rule_with("f: figure", "similar(f.text) > 0.5")),
               Catch::Contains("similar() takes 2 arguments (similar(text, text)), but 1 was "
                               "given"));
  }
  SECTION("one unknown name does not cascade into type errors") {
    const std::string out = diagnostics_of(rule_with("f: figure", "f.valeu ~= 3 within 1"));
    CHECK_THAT(out, Catch::Contains("did you mean 'value'?"));
    CHECK_THAT(out, !Catch::Contains("needs"));
  }
}

TEST_CASE("rule-level problems", "[checker]") {
  SECTION("no require clause") {
    CHECK_THAT(diagnostics_of("rule r \"t\" {\n  for q: quote\n}\n"),
               Catch::Contains("rule 'r' has no 'require' clause"));
  }
  SECTION("no for clause") {
    CHECK_THAT(diagnostics_of("rule r \"t\" {\n  require 1 == 1\n}\n"),
               Catch::Contains("rule 'r' has no 'for' clause"));
  }
  SECTION("unknown severity") {
    CHECK_THAT(diagnostics_of("rule r {\n  severity eror\n  for q: quote\n  require q.speaker "
                              "is set\n}\n"),
               Catch::Contains("unknown severity 'eror'; did you mean 'error'?"));
  }
  SECTION("a variable bound twice") {
    CHECK_THAT(diagnostics_of(rule_with("q: quote, q: figure", "q.speaker is set")),
               Catch::Contains("variable 'q' is bound twice in rule 'r'"));
  }
  SECTION("a rule id used twice points at the first use") {
    const std::string one = rule_with("q: quote", "q.speaker is set");
    const std::string out = diagnostics_of(one + one);
    CHECK_THAT(out, Catch::Contains("test.rules:6:6: error: rule id 'r' is already used"));
    CHECK_THAT(out, Catch::Contains("test.rules:1:6: note: first used here"));
  }
  SECTION("report templates are checked too") {
    CHECK_THAT(diagnostics_of("rule r {\n  for q: quote\n  require q.speaker is set\n  report "
                              "\"{q.txt}\"\n}\n"),
               Catch::Contains("quote has no field 'txt'; did you mean 'text'?"));
  }
  SECTION("a missing severity defaults to warning") {
    const Schema schema = builtin_schema();
    auto set = dsl::compile_rule_text(
        "t.rules", "rule r {\n  for q: quote\n  require q.speaker is set\n}\n", schema);
    REQUIRE(set->plans.size() == 1);
    CHECK(set->plans[0].severity == Severity::warning);
  }
}
