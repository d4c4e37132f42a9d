// `verity test`: runs rule tests. A rule test case is a folder of fixture documents whose
// Markdown comments say which findings are expected where:
//   <!-- expect: quote.speaker -->   a finding of quote.speaker with a fact on this line
//   <!-- no: quote.speaker -->       no finding of quote.speaker with a fact on this line
// A case checks only the rules its markers name, so a fixture for one rule need not annotate
// every other rule's findings. Each missing and each unexpected finding is reported as
// `file:line: …`; a run with no expectation at all fails, since it tested nothing.
#pragma once

#include <string>
#include <vector>

namespace verity {

struct RuleTestOutcome {
  std::size_t cases = 0;
  std::size_t expectations = 0;
  std::size_t failures = 0;
  std::string report;         // one line per failure and per problem, then a summary line
  bool rules_failed = false;  // the rule files did not compile (report holds the diagnostics)

  bool passed() const { return !rules_failed && failures == 0 && expectations > 0; }
};

// Runs the rule files `rule_paths` over each case folder found under `tests_root` (a case is
// a folder that directly holds .md or .txt files).
// `std_dir` is where `import "std/NAME"` finds the shipped packs.
RuleTestOutcome run_rule_tests(const std::vector<std::string>& rule_paths,
                               const std::string& tests_root, const std::string& std_dir = "");

}  // namespace verity
