// Owns the audit's tables in the SQLite log (schema 4, docs/audit.md): the lock that keeps two
// audits off one database, the audit runs, the per-document cache (audit_documents), the
// per-run mark of each story (audit_stories), and writing a batch of extracted documents or of
// evaluated and carried-over stories in one transaction each, so that a kill at any moment
// leaves whole batches. One AuditDb is one connection, used by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/document.hpp"
#include "engine/fact_store.hpp"
#include "engine/finding.hpp"
#include "engine/log_store.hpp"
#include "engine/require_explain.hpp"

struct sqlite3;

namespace verity {

namespace sqlite {
class Statement;
}

struct AuditLockHolder {
  std::int64_t pid = 0;
  std::string host, started;
};

struct AuditRunState {
  std::int64_t id = 0;
  std::string status, ruleset_hash;
};

// What the cache row of a document says about its last extraction.
struct CachedDocument {
  std::string content_hash, extractor, ruleset_hash, signature, story_given;
  std::int64_t run_id = 0, document_row = 0, fact_count = 0;
};

// A document extracted in this run, ready to be logged.
struct ExtractedDocument {
  Document doc;  // its text is logged once, in the documents table
  std::string content_hash, story_given, signature, facts_blob;
  std::size_t fact_count = 0;
  // The extractor stopped at the facts-per-document limit; the end of the last fact kept.
  bool capped = false;
  std::uint64_t capped_at = 0;
};

struct StoryMark {
  std::int64_t run_id = 0, evaluated_run = 0;
  std::string members_hash, ruleset_hash;
};

// A document of a story as the evaluation needs it: the cache row and its documents row.
struct StoryMember {
  std::string uri, path, sha256, metadata_json, facts_blob;
  std::int64_t document_row = 0;
};

// A story evaluated in this run: its findings refer to facts of `store`.
struct EvaluatedStory {
  std::string story, members_hash;
  std::unique_ptr<FactStore> store;
  // documents row of each document of `store` by index; 0 for a document the audit did not log
  // (a reference table's file), which is logged on first use as evidence.
  std::vector<std::int64_t> document_rows;
  std::vector<Finding> findings;
  std::vector<FindingExplanation> explanations;
};

// A story whose members and rules are unchanged: its findings of `from_run` are copied.
struct CarriedStory {
  std::string story, members_hash;
  std::int64_t from_run = 0, evaluated_run = 0;
};

class AuditDb {
 public:
  // Opens (creating or upgrading through LogStore) the database. Throws StoreError.
  explicit AuditDb(const std::string& path);
  ~AuditDb();
  AuditDb(const AuditDb&) = delete;
  AuditDb& operator=(const AuditDb&) = delete;

  // Takes the audit lock; returns the holder when another live audit holds it. `note` says
  // when a dead holder's lock (an audit killed with kill -9) was taken over.
  std::optional<AuditLockHolder> take_lock(std::string& note);
  void release_lock() noexcept;

  std::optional<AuditRunState> latest_audit_run();
  std::int64_t begin_run(const RunInfo& info);
  void finish_run(std::int64_t run, const std::string& status);
  bool has_rules(std::int64_t run);

  std::optional<CachedDocument> cached(const std::string& uri);
  // One transaction: documents rows and cache rows of `batch`.
  void write_documents(std::int64_t run, const std::string& ruleset_hash,
                       const std::vector<ExtractedDocument>& batch);

  std::optional<StoryMark> latest_mark(const std::string& story);
  std::optional<StoryMember> member(const std::string& uri);
  // One transaction: for each story its findings (with evidence facts) or carried-over copies,
  // and its mark for `run`.
  void write_stories(std::int64_t run, const std::string& ruleset_hash,
                     const std::vector<EvaluatedStory>& evaluated,
                     const std::vector<CarriedStory>& carried);

  // Removes from `run` the findings and marks of stories not in `current`: a resumed run whose
  // inputs changed keeps only the stories of the inputs it finished with. One transaction.
  void drop_other_stories(std::int64_t run, const std::set<std::string>& current);

  std::int64_t count_findings(std::int64_t run);

  // Test-only (docs/audit.md): VERITY_AUDIT_TEST_KILL=extract:N or evaluate:N raises SIGKILL
  // inside the Nth transaction of that phase, before its COMMIT.
  void set_kill_hook(const std::string& spec);

 private:
  void maybe_kill(const char* phase, int& counter);
  std::int64_t table_document_row(std::int64_t run, const Document& doc);

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite::Statement> cached_st_, member_st_, mark_st_;
  std::map<std::string, std::int64_t> table_rows_;  // uri -> documents row, this run
  std::string kill_phase_;
  int kill_at_ = 0, extract_tx_ = 0, evaluate_tx_ = 0;
  bool holds_lock_ = false;
};

}  // namespace verity
