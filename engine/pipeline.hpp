// The `check` pipeline as a library call, so the CLI stays thin and tests run the real thing:
// load documents and imported facts → compile rules → extract facts → evaluate → log to SQLite.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsl/compiler.hpp"
#include "engine/document_loader.hpp"
#include "engine/evaluator.hpp"
#include "engine/fact_store.hpp"
#include "engine/require_explain.hpp"

namespace verity {

struct CheckOptions {
  std::vector<std::string> rule_paths;  // files or folders of *.rules
  std::vector<std::string> documents;   // files or folders of .txt / .md
  std::vector<std::string> fact_files;  // JSON Lines of facts (--facts)
  // --summary: files or folders checked as summaries of `documents`, which become their
  // sources (roles and stories: engine/summary_gate). Empty: documents keep their metadata.
  std::vector<std::string> summary_documents;
  std::string db_path = "verity.db";  // empty: log nothing
  std::string arguments;              // the command line, for the runs table
  // Suppressions and baselines (docs/suppressions.md), applied after evaluation.
  std::vector<std::string> ignore_files;  // --ignore FILE (the CLI adds ./.verityignore)
  std::string baseline_path;              // --baseline FILE: its findings do not count
  std::string write_baseline_path;        // --write-baseline FILE: record this run's findings
  std::string today;                      // YYYY-MM-DD for ignore expiry; empty: today (UTC)
  EvalOptions eval;
  // Imports and tables: the shipped rules folder for `import "std/…"` (the CLI passes its
  // VERITY_RULES_DIR) and --allow-outside-paths.
  dsl::CompileOptions compile;
};

struct CheckOutcome {
  std::unique_ptr<FactStore> store;
  std::unique_ptr<dsl::RuleSet> rules;
  EvalResult result;
  std::vector<FindingExplanation> explanations;  // one per finding of `result`
  std::vector<InputProblem> problems;            // documents and fact files; fatal ones mean exit 2
  std::string store_error;                       // the log could not be written: exit 2
  std::int64_t run_id = 0;
  std::size_t suppressed = 0;  // findings marked suppressed
  std::size_t baselined = 0;   // findings marked baselined

  bool rules_failed() const { return rules && !rules->ok(); }
  bool input_failed() const;
};

CheckOutcome run_check(const CheckOptions& options);

// Loads documents and extracts their facts into `store` (no rules, no log): `verity extract`.
void load_and_extract(const std::vector<std::string>& documents, FactStore& store,
                      std::vector<InputProblem>& problems);

// sha256 of the rule files' names and text, in order: identifies a rule set across runs.
std::string ruleset_hash(const dsl::RuleSet& rules);

// Shared by `check` and `audit` (engine/audit*): what the log keeps about each rule, the rule
// files' `alias` statements, and applying them to person keys before evaluation.
std::vector<RuleInfo> rule_infos(const dsl::RuleSet& rules);
std::vector<std::vector<std::string>> collect_aliases(const dsl::RuleSet& rules);
void apply_aliases(const AliasKeys& aliases, FactStore& store);

}  // namespace verity
