// The CI gate end to end (`verity check --summary FILE --sources DOCS…`): the real binary run
// in a scratch folder on a Markdown summary and its sources; exit codes, what the output names,
// the roles and story it assigns (engine/summary_gate), and which findings fail the gate.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;

namespace {

const std::string kSummary =
    "---\n"
    "title: Harbour bridge brief\n"
    "---\n"
    "# Harbour bridge brief\n"
    "\n"
    "The city council approved the repair of the harbour bridge.\n"
    "The repair will cost $15 million, the council said.\n";

// Two sources that agree on $12.5 million, in a folder of their own (another story by default).
void write_sources(const TempDir& dir) {
  write_file(
      dir.path / "sources" / "herald.md",
      "# Council approves bridge repair\n\nThe city council approved the repair of the harbour "
      "bridge. The repair will cost $12.5 million, according to the council's budget "
      "office.\n");
  write_file(dir.path / "sources" / "times.txt",
             "Bridge repair gets the go-ahead\n\nRepairs to the harbour bridge, costing $12.5 "
             "million, were approved by the city council.\n");
}

const char* kGate = "check --summary brief.md --sources sources/herald.md sources/times.txt";

}  // namespace

TEST_CASE(
    "gate: a wrong figure in the summary exits 1 naming it, its line and the sources; "
    "fixed, it exits 0",
    "[ci-gate]") {
  TempDir dir;
  write_file(dir.path / "brief.md", kSummary);
  write_sources(dir);

  const CommandResult wrong = run_verity(dir, kGate);  // with the default log, ./verity.db
  INFO(wrong.out << wrong.err);
  CHECK(wrong.code == 1);
  CHECK_THAT(wrong.out, Catch::Contains("error[summary.figure-supported]: $15 million appears in "
                                        "no source of story"));
  CHECK_THAT(wrong.out, Catch::Contains("brief.md:7:22"));  // line 7 of the file, front matter in
  CHECK_THAT(wrong.err, Catch::Contains("brief.md (story ") &&
                            Catch::Contains("was checked against 2 sources: sources/herald.md, "
                                            "sources/times.txt"));
  CHECK(fs::exists(dir.path / "verity.db"));

  std::string fixed = kSummary;
  fixed.replace(fixed.find("$15 million"), 11, "$12.5 million");
  write_file(dir.path / "brief.md", fixed);
  const CommandResult ok = run_verity(dir, std::string(kGate) + " --no-db");
  INFO(ok.out << ok.err);
  CHECK(ok.code == 0);
  CHECK_THAT(ok.out, Catch::Contains("0 findings"));
}

TEST_CASE("gate: sources are given by folder and join the summary's front-matter story",
          "[ci-gate]") {
  TempDir dir;
  std::string summary = kSummary;
  summary.insert(summary.find("---\n#"), "story: harbour-bridge\n");
  write_file(dir.path / "brief.md", summary);
  write_sources(dir);
  const CommandResult r = run_verity(dir, "check --no-db --summary brief.md --sources sources");
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Catch::Contains("$15 million appears in no source of story harbour-bridge"));
  CHECK_THAT(r.err, Catch::Contains("brief.md (story harbour-bridge) was checked against 2 "
                                    "sources"));
}

TEST_CASE("gate: a source whose front matter says role: summary supports, it is not checked",
          "[ci-gate]") {
  TempDir dir;
  std::string fixed = kSummary;
  fixed.replace(fixed.find("$15 million"), 11, "$12.5 million");
  write_file(dir.path / "brief.md", fixed);
  write_sources(dir);
  // Copied from another pipeline with its role: it holds a figure no other document has.
  write_file(dir.path / "sources" / "older-brief.md",
             "---\nrole: summary\n---\n# Older brief\n\nThe bridge carries 40,000 cars a day.\n");
  const CommandResult r = run_verity(dir, "check --no-db --summary brief.md --sources sources");
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("was checked against 3 sources"));
}

TEST_CASE("gate: findings only about the sources are reported but do not fail it", "[ci-gate]") {
  TempDir dir;
  std::string fixed = kSummary;
  fixed.replace(fixed.find("$15 million"), 11, "$12.5 million");
  write_file(dir.path / "brief.md", fixed);
  write_sources(dir);
  // A third source disagrees with the other two: figures.rules reports it among the sources.
  write_file(
      dir.path / "sources" / "gazette.md",
      "# Bridge works\n\nThe harbour bridge repair will cost $13.9 million, the city council "
      "said.\n");
  const CommandResult r = run_verity(
      dir, "check --no-db --summary brief.md --sources sources --rules '" VERITY_SOURCE_DIR
           "/rules/figures.rules'");
  INFO(r.out << r.err);
  CHECK_THAT(r.out, Catch::Contains("error[figure."));  // the sources' disagreement is shown
  CHECK_THAT(r.out, !Catch::Contains("summary.figure-supported"));
  CHECK(r.code == 0);

  // With the wrong figure back in the summary, the gate fails again.
  write_file(dir.path / "brief.md", kSummary);
  CHECK(run_verity(dir, "check --no-db --summary brief.md --sources sources").code == 1);
}

TEST_CASE("gate: --fail-on never reports the finding and exits 0", "[ci-gate]") {
  TempDir dir;
  write_file(dir.path / "brief.md", kSummary);
  write_sources(dir);
  const CommandResult r = run_verity(dir, std::string(kGate) + " --no-db --fail-on never");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("$15 million appears in no source"));
}

TEST_CASE("gate: a missing source exits 2 naming the path", "[ci-gate]") {
  TempDir dir;
  write_file(dir.path / "brief.md", kSummary);
  write_sources(dir);
  const CommandResult r = run_verity(
      dir, "check --no-db --summary brief.md --sources sources/herald.md sources/missing.md");
  INFO(r.out << r.err);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("sources/missing.md") &&
                        Catch::Contains("no such file or folder; check the path"));
}

TEST_CASE("gate: a broken --rules file exits 3 with its place", "[ci-gate]") {
  TempDir dir;
  write_file(dir.path / "brief.md", kSummary);
  write_sources(dir);
  write_file(dir.path / "house.rules", "rule house.style {\n");
  const CommandResult r = run_verity(dir, std::string(kGate) + " --no-db --rules house.rules");
  INFO(r.out << r.err);
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Catch::Contains("house.rules:") && Catch::Contains("nothing was checked"));
  CHECK(r.out.empty());
}

TEST_CASE("gate: --summary and --sources go together", "[ci-gate]") {
  TempDir dir;
  write_file(dir.path / "brief.md", kSummary);
  write_sources(dir);
  const CommandResult no_sources = run_verity(dir, "check --no-db --summary brief.md");
  CHECK(no_sources.code == 2);
  CHECK_THAT(no_sources.err, Catch::Contains("--sources DOCS"));
  const CommandResult no_summary = run_verity(dir, "check --no-db --sources sources");
  CHECK(no_summary.code == 2);
  CHECK_THAT(no_summary.err, Catch::Contains("--sources goes with --summary FILE"));
}

TEST_CASE(
    "gate: an inline suppression in the summary passes it; one without a reason is a "
    "warning of the summary",
    "[ci-gate]") {
  TempDir dir;
  write_sources(dir);
  std::string with_reason = kSummary;
  with_reason.replace(with_reason.find("The repair will cost"), 0,
                      "<!-- verity-ignore summary.figure-supported: the council's later estimate "
                      "-->\n");
  write_file(dir.path / "brief.md", with_reason);
  const CommandResult passed = run_verity(dir, std::string(kGate) + " --no-db --fail-on warning");
  INFO(passed.out << passed.err);
  CHECK(passed.code == 0);
  CHECK_THAT(passed.out, Catch::Contains("$15 million"));  // still reported, marked suppressed

  std::string no_reason = kSummary;
  no_reason.replace(no_reason.find("The repair will cost"), 0,
                    "<!-- verity-ignore summary.figure-supported -->\n");
  write_file(dir.path / "brief.md", no_reason);
  const CommandResult warned = run_verity(dir, std::string(kGate) + " --no-db --fail-on warning");
  INFO(warned.out << warned.err);
  CHECK(warned.code == 1);  // the warning is located in the summary: it counts
  CHECK_THAT(warned.out, Catch::Contains("verity.suppression"));
  CHECK(run_verity(dir, std::string(kGate) + " --no-db").code == 0);  // a warning only, under error
}

TEST_CASE("gate: the SARIF report locates the finding in the summary, the sources related",
          "[ci-gate]") {
  TempDir dir;
  write_file(dir.path / "brief.md", kSummary);
  write_sources(dir);
  const CommandResult r =
      run_verity(dir, std::string(kGate) + " --no-db --format sarif --output verity.sarif");
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  const auto sarif = nlohmann::json::parse(slurp(dir.path / "verity.sarif"));
  const auto& results = sarif.at("runs").at(0).at("results");
  REQUIRE(results.size() == 1);
  CHECK(results[0].at("ruleId") == "summary.figure-supported");
  const auto& where = results[0].at("locations").at(0).at("physicalLocation");
  CHECK(where.at("artifactLocation").at("uri") == "brief.md");
  CHECK(where.at("region").at("startLine") == 7);
  std::string related;
  for (const auto& l : results[0].at("relatedLocations")) {
    related += l.at("physicalLocation").at("artifactLocation").at("uri").get<std::string>() + " ";
  }
  CHECK(related == "sources/herald.md sources/times.txt ");
}
