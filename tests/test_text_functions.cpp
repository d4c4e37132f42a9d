// The text functions the shipped rule packs lean on to compare two versions of a quote:
// word_diff() (what a finding shows) and contains_words() (what counts as an excerpt).
#include <catch2/catch.hpp>

#include "dsl/compiler.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/evaluator.hpp"

using namespace verity;

namespace {

// One document holding one quote per text; each rule sees them as q.
FactStore store_with_quotes(const std::vector<std::string>& texts) {
  FactStore store(builtin_schema());
  Document d;
  d.id = "a.md";
  d.path = "a.md";
  d.text = SourceText("a.md", "A line of text.\n");
  d.meta["story"] = "s";
  d.meta["role"] = "source";
  const auto doc = store.add_document(std::move(d));
  for (const std::string& text : texts) {
    NewFact f;
    f.kind = "quote";
    f.span = {0, 4};
    f.fields = {{"text", text}};
    store.add_fact(doc, f, "test");
  }
  return store;
}

// The report of a rule that fails for every quote: the rendered expression, one per quote.
std::vector<std::string> rendered(const std::string& expr, const std::vector<std::string>& texts) {
  FactStore store = store_with_quotes(texts);
  // The expression goes in a `let`: a report template holds no text literals.
  const std::string rules =
      "rule r {\n  for q: quote\n  let v = " + expr + "\n  require false\n  report \"{v}\"\n}\n";
  auto set = dsl::compile_rule_text("t.rules", rules, store.schema());
  INFO(render(set->diagnostics));
  REQUIRE(set->ok());
  std::vector<std::string> out;
  for (const Finding& f : evaluate(set->plans, store, {}).findings) out.push_back(f.message);
  return out;
}

}  // namespace

TEST_CASE("word_diff shows the words each version has that the other lacks", "[text-functions]") {
  using V = std::vector<std::string>;
  CHECK(rendered("word_diff(q.text, \"we could only protect the houses\")",
                 {"we could only save the houses next door"}) ==
        V{"“save next door” vs “protect”"});
  // Case, punctuation, repeats and typographic apostrophes are not differences.
  CHECK(rendered("word_diff(q.text, \"The town's freight, the TOWN\")", {"the town’s freight"}) ==
        V{"(none) vs (none)"});
  CHECK(rendered("word_diff(q.text, \"paid in full and almost on time\")",
                 {"paid in full and on time"}) == V{"(none) vs “almost”"});
}

TEST_CASE("contains_words finds an excerpt whatever its punctuation, not scattered words",
          "[text-functions]") {
  using V = std::vector<std::string>;
  const V texts = {"The budget is balanced for the third year running,",
                   "paid in full and almost on time", "The roof came\ndown within the hour"};
  // The first quote holds the excerpt (a trailing comma aside); the second has every word of
  // "paid in full and on time" but not in a row; the third has a line break inside.
  CHECK(rendered("contains_words(q.text, \"the budget is balanced for the third year\")", texts) ==
        V{"true", "false", "false"});
  CHECK(rendered("contains_words(q.text, \"paid in full and on time\")", texts) ==
        V{"false", "false", "false"});
  CHECK(rendered("contains_words(q.text, \"roof came down\")", texts) ==
        V{"false", "false", "true"});
  CHECK(rendered("contains_words(q.text, \"...\")", texts) == V{"false", "false", "false"});
}
