// Tests of facts as JSON Lines (engine/fact_json): the exact output format, a write/import
// round trip, problems reported by line while the good lines are still imported, and the
// schema growing for kinds and fields only imported facts have.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "engine/builtin_schema.hpp"
#include "engine/fact_json.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

namespace {

const std::string kArticle =
    "---\n"
    "title: Harbor bridge opens\n"
    "published: 2024-03-02\n"
    "---\n"
    "The bridge cost $14.5 billion and took 31 months, officials said.\n"
    "\"We are proud,\" said Mayor Ana Ortiz on 1 March.\n";

std::uint32_t add_article(FactStore& store, const std::string& id = "news/a.md") {
  std::vector<InputProblem> problems;
  return store.add_document(make_document(id, id, kArticle, problems));
}

Span span_of(const std::string& needle) {
  const auto begin = static_cast<std::uint32_t>(kArticle.find(needle));
  return {begin, begin + static_cast<std::uint32_t>(needle.size())};
}

FactRef add(FactStore& store, std::uint32_t doc, const std::string& kind, const std::string& at,
            std::vector<std::pair<std::string, Value>> fields) {
  NewFact f;
  f.kind = kind;
  f.span = span_of(at);
  f.fields = std::move(fields);
  return store.add_fact(doc, f, "verity-extract/0.1");
}

}  // namespace

TEST_CASE("a fact is one JSON line with reserved keys first and fields in schema order",
          "[fact_json]") {
  FactStore store(builtin_schema());
  const auto doc = add_article(store);
  const FactRef figure = add(store, doc, "figure", "$14.5 billion",
                             {{"text", std::string("$14.5 billion")},
                              {"unit", std::string("USD")},
                              {"value", 14.5e9},
                              {"approx", false}});
  CHECK(fact_to_json_line(store, figure) ==
        R"({"kind":"figure","doc":"news/a.md","span":{"start":73,"end":86,"line":5,"col":17},)"
        R"("origin":"verity-extract/0.1","value":14500000000,"unit":"USD","approx":false,)"
        R"("text":"$14.5 billion"})");
  CHECK(fact_fields_json(store, figure) ==
        R"({"value":14500000000,"unit":"USD","approx":false,"text":"$14.5 billion"})");

  SECTION("the doc fact carries the document's metadata; dates are YYYY-MM-DD") {
    const std::string line = fact_to_json_line(store, store.doc_fact(doc));
    CHECK_THAT(line, Catch::StartsWith(R"({"kind":"doc","doc":"news/a.md","span":{"start":0,)"));
    CHECK_THAT(line, Catch::Contains(R"("origin":"document","id":"news/a.md","path":"news/a.md",)"
                                     R"("title":"Harbor bridge opens","published":"2024-03-02",)"
                                     R"("role":"source","story":"news","sha256":")"));
  }
}

TEST_CASE("numbers: whole numbers without .0 or exponent, others shortest", "[fact_json]") {
  FactStore store(builtin_schema());
  const auto doc = add_article(store);
  auto value_json = [&](double v) {
    return fact_fields_json(store, add(store, doc, "figure", "31", {{"value", v}}));
  };
  CHECK(value_json(31) == R"({"value":31})");
  CHECK(value_json(31.0) == R"({"value":31})");
  CHECK(value_json(14500000000.0) == R"({"value":14500000000})");
  CHECK(value_json(-2) == R"({"value":-2})");
  CHECK(value_json(0) == R"({"value":0})");
  CHECK(value_json(2.5) == R"({"value":2.5})");
  CHECK(value_json(0.1) == R"({"value":0.1})");
  CHECK(value_json(1.0 / 3) == R"({"value":0.3333333333333333})");
  CHECK(value_json(1e-7) == R"({"value":1e-07})");
  CHECK(value_json(1e21) == R"({"value":1e+21})");
}

TEST_CASE("strings are escaped and always valid UTF-8", "[fact_json]") {
  FactStore store(builtin_schema());
  const auto doc = add_article(store);
  const FactRef q = add(store, doc, "quote", "We are proud",
                        {{"text", std::string("a \"b\" \\ c\nd\te\x01 \xE2\x80\x9c"
                                              "f\xE2\x80\x9d "
                                              "cut\xE2\x80")}});
  CHECK(fact_fields_json(store, q) == R"({"text":"a \"b\" \\ c\nd\te\u0001 “f” cut�"})");
}

TEST_CASE("facts written as JSON Lines import back into a new store unchanged", "[fact_json]") {
  TempDir tmp;
  FactStore a(builtin_schema());
  const auto doc = add_article(a);
  add(a, doc, "figure", "$14.5 billion",
      {{"value", 14.5e9}, {"unit", std::string("USD")}, {"text", std::string("$14.5 billion")}});
  add(a, doc, "figure", "31 months", {{"value", 31.0}, {"unit", std::string("month")}});
  add(a, doc, "quote", "We are proud",
      {{"text", std::string("We are proud,")},
       {"speaker", std::string("Ana Ortiz")},
       {"nested", false},
       {"words", 3.0}});
  add(a, doc, "date", "1 March",
      {{"start", date_from_ymd(2024, 3, 1)}, {"end", date_from_ymd(2024, 3, 1)}});
  add(a, doc, "claim", "officials said", {{"stance", std::string("pro")}, {"score", 0.75}});
  const auto other = add_article(a, "news/b.md");
  add(a, other, "person", "Ana Ortiz", {{"name", std::string("Ana Ortiz")}});

  std::string jsonl;
  for (std::uint32_t i = 0; i < a.facts().size(); ++i) {
    jsonl += fact_to_json_line(a, FactRef{i}) + "\n";
  }
  const std::string path = tmp.write("facts.jsonl", jsonl);

  FactStore b(builtin_schema());
  std::vector<InputProblem> problems;
  CHECK(import_facts_jsonl(path, b, problems) == a.facts().size());
  CHECK(problems.empty());
  REQUIRE(b.facts().size() == a.facts().size());
  REQUIRE(b.documents().size() == 2);
  for (std::uint32_t i = 0; i < a.facts().size(); ++i) {
    const FactRef r{i};
    INFO("fact " << i << ": " << fact_to_json_line(a, r));
    CHECK(b.kind_name(r) == a.kind_name(r));
    CHECK(b.document_of(r).id == a.document_of(r).id);
    CHECK(fact_fields_json(b, r) == fact_fields_json(a, r));
    if (a.kind_name(r) != "doc") {
      CHECK(b.fact(r).span.begin == a.fact(r).span.begin);
      CHECK(b.fact(r).span.end == a.fact(r).span.end);
      CHECK(b.fact(r).position.line == a.fact(r).position.line);
      CHECK(b.fact(r).position.column == a.fact(r).position.column);
      CHECK(b.origin(b.fact(r).origin) == path + ":" + std::to_string(i + 1));
    }
  }
  // Imported documents have no text; the doc line's metadata survives.
  CHECK(b.documents()[0].text.text().empty());
  CHECK(b.documents()[0].meta.at("title") == "Harbor bridge opens");
  CHECK(b.documents()[0].path == "news/a.md");
  CHECK(b.documents()[0].sha256 == a.documents()[0].sha256);
  CHECK(std::get<Date>(b.field(b.doc_fact(0), "published")) == date_from_ymd(2024, 3, 2));
}

TEST_CASE("malformed lines are reported with their line numbers; the rest is imported",
          "[fact_json]") {
  TempDir tmp;
  const std::string path = tmp.write(
      "mixed.jsonl",
      "{\"kind\":\"quote\",\"doc\":\"a.md\",\"text\":\"one\"}\n"               // 1 ok
      "{\"kind\":\"quote\",\"doc\":\"a.md\",\"text\":\"two\"\n"                // 2 unclosed
      "[1, 2]\n"                                                               // 3 not an object
      "{\"doc\":\"a.md\",\"text\":\"no kind\"}\n"                              // 4
      "{\"kind\":\"quote\",\"text\":\"no doc\"}\n"                             // 5
      "\n"                                                                     // 6 blank
      "{\"kind\":\"figure\",\"doc\":\"a.md\",\"value\":3,\"tags\":[\"x\"]}\n"  // 7 list field
      "{\"kind\":\"quote\",\"doc\":\"a.md\",\"words\":\"many\"}\r\n"           // 8 wrong type
      "{\"kind\":\"quote\",\"doc\":\"a.md\",\"span\":{\"start\":-1}}\n"        // 9 bad span
      "{\"kind\":\"quote\",\"doc\":\"a.md\",\"text\":\"last\",\"speaker\":null}");  // 10 ok
  FactStore store(builtin_schema());
  std::vector<InputProblem> problems;
  CHECK(import_facts_jsonl(path, store, problems) == 5);
  REQUIRE(problems.size() == 7);
  const std::vector<std::uint32_t> lines = {2, 3, 4, 5, 7, 8, 9};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    INFO(render(problems[i]));
    CHECK(problems[i].file == path);
    CHECK(problems[i].line == lines[i]);
    CHECK_FALSE(problems[i].fatal);
  }
  CHECK_THAT(problems[0].message, Catch::StartsWith("invalid JSON: parse error at column "));
  CHECK_THAT(problems[0].message, Catch::EndsWith("; line skipped"));
  CHECK_THAT(problems[0].message, !Catch::Contains("json.exception"));
  CHECK_THAT(problems[1].message, Catch::StartsWith("not a JSON object"));
  CHECK_THAT(problems[2].message, Catch::StartsWith("missing \"kind\""));
  CHECK_THAT(problems[3].message, Catch::StartsWith("missing \"doc\""));
  CHECK(problems[4].message == "field tags: lists and objects are not supported; field skipped");
  CHECK_THAT(problems[5].message,
             Catch::Contains("field words: \"many\" does not fit quote.words, a number field"));
  CHECK_THAT(problems[6].message, Catch::StartsWith("span must be"));

  REQUIRE(store.documents().size() == 1);
  CHECK(store.documents()[0].id == "a.md");
  // Facts: the doc fact of a.md, then lines 1, 7, 8, 9 and 10.
  REQUIRE(store.facts().size() == 6);
  CHECK(std::get<std::string>(store.field(FactRef{1}, "text")) == "one");
  CHECK(store.origin(store.fact(FactRef{1}).origin) == path + ":1");
  CHECK(std::get<double>(store.field(FactRef{2}, "value")) == 3);
  CHECK_FALSE(is_set(store.field(FactRef{3}, "words")));
  CHECK(std::get<std::string>(store.field(FactRef{5}, "text")) == "last");
  CHECK_FALSE(is_set(store.field(FactRef{5}, "speaker")));
  CHECK(store.origin(store.fact(FactRef{5}).origin) == path + ":10");
  // Without a span a fact is tied to no place: [0, 0) on line 0.
  CHECK(store.fact(FactRef{1}).span.end == 0);
  CHECK(store.fact(FactRef{1}).position.line == 0);
}

TEST_CASE("unknown kinds and fields extend the schema", "[fact_json]") {
  TempDir tmp;
  const std::string path = tmp.write(
      "claims.jsonl",
      "{\"kind\":\"claim\",\"doc\":\"x.md\",\"stance\":\"pro\",\"score\":0.8,\"checked\":true}\n"
      "{\"kind\":\"quote\",\"doc\":\"x.md\",\"text\":\"hi\",\"language\":\"en\"}\n"
      "{\"kind\":\"claim\",\"doc\":\"y.md\",\"stance\":\"con\",\"reviewer\":\"Lee\"}\n");
  FactStore store(builtin_schema());
  std::vector<InputProblem> problems;
  CHECK(import_facts_jsonl(path, store, problems) == 3);
  CHECK(problems.empty());
  const Schema& s = store.schema();
  const auto claim = s.kind_index("claim");
  REQUIRE(claim);
  const KindDef& k = s.kind(*claim);
  REQUIRE(k.fields.size() == 5);  // doc, stance, score, checked, reviewer
  CHECK(k.fields[0].name == "doc");
  CHECK(k.fields[1].name == "stance");
  CHECK(k.fields[1].type == Type::text());
  CHECK(k.fields[2].name == "score");
  CHECK(k.fields[2].type == Type::number());
  CHECK(k.fields[3].name == "checked");
  CHECK(k.fields[3].type == Type::boolean());
  CHECK(k.fields[4].name == "reviewer");
  CHECK(s.kind(*s.kind_index("quote")).field_index("language"));
  // Unknown documents are created, empty.
  REQUIRE(store.documents().size() == 2);
  CHECK(store.documents()[1].id == "y.md");
  CHECK(store.documents()[1].text.text().empty());
}

TEST_CASE("doc lines create documents with metadata, once", "[fact_json]") {
  TempDir tmp;
  const std::string path =
      tmp.write("docs.jsonl",
                "{\"kind\":\"quote\",\"doc\":\"late.md\",\"text\":\"before its doc line\"}\n"
                "{\"kind\":\"doc\",\"doc\":\"late.md\",\"title\":\"Too late\"}\n"
                "{\"kind\":\"doc\",\"doc\":\"c.md\",\"title\":\"C\",\"published\":\"2024-01-29\","
                "\"pages\":3}\n"
                "{\"kind\":\"quote\",\"doc\":\"c.md\",\"text\":\"hello\"}\n");
  FactStore store(builtin_schema());
  std::vector<InputProblem> problems;
  CHECK(import_facts_jsonl(path, store, problems) == 3);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 2);
  CHECK_THAT(problems[0].message, Catch::Contains("already used by a fact on line 1"));
  const auto c = store.find_document("c.md");
  REQUIRE(c);
  CHECK(std::get<std::string>(store.field(store.doc_fact(*c), "title")) == "C");
  CHECK(std::get<std::string>(store.field(store.doc_fact(*c), "pages")) == "3");
  CHECK(std::get<Date>(store.field(store.doc_fact(*c), "published")) == date_from_ymd(2024, 1, 29));

  SECTION("a document loaded from its file keeps its own metadata, silently") {
    FactStore loaded(builtin_schema());
    std::vector<InputProblem> none;
    loaded.add_document(make_document("c.md", "c.md", "---\ntitle: Own\n---\n", none));
    CHECK(import_facts_jsonl(path, loaded, none) == 2);
    CHECK(std::get<std::string>(loaded.field(loaded.doc_fact(0), "title")) == "Own");
    CHECK(none.size() == 1);  // only the late doc line of late.md
  }
}

TEST_CASE("huge, deep and unreadable inputs are problems, not crashes", "[fact_json]") {
  TempDir tmp;
  SECTION("a line over 64 MB is skipped; the next line is read") {
    const std::string path = tmp.write("huge.jsonl", "");
    fs::resize_file(path, (std::uintmax_t{64} << 20) + 10);  // one line of NUL bytes, sparse
    std::ofstream(path, std::ios::binary | std::ios::app)
        << "\n{\"kind\":\"quote\",\"doc\":\"a.md\"}\n";
    FactStore store(builtin_schema());
    std::vector<InputProblem> problems;
    CHECK(import_facts_jsonl(path, store, problems) == 1);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("64 MB limit"));
  }
  SECTION("deeply nested values are refused early") {
    const std::string path = tmp.write(
        "deep.jsonl", "{\"kind\":\"quote\",\"doc\":\"a.md\",\"x\":" + std::string(100000, '[') +
                          std::string(100000, ']') + "}\n");
    FactStore store(builtin_schema());
    std::vector<InputProblem> problems;
    CHECK(import_facts_jsonl(path, store, problems) == 0);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("nested"));
  }
  SECTION("a missing file is fatal") {
    FactStore store(builtin_schema());
    std::vector<InputProblem> problems;
    CHECK(import_facts_jsonl((tmp.path / "none.jsonl").string(), store, problems) == 0);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].fatal);
    CHECK_THAT(problems[0].message, Catch::StartsWith("cannot be read"));
  }
  SECTION("a file of garbage lists 100 problems and counts the rest") {
    std::string garbage;
    for (int i = 0; i < 150; ++i) garbage += "not json\n";
    const std::string path = tmp.write("garbage.jsonl", garbage);
    FactStore store(builtin_schema());
    std::vector<InputProblem> problems;
    CHECK(import_facts_jsonl(path, store, problems) == 0);
    REQUIRE(problems.size() == 101);
    CHECK(problems[99].line == 100);
    CHECK_THAT(problems[100].message, Catch::StartsWith("50 more problems not shown"));
  }
}
