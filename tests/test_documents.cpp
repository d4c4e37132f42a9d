// Tests of document loading (engine/document_loader) and SHA-256 (engine/sha256): front
// matter and metadata defaults, normalization of line breaks, UTF-8 and NUL bytes, folder
// expansion, and the problems a fact-checker sees for bad input.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "engine/document_loader.hpp"
#include "engine/sha256.hpp"

namespace fs = std::filesystem;
using namespace verity;

namespace {

// A fresh folder under the system temp dir, removed with everything in it at the end.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path = fs::temp_directory_path() /
           ("verity-docs-" + std::to_string(stamp) + "-" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, std::string_view bytes) const {
    const fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }
};

Document make(std::string_view bytes, std::vector<InputProblem>& problems,
              const std::string& path = "/news/harbor-bridge/a.md") {
  return make_document(path, path, bytes, problems);
}

std::string meta(const Document& d, const std::string& key) {
  const auto it = d.meta.find(key);
  return it == d.meta.end() ? "<unset>" : it->second;
}

}  // namespace

TEST_CASE("sha256 matches the FIPS 180-4 test vectors", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the padding boundary (55, 56, 64 bytes) take different padding paths.
  CHECK(sha256_hex(std::string(55, 'a')) ==
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) ==
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) ==
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("front matter sets metadata and where the body begins", "[documents]") {
  std::vector<InputProblem> problems;
  const std::string text =
      "---\n"
      "Title: \"Harbor bridge opens\"\n"
      "outlet: Coastal Herald\n"
      "# a comment line\n"
      "published: 2024-03-02\n"
      "role: summary\n"
      "Story: 'harbor'\n"
      "desk:   metro  \n"
      "---\n"
      "# A heading\n"
      "The bridge opened.\n";
  const Document d = make(text, problems);
  CHECK(problems.empty());
  CHECK(meta(d, "title") == "Harbor bridge opens");
  CHECK(meta(d, "outlet") == "Coastal Herald");
  CHECK(meta(d, "published") == "2024-03-02");
  CHECK(meta(d, "role") == "summary");
  CHECK(meta(d, "story") == "harbor");
  CHECK(meta(d, "desk") == "metro");
  CHECK(d.meta.size() == 6);
  CHECK(d.text.text().substr(d.body_begin, 11) == "# A heading");
  CHECK(d.text.line_col(d.body_begin).line == 10);
  CHECK(d.sha256 == sha256_hex(text));
  CHECK(d.id == "/news/harbor-bridge/a.md");
  CHECK(d.text.name() == d.id);
}

TEST_CASE("without front matter, title, role and story have defaults", "[documents]") {
  std::vector<InputProblem> problems;
  const Document d = make("\n\n  ## Council approves the budget  \nIt passed.\n", problems);
  CHECK(problems.empty());
  CHECK(d.body_begin == 0);
  CHECK(meta(d, "title") == "Council approves the budget");
  CHECK(meta(d, "role") == "source");
  CHECK(meta(d, "story") == "harbor-bridge");

  const Document setext = make("=====\nPlain title\n=====\ntext\n", problems);
  CHECK(meta(setext, "title") == "Plain title");

  // A relative path's story is the folder the path resolves to.
  const Document relative = make("x\n", problems, "a.txt");
  CHECK(meta(relative, "story") == fs::current_path().filename().string());
  CHECK(problems.empty());
}

TEST_CASE("front matter problems are reported with their lines", "[documents]") {
  SECTION("a published date that is not YYYY-MM-DD is dropped") {
    std::vector<InputProblem> problems;
    const Document d = make("---\ntitle: T\npublished: March 2, 2024\n---\nbody\n", problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 3);
    CHECK_FALSE(problems[0].fatal);
    CHECK_THAT(problems[0].message, Catch::Contains("not a date written YYYY-MM-DD"));
    CHECK(meta(d, "published") == "<unset>");
    CHECK(meta(d, "title") == "T");
  }
  SECTION("an impossible date is refused too") {
    std::vector<InputProblem> problems;
    const Document d = make("---\npublished: 2023-02-30\n---\n", problems);
    REQUIRE(problems.size() == 1);
    CHECK(meta(d, "published") == "<unset>");
  }
  SECTION("front matter without its closing line makes the whole text the body") {
    std::vector<InputProblem> problems;
    const Document d = make("---\ntitle: Lost\n\nThe story starts here.\n", problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("no closing `---`"));
    CHECK(d.body_begin == 0);
    CHECK(meta(d, "title") == "title: Lost");  // the first line with words, read as text
  }
  SECTION("lines that are not key: value, and keys verity sets, are ignored") {
    std::vector<InputProblem> problems;
    const Document d =
        make("---\njust words\nid: other\n: empty key\nrole: source\n---\n", problems);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].line == 2);
    CHECK(problems[1].line == 3);
    CHECK_THAT(problems[1].message, Catch::Contains("`id` is set by verity"));
    CHECK(problems[2].line == 4);
    CHECK(d.id == "/news/harbor-bridge/a.md");
    CHECK(meta(d, "id") == "<unset>");
  }
}

TEST_CASE("CRLF and lone CR are folded to LF and keep line numbers", "[documents]") {
  std::vector<InputProblem> problems;
  const Document d = make("---\r\ntitle: T\r\n---\r\none\r\ntwo\rthree\n\r\nfour", problems);
  CHECK(problems.empty());
  CHECK(d.text.text() == "---\ntitle: T\n---\none\ntwo\nthree\n\nfour");
  CHECK(meta(d, "title") == "T");
  const auto four = static_cast<std::uint32_t>(d.text.text().find("four"));
  CHECK(d.text.line_col(four).line == 8);
  CHECK(d.text.line_col(four).column == 1);
  CHECK(d.text.line_text(6) == "three");
}

TEST_CASE("a leading byte-order mark does not hide the front matter", "[documents]") {
  std::vector<InputProblem> problems;
  const Document d = make("\xEF\xBB\xBF---\ntitle: With BOM\n---\nbody\n", problems);
  CHECK(problems.empty());
  CHECK(meta(d, "title") == "With BOM");
  CHECK(d.text.text().rfind("---", 0) == 0);
}

TEST_CASE("invalid UTF-8 is replaced by U+FFFD and reported once with its first line",
          "[documents]") {
  std::vector<InputProblem> problems;
  // Line 2: a stray byte and an overlong "/" (2 bytes, 2 replacements); line 3: a 3-byte
  // sequence cut short (one replacement for its 2 bytes); the end: a lone lead byte.
  const Document d =
      make("fine \xC3\xA9t\xC3\xA9\nbad \xFF and \xC0\xAF\ncut \xE2\x82x\nend \xF0", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 2);
  CHECK_FALSE(problems[0].fatal);
  CHECK_THAT(problems[0].message, Catch::Contains("invalid UTF-8: 6 bytes replaced by U+FFFD"));
  CHECK(d.text.text() ==
        "fine \xC3\xA9t\xC3\xA9\nbad \xEF\xBF\xBD and \xEF\xBF\xBD\xEF\xBF\xBD\ncut "
        "\xEF\xBF\xBDx\nend \xEF\xBF\xBD");
  // Surrogates and code points past U+10FFFF are not UTF-8 either.
  std::vector<InputProblem> more;
  const Document s = make("\xED\xA0\x80|\xF4\x90\x80\x80|\xF0\x9F\x98\x80", more);
  REQUIRE(more.size() == 1);
  CHECK(s.text.text() ==
        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|"
        "\xF0\x9F\x98\x80");
}

TEST_CASE("NUL bytes: replaced in text, refused in binary files", "[documents]") {
  TempDir tmp;
  SECTION("a stray NUL in a text file is replaced and reported") {
    std::string text = "A long enough line of ordinary text to look like an article.\n";
    text += text + "Here is a stray ";
    text += '\0';
    text += " byte.\n";
    const fs::path p = tmp.write("stray.txt", text);
    std::vector<InputProblem> problems;
    const auto d = load_document(p.string(), problems);
    REQUIRE(d);
    REQUIRE(problems.size() == 1);
    CHECK_FALSE(problems[0].fatal);
    CHECK(problems[0].line == 3);
    CHECK_THAT(problems[0].message, Catch::Contains("contains NUL bytes; is it a binary file?"));
    CHECK(d->text.text().find("stray \xEF\xBF\xBD byte") != std::string::npos);
  }
  SECTION("a file full of NULs and control bytes is refused") {
    std::string bytes = "\x89PNG\r\n\x1A\n";
    for (int i = 0; i < 200; ++i) bytes += std::string("\0\0\0\rIHDR\x01\x02", 10);
    const fs::path p = tmp.write("image.txt", bytes);
    std::vector<InputProblem> problems;
    CHECK_FALSE(load_document(p.string(), problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].fatal);
    CHECK(problems[0].file == p.string());
    CHECK_THAT(problems[0].message, Catch::Contains("contains NUL bytes; is it a binary file?"));
  }
  SECTION("UTF-16 is named as such") {
    const fs::path p = tmp.write("utf16.txt", std::string("\xFF\xFEh\0i\0", 6));
    std::vector<InputProblem> problems;
    CHECK_FALSE(load_document(p.string(), problems));
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("UTF-16"));
  }
}

TEST_CASE("an empty file is an empty document", "[documents]") {
  TempDir tmp;
  const fs::path p = tmp.write("story/empty.md", "");
  std::vector<InputProblem> problems;
  const auto d = load_document(p.string(), problems);
  REQUIRE(d);
  CHECK(problems.empty());
  CHECK(d->text.text().empty());
  CHECK(d->body_begin == 0);
  CHECK(d->sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(meta(*d, "title") == "<unset>");
  CHECK(meta(*d, "role") == "source");
  CHECK(meta(*d, "story") == "story");
  CHECK(d->id == p.string());
  CHECK(d->path == p.string());
}

TEST_CASE("a missing path is a fatal problem", "[documents]") {
  TempDir tmp;
  const std::string missing = (tmp.path / "nope" / "a.md").string();
  std::vector<InputProblem> problems;
  CHECK(expand_document_paths({missing}, problems).empty());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].fatal);
  CHECK(problems[0].file == missing);
  CHECK_THAT(problems[0].message, Catch::StartsWith("no such file or folder"));
  CHECK(render(problems[0]) == missing + ": error: no such file or folder; check the path\n");

  std::vector<InputProblem> load_problems;
  CHECK_FALSE(load_document(missing, load_problems));
  REQUIRE(load_problems.size() == 1);
  CHECK(load_problems[0].fatal);
}

TEST_CASE("a file over 256 MB is refused before it is read", "[documents]") {
  TempDir tmp;
  const fs::path p = tmp.write("huge.txt", "");
  fs::resize_file(p, (std::uintmax_t{256} << 20) + 1);  // sparse: costs no disk
  std::vector<InputProblem> problems;
  CHECK_FALSE(load_document(p.string(), problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].fatal);
  CHECK_THAT(problems[0].message, Catch::Contains("256 MB limit"));
}

TEST_CASE("folders are walked for .txt and .md files in sorted order", "[documents]") {
  TempDir tmp;
  tmp.write("news/b.md", "b");
  tmp.write("news/a.txt", "a");
  tmp.write("news/C.MD", "c");
  tmp.write("news/notes.pdf", "%PDF");
  tmp.write("news/.hidden.md", "h");
  tmp.write("news/.git/HEAD.md", "g");
  tmp.write("news/sub/z.md", "z");
  tmp.write("news/sub-2/y.txt", "y");
  tmp.write("other/linked.md", "l");
  fs::create_directory_symlink(tmp.path / "other", tmp.path / "news" / "link");
  const fs::path single = tmp.write("single.html", "<p>given by name</p>");

  std::vector<InputProblem> problems;
  const std::string news = (tmp.path / "news").string();
  const auto paths = expand_document_paths({single.string(), news}, problems);
  CHECK(problems.empty());
  const std::vector<std::string> expected = {
      single.string(), news + "/C.MD",     news + "/a.txt",
      news + "/b.md",  news + "/sub/z.md", news + "/sub-2/y.txt",
  };
  CHECK(paths == expected);

  SECTION("a folder without documents is worth a warning") {
    const fs::path empty = tmp.path / "empty";
    fs::create_directory(empty);
    std::vector<InputProblem> more;
    CHECK(expand_document_paths({empty.string()}, more).empty());
    REQUIRE(more.size() == 1);
    CHECK_FALSE(more[0].fatal);
  }
}

TEST_CASE("spans map to lines and columns of the normalized text", "[documents]") {
  std::vector<InputProblem> problems;
  const Document d = make(
      "---\r\ntitle: T\r\n---\r\nFirst line.\r\nThe mayor said \xE2\x80\x9cyes\xE2\x80\x9d.\r\n",
      problems);
  const auto yes = static_cast<std::uint32_t>(d.text.text().find("\xE2\x80\x9cyes"));
  const LineCol lc = d.text.line_col(yes);
  CHECK(lc.line == 5);
  CHECK(lc.column == 16);
  CHECK(d.text.line_text(5) == "The mayor said \xE2\x80\x9cyes\xE2\x80\x9d.");
  CHECK(d.text.line_col(d.body_begin).line == 4);
}

TEST_CASE("problems render as file:line: level: message", "[documents]") {
  CHECK(render({"a.md", 3, "invalid UTF-8", false}) == "a.md:3: warning: invalid UTF-8\n");
  CHECK(render({"a.md", 0, "cannot be read", true}) == "a.md: error: cannot be read\n");
  CHECK(render({"", 0, "no documents", true}) == "error: no documents\n");
}

TEST_CASE("Markdown comments are blanked out of the text and kept aside", "[documents]") {
  std::vector<InputProblem> problems;
  const std::string bytes = "Line one. <!-- expect: quote.speaker -->\nLine “two”.<!-- a\nb -->\n";
  const Document doc = make(bytes, problems);
  CHECK(problems.empty());
  REQUIRE(doc.comments.size() == 2);
  CHECK(doc.comments[0].text == "expect: quote.speaker");
  CHECK(doc.text.line_col(doc.comments[0].span.begin).line == 1);
  CHECK(doc.comments[1].text == "a\nb");
  // Same length, same lines: spans and line numbers of the visible text do not move.
  CHECK(doc.text.text().size() == bytes.size());
  CHECK(doc.text.line_count() == 4);
  CHECK(doc.text.text().find("<!--") == std::string::npos);
  CHECK(doc.text.line_text(2) == "Line “two”.      ");

  const Document txt = make(bytes, problems, "/news/story/a.txt");
  CHECK(txt.comments.empty());  // plain text has no comments
  CHECK(txt.text.text() == bytes);
}
