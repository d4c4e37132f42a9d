// Counts how many discrepancies planted by gen_archive an audit found (bench/run_audit_bench.sh).
// Reads the planted file (one {"story", "rule", "kind", "doc"} per line) and the JSON report of
// the audit run (`verity report --db FILE --format json`, docs/json-output.md). A planted
// discrepancy is found when a finding of its rule (not "fixed") has evidence, all of it in
// documents of the planted story. Document ids are STORY-N (gen_archive), so the generator's
// story of each document is known whatever story the audit grouped it into.
// Also counted: findings of the planted rules in stories with nothing of that rule planted
// (false alarms on the synthetic text), and findings whose evidence spans documents of several
// generator stories (articles grouped together that belong to different stories).
//
// Usage: audit_recall PLANTED.jsonl REPORT.json
// Prints per kind, then one line: RECALL planted=N found=M recall=R false_alarms=F cross_story=C
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

std::string story_of(const std::string& doc) {
  const auto dash = doc.rfind('-');
  return dash == std::string::npos ? doc : doc.substr(0, dash);
}

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "audit_recall: %s\nusage: audit_recall PLANTED.jsonl REPORT.json\n",
               why.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) fail("two arguments expected");
  std::ifstream planted_in(argv[1]);
  if (!planted_in) fail(std::string("cannot read ") + argv[1]);
  std::map<std::pair<std::string, std::string>, std::string> planted;   // (story, rule) → kind
  std::set<std::pair<std::string, std::string>> planted_without_story;  // the doc has no `story`
  std::set<std::string> planted_rules;
  std::string line;
  while (std::getline(planted_in, line)) {
    if (line.empty()) continue;
    const json p = json::parse(line);
    planted[{p.at("story").get<std::string>(), p.at("rule").get<std::string>()}] =
        p.at("kind").get<std::string>();
    planted_rules.insert(p.at("rule").get<std::string>());
    if (!p.value("doc_has_story", true)) {
      planted_without_story.insert(
          {p.at("story").get<std::string>(), p.at("rule").get<std::string>()});
    }
  }

  std::ifstream report_in(argv[2]);
  if (!report_in) fail(std::string("cannot read ") + argv[2]);
  json report;
  try {
    report = json::parse(report_in);
  } catch (const json::exception& e) {
    fail(std::string("the report is not JSON: ") + e.what());
  }

  std::set<std::pair<std::string, std::string>> found;
  long false_alarms = 0, cross_story = 0, findings = 0;
  for (const auto& story : report.at("stories")) {
    for (const auto& rule : story.at("rules")) {
      const std::string id = rule.at("rule").get<std::string>();
      for (const auto& f : rule.at("findings")) {
        if (f.value("status", json()).is_string() && f.at("status") == "fixed") continue;
        ++findings;
        std::set<std::string> stories;
        for (const auto& e : f.value("evidence", json::array())) {
          if (e.contains("doc") && e.at("doc").is_string()) {
            stories.insert(story_of(e.at("doc").get<std::string>()));
          }
        }
        if (stories.size() > 1) ++cross_story;
        if (stories.size() == 1 && planted.count({*stories.begin(), id})) {
          found.insert({*stories.begin(), id});
        } else if (planted_rules.count(id)) {
          ++false_alarms;
        }
      }
    }
  }

  std::map<std::string, std::pair<int, int>> by_kind;  // kind → (planted, found)
  for (const auto& [key, kind] : planted) {
    ++by_kind[kind].first;
    by_kind[kind].second += found.count(key) ? 1 : 0;
  }
  // Grouping matters: a planted article without a `story` field is found only when the audit
  // put it in the same story as the others.
  std::size_t found_without = 0;
  for (const auto& key : planted_without_story) found_without += found.count(key);
  std::printf(
      "GROUPING planted_in_doc_with_story=%zu found=%zu planted_in_doc_without_story=%zu "
      "found=%zu\n",
      planted.size() - planted_without_story.size(), found.size() - found_without,
      planted_without_story.size(), found_without);
  for (const auto& [kind, counts] : by_kind) {
    std::printf("KIND %s planted=%d found=%d\n", kind.c_str(), counts.first, counts.second);
  }
  std::printf(
      "RECALL planted=%zu found=%zu recall=%.3f false_alarms=%ld cross_story=%ld "
      "findings=%ld\n",
      planted.size(), found.size(),
      planted.empty() ? 0.0 : double(found.size()) / double(planted.size()), false_alarms,
      cross_story, findings);
  return 0;
}
