// The extraction corpus (tests/data/extract-corpus): short news-like texts written by the team,
// each NAME.md (front matter gives `published`) with NAME.expect.jsonl beside it. The real
// loader and extractor run on every text; every expectation line is checked and every failure
// is reported with its file and line. Per-kind recall and precision over the corpus are
// printed (see tests/data/extract-corpus/README.md for the expectation format).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/document_loader.hpp"
#include "engine/extract.hpp"
#include "engine/value.hpp"

using namespace verity;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::set<std::string> kMetaKeys = {"kind", "not", "known_miss", "note", "span", "complete"};

// Whether fact field `v` matches the expected JSON value `want` (null: the field is unset).
bool value_matches(const Value* v, const json& want) {
  if (want.is_null()) return v == nullptr;
  if (v == nullptr) return false;
  if (want.is_boolean()) {
    return std::holds_alternative<bool>(*v) && std::get<bool>(*v) == want.get<bool>();
  }
  if (want.is_number()) {
    if (!std::holds_alternative<double>(*v)) return false;
    const double a = std::get<double>(*v), b = want.get<double>();
    return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
  }
  if (want.is_string()) {
    const std::string w = want.get<std::string>();
    if (std::holds_alternative<std::string>(*v)) return std::get<std::string>(*v) == w;
    if (std::holds_alternative<Date>(*v)) return to_iso(std::get<Date>(*v)) == w;
  }
  return false;
}

const Value* field_of(const NewFact& f, const std::string& name) {
  for (const auto& [k, v] : f.fields) {
    if (k == name) return &v;
  }
  return nullptr;
}

bool fact_matches(const Document& d, const NewFact& f, const json& e) {
  if (f.kind != e.value("kind", "")) return false;
  if (e.contains("span") && d.text.text().substr(f.span.begin, f.span.end - f.span.begin) !=
                                e["span"].get<std::string>()) {
    return false;
  }
  for (const auto& [key, want] : e.items()) {
    if (kMetaKeys.count(key) != 0) continue;
    if (!value_matches(field_of(f, key), want)) return false;
  }
  return true;
}

std::string describe(const NewFact& f) {
  std::ostringstream out;
  out << f.kind << " [" << f.span.begin << "," << f.span.end << ")";
  for (const auto& [k, v] : f.fields) {
    out << " " << k << "=";
    if (const auto* s = std::get_if<std::string>(&v)) {
      out << '"' << *s << '"';
    } else if (const auto* n = std::get_if<double>(&v)) {
      out << *n;
    } else if (const auto* b = std::get_if<bool>(&v)) {
      out << (*b ? "true" : "false");
    } else if (const auto* dt = std::get_if<Date>(&v)) {
      out << to_iso(*dt);
    }
  }
  return out.str();
}

struct KindCount {
  std::size_t expected = 0, found = 0, known_miss = 0;  // recall
  std::size_t extracted = 0, correct = 0;               // precision, over "complete" kinds
  std::size_t forbidden = 0, forbidden_seen = 0;
};

}  // namespace

TEST_CASE("the extraction corpus: every expected fact, no forbidden fact", "[extract][corpus]") {
  const fs::path dir = fs::path(VERITY_TEST_DATA_DIR) / "extract-corpus";
  std::vector<fs::path> texts;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".md" && entry.path().filename() != "README.md") {
      texts.push_back(entry.path());
    }
  }
  std::sort(texts.begin(), texts.end());
  REQUIRE(texts.size() >= 8);

  std::map<std::string, KindCount> counts;
  std::vector<std::string> failures;
  for (const fs::path& text : texts) {
    std::vector<InputProblem> problems;
    const std::optional<Document> doc = load_document(text.string(), problems);
    REQUIRE(doc.has_value());
    const std::vector<NewFact> facts = extract_facts(*doc);
    fs::path expect = text;
    expect.replace_extension(".expect.jsonl");
    std::ifstream in(expect);
    INFO(expect.string());
    REQUIRE(in.good());
    std::set<std::string> complete;
    std::set<std::size_t> claimed;  // facts matched by a positive expectation
    std::string line;
    for (int lineno = 1; std::getline(in, line); ++lineno) {
      if (line.empty() || line[0] == '#') continue;
      const std::string where = expect.filename().string() + ":" + std::to_string(lineno);
      json e;
      try {
        e = json::parse(line);
      } catch (const json::exception& ex) {
        failures.push_back(where + ": not JSON: " + ex.what());
        continue;
      }
      if (e.contains("complete")) {
        for (const json& k : e["complete"]) complete.insert(k.get<std::string>());
        continue;
      }
      const std::string kind = e.value("kind", "");
      KindCount& c = counts[kind];
      std::vector<std::size_t> hits;
      for (std::size_t k = 0; k < facts.size(); ++k) {
        if (fact_matches(*doc, facts[k], e)) hits.push_back(k);
      }
      if (e.value("not", false)) {
        ++c.forbidden;
        if (!hits.empty()) {
          ++c.forbidden_seen;
          failures.push_back(where + ": unexpected " + describe(facts[hits.front()]) +
                             "\n    forbidden by " + line);
        }
        continue;
      }
      ++c.expected;
      if (!hits.empty()) {
        ++c.found;
        claimed.insert(hits.begin(), hits.end());
        if (e.contains("known_miss")) {
          failures.push_back(where + ": marked known_miss but now found; drop the mark: " + line);
        }
      } else if (e.contains("known_miss")) {
        ++c.known_miss;
        std::cout << "known miss " << where << ": " << e["known_miss"].get<std::string>() << "\n";
      } else {
        std::string near;
        for (const NewFact& f : facts) {
          if (f.kind == kind) near += "\n    have: " + describe(f);
        }
        failures.push_back(where + ": missing " + line + near);
      }
    }
    for (std::size_t k = 0; k < facts.size(); ++k) {
      if (complete.count(facts[k].kind) == 0) continue;
      KindCount& c = counts[facts[k].kind];
      ++c.extracted;
      if (claimed.count(k) != 0) {
        ++c.correct;
      } else {
        std::cout << "not listed (" << text.filename().string() << "): " << describe(facts[k])
                  << "\n";
      }
    }
  }

  std::cout << "extraction corpus: " << texts.size() << " texts\n";
  for (const auto& [kind, c] : counts) {
    std::cout << "  " << kind << ": recall " << c.found << "/" << c.expected;
    if (c.expected > 0) std::cout << " = " << (100.0 * c.found / c.expected) << "%";
    if (c.known_miss > 0) std::cout << " (" << c.known_miss << " known misses)";
    if (c.extracted > 0) {
      std::cout << ", precision " << c.correct << "/" << c.extracted << " = "
                << (100.0 * c.correct / c.extracted) << "%";
    }
    std::cout << ", forbidden seen " << c.forbidden_seen << "/" << c.forbidden << "\n";
  }
  for (const std::string& f : failures) UNSCOPED_INFO(f);
  CHECK(failures.empty());
}
