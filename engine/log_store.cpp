// Owns the SQLite log: its schema (version 4, in the meta table; a version 1, 2 or 3 file is
// migrated in place; the audit's own tables are written by engine/audit_state), opening and
// checking a database file, writing a run (run row, documents, facts, rules, findings, evidence) in
// batched transactions, and reading findings back with their evidence, documents and rules for
// `verity explain` and `verity report`. A run row is written 'running' first and only marked
// 'complete' by finish_run, so a run that was interrupted — or whose writes failed, which marks it
// 'failed' — is never mistaken for a finished one.
#include "engine/log_store.hpp"

#include <cstdlib>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/log_rows.hpp"
#include "engine/sha256.hpp"
#include "engine/sqlite_util.hpp"

namespace verity {
namespace {

using sqlite::Statement;

constexpr int kSchemaVersion = 4;
constexpr std::size_t kBatchRows = 10000;

// Indexes serve the reads verity makes: a run's facts and findings, a fingerprint's history
// across runs (new / persisting / fixed), and the findings a fact is evidence of (explain).
constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE runs(id INTEGER PRIMARY KEY, started_at TEXT, finished_at TEXT, version TEXT,
                  arguments TEXT, ruleset_hash TEXT, status TEXT);
CREATE TABLE documents(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
                       uri TEXT NOT NULL, path TEXT, sha256 TEXT, metadata TEXT, text TEXT);
CREATE TABLE facts(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL,
                   document_id INTEGER NOT NULL REFERENCES documents(id), kind TEXT NOT NULL,
                   fields TEXT NOT NULL, span_start INTEGER, span_end INTEGER, line INTEGER,
                   col INTEGER, origin TEXT);
CREATE TABLE rules(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, rule_id TEXT NOT NULL,
                   title TEXT, severity TEXT, file TEXT, line INTEGER, source TEXT,
                   source_hash TEXT, help TEXT, tags TEXT);
CREATE TABLE findings(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, rule_id TEXT NOT NULL,
                      severity TEXT NOT NULL, message TEXT NOT NULL, fingerprint TEXT NOT NULL,
                      reason TEXT, compared TEXT, suppressed INTEGER NOT NULL DEFAULT 0,
                      suppress_reason TEXT, baselined INTEGER NOT NULL DEFAULT 0);
CREATE TABLE evidence(finding_id INTEGER NOT NULL REFERENCES findings(id),
                      fact_id INTEGER NOT NULL REFERENCES facts(id), variable TEXT NOT NULL,
                      PRIMARY KEY(finding_id, variable, fact_id));
CREATE INDEX facts_run ON facts(run_id);
CREATE INDEX findings_run ON findings(run_id);
CREATE INDEX findings_fingerprint ON findings(fingerprint);
CREATE INDEX evidence_fact ON evidence(fact_id);
INSERT INTO meta(key, value) VALUES('schema_version', '3');
)sql";

// Version 3 lacked batch audits (docs/audit.md): a run's kind ('check' or 'audit'), the story a
// finding of an audit belongs to, the per-document cache (content hash, the facts as one blob,
// the grouping signature), the per-run mark of each story evaluated or carried over, and the
// lock that keeps two audits off one database. A new database is created as version 3 and
// upgraded by this same step.
// The columns are added by migrate_3_to_4 (only where missing: a file turned back into an older
// version by dropping columns keeps the rest).
constexpr const char* kMigrate3To4 = R"sql(
CREATE TABLE IF NOT EXISTS audit_documents(uri TEXT PRIMARY KEY, story_given TEXT, content_hash TEXT NOT NULL,
                             extractor TEXT NOT NULL, ruleset_hash TEXT NOT NULL,
                             document_row INTEGER NOT NULL REFERENCES documents(id),
                             signature TEXT, facts BLOB, fact_count INTEGER,
                             run_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit_stories(story TEXT NOT NULL, run_id INTEGER NOT NULL,
                           evaluated_run INTEGER NOT NULL, members_hash TEXT NOT NULL,
                           ruleset_hash TEXT NOT NULL, PRIMARY KEY(story, run_id));
CREATE TABLE IF NOT EXISTS audit_lock(id INTEGER PRIMARY KEY CHECK(id = 1), pid INTEGER NOT NULL,
                        host TEXT NOT NULL, started TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS findings_run_story ON findings(run_id, story);
UPDATE meta SET value = '4' WHERE key = 'schema_version';
)sql";

bool has_table(sqlite3* db, const std::string& path, const char* name) {
  Statement st(db, path, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
               "read its tables");
  st.bind(1, std::string_view(name));
  return st.step();
}

// Version 1 lacked what `verity explain` prints: the documents' text (for the lines around a
// fact), the rules' help and tags, and why each finding's requirement failed. Old rows keep
// NULL there, and explain says the run predates them.
constexpr const char* kMigrate1To2 = R"sql(
ALTER TABLE documents ADD COLUMN text TEXT;
ALTER TABLE rules ADD COLUMN help TEXT;
ALTER TABLE rules ADD COLUMN tags TEXT;
ALTER TABLE findings ADD COLUMN reason TEXT;
ALTER TABLE findings ADD COLUMN compared TEXT;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
)sql";

// Version 2 lacked suppressions and baselines (docs/suppressions.md): whether a finding was
// suppressed and why (suppress_reason also says where: "REASON (at FILE:LINE)"), and whether
// it was in the --baseline. Old rows read as neither.
constexpr const char* kMigrate2To3 = R"sql(
ALTER TABLE findings ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE findings ADD COLUMN suppress_reason TEXT;
ALTER TABLE findings ADD COLUMN baselined INTEGER NOT NULL DEFAULT 0;
UPDATE meta SET value = '3' WHERE key = 'schema_version';
)sql";

bool has_column(sqlite3* db, const std::string& path, const char* table, const char* column) {
  Statement st(db, path, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", "read its tables");
  st.bind(1, std::string_view(table));
  st.bind(2, std::string_view(column));
  return st.step();
}

void migrate_3_to_4(sqlite3* db, const std::string& path) {
  const char* doing = "upgrade it from schema 3 to 4";
  if (!has_column(db, path, "runs", "kind")) {
    sqlite::exec(db, path, "ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'check'", doing);
  }
  if (!has_column(db, path, "findings", "story")) {
    sqlite::exec(db, path, "ALTER TABLE findings ADD COLUMN story TEXT", doing);
  }
  sqlite::exec(db, path, kMigrate3To4, doing);
}

int read_schema_version(sqlite3* db, const std::string& path) {
  Statement st(db, path, "SELECT value FROM meta WHERE key = 'schema_version'",
               "read its schema version");
  if (!st.step()) {
    throw StoreError(fmt::format(
        "{} is not a verity database (its meta table has no schema_version); give --db another "
        "file name",
        path));
  }
  const std::string text = st.column_text(0);
  int version = 0;
  try {
    std::size_t used = 0;
    version = std::stoi(text, &used);
    if (used != text.size()) version = 0;
  } catch (const std::exception&) {
    version = 0;
  }
  if (version > kSchemaVersion) {
    throw StoreError(
        fmt::format("{} was written by a newer verity (schema {}); upgrade verity", path, version));
  }
  if (version < 1) {
    throw StoreError(fmt::format(
        "{} is not a verity database (schema version \"{}\" is not one verity wrote); give --db "
        "another file name",
        path, text));
  }
  return version;
}

// Checks that the file is a verity log of a version this verity reads; creates the tables in
// a new (empty) database. Another program's database is refused rather than written into.
void open_schema(sqlite3* db, const std::string& path) {
  if (!has_table(db, path, "meta")) {
    sqlite::Transaction tx(db, path, "create its tables");
    if (!has_table(db, path, "meta")) {  // another verity may have created them meanwhile
      Statement st(db, path,
                   "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                   "'sqlite_%'",
                   "read its tables");
      st.step();
      if (st.column_int64(0) > 0) {
        throw StoreError(fmt::format(
            "{} is not a verity database (it is a SQLite database with other tables and no meta "
            "table); give --db another file name",
            path));
      }
      sqlite::exec(db, path, kSchema, "create its tables");
    }
    tx.commit();
  }
  if (read_schema_version(db, path) == 1) {
    // In one transaction, re-checked inside it: two verity processes may open the file at once.
    sqlite::Transaction tx(db, path, "upgrade it from schema 1 to 2");
    if (read_schema_version(db, path) == 1) {
      sqlite::exec(db, path, kMigrate1To2, "upgrade it from schema 1 to 2");
    }
    tx.commit();
  }
  if (read_schema_version(db, path) == 2) {
    sqlite::Transaction tx(db, path, "upgrade it from schema 2 to 3");
    if (read_schema_version(db, path) == 2) {
      sqlite::exec(db, path, kMigrate2To3, "upgrade it from schema 2 to 3");
    }
    tx.commit();
  }
  if (read_schema_version(db, path) == 3) {
    sqlite::Transaction tx(db, path, "upgrade it from schema 3 to 4");
    if (read_schema_version(db, path) == 3) {
      migrate_3_to_4(db, path);
    }
    tx.commit();
  }
}

// Called when a write fails part-way: the rows already committed stay, and the run says it
// failed. Best effort — the failure may be the very lock or disk that stops this update too.
void mark_failed(sqlite3* db, std::int64_t run) noexcept {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db,
                         "UPDATE runs SET status = 'failed', finished_at = ? WHERE id = ? AND "
                         "status = 'running'",
                         -1, &st, nullptr) == SQLITE_OK) {
    try {
      const std::string now = log_rows::now_utc();
      sqlite3_bind_text(st, 1, now.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 2, run);
      sqlite3_step(st);
    } catch (...) {  // now_utc may allocate; nothing more can be done here
    }
  }
  sqlite3_finalize(st);
}

// Runs the writes of `run`; on any failure marks the run failed and rethrows.
template <typename Body>
void guarded(sqlite3* db, const std::string& path, std::int64_t run, Body body) {
  {
    Statement st(db, path, "SELECT 1 FROM runs WHERE id = ?", "find the run");
    st.bind(1, run);
    if (!st.step()) {
      throw StoreError(fmt::format("{}: there is no run {}; start one with begin_run", path, run));
    }
  }
  try {
    body();
  } catch (...) {
    mark_failed(db, run);
    throw;
  }
}

// Switching a file to WAL needs an exclusive lock, and while another process is opening the
// same file SQLite can answer SQLITE_BUSY without calling the busy handler (seen with three
// `verity check` starting at once on a loaded machine): retry for as long as busy_timeout.
void exec_retrying_busy(sqlite3* db, const std::string& path, const char* sql) {
  constexpr int kStepMs = 20, kTimeoutMs = 5000;
  for (int waited = 0;; waited += kStepMs) {
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xFF) != SQLITE_BUSY || waited >= kTimeoutMs) sqlite::fail(db, path, rc, "open it");
    sqlite3_sleep(kStepMs);
  }
}

// Test hook (docs/hardening.md): VERITY_TEST_MAX_PAGES=N caps the database at N pages, so that
// a test can make SQLite fail with SQLITE_FULL, as on a full disk, without filling one. The
// value is read as a number and written back as one: no text of the environment reaches SQL.
void limit_pages_for_tests(sqlite3* db, const std::string& path) {
  const char* pages = std::getenv("VERITY_TEST_MAX_PAGES");
  if (pages == nullptr) return;
  const long long n = std::strtoll(pages, nullptr, 10);
  if (n <= 0) return;
  const std::string pragma = fmt::format("PRAGMA max_page_count = {}", n);
  sqlite::exec(db, path, pragma.c_str(), "open it");
}

}  // namespace

LogStore::LogStore(const std::string& path) : path_(path) {
  // NOMUTEX: a LogStore is used by one thread at a time, and SQLite's own locking per call
  // cost about 12% of the time to write a million facts.
  const int rc =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  try {
    if (rc != SQLITE_OK) sqlite::fail(db_, path_, rc, "open it");
    sqlite3_extended_result_codes(db_, 1);
    // busy_timeout first, so that switching to WAL waits for another writer too.
    sqlite::exec(db_, path_, "PRAGMA busy_timeout = 5000", "open it");
    exec_retrying_busy(db_, path_, "PRAGMA journal_mode = WAL");
    sqlite::exec(db_, path_, "PRAGMA synchronous = NORMAL", "open it");
    sqlite::exec(db_, path_, "PRAGMA foreign_keys = ON", "open it");
    limit_pages_for_tests(db_, path_);
    open_schema(db_, path_);
  } catch (...) {
    sqlite3_close_v2(db_);  // the destructor does not run for a throwing constructor
    db_ = nullptr;
    throw;
  }
}

LogStore::~LogStore() {
  sqlite3_close_v2(db_);  // finishes the WAL checkpoint; never throws
}

std::int64_t LogStore::begin_run(const RunInfo& info) {
  const std::int64_t run = log_rows::insert_run(db_, path_, info);
  fact_rows_.clear();
  facts_run_ = 0;
  return run;
}

void LogStore::write_facts(std::int64_t run, const FactStore& store) {
  fact_rows_.clear();
  facts_run_ = 0;
  guarded(db_, path_, run, [&] {
    log_rows::DocumentWriter doc_writer(db_, path_);
    log_rows::FactWriter fact_writer(db_, path_);
    sqlite::Batch batch(db_, path_, "write facts", kBatchRows);
    std::vector<std::int64_t> doc_rows;
    doc_rows.reserve(store.documents().size());
    for (const Document& d : store.documents()) {
      doc_rows.push_back(doc_writer.write(run, d));
      batch.add(1);
    }
    std::vector<std::int64_t> rows;
    rows.reserve(store.facts().size());
    for (std::uint32_t i = 0; i < store.facts().size(); ++i) {
      rows.push_back(
          fact_writer.write(run, doc_rows[store.facts()[i].document], store, FactRef{i}));
      batch.add(1);
    }
    batch.commit();
    fact_rows_ = std::move(rows);
    facts_run_ = run;
  });
}

void LogStore::write_rules(std::int64_t run, const std::vector<RuleInfo>& rules) {
  guarded(db_, path_, run, [&] {
    Statement st(db_, path_,
                 "INSERT INTO rules(run_id, rule_id, title, severity, file, line, source, "
                 "source_hash, help, tags) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 "write rules");
    sqlite::Batch batch(db_, path_, "write rules", kBatchRows);
    for (const RuleInfo& r : rules) {
      st.bind(1, run);
      st.bind(2, r.id);
      st.bind(3, r.title);
      st.bind(4, std::string_view(severity_name(r.severity)));
      st.bind(5, r.file);
      st.bind(6, std::int64_t{r.line});
      st.bind(7, r.source);
      st.bind(8, sha256_hex(r.source));
      st.bind_text_or_null(9, r.help);
      st.bind(10, nlohmann::json(r.tags).dump());
      st.execute();
      batch.add(1);
    }
    batch.commit();
  });
}

void LogStore::write_findings(std::int64_t run, const std::vector<Finding>& findings,
                              const std::vector<FindingExplanation>* explanations) {
  if (explanations != nullptr && explanations->size() != findings.size()) {
    throw StoreError(fmt::format(
        "{}: {} explanations for {} findings of run {}; this is a bug in verity, please report it",
        path_, explanations->size(), findings.size(), run));
  }
  if (facts_run_ != run) {
    throw StoreError(fmt::format(
        "{}: the facts of run {} must be written (write_facts) before its findings", path_, run));
  }
  guarded(db_, path_, run, [&] {
    log_rows::FindingWriter writer(db_, path_);
    sqlite::Batch batch(db_, path_, "write findings", kBatchRows);
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      for (const Evidence& e : f.evidence) {
        if (e.fact.index >= fact_rows_.size()) {
          throw StoreError(fmt::format(
              "{}: a finding of rule {} refers to fact {}, which is not among the {} facts "
              "written for run {}; this is a bug in verity, please report it",
              path_, f.rule_id, e.fact.index, fact_rows_.size(), run));
        }
      }
      const std::int64_t id =
          writer.write(run, f, explanations != nullptr ? &(*explanations)[i] : nullptr, {});
      for (const Evidence& e : f.evidence) {
        writer.write_evidence(id, fact_rows_[e.fact.index], e.variable);
      }
      // Commit only between findings: a finding is never visible without its evidence.
      batch.add(1 + f.evidence.size());
    }
    batch.commit();
  });
}

void LogStore::finish_run(std::int64_t run, const std::string& status) {
  if (status.empty() || status == "running") {
    throw StoreError(
        fmt::format("{}: run {} cannot be finished with status \"{}\"; use complete or failed",
                    path_, run, status));
  }
  log_rows::set_run_status(db_, path_, run, status);
  if (sqlite3_changes(db_) == 0) {
    throw StoreError(fmt::format("{}: there is no run {} to finish", path_, run));
  }
}

std::int64_t LogStore::last_run() const {
  Statement st(db_, path_, "SELECT max(id) FROM runs", "read its runs");
  return st.step() ? st.column_int64(0) : 0;  // max() of no rows is NULL, read as 0
}

std::string LogStore::run_status(std::int64_t run) const {
  Statement st(db_, path_, "SELECT status FROM runs WHERE id = ?", "read the run");
  st.bind(1, run);
  return st.step() ? st.column_text(0) : std::string();
}

std::vector<StoredFinding> LogStore::read_findings(std::int64_t run) const {
  return read_findings_where("run_id = ?", run);
}

std::optional<StoredFinding> LogStore::read_finding(std::int64_t id) const {
  auto found = read_findings_where("id = ?", id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<StoredFinding> LogStore::read_findings_where(const char* condition,
                                                         std::int64_t value) const {
  std::vector<StoredFinding> out;
  std::map<std::int64_t, std::size_t> by_id;
  {
    const std::string sql = fmt::format(
        "SELECT id, run_id, rule_id, severity, message, fingerprint, reason, "
        "compared, suppressed, suppress_reason, baselined, story FROM findings WHERE {} ORDER BY "
        "id",
        condition);
    Statement st(db_, path_, sql.c_str(), "read findings");
    st.bind(1, value);
    while (st.step()) {
      StoredFinding f;
      f.id = st.column_int64(0);
      f.run_id = st.column_int64(1);
      f.rule_id = st.column_text(2);
      f.severity = st.column_text(3);
      f.message = st.column_text(4);
      f.fingerprint = st.column_text(5);
      f.has_explanation = !st.column_is_null(6);
      f.reason = st.column_text(6);
      const auto compared = nlohmann::json::parse(st.column_text(7), nullptr, false);
      if (compared.is_array()) {
        for (const auto& c : compared) {
          if (c.is_object() && c.value("expr", nlohmann::json()).is_string() &&
              c.value("value", nlohmann::json()).is_string()) {
            f.compared.push_back({c["expr"].get<std::string>(), c["value"].get<std::string>()});
          }
        }
      }
      f.suppressed = st.column_int64(8) != 0;
      f.suppress_reason = st.column_text(9);
      f.baselined = st.column_int64(10) != 0;
      f.story = st.column_text(11);
      by_id.emplace(f.id, out.size());
      out.push_back(std::move(f));
    }
  }
  // Evidence in the order it was written (its rowid), which is the order of the rule's
  // variables, so evidence[0] is the rule's first variable.
  const std::string sql = fmt::format(
      "SELECT e.finding_id, e.variable, f.id, f.kind, d.uri, f.span_start, "
      "f.span_end, f.line, f.col, f.fields, d.metadata FROM evidence e "
      "JOIN findings fi ON fi.id = e.finding_id "
      "JOIN facts f ON f.id = e.fact_id "
      "JOIN documents d ON d.id = f.document_id "
      "WHERE fi.{} ORDER BY e.finding_id, e.rowid",
      condition);
  Statement st(db_, path_, sql.c_str(), "read the evidence of findings");
  st.bind(1, value);
  auto u32 = [&](int column) {
    const std::int64_t v = st.column_int64(column);
    return v < 0 || v > UINT32_MAX ? 0u : static_cast<std::uint32_t>(v);
  };
  std::map<std::string, std::string> story_of;  // metadata JSON -> its story, parsed once
  while (st.step()) {
    const auto it = by_id.find(st.column_int64(0));
    if (it == by_id.end()) continue;
    StoredEvidence e;
    e.variable = st.column_text(1);
    e.fact_id = st.column_int64(2);
    e.kind = st.column_text(3);
    e.document = st.column_text(4);
    e.span_begin = u32(5);
    e.span_end = u32(6);
    e.line = u32(7);
    e.column = u32(8);
    e.fields_json = st.column_text(9);
    const std::string meta = st.column_text(10);
    auto story = story_of.find(meta);
    if (story == story_of.end()) {
      const auto j = nlohmann::json::parse(meta, nullptr, false);
      std::string name;
      if (j.is_object() && j.contains("story") && j["story"].is_string()) name = j["story"];
      story = story_of.emplace(meta, std::move(name)).first;
    }
    // An audit groups records that name no story itself: the finding knows the story then.
    e.story = story->second.empty() ? out[it->second].story : story->second;
    out[it->second].evidence.push_back(std::move(e));
  }
  return out;
}

std::vector<std::pair<std::int64_t, std::string>> LogStore::findings_with_fingerprint_prefix(
    const std::string& prefix) const {
  // The prefix is compared with substr, not LIKE: '%' and '_' in it are not wildcards.
  Statement st(db_, path_,
               "SELECT id, fingerprint FROM findings WHERE substr(fingerprint, 1, length(?1)) = ?1 "
               "ORDER BY run_id DESC, id",
               "find findings by fingerprint");
  st.bind(1, prefix);
  std::vector<std::pair<std::int64_t, std::string>> out;
  while (st.step()) out.emplace_back(st.column_int64(0), st.column_text(1));
  return out;
}

std::optional<StoredRule> LogStore::read_rule(std::int64_t run, const std::string& rule_id) const {
  Statement st(db_, path_,
               "SELECT rule_id, title, severity, file, line, source, help, tags FROM rules "
               "WHERE run_id = ? AND rule_id = ? ORDER BY id LIMIT 1",
               "read its rules");
  st.bind(1, run);
  st.bind(2, rule_id);
  if (!st.step()) return std::nullopt;
  StoredRule r;
  r.rule_id = st.column_text(0);
  r.title = st.column_text(1);
  r.severity = st.column_text(2);
  r.file = st.column_text(3);
  r.line = st.column_int64(4);
  r.source = st.column_text(5);
  r.help = st.column_text(6);
  const auto tags = nlohmann::json::parse(st.column_text(7), nullptr, false);
  if (tags.is_array()) {
    for (const auto& t : tags) {
      if (t.is_string()) r.tags.push_back(t.get<std::string>());
    }
  }
  return r;
}

std::optional<std::string> LogStore::document_text(std::int64_t run, const std::string& uri) const {
  Statement st(db_, path_,
               "SELECT text FROM documents WHERE run_id <= ? AND uri = ? "
               "ORDER BY run_id DESC, id LIMIT 1",
               "read a document");
  st.bind(1, run);
  st.bind(2, uri);
  if (!st.step() || st.column_is_null(0)) return std::nullopt;
  return st.column_text(0);
}

std::vector<StoredRun> LogStore::runs() const {
  Statement st(db_, path_,
               "SELECT id, started_at, finished_at, version, arguments, status FROM runs "
               "ORDER BY id",
               "read its runs");
  std::vector<StoredRun> out;
  while (st.step()) {
    out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3),
                   st.column_text(4), st.column_text(5)});
  }
  return out;
}

}  // namespace verity
