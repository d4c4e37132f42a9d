// The RAII layer over SQLite for the log, and the wording of its errors: each says which file,
// what verity was doing, SQLite's own message, and what the user can do about it.
#include "engine/sqlite_util.hpp"

#include <fmt/format.h>

namespace verity::sqlite {
namespace {

const char* hint(int code) {
  switch (code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "is another verity writing it? Wait for it to finish, or give --db another file";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return "check that the file and its folder are writable";
    case SQLITE_CANTOPEN:
      return "check that its folder exists and is writable";
    case SQLITE_FULL:
      return "the disk is full; free some space and run again";
    case SQLITE_IOERR:
      return "the disk reported an error; check it and run again";
    case SQLITE_CORRUPT:
      return "the database is damaged; move it away and let verity start a new one";
    case SQLITE_NOMEM:
      return "SQLite ran out of memory";
    default:
      return "this looks like a bug in verity; please report it with this message";
  }
}

}  // namespace

void fail(sqlite3* db, const std::string& path, int code, std::string_view doing) {
  if ((code & 0xFF) == SQLITE_NOTADB) {
    throw StoreError(fmt::format(
        "{} is not a verity database (file is not a database); give --db another file name", path));
  }
  // The connection's message is more specific ("no such table: x") than the code's.
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw StoreError(fmt::format("{}: cannot {}: {}; {}", path, doing, message, hint(code)));
}

void exec(sqlite3* db, const std::string& path, const char* sql, std::string_view doing) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(db, path, rc, doing);
}

Statement::Statement(sqlite3* db, const std::string& path, const char* sql, std::string_view doing)
    : db_(db), path_(path), doing_(doing) {
  const int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(db_, path_, rc, doing_);
}

void Statement::check(int code) {
  if (code != SQLITE_OK) fail(db_, path_, code, doing_);
}

void Statement::bind(int index, std::int64_t value) {
  check(sqlite3_bind_int64(stmt_, index, value));
}

void Statement::bind(int index, std::string_view value) {
  // A null data pointer would bind NULL; an empty text must stay an empty text.
  const char* data = value.data() != nullptr ? value.data() : "";
  check(sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Statement::bind_blob(int index, std::string_view bytes) {
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  check(sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT));
}

void Statement::bind_null(int index) {
  check(sqlite3_bind_null(stmt_, index));
}

void Statement::bind_text_or_null(int index, std::string_view value) {
  if (value.empty()) {
    bind_null(index);
  } else {
    bind(index, value);
  }
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, path_, rc, doing_);
}

void Statement::execute() {
  step();
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

Transaction::Transaction(sqlite3* db, const std::string& path, std::string_view doing)
    : db_(db), path_(path), doing_(doing) {
  exec(db_, path_, "BEGIN IMMEDIATE", doing_);
}

Transaction::~Transaction() {
  // Never throws: a failed rollback leaves SQLite to roll back when the connection closes.
  if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  exec(db_, path_, "COMMIT", doing_);
  done_ = true;
}

Batch::Batch(sqlite3* db, const std::string& path, std::string_view doing, std::size_t limit)
    : db_(db), path_(path), doing_(doing), limit_(limit) {
  tx_.emplace(db_, path_, doing_);
}

void Batch::add(std::size_t rows) {
  rows_ += rows;
  if (rows_ < limit_) return;
  tx_->commit();
  tx_.reset();
  rows_ = 0;
  tx_.emplace(db_, path_, doing_);
}

void Batch::commit() {
  tx_->commit();
  tx_.reset();
}

}  // namespace verity::sqlite
