// The `verity` executable end to end: the example stories with the shipped rules, exit codes,
// bad input, and the SQLite file it leaves behind.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/log_store.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;

namespace {

// verity runs from the source folder, so the shipped rules and examples are relative paths.
const fs::path kSourceDir = VERITY_SOURCE_DIR;

}  // namespace

TEST_CASE("check on the example story prints the planted discrepancies and exits 1", "[cli]") {
  TempDir tmp;
  const CommandResult r =
      run_verity(kSourceDir, "check --rules rules --db '" + tmp.db() + "' examples/harbor-bridge");
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Catch::Contains("error[figure.agrees]"));
  CHECK_THAT(r.out, Catch::Contains("$12.5 million in examples/harbor-bridge/coastal-herald.md "
                                    "but $15 million in examples/harbor-bridge/valley-times.md"));
  CHECK_THAT(r.out, Catch::Contains("240 workers in examples/harbor-bridge/coastal-herald.md but "
                                    "260 workers in examples/harbor-bridge/valley-times.md"));
  CHECK_THAT(r.out, Catch::Contains("error[quote.speaker]: quote “The delays have already cost"));
  CHECK_THAT(r.out, !Catch::Contains("14 months in"));  // the sources agree on the duration

  // The same findings are in the SQLite file, with their evidence.
  verity::LogStore log(tmp.db());
  const auto run = log.last_run();
  REQUIRE(run == 1);
  CHECK(log.run_status(run) == "complete");
  const auto findings = log.read_findings(run);
  // The shipped packs grow; these are the findings this story was written to plant.
  std::size_t figure_findings = 0;
  for (const auto& f : findings) {
    CHECK(f.fingerprint.size() == 32);
    if (f.rule_id != "figure.agrees" && f.rule_id != "quote.speaker") continue;
    if (f.rule_id == "figure.agrees") {
      ++figure_findings;
      REQUIRE(f.evidence.size() == 2);
      CHECK(f.evidence[0].document == "examples/harbor-bridge/coastal-herald.md");
      CHECK(f.evidence[1].document == "examples/harbor-bridge/valley-times.md");
      CHECK(f.evidence[0].kind == "figure");
      CHECK(f.evidence[0].line > 0);
    } else {
      CHECK(f.rule_id == "quote.speaker");
      REQUIRE(f.evidence.size() == 1);
      CHECK(f.evidence[0].document == "examples/harbor-bridge/valley-times.md");
      CHECK(f.evidence[0].line == 16);
    }
  }
  CHECK(figure_findings == 2);
}

TEST_CASE("check --format json prints a versioned document with the findings", "[cli]") {
  TempDir tmp;
  const CommandResult r =
      run_verity(kSourceDir, "check --rules rules --no-db --format json examples");
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Catch::StartsWith("{\n  \"version\": 1,\n  \"findings\": ["));
  CHECK_THAT(r.out, Catch::Contains("\"rule\": \"quote.speaker\""));
  CHECK_THAT(r.out, Catch::Contains("\"doc\": \"examples/harbor-bridge/valley-times.md\""));
  CHECK(!fs::exists(tmp.path / "verity.db"));
}

TEST_CASE("the fail level (--fail-on) decides the exit code", "[cli]") {
  TempDir tmp;
  CHECK(run_verity(kSourceDir, "check --rules rules --no-db --fail-on never examples").code == 0);
  CHECK(run_verity(kSourceDir, "check --rules rules --no-db --fail-on warning examples").code == 1);
  CHECK(run_verity(kSourceDir, "check --rules rules --no-db --fail-on bogus examples").code == 2);
}

TEST_CASE("a document without discrepancies exits 0", "[cli]") {
  TempDir tmp;
  const fs::path doc = tmp.path / "calm.txt";
  std::ofstream(doc) << "The museum opened on Monday.\n";
  const CommandResult r =
      run_verity(kSourceDir, "check --rules rules --no-db '" + doc.string() + "'");
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("0 findings"));
}

TEST_CASE("rule files with errors exit 3 and name file, line and column", "[cli]") {
  TempDir tmp;
  const CommandResult r = run_verity(kSourceDir, "compile tests/data/rules/three_mistakes.rules");
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Catch::Contains("tests/data/rules/three_mistakes.rules:5:13: error:"));
  CHECK_THAT(r.err, Catch::Contains("verity: 3 errors in rule files"));

  const CommandResult check =
      run_verity(kSourceDir, "check --rules tests/data/rules/three_mistakes.rules --db '" +
                                 tmp.db() + "' examples");
  CHECK(check.code == 3);
  CHECK(!fs::exists(tmp.db()));  // nothing was run, nothing was logged

  const CommandResult ok = run_verity(kSourceDir, "compile --explain rules");
  CHECK(ok.code == 0);
  CHECK_THAT(ok.out, Catch::Contains("hash join b: figure on"));
}

TEST_CASE("bad input and usage exit 2 with a message naming what is wrong", "[cli]") {
  TempDir tmp;
  const CommandResult missing =
      run_verity(kSourceDir, "check --rules rules --no-db no/such/file.md");
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains("no/such/file.md"));

  const CommandResult unknown = run_verity(kSourceDir, "check --rulez rules examples");
  CHECK(unknown.code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("unknown option '--rulez'"));

  CHECK(run_verity(kSourceDir, "frobnicate").code == 2);
  CHECK(run_verity(kSourceDir, "check --rules rules").code == 2);  // nothing to check
}

TEST_CASE("facts imported from JSON Lines are checked; a malformed line is reported by number",
          "[cli]") {
  TempDir tmp;
  const fs::path facts = tmp.path / "facts.jsonl";
  std::ofstream(facts)
      << R"({"kind":"quote","doc":"wire-1","text":"we did it","speaker":"Ann Lee"})"
      << "\n"
      << "{not json\n"
      << R"({"kind":"quote","doc":"wire-1","text":"nobody said this"})"
      << "\n";
  const CommandResult r =
      run_verity(kSourceDir, "check --rules rules --no-db --facts '" + facts.string() + "'");
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::Contains(facts.string() + ":2:"));
  CHECK_THAT(r.out, Catch::Contains("quote “nobody said this” has no attributed speaker"));
  CHECK_THAT(r.out, !Catch::Contains("we did it"));
}

TEST_CASE("extract prints one JSON object per fact with kind, doc and span", "[cli]") {
  TempDir tmp;
  const CommandResult r = run_verity(kSourceDir, "extract examples/harbor-bridge/valley-times.md");
  CHECK(r.code == 0);
  std::istringstream lines(r.out);
  std::string line;
  std::size_t count = 0;
  while (std::getline(lines, line)) {
    ++count;
    CHECK_THAT(line, Catch::StartsWith("{\"kind\":"));
    CHECK_THAT(line, Catch::Contains("\"doc\":\"examples/harbor-bridge/valley-times.md\""));
    CHECK_THAT(line, Catch::Contains("\"span\":{\"start\":"));
  }
  CHECK(count > 5);
  CHECK_THAT(r.out, Catch::Contains("\"kind\":\"figure\""));
  CHECK_THAT(r.out, Catch::Contains("\"kind\":\"quote\""));
  CHECK_THAT(r.out, Catch::Contains("\"kind\":\"person\""));
}

TEST_CASE("check without --rules uses every shipped pack directly in rules/, not rules/tests",
          "[cli]") {
  TempDir tmp;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(fs::path(VERITY_SOURCE_DIR) / "rules")) {
    if (e.is_regular_file() && e.path().extension() == ".rules") {
      names.push_back(e.path().filename().string());
    }
  }
  REQUIRE(!names.empty());
  std::sort(names.begin(), names.end());  // the default set is in file name order
  std::string packs;
  for (const auto& n : names) packs += " --rules rules/" + n;
  const CommandResult by_default = run_verity(kSourceDir, "check --no-db --fail-on never examples");
  const CommandResult listed =
      run_verity(kSourceDir, "check --no-db --fail-on never" + packs + " examples");
  INFO(by_default.out << by_default.err);
  CHECK(by_default.code == 0);
  CHECK_THAT(by_default.out, Catch::Contains(" rules\n") || Catch::Contains(" rule\n"));
  CHECK(by_default.out == listed.out);  // the same rules, so the same findings and summary
}
