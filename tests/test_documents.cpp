// Tests of document loading (engine/document_loader, text_normalize, offset_map, html_text,
// archive_jsonl) and SHA-256 (engine/sha256): front matter and metadata defaults,
// normalization of line breaks, UTF-8 and NUL bytes, positions mapped back to the original
// file, HTML visible text, JSON Lines archives, folder expansion, and hostile inputs (binary
// files, a 50 MB single line, an archive with bad lines) run through the real loader,
// extractor and `verity` executable.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <catch2/catch.hpp>

#include "engine/builtin_schema.hpp"
#include "engine/document_loader.hpp"
#include "engine/extract.hpp"
#include "engine/fact_store.hpp"
#include "engine/pipeline.hpp"
#include "engine/sha256.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

namespace {

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

// ---- Positions in the original file -------------------------------------------------------

namespace {

// Line and column (1-based, in bytes; a leading BOM not counted) of the first `needle` in the
// raw bytes of a file, counted the way an editor does: LF, CRLF and a lone CR end a line.
LineCol raw_position(std::string_view raw, std::string_view needle) {
  const std::size_t at = raw.find(needle);
  REQUIRE(at != std::string_view::npos);
  LineCol lc{1, 1};
  std::size_t line_start = raw.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  for (std::size_t i = line_start; i < at; ++i) {
    if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 >= raw.size() || raw[i + 1] != '\n'))) {
      ++lc.line;
      line_start = i + 1;
    }
  }
  lc.column = static_cast<std::uint32_t>(at - line_start + 1);
  return lc;
}

// Position in the original of the first `needle` in the document's normalized text.
LineCol doc_position(const Document& d, std::string_view needle) {
  const std::size_t at = d.text.text().find(needle);
  REQUIRE(at != std::string::npos);
  return d.position(static_cast<std::uint32_t>(at));
}

bool same(const LineCol& a, const LineCol& b) {
  return a.line == b.line && a.column == b.column;
}

std::string show(const LineCol& lc) {
  return std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

}  // namespace

TEST_CASE("positions map back to the original file through every normalization edit",
          "[documents]") {
  // BOM, CRLF, a lone CR, an invalid byte and a NUL before words on the same line: each edit
  // shifts the normalized offsets, never the original line and column.
  std::string raw = "\xEF\xBB\xBFHeadline\r\nThe \xFF mayor\r\nsaid \xE2\x82 yes\rthen ";
  raw += '\0';
  raw += " left.\nLast line, untouched.";
  std::vector<InputProblem> problems;
  const Document d = make(raw, problems, "/news/story/a.txt");
  REQUIRE(problems.size() == 2);
  for (const char* word :
       {"Headline", "The", "mayor", "said", "yes", "then", "left.", "Last", "untouched"}) {
    INFO(word << " at " << show(doc_position(d, word)) << ", expected "
              << show(raw_position(raw, word)));
    CHECK(same(doc_position(d, word), raw_position(raw, word)));
  }
  // Original byte offsets too.
  const auto mayor = static_cast<std::uint32_t>(d.text.text().find("mayor"));
  CHECK(d.original_offset(mayor) == raw.find("mayor"));
  CHECK(d.original_offset(0) == 3);  // the BOM is not text

  // Both warnings name the line and column of the first bad byte.
  CHECK(render(problems[0]) ==
        "/news/story/a.txt:4:6: warning: contains NUL bytes; is it a binary file? 1 NUL byte "
        "replaced by U+FFFD, the first at line 4, column 6\n");
  CHECK(render(problems[1]) ==
        "/news/story/a.txt:2:5: warning: invalid UTF-8: 3 bytes replaced by U+FFFD, the first "
        "at line 2, column 5; save the file as UTF-8\n");

  SECTION("a plain LF file needs no edit point at all") {
    const Document plain = make("one\ntwo \xC3\xA9 three\n", problems, "/n/s/b.txt");
    CHECK(plain.map.points().empty());
    CHECK(same(doc_position(plain, "three"), LineCol{2, 8}));
  }
  SECTION("a CRLF file needs one edit point per line, not per byte") {
    std::string many;
    for (int i = 0; i < 100; ++i) many += "a line of text\r\n";
    const Document crlf = make(many, problems, "/n/s/c.txt");
    CHECK(crlf.map.points().size() == 100);
  }
}

TEST_CASE("fact positions in the store are those of the original file", "[documents]") {
  std::vector<InputProblem> problems;
  const std::string raw = "Title\r\n\r\nThe council said \xE2\x80\x9cno\xE2\x80\x9d.\r\n";
  FactStore store(builtin_schema());
  const auto d = store.add_document(make(raw, problems, "/n/s/council.txt"));
  const std::string& text = store.documents()[d].text.text();
  NewFact f;
  f.kind = "sentence";
  f.span = {static_cast<std::uint32_t>(text.find("The council")),
            static_cast<std::uint32_t>(text.size())};
  const FactRef ref = store.add_fact(d, f, "test");
  CHECK(same(store.fact(ref).position, raw_position(raw, "The council")));
}

// ---- HTML ---------------------------------------------------------------------------------

TEST_CASE("HTML pages give their visible text, title and publication metadata", "[documents]") {
  const std::string raw =
      "<!DOCTYPE html>\r\n"
      "<html><head><title>  Tanks  &amp; talks </title>\r\n"
      "<meta property=\"article:published_time\" content=\"2024-01-29T08:15:00+09:00\">\r\n"
      "<meta name=\"author\" content=\"Jane Roe\">\r\n"
      "<meta property=\"og:site_name\" content=\"Coastal Herald\">\r\n"
      "<style>p { color: red }</style>\r\n"
      "<script>var secret = \"SCRIPT TEXT\";</script>\r\n"
      "</head>\r\n"
      "<body><nav>Home</nav><article>\r\n"
      "<h1>Harbor bridge opens</h1>\r\n"
      "<p>The mayor said &#8220;it is <b>finally</b>\r\n"
      "   done&#8221; on   Monday.<br>Costs rose 12&nbsp;%.</p>\r\n"
      "<noscript>NOSCRIPT TEXT</noscript><template><p>TEMPLATE TEXT</p></template>\r\n"
      "<!-- COMMENT TEXT -->\r\n"
      "<ul><li>One</li><li>Two</li></ul><table><tr><td>a</td><td>b</td></tr></table>\r\n"
      "<p>Caf\xC3\xA9 &lt;b&gt; R&amp;D &unknown; end</p>\r\n"
      "</article></body></html>\r\n";
  std::vector<InputProblem> problems;
  const Document d = make(raw, problems, "/news/harbor/page.html");
  CHECK(problems.empty());
  const std::string& text = d.text.text();
  for (const char* hidden :
       {"SCRIPT TEXT", "color: red", "NOSCRIPT", "TEMPLATE", "COMMENT", "Tanks", "<b>finally"}) {
    INFO(hidden);
    CHECK(text.find(hidden) == std::string::npos);
  }
  CHECK(text ==
        "Home\n\nHarbor bridge opens\n\nThe mayor said \xE2\x80\x9cit is finally done\xE2\x80\x9d "
        "on Monday.\n\nCosts rose 12\xC2\xA0%.\n\nOne\n\nTwo\n\na b\n\nCaf\xC3\xA9 <b> R&D "
        "&unknown; end");
  CHECK(meta(d, "title") == "Tanks & talks");
  CHECK(meta(d, "published") == "2024-01-29");
  CHECK(meta(d, "author") == "Jane Roe");
  CHECK(meta(d, "outlet") == "Coastal Herald");
  CHECK(meta(d, "og_site_name") == "Coastal Herald");
  CHECK(meta(d, "story") == "harbor");
  CHECK(d.sha256 == sha256_hex(text));

  // Every word maps to its line and column in the HTML file, after entities, collapsed white
  // space and folded CRLF.
  for (const char* word : {"Home", "Harbor", "The mayor", "finally", "done", "Monday", "Costs",
                           "One", "Two", "Caf", "R&D", "end"}) {
    const std::string needle = std::string(word) == "R&D" ? "R&amp;D" : word;
    INFO(word << " at " << show(doc_position(d, word)) << ", expected "
              << show(raw_position(raw, needle)));
    CHECK(same(doc_position(d, word), raw_position(raw, needle)));
  }
  // A decoded entity maps to its `&`.
  CHECK(same(doc_position(d, "\xE2\x80\x9cit"), raw_position(raw, "&#8220;it")));
  CHECK(same(doc_position(d, "<b> R"), raw_position(raw, "&lt;b&gt;")));
}

TEST_CASE("HTML edge cases: broken markup, pre, bad bytes, empty and deep pages", "[documents]") {
  std::vector<InputProblem> problems;
  SECTION("unclosed tags and stray text are repaired as browsers do") {
    const Document d = make("<p>One <b>bold<p>Two</i> words<div>Three", problems, "/n/s/a.htm");
    CHECK(d.text.text() == "One bold\n\nTwo words\n\nThree");
    CHECK(meta(d, "title") == "One bold");  // no <title>: the first line
  }
  SECTION("pre keeps its lines, and they map back") {
    const std::string raw = "<pre>\nline one\n  line two</pre><p>after</p>";
    const Document d = make(raw, problems, "/n/s/b.html");
    CHECK(d.text.text() == "line one\n  line two\n\nafter");
    CHECK(same(doc_position(d, "line two"), raw_position(raw, "line two")));
    CHECK(same(doc_position(d, "after"), raw_position(raw, "after")));
  }
  SECTION("invalid UTF-8 in a page is replaced and reported at its place in the file") {
    const std::string raw = "<html>\n<body>\n<p>bad \xFF byte, then words</p>";
    const Document d = make(raw, problems, "/n/s/c.html");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 3);
    CHECK(problems[0].column == 8);
    CHECK(d.text.text() == "bad \xEF\xBF\xBD byte, then words");
    CHECK(same(doc_position(d, "byte"), raw_position(raw, "byte")));
    CHECK(same(doc_position(d, "words"), raw_position(raw, "words")));
  }
  SECTION("a page with no visible text is an empty document") {
    const Document d =
        make("<html><head><script>x()</script></head></html>", problems, "/n/s/d.html");
    CHECK(d.text.text().empty());
    const Document empty = make("", problems, "/n/s/e.html");
    CHECK(empty.text.text().empty());
    CHECK(problems.empty());
  }
  SECTION("a meta date that is not a date is reported with its place") {
    const Document d =
        make("<meta name=\"date\" content=\"yesterday\"><p>x</p>", problems, "/n/s/f.html");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 1);
    CHECK(problems[0].column == 1);
    CHECK_FALSE(problems[0].fatal);
    CHECK_THAT(problems[0].message, Catch::Contains("\"yesterday\" is not a date"));
    CHECK(meta(d, "published") == "<unset>");
  }
  SECTION("thousands of nested elements do not exhaust the stack") {
    std::string deep;
    for (int i = 0; i < 20000; ++i) deep += "<span>";
    deep += "deep text";
    const Document d = make(deep, problems, "/n/s/g.html");
    CHECK(d.text.text() == "deep text");
  }
}

// ---- JSON Lines archives ------------------------------------------------------------------

namespace {

std::vector<Document> read_all(const std::string& path, std::vector<InputProblem>& problems) {
  std::vector<Document> docs;
  read_documents(path, problems, [&](Document&& d) { docs.push_back(std::move(d)); });
  return docs;
}

}  // namespace

TEST_CASE("JSON Lines archives: one document per line, bad lines reported and skipped",
          "[documents]") {
  TempDir tmp;
  const std::string archive =
      "{\"id\": \"a1\", \"url\": \"https://example.org/a1\", \"title\": \"Tanks\", \"outlet\": "
      "\"Herald\", \"published\": \"2024-01-29\", \"story\": \"tanks\", \"role\": \"source\", "
      "\"text\": \"The ministry said 31 tanks\\r\\narrived.\", \"section\": \"world\", "
      "\"words\": 5, \"tags\": [\"a\", \"b\"]}\n"
      "{\"id\": \"a2\", \"text\": \"broken\"\n"     // line 2: bad JSON
      "\n"                                          // line 3: blank, skipped
      "{\"id\": \"a3\", \"title\": \"no text\"}\n"  // line 4: no text
      "{\"id\": \"a4\", \"text\": 42}\r\n"          // line 5: wrong type
      "[1, 2]\n"                                    // line 6: not an object
      "{\"text\": \"No id: named by its place.\", \"published\": \"2024-02-03T10:00:00Z\"}\n"
      "{\"id\": \"a1\", \"text\": \"Same id again.\"}\n"  // line 8: duplicate id
      "{\"id\": \"a9\", \"text\": \"caf\xFF \\u00e9\", \"published\": \"soon\"}\n"  // line 9
      "{\"kind\": \"figure\", \"doc\": \"x.md\", \"value\": 3}\n";  // line 10: a facts line
  const fs::path p = tmp.write("tanks/archive.jsonl", archive);
  const std::string file = p.string();
  std::vector<InputProblem> problems;
  const auto docs = read_all(file, problems);

  REQUIRE(docs.size() == 4);
  CHECK(docs[0].id == "a1");
  CHECK(docs[0].path == file);
  CHECK(docs[0].text.text() == "The ministry said 31 tanks\narrived.");
  CHECK(meta(docs[0], "url") == "https://example.org/a1");
  CHECK(meta(docs[0], "title") == "Tanks");
  CHECK(meta(docs[0], "outlet") == "Herald");
  CHECK(meta(docs[0], "published") == "2024-01-29");
  CHECK(meta(docs[0], "section") == "world");  // unknown fields are kept
  CHECK(meta(docs[0], "words") == "5");
  CHECK(meta(docs[0], "tags") == "[\"a\",\"b\"]");
  // Positions: the archive line, and 1 + the byte offset into the decoded text.
  CHECK(same(doc_position(docs[0], "31"), LineCol{1, 19}));
  CHECK(same(doc_position(docs[0], "arrived"), LineCol{1, 29}));  // after the folded \r\n

  CHECK(docs[1].id == file + ":7");
  CHECK(meta(docs[1], "published") == "2024-02-03");
  CHECK(meta(docs[1], "story") == "tanks");  // the archive's folder
  CHECK(meta(docs[1], "title") == "No id: named by its place.");
  CHECK(same(doc_position(docs[1], "named"), LineCol{7, 8}));
  CHECK(docs[2].id == file + ":8");
  CHECK(docs[3].id == "a9");
  CHECK(docs[3].text.text() == "caf\xEF\xBF\xBD \xC3\xA9");
  CHECK(meta(docs[3], "published") == "<unset>");

  std::string all;
  for (const auto& pr : problems) all += render(pr);
  INFO(all);
  const auto has = [&](const std::string& s) { return all.find(s) != std::string::npos; };
  CHECK(has(file + ":2:30: error: this line is not valid JSON"));  // just past the end
  CHECK(has(file + ":4:1: error: this line has no \"text\" field; the article is skipped"));
  CHECK(has(file + ":5:1: error: \"text\" is a number, not a string; the article is skipped"));
  CHECK(has(file + ":6:1: error: this line is an array, not a JSON object"));
  CHECK(has(file + ":8:1: warning: id 'a1' was already used on line 1; this article is named '" +
            file + ":8'"));
  CHECK(has(file + ":9:26: warning: 1 byte of invalid UTF-8 or NUL replaced by U+FFFD"));
  CHECK(has(file + ":9:1: warning: published: \"soon\" is not a date"));
  CHECK(has(file + ":10:1: error: this line has no \"text\" field but a \"kind\": it looks like "
                   "a facts file; give facts files with --facts"));
  CHECK(problems.size() == 8);

  SECTION("load_document refuses an archive and says why") {
    std::vector<InputProblem> more;
    CHECK_FALSE(load_document(file, more));
    REQUIRE(more.size() == 1);
    CHECK_THAT(more[0].message, Catch::Contains("JSON Lines archive"));
  }
  SECTION("past 20 bad lines the rest are counted, not listed") {
    std::string junk;
    for (int i = 0; i < 50; ++i) junk += "not json at all\n";
    junk += "{\"text\": \"the last line is fine\"}\n";
    const fs::path j = tmp.write("junk.jsonl", junk);
    std::vector<InputProblem> more;
    const auto got = read_all(j.string(), more);
    CHECK(got.size() == 1);
    REQUIRE(more.size() == 21);
    CHECK_THAT(more.back().message, Catch::StartsWith("30 more bad lines were skipped"));
  }
  SECTION("an empty archive has no documents and no problems") {
    const fs::path e = tmp.write("empty.jsonl", "");
    std::vector<InputProblem> more;
    CHECK(read_all(e.string(), more).empty());
    CHECK(more.empty());
  }
}

// ---- Hostile inputs, through the real loader, extractor and executable ---------------------

namespace {

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(byte(gen));
  return out;
}

}  // namespace

TEST_CASE("hostile inputs get a clear message or a correct result and never a crash",
          "[documents][hostile]") {
  TempDir tmp;
  const fs::path in = tmp.path / "in";
  tmp.write("in/invalid.txt", "Officials said \xC3\x28 31 tanks arrived.\n");
  tmp.write("in/nul.txt", std::string("The minister said \0 it was over.\n", 33));
  tmp.write("in/empty.txt", "");
  tmp.write("in/empty.html", "");
  tmp.write("in/random.txt", random_bytes(64 * 1024, 7));
  std::string elf =
      "\x7F"
      "ELF\x02\x01\x01";
  elf += std::string(4096, '\0') + random_bytes(4096, 11);
  tmp.write("in/program.md", elf);
  tmp.write("in/image.jsonl", "\x89PNG\r\n\x1A\n" + random_bytes(16 * 1024, 13));
  tmp.write("in/page.html",
            "<html><head><script>alert('SCRIPT MUST NOT SHOW')</script></head>"
            "<body><script>document.write('NOR THIS')</script>"
            "<p>The agency said 12 people were hurt.</p></body></html>");
  tmp.write("in/archive.jsonl",
            "{\"id\": \"first\", \"text\": \"The ministry said 31 tanks arrived.\"}\n"
            "{\"id\": \"middle\", \"text\": \"unterminated\n"
            "{\"id\": \"last\", \"text\": \"Police said 4 cars burned.\"}\n");

  const CommandResult r = run_verity(fs::path(), "extract '" + in.string() + "'");
  INFO(r.err);
  REQUIRE(r.code == 2);  // input problems, not a crash; the good documents are still read
  const std::string dir = in.string() + "/";
  CHECK_THAT(r.err, Catch::Contains(dir + "invalid.txt:1:16: warning: invalid UTF-8: 1 byte"));
  CHECK_THAT(r.err, Catch::Contains(dir + "nul.txt:1:19: warning: contains NUL bytes"));
  CHECK_THAT(r.err, Catch::Contains(dir + "random.txt: error: contains NUL bytes; is it a "
                                          "binary file? It was skipped"));
  CHECK_THAT(r.err, Catch::Contains(dir + "program.md: error: contains NUL bytes; is it a "
                                          "binary file? It was skipped"));
  // A binary file named .jsonl is one error, not one per "line".
  CHECK_THAT(r.err, Catch::Contains(dir + "image.jsonl: error: contains NUL bytes; is it a "
                                          "binary file? It was skipped"));
  CHECK(r.err.find("image.jsonl") == r.err.rfind("image.jsonl"));
  CHECK_THAT(r.err, Catch::Contains(dir + "archive.jsonl:2:"));
  CHECK_THAT(r.err, Catch::Contains("this line is not valid JSON"));
  CHECK(r.err.find("empty") == std::string::npos);  // empty files are fine, silently

  // Every readable document became a doc fact; the skipped ones did not.
  for (const std::string& id :
       {dir + "invalid.txt", dir + "nul.txt", dir + "empty.txt", dir + "empty.html",
        dir + "page.html", std::string("first"), std::string("last")}) {
    INFO(id);
    CHECK_THAT(r.out, Catch::Contains("{\"kind\":\"doc\",\"doc\":\"" + id + "\""));
  }
  CHECK(r.out.find("random.txt\"") == std::string::npos);
  CHECK(r.out.find("program.md\"") == std::string::npos);
  CHECK(r.out.find("\"middle\"") == std::string::npos);
  CHECK(r.out.find("MUST NOT SHOW") == std::string::npos);
  CHECK(r.out.find("NOR THIS") == std::string::npos);
}

TEST_CASE("a 50 MB file on one line is read and extracted in one piece", "[documents][hostile]") {
  TempDir tmp;
  // News-like prose without a line break: sentences, a figure now and then, a long line that
  // a reader would get from a scraper that dropped every newline.
  const std::string sentence =
      "Residents of the coastal town gathered along the river to watch the old ferry make its "
      "final crossing, 31 years after it first sailed. ";
  std::string line;
  line.reserve(50u << 20);
  while (line.size() + sentence.size() <= (50u << 20)) line += sentence;
  const fs::path p = tmp.write("long/one-line.txt", line);
  const std::size_t size = line.size();
  line.clear();
  line.shrink_to_fit();

  FactStore store(builtin_schema());
  std::vector<InputProblem> problems;
  load_and_extract({p.string()}, store, problems);
  CHECK(problems.empty());
  REQUIRE(store.documents().size() == 1);
  const Document& d = store.documents()[0];
  CHECK(d.text.text().size() == size);
  CHECK(d.text.line_count() == 1);
  CHECK(d.map.points().empty());
  // The title is cut, not 50 MB long.
  CHECK(meta(d, "title").size() < 400);
  // The extractor found facts all along the line, each on line 1 at its byte column.
  REQUIRE(store.facts().size() > 1);
  const Fact* last = &store.facts().front();
  for (const Fact& f : store.facts()) {
    if (f.span.begin > last->span.begin) last = &f;
  }
  CHECK(last->position.line == 1);
  CHECK(last->position.column == last->span.begin + 1);
  CHECK(last->span.begin > size - 2 * sentence.size());
}

TEST_CASE("a document id seen twice is read once and reported", "[documents]") {
  TempDir tmp;
  const fs::path a =
      tmp.write("a.jsonl", "{\"id\": \"same\", \"text\": \"Police said 4 cars.\"}\n");
  const fs::path b = tmp.write("b.jsonl", "{\"id\": \"same\", \"text\": \"Other text.\"}\n");
  FactStore store(builtin_schema());
  std::vector<InputProblem> problems;
  load_and_extract({a.string(), b.string(), a.string()}, store, problems);
  REQUIRE(store.documents().size() == 1);
  CHECK(store.documents()[0].text.text() == "Police said 4 cars.");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].file == b.string());
  CHECK_THAT(problems[0].message, Catch::Contains("id 'same' was already read"));
  // Extracted once: no fact is there twice.
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  for (const Fact& f : store.facts()) {
    CHECK(seen.insert({f.kind, f.span.begin * 1000 + f.span.end}).second);
  }
}
