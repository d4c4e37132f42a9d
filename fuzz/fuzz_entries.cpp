// Owns the bodies of the fuzz targets (see fuzz_entries.hpp) and the checks they make on what
// the readers return. Readers that only take a path read a file in a private temporary folder,
// made once per process and removed at exit, so that imports and tables of fuzzed rule files
// can only reach the few files put there.
#include "fuzz/fuzz_entries.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "dsl/compiler.hpp"
#include "dsl/table_loader.hpp"
#include "engine/archive_jsonl.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/document_loader.hpp"
#include "engine/evaluator.hpp"
#include "engine/extract.hpp"
#include "engine/fact_json.hpp"
#include "engine/fact_store.hpp"
#include "engine/require_explain.hpp"
#include "engine/table_facts.hpp"
#include "engine/utf8.hpp"

namespace verity::fuzz {
namespace {

namespace fs = std::filesystem;

// A short article with a quote, a speaker, figures, dates and a title: the facts that fuzzed
// rules run over, and the document that fuzzed facts files point into.
constexpr std::string_view kArticle =
    "---\ntitle: Ferry strike ends\noutlet: Harbour News\npublished: 2024-03-04\n---\n"
    "# Ferry strike ends\n\n"
    "The ferry strike ended on Monday after 12 days, the union said. \"We won a fair deal,\" "
    "said Anna Berg, the union's chair. Transport Minister Olav Lind said 3,400 workers would "
    "get a raise of 4.5 percent from 1 April 2024. \"It is a good day,\" Lind said.\n";

constexpr std::string_view kImportedRules =
    "rule lib.quote-speaker \"A quote has a speaker\" {\n"
    "  severity warning\n"
    "  for q: quote\n"
    "  require q.speaker is set\n"
    "  report \"quote {q.text} has no speaker\"\n"
    "}\n";

constexpr std::string_view kOfficialsCsv =
    "name,title,org\n"
    "Olav Lind,Transport Minister,Government\n"
    "Anna Berg,Chair,Ferry Workers Union\n";

constexpr std::string_view kOfficialsJsonl =
    "{\"name\":\"Olav Lind\",\"title\":\"Transport Minister\",\"since\":\"2021-10-14\"}\n"
    "{\"name\":\"Anna Berg\",\"title\":\"Chair\",\"since\":\"2019-01-01\",\"votes\":412}\n";

void check(bool ok, const char* what) {
  if (!ok) throw InvariantBroken(what);
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("fuzz: cannot write " + path.string());
}

// The private folder: rule files are compiled as if they were in it, and file-based readers
// read their input from it. Removed when the process exits normally.
class WorkDir {
 public:
  WorkDir() {
    std::string pattern = (fs::temp_directory_path() / "verity-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("fuzz: mkdtemp failed");
    root_ = pattern;
    fs::create_directories(root_ / "std");
    write_file(root_ / "lib.rules", kImportedRules);
    write_file(root_ / "std" / "quotes.rules", kImportedRules);
    write_file(root_ / "officials.csv", kOfficialsCsv);
    write_file(root_ / "officials.jsonl", kOfficialsJsonl);
  }
  ~WorkDir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;

  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

const WorkDir& work_dir() {
  static const WorkDir dir;
  return dir;
}

// Writes one input to the file `name` of the private folder and returns its path.
std::string input_file(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const fs::path path = work_dir().root() / name;
  write_file(path, {reinterpret_cast<const char*>(data), size});
  return path.string();
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t bad = 0;
    const std::size_t len = utf8_sequence(s, i, bad);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

void check_span(Span span, std::size_t text_size, const char* what) {
  if (span.begin <= span.end && span.end <= text_size) return;
  throw InvariantBroken(std::string(what) + ": [" + std::to_string(span.begin) + ", " +
                        std::to_string(span.end) + ") in " + std::to_string(text_size) + " bytes");
}

// What every loaded document must satisfy, whatever its bytes were.
void check_document(const Document& doc) {
  const std::string& text = doc.text.text();
  check(valid_utf8(text), "document text is not valid UTF-8 after normalization");
  check(text.find('\0') == std::string::npos, "document text holds a NUL byte");
  check(doc.body_begin <= text.size(), "body_begin past the end of the text");
  for (const DocComment& c : doc.comments) {
    check_span(c.span, text.size(), "comment span outside the document text");
  }
  for (const auto& [key, value] : doc.meta) {
    check(valid_utf8(key) && valid_utf8(value), "document metadata is not valid UTF-8");
  }
  if (!text.empty()) {
    const LineCol end = doc.position(static_cast<std::uint32_t>(text.size()));
    check(end.line >= 1 && end.column >= 1, "position of the end of the text is not 1-based");
  }
}

// What every extracted fact must satisfy: a span inside the text it was read from, at or after
// the body, and text fields that are whole UTF-8 characters.
void check_facts(const Document& doc, const std::vector<NewFact>& facts) {
  const std::size_t size = doc.text.text().size();
  std::uint32_t previous_begin = 0;
  for (const NewFact& f : facts) {
    check_span(f.span, size, "fact span outside the document text");
    check(f.span.begin >= doc.body_begin, "fact span starts inside the front matter");
    check(f.span.begin >= previous_begin, "facts are not in order of their span start");
    previous_begin = f.span.begin;
    for (const auto& [name, value] : f.fields) {
      if (const auto* s = std::get_if<std::string>(&value)) {
        check(valid_utf8(*s), "a text field of an extracted fact is not valid UTF-8");
      }
    }
    const LineCol at = doc.position(f.span.begin);
    check(at.line >= 1 && at.column >= 1, "fact position is not 1-based");
  }
}

// Extracts `doc`, checks its facts, stores them and writes each back as JSON, as
// `verity extract` does.
void extract_and_write(Document doc) {
  check_document(doc);
  const std::vector<NewFact> facts = extract_facts(doc);
  check_facts(doc, facts);
  FactStore store(builtin_schema());
  const std::uint32_t d = store.add_document(std::move(doc));
  for (const NewFact& f : facts) {
    const FactRef ref = store.add_fact(d, f, kExtractorOrigin);
    check(valid_utf8(fact_to_json_line(store, ref)), "a fact's JSON line is not valid UTF-8");
  }
}

Document article(const std::string& id) {
  std::vector<InputProblem> problems;
  return make_document(id, "", kArticle, problems);
}

// The facts fuzzed rules run over, extracted once.
const FactStore& article_store() {
  static const FactStore store = [] {
    FactStore s(builtin_schema());
    Document doc = article("article.md");
    const auto facts = extract_facts(doc);
    const std::uint32_t d = s.add_document(std::move(doc));
    for (const NewFact& f : facts) s.add_fact(d, f, kExtractorOrigin);
    return s;
  }();
  return store;
}

void check_diagnostics(const Diagnostics& diags) {
  for (const Diagnostic& d : diags.items()) {
    if (d.source == nullptr) continue;
    check_span(d.span, d.source->text().size(),
               ("diagnostic span outside its file (" + d.message + ")").c_str());
    for (const DiagnosticNote& n : d.notes) {
      if (n.source != nullptr) check_span(n.span, n.source->text().size(), "note span outside");
    }
  }
  // Rendering reads the source line under each span: it must hold for every diagnostic.
  (void)render(diags);
}

}  // namespace

void fuzz_rules(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  FactStore store = article_store();
  dsl::CompileOptions options;
  options.std_dir = (work_dir().root() / "std").string();
  const std::string name = (work_dir().root() / "fuzz.rules").string();
  const auto rules = dsl::compile_rule_text(name, text, store.schema_for_update(), options);
  check_diagnostics(rules->diagnostics);
  if (!rules->ok()) return;
  add_table_facts(*rules, store);
  EvalOptions eval;
  eval.threads = 1;
  eval.max_bindings = 1e5;  // a cross join of fuzzed rules must stay cheap
  eval.max_findings_per_rule = 100;
  const EvalResult result = evaluate(rules->plans, store, eval);
  (void)explain_findings(rules->plans, result.findings, store, &eval.aliases);
}

void fuzz_document(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  static constexpr std::string_view kNames[] = {"fuzz.txt", "fuzz.md", "fuzz.html"};
  const std::string id(kNames[data[0] % 3]);
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<InputProblem> problems;
  Document doc = make_document(id, "", bytes, problems);
  for (const InputProblem& p : problems) {
    if (p.fatal) {
      check(doc.text.text().empty(), "a document refused as a whole still has text");
      return;
    }
  }
  const std::uint32_t original_end =
      doc.original_offset(static_cast<std::uint32_t>(doc.text.text().size()));
  if (original_end > bytes.size()) {
    throw InvariantBroken("the end of the text maps to original byte " +
                          std::to_string(original_end) + " of a " + std::to_string(bytes.size()) +
                          "-byte file");
  }
  extract_and_write(std::move(doc));
}

void fuzz_facts(const std::uint8_t* data, std::size_t size) {
  const std::string path = input_file("facts.jsonl", data, size);
  FactStore store(builtin_schema());
  store.add_document(article("doc.md"));
  std::vector<InputProblem> problems;
  const std::size_t added = import_facts_jsonl(path, store, problems);
  check(added <= store.facts().size() + store.documents().size(), "more facts added than stored");
  for (std::uint32_t i = 0; i < store.facts().size(); ++i) {
    const Fact& f = store.facts()[i];
    check(f.document < store.documents().size(), "fact of an unknown document");
    const std::string& text = store.documents()[f.document].text.text();
    if (!text.empty()) check_span(f.span, text.size(), "imported fact span outside its document");
    check(valid_utf8(fact_to_json_line(store, FactRef{i})), "a fact's JSON line is not UTF-8");
  }
}

void fuzz_archive(const std::uint8_t* data, std::size_t size) {
  const std::string path = input_file("archive.jsonl", data, size);
  std::vector<InputProblem> problems;
  read_jsonl_archive(path, "fuzz-story", problems,
                     [](Document&& doc) { extract_and_write(std::move(doc)); });
}

void fuzz_table(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  const bool jsonl = (data[0] & 1) != 0;
  // Bits 1-3 declare types for the columns the seeds use, so declared and inferred columns
  // are both read.
  std::vector<dsl::TableColumnType> declared;
  if (data[0] & 2) declared.push_back({"name", Type::text()});
  if (data[0] & 4) declared.push_back({"votes", Type::number()});
  if (data[0] & 8) declared.push_back({"since", Type::date()});
  if (data[0] & 16) declared.push_back({"active", Type::boolean()});
  const std::string name = jsonl ? "fuzz.jsonl" : "fuzz.csv";
  const SourceText source(name, std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  Diagnostics diags;
  const dsl::LoadedTable table = dsl::read_table(
      "t", source, jsonl ? dsl::TableFormat::jsonl : dsl::TableFormat::csv, declared, diags);
  check_diagnostics(diags);
  for (const dsl::TableRow& row : table.rows) {
    check_span(row.span, source.text().size(), "table row span outside the file");
    check(row.cells.size() == table.columns.size(), "a row has not one cell per column");
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      if (!row.cells[c]) continue;
      const std::string& cell = *row.cells[c];
      double number = 0;
      bool boolean = false;
      switch (table.columns[c].type.base) {
        case BaseType::number:
          check(dsl::parse_table_number(cell, number), "a number cell does not parse");
          break;
        case BaseType::date:
          check(dsl::is_table_date(cell), "a date cell is not a date");
          break;
        case BaseType::boolean:
          check(dsl::parse_table_boolean(cell, boolean), "a boolean cell does not parse");
          break;
        default:
          break;
      }
    }
  }
  if (diags.has_errors()) return;
  // The engine's half, as the compiler sets it up: the table's kind with its columns, then its
  // rows as facts, each cell converted by its column's type.
  FactStore store(builtin_schema());
  KindDef kind{table.name, "fuzzed table", {}};
  for (const auto& c : table.columns) {
    // The compiler refuses such a table: its kind would be malformed.
    if (c.name == "doc" || kind.field_index(c.name)) return;
    kind.fields.push_back({c.name, c.type, ""});
  }
  store.schema_for_update().add_kind(std::move(kind));
  const std::size_t added = add_table_facts(table, store);
  check(added == table.rows.size(), "not every good row became a fact");
  for (std::uint32_t i = 0; i < store.facts().size(); ++i) {
    check(valid_utf8(fact_to_json_line(store, FactRef{i})), "a fact's JSON line is not UTF-8");
  }
}

const std::vector<FuzzTarget>& fuzz_targets() {
  static const std::vector<FuzzTarget> targets = {{"rules", fuzz_rules},
                                                  {"document", fuzz_document},
                                                  {"facts", fuzz_facts},
                                                  {"archive", fuzz_archive},
                                                  {"table", fuzz_table}};
  return targets;
}

}  // namespace verity::fuzz
