// Tests of the planner's blocking keys (same_person / similar joins), the cost model of
// dsl/plan_cost.hpp, and `verity compile --explain` with real fact counts (engine/plan_counts).

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "dsl/compiler.hpp"
#include "dsl/plan_cost.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/plan_counts.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

namespace {

std::string text_of(const dsl::RuleSet& set, const dsl::Expr* e) {
  return set.sources[0]->text().substr(e->span.begin, e->span.end - e->span.begin);
}

std::string two_figures(const std::string& where) {
  return "rule r {\n  for a: figure, b: figure\n  where " + where +
         "\n  require a.value ~= b.value within 1%\n}\n";
}

std::size_t cartesian_warnings(const dsl::RuleSet& set) {
  std::size_t n = 0;
  for (const auto& d : set.diagnostics.items()) {
    if (d.message.find("cartesian product") != std::string::npos) ++n;
  }
  return n;
}

std::string figure_fact(const std::string& doc, const std::string& unit) {
  return R"({"kind":"figure","doc":")" + doc + R"(","value":5,"unit":")" + unit +
         R"(","subject":"the contract"})" + "\n";
}

}  // namespace

TEST_CASE("same_person() and similar() >= t between two variables become blocking keys",
          "[planner]") {
  const Schema schema = builtin_schema();

  auto names = dsl::compile_rule_text(
      "t.rules",
      "rule r {\n  for a: quote, b: person\n  where same_person(b.name, a.speaker)\n"
      "  require a.text is set\n}\n",
      schema);
  REQUIRE(names->ok());
  const dsl::PlanStep& step = names->plans[0].steps[1];
  REQUIRE(step.blocks.size() == 1);
  CHECK(step.blocks[0].method == dsl::BlockKey::Method::person_name);
  CHECK(text_of(*names, step.blocks[0].probe) == "a.speaker");  // reads the earlier variable
  CHECK(text_of(*names, step.blocks[0].build) == "b.name");
  CHECK(step.checks.size() == 1);  // the condition still decides
  CHECK(cartesian_warnings(*names) == 0);
  CHECK_THAT(dsl::describe_plan(names->plans[0], schema),
             Catch::Contains("  blocked join b: person on person-name words of a.speaker = "
                             "b.name\n    check same_person(b.name, a.speaker)\n"));

  // The threshold on either side, through a let.
  for (const std::string where : {"similar(a.subject, b.subject) > 0.2",
                                  "0.5 <= similar(b.subject, a.subject)", "sim >= 0.5"}) {
    INFO(where);
    const std::string text =
        "rule r {\n  for a: figure, b: figure\n"
        "  let sim = similar(a.subject, b.subject)\n  where " +
        where + "\n  require a.value ~= b.value within 1%\n}\n";
    auto set = dsl::compile_rule_text("t.rules", text, schema);
    REQUIRE(set->ok());
    const auto& blocks = set->plans[0].steps[1].blocks;
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0].method == dsl::BlockKey::Method::words);
    CHECK(text_of(*set, blocks[0].probe) == "a.subject");
    CHECK(text_of(*set, blocks[0].build) == "b.subject");
    CHECK(cartesian_warnings(*set) == 0);
  }
}

TEST_CASE("no blocking key when an equality joins, or when the condition cannot prune",
          "[planner]") {
  const Schema schema = builtin_schema();
  // A hash key serves the step: the fuzzy condition is only a check.
  auto keyed = dsl::compile_rule_text(
      "t.rules", two_figures("similar(a.subject, b.subject) >= 0.6 and a.unit == b.unit"), schema);
  REQUIRE(keyed->ok());
  CHECK(keyed->plans[0].steps[1].keys.size() == 1);
  CHECK(keyed->plans[0].steps[1].blocks.empty());

  // A pair sharing no word scores 0, which `>= 0` and `< t` let pass: no block; nor for a
  // threshold that is not a number written in the rule, a condition on one variable (a
  // filter), or a negated same_person().
  for (const std::string where :
       {"similar(a.subject, b.subject) >= 0", "similar(a.subject, b.subject) < 0.5",
        "similar(b.subject, b.text) > 0.5", "similar(a.subject, b.subject) > a.value",
        "not same_person(a.subject, b.subject)"}) {
    INFO(where);
    auto set = dsl::compile_rule_text("t.rules", two_figures(where), schema);
    REQUIRE(set->ok());
    CHECK(set->plans[0].steps[1].blocks.empty());
    CHECK(cartesian_warnings(*set) == 1);
  }
}

TEST_CASE("the cartesian warning names variables and kinds and estimates the size", "[planner]") {
  const Schema schema = builtin_schema();
  auto set = dsl::compile_rule_text(
      "c.rules",
      "rule c {\n  for q: quote, f: figure, d: date\n"
      "  where q.doc == f.doc and d.precision == \"day\"\n  require q.speaker is set\n}\n",
      schema);
  REQUIRE(set->ok());
  // q: 10,000 rows; f: 100 per q (one key); d: 1,000 per row (a filter of 1/10).
  CHECK_THAT(render(set->diagnostics),
             Catch::Contains("c.rules:2:28: warning: in rule 'c', variable 'd' (date) is joined "
                             "to 'q' (quote), 'f' (figure) by no equality and no same_person() "
                             "or similar() condition: every combination of facts is tried (a "
                             "cartesian product of about 1.0e9 bindings at 10,000 facts per "
                             "kind)"));
}

TEST_CASE("the cost model: selectivities, fan-outs and sub-queries", "[planner][cost]") {
  const Schema schema = builtin_schema();
  auto set = dsl::compile_rule_text(
      "t.rules",
      "rule r {\n  for a: figure, b: quote\n"
      "  where a.doc == b.doc and b.speaker != \"x\" and a.unit in [\"USD\", \"EUR\"]\n"
      "  require some p: person where p.doc == a.doc and p.key is set\n}\n",
      schema);
  REQUIRE(set->ok());
  const auto figure = *schema.kind_index("figure"), quote = *schema.kind_index("quote");
  dsl::Cardinalities counts;
  counts.facts_per_kind.resize(schema.kinds().size());
  counts.facts_per_kind[figure] = 2000;
  counts.facts_per_kind[quote] = 500;
  const dsl::PlanEstimate e = dsl::estimate_plan(set->plans[0], counts);
  REQUIRE(e.steps.size() == 2);
  CHECK(e.steps[0].candidates == Approx(400));  // `in` two items: 2/10
  CHECK(e.steps[0].rows == Approx(400));
  CHECK(e.steps[1].candidates == Approx(450));  // `!=`: 9/10
  CHECK(e.steps[1].per_row == Approx(4.5));     // one key: 1/100
  CHECK(e.steps[1].rows == Approx(1800));
  CHECK(e.bindings == Approx(2200));
  REQUIRE(e.subqueries.size() == 1);
  CHECK(e.subqueries[0].facts == Approx(10000));  // person has no count: assumed
  CHECK(e.subqueries[0].per_lookup == Approx(10000.0 / 3 / 100));
  CHECK(e.subquery_tries == Approx(1800 * 10000.0 / 3 / 100));
  const std::string plan = dsl::describe_plan(set->plans[0], schema, counts);
  CHECK_THAT(plan, Catch::Contains("    est. 400 rows (2,000 facts, filtered to 400)\n"));
  CHECK_THAT(plan, Catch::Contains("    est. 1,800 rows: 4.5 per earlier row (500 facts, "
                                   "filtered to 450)\n"));
  CHECK_THAT(plan, Catch::EndsWith("  est. cost: 2,200 bindings + 60,000 sub-query facts tried, "
                                   "with the facts counted, assuming 10,000 facts of person\n"));

  counts.facts_per_kind[*schema.kind_index("person")] = 0;
  CHECK_THAT(dsl::describe_plan(set->plans[0], schema, counts),
             Catch::EndsWith("  est. cost: 2,200 bindings + 0 sub-query facts tried, with the "
                             "facts counted\n"));
}

TEST_CASE("estimates are written for people", "[cost]") {
  CHECK(dsl::format_estimate(0) == "0");
  CHECK(dsl::format_estimate(0.004) == "<0.01");
  CHECK(dsl::format_estimate(0.25) == "0.25");
  CHECK(dsl::format_estimate(1) == "1");
  CHECK(dsl::format_estimate(2.54) == "2.5");
  CHECK(dsl::format_estimate(10000) == "10,000");
  CHECK(dsl::format_estimate(999999.4) == "999,999");
  CHECK(dsl::format_estimate(1e8) == "1.0e8");
  CHECK(dsl::format_estimate(3.33e7) == "3.3e7");
  CHECK(dsl::format_estimate(9.96e6) == "1.0e7");
}

TEST_CASE("compile --explain estimates with the facts of --facts and the rows of tables",
          "[planner][cost][cli]") {
  TempDir tmp;
  const std::string rules = tmp.write("r.rules", R"(table officials from "officials.csv"
rule r.units {
  for a: figure, b: figure
  where a.unit == b.unit and a.doc != b.doc
  require a.value ~= b.value within 1%
}
rule r.officials {
  for o: officials, p: person
  where same_person(o.name, p.name)
  require p.title is set
}
)");
  tmp.write("officials.csv", "name,since\nAna Ortiz,2020-01-01\nLi Wei,2021-05-02\n");
  std::string facts;
  for (int i = 0; i < 3; ++i) facts += figure_fact("a.md", "USD");
  facts += figure_fact("b.md", "EUR");
  const std::string facts_file = tmp.write("facts.jsonl", facts);

  // Without facts: the table's rows are known, the rest assumed.
  CompileInput input;
  input.rule_paths = {rules};
  CompileOutcome plain = compile_with_counts(input);
  REQUIRE(plain.rules->ok());
  const Schema& schema = plain.store->schema();
  REQUIRE(plain.rules->plans.size() == 2);
  CHECK_THAT(dsl::describe_plan(plain.rules->plans[0], schema, plain.counts),
             Catch::EndsWith("assuming 10,000 facts per kind\n"));
  const std::string officials = dsl::describe_plan(plain.rules->plans[1], schema, plain.counts);
  CHECK_THAT(officials, Catch::Contains("  scan o: officials\n    est. 2 rows\n"));
  CHECK_THAT(officials, Catch::Contains("  blocked join p: person on person-name words of "
                                        "o.name = p.name\n"));
  CHECK_THAT(officials, Catch::EndsWith("with the facts counted, assuming 10,000 facts of "
                                        "person\n"));

  // With facts: every kind counted.
  input.fact_files = {facts_file};
  CompileOutcome counted = compile_with_counts(input);
  REQUIRE(counted.rules->ok());
  CHECK(counted.problems.empty());
  const auto figure = *counted.store->schema().kind_index("figure");
  CHECK(counted.counts.facts(figure) == 4);
  CHECK_FALSE(counted.counts.assumed(figure));
  const std::string units =
      dsl::describe_plan(counted.rules->plans[0], counted.store->schema(), counted.counts);
  CHECK_THAT(units, Catch::Contains("  scan a: figure\n    est. 4 rows\n"));
  // 4 facts / 100 per key is under one: a probe is counted as finding one.
  CHECK_THAT(units, Catch::Contains("    est. 4 rows: 1 per earlier row (4 facts)\n"));
  CHECK_THAT(units, Catch::EndsWith("  est. cost: 8 bindings, with the facts counted\n"));

  // The same through the command line; --facts without --explain is a usage error.
  const auto run = [](const std::string& args) {
    const CommandResult r = run_verity(fs::path(), args);
    return std::make_pair(r.code, r.out + r.err);
  };
  const auto [code, out] = run("compile --explain --facts '" + facts_file + "' '" + rules + "'");
  INFO(out);
  CHECK(code == 0);
  CHECK_THAT(out, Catch::Contains("  est. cost: 8 bindings, with the facts counted\n"));
  const auto [usage_code, usage] = run("compile --facts '" + facts_file + "' '" + rules + "'");
  CHECK(usage_code == 2);
  CHECK_THAT(usage, Catch::Contains("add --explain"));
}
