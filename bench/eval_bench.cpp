// Benchmark of rule evaluation: the cross-source rule `figure.agrees` (same story, same subject,
// same unit, different documents, values more than 1% apart) over generated figure facts, timed
// with evaluate() at several sizes, beside the same check as one SQL query on SQLite (in memory,
// indexed on the join key). Writes the facts as CSV for bench/duckdb_bench.mjs. Each engine must
// find the same unordered pairs: the counts and a pair checksum are compared (MATCH/MISMATCH).
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "dsl/compiler.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/evaluator.hpp"
#include "engine/fact_store.hpp"

using namespace verity;

namespace {

constexpr int kDocsPerStory = 4;
constexpr int kFiguresPerDoc = 8;  // so 32 figures per story
constexpr int kSubjectsPerStory = 5;
constexpr double kOtherUnitRate = 0.05;  // a figure in another unit than its subject's
constexpr double kPlantedRate = 0.01;    // a figure that disagrees with its subject's value

const char* kRule = R"(
rule figure.agrees "A figure must match across sources" {
  severity error
  for a: figure, b: figure
  where a.doc != b.doc and a.doc.story == b.doc.story and a.subject == b.subject
    and a.unit == b.unit
  require a.value ~= b.value within 1%
}
)";

// The same check in SQL: a pair is a finding when the values differ by more than 1% of the
// larger magnitude (verity: |x - y| <= 1% of max(|x|, |y|) is agreement). Each unordered pair
// is counted once (a.id < b.id). DuckDB spells max() of two values greatest().
const char* kCountSql =
    "SELECT count(*) FROM facts a JOIN facts b ON a.story = b.story AND a.subject = b.subject "
    "AND a.unit = b.unit AND a.doc <> b.doc AND a.id < b.id "
    "WHERE abs(a.value - b.value) > 0.01 * max(abs(a.value), abs(b.value))";
// Not timed: a checksum of the pairs found, so that equal counts of different pairs show.
const char* kChecksumSql =
    "SELECT coalesce(sum((a.id * 31 + b.id) % 1000003), 0) FROM facts a JOIN facts b "
    "ON a.story = b.story AND a.subject = b.subject AND a.unit = b.unit AND a.doc <> b.doc "
    "AND a.id < b.id WHERE abs(a.value - b.value) > 0.01 * max(abs(a.value), abs(b.value))";

std::int64_t pair_checksum(std::int64_t lo, std::int64_t hi) {
  return (lo * 31 + hi) % 1000003;
}

// splitmix64: the same sequence on every platform and standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)

 private:
  std::uint64_t state_;
};

// One figure fact as every engine sees it.
struct Row {
  std::int64_t id;  // generation order; fact index of verity = id + documents before it
  std::uint32_t doc;
  std::uint32_t story;
  std::uint32_t subject;  // index into the subject vocabulary
  std::uint32_t unit;     // index into kUnits
  double value;
};

const std::vector<std::string> kUnits = {"USD", "tank", "worker", "percent", "tonne", "km"};

struct Vocabulary {
  std::vector<std::string> subjects;   // noun phrases, as an extractor would give them
  std::vector<std::uint32_t> unit_of;  // the usual unit of each subject
  std::vector<double> magnitude_of;    // the usual order of magnitude of its values
};

Vocabulary make_vocabulary() {
  const std::vector<std::string> modifiers = {
      "",        "new ",     "annual ", "total ",   "planned ",  "revised ",  "disputed ",
      "first ",  "second ",  "public ", "private ", "regional ", "national ", "proposed ",
      "agreed ", "current ", "former ", "initial ", "final ",    "estimated "};
  struct Noun {
    const char* text;
    std::uint32_t unit;
    double magnitude;
  };
  const std::vector<Noun> nouns = {{"repair contract", 0, 1e7},
                                   {"defence budget", 0, 1e10},
                                   {"aid package", 0, 1e9},
                                   {"main battle tanks", 1, 50},
                                   {"armoured vehicles", 1, 200},
                                   {"factory workers", 2, 3e3},
                                   {"striking workers", 2, 1e4},
                                   {"seasonal staff", 2, 500},
                                   {"inflation rate", 3, 5},
                                   {"unemployment rate", 3, 8},
                                   {"turnout", 3, 60},
                                   {"grain exports", 4, 1e6},
                                   {"steel output", 4, 1e5},
                                   {"rice harvest", 4, 2e6},
                                   {"pipeline", 5, 800},
                                   {"border fence", 5, 150},
                                   {"rail link", 5, 300},
                                   {"bridge tender", 0, 5e7},
                                   {"vaccine order", 0, 2e8},
                                   {"evacuated residents", 2, 2e4}};
  Vocabulary v;
  for (const auto& m : modifiers) {
    for (const auto& n : nouns) {
      v.subjects.push_back("the " + m + n.text);
      v.unit_of.push_back(n.unit);
      v.magnitude_of.push_back(n.magnitude);
    }
  }
  return v;
}

// The figures of `count` facts: stories of kDocsPerStory documents, kSubjectsPerStory subjects
// per story, each subject with a value that its figures repeat within ±0.4% (so that any two of
// them agree within 1%), except planted ones that are 3% to 30% off.
std::vector<Row> generate(std::size_t count, const Vocabulary& vocab, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Row> rows;
  rows.reserve(count);
  const std::size_t per_story = kDocsPerStory * kFiguresPerDoc;
  for (std::uint32_t story = 0; rows.size() < count; ++story) {
    std::uint32_t subjects[kSubjectsPerStory];
    double values[kSubjectsPerStory];
    for (int s = 0; s < kSubjectsPerStory; ++s) {
      subjects[s] = static_cast<std::uint32_t>(rng.below(vocab.subjects.size()));
      // A value of 2 or 3 significant digits around the subject's magnitude.
      const double raw = vocab.magnitude_of[subjects[s]] * (0.2 + 4.8 * rng.unit());
      const double scale = std::pow(10.0, std::floor(std::log10(raw)) - 2);
      values[s] = std::round(raw / scale) * scale;
    }
    for (std::size_t i = 0; i < per_story && rows.size() < count; ++i) {
      Row r;
      r.id = static_cast<std::int64_t>(rows.size());
      r.story = story;
      r.doc = story * kDocsPerStory + static_cast<std::uint32_t>(rng.below(kDocsPerStory));
      const std::size_t s = rng.below(kSubjectsPerStory);
      r.subject = subjects[s];
      r.unit = vocab.unit_of[r.subject];
      if (rng.unit() < kOtherUnitRate)
        r.unit = static_cast<std::uint32_t>(rng.below(kUnits.size()));
      double factor = 1.0 + (rng.unit() - 0.5) * 0.008;  // ±0.4%
      if (rng.unit() < kPlantedRate) {
        const double off = 0.03 + 0.27 * rng.unit();
        factor = rng.below(2) == 0 ? 1.0 + off : 1.0 - off;
      }
      r.value = values[s] * factor;
      rows.push_back(r);
    }
  }
  return rows;
}

std::string doc_id(std::uint32_t doc) {
  return fmt::format("story{}/doc{}.md", doc / kDocsPerStory, doc % kDocsPerStory);
}

std::string story_id(std::uint32_t story) {
  return fmt::format("story-{}", story);
}

// The facts in a FactStore as an extractor would leave them: one document per doc, figures
// with value, unit, subject and text. `fact_id` maps a verity fact index back to Row::id.
std::unique_ptr<FactStore> build_store(const std::vector<Row>& rows, const Vocabulary& vocab,
                                       std::vector<std::int64_t>& fact_id) {
  auto store = std::make_unique<FactStore>(builtin_schema());
  std::vector<std::uint32_t> doc_index;
  const std::string text = "A generated document.\nIts figures are not in its text.\n";
  for (const Row& r : rows) {
    while (doc_index.size() <= r.doc) {
      const auto d = static_cast<std::uint32_t>(doc_index.size());
      Document doc;
      doc.id = doc_id(d);
      doc.path = doc.id;
      doc.text = SourceText(doc.id, text);
      doc.meta["story"] = story_id(d / kDocsPerStory);
      doc.meta["role"] = "source";
      doc_index.push_back(store->add_document(std::move(doc)));
    }
    NewFact f;
    f.kind = "figure";
    f.span = {0, 1};
    f.position = LineCol{1, 1};
    f.fields = {{"value", r.value},
                {"unit", kUnits[r.unit]},
                {"subject", vocab.subjects[r.subject]},
                {"text", fmt::format("{:.4g} {}", r.value, kUnits[r.unit])}};
    const FactRef ref = store->add_fact(doc_index[r.doc], f, "bench");
    if (fact_id.size() <= ref.index) fact_id.resize(ref.index + 1, -1);
    fact_id[ref.index] = r.id;
  }
  return store;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// This thread's CPU time. On a busy machine the CPU time of a one-thread engine stays near what
// it would be on an idle one, while the wall clock does not: both are printed.
// All threads' CPU time, for verity on several threads.
double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct PairCount {
  std::int64_t pairs = 0;
  std::int64_t checksum = 0;
  bool operator==(const PairCount&) const = default;
};

struct VerityResult {
  double seconds = 0;
  double cpu_seconds = 0;
  std::size_t tried = 0;     // candidate bindings tried (each fact of each step)
  std::size_t bindings = 0;  // ordered pairs that passed `where` (both (a, b) and (b, a))
  std::size_t findings = 0;
  PairCount pairs;
  bool capped = false;
};

VerityResult run_verity(const FactStore& store, const std::vector<std::int64_t>& fact_id, int runs,
                        std::size_t threads) {
  auto set = dsl::compile_rule_text("bench.rules", kRule, store.schema());
  if (!set->ok() || set->plans.size() != 1) {
    throw std::runtime_error("the benchmark rule does not compile:\n" + render(set->diagnostics));
  }
  EvalOptions options;
  options.max_findings_per_rule = std::numeric_limits<std::size_t>::max() - 1;
  options.max_bindings = std::numeric_limits<double>::infinity();
  options.threads = threads;
  VerityResult out;
  std::vector<double> times, cpu_times;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = process_cpu_seconds();
    EvalResult result = evaluate(set->plans, store, options);
    times.push_back(seconds_since(start));
    cpu_times.push_back(process_cpu_seconds() - cpu_start);
    if (i + 1 < runs) continue;
    // The last run's findings: each must bind two figures, and each unordered pair counts once.
    out.findings = result.findings.size();
    out.capped = result.stats.at(0).capped;
    out.bindings = result.stats.at(0).bindings;
    out.tried = result.stats.at(0).tried;
    if (result.stats.at(0).over_budget) throw std::runtime_error("the rule went over budget");
    std::unordered_set<std::uint64_t> seen;
    for (const Finding& f : result.findings) {
      if (f.evidence.size() != 2) throw std::runtime_error("a finding does not bind two facts");
      std::int64_t x = fact_id.at(f.evidence[0].fact.index);
      std::int64_t y = fact_id.at(f.evidence[1].fact.index);
      if (x > y) std::swap(x, y);
      if (!seen.insert(static_cast<std::uint64_t>(x) << 32 | static_cast<std::uint64_t>(y))
               .second) {
        continue;
      }
      ++out.pairs.pairs;
      out.pairs.checksum += pair_checksum(x, y);
    }
  }
  out.seconds = median(times);
  out.cpu_seconds = median(cpu_times);
  return out;
}

// --breakdown: where evaluate()'s CPU time goes, by rules that do part of the work, beside a
// hand-written sort-based join over the same FactStore (interned keys, each pair once): a
// floor for what the engine could reach on one core.
double time_rule(const FactStore& store, const char* rule, int runs, std::size_t& bindings) {
  auto set = dsl::compile_rule_text("breakdown.rules", rule, store.schema());
  if (!set->ok()) throw std::runtime_error("breakdown rule:\n" + render(set->diagnostics));
  EvalOptions options;
  options.max_findings_per_rule = std::numeric_limits<std::size_t>::max() - 1;
  options.max_bindings = std::numeric_limits<double>::infinity();
  options.threads = 1;  // the breakdown is in CPU time of one thread
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const double start = thread_cpu_seconds();
    const EvalResult result = evaluate(set->plans, store, options);
    times.push_back(thread_cpu_seconds() - start);
    bindings = result.stats.at(0).bindings;
  }
  return median(times);
}

std::int64_t hand_written_join(const FactStore& store) {
  const auto figure = static_cast<std::uint32_t>(*store.schema().kind_index("figure"));
  const KindDef& kind = store.schema().kind(figure);
  const std::size_t f_subject = *kind.field_index("subject"), f_unit = *kind.field_index("unit"),
                    f_value = *kind.field_index("value");
  const auto& doc_kind = store.schema().kind(*store.schema().kind_index("doc"));
  const std::size_t f_story = *doc_kind.field_index("story");
  std::unordered_map<std::string_view, std::uint32_t> ids;
  auto intern = [&](const Value& v) -> std::uint32_t {
    const auto* s = std::get_if<std::string>(&v);
    if (s == nullptr) return 0;
    return ids.try_emplace(*s, static_cast<std::uint32_t>(ids.size() + 1)).first->second;
  };
  struct Item {
    std::uint32_t story, subject, unit, doc;
    double value;
  };
  std::vector<Item> items;
  for (const Fact& f : store.facts()) {
    if (f.kind != figure) continue;
    const auto* value = std::get_if<double>(&f.fields[f_value]);
    const FactRef doc = std::get<FactRef>(f.fields[0]);
    const std::uint32_t story = intern(store.fact(doc).fields[f_story]);
    const std::uint32_t subject = intern(f.fields[f_subject]), unit = intern(f.fields[f_unit]);
    if (value == nullptr || story == 0 || subject == 0 || unit == 0) continue;
    items.push_back({story, subject, unit, doc.index, *value});
  }
  std::sort(items.begin(), items.end(), [](const Item& x, const Item& y) {
    return std::tie(x.story, x.subject, x.unit) < std::tie(y.story, y.subject, y.unit);
  });
  std::int64_t pairs = 0;
  for (std::size_t begin = 0, end = 0; begin < items.size(); begin = end) {
    for (end = begin + 1;
         end < items.size() && items[end].story == items[begin].story &&
         items[end].subject == items[begin].subject && items[end].unit == items[begin].unit;
         ++end) {
    }
    for (std::size_t i = begin; i < end; ++i) {
      for (std::size_t j = i + 1; j < end; ++j) {
        const Item &x = items[i], &y = items[j];
        if (x.doc == y.doc) continue;
        pairs +=
            std::abs(x.value - y.value) > 0.01 * std::max(std::abs(x.value), std::abs(y.value));
      }
    }
  }
  return pairs;
}

void print_breakdown(const FactStore& store, std::size_t n, double full_cpu_seconds, int runs) {
  std::size_t bindings = 0;
  const double scan =
      time_rule(store, R"(rule scan { for a: figure require a.value is set })", runs, bindings);
  const double join = time_rule(store, R"(rule join { for a: figure, b: figure
    where a.doc != b.doc and a.doc.story == b.doc.story and a.subject == b.subject
      and a.unit == b.unit
    require a.value is set })",
                                runs, bindings);
  std::vector<double> times;
  std::int64_t pairs = 0;
  for (int i = 0; i < runs; ++i) {
    const double start = thread_cpu_seconds();
    pairs = hand_written_join(store);
    times.push_back(thread_cpu_seconds() - start);
  }
  const double hand = median(times);
  std::printf("  breakdown of evaluate() at %zu facts (CPU time of one thread):\n", n);
  std::printf("    scan only (for a: figure require a.value is set)    %8.3f s\n", scan);
  std::printf("    join and where, no finding (require a.value is set) %8.3f s  (%zu bindings)\n",
              join, bindings);
  std::printf("    full rule (require ~= within 1%%, findings)          %8.3f s\n",
              full_cpu_seconds);
  std::printf("    hand-written sort join, interned keys, one core     %8.3f s  (%lld pairs)\n",
              hand, static_cast<long long>(pairs));
}

// Owns an in-memory SQLite database.
class Sqlite {
 public:
  Sqlite() {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open");
  }
  ~Sqlite() { sqlite3_close(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error(fmt::format("SQLite: {} in: {}", message, sql));
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(fmt::format("SQLite: {} in: {}", sqlite3_errmsg(db_), sql));
    }
    return stmt;
  }
  std::int64_t scalar(const char* sql) {
    sqlite3_stmt* stmt = prepare(sql);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
      sqlite3_finalize(stmt);
      throw std::runtime_error(fmt::format("SQLite: {} in: {}", sqlite3_errmsg(db_), sql));
    }
    const std::int64_t v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
  }

 private:
  sqlite3* db_ = nullptr;
};

struct SqlResult {
  double seconds = 0;
  double cpu_seconds = 0;
  double load_seconds = 0;
  PairCount pairs;
};

// The same facts as a table (story, subject and unit as the texts verity holds; doc as the
// document's number, as verity compares doc facts by reference), indexed after the load.
SqlResult run_sqlite(const std::vector<Row>& rows, const Vocabulary& vocab, int runs) {
  Sqlite db;
  const auto load_start = std::chrono::steady_clock::now();
  db.exec(
      "CREATE TABLE facts(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, story TEXT NOT NULL, "
      "subject TEXT NOT NULL, unit TEXT NOT NULL, value REAL NOT NULL)");
  db.exec("BEGIN");
  sqlite3_stmt* insert = db.prepare("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?)");
  for (const Row& r : rows) {
    const std::string story = story_id(r.story);
    const std::string& subject = vocab.subjects[r.subject];
    const std::string& unit = kUnits[r.unit];
    sqlite3_bind_int64(insert, 1, r.id);
    sqlite3_bind_int64(insert, 2, r.doc);
    sqlite3_bind_text(insert, 3, story.data(), static_cast<int>(story.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 4, subject.data(), static_cast<int>(subject.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 5, unit.data(), static_cast<int>(unit.size()), SQLITE_TRANSIENT);
    sqlite3_bind_double(insert, 6, r.value);
    if (sqlite3_step(insert) != SQLITE_DONE) throw std::runtime_error("SQLite insert failed");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  db.exec("COMMIT");
  db.exec("CREATE INDEX facts_key ON facts(story, subject, unit)");
  db.exec("ANALYZE");
  SqlResult out;
  out.load_seconds = seconds_since(load_start);
  std::vector<double> times, cpu_times;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    out.pairs.pairs = db.scalar(kCountSql);
    times.push_back(seconds_since(start));
    cpu_times.push_back(thread_cpu_seconds() - cpu_start);
  }
  out.seconds = median(times);
  out.cpu_seconds = median(cpu_times);
  out.pairs.checksum = db.scalar(kChecksumSql);
  return out;
}

// CSV for DuckDB: a header, then one line per figure; values printed so they read back exactly.
void write_csv(const std::filesystem::path& path, const std::vector<Row>& rows,
               const Vocabulary& vocab) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  out << "id,doc,story,subject,unit,value\n";
  for (const Row& r : rows) {
    out << fmt::format("{},{},{},\"{}\",{},{:.17g}\n", r.id, r.doc, story_id(r.story),
                       vocab.subjects[r.subject], kUnits[r.unit], r.value);
  }
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

std::vector<std::size_t> parse_sizes(const std::string& text) {
  std::vector<std::size_t> sizes;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    std::string item = text.substr(pos, comma - pos);
    std::size_t scale = 1;
    if (!item.empty() && (item.back() == 'k' || item.back() == 'K')) scale = 1000;
    if (!item.empty() && (item.back() == 'm' || item.back() == 'M')) scale = 1000000;
    if (scale != 1) item.pop_back();
    sizes.push_back(std::stoull(item) * scale);
    pos = comma + 1;
  }
  return sizes;
}

void usage() {
  std::fputs(
      "usage: verity_bench_eval [--sizes 100k,300k,1m] [--runs 3] [--seed N] [--csv-dir DIR]\n"
      "                         [--threads 2] [--no-sqlite] [--breakdown]\n"
      "Times evaluate() on the rule figure.agrees over N generated figure facts (on --threads\n"
      "threads, default 2), and the same\n"
      "check as SQL on SQLite; --csv-dir writes facts_N.csv for bench/duckdb_bench.mjs;\n"
      "--breakdown also times parts of the rule and a hand-written join (a floor).\n",
      stderr);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes = {100000, 300000, 1000000};
  int runs = 3;
  std::uint64_t seed = 20240601;
  std::string csv_dir;
  bool with_sqlite = true;
  bool breakdown = false;
  std::size_t threads = 2;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
        return argv[++i];
      };
      if (arg == "--sizes") {
        sizes = parse_sizes(value());
      } else if (arg == "--runs") {
        runs = std::max(1, std::stoi(value()));
      } else if (arg == "--seed") {
        seed = std::stoull(value());
      } else if (arg == "--csv-dir") {
        csv_dir = value();
      } else if (arg == "--breakdown") {
        breakdown = true;
      } else if (arg == "--threads") {
        threads = static_cast<std::size_t>(std::max(1, std::stoi(value())));
      } else if (arg == "--no-sqlite") {
        with_sqlite = false;
      } else if (arg == "--help" || arg == "-h") {
        usage();
        return 0;
      } else {
        throw std::invalid_argument("unknown argument " + arg);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "verity_bench_eval: %s\n", e.what());
    usage();
    return 2;
  }

  try {
    const Vocabulary vocab = make_vocabulary();
    if (!csv_dir.empty()) std::filesystem::create_directories(csv_dir);
    bool all_match = true;
    std::printf(
        "rule figure.agrees; %d docs/story, %d figures/doc, %d subjects/story, %.0f%% "
        "planted; median of %d runs; SQLite %s\n",
        kDocsPerStory, kFiguresPerDoc, kSubjectsPerStory, kPlantedRate * 100, runs,
        sqlite3_libversion());
    for (const std::size_t n : sizes) {
      const std::vector<Row> rows = generate(n, vocab, seed);
      std::vector<std::int64_t> fact_id;
      auto build_start = std::chrono::steady_clock::now();
      const auto store = build_store(rows, vocab, fact_id);
      const double build_seconds = seconds_since(build_start);
      const VerityResult v = run_verity(*store, fact_id, runs, threads);
      std::printf("\n%zu figure facts (%zu documents, %zu facts in the store; built in %.2f s)\n",
                  n, store->documents().size(), store->facts().size(), build_seconds);
      std::printf(
          "  verity  %8.3f s (cpu %.3f s)  %9.0f facts/s  tried %zu, bindings %zu, findings %zu, "
          "distinct pairs %lld%s\n",
          v.seconds, v.cpu_seconds, static_cast<double>(n) / v.seconds, v.tried, v.bindings,
          v.findings, static_cast<long long>(v.pairs.pairs), v.capped ? " (CAPPED)" : "");
      if (breakdown) print_breakdown(*store, n, v.cpu_seconds, runs);
      SqlResult s;
      std::string match = "-";
      if (with_sqlite) {
        s = run_sqlite(rows, vocab, runs);
        const bool ok = s.pairs == v.pairs && !v.capped;
        all_match = all_match && ok;
        match = ok ? "MATCH" : "MISMATCH";
        std::printf(
            "  sqlite  %8.3f s (cpu %.3f s)  %9.0f facts/s  pairs %lld (load+index %.2f s)  %s\n",
            s.seconds, s.cpu_seconds, static_cast<double>(n) / s.seconds,
            static_cast<long long>(s.pairs.pairs), s.load_seconds, match.c_str());
        std::printf("  ratio sqlite/verity %.2f (cpu %.2f)\n", s.seconds / v.seconds,
                    s.cpu_seconds / v.cpu_seconds);
      }
      std::string csv;
      if (!csv_dir.empty()) {
        csv = (std::filesystem::path(csv_dir) / fmt::format("facts_{}.csv", n)).string();
        write_csv(csv, rows, vocab);
      }
      // One line per size for bench/run_eval_bench.sh.
      const std::string sqlite_s = with_sqlite ? fmt::format("{:.6f}", s.seconds) : "-";
      const std::string sqlite_cpu_s = with_sqlite ? fmt::format("{:.6f}", s.cpu_seconds) : "-";
      std::printf(
          "RESULT facts=%zu verity_s=%.6f verity_cpu_s=%.6f findings=%zu pairs=%lld checksum=%lld "
          "sqlite_s=%s sqlite_cpu_s=%s sqlite_pairs=%lld sqlite_checksum=%lld match=%s csv=%s\n",
          n, v.seconds, v.cpu_seconds, v.findings, static_cast<long long>(v.pairs.pairs),
          static_cast<long long>(v.pairs.checksum), sqlite_s.c_str(), sqlite_cpu_s.c_str(),
          static_cast<long long>(s.pairs.pairs), static_cast<long long>(s.pairs.checksum),
          match.c_str(), csv.empty() ? "-" : csv.c_str());
      std::fflush(stdout);
    }
    return all_match ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "verity_bench_eval: %s\n", e.what());
    return 2;
  }
}
