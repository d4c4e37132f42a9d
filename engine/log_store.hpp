// The SQLite log: one database file keeps runs, documents, facts, rules, findings and evidence.
// Writes are batched in transactions (WAL, synchronous=NORMAL, prepared statements); a run is
// inserted as 'running' first and marked 'complete' or 'failed' last, so an interrupted run is
// visible as such. Every SQL statement binds its values as parameters.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/fact_store.hpp"
#include "engine/finding.hpp"
#include "engine/require_explain.hpp"

struct sqlite3;

namespace verity {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunInfo {
  std::string version;
  std::string arguments;       // the command line, space-separated
  std::string ruleset_hash;    // sha256 of the rule files' text
  std::string kind = "check";  // or "audit" (schema 4)
};

// A finding read back from the log, with its evidence resolved to facts and documents.
struct StoredEvidence {
  std::string variable;
  std::int64_t fact_id = 0;
  std::string kind;
  std::string document;  // document id (uri)
  std::uint32_t span_begin = 0, span_end = 0, line = 0, column = 0;
  std::string fields_json;
  std::string story;  // the document's `story` metadata; empty when it has none
};

struct StoredFinding {
  std::int64_t id = 0;
  std::int64_t run_id = 0;
  std::string rule_id;
  std::string severity;
  std::string message;
  std::string fingerprint;
  std::vector<StoredEvidence> evidence;
  // Why the requirement failed, as logged (schema 2); false for findings of older runs.
  bool has_explanation = false;
  std::string reason;
  std::vector<ComparedValue> compared;
  // Schema 3 (docs/suppressions.md): false for findings of older runs.
  bool suppressed = false;
  std::string suppress_reason;  // "REASON (at FILE:LINE)"; empty when not suppressed
  bool baselined = false;
  // Schema 4: the story an audit evaluated the finding in; empty for `check` findings.
  std::string story;
};

struct StoredRule {
  std::string rule_id, title, severity, file;
  std::int64_t line = 0;
  std::string source, help;  // help is empty when absent or logged before schema 2
  std::vector<std::string> tags;
};

struct StoredRun {
  std::int64_t id = 0;
  std::string started_at, finished_at, version, arguments, status;
};

class LogStore {
 public:
  // Opens or creates the database and its tables. Throws StoreError naming the file.
  explicit LogStore(const std::string& path);
  ~LogStore();
  LogStore(const LogStore&) = delete;
  LogStore& operator=(const LogStore&) = delete;

  std::int64_t begin_run(const RunInfo& info);
  // Documents and all facts of the store, in batched transactions.
  void write_facts(std::int64_t run, const FactStore& store);
  void write_rules(std::int64_t run, const std::vector<RuleInfo>& rules);
  // Requires write_facts for the same store first (evidence refers to logged facts).
  // `explanations`, when given, has one entry per finding (see require_explain.hpp).
  void write_findings(std::int64_t run, const std::vector<Finding>& findings,
                      const std::vector<FindingExplanation>* explanations = nullptr);
  void finish_run(std::int64_t run, const std::string& status);

  std::int64_t last_run() const;  // 0 when there is none
  std::string run_status(std::int64_t run) const;
  std::vector<StoredFinding> read_findings(std::int64_t run) const;
  std::optional<StoredFinding> read_finding(std::int64_t id) const;
  // (finding id, fingerprint) of every finding whose fingerprint starts with `prefix`, newest
  // run first.
  std::vector<std::pair<std::int64_t, std::string>> findings_with_fingerprint_prefix(
      const std::string& prefix) const;
  std::optional<StoredRule> read_rule(std::int64_t run, const std::string& rule_id) const;
  // The normalized text of a document of the run; nullopt when not logged (schema 1, or a
  // document known only from imported facts). An audit logs a document in the run that
  // extracted it: a later run of the same uri falls back to the latest earlier one.
  std::optional<std::string> document_text(std::int64_t run, const std::string& uri) const;
  std::vector<StoredRun> runs() const;  // oldest first

 private:
  std::vector<StoredFinding> read_findings_where(const char* condition, std::int64_t value) const;

  sqlite3* db_ = nullptr;
  std::string path_;
  std::vector<std::int64_t> fact_rows_;  // FactRef index -> facts.id, for the current run
  std::int64_t facts_run_ = 0;           // the run fact_rows_ belong to; 0 before write_facts
};

}  // namespace verity
