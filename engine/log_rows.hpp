// Owns the row writers that the check log (engine/log_store) and the audit's tables
// (engine/audit_state) share: a run's row, a document's row, a fact's row, and a finding's row
// with its evidence. One place knows each table's columns, so both writers log the same thing.
// Only files that already include engine/sqlite_util.hpp use it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "engine/document.hpp"
#include "engine/fact_store.hpp"
#include "engine/finding.hpp"
#include "engine/log_store.hpp"
#include "engine/require_explain.hpp"
#include "engine/sqlite_util.hpp"

namespace verity::log_rows {

// ISO 8601 in UTC, to the second: sortable as text, and the same whatever the machine's zone.
std::string now_utc();

// Compact JSON; invalid UTF-8 in a value is replaced rather than thrown on.
std::string json_text(const nlohmann::json& j);

// Inserts a run as 'running' and returns its id.
std::int64_t insert_run(sqlite3* db, const std::string& path, const RunInfo& info);
// Sets the run's status and finish time.
void set_run_status(sqlite3* db, const std::string& path, std::int64_t run,
                    const std::string& status);

// Prepared once, used for every row of a batch (the caller holds the transaction).
class DocumentWriter {
 public:
  DocumentWriter(sqlite3* db, const std::string& path);
  // The document with its metadata and normalized text (once per document: explain cuts the
  // lines it shows from it). Returns the row id.
  std::int64_t write(std::int64_t run, const Document& doc);

 private:
  sqlite3* db_;
  sqlite::Statement st_;
};

class FactWriter {
 public:
  FactWriter(sqlite3* db, const std::string& path);
  std::int64_t write(std::int64_t run, std::int64_t document_row, const FactStore& store,
                     FactRef fact);

 private:
  sqlite3* db_;
  sqlite::Statement st_;
};

class FindingWriter {
 public:
  FindingWriter(sqlite3* db, const std::string& path);
  // The finding (with why it failed, when explained, and its suppression and baseline marks);
  // `story` empty is stored as NULL. Returns the row id for its evidence.
  std::int64_t write(std::int64_t run, const Finding& finding,
                     const FindingExplanation* explanation, std::string_view story);
  void write_evidence(std::int64_t finding_row, std::int64_t fact_row, std::string_view variable);

 private:
  sqlite3* db_;
  sqlite::Statement finding_st_;
  sqlite::Statement evidence_st_;
};

}  // namespace verity::log_rows
