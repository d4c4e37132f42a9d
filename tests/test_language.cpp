// The complete language over real compiled rules: let, date literals, in-lists, some/no
// sub-queries (semi and anti joins), group by with aggregates, and their checker errors.
#include <catch2/catch.hpp>

#include "dsl/compiler.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/evaluator.hpp"

using namespace verity;

namespace {

std::uint32_t add_doc(FactStore& store, const std::string& id, const std::string& role,
                      const std::string& published = "") {
  Document d;
  d.id = id;
  d.text = SourceText(id, "text\n");
  d.meta["story"] = "s";
  d.meta["role"] = role;
  if (!published.empty()) d.meta["published"] = published;
  return store.add_document(std::move(d));
}

FactRef add(FactStore& store, std::uint32_t doc, const std::string& kind,
            std::vector<std::pair<std::string, Value>> fields) {
  NewFact f;
  f.kind = kind;
  f.fields = std::move(fields);
  return store.add_fact(doc, f, "test");
}

EvalResult run(const std::string& rules, const FactStore& store) {
  auto set = dsl::compile_rule_text("t.rules", rules, store.schema());
  INFO(render(set->diagnostics));
  REQUIRE(set->ok());
  return evaluate(set->plans, store);
}

std::string errors_of(const std::string& rules) {
  const Schema schema = builtin_schema();
  return render(dsl::compile_rule_text("t.rules", rules, schema)->diagnostics);
}

std::vector<std::string> messages(const EvalResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.message);
  return out;
}

}  // namespace

TEST_CASE("every figure of a summary must appear in a source (semi join)", "[language]") {
  FactStore store(builtin_schema());
  const auto source = add_doc(store, "source.md", "source");
  const auto summary = add_doc(store, "summary.md", "summary");
  add(store, source, "figure",
      {{"value", 31.0}, {"unit", std::string("tank")}, {"text", std::string("31 tanks")}});
  add(store, source, "figure",
      {{"value", 14.5e9}, {"unit", std::string("USD")}, {"text", std::string("$14.5 billion")}});
  add(store, summary, "figure",
      {{"value", 31.0}, {"unit", std::string("tank")}, {"text", std::string("31 tanks")}});
  add(store, summary, "figure",
      {{"value", 15e9}, {"unit", std::string("USD")}, {"text", std::string("$15 billion")}});
  add(store, summary, "figure",
      {{"value", 3.0}, {"unit", std::string("jet")}, {"text", std::string("three jets")}});
  const std::string rule = R"RULE(
rule summary.figure-supported "Every figure in a summary appears in a source" {
  severity error
  for s: figure where s.doc.role == "summary"
  require some f: figure where f.doc.role == "source"
                          and f.unit == s.unit and f.value ~= s.value within 0.5%
  report "{s.text} appears in no source"
})RULE";
  const auto result = run(rule, store);
  CHECK(messages(result) == std::vector<std::string>{"$15 billion appears in no source",
                                                     "three jets appears in no source"});

  auto set = dsl::compile_rule_text("t.rules", rule, store.schema());
  const std::string plan = dsl::describe_plan(set->plans[0], store.schema());
  CHECK_THAT(plan, Catch::Contains("semi join f: figure on s.unit = f.unit\n"
                                   "    filter f.doc.role == \"source\"\n"
                                   "    check f.value ~= s.value within 0.5%\n"));

  // The same rule with `no`, inverted, gives the same findings (an anti join).
  const auto anti = run(R"RULE(
rule summary.unsupported {
  for s: figure where s.doc.role == "summary"
  require not (no f: figure where f.doc.role == "source"
                                and f.unit == s.unit and f.value ~= s.value within 0.5%)
  report "{s.text} appears in no source"
})RULE",
                        store);
  CHECK(messages(anti) == messages(result));
}

TEST_CASE("group by with aggregates: one finding per group, with every fact as evidence",
          "[language]") {
  FactStore store(builtin_schema());
  const auto a = add_doc(store, "a.md", "source");
  const auto b = add_doc(store, "b.md", "source");
  add(store, a, "person",
      {{"name", std::string("Kim Tong-Myong")}, {"key", std::string("kim dong myong")}});
  add(store, b, "person",
      {{"name", std::string("Kim Dong Myung")}, {"key", std::string("kim dong myong")}});
  add(store, b, "person",
      {{"name", std::string("Kim Dong-myung")}, {"key", std::string("kim dong myong")}});
  add(store, b, "person",
      {{"name", std::string("Kim Dong Myung")}, {"key", std::string("kim dong myong")}});
  add(store, a, "person",
      {{"name", std::string("Jens Stoltenberg")}, {"key", std::string("jens stoltenberg")}});
  add(store, b, "person",
      {{"name", std::string("Jens Stoltenberg")}, {"key", std::string("jens stoltenberg")}});
  const auto result = run(R"RULE(
rule person.one-spelling "A person is spelled one way" {
  severity warning
  for p: person
  group by p.key
  require count(distinct p.name) == 1
  report "{p.key} is written as {values(p.name)} ({count()} mentions, {count(distinct p.doc)} documents)"
})RULE",
                          store);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].message ==
        "kim dong myong is written as Kim Tong-Myong, Kim Dong Myung, Kim Dong-myung "
        "(4 mentions, 2 documents)");
  CHECK(result.findings[0].evidence.size() == 4);
  CHECK(result.findings[0].evidence[0].variable == "p");
  CHECK(result.stats[0].bindings == 2);  // two groups checked

  const auto agg = run(R"RULE(
rule r {
  for p: person
  group by p.doc
  require all_equal(p.key) and min(p.name) != max(p.name) and sum(len(p.name)) > 0
})RULE",
                       store);
  CHECK(agg.findings.size() == 2);  // neither document has one person only
}

TEST_CASE("let, date literals and in-lists", "[language]") {
  FactStore store(builtin_schema());
  const auto d = add_doc(store, "a.md", "source", "2024-05-24");
  Date day;
  REQUIRE(parse_iso_date("2024-01-29", day));
  add(store, d, "date",
      {{"start", day}, {"end", Date{day.days + 1}}, {"text", std::string("29 to 30 January")}});
  add(store, d, "figure", {{"value", 12.0}, {"unit", std::string("tank")}});
  add(store, d, "figure", {{"value", 12.0}, {"unit", std::string("jet")}});
  const auto dates = run(R"RULE(
rule date.window {
  for x: date
  let length = days_between(x.start, x.end)
  require x.start >= 2024-01-01 and x.end ~= 2024-02-01 within 2 days and length == 1
    and days_between(x.end, x.doc.published) < 100
})RULE",
                         store);
  CHECK(dates.findings.size() == 1);  // 2024-01-30 to 2024-05-24 is 115 days

  const auto units = run(R"RULE(
rule figure.known-unit {
  for f: figure
  require f.unit in ["tank", "USD"]
  report "{f.unit}"
})RULE",
                         store);
  CHECK(messages(units) == std::vector<std::string>{"jet"});
}

TEST_CASE("checker errors of the complete language", "[language][checker]") {
  CHECK_THAT(errors_of("rule r {\n  for p: person\n  require count(p.name) > 1\n}\n"),
             Catch::Contains("count() summarises a group: use it in 'require' or 'report' of a "
                             "rule with 'group by'"));
  CHECK_THAT(errors_of("rule r {\n  for p: person\n  group by p.key\n  require "
                       "count(count(p.name)) > 1\n}\n"),
             Catch::Contains("count() inside another aggregate"));
  CHECK_THAT(errors_of("rule r {\n  for p: person\n  require lower(distinct p.name) == \"x\"\n}\n"),
             Catch::Contains("'distinct' goes with count()"));
  CHECK_THAT(errors_of("rule r {\n  for f: figure\n  require f.value > 2024-02-30\n}\n"),
             Catch::Contains("2024-02-30 is not a date"));
  CHECK_THAT(errors_of("rule r {\n  for f: figure\n  require f.unit in [\"USD\", 3]\n}\n"),
             Catch::Contains("the list holds a number, but 'f.unit' is text"));
  CHECK_THAT(
      errors_of("rule r {\n  for f: figure\n  require some f: figure where f.value > 1\n}\n"),
      Catch::Contains("variable 'f' is already bound"));
  CHECK_THAT(errors_of("rule r {\n  for f: figure\n  require some g: figur where g.value > 1\n}\n"),
             Catch::Contains("unknown kind 'figur'; did you mean 'figure'?"));
  CHECK_THAT(errors_of("rule r {\n  for f: figure\n  let f = 3\n  require f.value > 1\n}\n"),
             Catch::Contains("'f' is already the name of a variable"));
  CHECK_THAT(errors_of("rule r {\n  for f: figure\n  require g.value > 1 or some g: figure\n}\n"),
             Catch::Contains("unknown variable 'g'"));  // g is visible inside its sub-query only
  CHECK_THAT(errors_of("rule r {\n  for f: figure, g: figure\n  where f.doc == g.doc\n  require "
                       "f.value > 1\n}\n"),
             !Catch::Contains("never used"));
  CHECK_THAT(errors_of("rule r {\n  for f: figure, g: figure\n  require f.value > 1\n}\n"),
             Catch::Contains("t.rules:2:18: warning: variable 'g' is never used in rule 'r'"));
}
