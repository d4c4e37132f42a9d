// The audit's SQL. Every batch is one BEGIN IMMEDIATE transaction (sqlite::Transaction): a
// second writer waits for it (busy_timeout), and kill -9 loses at most the batch being written.
// Evidence facts of an evaluated story are logged as `facts` rows of this run when the story is
// written (the facts of all documents stay in the cache blob only: docs/log.md); a carried-over
// finding is a copy of the earlier finding row whose evidence points at the same fact rows.
#include "engine/audit_state.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/extract.hpp"
#include "engine/log_rows.hpp"
#include "engine/sqlite_util.hpp"

namespace verity {
namespace {

using log_rows::now_utc;
using sqlite::Statement;

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

bool process_alive(std::int64_t pid) {
  if (pid <= 0 || pid > INT32_MAX) return false;
  // EPERM: it exists but belongs to another user.
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

AuditDb::AuditDb(const std::string& path) : path_(path) {
  { LogStore create_or_upgrade(path); }
  const int rc =
      sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  try {
    if (rc != SQLITE_OK) sqlite::fail(db_, path_, rc, "open it");
    sqlite3_extended_result_codes(db_, 1);
    // Long enough for another writer's batch (a second audit stops at the lock, not here).
    sqlite::exec(db_, path_, "PRAGMA busy_timeout = 30000", "open it");
    sqlite::exec(db_, path_, "PRAGMA synchronous = NORMAL", "open it");
    sqlite::exec(db_, path_, "PRAGMA foreign_keys = ON", "open it");
    cached_st_ = std::make_unique<Statement>(
        db_, path_,
        "SELECT content_hash, extractor, ruleset_hash, signature, story_given, run_id, "
        "document_row, fact_count FROM audit_documents WHERE uri = ?",
        "read the audit cache");
    member_st_ = std::make_unique<Statement>(
        db_, path_,
        "SELECT d.uri, d.path, d.sha256, d.metadata, a.facts, a.document_row FROM "
        "audit_documents a JOIN documents d ON d.id = a.document_row WHERE a.uri = ?",
        "read the audit cache");
    mark_st_ = std::make_unique<Statement>(
        db_, path_,
        "SELECT run_id, evaluated_run, members_hash, ruleset_hash FROM audit_stories WHERE "
        "story = ? ORDER BY run_id DESC LIMIT 1",
        "read the audit's stories");
  } catch (...) {
    cached_st_.reset();
    member_st_.reset();
    mark_st_.reset();
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

AuditDb::~AuditDb() {
  release_lock();
  cached_st_.reset();
  member_st_.reset();
  mark_st_.reset();
  sqlite3_close_v2(db_);
}

std::optional<AuditLockHolder> AuditDb::take_lock(std::string& note) {
  sqlite::Transaction tx(db_, path_, "take the audit lock");
  {
    Statement st(db_, path_, "SELECT pid, host, started FROM audit_lock WHERE id = 1",
                 "read the audit lock");
    if (st.step()) {
      AuditLockHolder holder{st.column_int64(0), st.column_text(1), st.column_text(2)};
      // Another host's process cannot be checked from here: it is taken as alive.
      if (holder.host != host_name() || process_alive(holder.pid)) return holder;
      note = fmt::format(
          "{}: the audit lock of process {} (started {}) is left from an audit that is no longer "
          "running (killed?); taking it over",
          path_, holder.pid, holder.started);
    }
  }
  Statement st(db_, path_,
               "INSERT OR REPLACE INTO audit_lock(id, pid, host, started) VALUES(1, ?, ?, ?)",
               "take the audit lock");
  st.bind(1, static_cast<std::int64_t>(getpid()));
  st.bind(2, host_name());
  st.bind(3, now_utc());
  st.execute();
  tx.commit();
  holds_lock_ = true;
  return std::nullopt;
}

void AuditDb::release_lock() noexcept {
  if (!holds_lock_ || db_ == nullptr) return;
  holds_lock_ = false;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "DELETE FROM audit_lock WHERE id = 1 AND pid = ?", -1, &st,
                         nullptr) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, getpid());
    sqlite3_step(st);  // best effort: a lock left behind is taken over as a dead holder's
  }
  sqlite3_finalize(st);
}

std::optional<AuditRunState> AuditDb::latest_audit_run() {
  Statement st(db_, path_,
               "SELECT id, status, ruleset_hash FROM runs WHERE kind = 'audit' ORDER BY id DESC "
               "LIMIT 1",
               "read its runs");
  if (!st.step()) return std::nullopt;
  return AuditRunState{st.column_int64(0), st.column_text(1), st.column_text(2)};
}

std::int64_t AuditDb::begin_run(const RunInfo& info) {
  return log_rows::insert_run(db_, path_, info);
}

void AuditDb::finish_run(std::int64_t run, const std::string& status) {
  log_rows::set_run_status(db_, path_, run, status);
}

bool AuditDb::has_rules(std::int64_t run) {
  Statement st(db_, path_, "SELECT 1 FROM rules WHERE run_id = ? LIMIT 1", "read its rules");
  st.bind(1, run);
  return st.step();
}

std::optional<CachedDocument> AuditDb::cached(const std::string& uri) {
  Statement& st = *cached_st_;
  st.bind(1, uri);
  std::optional<CachedDocument> out;
  if (st.step()) {
    out = CachedDocument{st.column_text(0),  st.column_text(1), st.column_text(2),
                         st.column_text(3),  st.column_text(4), st.column_int64(5),
                         st.column_int64(6), st.column_int64(7)};
  }
  st.reset();
  return out;
}

void AuditDb::write_documents(std::int64_t run, const std::string& ruleset_hash,
                              const std::vector<ExtractedDocument>& batch) {
  sqlite::Transaction tx(db_, path_, "write documents");
  log_rows::DocumentWriter doc_writer(db_, path_);
  Statement cache_st(db_, path_,
                     "INSERT OR REPLACE INTO audit_documents(uri, story_given, content_hash, "
                     "extractor, ruleset_hash, document_row, signature, facts, fact_count, "
                     "run_id) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     "write the audit cache");
  for (const ExtractedDocument& e : batch) {
    const Document& d = e.doc;
    const std::int64_t row = doc_writer.write(run, d);
    cache_st.bind(1, d.id);
    cache_st.bind_text_or_null(2, e.story_given);
    cache_st.bind(3, e.content_hash);
    cache_st.bind(4, kExtractorOrigin);
    cache_st.bind(5, ruleset_hash);
    cache_st.bind(6, row);
    cache_st.bind(7, e.signature);
    cache_st.bind_blob(8, e.facts_blob);
    cache_st.bind(9, static_cast<std::int64_t>(e.fact_count));
    cache_st.bind(10, run);
    cache_st.execute();
  }
  maybe_kill("extract", extract_tx_);
  tx.commit();
}

std::optional<StoryMark> AuditDb::latest_mark(const std::string& story) {
  Statement& st = *mark_st_;
  st.bind(1, story);
  std::optional<StoryMark> out;
  if (st.step()) {
    out = StoryMark{st.column_int64(0), st.column_int64(1), st.column_text(2), st.column_text(3)};
  }
  st.reset();
  return out;
}

std::optional<StoryMember> AuditDb::member(const std::string& uri) {
  Statement& st = *member_st_;
  st.bind(1, uri);
  std::optional<StoryMember> out;
  if (st.step()) {
    out = StoryMember{st.column_text(0), st.column_text(1), st.column_text(2),
                      st.column_text(3), st.column_text(4), st.column_int64(5)};
  }
  st.reset();
  return out;
}

std::int64_t AuditDb::table_document_row(std::int64_t run, const Document& doc) {
  if (auto it = table_rows_.find(doc.id); it != table_rows_.end()) return it->second;
  std::int64_t row = 0;
  {
    Statement st(db_, path_,
                 "SELECT id FROM documents WHERE run_id = ? AND uri = ? ORDER BY id LIMIT 1",
                 "read documents");
    st.bind(1, run);
    st.bind(2, doc.id);
    if (st.step()) row = st.column_int64(0);
  }
  if (row == 0) row = log_rows::DocumentWriter(db_, path_).write(run, doc);
  table_rows_.emplace(doc.id, row);
  return row;
}

void AuditDb::write_stories(std::int64_t run, const std::string& ruleset_hash,
                            const std::vector<EvaluatedStory>& evaluated,
                            const std::vector<CarriedStory>& carried) {
  // A rolled-back batch may have inserted table documents that are gone again.
  std::map<std::string, std::int64_t> table_rows_before = table_rows_;
  try {
    sqlite::Transaction tx(db_, path_, "write findings");
    log_rows::FactWriter fact_writer(db_, path_);
    log_rows::FindingWriter finding_writer(db_, path_);
    Statement mark_st(db_, path_,
                      "INSERT OR REPLACE INTO audit_stories(story, run_id, evaluated_run, "
                      "members_hash, ruleset_hash) VALUES(?, ?, ?, ?, ?)",
                      "write the audit's stories");
    auto mark = [&](const std::string& story, std::int64_t evaluated_run,
                    const std::string& members_hash) {
      mark_st.bind(1, story);
      mark_st.bind(2, run);
      mark_st.bind(3, evaluated_run);
      mark_st.bind(4, members_hash);
      mark_st.bind(5, ruleset_hash);
      mark_st.execute();
    };

    for (const EvaluatedStory& s : evaluated) {
      const FactStore& store = *s.store;
      std::map<std::uint32_t, std::int64_t> fact_rows;  // evidence facts logged for this story
      auto fact_row = [&](FactRef ref) {
        if (auto it = fact_rows.find(ref.index); it != fact_rows.end()) return it->second;
        const Fact& f = store.fact(ref);
        std::int64_t doc_row =
            f.document < s.document_rows.size() ? s.document_rows[f.document] : 0;
        if (doc_row == 0) doc_row = table_document_row(run, store.documents()[f.document]);
        const std::int64_t row = fact_writer.write(run, doc_row, store, ref);
        fact_rows.emplace(ref.index, row);
        return row;
      };
      for (std::size_t i = 0; i < s.findings.size(); ++i) {
        const Finding& f = s.findings[i];
        const std::int64_t id = finding_writer.write(
            run, f, i < s.explanations.size() ? &s.explanations[i] : nullptr, s.story);
        for (const Evidence& e : f.evidence) {
          finding_writer.write_evidence(id, fact_row(e.fact), e.variable);
        }
      }
      mark(s.story, run, s.members_hash);
    }

    if (!carried.empty()) {
      Statement ids_st(db_, path_,
                       "SELECT id FROM findings WHERE run_id = ? AND story = ? ORDER BY id",
                       "read findings");
      Statement copy_st(db_, path_,
                        "INSERT INTO findings(run_id, rule_id, severity, message, fingerprint, "
                        "reason, compared, suppressed, suppress_reason, baselined, story) SELECT "
                        "?, rule_id, severity, message, fingerprint, reason, compared, "
                        "suppressed, suppress_reason, baselined, story FROM findings WHERE id = ?",
                        "carry findings over");
      Statement copy_evidence_st(db_, path_,
                                 "INSERT INTO evidence(finding_id, fact_id, variable) SELECT ?, "
                                 "fact_id, variable FROM evidence WHERE finding_id = ? ORDER BY "
                                 "rowid",
                                 "carry findings over");
      for (const CarriedStory& c : carried) {
        std::vector<std::int64_t> ids;
        ids_st.bind(1, c.from_run);
        ids_st.bind(2, c.story);
        while (ids_st.step()) ids.push_back(ids_st.column_int64(0));
        ids_st.reset();
        for (std::int64_t old_id : ids) {
          copy_st.bind(1, run);
          copy_st.bind(2, old_id);
          copy_st.execute();
          const std::int64_t id = sqlite3_last_insert_rowid(db_);
          copy_evidence_st.bind(1, id);
          copy_evidence_st.bind(2, old_id);
          copy_evidence_st.execute();
        }
        mark(c.story, c.evaluated_run, c.members_hash);
      }
    }
    maybe_kill("evaluate", evaluate_tx_);
    tx.commit();
  } catch (...) {
    table_rows_ = std::move(table_rows_before);
    throw;
  }
}

void AuditDb::drop_other_stories(std::int64_t run, const std::set<std::string>& current) {
  std::vector<std::string> stale;
  {
    Statement st(db_, path_, "SELECT story FROM audit_stories WHERE run_id = ?",
                 "read the audit's stories");
    st.bind(1, run);
    while (st.step()) {
      if (!current.count(st.column_text(0))) stale.push_back(st.column_text(0));
    }
  }
  if (stale.empty()) return;
  sqlite::Transaction tx(db_, path_, "remove stories no longer audited");
  Statement evidence_st(db_, path_,
                        "DELETE FROM evidence WHERE finding_id IN (SELECT id FROM findings WHERE "
                        "run_id = ? AND story = ?)",
                        "remove stories no longer audited");
  Statement findings_st(db_, path_, "DELETE FROM findings WHERE run_id = ? AND story = ?",
                        "remove stories no longer audited");
  Statement mark_st(db_, path_, "DELETE FROM audit_stories WHERE run_id = ? AND story = ?",
                    "remove stories no longer audited");
  for (const std::string& story : stale) {
    for (Statement* st : {&evidence_st, &findings_st, &mark_st}) {
      st->bind(1, run);
      st->bind(2, story);
      st->execute();
    }
  }
  tx.commit();
}

std::int64_t AuditDb::count_findings(std::int64_t run) {
  Statement st(db_, path_, "SELECT count(*) FROM findings WHERE run_id = ?", "read findings");
  st.bind(1, run);
  return st.step() ? st.column_int64(0) : 0;
}

void AuditDb::set_kill_hook(const std::string& spec) {
  const auto colon = spec.find(':');
  if (colon == std::string::npos) return;
  kill_phase_ = spec.substr(0, colon);
  kill_at_ = std::atoi(spec.c_str() + colon + 1);
}

void AuditDb::maybe_kill(const char* phase, int& counter) {
  ++counter;
  if (kill_at_ > 0 && kill_phase_ == phase && counter == kill_at_) raise(SIGKILL);
}

}  // namespace verity
