// Owns `verity explain`: a logged finding's whole provenance, read back from the SQLite log —
// the rule (file:line and its text), each bound fact (variable, kind, fields) in its document
// line with the span marked, the values the requirement compared, and why it failed.
#pragma once

#include <string>

#include "engine/log_store.hpp"
#include "engine/term_style.hpp"

namespace verity {

struct ExplainOutcome {
  bool found = false;
  std::string text;   // the explanation, when found
  std::string error;  // what went wrong and what to do, when not
};

// `id` is a finding's integer id in the log, or a prefix of its fingerprint (hex). An all-digit
// `id` is tried as an id first. A fingerprint prefix names the finding in the newest run that
// has it; a prefix that matches several fingerprints is refused, listing them.
ExplainOutcome explain_finding(const LogStore& log, const std::string& id, const Style& style);

}  // namespace verity
