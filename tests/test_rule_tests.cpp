// `verity test`: fixture documents with expectation markers, compared with real findings.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/rule_tests.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

namespace {

// A rule file and a test folder with one case, in a scratch folder removed afterwards.
struct Scratch {
  TempDir dir;
  Scratch() {
    fs::create_directories(dir.path / "tests" / "case");
    dir.write("speaker.rules", R"(rule quote.speaker "Quotes need speakers" {
  severity error
  for q: quote
  require q.speaker is set
})");
  }
  void fixture(const std::string& text) const { dir.write("tests/case/fixture.md", text); }
  RuleTestOutcome run() const {
    return run_rule_tests({dir.file("speaker.rules")}, dir.file("tests"));
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
