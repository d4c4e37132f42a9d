// The `verity` executable end to end: the example stories with the shipped rules, exit codes,
// bad input, and the SQLite file it leaves behind.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/log_store.hpp"

namespace fs = std::filesystem;

namespace {

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A scratch folder per test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("verity-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

// Runs verity with `args` (already shell-quoted where needed) from the source folder.
Result run_verity(const std::string& args, const TempDir& tmp) {
  const fs::path out = tmp.path / "stdout", err = tmp.path / "stderr";
  const std::string cmd = "cd '" VERITY_SOURCE_DIR "' && '" VERITY_BINARY "' " + args + " > '" +
                          out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

std::string db_in(const TempDir& tmp) {
  return (tmp.path / "verity.db").string();
}

}  // namespace

TEST_CASE("check on the example story prints the planted discrepancies and exits 1", "[cli]") {
  TempDir tmp;
  const Result r =
      run_verity("check --rules rules --db '" + db_in(tmp) + "' examples/harbor-bridge", tmp);
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
  verity::LogStore log(db_in(tmp));
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
  const Result r = run_verity("check --rules rules --no-db --format json examples", tmp);
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Catch::StartsWith("{\n  \"version\": 1,\n  \"findings\": ["));
  CHECK_THAT(r.out, Catch::Contains("\"rule\": \"quote.speaker\""));
  CHECK_THAT(r.out, Catch::Contains("\"doc\": \"examples/harbor-bridge/valley-times.md\""));
  CHECK(!fs::exists(tmp.path / "verity.db"));
}

TEST_CASE("the fail level (--fail-on) decides the exit code", "[cli]") {
  TempDir tmp;
  CHECK(run_verity("check --rules rules --no-db --fail-on never examples", tmp).code == 0);
  CHECK(run_verity("check --rules rules --no-db --fail-on warning examples", tmp).code == 1);
  CHECK(run_verity("check --rules rules --no-db --fail-on bogus examples", tmp).code == 2);
}

TEST_CASE("a document without discrepancies exits 0", "[cli]") {
  TempDir tmp;
  const fs::path doc = tmp.path / "calm.txt";
  std::ofstream(doc) << "The museum opened on Monday.\n";
  const Result r = run_verity("check --rules rules --no-db '" + doc.string() + "'", tmp);
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("0 findings"));
}

TEST_CASE("rule files with errors exit 3 and name file, line and column", "[cli]") {
  TempDir tmp;
  const Result r = run_verity("compile tests/data/rules/three_mistakes.rules", tmp);
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Catch::Contains("tests/data/rules/three_mistakes.rules:5:13: error:"));
  CHECK_THAT(r.err, Catch::Contains("verity: 3 errors in rule files"));

  const Result check = run_verity(
      "check --rules tests/data/rules/three_mistakes.rules --db '" + db_in(tmp) + "' examples",
      tmp);
  CHECK(check.code == 3);
  CHECK(!fs::exists(db_in(tmp)));  // nothing was run, nothing was logged

  const Result ok = run_verity("compile --explain rules", tmp);
  CHECK(ok.code == 0);
  CHECK_THAT(ok.out, Catch::Contains("hash join b: figure on"));
}

TEST_CASE("bad input and usage exit 2 with a message naming what is wrong", "[cli]") {
  TempDir tmp;
  const Result missing = run_verity("check --rules rules --no-db no/such/file.md", tmp);
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains("no/such/file.md"));

  const Result unknown = run_verity("check --rulez rules examples", tmp);
  CHECK(unknown.code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("unknown option '--rulez'"));

  CHECK(run_verity("frobnicate", tmp).code == 2);
  CHECK(run_verity("check --rules rules", tmp).code == 2);  // nothing to check
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
  const Result r = run_verity("check --rules rules --no-db --facts '" + facts.string() + "'", tmp);
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::Contains(facts.string() + ":2:"));
  CHECK_THAT(r.out, Catch::Contains("quote “nobody said this” has no attributed speaker"));
  CHECK_THAT(r.out, !Catch::Contains("we did it"));
}

TEST_CASE("extract prints one JSON object per fact with kind, doc and span", "[cli]") {
  TempDir tmp;
  const Result r = run_verity("extract examples/harbor-bridge/valley-times.md", tmp);
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
  const Result by_default = run_verity("check --no-db --fail-on never examples", tmp);
  const Result listed = run_verity("check --no-db --fail-on never" + packs + " examples", tmp);
  INFO(by_default.out << by_default.err);
  CHECK(by_default.code == 0);
  CHECK_THAT(by_default.out, Catch::Contains(" rules\n") || Catch::Contains(" rule\n"));
  CHECK(by_default.out == listed.out);  // the same rules, so the same findings and summary
}
