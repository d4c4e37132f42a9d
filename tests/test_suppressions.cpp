// Suppressions and baselines (docs/suppressions.md): inline `verity-ignore` comments, ignore
// files, expiry, baselines and their line-shift stability, the SQLite marks, and the exit codes
// of the real `verity` binary. Real files in scratch folders, real SQLite.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <sqlite3.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/baseline.hpp"
#include "engine/log_store.hpp"
#include "engine/pipeline.hpp"
#include "engine/report.hpp"
#include "engine/suppressions.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

namespace {

// A cross-source figure rule that does not depend on subject detection.
const char* kRules = R"(rule figure.agrees "Figures must match across sources" {
  severity error
  for a: figure, b: figure
  where a.doc != b.doc and a.doc.story == b.doc.story and a.unit == b.unit
  require a.value ~= b.value within 1%
  report "{a.text} in {a.doc} but {b.text} in {b.doc}"
}
)";

const char* kInland = "# Repair\n\nThe council paid $15 million for the repair.\n";

// The two sources of one story (their folder), the coastal one with `coastal` as its text.
void write_story(const TempDir& tmp, const std::string& coastal) {
  write_file(tmp.path / "checks.rules", kRules);
  write_file(tmp.path / "story" / "coastal.md", coastal);
  write_file(tmp.path / "story" / "inland.md", kInland);
}

CheckOptions options_for(const TempDir& tmp) {
  CheckOptions o;
  o.rule_paths = {(tmp.path / "checks.rules").string()};
  o.documents = {(tmp.path / "story").string()};
  o.db_path.clear();
  o.today = "2026-06-01";
  return o;
}

std::vector<const Finding*> of_rule(const CheckOutcome& out, const std::string& rule) {
  std::vector<const Finding*> found;
  for (const Finding& f : out.result.findings) {
    if (f.rule_id == rule) found.push_back(&f);
  }
  return found;
}

const char* kCoastal = "# Repair\n\nThe council paid $12.5 million for the repair.\n";

}  // namespace

TEST_CASE("an inline suppression with a reason suppresses the finding, logged as suppressed",
          "[suppressions]") {
  TempDir tmp;
  write_story(tmp,
              "# Repair\n\n<!-- verity-ignore figure.agrees: the inland paper rounds -->\n"
              "The council paid $12.5 million for the repair.\n");
  CheckOptions o = options_for(tmp);
  o.db_path = (tmp.path / "verity.db").string();
  const CheckOutcome out = run_check(o);
  REQUIRE(out.store_error.empty());
  const auto figures = of_rule(out, "figure.agrees");
  REQUIRE(!figures.empty());
  for (const Finding* f : figures) {
    CHECK(f->suppressed);
    CHECK(f->suppression_reason == "the inland paper rounds");
    CHECK_THAT(f->suppression_source, Catch::EndsWith("coastal.md:3"));
    CHECK(!f->counts_for_exit());
  }
  CHECK(of_rule(out, kSuppressionRule).empty());  // it has a reason: no warning
  CHECK(out.suppressed == figures.size());

  LogStore log(o.db_path);
  const auto stored = log.read_findings(out.run_id);
  REQUIRE(stored.size() == out.result.findings.size());
  for (const auto& f : stored) {
    CHECK(f.suppressed);
    CHECK_THAT(f.suppress_reason, Catch::StartsWith("the inland paper rounds (at "));
    CHECK(!f.baselined);
  }

  // The reports list it, marked.
  RunSummary summary;
  const std::string text = render_text(out.result, *out.store, summary);
  CHECK_THAT(text, Catch::Contains("error[figure.agrees] (suppressed):"));
  CHECK_THAT(text, Catch::Contains("suppressed: the inland paper rounds"));
  CHECK_THAT(text, Catch::Contains(std::to_string(figures.size()) + " suppressed, 0 baselined"));
  const auto json = nlohmann::json::parse(render_json(out.result, *out.store, summary));
  CHECK(json["findings"][0]["suppressed"] == true);
  CHECK(json["findings"][0]["suppression"]["reason"] == "the inland paper rounds");
  CHECK(json["findings"][0]["baselined"] == false);
  CHECK(json["summary"]["suppressed"] == figures.size());
}

TEST_CASE("an inline suppression covers its own and the next line, and only the rules it names",
          "[suppressions]") {
  TempDir tmp;
  SECTION("two lines above the figure: not covered") {
    write_story(tmp,
                "# Repair\n<!-- verity-ignore figure.agrees: rounding -->\n\n"
                "The council paid $12.5 million for the repair.\n");
  }
  SECTION("another rule named") {
    write_story(tmp,
                "# Repair\n\n<!-- verity-ignore quote.speaker: not this one -->\n"
                "The council paid $12.5 million for the repair.\n");
  }
  const CheckOutcome out = run_check(options_for(tmp));
  const auto figures = of_rule(out, "figure.agrees");
  REQUIRE(!figures.empty());
  for (const Finding* f : figures) CHECK(!f->suppressed);
  CHECK(out.suppressed == 0);
}

TEST_CASE("an inline suppression on the figure's own line, and for the whole file",
          "[suppressions]") {
  TempDir tmp;
  SECTION("same line") {
    write_story(tmp,
                "# Repair\n\nThe council paid $12.5 million for the repair. "
                "<!-- verity-ignore figure.agrees, date.agrees: rounding -->\n");
  }
  SECTION("verity-ignore-file, far from the figure") {
    write_story(tmp,
                "<!-- verity-ignore-file figure.agrees: a draft -->\n# Repair\n\n\n\n"
                "The council paid $12.5 million for the repair.\n");
  }
  const CheckOutcome out = run_check(options_for(tmp));
  const auto figures = of_rule(out, "figure.agrees");
  REQUIRE(!figures.empty());
  for (const Finding* f : figures) CHECK(f->suppressed);
}

TEST_CASE("an inline suppression without a reason suppresses but is itself a warning",
          "[suppressions]") {
  TempDir tmp;
  write_story(tmp,
              "# Repair\n\n<!-- verity-ignore figure.agrees -->\n"
              "The council paid $12.5 million for the repair.\n");
  CheckOptions o = options_for(tmp);
  o.db_path = (tmp.path / "verity.db").string();
  const CheckOutcome out = run_check(o);
  for (const Finding* f : of_rule(out, "figure.agrees")) CHECK(f->suppressed);
  const auto warnings = of_rule(out, kSuppressionRule);
  REQUIRE(warnings.size() == 1);
  const Finding& w = *warnings.front();
  CHECK(w.severity == Severity::warning);
  CHECK(w.counts_for_exit());
  CHECK_THAT(w.location_path, Catch::EndsWith("coastal.md"));
  CHECK(w.location_line == 3);
  CHECK_THAT(w.message,
             Catch::Contains("coastal.md:3: suppression of figure.agrees has no reason"));
  CHECK(w.fingerprint.size() == 32);
  CHECK(out.explanations.size() == out.result.findings.size());
  // Logged like any finding, with no evidence.
  LogStore log(o.db_path);
  bool logged = false;
  for (const auto& f : log.read_findings(out.run_id)) {
    if (f.rule_id == kSuppressionRule) logged = f.evidence.empty() && !f.suppressed;
  }
  CHECK(logged);
}

TEST_CASE("ignore-file entries select by rule, fingerprint or path", "[suppressions]") {
  TempDir tmp;
  write_story(tmp, kCoastal);
  CheckOptions o = options_for(tmp);
  const CheckOutcome plain = run_check(o);
  const auto figures = of_rule(plain, "figure.agrees");
  REQUIRE(!figures.empty());
  const std::string fingerprint = figures.front()->fingerprint;

  std::string entry;
  bool expect = true;
  SECTION("rule") {
    entry = "rule=figure.agrees reason=known dispute";
  }
  SECTION("fingerprint prefix") {
    entry = "fingerprint=" + fingerprint.substr(0, 12) + " reason=known dispute";
  }
  SECTION("path glob over the primary document") {
    entry = "path=**/story/*.md reason=known dispute";
  }
  SECTION("path glob that matches nothing") {
    entry = "path=other/*.md reason=known dispute";
    expect = false;
  }
  SECTION("rule and path must both match") {
    entry = "rule=quote.speaker path=**/*.md reason=known dispute";
    expect = false;
  }
  write_file(tmp.path / "ignore", "# reviewed 2026-05\n\n" + entry + "\n");
  o.ignore_files = {(tmp.path / "ignore").string()};
  const CheckOutcome out = run_check(o);
  CHECK(out.problems.empty());
  const auto after = of_rule(out, "figure.agrees");
  REQUIRE(!after.empty());
  CHECK(after.front()->suppressed == expect);
  if (expect) {
    CHECK(after.front()->suppression_reason == "known dispute");
    CHECK_THAT(after.front()->suppression_source, Catch::EndsWith("ignore:3"));
  }
  CHECK(of_rule(out, kSuppressionRule).empty());
}

TEST_CASE(
    "an expired ignore entry suppresses nothing and is a warning; one without a reason "
    "suppresses and warns",
    "[suppressions]") {
  TempDir tmp;
  write_story(tmp, kCoastal);
  write_file(tmp.path / "ignore",
             "rule=figure.agrees expires=2026-05-31 reason=until the correction runs\n");
  CheckOptions o = options_for(tmp);
  o.ignore_files = {(tmp.path / "ignore").string()};
  SECTION("the day after its expiry") {
    o.today = "2026-06-01";
    const CheckOutcome out = run_check(o);
    for (const Finding* f : of_rule(out, "figure.agrees")) CHECK(!f->suppressed);
    const auto warnings = of_rule(out, kSuppressionRule);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings.front()->message, Catch::Contains("ignore:1: this ignore entry expired "
                                                          "on 2026-05-31"));
    CHECK(warnings.front()->location_line == 1);
  }
  SECTION("on its expiry day it still holds") {
    o.today = "2026-05-31";
    const CheckOutcome out = run_check(o);
    for (const Finding* f : of_rule(out, "figure.agrees")) CHECK(f->suppressed);
    CHECK(of_rule(out, kSuppressionRule).empty());
  }
  SECTION("no reason") {
    write_file(tmp.path / "ignore", "rule=figure.agrees\n");
    const CheckOutcome out = run_check(o);
    for (const Finding* f : of_rule(out, "figure.agrees")) CHECK(f->suppressed);
    const auto warnings = of_rule(out, kSuppressionRule);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings.front()->message, Catch::Contains("ignore:1: this ignore entry has no "
                                                          "reason"));
  }
}

TEST_CASE("a bad ignore-file line is an input error at file:line", "[suppressions]") {
  TempDir tmp;
  write_story(tmp, kCoastal);
  write_file(tmp.path / "ignore",
             "rule=figure.agrees reason=fine\n# a comment\nrule=figure.agrees expires=2026-02-30 "
             "reason=x\nfingerprint=XYZ reason=x\nreason=selects nothing\nrule figure.agrees\n"
             "colour=red reason=x\n");
  CheckOptions o = options_for(tmp);
  o.ignore_files = {(tmp.path / "ignore").string()};
  const CheckOutcome out = run_check(o);
  CHECK(out.input_failed());
  REQUIRE(out.problems.size() == 5);
  const std::uint32_t lines[] = {3, 4, 5, 6, 7};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(out.problems[i].line == lines[i]);
    CHECK(out.problems[i].fatal);
    CHECK_THAT(out.problems[i].file, Catch::EndsWith("ignore"));
  }
  CHECK_THAT(out.problems[0].message, Catch::Contains("2026-02-30"));
  CHECK_THAT(out.problems[1].message, Catch::Contains("XYZ"));
  CHECK_THAT(out.problems[2].message, Catch::Contains("selects nothing"));
  CHECK_THAT(out.problems[4].message, Catch::Contains("unknown key 'colour'"));
  // The good entry on line 1 still applies.
  for (const Finding* f : of_rule(out, "figure.agrees")) CHECK(f->suppressed);
}

TEST_CASE("path globs", "[suppressions]") {
  CHECK(glob_match("story/*.md", "story/coastal.md"));
  CHECK(!glob_match("story/*.md", "story/sub/coastal.md"));
  CHECK(glob_match("story/**/*.md", "story/coastal.md"));
  CHECK(glob_match("story/**/*.md", "story/a/b/coastal.md"));
  CHECK(glob_match("**/coastal.md", "/tmp/x/story/coastal.md"));
  CHECK(glob_match("story/c?astal.md", "story/coastal.md"));
  CHECK(!glob_match("story/?", "story//"));
  CHECK(!glob_match("*.md", "story/coastal.md"));
  CHECK(glob_match("*", "anything.txt"));
}

TEST_CASE("a baseline keeps findings when lines move and loses them when the figure changes",
          "[suppressions][baseline]") {
  TempDir tmp;
  write_story(tmp, kCoastal);
  CheckOptions o = options_for(tmp);
  const std::string baseline = (tmp.path / "baseline.json").string();
  o.write_baseline_path = baseline;
  const CheckOutcome first = run_check(o);
  REQUIRE(first.problems.empty());
  const auto figures = of_rule(first, "figure.agrees");
  REQUIRE(!figures.empty());
  CHECK(first.baselined == first.result.findings.size());

  // The file: version, and the findings by fingerprint, sorted; byte-identical when rewritten.
  const std::string written = slurp(baseline);
  const auto json = nlohmann::json::parse(written);
  CHECK(json["version"] == 1);
  REQUIRE(json["findings"].size() == first.result.findings.size());
  const auto& entry = json["findings"][0];
  CHECK(entry["rule"] == "figure.agrees");
  CHECK(entry["severity"] == "error");
  CHECK(entry["fingerprint"].get<std::string>().size() == 32);
  CHECK_THAT(entry["path"].get<std::string>(), Catch::EndsWith(".md"));
  CHECK_THAT(entry["message"].get<std::string>(), Catch::Contains("$"));
  for (std::size_t i = 1; i < json["findings"].size(); ++i) {
    CHECK(json["findings"][i - 1]["fingerprint"] <= json["findings"][i]["fingerprint"]);
  }
  run_check(o);
  CHECK(slurp(baseline) == written);

  o.write_baseline_path.clear();
  o.baseline_path = baseline;
  SECTION("lines inserted above the figure: still baselined") {
    write_file(tmp.path / "story" / "coastal.md",
               "# Repair\n\nA note added later, without numbers.\n\nAnother line.\n\n"
               "The council paid $12.5 million for the repair.\n");
    const CheckOutcome out = run_check(o);
    const auto after = of_rule(out, "figure.agrees");
    REQUIRE(after.size() == figures.size());
    for (const Finding* f : after) {
      CHECK(f->baselined);
      CHECK(!f->counts_for_exit());
    }
  }
  SECTION("the figure changed: a new finding") {
    write_file(tmp.path / "story" / "coastal.md",
               "# Repair\n\nThe council paid $13 million for the repair.\n");
    const CheckOutcome out = run_check(o);
    const auto after = of_rule(out, "figure.agrees");
    REQUIRE(!after.empty());
    for (const Finding* f : after) CHECK(!f->baselined);
    CHECK(out.baselined == 0);
  }
  SECTION("a malformed baseline is an input error") {
    write_file(baseline, "{\"version\": 1, \"findings\": [{\"rule\": \"x\"}]}");
    const CheckOutcome out = run_check(o);
    CHECK(out.input_failed());
    REQUIRE(out.problems.size() == 1);
    CHECK_THAT(out.problems[0].message, Catch::Contains("no \"fingerprint\""));
  }
}

TEST_CASE("check exit codes with baselines, inline suppressions and ignore files",
          "[suppressions][baseline][cli]") {
  TempDir tmp;
  write_story(tmp, kCoastal);
  const std::string check = "check --rules checks.rules --no-db story";
  const CommandResult fails = run_verity(tmp, check);
  INFO(fails.out << fails.err);
  CHECK(fails.code == 1);

  const CommandResult recorded = run_verity(tmp, check + " --write-baseline base.json");
  INFO(recorded.out << recorded.err);
  CHECK(recorded.code == 0);
  CHECK(fs::exists(tmp.path / "base.json"));
  CHECK_THAT(recorded.out, Catch::Contains("(baselined)"));

  const CommandResult baselined = run_verity(tmp, check + " --baseline base.json");
  INFO(baselined.out << baselined.err);
  CHECK(baselined.code == 0);
  CHECK_THAT(baselined.out, Catch::Contains("0 suppressed, "));
  CHECK_THAT(baselined.out, Catch::Contains(" baselined (not counted for --fail-on)"));

  write_file(tmp.path / "story" / "coastal.md",
             "# Repair\n\nAdded later.\n\nThe council paid $12.5 million for the repair.\n");
  CHECK(run_verity(tmp, check + " --baseline base.json").code == 0);

  write_file(tmp.path / "story" / "coastal.md",
             "# Repair\n\nThe council paid $13 million for the repair.\n");
  const CommandResult changed = run_verity(tmp, check + " --baseline base.json");
  INFO(changed.out << changed.err);
  CHECK(changed.code == 1);
  CHECK_THAT(changed.out, Catch::Contains("$13 million"));

  // A suppression comment for the new figure passes the gate.
  write_file(tmp.path / "story" / "coastal.md",
             "# Repair\n\n<!-- verity-ignore figure.agrees: inland rounds -->\n"
             "The council paid $13 million for the repair.\n");
  const CommandResult suppressed = run_verity(tmp, check);
  INFO(suppressed.out << suppressed.err);
  CHECK(suppressed.code == 0);
  CHECK_THAT(suppressed.out, Catch::Contains("(suppressed)"));

  // ./.verityignore is read by default; a bad line is exit 2 at file:line.
  write_file(tmp.path / "story" / "coastal.md", kCoastal);
  write_file(tmp.path / ".verityignore", "rule=figure.agrees reason=under review\n");
  CHECK(run_verity(tmp, check).code == 0);
  write_file(tmp.path / ".verityignore", "\n\nrule=figure.agrees expires=soon reason=x\n");
  const CommandResult bad = run_verity(tmp, check);
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains(".verityignore:3"));
  // An expired entry: the finding fails again, and the entry is a warning.
  write_file(tmp.path / ".verityignore", "rule=figure.agrees expires=2026-01-31 reason=x\n");
  const CommandResult expired =
      run_verity(tmp, check + " --fail-on warning", "VERITY_TODAY=2026-02-01");
  CHECK(expired.code == 1);
  CHECK_THAT(expired.out, Catch::Contains("warning[verity.suppression]"));
  CHECK_THAT(expired.out, Catch::Contains("at .verityignore:1"));
  CHECK(run_verity(tmp, check, "VERITY_TODAY=2026-01-31").code == 0);
  // --ignore replaces the default file.
  write_file(tmp.path / "empty.ignore", "# nothing\n");
  CHECK(run_verity(tmp, check + " --ignore empty.ignore", "VERITY_TODAY=2026-01-31").code == 1);
}

TEST_CASE("a schema 2 log is upgraded to 3 with findings unsuppressed", "[suppressions][log]") {
  TempDir tmp;
  write_story(tmp, kCoastal);
  CheckOptions o = options_for(tmp);
  o.db_path = (tmp.path / "verity.db").string();
  const CheckOutcome first = run_check(o);
  REQUIRE(first.store_error.empty());
  // Turn the file back into schema 2 (SQLite 3.35+ drops columns).
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(o.db_path.c_str(), &db) == SQLITE_OK);
  const int rc = sqlite3_exec(db,
                              "ALTER TABLE findings DROP COLUMN suppressed; "
                              "ALTER TABLE findings DROP COLUMN suppress_reason; "
                              "ALTER TABLE findings DROP COLUMN baselined; "
                              "UPDATE meta SET value = '2' WHERE key = 'schema_version';",
                              nullptr, nullptr, nullptr);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
  LogStore log(o.db_path);
  const auto old = log.read_findings(first.run_id);
  REQUIRE(!old.empty());
  CHECK(!old.front().suppressed);
  CHECK(!old.front().baselined);
  // And a new run in the upgraded file keeps the marks.
  o.ignore_files = {};
  write_file(tmp.path / "story" / "coastal.md",
             "# Repair\n\n<!-- verity-ignore figure.agrees: rounding -->\n"
             "The council paid $12.5 million for the repair.\n");
  const CheckOutcome second = run_check(o);
  REQUIRE(second.store_error.empty());
  const auto now = log.read_findings(second.run_id);
  REQUIRE(!now.empty());
  CHECK(now.front().suppressed);
}

TEST_CASE("the summary gate honours suppressions in the summary", "[suppressions][cli]") {
  TempDir tmp;
  write_file(tmp.path / "src.md",
             slurp(fs::path(VERITY_SOURCE_DIR) / "rules/tests/summary/source.md"));
  const std::string gate = "check --no-db --color never --summary brief.md --sources src.md";
  write_file(tmp.path / "brief.md", "# Brief\n\nThe programme costs $4.2 million.\n");
  const CommandResult wrong = run_verity(tmp, gate);
  INFO(wrong.out << wrong.err);
  CHECK(wrong.code == 1);

  write_file(
      tmp.path / "brief.md",
      "# Brief\n\n<!-- verity-ignore summary.figure-supported: revised budget, source pending "
      "-->\nThe programme costs $4.2 million.\n");
  const CommandResult reasoned = run_verity(tmp, gate + " --fail-on warning");
  INFO(reasoned.out << reasoned.err);
  CHECK(reasoned.code == 0);
  CHECK_THAT(reasoned.out, Catch::Contains("suppressed: revised budget, source pending (at "
                                           "brief.md:3)"));

  // No reason: still suppressed, but the warning fails a gate at --fail-on warning.
  write_file(tmp.path / "brief.md",
             "# Brief\n\n<!-- verity-ignore summary.figure-supported -->\n"
             "The programme costs $4.2 million.\n");
  CHECK(run_verity(tmp, gate).code == 0);
  const CommandResult unreasoned = run_verity(tmp, gate + " --fail-on warning");
  INFO(unreasoned.out << unreasoned.err);
  CHECK(unreasoned.code == 1);
  CHECK_THAT(unreasoned.out, Catch::Contains("warning[verity.suppression]: brief.md:3: "
                                             "suppression of summary.figure-supported has no "
                                             "reason"));
}
