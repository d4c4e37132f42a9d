// Replays the inputs kept under tests/fuzz-regressions/TARGET/ (crashes, hangs and sanitizer
// reports the fuzzers found, plus hostile inputs worth keeping) through the fuzz targets' entry
// functions (fuzz/fuzz_entries.hpp), so the normal and the ASan+UBSan builds keep them fixed.
// An entry that throws (an exception out of a reader, or a broken invariant) fails the test
// and names the file.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dsl/table_loader.hpp"
#include "engine/archive_jsonl.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/document_loader.hpp"
#include "engine/fact_json.hpp"
#include "fuzz/fuzz_entries.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

namespace {

const fs::path kRegressions = fs::path(VERITY_SOURCE_DIR) / "tests" / "fuzz-regressions";

std::vector<fs::path> inputs_of(std::string_view target) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kRegressions / target)) {
    if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void replay(std::string_view target) {
  const auto& targets = verity::fuzz::fuzz_targets();
  const auto it =
      std::find_if(targets.begin(), targets.end(), [&](const auto& t) { return t.name == target; });
  REQUIRE(it != targets.end());
  const auto files = inputs_of(target);
  REQUIRE_FALSE(files.empty());
  for (const fs::path& file : files) {
    INFO("input " << file.string());
    const std::string bytes = slurp(file);
    const auto start = std::chrono::steady_clock::now();
    CHECK_NOTHROW(it->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    // A hang the fuzzer found must stay fixed too: the fuzz runs' timeout is 10 s, and a Debug
    // build with sanitizers is several times slower than the fuzz build.
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 30.0);
  }
}

}  // namespace

TEST_CASE("fuzz regressions: rule files", "[fuzz]") {
  replay("rules");
}
TEST_CASE("fuzz regressions: documents", "[fuzz]") {
  replay("document");
}
TEST_CASE("fuzz regressions: facts files", "[fuzz]") {
  replay("facts");
}
TEST_CASE("fuzz regressions: news archives", "[fuzz]") {
  replay("archive");
}
TEST_CASE("fuzz regressions: reference tables", "[fuzz]") {
  replay("table");
}

// What the fixes of the bugs the fuzzers found must do, besides not crashing.

TEST_CASE("a JSON number too large for a double is one bad line in every JSON Lines reader",
          "[fuzz]") {
  TempDir tmp;
  SECTION("facts file") {
    const auto path = tmp.file("facts.jsonl");
    write_file(path,
               "{\"kind\":\"figure\",\"doc\":\"a.md\",\"value\":1e400}\n"
               "{\"kind\":\"figure\",\"doc\":\"a.md\",\"value\":12}\n");
    FactStore store(builtin_schema());
    std::vector<InputProblem> problems;
    CHECK(import_facts_jsonl(path, store, problems) == 1);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("number overflow"));
  }
  SECTION("news archive") {
    const auto path = tmp.file("news.jsonl");
    write_file(path, "{\"text\":\"One.\",\"n\":1e400}\n{\"text\":\"Two.\",\"id\":\"b\"}\n");
    std::vector<InputProblem> problems;
    std::vector<std::string> ids;
    read_jsonl_archive(path, "s", problems, [&](Document&& d) { ids.push_back(d.id); });
    CHECK(ids == std::vector<std::string>{"b"});
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("number overflow parsing '1e400'"));
    CHECK_THAT(problems[0].message, !Catch::Contains("json.exception"));
  }
  SECTION("JSON Lines table") {
    const SourceText src("t.jsonl", "{\"a\":1e400}\n{\"a\":2}\n");
    Diagnostics diags;
    const auto table = dsl::read_table("t", src, dsl::TableFormat::jsonl, {}, diags);
    CHECK(table.rows.size() == 1);
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].span.begin == 0);
    CHECK_THAT(diags.items()[0].message, Catch::Contains("number overflow"));
  }
}

TEST_CASE("a JSON Lines table whose last line stops inside a string points at the line's end",
          "[fuzz]") {
  const std::string text = "{\"a\":1}\n{\"a\":\"open";
  const SourceText src("t.jsonl", text);
  Diagnostics diags;
  (void)dsl::read_table("t", src, dsl::TableFormat::jsonl, {}, diags);
  REQUIRE(diags.items().size() == 1);
  // Was [size, size + 1): one byte past the end of the file.
  CHECK(diags.items()[0].span.begin == text.size());
  CHECK(diags.items()[0].span.end == text.size());
  CHECK_THAT(render(diags), Catch::Contains("t.jsonl:2:"));
}

TEST_CASE("HTML text after a replaced character maps back to the end of what it replaced",
          "[fuzz]") {
  std::vector<InputProblem> problems;
  // `&amp;` (bytes 5-9) becomes one `&`; the end of the text is byte 10 of the file, not 6.
  const Document entity = make_document("a.html", "", "<p>x &amp;</p>", problems);
  REQUIRE(entity.text.text() == "x &");
  CHECK(entity.original_offset(3) == 10);
  // A control byte becomes U+FFFD (3 bytes for 1): the end was mapped 2 bytes past the file.
  const std::string control = "\x04";
  const Document replaced = make_document("b.html", "", control, problems);
  REQUIRE(replaced.text.text() == "\xEF\xBF\xBD");
  CHECK(replaced.original_offset(3) == 1);
}
