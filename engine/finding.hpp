// Owns what evaluation produces: findings, each with its rule, severity, message, the facts it
// binds (the evidence, by variable) and a fingerprint that is stable across runs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/severity.hpp"
#include "engine/value.hpp"

namespace verity {

struct Evidence {
  std::string variable;  // the rule variable the fact was bound to
  FactRef fact;
};

struct Finding {
  std::string rule_id;
  Severity severity = Severity::error;
  std::string message;
  std::vector<Evidence> evidence;
  // Hex digest of the rule id and each bound fact's document id, kind and fields — not of
  // spans or line numbers, so an edit elsewhere in a file keeps the fingerprint.
  std::string fingerprint;
  // Set after evaluation (engine/suppressions, engine/baseline; docs/suppressions.md). A
  // suppressed or baselined finding is still reported and logged, but does not count for
  // --fail-on. `suppression_source` says where the suppression is: "brief.md:12" for an inline
  // comment, ".verityignore:3" for an ignore-file entry.
  bool suppressed = false;
  std::string suppression_reason = {};  // initialized: aggregate {…} lists may stop before it
  std::string suppression_source = {};
  bool baselined = false;
  // Where a finding with no facts as evidence is (a `verity.suppression` warning: the comment
  // or ignore-file line); empty path otherwise.
  std::string location_path = {};
  std::uint32_t location_line = 0;

  bool counts_for_exit() const { return !suppressed && !baselined; }
};

// What the log keeps about a rule of the rule set.
struct RuleInfo {
  std::string id;
  std::string title;
  Severity severity = Severity::error;
  std::string file;
  std::uint32_t line = 0;
  std::string source;             // the rule's text, from `rule` to its closing brace
  std::string help;               // `help "…"`: text or a URL; empty when absent
  std::vector<std::string> tags;  // `tags a, b`
};

}  // namespace verity
