// Internal to engine/audit*.cpp: what the two phases of an audit share (the run, the open log,
// the compiled rules, the documents seen so far with their grouping signatures, counters and
// progress). Phase 1 (audit_extract.cpp) fills `documents`; phase 2 (audit_evaluate.cpp) groups
// them into stories and evaluates the stories that changed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dsl/compiler.hpp"
#include "engine/audit.hpp"
#include "engine/audit_codec.hpp"
#include "engine/audit_state.hpp"
#include "engine/expr_eval.hpp"
#include "engine/progress.hpp"

namespace verity {

struct AuditDocument {
  std::string uri, story_given, content_hash;
  StorySignature signature;
  bool extracted_in_run = false;  // its cache row was written by this run (or its resumed part)
};

struct AuditContext {
  const AuditOptions& options;
  AuditDb& db;
  std::int64_t run = 0;
  std::string ruleset_hash;
  const dsl::RuleSet& rules;
  const Schema& schema;  // the built-in kinds plus the rules' tables
  AliasKeys aliases;
  std::size_t jobs = 1;
  std::vector<std::string> paths;  // the input files, expanded
  std::vector<AuditDocument> documents;
  std::vector<InputProblem>& problems;
  AuditStats& stats;
  ProgressReporter& progress;
  ProgressCounts counts;

  bool stop_requested() const {
    return options.stop != nullptr && options.stop->load(std::memory_order_relaxed);
  }
};

// Both return false when stopped by `options.stop` (after committing what was done).
bool run_extract_phase(AuditContext& ctx);
bool run_evaluate_phase(AuditContext& ctx);

}  // namespace verity
