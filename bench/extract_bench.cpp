// The extraction benchmark (see bench/README.md): reads every document under the given folders
// or files one at a time through the real loader (read_documents), runs the real extractor
// (extract_facts) on one thread, counts the facts by kind and drops them, and prints throughput
// (MB/s of input bytes, facts/s, documents/s) and the peak resident memory of the process.
//
// Folders are walked with a directory iterator, not collected first, so that nothing the
// benchmark itself keeps grows with the corpus: the peak memory is the loader's and the
// extractor's, and must stay flat between a 100 MB and a 400 MB corpus.
//
// Output: a human-readable summary, then one line `RESULT key=value …` for scripts.
// Usage: verity_bench_extract PATH… [--limit-mb N]
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/document_loader.hpp"
#include "engine/extract.hpp"

namespace {

namespace fs = std::filesystem;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

bool is_document(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm" ||
         ext == ".jsonl";
}

struct Totals {
  std::uint64_t bytes = 0, text_bytes = 0, documents = 0, files = 0, facts = 0, problems = 0;
  double load_cpu = 0, extract_cpu = 0;
  std::map<std::string, std::uint64_t, std::less<>> by_kind;
};

class Bench {
 public:
  explicit Bench(std::uint64_t limit) : limit_(limit) {}

  void file(const fs::path& path) {
    if (done()) return;
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec) t_.bytes += size;
    ++t_.files;
    std::vector<verity::InputProblem> problems;
    double started = thread_cpu_seconds();
    verity::read_documents(path.string(), problems, [&](verity::Document&& doc) {
      const double loaded = thread_cpu_seconds();
      t_.load_cpu += loaded - started;
      const std::vector<verity::NewFact> facts = verity::extract_facts(doc);
      started = thread_cpu_seconds();
      t_.extract_cpu += started - loaded;
      ++t_.documents;
      t_.text_bytes += doc.text.text().size();
      t_.facts += facts.size();
      for (const verity::NewFact& f : facts) count(f.kind);
    });
    t_.load_cpu += thread_cpu_seconds() - started;
    t_.problems += problems.size();
  }

  void walk(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
      file(root);
      return;
    }
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator() && !done(); it.increment(ec)) {
      if (it->is_regular_file(ec) && is_document(it->path())) file(it->path());
    }
    if (ec) std::fprintf(stderr, "%s: %s\n", root.c_str(), ec.message().c_str());
  }

  bool done() const { return limit_ != 0 && t_.bytes >= limit_; }

  // A handful of kinds: a linear search over them costs less than a map lookup per fact.
  void count(const std::string& kind) {
    for (auto& [k, n] : kinds_) {
      if (k == kind) {
        ++n;
        return;
      }
    }
    kinds_.emplace_back(kind, 1);
  }
  void finish() {
    for (const auto& [k, n] : kinds_) t_.by_kind[k] += n;
  }
  const Totals& totals() const { return t_; }

 private:
  std::uint64_t limit_;
  Totals t_;
  std::vector<std::pair<std::string, std::uint64_t>> kinds_;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  std::uint64_t limit = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--limit-mb" && i + 1 < argc) {
      limit = static_cast<std::uint64_t>(std::atof(argv[++i]) * 1e6);
    } else if (a == "-h" || a == "--help" || a.starts_with("--")) {
      std::fprintf(stderr, "usage: verity_bench_extract PATH... [--limit-mb N]\n");
      return a.starts_with("--") && a != "--help" ? 2 : 0;
    } else {
      paths.emplace_back(a);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "verity_bench_extract: give a corpus folder (bench/gen_news_corpus)\n");
    return 2;
  }
  const double rss_before = peak_rss_mb();
  Bench bench(limit);
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = thread_cpu_seconds();
  for (const std::string& p : paths) bench.walk(p);
  bench.finish();
  const double cpu = thread_cpu_seconds() - cpu0;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const Totals& t = bench.totals();
  if (t.documents == 0) {
    std::fprintf(stderr, "verity_bench_extract: no documents found under the given paths\n");
    return 1;
  }
  const double mb = static_cast<double>(t.bytes) / 1e6;
  const double rss = peak_rss_mb();
  std::printf("input: %.1f MB in %llu files, %llu documents (%llu load problems)\n", mb,
              static_cast<unsigned long long>(t.files),
              static_cast<unsigned long long>(t.documents),
              static_cast<unsigned long long>(t.problems));
  std::printf("time: %.2f s wall, %.2f s CPU (load %.2f s, extract %.2f s), one thread\n", wall,
              cpu, t.load_cpu, t.extract_cpu);
  std::printf("throughput (CPU time): %.1f MB/s load+extract, %.1f MB/s extract only\n", mb / cpu,
              mb / t.extract_cpu);
  std::printf("throughput (wall time): %.1f MB/s, %.0f facts/s, %.0f documents/s\n", mb / wall,
              static_cast<double>(t.facts) / wall, static_cast<double>(t.documents) / wall);
  std::printf("facts: %llu (", static_cast<unsigned long long>(t.facts));
  const char* sep = "";
  for (const auto& [kind, n] : t.by_kind) {
    std::printf("%s%s %llu", sep, kind.c_str(), static_cast<unsigned long long>(n));
    sep = ", ";
  }
  std::printf(")\npeak RSS: %.1f MB (%.1f MB before the first document)\n", rss, rss_before);
  std::printf(
      "RESULT input_mb=%.1f docs=%llu wall_s=%.3f cpu_s=%.3f extract_cpu_s=%.3f mb_s_cpu=%.1f "
      "mb_s_extract=%.1f mb_s_wall=%.1f facts=%llu peak_rss_mb=%.1f\n",
      mb, static_cast<unsigned long long>(t.documents), wall, cpu, t.extract_cpu, mb / cpu,
      mb / t.extract_cpu, mb / wall, static_cast<unsigned long long>(t.facts), rss);
  return 0;
}
