// Tests of the SQLite log (engine/log_store): a run written and read back by another LogStore
// on the same file, run status through the run's life, several runs in one file, refusing
// files that are not verity logs or are too new, and the database staying consistent.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>

#include <sqlite3.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/builtin_schema.hpp"
#include "engine/document_loader.hpp"
#include "engine/fact_json.hpp"
#include "engine/log_store.hpp"
#include "engine/sha256.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

namespace {

// Raw SQLite access, to look at the file the way another tool would.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db_); }
  // The first column of each row, as text ("" for NULL).
  std::vector<std::string> column(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(st, 0);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(st);
    return out;
  }
  std::string one(const std::string& sql) {
    const auto rows = column(sql);
    REQUIRE(rows.size() == 1);
    return rows[0];
  }
  void exec(const std::string& sql) {
    REQUIRE(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }

 private:
  sqlite3* db_ = nullptr;
};

const std::string kCoastal =
    "---\ntitle: Bridge opens\noutlet: Coastal Herald\npublished: 2024-03-02\n---\n"
    "The bridge cost $12.5 million.\n\"It is late,\" a resident said.\n";
const std::string kValley = "The bridge cost $15 million, the council said.\n";

// Two documents with figures and a quote, built by hand as the extractor would.
struct Story {
  FactStore store{builtin_schema()};
  std::uint32_t coastal = 0, valley = 0;
  FactRef coastal_figure, valley_figure, quote;

  Story() {
    std::vector<InputProblem> problems;
    coastal = store.add_document(
        make_document("story/coastal.md", "story/coastal.md", kCoastal, problems));
    valley =
        store.add_document(make_document("story/valley.md", "story/valley.md", kValley, problems));
    coastal_figure = fact(coastal, kCoastal, "figure", "$12.5 million",
                          {{"value", 12.5e6}, {"unit", std::string("USD")}});
    valley_figure = fact(valley, kValley, "figure", "$15 million",
                         {{"value", 15e6}, {"unit", std::string("USD")}});
    quote =
        fact(coastal, kCoastal, "quote", "\"It is late,\"", {{"text", std::string("It is late,")}});
  }

  FactRef fact(std::uint32_t doc, const std::string& text, const std::string& kind,
               const std::string& at, std::vector<std::pair<std::string, Value>> fields) {
    NewFact f;
    f.kind = kind;
    const auto begin = static_cast<std::uint32_t>(text.find(at));
    f.span = {begin, begin + static_cast<std::uint32_t>(at.size())};
    f.fields = std::move(fields);
    return store.add_fact(doc, f, "verity-extract/0.1");
  }

  std::vector<Finding> findings() const {
    return {
        {"figure.agrees",
         Severity::error,
         "$12.5 million in coastal but $15 million in valley",
         {{"a", coastal_figure}, {"b", valley_figure}},
         std::string(32, 'f')},
        {"quote.speaker",
         Severity::warning,
         "quote “It is late,” has no attributed speaker",
         {{"q", quote}},
         std::string(32, 'a')},
        {"doc.checked", Severity::info, "no evidence at all", {}, std::string(32, '0')},
    };
  }

  static std::vector<RuleInfo> rules() {
    return {{"figure.agrees",
             "A deal figure must match",
             Severity::error,
             "rules/figures.rules",
             3,
             "rule figure.agrees \"A deal figure must match\" {\n  severity error\n}",
             "https://example.org/figures",
             {"figures", "cross-source"}},
            {"quote.speaker",
             "Each quote needs a speaker",
             Severity::warning,
             "rules/quotes.rules",
             1,
             "rule quote.speaker {}",
             "",
             {}}};
  }
};

std::int64_t write_run(LogStore& log, const Story& story, bool finish = true) {
  const auto run = log.begin_run({"0.1.0", "check --rules rules story", "hash-of-rules"});
  log.write_rules(run, Story::rules());
  log.write_facts(run, story.store);
  log.write_findings(run, story.findings());
  if (finish) log.finish_run(run, "complete");
  return run;
}

std::string store_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const StoreError& e) {
    return e.what();
  }
  return "<no StoreError>";
}

// "2024-03-02T10:15:30Z". (No std::regex: GCC 12 warns inside it under -O1 and sanitizers.)
bool is_iso_utc(const std::string& t) {
  const std::string shape = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() != shape.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != shape[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("a run is written and read back by another LogStore", "[log_store]") {
  TempDir tmp;
  const Story story;
  {
    LogStore log(tmp.db());
    CHECK(log.last_run() == 0);
    CHECK(write_run(log, story) == 1);
  }
  LogStore log(tmp.db());
  REQUIRE(log.last_run() == 1);
  CHECK(log.run_status(1) == "complete");
  CHECK(log.run_status(99).empty());

  const auto findings = log.read_findings(1);
  REQUIRE(findings.size() == 3);
  const StoredFinding& f = findings[0];
  CHECK(f.id > 0);
  CHECK(f.run_id == 1);
  CHECK(f.rule_id == "figure.agrees");
  CHECK(f.severity == "error");
  CHECK(f.message == "$12.5 million in coastal but $15 million in valley");
  CHECK(f.fingerprint == std::string(32, 'f'));
  REQUIRE(f.evidence.size() == 2);
  const StoredEvidence& a = f.evidence[0];
  CHECK(a.variable == "a");
  CHECK(a.fact_id > 0);
  CHECK(a.kind == "figure");
  CHECK(a.document == "story/coastal.md");
  const Fact& coastal = story.store.fact(story.coastal_figure);
  CHECK(a.span_begin == coastal.span.begin);
  CHECK(a.span_end == coastal.span.end);
  CHECK(kCoastal.substr(a.span_begin, a.span_end - a.span_begin) == "$12.5 million");
  CHECK(a.line == 6);
  CHECK(a.column == 17);
  CHECK(a.fields_json == R"({"value":12500000,"unit":"USD"})");
  const StoredEvidence& b = f.evidence[1];
  CHECK(b.variable == "b");
  CHECK(b.document == "story/valley.md");
  CHECK(b.line == 1);
  CHECK(b.column == 17);
  CHECK(b.fact_id != a.fact_id);

  CHECK(findings[1].rule_id == "quote.speaker");
  CHECK(findings[1].severity == "warning");
  CHECK(findings[1].message == "quote “It is late,” has no attributed speaker");
  REQUIRE(findings[1].evidence.size() == 1);
  CHECK(findings[1].evidence[0].variable == "q");
  CHECK(findings[1].evidence[0].kind == "quote");
  CHECK(findings[1].evidence[0].line == 7);
  CHECK(findings[1].evidence[0].fields_json == R"({"text":"It is late,"})");
  CHECK(findings[2].severity == "info");
  CHECK(findings[2].evidence.empty());

  SECTION("the tables hold the run, documents, facts and rules as written") {
    RawDb raw(tmp.db());
    CHECK(raw.one("SELECT version FROM runs") == "0.1.0");
    CHECK(raw.one("SELECT arguments FROM runs") == "check --rules rules story");
    CHECK(raw.one("SELECT ruleset_hash FROM runs") == "hash-of-rules");
    CHECK(is_iso_utc(raw.one("SELECT started_at FROM runs")));
    CHECK(is_iso_utc(raw.one("SELECT finished_at FROM runs")));
    CHECK(raw.column("SELECT uri FROM documents ORDER BY id") ==
          std::vector<std::string>{"story/coastal.md", "story/valley.md"});
    CHECK(raw.one("SELECT sha256 FROM documents WHERE uri = 'story/valley.md'") ==
          sha256_hex(kValley));
    const auto metadata = nlohmann::json::parse(
        raw.one("SELECT metadata FROM documents WHERE uri = 'story/coastal.md'"));
    CHECK(metadata.at("outlet") == "Coastal Herald");
    CHECK(metadata.at("published") == "2024-03-02");
    CHECK(metadata.at("story") == "story");
    // Every fact of the store, the doc facts included.
    CHECK(raw.one("SELECT count(*) FROM facts") == std::to_string(story.store.facts().size()));
    CHECK(raw.one("SELECT origin FROM facts WHERE kind = 'quote'") == "verity-extract/0.1");
    CHECK(raw.column("SELECT rule_id FROM rules ORDER BY id") ==
          std::vector<std::string>{"figure.agrees", "quote.speaker"});
    CHECK(raw.one("SELECT severity || ' ' || file || ':' || line FROM rules WHERE "
                  "rule_id = 'quote.speaker'") == "warning rules/quotes.rules:1");
    CHECK(raw.one("SELECT source_hash FROM rules WHERE rule_id = 'quote.speaker'") ==
          sha256_hex("rule quote.speaker {}"));
    CHECK(raw.one("SELECT value FROM meta WHERE key = 'schema_version'") == "4");
    CHECK(raw.one("SELECT help || ' ' || tags FROM rules WHERE rule_id = 'figure.agrees'") ==
          R"(https://example.org/figures ["figures","cross-source"])");
    CHECK(raw.one("SELECT text FROM documents WHERE uri = 'story/valley.md'") == kValley);
    CHECK(raw.one("PRAGMA journal_mode") == "wal");
    CHECK(raw.one("PRAGMA integrity_check") == "ok");
    CHECK(raw.column("PRAGMA foreign_key_check").empty());
  }
}

TEST_CASE("two runs in one database keep their own findings", "[log_store]") {
  TempDir tmp;
  const Story story;
  {
    LogStore log(tmp.db());
    CHECK(write_run(log, story) == 1);
    CHECK(write_run(log, story) == 2);
    CHECK(log.last_run() == 2);
  }
  LogStore log(tmp.db());
  CHECK(log.last_run() == 2);
  const auto first = log.read_findings(1);
  const auto second = log.read_findings(2);
  REQUIRE(first.size() == 3);
  REQUIRE(second.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(first[i].run_id == 1);
    CHECK(second[i].run_id == 2);
    CHECK(first[i].fingerprint == second[i].fingerprint);
    CHECK(first[i].id != second[i].id);
    for (std::size_t e = 0; e < first[i].evidence.size(); ++e) {
      CHECK(first[i].evidence[e].fact_id != second[i].evidence[e].fact_id);
      CHECK(first[i].evidence[e].fields_json == second[i].evidence[e].fields_json);
    }
  }
  CHECK(log.read_findings(3).empty());
  RawDb raw(tmp.db());
  CHECK(raw.one("SELECT count(*) FROM documents") == "4");
  CHECK(raw.one("PRAGMA integrity_check") == "ok");
}

TEST_CASE("a run that is not finished stays 'running'; a failed write marks it 'failed'",
          "[log_store]") {
  TempDir tmp;
  const Story story;
  {
    LogStore log(tmp.db());
    write_run(log, story, false);
  }
  {
    LogStore log(tmp.db());
    CHECK(log.run_status(1) == "running");
    CHECK(log.read_findings(1).size() == 3);  // what was written is kept

    const auto run = log.begin_run({"0.1.0", "check", ""});
    // Findings before facts: refused, nothing written.
    CHECK_THAT(store_error([&] { log.write_findings(run, story.findings()); }),
               Catch::Contains("must be written (write_facts) before its findings"));
    log.write_facts(run, story.store);
    std::vector<Finding> broken = story.findings();
    broken.back().evidence.push_back({"x", FactRef{9999}});
    CHECK_THAT(store_error([&] { log.write_findings(run, broken); }),
               Catch::Contains("refers to fact 9999"));
    CHECK(log.run_status(run) == "failed");
    CHECK_THAT(store_error([&] { log.finish_run(42, "complete"); }),
               Catch::Contains("there is no run 42"));
  }
  RawDb raw(tmp.db());
  CHECK(raw.one("SELECT count(*) FROM findings WHERE run_id = 2") == "0");
  CHECK(raw.one("PRAGMA integrity_check") == "ok");
}

TEST_CASE("many facts are written in batches", "[log_store]") {
  TempDir tmp;
  FactStore store(builtin_schema());
  std::vector<InputProblem> problems;
  const auto doc = store.add_document(make_document("big.md", "big.md", "x\n", problems));
  for (int i = 0; i < 25000; ++i) {
    NewFact f;
    f.kind = "figure";
    f.span = {0, 1};
    f.fields = {{"value", static_cast<double>(i)}};
    store.add_fact(doc, f, "test");
  }
  std::vector<Finding> findings;
  for (std::uint32_t i = 1; i <= 12000; ++i) {
    findings.push_back({"r", Severity::error, "m", {{"f", FactRef{i}}}, std::to_string(i)});
  }
  LogStore log(tmp.db());
  const auto run = log.begin_run({"v", "a", "h"});
  log.write_facts(run, store);
  log.write_findings(run, findings);
  log.finish_run(run, "complete");
  const auto read = log.read_findings(run);
  REQUIRE(read.size() == 12000);
  CHECK(read.back().evidence.at(0).fields_json == R"({"value":11999})");
  RawDb raw(tmp.db());
  CHECK(raw.one("SELECT count(*) FROM facts") == "25001");
  CHECK(raw.one("SELECT count(*) FROM evidence") == "12000");
}

TEST_CASE("files that are not verity databases are refused with a clear message", "[log_store]") {
  TempDir tmp;
  SECTION("a text file") {
    const std::string path = (tmp.path / "notes.db").string();
    std::ofstream(path) << std::string(4096, 'x') << "\nnot a database at all\n";
    CHECK(store_error([&] { LogStore log(path); }) ==
          path + " is not a verity database (file is not a database); give --db another file name");
    std::ifstream in(path);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}).substr(0, 4) == "xxxx");  // untouched
  }
  SECTION("another program's SQLite database") {
    const std::string path = (tmp.path / "other.db").string();
    {
      RawDb raw(path);
      raw.exec("CREATE TABLE contacts(name TEXT)");
    }
    CHECK_THAT(
        store_error([&] { LogStore log(path); }),
        Catch::StartsWith(path + " is not a verity database") && Catch::Contains("no meta table"));
    RawDb raw(path);
    CHECK(raw.column("SELECT name FROM sqlite_master WHERE name = 'runs'").empty());
  }
  SECTION("a database written by a newer verity") {
    { LogStore log(tmp.db()); }
    {
      RawDb raw(tmp.db());
      raw.exec("UPDATE meta SET value = '7' WHERE key = 'schema_version'");
    }
    CHECK(store_error([&] { LogStore log(tmp.db()); }) ==
          tmp.db() + " was written by a newer verity (schema 7); upgrade verity");
  }
  SECTION("a folder that does not exist") {
    const std::string path = (tmp.path / "missing" / "verity.db").string();
    CHECK_THAT(store_error([&] { LogStore log(path); }),
               Catch::StartsWith(path + ": cannot open it: ") &&
                   Catch::Contains("check that its folder exists"));
  }
}
