// The shared row writers of the log. Every value is bound as a parameter.
#include "engine/log_rows.hpp"

#include <chrono>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/fact_json.hpp"

namespace verity::log_rows {

std::string now_utc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string json_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::int64_t insert_run(sqlite3* db, const std::string& path, const RunInfo& info) {
  sqlite::Statement st(db, path,
                       "INSERT INTO runs(started_at, version, arguments, ruleset_hash, status, "
                       "kind) VALUES(?, ?, ?, ?, 'running', ?)",
                       "start a run");
  st.bind(1, now_utc());
  st.bind(2, info.version);
  st.bind(3, info.arguments);
  st.bind(4, info.ruleset_hash);
  st.bind(5, info.kind);
  st.execute();
  return sqlite3_last_insert_rowid(db);
}

void set_run_status(sqlite3* db, const std::string& path, std::int64_t run,
                    const std::string& status) {
  sqlite::Statement st(db, path, "UPDATE runs SET finished_at = ?, status = ? WHERE id = ?",
                       "finish the run");
  st.bind(1, now_utc());
  st.bind(2, status);
  st.bind(3, run);
  st.execute();
}

DocumentWriter::DocumentWriter(sqlite3* db, const std::string& path)
    : db_(db),
      st_(db, path,
          "INSERT INTO documents(run_id, uri, path, sha256, metadata, text) "
          "VALUES(?, ?, ?, ?, ?, ?)",
          "write documents") {}

std::int64_t DocumentWriter::write(std::int64_t run, const Document& doc) {
  st_.bind(1, run);
  st_.bind(2, doc.id);
  st_.bind_text_or_null(3, doc.path);
  st_.bind_text_or_null(4, doc.sha256);
  st_.bind(5, json_text(nlohmann::json(doc.meta)));
  st_.bind_text_or_null(6, doc.text.text());
  st_.execute();
  return sqlite3_last_insert_rowid(db_);
}

FactWriter::FactWriter(sqlite3* db, const std::string& path)
    : db_(db),
      st_(db, path,
          "INSERT INTO facts(run_id, document_id, kind, fields, span_start, span_end, line, col, "
          "origin) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
          "write facts") {}

std::int64_t FactWriter::write(std::int64_t run, std::int64_t document_row, const FactStore& store,
                               FactRef ref) {
  const Fact& f = store.fact(ref);
  st_.bind(1, run);
  st_.bind(2, document_row);
  st_.bind(3, store.kind_name(ref));
  st_.bind(4, fact_fields_json(store, ref));
  st_.bind(5, std::int64_t{f.span.begin});
  st_.bind(6, std::int64_t{f.span.end});
  st_.bind(7, std::int64_t{f.position.line});
  st_.bind(8, std::int64_t{f.position.column});
  st_.bind(9, store.origin(f.origin));
  st_.execute();
  return sqlite3_last_insert_rowid(db_);
}

FindingWriter::FindingWriter(sqlite3* db, const std::string& path)
    : db_(db),
      finding_st_(db, path,
                  "INSERT INTO findings(run_id, rule_id, severity, message, fingerprint, reason, "
                  "compared, suppressed, suppress_reason, baselined, story) "
                  "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "write findings"),
      evidence_st_(db, path, "INSERT INTO evidence(finding_id, fact_id, variable) VALUES(?, ?, ?)",
                   "write the evidence of findings") {}

std::int64_t FindingWriter::write(std::int64_t run, const Finding& f, const FindingExplanation* x,
                                  std::string_view story) {
  finding_st_.bind(1, run);
  finding_st_.bind(2, f.rule_id);
  finding_st_.bind(3, std::string_view(severity_name(f.severity)));
  finding_st_.bind(4, f.message);
  finding_st_.bind(5, f.fingerprint);
  if (x != nullptr) {
    nlohmann::json compared = nlohmann::json::array();
    for (const ComparedValue& c : x->values) {
      compared.push_back({{"expr", c.expr}, {"value", c.value}});
    }
    finding_st_.bind_text_or_null(6, x->reason);
    finding_st_.bind(7, json_text(compared));
  } else {
    finding_st_.bind_null(6);
    finding_st_.bind_null(7);
  }
  finding_st_.bind(8, static_cast<std::int64_t>(f.suppressed ? 1 : 0));
  finding_st_.bind_text_or_null(
      9, !f.suppressed
             ? std::string()
             : fmt::format("{} (at {})",
                           f.suppression_reason.empty() ? "no reason given" : f.suppression_reason,
                           f.suppression_source));
  finding_st_.bind(10, static_cast<std::int64_t>(f.baselined ? 1 : 0));
  finding_st_.bind_text_or_null(11, story);
  finding_st_.execute();
  return sqlite3_last_insert_rowid(db_);
}

void FindingWriter::write_evidence(std::int64_t finding_row, std::int64_t fact_row,
                                   std::string_view variable) {
  evidence_st_.bind(1, finding_row);
  evidence_st_.bind(2, fact_row);
  evidence_st_.bind(3, variable);
  evidence_st_.execute();
}

}  // namespace verity::log_rows
