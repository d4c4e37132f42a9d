// Owns `verity report`: the findings of one logged run grouped by story and rule, each marked
// new, persisting or fixed against an earlier run by its fingerprint (content-based, so a
// finding whose lines moved is still the same finding).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/log_store.hpp"
#include "engine/term_style.hpp"

namespace verity {

struct HistoryEntry {
  StoredFinding finding;
  std::string status;  // "new", "persisting", "fixed"; empty when there is nothing to compare
  std::string story;   // the stories of its documents, joined by ", "; "(no story)" if none
};

struct History {
  StoredRun run;
  std::int64_t against = 0;  // 0: no earlier run to compare with
  // The run's findings, then the findings of `against` that are gone (status "fixed"), sorted
  // by story, rule and id.
  std::vector<HistoryEntry> entries;
  std::size_t new_count = 0, persisting = 0, fixed = 0;
};

struct HistoryOutcome {
  bool ok = false;
  History history;
  std::string error;  // what is wrong and what to do
};

// `run` 0: the last run. `against` -1: the latest complete run before `run` (none: nothing is
// compared); 0: compare with nothing; otherwise that run, which must exist.
HistoryOutcome compare_runs(const LogStore& log, std::int64_t run, std::int64_t against);

std::string render_history_text(const History& history, const Style& style);
// {"version": 1, "run": …, "against": …, "counts": {…}, "stories": [...]};
// see docs/json-output.md.
std::string render_history_json(const History& history);

}  // namespace verity
