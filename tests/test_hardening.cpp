// Hostile inputs (docs/hardening.md has the table): each test feeds verity one kind of input
// that anybody could hand it and checks that it answers with a result or a clear message that
// names the file and the place, within the limits of dsl/limits.hpp and engine/limits.hpp. The
// log's own cases (read-only, full disk, two writers, kill) are in test_hardening_log.cpp.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dsl/limits.hpp"
#include "engine/limits.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace verity_test;

// Sanitizers make every byte cost several times more; the limit logic of the big inputs is the
// same at a tenth of the size (each still crosses the limit or the sentence bound it tests).
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kScale = 10;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr std::size_t kScale = 10;
#else
constexpr std::size_t kScale = 1;
#endif
#else
constexpr std::size_t kScale = 1;
#endif

// A rule file with one rule that reads nothing unusual.
std::string rule(const std::string& id, const std::string& require = "f.value > 0") {
  return "rule " + id + " {\n  for f: figure\n  require " + require +
         "\n  report \"{f.value}\"\n}\n";
}

// Writes `bytes` bytes of `unit` repeated to `path` without holding them all in memory twice.
void write_repeated(const std::string& path, const std::string& unit, std::size_t bytes,
                    const std::string& head = "", const std::string& tail = "") {
  std::ofstream out(path, std::ios::binary);
  out << head;
  std::string block;
  while (block.size() < (1 << 20)) block += unit;
  std::size_t left = bytes;
  while (left > 0) {
    const std::size_t n = std::min(left, block.size());
    out.write(block.data(), static_cast<std::streamsize>(n));
    left -= n;
  }
  out << tail;
}

}  // namespace

TEST_CASE("hostile: invalid UTF-8 is replaced and reported at its place", "[hardening]") {
  TempDir tmp;
  tmp.write("bad.txt", "The bridge cost $12 million, \xff\xfe the mayor said.\n");
  const auto r = run_verity(tmp, "check --no-db bad.txt");
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("bad.txt:1:30: warning: invalid UTF-8: 2 bytes replaced by "
                                    "U+FFFD") &&
                        Catch::Contains("save the file as UTF-8"));
  CHECK_THAT(r.out, Catch::Contains("in 1 document"));
}

TEST_CASE("hostile: NUL bytes inside text are replaced and reported", "[hardening]") {
  TempDir tmp;
  tmp.write("nul.txt", std::string("The council met on Tuesday.\0 It voted.\n", 40));
  const auto r = run_verity(tmp, "check --no-db nul.txt");
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("nul.txt:1:28: warning: contains NUL bytes"));
  CHECK_THAT(r.out, Catch::Contains("in 1 document"));
}

TEST_CASE("hostile: a binary file is skipped with a message", "[hardening]") {
  TempDir tmp;
  std::string bytes;
  for (int i = 0; i < 65536; ++i) bytes += static_cast<char>((i * 7919) & 0xFF);
  tmp.write("photo.txt", bytes);
  const auto r = run_verity(tmp, "check --no-db photo.txt");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("photo.txt: error: contains NUL bytes; is it a binary file? "
                                    "It was skipped"));
}

TEST_CASE("hostile: an empty file is a document with no facts", "[hardening]") {
  TempDir tmp;
  tmp.write("empty.txt", "");
  const auto r = run_verity(tmp, "check --no-db empty.txt");
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains("0 findings") && Catch::Contains("in 1 document"));
}

TEST_CASE("hostile: a 50 MB single line is read in bounded sentences", "[hardening]") {
  TempDir tmp;
  const std::size_t bytes = (std::size_t{50} << 20) / kScale;
  // One word per 27 bytes, no sentence end: the run-on is cut into bounded sentences.
  write_repeated(tmp.file("line.txt"), "abcdefghijklmnopqrstuvwxyz ", bytes,
                 "The bridge cost $12 million. ", " The council spent $3 million.");
  const auto r = run_verity(tmp, "check --no-db line.txt");
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  // Every sentence of the run-on is at most 2 KB: at least one fact per 2 KB, all read.
  REQUIRE_THAT(r.out, Catch::Contains("in 1 document, "));
  const auto at = r.out.find("in 1 document, ") + 15;
  CHECK(std::stoull(r.out.substr(at)) > bytes / 2048);
}

TEST_CASE("hostile: a document of more than 256 MB is refused before it is read", "[hardening]") {
  TempDir tmp;
  {
    // Sparse: no disk space and no time, but the size verity sees.
    std::ofstream(tmp.file("huge.txt")) << "The bridge";
    fs::resize_file(tmp.file("huge.txt"), verity::limits::kMaxDocumentBytes + 1);
  }
  tmp.write("ok.txt", "The bridge cost $12 million.\n");
  const auto r = run_verity(tmp, "check --no-db huge.txt ok.txt");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("huge.txt: error: is 257 MB, larger than the 256 MB limit for "
                                    "one document; split it into smaller files"));
  CHECK_THAT(r.out, Catch::Contains("in 1 document"));  // the other one is still checked
}

TEST_CASE("hostile: a document that yields too many facts is cut and reported", "[hardening]") {
  TempDir tmp;
  // Four bytes per quote: one fact per 4 bytes, far above the budget of one per 24.
  write_repeated(tmp.file("quotes.txt"), "\"a\" ", 80000);
  const auto r = run_verity(tmp, "extract quotes.txt");
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("quotes.txt: warning: document 'quotes.txt' yields more facts "
                                    "than verity takes from one document (stopped after") &&
                        Catch::Contains("Split it into smaller documents"));
  const std::size_t lines = static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n'));
  CHECK(lines <= verity::limits::fact_budget(80000) + 64);
}

TEST_CASE("hostile: an audit reports a document cut at the facts limit too", "[hardening][audit]") {
  TempDir tmp;
  write_repeated(tmp.file("quotes.txt"), "\"a\" ", 80000);
  const auto r = run_verity(tmp, "audit --quiet --db audit.db quotes.txt");
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("quotes.txt: warning: document 'quotes.txt' yields more facts "
                                    "than verity takes from one document (stopped after"));
}

TEST_CASE("hostile: a JSON line of 100 MB is skipped, the other articles are read", "[hardening]") {
  TempDir tmp;
  const std::size_t bytes = verity::limits::kMaxArchiveLineBytes + (std::size_t{36} << 20);
  {
    std::ofstream out(tmp.file("news.jsonl"), std::ios::binary);
    out << R"({"id":"a1","text":"The bridge cost $12 million."})"
        << "\n";
  }
  {
    std::ofstream out(tmp.file("news.jsonl"), std::ios::binary | std::ios::app);
    out << R"({"id":"huge","text":")";
    const std::string block(1 << 20, 'x');
    for (std::size_t n = 0; n < bytes; n += block.size()) out << block;
    out << "\"}\n"
        << R"({"id":"a3","text":"The council said it would wait."})"
        << "\n";
  }
  const auto r = run_verity(tmp, "check --no-db news.jsonl");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("news.jsonl:2: error: this line is 100 MB, larger than the "
                                    "64 MB limit for one article"));
  CHECK_THAT(r.out, Catch::Contains("in 2 documents"));
}

TEST_CASE("hostile: 10,000 nested parentheses in a rule are an error at their place",
          "[hardening]") {
  TempDir tmp;
  tmp.write("deep.rules",
            rule("deep", std::string(10000, '(') + "f.value > 0" + std::string(10000, ')')));
  const auto r = run_verity(tmp, "compile deep.rules");
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Catch::Contains("deep.rules:3:76: error: expression nested too deeply "
                                    "(limit is 64)"));
}

TEST_CASE("hostile: a rule file of 100,000 rules stops at the rule-count limit", "[hardening]") {
  TempDir tmp;
  {
    std::ofstream out(tmp.file("many.rules"));
    for (int i = 0; i < 100000; ++i) out << rule("r" + std::to_string(i));
  }
  const auto r = run_verity(tmp, "compile many.rules");
  CHECK(r.code == 3);
  // Rule 10,001 starts on line 5 * 10,000 + 1.
  CHECK_THAT(r.err, Catch::Contains("many.rules:50001:1: error: more than 10000 rules in one rule "
                                    "set (the limit); split the rules into rule sets"));
}

TEST_CASE("hostile: a rule set over the rule limit across files is an error", "[hardening]") {
  TempDir tmp;
  for (const char* name : {"a", "b"}) {
    std::ofstream out(tmp.file(std::string(name) + ".rules"));
    for (std::size_t i = 0; i < verity::dsl::limits::kMaxRules / 2 + 1; ++i) {
      out << rule(std::string(name) + std::to_string(i));
    }
  }
  const auto r = run_verity(tmp, "compile a.rules b.rules");
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Catch::Contains("b.rules:") && Catch::Contains("error: more than 10000 rules"));
}

TEST_CASE("hostile: a rule with more than 10,000 expression nodes is an error", "[hardening]") {
  TempDir tmp;
  std::string list = "f.value in [0";
  for (int i = 1; i < 10001; ++i) list += ", " + std::to_string(i);
  tmp.write("long.rules", rule("long", list + "]"));
  const auto r = run_verity(tmp, "compile long.rules");
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Catch::Contains("long.rules:3:") &&
                        Catch::Contains("error: rule too large: more than 10,000 values, names "
                                        "and operators in one statement; split it"));
}

TEST_CASE("hostile: a rule file larger than 16 MB is refused with its size", "[hardening]") {
  TempDir tmp;
  write_repeated(tmp.file("big.rules"), "# a comment line of a generated rule file\n",
                 verity::dsl::limits::kMaxRuleFileBytes + 1);
  const auto r = run_verity(tmp, "compile big.rules");
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Catch::Contains("big.rules: cannot read this rule file: it is 17 MB, larger "
                                    "than the 16 MB limit for a rule file"));
}

TEST_CASE("hostile: regular expressions that RE2 refuses are errors at their place",
          "[hardening]") {
  TempDir tmp;
  SECTION("too large a program") {
    tmp.write("re.rules", rule("re", "matches(f.text, \"((((a{1,100}){1,100}){1,100}){1,100})\")"));
    const auto r = run_verity(tmp, "compile re.rules");
    CHECK(r.code == 3);
    CHECK_THAT(r.err, Catch::Contains("re.rules:3:") && Catch::Contains("error:"));
  }
  SECTION("a pattern that does not compile") {
    tmp.write("re.rules", rule("re", "matches(f.text, \"(unclosed\")"));
    const auto r = run_verity(tmp, "compile re.rules");
    CHECK(r.code == 3);
    CHECK_THAT(r.err, Catch::Contains("re.rules:3:") && Catch::Contains("missing )"));
  }
}

TEST_CASE("hostile: a CSV table row with a wrong column count is reported and skipped",
          "[hardening]") {
  TempDir tmp;
  tmp.write("rules/people.csv", "name,role\nAnn,mayor\nBo,clerk,extra\nCy\nDee,judge\n");
  tmp.write("rules/t.rules",
            "table people from \"people.csv\"\n"
            "rule t.row {\n  for p: people\n  require p.role != \"x\"\n  report \"{p.name}\"\n}\n");
  const auto r = run_verity(tmp, "compile rules/t.rules");
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("people.csv:3:") && Catch::Contains("people.csv:4:"));
}

TEST_CASE("hostile: a folder loop made of symbolic links is walked once", "[hardening]") {
  TempDir tmp;
  tmp.write("docs/a/story.txt", "The bridge cost $12 million.\n");
  fs::create_directory_symlink("..", tmp.path / "docs" / "a" / "up");
  fs::create_directory_symlink("../docs", tmp.path / "docs" / "self");
  const auto r = run_verity(tmp, "check --no-db docs");
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("in 1 document"));
}

TEST_CASE("hostile: imports and tables cannot escape the rules folder through a symbolic link",
          "[hardening]") {
  TempDir tmp;
  tmp.write("secret/private.rules", rule("private.rule"));
  tmp.write("secret/people.csv", "name\nAnn\n");
  fs::create_directories(tmp.path / "rules");
  fs::create_directory_symlink(tmp.path / "secret", tmp.path / "rules" / "link");
  tmp.write(
      "rules/main.rules",
      "import \"link/private.rules\"\ntable people from \"link/people.csv\"\n" + rule("main.rule"));
  const auto refused = run_verity(tmp, "compile rules/main.rules");
  CHECK(refused.code == 3);
  CHECK_THAT(refused.err, Catch::Contains("main.rules:1:8: error: import 'link/private.rules' "
                                          "resolves to '" +
                                          fs::canonical(tmp.path / "secret").string() +
                                          "/private.rules', outside"));
  CHECK_THAT(refused.err, Catch::Contains("main.rules:2:19: error: table file 'link/people.csv'"));
  const auto allowed = run_verity(tmp, "compile --allow-outside-paths rules/main.rules");
  INFO(allowed.err);
  CHECK(allowed.code == 0);
}

TEST_CASE("hostile: <script> and control characters in a document are escaped in every format",
          "[hardening]") {
  TempDir tmp;
  // quote.speaker reports the quote's text, so the bytes reach every report format.
  tmp.write("evil.md",
            "\"Read <script>alert(1)</script> now \x1b[31m\x07 & more\x01 here,\" the page "
            "said.\n");
  for (const std::string format : {"json", "sarif", "junit", "github"}) {
    INFO(format);
    const auto r = run_verity(tmp, "check --no-db --format " + format + " evil.md");
    REQUIRE(r.code == 1);
    for (char c : r.out) {
      const auto u = static_cast<unsigned char>(c);
      CHECK((u >= 0x20 || c == '\n'));  // no raw control byte reaches a report
      if (u < 0x20 && c != '\n') break;
    }
    if (format == "junit") CHECK(r.out.find("<script>") == std::string::npos);
    if (format == "json" || format == "sarif") {
      const auto j = nlohmann::json::parse(r.out);
      CHECK_THAT(j.dump(), Catch::Contains("<script>alert(1)</script>"));  // text, intact
    }
    if (format == "junit") CHECK_THAT(r.out, Catch::Contains("&lt;script&gt;"));
  }
}
