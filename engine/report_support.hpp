// What the CI report formats (SARIF, JUnit, GitHub workflow commands) share: the rules of a run
// as a list (with metadata, plus any rule id a finding names that no plan has), the file and
// region a fact is reported at, and which evidence fact is a finding's primary location.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/report.hpp"

namespace verity {

struct ReportRule {
  std::string id;
  std::string title;  // empty when the rule has none
  std::string help;   // text or URL; empty when absent
  std::vector<std::string> tags;
  Severity severity = Severity::warning;
  std::string pack;  // the rule file's name without folder and `.rules`; empty when unknown
};

// The rules that ran, in plan order, then the rule ids of findings that no plan has (messages
// verity itself raises), in order of first appearance: the same input gives the same list.
std::vector<ReportRule> report_rules(const EvalResult& result, const ReportOptions& options);

// Where a fact is: the file (a path relative to `root` when it lies under it, with forward
// slashes) and, unless the fact is a whole document, its region. Lines are 1-based lines of
// the original file; columns are 1-based Unicode code points, end exclusive. A column is 0
// when it cannot be counted in code points (a line changed by normalization before the fact:
// HTML, decoded entities; a JSON Lines record), and then formats leave columns out.
struct ReportLocation {
  std::string file;
  bool has_region = false;
  std::uint32_t start_line = 0, start_column = 0, end_line = 0, end_column = 0;
};

ReportLocation locate_fact(const FactStore& store, FactRef fact, const std::string& root);

// The index of a finding's primary evidence: the first fact in a document whose role is
// `summary` (a summary's finding is about the summary), else the first fact that is not a
// whole document, else 0. Call only when the finding has evidence.
std::size_t primary_evidence(const Finding& finding, const FactStore& store);

// Where a finding is reported: its primary fact, or for a finding with no facts (a
// verity.suppression warning) its location_path:location_line. False when it has neither.
bool finding_location(const Finding& finding, const FactStore& store, const std::string& root,
                      ReportLocation& out);

// For a fact of a summary (role `summary`) with a story: the files of the story's other
// documents (its sources, which the summary pack searched), in load order, each once, as
// locate_fact writes them. Empty for any other fact.
std::vector<std::string> story_sources(const FactStore& store, FactRef fact,
                                       const std::string& root);

// Whether a suppression was written in the document the finding is located in (an inline
// comment) rather than in an ignore file.
bool suppressed_in_source(const Finding& finding, const ReportLocation& at,
                          const std::string& root);

// A location as `file:line:col` (col left out when unknown; just `file` without a region).
std::string location_text(const ReportLocation& location);

}  // namespace verity
