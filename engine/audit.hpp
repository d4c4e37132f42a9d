// `verity audit` as a library call (docs/audit.md): stream documents from archives and folders,
// extract their facts on N threads (skipping documents unchanged since the last audit), group
// them into stories, evaluate the rule set per story (only stories that changed), and log
// documents, findings and evidence to SQLite in batches of one transaction each. Resumable
// after SIGINT/SIGTERM (the caller sets `stop`) or kill -9.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "dsl/compiler.hpp"
#include "engine/input_problem.hpp"

namespace verity {

struct AuditOptions {
  std::vector<std::string> inputs;      // .jsonl, .jsonl.gz, folders, single documents
  std::vector<std::string> rule_paths;  // files or folders of *.rules
  std::string db_path = "verity.db";
  std::string arguments;  // the command line, for the runs table
  std::size_t jobs = 0;   // extraction and evaluation threads; 0: the hardware's count
  int story_window_days = 3;
  std::size_t batch_documents = 256;  // documents (or stories) per transaction, at most
  double batch_seconds = 1.0;         // and a commit at least this often
  bool quiet = false;
  double progress_interval = 5.0;  // seconds between progress lines (not on a terminal)
  std::FILE* progress_out = stderr;
  dsl::CompileOptions compile;
  // Set (by a signal handler) to stop at the next batch boundary; the run is then 'interrupted'.
  const std::atomic<bool>* stop = nullptr;
};

struct AuditStats {
  std::int64_t run = 0;
  std::uint64_t documents = 0, extracted = 0, unchanged = 0;
  std::uint64_t stories = 0, evaluated = 0;
  std::uint64_t facts = 0, findings = 0, bytes = 0;
  double seconds = 0;
  // Where the time went (wall seconds of the coordinating thread), for --stats and benchmarks.
  double extract_seconds = 0, evaluate_seconds = 0;  // wall time of each phase
  double write_seconds = 0;                          // of which writing to SQLite
  // CPU time (user + system, all threads) of each phase: what a loaded machine does not skew.
  double extract_cpu_seconds = 0, evaluate_cpu_seconds = 0;
};

enum class AuditStatus {
  complete,     // exit 0 (input problems, if any, were reported and skipped)
  interrupted,  // exit 130: run the same command again to resume
  bad_input,    // exit 2: a path given does not exist, or nothing to audit
  locked,       // exit 2: another audit holds the database
  store_error,  // exit 2: the log could not be read or written
  rules_failed  // exit 3
};

struct AuditOutcome {
  AuditStatus status = AuditStatus::complete;
  std::unique_ptr<dsl::RuleSet> rules;  // for its diagnostics
  std::vector<InputProblem> problems;
  std::vector<std::string> notes;  // resumed run, lock taken over: printed on stderr
  std::string error;               // locked / store_error: what is wrong and what to do
  AuditStats stats;
};

AuditOutcome run_audit(const AuditOptions& options);

// The final line and the --stats JSON (formats fixed: bench/run_audit_bench.sh parses them).
std::string audit_summary_line(const AuditStats& stats);
std::string audit_stats_json(const AuditStats& stats);

}  // namespace verity
