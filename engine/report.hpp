// Renders the findings of a run for people (text) and for programs (JSON).
#pragma once

#include <string>
#include <vector>

#include "dsl/planner.hpp"
#include "engine/evaluator.hpp"
#include "engine/fact_store.hpp"
#include "engine/require_explain.hpp"
#include "engine/term_style.hpp"

namespace verity {

struct RunSummary {
  std::size_t documents = 0;
  std::size_t facts = 0;
  std::size_t rules = 0;
  std::int64_t run_id = 0;  // 0 when nothing was logged
  std::string db_path;
};

struct ReportOptions {
  const std::vector<dsl::RulePlan>* plans = nullptr;              // for each rule's help and tags
  const std::vector<FindingExplanation>* explanations = nullptr;  // one per finding, or null
  Style style;                                                    // text only
};

// For each finding: `severity[rule]: message`, then for each bound fact its variable, kind,
// document, line and column, and its source line with the span marked ^~~~ (clipped around
// the span to 100 columns), one source under the other; then why the requirement failed, the
// rule's help and tags. At most kMaxFactsShown facts per finding (explain shows them all).
// Ends with a one-line summary.
std::string render_text(const EvalResult& result, const FactStore& store, const RunSummary& summary,
                        const ReportOptions& options = {});

// {"version": 1, "findings": [...], "summary": {...}}; see docs/json-output.md.
std::string render_json(const EvalResult& result, const FactStore& store, const RunSummary& summary,
                        const ReportOptions& options = {});

constexpr std::size_t kMaxFactsShown = 12;

}  // namespace verity
