// Tests of compressed archives (engine/gzip_lines, .jsonl.gz through the document loader) and of
// progress output (engine/progress). Archives are written by the test with zlib itself; the
// progress reporter gets an injected clock, so its pacing is tested without sleeping.
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/document_loader.hpp"
#include "engine/gzip_lines.hpp"
#include "engine/progress.hpp"
#include "tests/support/test_support.hpp"

using namespace verity;
using verity_test::slurp;
using verity_test::TempDir;
using verity_test::write_file;

namespace {

// An archive of `n` articles, with what archives hold in practice: non-ASCII text, escapes,
// CRLF line ends on some lines, blank lines, one bad line, and lines long enough that many
// cross the reader's 128 KiB buffer boundaries.
std::string sample_archive(int n) {
  std::string out;
  for (int i = 1; i <= n; ++i) {
    if (i == 7) out += "this line is not JSON\n";
    if (i % 50 == 0) out += "\n";
    std::string text = "Article " + std::to_string(i) + ": the café in Zürich said “" +
                       std::to_string(i * 37) + " people” came.\\nSecond paragraph.";
    for (int k = 0; k < i % 13; ++k) text += " More words about the council vote on 14 May.";
    out += "{\"id\": \"a" + std::to_string(i) + "\", \"outlet\": \"Wire " + std::to_string(i % 5) +
           "\", \"published\": \"2024-05-1" + std::to_string(i % 10) + "\"" +
           (i % 3 == 0 ? "" : ", \"story\": \"s" + std::to_string(i / 4) + "\"") +
           ", \"text\": \"" + text + "\"}" + (i % 11 == 0 ? "\r\n" : "\n");
  }
  return out;
}

// Writes `bytes` gzip-compressed; `members` > 1 splits it into concatenated gzip members, as
// `cat a.gz b.gz` or pigz make.
void write_gzip(const std::string& path, const std::string& bytes, int members = 1) {
  std::filesystem::remove(path);
  const std::size_t part = bytes.size() / static_cast<std::size_t>(members) + 1;
  for (std::size_t at = 0; at < bytes.size(); at += part) {
    gzFile gz = gzopen(path.c_str(), "ab");
    REQUIRE(gz != nullptr);
    const std::size_t len = std::min(part, bytes.size() - at);
    REQUIRE(gzwrite(gz, bytes.data() + at, static_cast<unsigned>(len)) == static_cast<int>(len));
    REQUIRE(gzclose(gz) == Z_OK);
  }
}

struct Read {
  std::vector<Document> docs;
  std::vector<InputProblem> problems;
};

Read read_all(const std::string& path, const ReadOptions& options = {}) {
  Read r;
  read_documents(
      path, r.problems, [&](Document&& d) { r.docs.push_back(std::move(d)); }, options);
  return r;
}

std::vector<const InputProblem*> fatal(const Read& r) {
  std::vector<const InputProblem*> out;
  for (const auto& p : r.problems) {
    if (p.fatal) out.push_back(&p);
  }
  return out;
}

// The output written to a FILE* by `write`, as a string.
template <typename F>
std::string captured(F write) {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&data, &size);
  REQUIRE(out != nullptr);
  write(out);
  std::fclose(out);
  std::string s(data, size);
  std::free(data);
  return s;
}

std::vector<std::string> split_any(const std::string& s, const std::string& separators) {
  std::vector<std::string> parts(1);
  for (char c : s) {
    if (separators.find(c) != std::string::npos) {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  return parts;
}

std::size_t columns(const std::string& s) {  // UTF-8 code points; the bar is ASCII anyway
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

TEST_CASE("a .jsonl.gz archive reads the same documents as the .jsonl", "[gzip]") {
  TempDir dir;
  const std::string bytes = sample_archive(3000);
  REQUIRE(bytes.size() > 4 * (std::size_t{1} << 17));  // crosses several read buffers
  const std::string plain = dir.write("news/archive.jsonl", bytes);
  const std::string packed = dir.file("news/archive.jsonl.gz");
  const int members = GENERATE(1, 3);
  write_gzip(packed, bytes, members);

  const Read a = read_all(plain), b = read_all(packed);
  REQUIRE(a.docs.size() == 3000);
  REQUIRE(b.docs.size() == a.docs.size());
  for (std::size_t i = 0; i < a.docs.size(); ++i) {
    INFO("article " << i);
    CHECK(b.docs[i].id == a.docs[i].id);
    CHECK(b.docs[i].text.text() == a.docs[i].text.text());
    CHECK(b.docs[i].sha256 == a.docs[i].sha256);
    CHECK(b.docs[i].meta == a.docs[i].meta);
    CHECK(b.docs[i].path == packed);
    // Positions map back to the same archive line and column.
    const std::uint32_t mid = static_cast<std::uint32_t>(a.docs[i].text.text().size() / 2);
    CHECK(b.docs[i].position(mid).line == a.docs[i].position(mid).line);
    CHECK(b.docs[i].position(mid).column == a.docs[i].position(mid).column);
  }
  // The same problems (the bad line 7), at the same places.
  REQUIRE(b.problems.size() == a.problems.size());
  for (std::size_t i = 0; i < a.problems.size(); ++i) {
    CHECK(b.problems[i].line == a.problems[i].line);
    CHECK(b.problems[i].message == a.problems[i].message);
  }
  CHECK(a.problems.size() == 1);
  CHECK(a.problems[0].line == 7);

  // A folder walk finds the compressed archive beside the plain one.
  std::vector<InputProblem> problems;
  const auto paths = expand_document_paths({dir.file("news")}, problems);
  CHECK(problems.empty());
  CHECK(paths == std::vector<std::string>{plain, packed});
}

TEST_CASE("LineReader streams lines and counts the compressed bytes it read", "[gzip]") {
  TempDir dir;
  const std::string bytes = sample_archive(2000);
  const std::string packed = dir.file("a.jsonl.gz");
  write_gzip(packed, bytes);
  const auto file_size = std::filesystem::file_size(packed);

  LineReader in(packed);
  REQUIRE(in.is_open());
  CHECK(in.compressed());
  std::string line, joined;
  std::uint64_t last = 0;
  bool monotonic = true;
  while (in.next(line)) {
    joined += line + "\n";
    monotonic = monotonic && in.bytes_consumed() >= last;
    last = in.bytes_consumed();
  }
  CHECK(in.failure() == LineReadFailure::none);
  CHECK(joined == bytes);
  CHECK(monotonic);
  CHECK(last == file_size);
  CHECK(last < bytes.size());  // compressed bytes, not inflated ones

  // A cap on line length keeps the head of a long line and its whole length.
  const std::string plain = dir.write("long.txt", std::string(1000, 'x') + "\nshort");
  LineReader capped(plain, 10);
  REQUIRE(capped.next(line));
  CHECK(line == std::string(10, 'x'));
  CHECK(capped.line_bytes() == 1000);
  REQUIRE(capped.next(line));  // the last line has no '\n' and is still a line
  CHECK(line == "short");
  CHECK_FALSE(capped.next(line));
  CHECK(capped.bytes_consumed() == 1006);

  LineReader missing(dir.file("nope.jsonl.gz"));
  CHECK_FALSE(missing.is_open());
  CHECK(missing.failure() == LineReadFailure::open);
  CHECK(missing.error() == "No such file or directory");
}

TEST_CASE("a truncated .jsonl.gz reports the line and keeps the articles before it", "[gzip]") {
  TempDir dir;
  const std::string bytes = sample_archive(3000);
  const std::string packed = dir.file("cut.jsonl.gz");
  write_gzip(packed, bytes);
  const auto size = std::filesystem::file_size(packed);
  std::filesystem::resize_file(packed, size / 2);

  const Read r = read_all(packed);
  const auto errors = fatal(r);
  // The bad line 7 and the truncation: nothing else, and no half article.
  REQUIRE(errors.size() == 2);
  const InputProblem& cut = *errors[1];
  CHECK(cut.file == packed);
  CHECK(cut.message.find("cut short") != std::string::npos);
  CHECK(cut.message.find("unexpected end of file") != std::string::npos);
  REQUIRE(r.docs.size() > 100);
  REQUIRE(r.docs.size() < 3000);
  // Every article before the cut, in order; the line named is the first one not read.
  for (std::size_t i = 0; i < r.docs.size(); ++i) {
    REQUIRE(r.docs[i].id == "a" + std::to_string(i + 1));
  }
  const std::string last_text = r.docs.back().text.text();
  CHECK(last_text.find("Second paragraph.") != std::string::npos);
  std::size_t lines_before = 0;  // archive lines up to and including the last article read
  for (std::size_t pos = 0, seen = 0; seen < r.docs.size(); ++lines_before) {
    const std::size_t nl = bytes.find('\n', pos);
    if (bytes.compare(pos, 7, "{\"id\": ") == 0) ++seen;
    pos = nl + 1;
  }
  // The line named is the first not read: the line after the last article (or after blank
  // or bad lines that follow it).
  CHECK(cut.line > lines_before);
  CHECK(cut.line <= lines_before + 2);
  CHECK(render(cut).rfind(packed + ":" + std::to_string(cut.line) + ": error: ", 0) == 0);
}

TEST_CASE("damaged gzip data is an error at the line where it is found", "[gzip]") {
  TempDir dir;
  const std::string packed = dir.file("bad.jsonl.gz");
  write_gzip(packed, sample_archive(3000));
  std::string raw = slurp(packed);
  for (std::size_t i = raw.size() / 2; i < raw.size() / 2 + 64; ++i) raw[i] = '\xFF';
  write_file(packed, raw);

  const Read r = read_all(packed);
  const auto errors = fatal(r);
  REQUIRE_FALSE(errors.empty());
  const InputProblem& damage = *errors.back();
  CHECK(damage.message.find("damaged") != std::string::npos);
  CHECK(damage.line > 1);
  CHECK(r.docs.size() > 100);
  CHECK(r.docs.size() < 3000);
}

TEST_CASE("a file named .gz that is not gzip data is one clear error", "[gzip]") {
  TempDir dir;
  const std::string fake = dir.write("plain.jsonl.gz", sample_archive(10));
  const Read r = read_all(fake);
  CHECK(r.docs.empty());
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].fatal);
  CHECK(r.problems[0].line == 0);
  CHECK(r.problems[0].message.find("is named .gz but is not gzip data") != std::string::npos);

  // An empty .jsonl.gz is an empty archive, as an empty .jsonl.
  const Read empty = read_all(dir.write("empty.jsonl.gz", ""));
  CHECK(empty.docs.empty());
  CHECK(empty.problems.empty());

  // Other compressed files are named, not read as binary text.
  const std::string other = dir.file("notes.txt.gz");
  write_gzip(other, "some notes\n");
  const Read o = read_all(other);
  CHECK(o.docs.empty());
  REQUIRE(o.problems.size() == 1);
  CHECK(o.problems[0].message.find("only (decompress it with gunzip") != std::string::npos);
}

TEST_CASE("ReadOptions can leave archive articles without a story", "[gzip]") {
  TempDir dir;
  const std::string path = dir.write(
      "folder/a.jsonl",
      "{\"id\": \"x\", \"text\": \"No story.\"}\n{\"id\": \"y\", \"story\": \"s\", \"text\": "
      "\"One.\"}\n");
  const Read folder_default = read_all(path);
  REQUIRE(folder_default.docs.size() == 2);
  CHECK(folder_default.docs[0].meta.at("story") == "folder");

  std::vector<std::uint64_t> progress;
  ReadOptions options{false};
  options.on_archive_bytes = [&](std::uint64_t b) { progress.push_back(b); };
  const Read none = read_all(path, options);
  REQUIRE(none.docs.size() == 2);
  CHECK(none.docs[0].meta.count("story") == 0);
  CHECK(none.docs[1].meta.at("story") == "s");
  CHECK(progress.size() == 2);
  CHECK(progress.back() == std::filesystem::file_size(path));

  // Single-document files keep the folder default either way.
  const Read text = read_all(dir.write("folder/b.txt", "Text."), options);
  REQUIRE(text.docs.size() == 1);
  CHECK(text.docs[0].meta.at("story") == "folder");
}

TEST_CASE("progress lines come at the interval and not more often", "[progress]") {
  double now = 100;
  ProgressCounts c;
  c.phase = "extract";
  c.total_bytes = 315'900'000;
  const std::string out = captured([&](std::FILE* f) {
    ProgressReporter progress(ProgressMode::lines, f, 5.0, [&] { return now; });
    for (int step = 0; step <= 46; ++step) {  // every half second for 23 s
      now = 100 + step * 0.5;
      c.documents = static_cast<std::uint64_t>(step) * 1200;
      c.bytes = static_cast<std::uint64_t>(step) * 3'510'000;
      c.findings = static_cast<std::uint64_t>(step) * 12;
      progress.update(c);
    }
    progress.finish(c);
  });
  const auto lines = split_any(out, "\n");
  REQUIRE(lines.size() == 6);  // at 5, 10, 15 and 20 s, the final line, and "" after the last \n
  CHECK(lines[0] ==
        "verity audit: extract: 12000 documents, 35.1 MB, 2400 documents/s, 7.0 MB/s, "
        "120 findings, ETA 40 s");
  CHECK(lines[1].rfind("verity audit: extract: 24000 documents, 70.2 MB,", 0) == 0);
  CHECK(lines[3].rfind("verity audit: extract: 48000 documents,", 0) == 0);
  CHECK(lines[4] ==
        "verity audit: extract: 55200 documents, 161.5 MB, 2400 documents/s, 7.0 MB/s, "
        "552 findings, done in 23 s");
  CHECK(lines[5].empty());
  CHECK(out.find('\r') == std::string::npos);
}

TEST_CASE("progress ETA is unknown without a total, and the evaluate phase counts stories",
          "[progress]") {
  double now = 0;
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  ProgressReporter progress(ProgressMode::lines, sink, 5.0, [&] { return now; });
  ProgressCounts c;
  c.phase = "extract";
  c.documents = 10;
  c.bytes = 1000;
  now = 2;
  CHECK(progress.line_text(c, now, false).find("ETA ?") != std::string::npos);
  CHECK(progress.bar_text(c, now).find("ETA ?") != std::string::npos);

  ProgressCounts e;
  e.phase = "evaluate";
  e.stories_total = 400;
  e.findings = 7;
  now = 10;
  progress.update(e);  // the evaluate phase starts at 10 s with no story done
  e.stories_done = 100;
  now = 12;
  CHECK(progress.line_text(e, now, false) ==
        "verity audit: evaluate: 100/400 stories, 7 findings, ETA 6 s");
  const std::string bar = progress.bar_text(e, now);
  CHECK(bar.rfind("evaluate [######.", 0) == 0);  // 25% of a 25-column bar
  CHECK(bar.find("]  25%  100/400 stories  7 findings  ETA 6s") != std::string::npos);
  std::fclose(sink);
}

TEST_CASE("quiet progress prints nothing", "[progress]") {
  double now = 0;
  const std::string out = captured([&](std::FILE* f) {
    ProgressReporter progress(ProgressMode::quiet, f, 0.0, [&] { return now; });
    ProgressCounts c;
    c.phase = "extract";
    for (int i = 0; i < 100; ++i) {
      now = i;
      c.documents = static_cast<std::uint64_t>(i);
      progress.update(c);
    }
    progress.finish(c);
  });
  CHECK(out.empty());
  CHECK(choose_progress_mode(true, 0) == ProgressMode::quiet);
  const int not_a_terminal = ::fileno(std::tmpfile());
  CHECK(choose_progress_mode(false, not_a_terminal) == ProgressMode::lines);
}

TEST_CASE("the progress bar fits 80 columns, redraws at most 8 times a second, ends its line",
          "[progress]") {
  double now = 0;
  const std::string out = captured([&](std::FILE* f) {
    ProgressReporter progress(ProgressMode::bar, f, 5.0, [&] { return now; });
    ProgressCounts c;
    c.phase = "extract";
    c.total_bytes = 5'000'000'000'000;
    for (int i = 0; i <= 100; ++i) {  // every 10 ms for 1 s
      now = i * 0.01;
      c.documents = static_cast<std::uint64_t>(i) * 123'456'789;
      c.bytes = static_cast<std::uint64_t>(i) * 40'000'000'000;
      c.findings = static_cast<std::uint64_t>(i) * 98'765'432;
      progress.update(c);
    }
    ProgressCounts e;
    e.phase = "evaluate";
    e.stories_total = 123'456'789;
    e.stories_done = 1;
    progress.update(e);
    progress.finish(e);
  });
  REQUIRE(!out.empty());
  CHECK(out.back() == '\n');
  const auto drawn = split_any(out, "\r\n");
  std::size_t bars = 0;
  for (const auto& d : drawn) {
    INFO(d);
    CHECK(columns(d) <= 79);
    if (d.rfind("extract ", 0) == 0) ++bars;
  }
  // Redraws at 0, 0.13, 0.26, … 0.91 s, and the last extract bar when the phase changed.
  CHECK(bars >= 8);
  CHECK(bars <= 10);
  // The first draw has room for the bar; with counts in the billions the numbers take it.
  CHECK(drawn[1].rfind("extract [", 0) == 0);
  // Each phase ends on its own line: the extract bar, then the evaluate bar.
  const auto lines = split_any(out, "\n");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].substr(lines[0].rfind('\r') + 1).rfind("extract ", 0) == 0);
  CHECK(lines[1].substr(lines[1].rfind('\r') + 1).rfind("evaluate [", 0) == 0);
  CHECK(lines[2].empty());
}

TEST_CASE("a shorter progress bar blanks what the longer one left", "[progress]") {
  double now = 0;
  ProgressCounts c;
  c.phase = "extract";
  const std::string out = captured([&](std::FILE* f) {
    ProgressReporter progress(ProgressMode::bar, f, 5.0, [&] { return now; });
    c.documents = 123'456;
    c.findings = 99'999;
    c.bytes = 1;
    now = 1;
    progress.update(c);
    const ProgressReporter& view = progress;
    c.documents = 1;
    c.findings = 0;
    now = 2;
    const std::string shorter = view.bar_text(c, now);
    progress.update(c);
    CHECK(shorter.size() < 79);
  });
  const auto draws = split_any(out, "\r");
  REQUIRE(draws.size() == 3);  // "", first draw, second draw
  CHECK(draws[2].size() == draws[1].size());
  CHECK(draws[2].find_last_not_of(' ') < draws[1].find_last_not_of(' '));
}
