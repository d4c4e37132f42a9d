// `verity explain`, `verity report` and the text output of `check`, end to end through the real
// executable on documents and rule files written to a scratch folder, with the SQLite log
// left on disk: explanations name both facts, their lines, the values and the reason; report
// marks new / persisting / fixed by fingerprint across an edit that moves lines; colour obeys
// NO_COLOR and --color; excerpts stay within 100 columns around their span.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dsl/diagnostic.hpp"
#include "engine/excerpt.hpp"
#include "engine/log_store.hpp"
#include "engine/pipeline.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;

namespace {

// A cross-source figure rule that does not depend on subject detection, and a quote rule.
const char* kRules = R"(rule figure.agrees "Figures must match across sources" {
  severity error
  tags figures, cross-source
  help "https://example.org/verity/figure-agrees"
  for a: figure, b: figure
  where a.doc != b.doc and a.doc.story == b.doc.story and a.unit == b.unit
  require a.value ~= b.value within 1%
  report "{a.text} in {a.doc} but {b.text} in {b.doc}"
}

rule quote.speaker "Each quote needs an attributed speaker" {
  severity warning
  for q: quote
  require q.speaker is set
  report "quote “{q.text}” has no attributed speaker"
}
)";

const char* kCoastal = "The council paid $12.5 million for the repair.\n";
const char* kValley =
    "The council paid $15 million for the repair.\n"
    "\n"
    "\"Nobody told us anything about the closure of the old road.\"\n";

void write_story(const TempDir& tmp) {
  write_file(tmp.path / "checks.rules", kRules);
  write_file(tmp.path / "bridge" / "coastal.md", kCoastal);
  write_file(tmp.path / "bridge" / "valley.md", kValley);
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE(
    "explain prints a cross-source finding's rule, both facts, their lines, the values and "
    "the reason",
    "[explain]") {
  TempDir tmp;
  write_story(tmp);
  const CommandResult check = run_verity(tmp, "check --rules checks.rules --db verity.db bridge");
  INFO(check.out << check.err);
  REQUIRE(check.code == 1);
  REQUIRE_THAT(check.out, Catch::Contains("error[figure.agrees]"));

  verity::LogStore log(tmp.db());
  const auto findings = log.read_findings(log.last_run());
  const verity::StoredFinding* figure = nullptr;
  for (const auto& f : findings) {
    if (f.rule_id == "figure.agrees") figure = &f;
  }
  REQUIRE(figure != nullptr);
  CHECK(figure->has_explanation);
  CHECK(figure->reason ==
        "a.value = 12500000 and b.value = 15000000 differ by 16.7%, more than 1%");

  for (const std::string& id : {std::to_string(figure->id), figure->fingerprint.substr(0, 8)}) {
    const CommandResult r = run_verity(tmp, "explain --db verity.db " + id);
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("error[figure.agrees]: $12.5 million in bridge/coastal.md "
                                      "but $15 million in bridge/valley.md"));
    // The rule: file, line and source text; help and tags.
    CHECK_THAT(r.out, Catch::Contains("at checks.rules:1"));
    CHECK_THAT(r.out, Catch::Contains("   7 |   require a.value ~= b.value within 1%"));
    CHECK_THAT(r.out, Catch::Contains("help: https://example.org/verity/figure-agrees"));
    CHECK_THAT(r.out, Catch::Contains("tags: figures, cross-source"));
    // Both facts with their fields, documents and lines, the spans marked.
    CHECK_THAT(r.out, Catch::Contains("a = figure (fact "));
    CHECK_THAT(r.out, Catch::Contains(") at bridge/coastal.md:1:18, story bridge"));
    CHECK_THAT(r.out, Catch::Contains("b = figure (fact "));
    CHECK_THAT(r.out, Catch::Contains(") at bridge/valley.md:1:18, story bridge"));
    CHECK_THAT(r.out, Catch::Contains("value = 12500000"));
    CHECK_THAT(r.out, Catch::Contains("   1 | The council paid $12.5 million for the repair."));
    CHECK_THAT(r.out, Catch::Contains("   1 | The council paid $15 million for the repair."));
    CHECK_THAT(r.out, Catch::Contains("     |                  ^~~~~~~~~~~~~\n"));
    CHECK_THAT(r.out, Catch::Contains("     |                  ^~~~~~~~~~~\n"));
    // The values compared and why the requirement failed.
    CHECK_THAT(r.out,
               Catch::Contains("values compared:\n  a.value = 12500000\n  b.value = 15000000"));
    CHECK_THAT(r.out, Catch::Contains("why the requirement failed:\n  a.value = 12500000 and "
                                      "b.value = 15000000 differ by 16.7%, more than 1%"));
    CHECK(r.out.find('\x1b') == std::string::npos);  // not a terminal: no colour
  }

  const CommandResult missing = run_verity(tmp, "explain --db verity.db 99999");
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains("no finding has id or fingerprint 99999"));
  const CommandResult no_log = run_verity(tmp, "explain --db nowhere.db 1");
  CHECK(no_log.code == 2);
  CHECK_THAT(no_log.err, Catch::Contains("nowhere.db: no such log"));
  CHECK(!fs::exists(tmp.path / "nowhere.db"));
}

TEST_CASE("report marks findings new, persisting or fixed by fingerprint across an edit",
          "[report]") {
  TempDir tmp;
  write_story(tmp);
  REQUIRE(run_verity(tmp, "check --rules checks.rules --db verity.db bridge").code == 1);

  // Fix the figure; insert lines above the unattributed quote (its line moves from 3 to 5) and
  // add a new unattributed quote.
  write_file(tmp.path / "bridge" / "coastal.md", "The council paid $15 million for the repair.\n");
  write_file(tmp.path / "bridge" / "valley.md",
             "Work starts in May.\n\n" + std::string(kValley) +
                 "\n\"The detour adds half an hour to every trip into town.\"\n");
  const CommandResult second = run_verity(tmp, "check --rules checks.rules --db verity.db bridge");
  INFO(second.out << second.err);
  REQUIRE(second.code == 0);  // only warnings are left

  const CommandResult r = run_verity(tmp, "report --db verity.db");
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("run 2 ("));
  CHECK_THAT(r.out, Catch::Contains("against run 1: 1 new, 1 persisting, 1 fixed"));
  CHECK_THAT(r.out, Catch::Contains("story bridge\n"));
  CHECK_THAT(r.out, Catch::Contains("persisting warning #"));
  CHECK_THAT(r.out, Catch::Contains("quote “Nobody told us anything about the closure of the old "
                                    "road.” has no attributed speaker\n"
                                    "               at bridge/valley.md:5"));
  CHECK_THAT(r.out, Catch::Contains("new        warning #"));
  CHECK_THAT(r.out, Catch::Contains("The detour adds half an hour"));
  CHECK_THAT(r.out, Catch::Contains("fixed      error #"));
  CHECK_THAT(r.out, Catch::Contains("in run 1 $12.5 million in bridge/coastal.md"));
  // Grouped: the story once, each rule once.
  CHECK(count(r.out, "story bridge") == 1);
  CHECK(count(r.out, "  figure.agrees\n") == 1);
  CHECK(count(r.out, "  quote.speaker\n") == 1);

  const CommandResult json = run_verity(tmp, "report --db verity.db --format json");
  REQUIRE(json.code == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["version"] == 1);
  CHECK(j["run"] == 2);
  CHECK(j["against"] == 1);
  CHECK(j["counts"]["new"] == 1);
  CHECK(j["counts"]["persisting"] == 1);
  CHECK(j["counts"]["fixed"] == 1);
  REQUIRE(j["stories"].size() == 1);
  CHECK(j["stories"][0]["story"] == "bridge");
  std::vector<std::string> statuses;
  for (const auto& rule : j["stories"][0]["rules"]) {
    for (const auto& f : rule["findings"]) statuses.push_back(f["status"]);
  }
  std::sort(statuses.begin(), statuses.end());
  CHECK(statuses == std::vector<std::string>{"fixed", "new", "persisting"});

  // Run 1 on its own has nothing earlier; against itself nothing changed.
  const CommandResult first = run_verity(tmp, "report --db verity.db --run 1");
  CHECK_THAT(first.out, Catch::Contains("no earlier complete run to compare with"));
  const CommandResult same = run_verity(tmp, "report --db verity.db --run 1 --against 1");
  CHECK_THAT(same.out, Catch::Contains("0 new, 2 persisting, 0 fixed"));
  const CommandResult bad = run_verity(tmp, "report --db verity.db --run 7");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("there is no run 7 (runs 1 to 2)"));
}

TEST_CASE("check shows both sources one under the other, with help, tags and why", "[check-text]") {
  TempDir tmp;
  write_story(tmp);
  const CommandResult r = run_verity(tmp, "check --rules checks.rules --no-db bridge");
  INFO(r.out << r.err);
  const std::string expected =
      "error[figure.agrees]: $12.5 million in bridge/coastal.md but $15 million in "
      "bridge/valley.md\n"
      "  a = figure at bridge/coastal.md:1:18\n"
      "       1 | The council paid $12.5 million for the repair.\n"
      "         |                  ^~~~~~~~~~~~~\n"
      "  b = figure at bridge/valley.md:1:18\n"
      "       1 | The council paid $15 million for the repair.\n"
      "         |                  ^~~~~~~~~~~\n"
      "  why: a.value = 12500000 and b.value = 15000000 differ by 16.7%, more than 1%\n"
      "  help: https://example.org/verity/figure-agrees\n"
      "  tags: figures, cross-source\n";
  CHECK_THAT(r.out, Catch::Contains(expected));

  const CommandResult json =
      run_verity(tmp, "check --rules checks.rules --no-db --format json bridge");
  const auto j = nlohmann::json::parse(json.out);
  bool seen = false;
  for (const auto& f : j["findings"]) {
    if (f["rule"] != "figure.agrees") continue;
    seen = true;
    CHECK(f["help"] == "https://example.org/verity/figure-agrees");
    CHECK(f["tags"] == nlohmann::json::array({"figures", "cross-source"}));
    CHECK(f["why"]["values"][1]["expr"] == "b.value");
    CHECK(f["why"]["values"][1]["value"] == "15000000");
  }
  CHECK(seen);
}

TEST_CASE("colour only when asked or on a terminal, never with NO_COLOR or --color never",
          "[check-text]") {
  TempDir tmp;
  write_story(tmp);
  const std::string check = "check --rules checks.rules --no-db";
  const CommandResult always = run_verity(tmp, check + " --color always bridge");
  CHECK_THAT(always.out, Catch::Contains("\x1b[1;31merror[figure.agrees]\x1b[0m"));
  CHECK(run_verity(tmp, check + " --color never bridge").out.find('\x1b') == std::string::npos);
  CHECK(run_verity(tmp, check + " bridge").out.find('\x1b') == std::string::npos);  // a file
  // On a terminal (script(1) gives one) colour is on, unless NO_COLOR is set, even empty.
  if (std::system("command -v script > /dev/null 2>&1") == 0) {
    const std::string tty = "script -qec \"'" VERITY_BINARY "' " + check + " bridge\" /dev/null";
    const fs::path out = tmp.path / "tty";
    auto on_tty = [&](const std::string& env) {
      std::system(
          ("cd '" + tmp.path.string() + "' && " + env + " " + tty + " > '" + out.string() + "'")
              .c_str());
      return slurp(out);
    };
    CHECK(on_tty("env -u NO_COLOR").find('\x1b') != std::string::npos);
    CHECK(on_tty("NO_COLOR=1").find('\x1b') == std::string::npos);
    CHECK(on_tty("NO_COLOR=").find('\x1b') == std::string::npos);
  }
  const CommandResult bad = run_verity(tmp, check + " --color sometimes bridge");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--color must be auto, always or never, not 'sometimes'"));
}

TEST_CASE("an excerpt of a long line stays within 100 columns and keeps its span", "[excerpt]") {
  verity::Style plain;
  // 150 characters of accented text, the span near the end, a multibyte character at each cut.
  std::string line;
  for (int i = 0; i < 30; ++i) line += "déjà ";
  const std::string span = "$15 million";
  const std::string text = "first line\n" + line + span + line + "\nlast\n";
  const auto begin = static_cast<std::uint32_t>(text.find(span));
  const std::string out = verity::render_excerpt(
      text, begin, begin + static_cast<std::uint32_t>(span.size()), 2, plain);
  INFO(out);
  std::istringstream rows(out);
  std::string source_row, mark_row;
  REQUIRE(std::getline(rows, source_row));
  REQUIRE(std::getline(rows, mark_row));
  CHECK(verity::display_width(source_row) <= 100);
  CHECK(verity::display_width(mark_row) <= 100);
  CHECK_THAT(source_row, Catch::StartsWith("       2 | …") && Catch::EndsWith("…"));
  // The span is shown whole, and the marks sit under it, character for character.
  const auto at = source_row.find(span);
  REQUIRE(at != std::string::npos);
  const std::size_t column = verity::display_width(source_row.substr(0, at));
  CHECK(mark_row.substr(column) == "^" + std::string(span.size() - 1, '~'));
  // Valid UTF-8: no cut inside "é" or "à" (their lead byte is 0xC3).
  for (std::size_t i = 0; i + 1 < source_row.size(); ++i) {
    if (static_cast<unsigned char>(source_row[i]) == 0xC3) {
      CHECK((static_cast<unsigned char>(source_row[i + 1]) & 0xC0) == 0x80);
    }
  }
  CHECK((static_cast<unsigned char>(source_row.back()) & 0xC0) == 0x80);  // the … ends it

  // A short line is not clipped; a span at the very end of the text is still marked.
  const std::string shortline = "A short line.";
  CHECK(verity::render_excerpt(shortline, 8, 12, 1, plain) ==
        "       1 | A short line.\n         |         ^~~~\n");
  CHECK(verity::render_excerpt("", 0, 0, 1, plain).empty());
}

TEST_CASE("a schema 1 log is migrated in place and keeps its runs", "[log_store][explain]") {
  TempDir tmp;
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(tmp.db().c_str(), &db) == SQLITE_OK);
    // The tables exactly as verity 0.1 (schema 1) created them, with one run in them.
    const char* v1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE runs(id INTEGER PRIMARY KEY, started_at TEXT, finished_at TEXT, version TEXT,
                  arguments TEXT, ruleset_hash TEXT, status TEXT);
CREATE TABLE documents(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
                       uri TEXT NOT NULL, path TEXT, sha256 TEXT, metadata TEXT);
CREATE TABLE facts(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL,
                   document_id INTEGER NOT NULL REFERENCES documents(id), kind TEXT NOT NULL,
                   fields TEXT NOT NULL, span_start INTEGER, span_end INTEGER, line INTEGER,
                   col INTEGER, origin TEXT);
CREATE TABLE rules(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, rule_id TEXT NOT NULL,
                   title TEXT, severity TEXT, file TEXT, line INTEGER, source TEXT,
                   source_hash TEXT);
CREATE TABLE findings(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, rule_id TEXT NOT NULL,
                      severity TEXT NOT NULL, message TEXT NOT NULL, fingerprint TEXT NOT NULL);
CREATE TABLE evidence(finding_id INTEGER NOT NULL REFERENCES findings(id),
                      fact_id INTEGER NOT NULL REFERENCES facts(id), variable TEXT NOT NULL,
                      PRIMARY KEY(finding_id, variable, fact_id));
INSERT INTO meta VALUES('schema_version', '1');
INSERT INTO runs VALUES(1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '0.1.0', 'check',
                        'h', 'complete');
INSERT INTO documents VALUES(1, 1, 'bridge/valley.md', 'bridge/valley.md', 'x',
                             '{"story":"bridge"}');
INSERT INTO facts VALUES(1, 1, 1, 'quote', '{"text":"Nobody told us"}', 0, 16, 1, 1, 'x');
INSERT INTO rules VALUES(1, 1, 'quote.speaker', 't', 'warning', 'q.rules', 1, 'rule quote.speaker {}',
                         'h');
INSERT INTO findings VALUES(1, 1, 'quote.speaker', 'warning', 'no speaker', 'abcdef0123');
INSERT INTO evidence VALUES(1, 1, 'q');
)sql";
    REQUIRE(sqlite3_exec(db, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  {
    verity::LogStore log(tmp.db());
    const auto old = log.read_findings(1);
    REQUIRE(old.size() == 1);
    CHECK(old[0].message == "no speaker");
    CHECK(!old[0].has_explanation);
    REQUIRE(old[0].evidence.size() == 1);
    CHECK(old[0].evidence[0].story == "bridge");
    CHECK(!log.document_text(1, "bridge/valley.md"));
    CHECK(log.read_rule(1, "quote.speaker")->help.empty());
  }
  // The file now says schema 4 and a new run can be logged and explained in it.
  write_story(tmp);
  const CommandResult check = run_verity(tmp, "check --rules checks.rules --db verity.db bridge");
  INFO(check.out << check.err);
  CHECK(check.code == 1);
  CHECK_THAT(check.out, Catch::Contains("logged to verity.db as run 2"));
  const CommandResult old = run_verity(tmp, "explain --db verity.db 1");
  INFO(old.out << old.err);
  CHECK(old.code == 0);
  CHECK_THAT(old.out, Catch::Contains("why: not recorded"));
  CHECK_THAT(old.out, Catch::Contains("the document's text is not in the log"));
  const CommandResult report = run_verity(tmp, "report --db verity.db");
  CHECK_THAT(report.out, Catch::Contains("against run 1:"));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(tmp.db().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "4");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_CASE("why a requirement failed: and, or, not, in, is set, no, group aggregates", "[explain]") {
  TempDir tmp;
  write_story(tmp);
  write_file(tmp.path / "why.rules", R"(rule why.and {
  for a: figure, b: figure
  where a.doc != b.doc and a.unit == b.unit
  require a.unit == "USD" and (a.value < b.value or a.value > 20000000)
}
rule why.not { for a: figure  require not (a.unit in ["USD", "EUR"]) }
rule why.within { for a: figure, b: figure  where a.doc != b.doc and a.doc.story == b.doc.story  require a.value ~= b.value within 100000 }
rule why.no {
  for q: quote
  require no f: figure where f.doc == q.doc
}
rule why.group {
  for f: figure
  group by f.unit
  require count(f.value) == 1 and sum(f.value) < 1000
}
)");
  verity::CheckOptions options;
  options.rule_paths = {(tmp.path / "why.rules").string()};
  options.documents = {(tmp.path / "bridge").string()};
  options.db_path.clear();
  const verity::CheckOutcome out = verity::run_check(options);
  INFO(verity::render(out.rules->diagnostics));
  REQUIRE(!out.rules_failed());
  REQUIRE(out.explanations.size() == out.result.findings.size());
  std::map<std::string, std::vector<std::string>> reasons;
  for (std::size_t i = 0; i < out.result.findings.size(); ++i) {
    reasons[out.result.findings[i].rule_id].push_back(out.explanations[i].reason);
  }
  // (15000000, 12500000): the `and` fails by its `or`, which needs both parts.
  REQUIRE(reasons["why.and"].size() == 1);  // (12.5m, 15m) passes: 12.5m < 15m
  CHECK(reasons["why.and"][0] ==
        "a.value = 15000000 is not less than b.value = 12500000; "
        "a.value = 15000000 is not greater than 20000000");
  CHECK(reasons["why.not"].at(0) == "a.unit = \"USD\" is one of [\"USD\", \"EUR\"]");
  CHECK(reasons["why.within"].at(0) ==
        "a.value = 12500000 and b.value = 15000000 differ by 2500000, more than 100000");
  CHECK(reasons["why.no"].at(0) == "there is f: figure where f.doc == q.doc (“$15 million” in " +
                                       (tmp.path / "bridge" / "valley.md").string() + " line 1)");
  CHECK(reasons["why.group"].at(0) ==
        "count(f.value) = 2 is not equal to 1; sum(f.value) = 27500000 is not less than 1000");
}
