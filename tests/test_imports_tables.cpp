// `import` and reference `table`s: shipped and relative imports, diamonds, cycles, paths that
// escape the rules folder, CSV and JSON Lines tables with declared and inferred column types,
// bad rows, and table facts going through the check pipeline with their provenance.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "dsl/compiler.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/pipeline.hpp"
#include "engine/table_facts.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

namespace {

std::string rule(const std::string& id, const std::string& kind = "quote") {
  return "rule " + id + " {\n  for q: " + kind + "\n  require q.doc is set\n}\n";
}

struct Compiled {
  Schema schema = builtin_schema();
  std::unique_ptr<dsl::RuleSet> set;
  std::string diagnostics;
};

Compiled compile(const std::vector<std::string>& paths, const dsl::CompileOptions& options = {}) {
  Compiled c;
  c.set = dsl::compile_rule_files(paths, c.schema, options);
  c.diagnostics = render(c.set->diagnostics);
  return c;
}

std::vector<std::string> rule_ids(const dsl::RuleSet& set) {
  std::vector<std::string> ids;
  for (const auto& p : set.plans) ids.push_back(p.rule->id);
  return ids;
}

// Reads a table held in memory, as the compiler reads one from a file.
struct ReadTable {
  SourceText source;
  Diagnostics diags;
  dsl::LoadedTable table;
  ReadTable(const std::string& name, const std::string& text,
            const std::vector<dsl::TableColumnType>& declared = {})
      : source(name, text) {
    table = dsl::read_table("t", source, *dsl::table_format_of(name), declared, diags);
  }
  std::string cell(std::size_t row, std::size_t col) const {
    const auto& c = table.rows.at(row).cells.at(col);
    return c ? *c : "<unset>";
  }
  Type type(std::size_t col) const { return table.columns.at(col).type; }
};

}  // namespace

// ---- Imports ----------------------------------------------------------------------------------

TEST_CASE("import \"std/NAME\" loads NAME.rules from the shipped rules folder", "[imports]") {
  TempDir s;
  s.write("shipped/quotes.rules", rule("std.quote"));
  s.write("shipped/figures.rules", rule("std.figure", "figure"));
  const auto main = s.write("mine/main.rules", "import \"std/quotes\"\n" + rule("my.rule"));
  dsl::CompileOptions options;
  options.std_dir = s.file("shipped");
  auto c = compile({main}, options);
  INFO(c.diagnostics);
  REQUIRE(c.set->ok());
  CHECK(rule_ids(*c.set) == std::vector<std::string>{"my.rule", "std.quote"});
  REQUIRE(c.set->sources.size() == 2);
  CHECK(c.set->sources[1]->name() == s.file("shipped/quotes.rules"));

  SECTION("a pack that does not exist is named with the packs there are") {
    const auto typo = s.write("mine/typo.rules", "import \"std/qoutes\"\n");
    auto t = compile({typo}, options);
    CHECK(t.diagnostics ==
          typo +
              ":1:8: error: cannot import 'std/qoutes': there is no shipped rule pack "
              "'qoutes'; did you mean 'std/quotes'?\n"
              "  import \"std/qoutes\"\n"
              "         ^~~~~~~~~~~~\n");
  }
  SECTION("without a shipped folder, std imports are refused with a way out") {
    auto t = compile({main});
    CHECK_THAT(t.diagnostics, Catch::Contains("main.rules:1:8: error: cannot import 'std/quotes': "
                                              "the folder of the shipped rule packs is not known "
                                              "here; import the file by its path"));
  }
  SECTION("a shipped pack cannot reach out of the shipped folder") {
    const auto out = s.write("mine/out.rules", "import \"std/../mine/main.rules\"\n");
    auto t = compile({out}, options);
    CHECK_THAT(t.diagnostics, Catch::Contains("outside the shipped rules folder"));
  }
}

TEST_CASE("a relative import is read from the importing file's folder", "[imports]") {
  TempDir s;
  const auto main = s.write("rules/main.rules", rule("a.main") + "import \"lib/common.rules\"\n");
  s.write("rules/lib/common.rules", "import \"more.rules\"\n" + rule("b.common"));
  s.write("rules/lib/more.rules", rule("c.more"));
  auto c = compile({main});
  INFO(c.diagnostics);
  REQUIRE(c.set->ok());
  CHECK(rule_ids(*c.set) == std::vector<std::string>{"a.main", "b.common", "c.more"});
  CHECK(c.set->sources[2]->name() == s.file("rules/lib/more.rules"));
}

TEST_CASE("a file reached twice is loaded once; rule ids stay unique across files", "[imports]") {
  TempDir s;
  const auto a = s.write("a.rules", "import \"b.rules\"\nimport \"c.rules\"\n" + rule("a.rule"));
  s.write("b.rules", "import \"d.rules\"\n" + rule("b.rule"));
  s.write("c.rules", "import \"./d.rules\"\n" + rule("c.rule"));
  const auto d = s.write("d.rules", rule("d.rule"));
  // d.rules is also given on the command line: still one copy.
  auto c = compile({a, d});
  INFO(c.diagnostics);
  REQUIRE(c.set->ok());
  CHECK(c.set->sources.size() == 4);
  CHECK(rule_ids(*c.set) == std::vector<std::string>{"a.rule", "b.rule", "d.rule", "c.rule"});

  s.write("c.rules", "import \"d.rules\"\n" + rule("b.rule"));
  auto dup = compile({a});
  CHECK(!dup.set->ok());
  CHECK_THAT(dup.diagnostics, Catch::Contains(s.file("c.rules") + ":2:6: error: rule id 'b.rule' "
                                                                  "is already used"));
  CHECK_THAT(dup.diagnostics, Catch::Contains(s.file("b.rules") + ":2:6: note: first used here"));
}

TEST_CASE("an import cycle is an error at the import that closes it, naming the chain",
          "[imports]") {
  TempDir s;
  const auto a = s.write("a.rules", rule("a.rule") + "import \"b.rules\"\n");
  const auto b = s.write("b.rules", "# b\nimport \"a.rules\"\n" + rule("b.rule"));
  auto c = compile({a});
  CHECK(!c.set->ok());
  CHECK(c.diagnostics == b + ":2:8: error: import cycle: " + a + " imports " + b +
                             ", which imports " + a +
                             "; remove one of these imports\n"
                             "  import \"a.rules\"\n"
                             "         ^~~~~~~~~\n");

  SECTION("three files, and a file that imports itself") {
    s.write("b.rules", "import \"c.rules\"\n");
    const auto cc = s.write("c.rules", "import \"a.rules\"\n");
    auto three = compile({a});
    CHECK_THAT(three.diagnostics,
               Catch::Contains(cc + ":1:8: error: import cycle: " + a + " imports " + b +
                               ", which imports " + cc + ", which imports " + a + ";"));
    const auto self = s.write("self.rules", "import \"self.rules\"\n");
    auto one = compile({self});
    CHECK_THAT(one.diagnostics,
               Catch::Contains("error: import cycle: " + self + " imports " + self + ";"));
  }
}

TEST_CASE("a missing import is an error at its line", "[imports]") {
  TempDir s;
  const auto main = s.write("main.rules", rule("a.rule") + "import \"nowhere.rules\"\n");
  auto c = compile({main});
  CHECK(c.diagnostics ==
        main + ":5:8: error: cannot import 'nowhere.rules': " + s.file("nowhere.rules") +
            " does not exist; the path is relative to the folder of this rule "
            "file\n"
            "  import \"nowhere.rules\"\n"
            "         ^~~~~~~~~~~~~~~\n");
  // The rules of the file itself are still checked and planned.
  CHECK(rule_ids(*c.set) == std::vector<std::string>{"a.rule"});
}

TEST_CASE("imports and tables may not leave the rules folder unless allowed", "[imports]") {
  TempDir s;
  s.write("shared/common.rules", rule("shared.rule"));
  s.write("shared/people.csv", "name\nAnn\n");
  const auto main = s.write("rules/main.rules",
                            "import \"../shared/common.rules\"\n"
                            "table people from \"../shared/people.csv\"\n"
                            "import \"" +
                                s.file("shared/common.rules") + "\"\n");
  auto refused = compile({main});
  CHECK(refused.set->sources.size() == 1);
  CHECK(refused.set->diagnostics.error_count() == 3);
  const std::string folder = "the folder of the rule files, '" + s.file("rules") + "'";
  CHECK_THAT(refused.diagnostics,
             Catch::Contains(main + ":1:8: error: import '../shared/common.rules' resolves to '" +
                             s.file("shared/common.rules") + "', outside " + folder +
                             "; move the file into that folder, or run verity with "
                             "--allow-outside-paths to allow files outside it"));
  CHECK_THAT(refused.diagnostics,
             Catch::Contains(main + ":2:19: error: table file '../shared/people.csv' resolves to"));
  CHECK_THAT(refused.diagnostics, Catch::Contains(main + ":3:8: error: import '/"));

  // The same with the rule file named relative to the working folder.
  const std::string relative = fs::relative(main, fs::current_path()).string();
  REQUIRE(relative.front() != '/');
  auto refused_relative = compile({relative});
  CHECK(refused_relative.set->diagnostics.error_count() == 3);
  CHECK_THAT(
      refused_relative.diagnostics,
      Catch::Contains(relative + ":1:8: error: import '../shared/common.rules' resolves to '" +
                      s.file("shared/common.rules") + "', outside"));

  dsl::CompileOptions allow;
  allow.allow_outside_paths = true;
  auto allowed = compile({main}, allow);
  INFO(allowed.diagnostics);
  CHECK(allowed.set->ok());
  CHECK(rule_ids(*allowed.set) == std::vector<std::string>{"shared.rule"});
  CHECK(allowed.set->tables.size() == 1);

  SECTION("a path through .. that stays inside, and a second top-level folder, are fine") {
    s.write("rules/sub/x.rules", "import \"../sub/w.rules\"\n");
    s.write("rules/sub/w.rules", rule("w.rule"));
    s.write("rules/y.rules", rule("y.rule"));
    s.write("other/z.rules", "import \"../rules/y.rules\"\n");
    auto inside = compile({s.file("rules/sub/x.rules")});
    INFO(inside.diagnostics);
    CHECK(inside.set->ok());
    auto both = compile({s.file("rules/y.rules"), s.file("other/z.rules")});
    INFO(both.diagnostics);
    CHECK(both.set->ok());
  }
}

// ---- Tables: reading ---------------------------------------------------------------------------

TEST_CASE("CSV tables follow RFC 4180: quotes, embedded commas and newlines, CRLF", "[tables]") {
  const ReadTable t("t.csv",
                    "\xEF\xBB\xBFname, note ,n\r\n"
                    "\"Smith, J.\",\"said \"\"no\"\"\",1\r\n"
                    "\r\n"
                    "Ann,\"two\r\nlines\",2\r\n"
                    "Kim Dong-myung,,3\n"
                    "\"\",  ,4");
  INFO(render(t.diags));
  CHECK(t.diags.items().empty());
  REQUIRE(t.table.columns.size() == 3);
  CHECK(t.table.columns[0].name == "name");  // no byte order mark
  CHECK(t.table.columns[1].name == "note");  // trimmed
  REQUIRE(t.table.rows.size() == 4);
  CHECK(t.cell(0, 0) == "Smith, J.");
  CHECK(t.cell(0, 1) == "said \"no\"");
  CHECK(t.cell(1, 1) == "two\nlines");
  CHECK(t.cell(2, 0) == "Kim Dong-myung");
  CHECK(t.cell(2, 1) == "<unset>");
  CHECK(t.cell(3, 0) == "<unset>");
  CHECK(t.cell(3, 1) == "<unset>");
  CHECK(t.table.rows[0].line == 2);
  CHECK(t.table.rows[1].line == 4);
  CHECK(t.table.rows[2].line == 6);
  CHECK(t.table.rows[3].line == 7);
  const auto span_text = [&](std::size_t r) {
    const Span sp = t.table.rows[r].span;
    return t.source.text().substr(sp.begin, sp.end - sp.begin);
  };
  CHECK(span_text(0) == "\"Smith, J.\",\"said \"\"no\"\"\",1");
  CHECK(span_text(1) == "Ann,\"two\r\nlines\",2");
  CHECK(span_text(3) == "\"\",  ,4");
}

TEST_CASE("column types are inferred from the data or declared", "[tables]") {
  const std::string csv =
      "name,since,seats,share,active,code\n"
      "Ann,2020-01-31,3,-1.5e2,true,007\n"
      "Bob,,12,0.25,false,A7\n"
      "Cy,2021-02-28,,+4,true,\n";
  SECTION("inferred") {
    const ReadTable t("t.csv", csv);
    INFO(render(t.diags));
    CHECK(t.diags.items().empty());
    CHECK(t.type(0) == Type::text());
    CHECK(t.type(1) == Type::date());
    CHECK(t.type(2) == Type::number());
    CHECK(t.type(3) == Type::number());
    CHECK(t.type(4) == Type::text());  // booleans are declared in CSV
    CHECK(t.type(5) == Type::text());  // one cell is not a number
    CHECK(t.cell(1, 1) == "<unset>");
  }
  SECTION("declared") {
    const ReadTable t(
        "t.csv", csv,
        {{"seats", Type::text()}, {"active", Type::boolean()}, {"since", Type::date()}});
    INFO(render(t.diags));
    CHECK(t.diags.items().empty());
    CHECK(t.type(2) == Type::text());
    CHECK(t.type(4) == Type::boolean());
    CHECK(t.table.rows.size() == 3);
  }
  SECTION("a day that does not exist is not a date") {
    const ReadTable t("t.csv", "d\n2023-02-29\n2024-02-29\n");
    CHECK(t.type(0) == Type::text());
  }
  CHECK(dsl::is_table_date("2024-02-29"));
  CHECK(!dsl::is_table_date("2100-02-29"));
  double n = 0;
  CHECK((dsl::parse_table_number(" 1e3 ", n) && n == 1000));
  for (const char* bad : {"inf", "nan", "0x1A", "1,000", "", "-", "e5", "1e", "1 000"}) {
    INFO(bad);
    CHECK(!dsl::parse_table_number(bad, n));
  }
}

TEST_CASE("a bad row is reported with file and line and skipped; the others load", "[tables]") {
  const ReadTable t("data/officials.csv",
                    "name,seats\n"
                    "Ann,3\n"
                    "Bob,4,extra\n"
                    "Cy,many\n"
                    "\"Di\"x,5\n"
                    "Ed,6\n",
                    {{"seats", Type::number()}});
  CHECK(render(t.diags) ==
        "data/officials.csv:3:1: warning: this row has 3 fields but the header has 2 columns; "
        "quote a field that holds a comma (\"Smith, J.\"); the row is skipped\n"
        "  Bob,4,extra\n"
        "  ^~~~~~~~~~~\n"
        "data/officials.csv:4:4: warning: 'many' in column 'seats' is not a number (the table "
        "declares 'seats: number'); the row is skipped\n"
        "  Cy,many\n"
        "     ^~~~\n"
        "data/officials.csv:5:5: warning: text after the closing quote of a field; inside a "
        "quoted field write \" as \"\"; the row is skipped\n"
        "  \"Di\"x,5\n"
        "      ^\n");
  CHECK(!t.diags.has_errors());
  REQUIRE(t.table.rows.size() == 2);
  CHECK(t.cell(1, 0) == "Ed");
  CHECK(t.table.rows[1].line == 6);

  SECTION("an unclosed quote: its line is skipped, the next lines are read") {
    const ReadTable u("u.csv", "a,b\n1,2\n\"open,3\n4,5\n");
    CHECK_THAT(render(u.diags), Catch::StartsWith("u.csv:3:1: warning: a quoted field is not "
                                                  "closed before the end of the file"));
    CHECK(u.table.rows.size() == 2);
  }
  SECTION("after 20 bad rows the rest are counted") {
    std::string text = "a,b\n";
    for (int i = 0; i < 30; ++i) text += "x\n";
    const ReadTable many("m.csv", text);
    CHECK(many.diags.warning_count() == 21);
    CHECK_THAT(render(many.diags), Catch::Contains("m.csv:22:1: warning: 10 more bad rows"));
  }
  SECTION("header problems are errors") {
    const ReadTable h("h.csv", "a,,a,doc,full name\n1,2,3,4,5\n");
    CHECK(h.diags.error_count() == 3);
    CHECK(h.diags.warning_count() == 1);
    CHECK_THAT(render(h.diags), Catch::Contains("h.csv:1:3: error: column 2 has no name"));
    CHECK_THAT(render(h.diags), Catch::Contains("rename it (as 'full_name') to use it"));
    CHECK(h.table.columns.size() == 2);  // a, full name
  }
}

TEST_CASE("JSON Lines tables: one object per line, keys are columns", "[tables]") {
  const ReadTable t("t.jsonl",
                    "{\"name\": \"Ann\", \"seats\": 3, \"active\": true}\n"
                    "\n"
                    "{\"name\": \"Bob\", \"seats\": null, \"active\": false, \"since\": "
                    "\"2020-05-01\"}\r\n"
                    "{\"name\": \"Cy\", \"seats\": 4,}\n"
                    "[1, 2]\n"
                    "{\"name\": {\"first\": \"Di\"}}\n"
                    "{\"name\": \"Ed\", \"seats\": 1.5}");
  CHECK(t.diags.warning_count() == 3);
  CHECK_THAT(render(t.diags), Catch::Contains("t.jsonl:4:27: warning: this line is not valid JSON "
                                              "(syntax error while parsing object"));
  CHECK_THAT(render(t.diags), Catch::Contains("t.jsonl:5:1: warning: this line is an array, not "
                                              "a JSON object"));
  CHECK_THAT(render(t.diags), Catch::Contains("t.jsonl:6:1: warning: the value of 'name' is an "
                                              "object"));
  REQUIRE(t.table.rows.size() == 3);
  REQUIRE(t.table.columns.size() == 4);  // in the order first seen
  CHECK(t.table.columns[0].name == "name");
  CHECK(t.type(0) == Type::text());
  CHECK(t.table.columns[1].name == "seats");
  CHECK(t.type(1) == Type::number());
  CHECK(t.table.columns[2].name == "active");
  CHECK(t.type(2) == Type::boolean());  // JSON true/false
  CHECK(t.table.columns[3].name == "since");
  CHECK(t.type(3) == Type::date());
  CHECK(t.cell(1, 1) == "<unset>");  // null
  CHECK(t.cell(2, 1) == "1.5");
  CHECK(t.cell(2, 3) == "<unset>");  // a key the line does not have
  CHECK(t.table.rows[1].line == 3);
}

// ---- Tables: in rule files ---------------------------------------------------------------------

TEST_CASE("a table's kind and column types reach the checker", "[tables]") {
  TempDir s;
  s.write("rules/officials.csv", "name,since,seats\nAnn,2020-01-02,3\n");
  const auto main = s.write("rules/main.rules",
                            "table officials from \"officials.csv\" { seats: text }\n"
                            "rule o.ok {\n"
                            "  for o: officials\n"
                            "  where o.since > 2019-01-01 and o.name == \"Ann\"\n"
                            "  require o.seats is set\n"
                            "}\n"
                            "rule o.bad {\n"
                            "  for o: officials\n"
                            "  require o.seats > 0\n"
                            "}\n");
  auto c = compile({main});
  CHECK(c.set->diagnostics.error_count() == 1);
  CHECK_THAT(c.diagnostics, Catch::Contains("main.rules:9:"));
  CHECK(rule_ids(*c.set) == std::vector<std::string>{"o.ok"});
  const auto kind = c.schema.kind_index("officials");
  REQUIRE(kind);
  const KindDef& k = c.schema.kind(*kind);
  REQUIRE(k.fields.size() == 4);
  CHECK(k.fields[0].name == "doc");
  CHECK(k.fields[2].type == Type::date());
  CHECK(k.fields[3].type == Type::text());
}

TEST_CASE("table statement errors: types, names, columns, files", "[tables]") {
  TempDir s;
  s.write("t.csv", "name,seats\nAnn,3\n");
  SECTION("an unknown column type, with did you mean") {
    const auto f = s.write("a.rules", "table t from \"t.csv\" {\n  seats: nubmer }\n");
    auto c = compile({f});
    CHECK(c.diagnostics == f + ":2:10: error: unknown column type 'nubmer'; did you mean "
                               "'number'?\n"
                               "    seats: nubmer }\n"
                               "           ^~~~~~\n");
    auto d = compile({s.write("b.rules", "table t from \"t.csv\" { seats: integer }\n")});
    CHECK_THAT(d.diagnostics, Catch::Contains("unknown column type 'integer' (column types: "
                                              "number, text, date, boolean)"));
  }
  SECTION("a name that clashes with a built-in kind or another table") {
    const auto f = s.write("a.rules",
                           "table quote from \"t.csv\"\n"
                           "table t from \"t.csv\"\n");
    s.write("b.rules", "table t from \"t.csv\"\n");
    auto c = compile({f, s.file("b.rules")});
    CHECK_THAT(c.diagnostics,
               Catch::Contains(f + ":1:7: error: 'quote' is already a kind of fact; give the "
                                   "table another name, as 'quote_table'"));
    CHECK_THAT(c.diagnostics,
               Catch::Contains(s.file("b.rules") +
                               ":1:7: error: there is already a table named 't'; give this "
                               "table another name\n"
                               "  table t from \"t.csv\"\n"
                               "        ^\n" +
                               f + ":2:7: note: the first one is here\n"));
    CHECK(c.set->tables.size() == 1);
  }
  SECTION("a declared column that is not in the file") {
    const auto f = s.write("a.rules", "table t from \"t.csv\" { seets: number }\n");
    auto c = compile({f});
    CHECK_THAT(c.diagnostics, Catch::Contains(f + ":1:24: error: column 'seets' is not in " +
                                              s.file("t.csv") + "; did you mean 'seats'?"));
  }
  SECTION("a missing file, and a file of another format") {
    const auto f = s.write("a.rules",
                           "rule r {\n  for o: gone\n  require o.x is set\n}\n"
                           "table gone from \"gone.csv\"\n"
                           "table other from \"t.xlsx\"\n");
    auto c = compile({f});
    CHECK(c.set->diagnostics.error_count() == 3);  // the rule's `o.x` too: no columns known
    CHECK_THAT(c.diagnostics,
               Catch::Contains(f + ":5:17: error: cannot read table 'gone': " + s.file("gone.csv") +
                               " does not exist; the path is relative to the "
                               "folder of this rule file"));
    CHECK_THAT(c.diagnostics, Catch::Contains(f + ":6:18: error: table file 't.xlsx' is neither "
                                                  ".csv nor .jsonl"));
  }
}

TEST_CASE("a rule over a table runs through the check pipeline with row provenance", "[tables]") {
  TempDir s;
  const std::string csv =
      "name,since,seats\r\n"
      "Ann,2020-01-02,3\r\n"
      "\"Bob, Jr.\",2019-05-06,0\r\n"
      "Cy,2021-07-08,oops\r\n"
      "Di,,2\r\n";
  s.write("rules/data/officials.csv", csv);
  s.write("rules/std/common.rules", "table parties from \"parties.jsonl\"\n");
  s.write("rules/std/parties.jsonl", "{\"name\": \"Green\", \"members\": 0}\n");
  const auto main = s.write("rules/main.rules",
                            "import \"std/common\"\n"
                            "table officials from \"data/officials.csv\" { seats: number }\n"
                            "rule officials.seats \"Every official holds a seat\" {\n"
                            "  severity error\n"
                            "  for o: officials\n"
                            "  require o.seats > 0\n"
                            "  report \"{o.name} has {o.seats} seats\"\n"
                            "}\n"
                            "rule parties.members {\n"
                            "  for p: parties\n"
                            "  require p.members > 0\n"
                            "}\n");
  s.write("docs/a.md", "---\ntitle: A\n---\nThe council met on Monday.\n");
  CheckOptions options;
  options.rule_paths = {main};
  options.documents = {s.file("docs/a.md")};
  options.db_path.clear();
  options.compile.std_dir = s.file("rules/std");
  const CheckOutcome out = run_check(options);
  const std::string diags = render(out.rules->diagnostics);
  INFO(diags);
  REQUIRE(!out.rules_failed());
  CHECK(!out.input_failed());
  CHECK(out.rules->diagnostics.warning_count() == 1);
  CHECK_THAT(diags, Catch::StartsWith(s.file("rules/data/officials.csv") +
                                      ":4:15: warning: 'oops' in column 'seats' is not a number"));

  const FactStore& store = *out.store;
  REQUIRE(out.result.findings.size() == 2);
  const Finding& f = out.result.findings[0];
  CHECK(f.rule_id == "officials.seats");
  CHECK(f.message == "Bob, Jr. has 0 seats");
  REQUIRE(f.evidence.size() == 1);
  const Fact& fact = store.fact(f.evidence[0].fact);
  const std::string table_path = s.file("rules/data/officials.csv");
  CHECK(store.document_of(f.evidence[0].fact).id == table_path);
  CHECK(store.document_of(f.evidence[0].fact).text.text() == csv);
  CHECK(fact.position.line == 3);
  CHECK(fact.position.column == 1);
  CHECK(csv.substr(fact.span.begin, fact.span.end - fact.span.begin) ==
        "\"Bob, Jr.\",2019-05-06,0");
  CHECK(store.origin(fact.origin) == "table:" + table_path);
  CHECK(std::get<Date>(store.field(f.evidence[0].fact, "since")) == Date{18022});  // 2019-05-06

  // Di's empty date stays unset; three officials and one party are facts.
  std::size_t officials = 0;
  const auto kind = *store.schema().kind_index("officials");
  for (const Fact& x : store.facts()) officials += x.kind == kind ? 1 : 0;
  CHECK(officials == 3);
  CHECK(out.result.findings[1].rule_id == "parties.members");
  CHECK(store.document_of(out.result.findings[1].evidence[0].fact).id ==
        s.file("rules/std/parties.jsonl"));
  const auto& doc = store.document_of(f.evidence[0].fact);
  CHECK(doc.meta.at("role") == "table");
}

TEST_CASE("add_table_facts converts cells by column type", "[tables]") {
  FactStore store(builtin_schema());
  const SourceText src(
      "t.jsonl", "{\"n\": 2, \"d\": \"2024-01-29\", \"b\": true, \"t\": \"x\"}\n{\"t\": \"y\"}\n");
  Diagnostics diags;
  auto table = dsl::read_table("things", src, dsl::TableFormat::jsonl, {}, diags);
  KindDef kind{"things", "", {}};
  for (const auto& c : table.columns) kind.fields.push_back({c.name, c.type, ""});
  store.schema_for_update().add_kind(kind);
  CHECK(add_table_facts(table, store) == 2);
  const FactRef first{static_cast<std::uint32_t>(store.facts().size() - 2)};
  CHECK(std::get<double>(store.field(first, "n")) == 2);
  CHECK(std::get<Date>(store.field(first, "d")) == Date{19751});
  CHECK(std::get<bool>(store.field(first, "b")) == true);
  CHECK(std::get<std::string>(store.field(first, "t")) == "x");
  const FactRef second{first.index + 1};
  CHECK(!is_set(store.field(second, "n")));
  CHECK(store.fact(second).position.line == 2);
}

TEST_CASE("table readers hold up on arbitrary bytes", "[tables]") {
  // Short random texts over the characters that matter to the readers: every row's span lies
  // in the text and starts on the row's line, and each row has one cell per column.
  std::mt19937 rng(7);
  const std::string alphabet = ",\"\r\n a1-{}:[]\xEF\xBB\xBF\xFF";
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
    for (const char* name : {"f.csv", "f.jsonl"}) {
      const ReadTable t(name, text, {{"a", Type::number()}});
      for (const auto& row : t.table.rows) {
        REQUIRE(row.span.begin <= row.span.end);
        REQUIRE(row.span.end <= text.size());
        REQUIRE(t.source.line_col(row.span.begin).line == row.line);
        REQUIRE(row.cells.size() == t.table.columns.size());
      }
    }
  }
}
