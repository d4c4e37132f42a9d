// The CI report formats of `verity check` (SARIF 2.1.0, JUnit XML, GitHub workflow commands)
// on a real run: real documents in a scratch folder, the shipped summary pack plus a
// cross-source rule, the real pipeline. SARIF is checked against the structure of the SARIF
// 2.1.0 schema for the properties verity writes; JUnit with a small XML well-formedness
// checker written here (no XML library: the subset verity writes is small, and a checker we
// can read tells exactly what it accepts).
#include <sys/wait.h>

#include <algorithm>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/pipeline.hpp"
#include "engine/report.hpp"
#include "engine/report_formats.hpp"
#include "engine/report_github.hpp"
#include "engine/report_junit.hpp"
#include "engine/report_sarif.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace verity_test;
using nlohmann::json;

// The story name carries XML and JSON special characters into every summary finding's message.
const std::string kStory = "bridge<script>&\"'";

// A summary with a figure no source has, on a line with a non-ASCII word before it (so that
// code-point and byte columns differ), and a source; plus a cross-source rule of our own with a
// URL help, so that results have related locations in another file.
void write_fixture(const TempDir& tmp) {
  write_file(tmp.path / "story" / "brief.md",
             "---\nstory: " + kStory +
                 "\nrole: summary\npublished: 2026-02-03\n---\n# The brief\n\n"
                 "The city will plant 3,500 trees, parks director Nora Quist said.\n\n"
                 "Café owners heard that the programme costs $4.2 million.\n");
  write_file(
      tmp.path / "story" / "source.md",
      "---\nstory: " + kStory +
          "\nrole: source\npublished: 2026-02-02\n---\n# The source\n\n"
          "The city will plant 3,500 trees along the river, parks director Nora Quist said.\n\n"
          "The programme costs $2.4 million and is funded by a federal grant.\n");
  write_file(
      tmp.path / "pair.rules",
      "rule fmt.pair \"A summary's figure differs from a source's\" {\n"
      "  severity warning\n"
      "  tags test, figures\n"
      "  help \"https://example.org/help/pair\"\n"
      "  for a: figure, b: figure\n"
      "  where a.doc.role == \"summary\" and b.doc.role != \"summary\" and a.unit == b.unit\n"
      "  require a.value == b.value\n"
      "  report \"{a.text} in the summary, {b.text} in the source\"\n"
      "}\n");
}

verity::CheckOutcome run_fixture(const TempDir& tmp) {
  verity::CheckOptions options;
  options.rule_paths = {VERITY_SOURCE_DIR "/rules/summary.rules",
                        (tmp.path / "pair.rules").string()};
  options.documents = {(tmp.path / "story").string()};
  options.db_path.clear();
  options.compile.std_dir = VERITY_SOURCE_DIR "/rules";
  verity::CheckOutcome out = verity::run_check(options);
  INFO(verity::render(out.rules->diagnostics));
  REQUIRE(!out.rules_failed());
  REQUIRE(!out.input_failed());
  return out;
}

verity::ReportOptions report_options(const verity::CheckOutcome& out) {
  verity::ReportOptions options;
  options.plans = &out.rules->plans;
  options.explanations = &out.explanations;
  return options;
}

std::string render(const std::string& format, const verity::CheckOutcome& out, const TempDir& tmp) {
  verity::RunSummary summary;
  summary.documents = out.store->documents().size();
  summary.facts = out.store->facts().size();
  summary.rules = out.rules->plans.size();
  return verity::render_report(format, out.result, *out.store, summary, report_options(out),
                               tmp.path.string());
}

// ---- SARIF 2.1.0: the schema's structure, for the properties verity writes ----------------

void expect(std::vector<std::string>& errors, bool ok, const std::string& what) {
  if (!ok) errors.push_back(what);
}

bool positive_int(const json& j) {
  return j.is_number_integer() && j.get<long long>() >= 1;
}

bool message_ok(const json& m) {
  return m.is_object() && m.contains("text") && m["text"].is_string();
}

void check_physical_location(const json& loc, std::size_t artifact_count, const std::string& at,
                             std::vector<std::string>& errors) {
  expect(errors, loc.is_object(), at + " is an object");
  if (!loc.is_object()) return;
  const json& art = loc.value("artifactLocation", json());
  expect(errors, art.is_object() && art.contains("uri") && art["uri"].is_string(),
         at + ".artifactLocation.uri is a string");
  if (art.contains("index")) {
    expect(errors,
           art["index"].is_number_integer() && art["index"].get<long long>() >= 0 &&
               art["index"].get<std::size_t>() < artifact_count,
           at + ".artifactLocation.index names an artifact");
  }
  if (art.contains("uri") && art["uri"].is_string()) {
    const std::string uri = art["uri"];
    expect(errors, uri.find('\\') == std::string::npos && uri.find(' ') == std::string::npos,
           at + ".artifactLocation.uri is a URI reference (no backslash, no space)");
  }
  if (!loc.contains("region")) return;
  const json& region = loc["region"];
  expect(errors, region.is_object(), at + ".region is an object");
  expect(errors, positive_int(region.value("startLine", json())),
         at + ".region.startLine is an integer >= 1");
  for (const char* key : {"startColumn", "endLine", "endColumn"}) {
    if (region.contains(key)) {
      expect(errors, positive_int(region[key]), at + ".region." + key + " is an integer >= 1");
    }
  }
  if (positive_int(region.value("endLine", json())) &&
      positive_int(region.value("startLine", json()))) {
    expect(errors, region["endLine"] >= region["startLine"], at + ".region ends after it starts");
  }
}

// Errors of `log` against the SARIF 2.1.0 schema's required properties and types (the subset
// verity writes); empty when it conforms.
std::vector<std::string> sarif_errors(const json& log) {
  std::vector<std::string> errors;
  const std::set<std::string> levels = {"none", "note", "warning", "error"};
  expect(errors, log.is_object(), "the log is an object");
  if (!log.is_object()) return errors;
  expect(errors, log.value("version", json()) == "2.1.0", "version is \"2.1.0\"");
  expect(errors, log.value("$schema", json()).is_string(), "$schema is a string");
  expect(errors, log.value("runs", json()).is_array(), "runs is an array");
  if (!log.value("runs", json()).is_array()) return errors;
  for (const json& run : log["runs"]) {
    const json& driver = run.value("tool", json()).value("driver", json());
    expect(errors, driver.is_object(), "run.tool.driver is an object");
    if (!driver.is_object()) continue;
    expect(errors, driver.value("name", json()).is_string(), "tool.driver.name is a string");
    if (driver.contains("version")) {
      expect(errors, driver["version"].is_string(), "tool.driver.version is a string");
    }
    if (run.contains("columnKind")) {
      expect(errors,
             run["columnKind"] == "utf16CodeUnits" || run["columnKind"] == "unicodeCodePoints",
             "run.columnKind is utf16CodeUnits or unicodeCodePoints");
    }
    std::vector<std::string> rule_ids;
    const json& rules = driver.value("rules", json::array());
    expect(errors, rules.is_array(), "tool.driver.rules is an array");
    for (const json& rule : rules) {
      const std::string at = "rule " + rule.value("id", std::string("?"));
      expect(errors, rule.value("id", json()).is_string(), at + ": id is a string");
      rule_ids.push_back(rule.value("id", std::string()));
      for (const char* key : {"shortDescription", "fullDescription", "help"}) {
        if (rule.contains(key)) expect(errors, message_ok(rule[key]), at + ": " + key + ".text");
      }
      if (rule.contains("helpUri")) {
        expect(errors, rule["helpUri"].is_string(), at + ": helpUri is a string");
      }
      const json& level = rule.value("defaultConfiguration", json()).value("level", json());
      expect(errors, level.is_string() && levels.count(level.get<std::string>()),
             at + ": defaultConfiguration.level is a level");
      const json& tags = rule.value("properties", json()).value("tags", json::array());
      expect(errors, tags.is_array(), at + ": properties.tags is an array");
      for (const json& t : tags) expect(errors, t.is_string(), at + ": each tag is a string");
    }
    const json& artifacts = run.value("artifacts", json::array());
    expect(errors, artifacts.is_array(), "run.artifacts is an array");
    for (const json& a : artifacts) {
      expect(errors, a.value("location", json()).value("uri", json()).is_string(),
             "artifact.location.uri is a string");
    }
    expect(errors, run.value("results", json()).is_array(), "run.results is an array");
    if (!run.value("results", json()).is_array()) continue;
    for (const json& r : run["results"]) {
      const std::string at = "result " + r.value("ruleId", std::string("?"));
      expect(errors, message_ok(r.value("message", json())), at + ": message.text is a string");
      expect(errors, r.value("ruleId", json()).is_string(), at + ": ruleId is a string");
      if (r.contains("ruleIndex")) {
        const json& i = r["ruleIndex"];
        const bool in_range = i.is_number_integer() && i.get<long long>() >= 0 &&
                              i.get<std::size_t>() < rule_ids.size();
        expect(errors, in_range, at + ": ruleIndex is an index of tool.driver.rules");
        if (in_range) {
          expect(errors, rule_ids[i.get<std::size_t>()] == r.value("ruleId", std::string()),
                 at + ": ruleId is the id of rules[ruleIndex]");
        }
      }
      expect(errors, r.value("level", json()).is_string() && levels.count(r["level"]),
             at + ": level is none, note, warning or error");
      const json& locations = r.value("locations", json::array());
      expect(errors, locations.is_array(), at + ": locations is an array");
      for (const json& l : locations) {
        check_physical_location(l.value("physicalLocation", json()), artifacts.size(),
                                at + ": locations[].physicalLocation", errors);
      }
      std::set<long long> ids;
      for (const json& l : r.value("relatedLocations", json::array())) {
        check_physical_location(l.value("physicalLocation", json()), artifacts.size(),
                                at + ": relatedLocations[].physicalLocation", errors);
        expect(errors, l.value("id", json()).is_number_integer(),
               at + ": related id is an integer");
        if (l.value("id", json()).is_number_integer()) {
          expect(errors, ids.insert(l["id"].get<long long>()).second, at + ": related ids unique");
        }
        if (l.contains("message"))
          expect(errors, message_ok(l["message"]), at + ": related message");
      }
      const json& fingerprints = r.value("partialFingerprints", json::object());
      expect(errors, fingerprints.is_object(), at + ": partialFingerprints is an object");
      for (const auto& [key, value] : fingerprints.items()) {
        expect(errors, value.is_string(), at + ": partialFingerprints." + key + " is a string");
      }
      for (const json& s : r.value("suppressions", json::array())) {
        expect(errors,
               s.value("kind", json()) == "inSource" || s.value("kind", json()) == "external",
               at + ": suppression kind is inSource or external");
      }
    }
  }
  return errors;
}

// ---- XML well-formedness (the subset verity writes) ----------------------------------------

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;  // values with entities decoded
  std::vector<XmlElement> children;
  std::string text;  // character data, entities decoded
};

// Parses a document of a prolog and nested elements with attributes and character data; any
// unbalanced tag, unquoted or duplicate attribute, raw `<` in data or attribute, or `&` that
// does not start a known entity or character reference sets `error`.
class XmlChecker {
 public:
  explicit XmlChecker(std::string text) : s_(std::move(text)) {}

  bool parse(XmlElement& root) {
    if (s_.compare(0, 5, "<?xml") == 0) {
      const auto end = s_.find("?>");
      if (end == std::string::npos) return fail("unterminated XML declaration");
      i_ = end + 2;
    }
    skip_space();
    if (!element(root)) return false;
    skip_space();
    if (i_ != s_.size()) return fail("content after the root element");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at byte " + std::to_string(i_);
    return false;
  }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
           c == '.';
  }
  std::string name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && name_char(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }
  // Decodes `raw`, which may not contain `<`; `&` must start an entity.
  bool decode(const std::string& raw, std::string& out) {
    static const std::map<std::string, std::string> entities = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
    for (std::size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '<') return fail("raw < in character data or attribute");
      if (raw[k] != '&') {
        out += raw[k];
        continue;
      }
      const auto semi = raw.find(';', k);
      if (semi == std::string::npos) return fail("& without ;");
      const std::string entity = raw.substr(k + 1, semi - k - 1);
      if (entities.count(entity)) {
        out += entities.at(entity);
      } else if (entity.size() > 1 && entity[0] == '#') {
        out += '?';  // a character reference: well-formed; its code point does not matter here
      } else {
        return fail("unknown entity &" + entity + ";");
      }
      k = semi;
    }
    return true;
  }
  bool element(XmlElement& e) {
    if (i_ >= s_.size() || s_[i_] != '<') return fail("expected <");
    ++i_;
    e.name = name();
    if (e.name.empty()) return fail("element without a name");
    for (;;) {
      const std::size_t before = i_;
      skip_space();
      if (i_ >= s_.size()) return fail("unterminated start tag");
      if (s_.compare(i_, 2, "/>") == 0) {
        i_ += 2;
        return true;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      if (i_ == before) return fail("no space before an attribute");
      const std::string attr = name();
      if (attr.empty() || i_ >= s_.size() || s_[i_] != '=') return fail("attribute without =");
      ++i_;
      if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) {
        return fail("attribute value not quoted");
      }
      const char quote = s_[i_++];
      const auto end = s_.find(quote, i_);
      if (end == std::string::npos) return fail("unterminated attribute value");
      std::string value;
      if (!decode(s_.substr(i_, end - i_), value)) return false;
      if (!e.attributes.emplace(attr, value).second) return fail("duplicate attribute " + attr);
      i_ = end + 1;
    }
    for (;;) {
      const auto lt = s_.find('<', i_);
      if (lt == std::string::npos) return fail("unterminated element " + e.name);
      if (!decode(s_.substr(i_, lt - i_), e.text)) return false;
      i_ = lt;
      if (s_.compare(i_, 2, "</") == 0) {
        i_ += 2;
        if (name() != e.name) return fail("end tag does not match <" + e.name + ">");
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '>') return fail("unterminated end tag");
        ++i_;
        return true;
      }
      e.children.emplace_back();
      if (!element(e.children.back())) return false;
    }
  }

  std::string s_;
  std::size_t i_ = 0;
  std::string error_;
};

std::vector<const XmlElement*> children_named(const XmlElement& e, const std::string& name) {
  std::vector<const XmlElement*> out;
  for (const auto& c : e.children) {
    if (c.name == name) out.push_back(&c);
  }
  return out;
}

const verity::Finding* finding_of(const verity::CheckOutcome& out, const std::string& rule) {
  for (const auto& f : out.result.findings) {
    if (f.rule_id == rule) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("SARIF output has the SARIF 2.1.0 structure and locates findings", "[sarif]") {
  TempDir tmp;
  write_fixture(tmp);
  const verity::CheckOutcome out = run_fixture(tmp);
  const json log = json::parse(render("sarif", out, tmp));
  const auto errors = sarif_errors(log);
  INFO(log.dump(2));
  for (const auto& e : errors) UNSCOPED_INFO(e);
  REQUIRE(errors.empty());

  const json& run = log["runs"][0];
  REQUIRE(run["tool"]["driver"]["name"] == "verity");
  REQUIRE(run["columnKind"] == "unicodeCodePoints");
  // Every rule that ran is described, with its title, help and default level.
  REQUIRE(run["tool"]["driver"]["rules"].size() == out.rules->plans.size());
  const json* pair_rule = nullptr;
  for (const json& r : run["tool"]["driver"]["rules"]) {
    if (r["id"] == "fmt.pair") pair_rule = &r;
  }
  REQUIRE(pair_rule != nullptr);
  CHECK((*pair_rule)["shortDescription"]["text"] == "A summary's figure differs from a source's");
  CHECK((*pair_rule)["helpUri"] == "https://example.org/help/pair");
  CHECK((*pair_rule)["defaultConfiguration"]["level"] == "warning");
  CHECK((*pair_rule)["properties"]["tags"] == json({"test", "figures"}));

  REQUIRE(run["results"].size() == out.result.findings.size());
  const verity::Finding* figure = finding_of(out, "summary.figure-supported");
  REQUIRE(figure != nullptr);
  bool seen_figure = false, seen_pair = false;
  for (const json& r : run["results"]) {
    if (r["ruleId"] == "summary.figure-supported" &&
        r["message"]["text"].get<std::string>().find("$4.2 million") != std::string::npos) {
      seen_figure = true;
      CHECK(r["level"] == "error");
      const json& loc = r["locations"][0]["physicalLocation"];
      CHECK(loc["artifactLocation"]["uri"] == "story/brief.md");  // relative to the root
      // Line 10 of brief.md; "Café owners heard that the programme costs " is 43 code points
      // (44 bytes: é is two), so the figure starts at column 44 and ends before 56.
      CHECK(loc["region"]["startLine"] == 10);
      CHECK(loc["region"]["startColumn"] == 44);
      CHECK(loc["region"]["endLine"] == 10);
      CHECK(loc["region"]["endColumn"] == 56);
      // The sources searched are related locations.
      REQUIRE(r.contains("relatedLocations"));
      CHECK(r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
            "story/source.md");
      CHECK(r["partialFingerprints"]["verity/v1"].get<std::string>().size() >= 16);
    }
    if (r["ruleId"] == "fmt.pair" &&
        r["message"]["text"].get<std::string>().find("$4.2 million") != std::string::npos) {
      seen_pair = true;
      CHECK(r["level"] == "warning");
      // Located in the summary (the summary's fact), the source's fact related.
      CHECK(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "story/brief.md");
      bool source_fact = false;
      for (const json& rel : r["relatedLocations"]) {
        if (rel["physicalLocation"]["artifactLocation"]["uri"] == "story/source.md" &&
            rel["physicalLocation"].contains("region") &&
            rel["physicalLocation"]["region"]["startLine"] == 10) {
          source_fact = rel["message"]["text"].get<std::string>().rfind("b: figure", 0) == 0;
        }
      }
      CHECK(source_fact);
    }
  }
  CHECK(seen_figure);
  CHECK(seen_pair);
  // The fingerprint is the finding's.
  bool fingerprint_found = false;
  for (const json& r : run["results"]) {
    fingerprint_found |= r["partialFingerprints"]["verity/v1"] == figure->fingerprint;
  }
  CHECK(fingerprint_found);
}

TEST_CASE("the SARIF structure check rejects what the schema rejects", "[sarif]") {
  TempDir tmp;
  write_fixture(tmp);
  const verity::CheckOutcome out = run_fixture(tmp);
  const json good = json::parse(render("sarif", out, tmp));
  REQUIRE(sarif_errors(good).empty());
  REQUIRE(!good["runs"][0]["results"].empty());
  json bad = good;
  bad["version"] = "2.0.0";
  CHECK(!sarif_errors(bad).empty());
  bad = good;
  bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  CHECK(!sarif_errors(bad).empty());
  bad = good;
  bad["runs"][0]["results"][0]["level"] = "fatal";
  CHECK(!sarif_errors(bad).empty());
  bad = good;
  bad["runs"][0]["results"][0]["ruleIndex"] = 999;
  CHECK(!sarif_errors(bad).empty());
  bad = good;
  bad["runs"][0]["results"][0]["message"] = "not an object";
  CHECK(!sarif_errors(bad).empty());
  bad = good;
  bad["runs"][0]["results"][0]["partialFingerprints"]["verity/v1"] = 7;
  CHECK(!sarif_errors(bad).empty());
}

TEST_CASE("JUnit output is well-formed XML with a testcase per rule and a failure per finding",
          "[junit]") {
  TempDir tmp;
  write_fixture(tmp);
  const verity::CheckOutcome out = run_fixture(tmp);
  const std::string xml = render("junit", out, tmp);
  XmlElement root;
  XmlChecker checker(xml);
  INFO(xml);
  REQUIRE(checker.parse(root));
  REQUIRE(root.name == "testsuites");
  const auto suites = children_named(root, "testsuite");
  REQUIRE(suites.size() == 1);
  const auto cases = children_named(*suites[0], "testcase");
  REQUIRE(cases.size() == out.rules->plans.size());
  std::size_t failures = 0, failed_cases = 0;
  std::set<std::string> names;
  for (const XmlElement* c : cases) {
    names.insert(c->attributes.at("name"));
    const auto f = children_named(*c, "failure");
    failures += f.size();
    failed_cases += f.empty() ? 0 : 1;
    for (const XmlElement* failure : f) {
      CHECK(failure->attributes.count("message") == 1);
      const std::string type = failure->attributes.at("type");
      CHECK((type == "error" || type == "warning" || type == "info"));
    }
  }
  CHECK(names.count("summary.figure-supported") == 1);
  CHECK(names.count("fmt.pair") == 1);
  REQUIRE(failures == out.result.findings.size());
  REQUIRE(failures > 0);
  CHECK(suites[0]->attributes.at("tests") == std::to_string(cases.size()));
  CHECK(suites[0]->attributes.at("failures") == std::to_string(failed_cases));
  CHECK(root.attributes.at("failures") == std::to_string(failed_cases));
  // The story's <script>&"' is escaped in the XML and comes back intact.
  CHECK(xml.find("<script>") == std::string::npos);
  bool story_intact = false;
  for (const XmlElement* c : cases) {
    for (const XmlElement* f : children_named(*c, "failure")) {
      story_intact |= f->attributes.at("message").find(kStory) != std::string::npos;
      if (c->attributes.at("name") == "summary.figure-supported") {
        CHECK(f->text.find("story/brief.md:10:44") != std::string::npos);
        CHECK(f->text.find("source searched: story/source.md") != std::string::npos);
      }
    }
  }
  CHECK(story_intact);
}

TEST_CASE("the XML checker rejects malformed XML", "[junit]") {
  XmlElement e;
  CHECK(XmlChecker("<a><b></a>").parse(e) == false);
  CHECK(XmlChecker("<a x=1/>").parse(e) == false);
  CHECK(XmlChecker("<a x=\"1\" x=\"2\"/>").parse(e) == false);
  CHECK(XmlChecker("<a>fish & chips</a>").parse(e) == false);
  CHECK(XmlChecker("<a>1 < 2</a>").parse(e) == false);
  CHECK(XmlChecker("<a x=\"<\"/>").parse(e) == false);
  CHECK(XmlChecker("<a>&nbsp;</a>").parse(e) == false);
  CHECK(XmlChecker("<a/><b/>").parse(e) == false);
  XmlElement ok;
  REQUIRE(XmlChecker("<?xml version=\"1.0\"?>\n<a x='&lt;&amp;'>t&quot;<b/></a>\n").parse(ok));
  CHECK(ok.attributes.at("x") == "<&");
  CHECK(ok.text == "t\"");
  CHECK(verity::xml_escape("<script>&\"'\x01") == "&lt;script&gt;&amp;&quot;&apos;\xEF\xBF\xBD");
}

TEST_CASE("GitHub workflow commands annotate each finding at its place", "[github]") {
  TempDir tmp;
  write_fixture(tmp);
  const verity::CheckOutcome out = run_fixture(tmp);
  const std::string text = render("github", out, tmp);
  std::istringstream lines(text);
  std::string line;
  std::size_t count = 0;
  bool figure_line = false;
  while (std::getline(lines, line)) {
    ++count;
    INFO(line);
    REQUIRE((line.rfind("::error file=", 0) == 0 || line.rfind("::warning file=", 0) == 0 ||
             line.rfind("::notice file=", 0) == 0));
    // One command per line: the message's line breaks are escaped.
    const auto data = line.find("::", 2);
    REQUIRE(data != std::string::npos);
    if (line.find("title=summary.figure-supported") != std::string::npos &&
        line.find("$4.2 million") != std::string::npos) {
      figure_line = true;
      CHECK(line.rfind("::error file=story/brief.md,line=10,col=44,endLine=10,endColumn=56,"
                       "title=summary.figure-supported::",
                       0) == 0);
      CHECK(line.find("%0Asources searched: story/source.md") != std::string::npos);
    }
    if (line.find("title=fmt.pair") != std::string::npos) CHECK(line.rfind("::warning ", 0) == 0);
  }
  CHECK(figure_line);
  CHECK(count == out.result.findings.size());
  CHECK(verity::github_escape_data("50%\r\nnext") == "50%25%0D%0Anext");
  CHECK(verity::github_escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A");
}

TEST_CASE("every report format is byte-identical across two runs of the same input",
          "[sarif][junit][github]") {
  TempDir tmp;
  write_fixture(tmp);
  const verity::CheckOutcome first = run_fixture(tmp);
  const verity::CheckOutcome second = run_fixture(tmp);
  REQUIRE(!first.result.findings.empty());
  for (const char* format : {"text", "json", "sarif", "junit", "github"}) {
    INFO(format);
    const std::string a = render(format, first, tmp), b = render(format, second, tmp);
    CHECK(!a.empty());
    CHECK(a == b);
    // The CI formats write paths relative to the root (text and JSON keep document ids as
    // given, here absolute).
    if (std::string(format) != "text" && std::string(format) != "json") {
      CHECK(a.find(tmp.path.string()) == std::string::npos);
    }
  }
}

TEST_CASE("check --output writes the report to a file and the summary line to the terminal",
          "[sarif][cli]") {
  TempDir tmp;
  write_fixture(tmp);
  const fs::path stdout_file = tmp.path / "stdout.txt";
  const std::string base = "cd '" + tmp.path.string() + "' && '" VERITY_BINARY "' check --no-db " +
                           "--rules '" VERITY_SOURCE_DIR "/rules/summary.rules' ";
  int status = std::system(
      (base + "--format sarif --output report.sarif story > '" + stdout_file.string() + "' 2>&1")
          .c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);  // the summary's wrong figure is an error
  const std::string terminal = slurp(stdout_file);
  INFO(terminal);
  CHECK(terminal.find("sarif report written to report.sarif") != std::string::npos);
  CHECK(terminal.find("finding") != std::string::npos);
  CHECK(std::count(terminal.begin(), terminal.end(), '\n') == 1);
  const json log = json::parse(slurp(tmp.path / "report.sarif"));
  CHECK(sarif_errors(log).empty());
  CHECK(!log["runs"][0]["results"].empty());

  status =
      std::system((base + "--format yaml story > '" + stdout_file.string() + "' 2>&1").c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(slurp(stdout_file).find("--format must be text, json, sarif, junit or github") !=
        std::string::npos);

  status = std::system((base + "--format junit --output no/such/folder/r.xml story > '" +
                        stdout_file.string() + "' 2>&1")
                           .c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(slurp(stdout_file).find("no/such/folder/r.xml: cannot write the report") !=
        std::string::npos);
}

TEST_CASE("suppressed findings are marked in SARIF and do not fail JUnit or annotate GitHub",
          "[sarif][junit][github]") {
  TempDir tmp;
  write_fixture(tmp);
  // An inline suppression with a reason over Karl Ekberg's line, and one without a reason
  // (itself a verity.suppression warning, a finding with no facts).
  write_file(tmp.path / "story" / "brief.md",
             "---\nstory: " + kStory +
                 "\nrole: summary\npublished: 2026-02-03\n---\n# The brief\n\n"
                 "Café owners heard that the programme costs $4.2 million.\n\n"
                 "<!-- verity-ignore summary.person-supported: named in the council video -->\n"
                 "The plan was backed by deputy mayor Karl Ekberg.\n\n"
                 "<!-- verity-ignore summary.person-supported -->\n"
                 "Councillor Ada Brennholt agreed.\n");
  const verity::CheckOutcome out = run_fixture(tmp);
  const verity::Finding* suppressed = nullptr;
  std::size_t counting = 0;
  for (const auto& f : out.result.findings) {
    if (f.suppressed && f.suppression_reason == "named in the council video") suppressed = &f;
    counting += f.suppressed || f.baselined ? 0 : 1;
  }
  REQUIRE(suppressed != nullptr);

  const json log = json::parse(render("sarif", out, tmp));
  REQUIRE(sarif_errors(log).empty());
  bool marked = false;
  for (const json& r : log["runs"][0]["results"]) {
    if (r["partialFingerprints"]["verity/v1"] != suppressed->fingerprint) continue;
    REQUIRE(r.contains("suppressions"));
    CHECK(r["suppressions"][0]["kind"] == "inSource");
    CHECK(r["suppressions"][0]["justification"] == "named in the council video");
    marked = true;
  }
  CHECK(marked);
  // A finding without facts (the warning about the reasonless suppression) is located at the
  // comment's line.
  for (const json& r : log["runs"][0]["results"]) {
    if (r["ruleId"] != "verity.suppression") continue;
    REQUIRE(r.contains("locations"));
    CHECK(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "story/brief.md");
  }

  XmlElement root;
  XmlChecker checker(render("junit", out, tmp));
  REQUIRE(checker.parse(root));
  std::size_t failures = 0;
  bool listed = false;
  for (const XmlElement* c : children_named(*children_named(root, "testsuite")[0], "testcase")) {
    failures += children_named(*c, "failure").size();
    for (const XmlElement* o : children_named(*c, "system-out")) {
      listed |= o->text.find("named in the council video") != std::string::npos;
    }
  }
  CHECK(failures == counting);
  CHECK(listed);

  const std::string github = render("github", out, tmp);
  CHECK(static_cast<std::size_t>(std::count(github.begin(), github.end(), '\n')) == counting);
  CHECK(github.find("Karl Ekberg") == std::string::npos);
}
