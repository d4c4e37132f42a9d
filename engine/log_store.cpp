// Owns the SQLite log: its schema (version 3, in the meta table; a version 1 or 2 file is
// migrated in place), opening and checking a database file, writing a run (run row, documents,
// facts, rules, findings, evidence) in batched transactions, and reading findings back with their
// evidence, documents and rules for `verity explain` and `verity report`. A run row is written
// 'running' first and only marked 'complete' by finish_run, so a run that was interrupted —
// or whose writes failed, which marks it 'failed' — is never mistaken for a finished one.
#include "engine/log_store.hpp"

#include <chrono>
#include <ctime>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/fact_json.hpp"
#include "engine/sha256.hpp"
#include "engine/sqlite_util.hpp"

namespace verity {
namespace {

using sqlite::Statement;

constexpr int kSchemaVersion = 3;
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

// ISO 8601 in UTC, to the second: sortable as text, and the same whatever the machine's zone.
std::string now_utc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

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
      const std::string now = now_utc();
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
    sqlite::exec(db_, path_, "PRAGMA journal_mode = WAL", "open it");
    sqlite::exec(db_, path_, "PRAGMA synchronous = NORMAL", "open it");
    sqlite::exec(db_, path_, "PRAGMA foreign_keys = ON", "open it");
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
  Statement st(db_, path_,
               "INSERT INTO runs(started_at, version, arguments, ruleset_hash, status) "
               "VALUES(?, ?, ?, ?, 'running')",
               "start a run");
  st.bind(1, now_utc());
  st.bind(2, info.version);
  st.bind(3, info.arguments);
  st.bind(4, info.ruleset_hash);
  st.execute();
  fact_rows_.clear();
  facts_run_ = 0;
  return sqlite3_last_insert_rowid(db_);
}

void LogStore::write_facts(std::int64_t run, const FactStore& store) {
  fact_rows_.clear();
  facts_run_ = 0;
  guarded(db_, path_, run, [&] {
    Statement doc_st(db_, path_,
                     "INSERT INTO documents(run_id, uri, path, sha256, metadata, text) "
                     "VALUES(?, ?, ?, ?, ?, ?)",
                     "write documents");
    Statement fact_st(db_, path_,
                      "INSERT INTO facts(run_id, document_id, kind, fields, span_start, "
                      "span_end, line, col, origin) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      "write facts");
    sqlite::Batch batch(db_, path_, "write facts", kBatchRows);
    std::vector<std::int64_t> doc_rows;
    doc_rows.reserve(store.documents().size());
    for (const Document& d : store.documents()) {
      doc_st.bind(1, run);
      doc_st.bind(2, d.id);
      doc_st.bind_text_or_null(3, d.path);
      doc_st.bind_text_or_null(4, d.sha256);
      doc_st.bind(
          5, nlohmann::json(d.meta).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      // The text once per document, not a line per fact: explain cuts the lines it shows.
      doc_st.bind_text_or_null(6, d.text.text());
      doc_st.execute();
      doc_rows.push_back(sqlite3_last_insert_rowid(db_));
      batch.add(1);
    }
    std::vector<std::int64_t> rows;
    rows.reserve(store.facts().size());
    for (std::uint32_t i = 0; i < store.facts().size(); ++i) {
      const Fact& f = store.facts()[i];
      const FactRef ref{i};
      fact_st.bind(1, run);
      fact_st.bind(2, doc_rows[f.document]);
      fact_st.bind(3, store.kind_name(ref));
      fact_st.bind(4, fact_fields_json(store, ref));
      fact_st.bind(5, std::int64_t{f.span.begin});
      fact_st.bind(6, std::int64_t{f.span.end});
      fact_st.bind(7, std::int64_t{f.position.line});
      fact_st.bind(8, std::int64_t{f.position.column});
      fact_st.bind(9, store.origin(f.origin));
      fact_st.execute();
      rows.push_back(sqlite3_last_insert_rowid(db_));
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
    Statement finding_st(db_, path_,
                         "INSERT INTO findings(run_id, rule_id, severity, message, fingerprint, "
                         "reason, compared, suppressed, suppress_reason, baselined) "
                         "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         "write findings");
    Statement evidence_st(db_, path_,
                          "INSERT INTO evidence(finding_id, fact_id, variable) VALUES(?, ?, ?)",
                          "write the evidence of findings");
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
      finding_st.bind(1, run);
      finding_st.bind(2, f.rule_id);
      finding_st.bind(3, std::string_view(severity_name(f.severity)));
      finding_st.bind(4, f.message);
      finding_st.bind(5, f.fingerprint);
      if (explanations != nullptr) {
        const FindingExplanation& x = (*explanations)[i];
        nlohmann::json compared = nlohmann::json::array();
        for (const ComparedValue& c : x.values) {
          compared.push_back({{"expr", c.expr}, {"value", c.value}});
        }
        finding_st.bind_text_or_null(6, x.reason);
        finding_st.bind(7, compared.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      } else {
        finding_st.bind_text_or_null(6, std::string());
        finding_st.bind_text_or_null(7, std::string());
      }
      finding_st.bind(8, static_cast<std::int64_t>(f.suppressed ? 1 : 0));
      finding_st.bind_text_or_null(
          9, !f.suppressed ? std::string()
                           : fmt::format("{} (at {})",
                                         f.suppression_reason.empty() ? "no reason given"
                                                                      : f.suppression_reason,
                                         f.suppression_source));
      finding_st.bind(10, static_cast<std::int64_t>(f.baselined ? 1 : 0));
      finding_st.execute();
      const std::int64_t id = sqlite3_last_insert_rowid(db_);
      for (const Evidence& e : f.evidence) {
        evidence_st.bind(1, id);
        evidence_st.bind(2, fact_rows_[e.fact.index]);
        evidence_st.bind(3, e.variable);
        evidence_st.execute();
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
  Statement st(db_, path_, "UPDATE runs SET finished_at = ?, status = ? WHERE id = ?",
               "finish the run");
  st.bind(1, now_utc());
  st.bind(2, status);
  st.bind(3, run);
  st.execute();
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
        "compared, suppressed, suppress_reason, baselined FROM findings WHERE {} ORDER BY id",
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
    e.story = story->second;
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
               "SELECT text FROM documents WHERE run_id = ? AND uri = ? ORDER BY id LIMIT 1",
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
