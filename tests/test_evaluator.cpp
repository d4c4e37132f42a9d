// Evaluation of compiled rules over facts held in memory: filters, hash joins, symmetric pairs,
// three-valued logic, report templates, the per-rule cap and fingerprints.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "dsl/compiler.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/evaluator.hpp"
#include "engine/expr_eval.hpp"

using namespace verity;

namespace {

std::uint32_t add_doc(FactStore& store, const std::string& id, const std::string& story,
                      const std::string& text = "A line of text.\nA second line.\n") {
  Document d;
  d.id = id;
  d.path = id;
  d.text = SourceText(id, text);
  d.meta["story"] = story;
  d.meta["role"] = "source";
  return store.add_document(std::move(d));
}

FactRef add_figure(FactStore& store, std::uint32_t doc, double value, const std::string& unit,
                   const std::string& subject, const std::string& text, Span span = {0, 4}) {
  NewFact f;
  f.kind = "figure";
  f.span = span;
  f.fields = {{"value", value}, {"unit", unit}, {"subject", subject}, {"text", text}};
  return store.add_fact(doc, f, "test");
}

FactRef add_quote(FactStore& store, std::uint32_t doc, const std::string& text,
                  const Value& speaker) {
  NewFact f;
  f.kind = "quote";
  f.span = {2, 6};
  f.fields = {{"text", text}, {"speaker", speaker}};
  return store.add_fact(doc, f, "test");
}

const char* kAgrees = R"(
rule figure.agrees "A figure must match across sources" {
  severity error
  for a: figure, b: figure
  where a.doc != b.doc and a.doc.story == b.doc.story
    and a.unit == b.unit and similar(a.subject, b.subject) >= 0.6
  require a.value ~= b.value within 1%
  report "{a.subject}: {a.text} in {a.doc} but {b.text} in {b.doc}"
}
)";

EvalResult run(const std::string& rules, const FactStore& store, EvalOptions options = {}) {
  auto set = dsl::compile_rule_text("test.rules", rules, store.schema());
  INFO(render(set->diagnostics));
  REQUIRE(set->ok());
  return evaluate(set->plans, store, options);
}

}  // namespace

TEST_CASE("a quote without a speaker is a finding; one with a speaker is not", "[evaluator]") {
  FactStore store(builtin_schema());
  const auto d = add_doc(store, "a.md", "s");
  add_quote(store, d, "we will build it", std::string("Mayor Solberg"));
  const FactRef lonely = add_quote(store, d, "nobody said this", Value{});
  const auto result = run(R"(rule quote.speaker "Each quote needs a speaker" {
    severity error
    for q: quote
    require q.speaker is set
    report "quote “{q.text}” has no attributed speaker"
  })",
                          store);
  REQUIRE(result.findings.size() == 1);
  const Finding& f = result.findings[0];
  CHECK(f.rule_id == "quote.speaker");
  CHECK(f.severity == Severity::error);
  CHECK(f.message == "quote “nobody said this” has no attributed speaker");
  REQUIRE(f.evidence.size() == 1);
  CHECK(f.evidence[0].variable == "q");
  CHECK(f.evidence[0].fact == lonely);
  REQUIRE(result.stats.size() == 1);
  CHECK(result.stats[0].bindings == 2);
}

TEST_CASE("figures that disagree across sources of one story are reported once per pair",
          "[evaluator]") {
  FactStore store(builtin_schema());
  const auto a = add_doc(store, "a.md", "bridge");
  const auto b = add_doc(store, "b.md", "bridge");
  const auto other = add_doc(store, "c.md", "another-story");
  add_figure(store, a, 12.5e6, "USD", "the repair contract", "$12.5 million");
  add_figure(store, b, 15e6, "USD", "the contract", "$15 million");
  add_figure(store, a, 240, "worker", "workers", "240 workers");
  add_figure(store, b, 241, "worker", "workers", "241 workers");          // within 1%
  add_figure(store, other, 99e6, "USD", "the contract", "$99 million");   // another story
  add_figure(store, b, 14, "month", "the repair contract", "14 months");  // another unit

  const auto result = run(kAgrees, store);
  REQUIRE(result.findings.size() == 1);
  const Finding& f = result.findings[0];
  CHECK(f.message == "the repair contract: $12.5 million in a.md but $15 million in b.md");
  REQUIRE(f.evidence.size() == 2);
  CHECK(f.evidence[0].variable == "a");
  CHECK(f.evidence[1].variable == "b");
}

TEST_CASE("the join gives the same findings as trying every pair", "[evaluator]") {
  // The same condition written so the planner can hash-join it (==) and so it cannot
  // (not … !=), over random facts: the two must agree.
  FactStore store(builtin_schema());
  std::mt19937 rng(7);
  std::vector<std::uint32_t> docs;
  for (int i = 0; i < 12; ++i) {
    docs.push_back(
        add_doc(store, "d" + std::to_string(i) + ".md", "story" + std::to_string(i % 3)));
  }
  const std::vector<std::string> units = {"USD", "tank", "percent"};
  for (int i = 0; i < 300; ++i) {
    add_figure(store, docs[rng() % docs.size()], static_cast<double>(rng() % 5),
               units[rng() % units.size()], "subject " + std::to_string(rng() % 4), "x");
  }
  const std::string joined = R"(rule j {
    for a: figure, b: figure
    where a.doc != b.doc and a.doc.story == b.doc.story and a.unit == b.unit
    require a.value == b.value
  })";
  const std::string looped = R"(rule j {
    for a: figure, b: figure
    where a.doc != b.doc and not (a.doc.story != b.doc.story) and not (a.unit != b.unit)
    require a.value == b.value
  })";
  auto identities = [](const EvalResult& r) {
    std::set<std::pair<std::uint32_t, std::uint32_t>> out;
    for (const auto& f : r.findings) {
      const auto x = f.evidence[0].fact.index, y = f.evidence[1].fact.index;
      out.insert({std::min(x, y), std::max(x, y)});
    }
    return out;
  };
  EvalOptions unlimited;
  unlimited.max_findings_per_rule = 1000000;
  const auto with_join = run(joined, store, unlimited);
  const auto with_loop = run(looped, store, unlimited);
  CHECK(with_join.findings.size() > 100);
  CHECK(identities(with_join) == identities(with_loop));
  CHECK(with_join.findings.size() == identities(with_join).size());  // each pair once
  // Both plans pass the same bindings to `require`.
  CHECK(with_join.stats[0].bindings == with_loop.stats[0].bindings);
}

TEST_CASE(
    "the planner turns equalities into join keys and single-variable conditions into "
    "filters",
    "[evaluator][planner]") {
  const Schema schema = builtin_schema();
  auto set = dsl::compile_rule_text("t.rules", kAgrees, schema);
  REQUIRE(set->ok());
  REQUIRE(set->plans.size() == 1);
  CHECK(dsl::describe_plan(set->plans[0], schema) ==
        "rule figure.agrees (t.rules:2), severity error\n"
        "  scan a: figure\n"
        "    est. 10,000 rows\n"
        "  hash join b: figure on a.doc.story = b.doc.story, a.unit = b.unit\n"
        "    check a.doc != b.doc\n"
        "    check similar(a.subject, b.subject) >= 0.6\n"
        "    est. 10,000 rows: 1 per earlier row (10,000 facts)\n"
        "  require a.value ~= b.value within 1%\n"
        "  est. cost: 20,000 bindings, assuming 10,000 facts per kind\n");
  CHECK(set->diagnostics.items().empty());

  auto cartesian = dsl::compile_rule_text(
      "c.rules", "rule c {\n  for q: quote, f: figure\n  require q.speaker is set\n}\n", schema);
  REQUIRE(cartesian->ok());
  CHECK_THAT(render(cartesian->diagnostics),
             Catch::Contains("c.rules:2:17: warning: in rule 'c', variable 'f' (figure) is joined "
                             "to 'q' (quote) by no equality"));
}

TEST_CASE("unset values make a condition unknown: no finding, and filtered out of where",
          "[evaluator]") {
  FactStore store(builtin_schema());
  const auto a = add_doc(store, "a.md", "s");
  const auto b = add_doc(store, "b.md", "s");
  NewFact no_value;
  no_value.kind = "figure";
  no_value.fields = {{"unit", std::string("USD")}, {"subject", std::string("contract")}};
  store.add_fact(a, no_value, "test");
  add_figure(store, b, 5, "USD", "contract", "$5");
  CHECK(run(kAgrees, store).findings.empty());

  const auto filtered = run(R"(rule r {
    for f: figure
    where f.value > 1
    require f.value > 100
  })",
                            store);
  CHECK(filtered.stats[0].bindings == 1);
  CHECK(filtered.findings.size() == 1);
}

TEST_CASE("a rule stops at its finding limit and says so", "[evaluator]") {
  FactStore store(builtin_schema());
  const auto d = add_doc(store, "a.md", "s");
  for (int i = 0; i < 50; ++i) add_quote(store, d, "q" + std::to_string(i), Value{});
  EvalOptions options;
  options.max_findings_per_rule = 10;
  const auto result =
      run("rule r {\n for q: quote\n require q.speaker is set\n}\n", store, options);
  CHECK(result.findings.size() == 10);
  CHECK(result.stats[0].capped);
}

TEST_CASE("fingerprints depend on content, not on spans or the order of variables", "[evaluator]") {
  auto fingerprints = [](Span first_span, bool swap_docs) {
    FactStore store(builtin_schema());
    const auto a = add_doc(store, swap_docs ? "b.md" : "a.md", "s");
    const auto b = add_doc(store, swap_docs ? "a.md" : "b.md", "s");
    add_figure(store, swap_docs ? b : a, 10, "tank", "tanks", "10 tanks", first_span);
    add_figure(store, swap_docs ? a : b, 12, "tank", "tanks", "12 tanks");
    auto set = dsl::compile_rule_text("t.rules", kAgrees, store.schema());
    const auto result = evaluate(set->plans, store);
    REQUIRE(result.findings.size() == 1);
    return result.findings[0].fingerprint;
  };
  const std::string base = fingerprints({0, 4}, false);
  CHECK(base.size() == 32);
  CHECK(fingerprints({100, 108}, false) == base);  // moved within its file
  CHECK(fingerprints({0, 4}, true) == base);       // found in the other order

  FactStore store(builtin_schema());
  const auto a = add_doc(store, "a.md", "s");
  const auto b = add_doc(store, "b.md", "s");
  add_figure(store, a, 10, "tank", "tanks", "10 tanks");
  add_figure(store, b, 13, "tank", "tanks", "13 tanks");
  auto set = dsl::compile_rule_text("t.rules", kAgrees, store.schema());
  CHECK(evaluate(set->plans, store).findings.at(0).fingerprint != base);  // other content
}

TEST_CASE("functions and arithmetic", "[evaluator]") {
  FactStore store(builtin_schema());
  const auto d = add_doc(store, "a.md", "s");
  add_figure(store, d, -31, "tank", "Advanced Main Battle Tanks", "31 tanks");
  const auto ok = [&](const std::string& condition) {
    const auto result = run("rule r {\n for f: figure\n require " + condition + "\n}\n", store);
    return result.findings.empty();
  };
  CHECK(ok("abs(f.value) == 31"));
  CHECK(ok("f.value * 2 + 62 == 0"));
  CHECK(ok("lower(f.subject) == \"advanced main battle tanks\""));
  CHECK(ok("words(f.subject) == 4"));
  CHECK(ok("len(f.unit) == 4"));
  CHECK(ok("contains(f.subject, \"battle\")"));
  CHECK(ok("similar(f.subject, \"main battle tanks\") == 0.75"));
  CHECK(ok("f.value / 0 == 1"));  // division by zero is unknown: no finding
  CHECK(!ok("f.value > 0"));
  CHECK(ok("f.value ~= -30 within 1"));
  CHECK(!ok("f.value ~= -30 within 1%"));
  CHECK(ok("f.value ~= -30 within 4%"));
}

TEST_CASE("a rule over its cost budget does not run, and says so", "[evaluator]") {
  FactStore store(builtin_schema());
  const auto d = add_doc(store, "a.md", "s");
  for (int i = 0; i < 100; ++i) add_quote(store, d, "q" + std::to_string(i), Value{});
  EvalOptions options;
  options.max_bindings = 5000;  // 100 × 100 pairs plus the first scan is 10,100
  const auto result = run(R"(rule pairs {
    for a: quote, b: quote
    where a.text != b.text
    require a.speaker is set
  })",
                          store, options);
  CHECK(result.findings.empty());
  REQUIRE(result.stats.size() == 1);
  CHECK(result.stats[0].over_budget);
  CHECK(result.stats[0].estimated_bindings == 10100);
  CHECK(result.stats[0].tried == 0);

  options.max_bindings = 20000;
  const auto within = run(R"(rule pairs {
    for a: quote, b: quote
    where a.text != b.text
    require a.speaker is set
  })",
                          store, options);
  CHECK(!within.stats[0].over_budget);
  CHECK(within.findings.size() == 4950);  // each unordered pair once
}

TEST_CASE("same_person and matches", "[evaluator]") {
  CHECK(same_person_names("Kim Tong-Myong", "Kim Dong Myung"));
  CHECK(same_person_names("Kim Dong-myung", "kim dong myung"));
  CHECK(!same_person_names("Kim Yo-jong", "Kim Jong-un"));
  CHECK(same_person_names("Jens Stoltenberg", "Stoltenberg, Jens"));
  CHECK(same_person_names("J. Stoltenberg", "Jens Stoltenberg"));
  CHECK(!same_person_names("J. Stoltenberg", "Erna Stoltenberg"));
  CHECK(!same_person_names("Jens Stoltenberg", "Jens"));

  FactStore store(builtin_schema());
  const auto d = add_doc(store, "a.md", "s");
  add_quote(store, d, "a red line", std::string("Kim Yo-jong"));
  const auto result = run(R"(rule r {
    for q: quote
    require not matches(q.text, "(?i)red\\s+LINE") and same_person(q.speaker, "Kim Yo Jong")
  })",
                          store);
  CHECK(result.findings.size() == 1);
  const Schema schema = builtin_schema();
  CHECK_THAT(render(dsl::compile_rule_text("t.rules",
                                           "rule r {\n for q: quote\n require matches(q.text, "
                                           "\"(unclosed\")\n}\n",
                                           schema)
                        ->diagnostics),
             Catch::Contains("t.rules:3:26: error: this regular expression does not compile: "
                             "missing ): (unclosed"));
}
