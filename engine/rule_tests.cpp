// Rule tests: fixtures, markers, and the comparison of expected with actual findings.
#include "engine/rule_tests.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "engine/pipeline.hpp"

namespace verity {
namespace {

namespace fs = std::filesystem;

struct Expectation {
  std::string doc;
  std::uint32_t line = 0;
  std::string rule;
  bool expected = true;  // false: `no:`
};

bool is_fixture(const fs::path& p) {
  return p.extension() == ".md" || p.extension() == ".txt";
}

// Folders under `root` (root included) that directly hold fixture files, sorted.
std::vector<std::string> case_folders(const std::string& root) {
  std::set<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return {};
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec) && is_fixture(it->path())) {
      out.insert(it->path().parent_path().string());
    }
  }
  return {out.begin(), out.end()};
}

// Reads `expect: RULE` and `no: RULE` markers from a document's comments.
void read_markers(const Document& doc, std::vector<Expectation>& out, std::string& report) {
  for (const DocComment& c : doc.comments) {
    const bool expect = c.text.rfind("expect:", 0) == 0;
    const bool none = c.text.rfind("no:", 0) == 0;
    if (!expect && !none) continue;
    std::string rule = c.text.substr(expect ? 7 : 3);
    rule.erase(0, rule.find_first_not_of(" \t"));
    rule.erase(rule.find_last_not_of(" \t") + 1);
    const std::uint32_t line = doc.position(c.span.begin).line;
    if (rule.empty() || rule.find(' ') != std::string::npos) {
      report += fmt::format(
          "{}:{}: error: a marker names one rule, as in <!-- expect: "
          "quote.speaker -->\n",
          doc.id, line);
      continue;
    }
    out.push_back({doc.id, line, rule, expect});
  }
}

}  // namespace

RuleTestOutcome run_rule_tests(const std::vector<std::string>& rule_paths,
                               const std::string& tests_root, const std::string& std_dir) {
  RuleTestOutcome outcome;
  for (const std::string& folder : case_folders(tests_root)) {
    CheckOptions options;
    options.rule_paths = rule_paths;
    options.db_path.clear();
    options.compile.std_dir = std_dir;
    std::vector<std::string> fixtures;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.is_regular_file() && is_fixture(entry.path())) {
        fixtures.push_back(entry.path().string());
      }
    }
    std::sort(fixtures.begin(), fixtures.end());
    options.documents = fixtures;
    CheckOutcome run = run_check(options);
    if (run.rules_failed()) {
      outcome.rules_failed = true;
      outcome.report = render(run.rules->diagnostics);
      return outcome;
    }
    ++outcome.cases;
    for (const auto& p : run.problems) {
      outcome.report += render(p);
      if (p.fatal) ++outcome.failures;
    }

    std::vector<Expectation> expectations;
    for (const Document& doc : run.store->documents()) {
      read_markers(doc, expectations, outcome.report);
    }
    std::set<std::string> known_rules;
    for (const auto& plan : run.rules->plans) known_rules.insert(plan.rule->id);
    std::set<std::string> checked_rules;
    for (const auto& e : expectations) {
      if (!known_rules.count(e.rule)) {
        outcome.report += fmt::format(
            "{}:{}: error: the marker names rule '{}', which no rule "
            "file defines\n",
            e.doc, e.line, e.rule);
        ++outcome.failures;
        continue;
      }
      checked_rules.insert(e.rule);
      ++outcome.expectations;
    }

    // Where each finding of a checked rule is: every (document, line) of a fact it binds.
    using Place = std::tuple<std::string, std::uint32_t, std::string>;  // doc, line, rule
    std::map<Place, std::vector<const Finding*>> found;
    for (const Finding& f : run.result.findings) {
      if (!checked_rules.count(f.rule_id)) continue;
      for (const Evidence& e : f.evidence) {
        if (run.store->kind_name(e.fact) == "doc") continue;
        const Place place{run.store->document_of(e.fact).id, run.store->fact(e.fact).position.line,
                          f.rule_id};
        auto& list = found[place];
        if (std::find(list.begin(), list.end(), &f) == list.end()) list.push_back(&f);
      }
    }
    std::set<const Finding*> accounted;
    for (const auto& e : expectations) {
      if (!known_rules.count(e.rule)) continue;
      auto it = found.find(Place{e.doc, e.line, e.rule});
      const bool present = it != found.end();
      if (present) accounted.insert(it->second.begin(), it->second.end());
      if (e.expected && !present) {
        outcome.report +=
            fmt::format("{}:{}: missing finding: expected {} here\n", e.doc, e.line, e.rule);
        ++outcome.failures;
      } else if (!e.expected && present) {
        outcome.report += fmt::format("{}:{}: unexpected finding: {}: {}\n", e.doc, e.line, e.rule,
                                      it->second.front()->message);
        ++outcome.failures;
      }
    }
    for (const auto& [place, list] : found) {
      for (const Finding* f : list) {
        if (accounted.count(f)) continue;
        accounted.insert(f);
        outcome.report += fmt::format("{}:{}: unexpected finding: {}: {}\n", std::get<0>(place),
                                      std::get<1>(place), f->rule_id, f->message);
        ++outcome.failures;
      }
    }
  }
  if (outcome.expectations == 0) {
    outcome.report += fmt::format(
        "{}: error: no expectation found: rule tests are fixture "
        "documents with <!-- expect: RULE --> markers\n",
        tests_root);
  }
  outcome.report += fmt::format("{} case{}, {} expectation{}, {} failure{}\n", outcome.cases,
                                outcome.cases == 1 ? "" : "s", outcome.expectations,
                                outcome.expectations == 1 ? "" : "s", outcome.failures,
                                outcome.failures == 1 ? "" : "s");
  return outcome;
}

}  // namespace verity
