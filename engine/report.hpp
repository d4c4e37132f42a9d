// Renders the findings of a run for people (text) and for programs (JSON).
#pragma once

#include <string>
#include <vector>

#include "engine/evaluator.hpp"
#include "engine/fact_store.hpp"

namespace verity {

struct RunSummary {
  std::size_t documents = 0;
  std::size_t facts = 0;
  std::size_t rules = 0;
  std::int64_t run_id = 0;  // 0 when nothing was logged
  std::string db_path;
};

// For each finding: `severity[rule]: message`, then for each bound fact its variable, document,
// line and column, and the source line with the fact's span underlined (a window of the line
// around the span when the line is long). Ends with a one-line summary.
std::string render_text(const EvalResult& result, const FactStore& store,
                        const RunSummary& summary);

// {"version": 1, "findings": [...], "summary": {...}}; see docs/json-output.md.
std::string render_json(const EvalResult& result, const FactStore& store,
                        const RunSummary& summary);

}  // namespace verity
