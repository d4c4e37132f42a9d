// Owns suppressions (docs/suppressions.md): inline `<!-- verity-ignore RULE: reason -->`
// comments in Markdown documents and ignore-file entries (`rule=… fingerprint=… path=…
// expires=YYYY-MM-DD reason=…`). Applying them marks findings suppressed (with the reason and
// where the suppression is) and adds a `verity.suppression` warning for each suppression that
// has no reason or is past its expiry date; an expired entry suppresses nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/fact_store.hpp"
#include "engine/finding.hpp"
#include "engine/input_problem.hpp"

namespace verity {

inline constexpr const char* kSuppressionRule = "verity.suppression";

// One entry of an ignore file: every selector given must match (at least one is given).
struct IgnoreEntry {
  std::string file;  // the ignore file, for messages and suppression_source
  std::uint32_t line = 0;
  std::string rule;         // a rule id, or "" for any
  std::string fingerprint;  // a fingerprint or a prefix of one (8+ hex digits), or ""
  std::string path;         // a glob over the finding's primary document, or ""
  std::string expires;      // YYYY-MM-DD, or "" for never
  std::string reason;
};

// Reads an ignore file; a line it cannot read becomes a fatal problem at file:line (the entry
// is dropped). A missing or unreadable file is a fatal problem too.
std::vector<IgnoreEntry> read_ignore_file(const std::string& path,
                                          std::vector<InputProblem>& problems);

// Parses one line (without its newline); returns false and sets `error` when it is malformed.
// Blank lines and `#` comments give true with an entry that has no selector.
bool parse_ignore_line(const std::string& line, IgnoreEntry& entry, std::string& error);

// `*` matches within a path segment, `**` across segments, `?` one character but '/'.
bool glob_match(const std::string& pattern, const std::string& path);

// The document a finding is about: the document of its first fact ("" when it has none).
std::string primary_path(const Finding& f, const FactStore& store);

// Today's date as YYYY-MM-DD in UTC.
std::string today_utc();

struct SuppressionOutcome {
  std::size_t suppressed = 0;     // findings marked suppressed
  std::vector<Finding> warnings;  // verity.suppression findings, to append to the result
};

// Marks the findings matched by the documents' inline comments and by `entries`. `today` is
// YYYY-MM-DD (injectable so that tests do not depend on the clock).
SuppressionOutcome apply_suppressions(std::vector<Finding>& findings, const FactStore& store,
                                      const std::vector<IgnoreEntry>& entries,
                                      const std::string& today);

}  // namespace verity
