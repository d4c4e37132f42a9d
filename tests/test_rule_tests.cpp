// `verity test`: fixture documents with expectation markers, compared with real findings.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/rule_tests.hpp"

namespace fs = std::filesystem;
using namespace verity;

namespace {

struct Scratch {
  fs::path root;
  Scratch() {
    static int n = 0;
    root = fs::temp_directory_path() /
           ("verity-ruletests-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(root);
    fs::create_directories(root / "tests" / "case");
    std::ofstream(root / "speaker.rules") << R"(rule quote.speaker "Quotes need speakers" {
  severity error
  for q: quote
  require q.speaker is set
})";
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void fixture(const std::string& text) const {
    std::ofstream(root / "tests" / "case" / "fixture.md") << text;
  }
  RuleTestOutcome run() const {
    return run_rule_tests({(root / "speaker.rules").string()}, (root / "tests").string());
  }
};

const char* kAttributed = "\"The bridge will open in May,\" Mayor Ann Lee said on Monday.";
const char* kUnattributed = "\"Nobody told the staff anything.\"";

}  // namespace

TEST_CASE("rule tests pass when markers and findings agree", "[ruletests]") {
  Scratch s;
  s.fixture(std::string(kAttributed) + " <!-- no: quote.speaker -->\n\n" + kUnattributed +
            " <!-- expect: quote.speaker -->\n");
  const auto outcome = s.run();
  INFO(outcome.report);
  CHECK(outcome.passed());
  CHECK(outcome.cases == 1);
  CHECK(outcome.expectations == 2);
  CHECK_THAT(outcome.report, Catch::EndsWith("1 case, 2 expectations, 0 failures\n"));
}

TEST_CASE("rule tests report a missing and an unexpected finding with file and line",
          "[ruletests]") {
  Scratch s;
  s.fixture(std::string(kAttributed) + " <!-- expect: quote.speaker -->\n\n" + kUnattributed +
            " <!-- no: quote.speaker -->\n");
  const auto outcome = s.run();
  CHECK(!outcome.passed());
  CHECK(outcome.failures == 2);
  CHECK_THAT(outcome.report,
             Catch::Contains("fixture.md:1: missing finding: expected quote.speaker here"));
  CHECK_THAT(outcome.report, Catch::Contains("fixture.md:3: unexpected finding: quote.speaker:"));
}

TEST_CASE("a finding of a checked rule that no marker mentions is unexpected", "[ruletests]") {
  Scratch s;
  s.fixture(std::string(kAttributed) + " <!-- no: quote.speaker -->\n\n" + kUnattributed + "\n");
  const auto outcome = s.run();
  CHECK(outcome.failures == 1);
  CHECK_THAT(outcome.report, Catch::Contains("fixture.md:3: unexpected finding: quote.speaker"));
}

TEST_CASE("rule tests fail when they test nothing or name an unknown rule", "[ruletests]") {
  Scratch s;
  s.fixture(std::string(kUnattributed) + "\n");
  auto outcome = s.run();
  CHECK(!outcome.passed());
  CHECK_THAT(outcome.report, Catch::Contains("no expectation found"));

  s.fixture(std::string(kUnattributed) + " <!-- expect: quote.speeker -->\n");
  outcome = s.run();
  CHECK(!outcome.passed());
  CHECK_THAT(outcome.report,
             Catch::Contains("fixture.md:1: error: the marker names rule 'quote.speeker', which "
                             "no rule file defines"));
}
