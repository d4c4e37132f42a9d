// Owns the thin RAII layer over the SQLite C API that the log uses: a prepared statement that
// is always finalized, a transaction that rolls back unless committed, a batch that commits
// every N rows, and the translation of every SQLite error into a StoreError that names the
// database file, quotes SQLite and says what to do. Only the log (engine/log_store.cpp) and
// the audit's tables (engine/audit_state.cpp) include it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "engine/log_store.hpp"

namespace verity::sqlite {

// Throws the StoreError for SQLite result `code` while trying to `doing` ("write facts").
[[noreturn]] void fail(sqlite3* db, const std::string& path, int code, std::string_view doing);

// Runs SQL that returns no rows we need (PRAGMAs, DDL, BEGIN/COMMIT).
void exec(sqlite3* db, const std::string& path, const char* sql, std::string_view doing);

class Statement {
 public:
  Statement(sqlite3* db, const std::string& path, const char* sql, std::string_view doing);
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, std::int64_t value);
  // Copied by SQLite (SQLITE_TRANSIENT), so temporaries are safe to pass.
  void bind(int index, std::string_view value);
  void bind_null(int index);
  // Bytes, not text (no UTF-8 expected); column_text reads them back whole.
  void bind_blob(int index, std::string_view bytes);
  // An empty text is stored as NULL: "no path", "no hash".
  void bind_text_or_null(int index, std::string_view value);

  // True when a row is ready; false when the statement is done. Throws on errors.
  bool step();
  // Steps a statement that returns no rows, then resets it for the next row.
  void execute();
  void reset();

  std::int64_t column_int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::string column_text(int column) const;
  bool column_is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }

 private:
  void check(int code);

  sqlite3* db_;
  const std::string& path_;
  std::string_view doing_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE takes the write lock up front, so a second writer waits (busy_timeout) at the
// start, instead of failing with SQLITE_BUSY at its first write inside a read transaction.
class Transaction {
 public:
  Transaction(sqlite3* db, const std::string& path, std::string_view doing);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  sqlite3* db_;
  const std::string& path_;
  std::string_view doing_;
  bool done_ = false;
};

// Commits every `limit` rows: one transaction per row is ~30x slower, one for millions of rows
// holds the write lock and the WAL growing for the whole run.
class Batch {
 public:
  Batch(sqlite3* db, const std::string& path, std::string_view doing, std::size_t limit);
  // Counts `rows` written; commits and starts a new transaction once the limit is reached.
  // Call it only where a commit leaves the database consistent (after a finding's evidence).
  void add(std::size_t rows);
  void commit();

 private:
  sqlite3* db_;
  const std::string& path_;
  std::string_view doing_;
  std::size_t limit_;
  std::size_t rows_ = 0;
  std::optional<Transaction> tx_;
};

}  // namespace verity::sqlite
