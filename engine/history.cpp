// `verity report` (see history.hpp). Fingerprints are matched as a multiset: if a run has a
// fingerprint twice and the earlier run once, one is persisting and one is new.
#include "engine/history.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/excerpt.hpp"

namespace verity {
namespace {

std::string story_of(const StoredFinding& f) {
  std::set<std::string> stories;
  for (const auto& e : f.evidence) {
    if (!e.story.empty()) stories.insert(e.story);
  }
  if (stories.empty()) return "(no story)";
  std::string out;
  for (const auto& s : stories) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "coastal-herald.md:16, valley-times.md:9": where the finding's facts are, each place once.
std::string places(const StoredFinding& f) {
  std::vector<std::string> out;
  for (const auto& e : f.evidence) {
    std::string p =
        e.kind == "doc" || e.line == 0 ? e.document : fmt::format("{}:{}", e.document, e.line);
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
  }
  std::string s;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i == 8) {
      s += fmt::format(", … {} more", out.size() - 8);
      break;
    }
    s += (i ? ", " : "") + out[i];
  }
  return s;
}

Severity severity_of(const std::string& name) {
  Severity s = Severity::error;
  parse_severity(name, s);
  return s;
}

}  // namespace

HistoryOutcome compare_runs(const LogStore& log, std::int64_t run, std::int64_t against) {
  HistoryOutcome out;
  const auto runs = log.runs();
  if (runs.empty()) {
    out.error = "the log has no runs yet; run `verity check --db FILE DOCS` first";
    return out;
  }
  if (run == 0) run = runs.back().id;
  const auto it =
      std::find_if(runs.begin(), runs.end(), [&](const StoredRun& r) { return r.id == run; });
  if (it == runs.end()) {
    out.error = fmt::format("there is no run {} (runs {} to {}); give --run one of them", run,
                            runs.front().id, runs.back().id);
    return out;
  }
  out.history.run = *it;
  if (against < 0) {
    against = 0;
    for (auto r = runs.begin(); r != it; ++r) {
      if (r->status.rfind("complete", 0) == 0) against = r->id;
    }
  } else if (against > 0 && std::none_of(runs.begin(), runs.end(),
                                         [&](const StoredRun& r) { return r.id == against; })) {
    out.error = fmt::format(
        "there is no run {} to compare with (runs {} to {}); give --against "
        "one of them",
        against, runs.front().id, runs.back().id);
    return out;
  }
  History& h = out.history;
  h.against = against;

  auto current = log.read_findings(run);
  std::vector<StoredFinding> earlier;
  if (against > 0) earlier = log.read_findings(against);
  std::map<std::string, std::size_t> before, now;
  for (const auto& f : earlier) ++before[f.fingerprint];
  for (const auto& f : current) ++now[f.fingerprint];

  for (auto& f : current) {
    std::string status;
    if (against > 0) {
      auto& n = before[f.fingerprint];
      status = n > 0 ? "persisting" : "new";
      if (n > 0) --n;
      ++(status == "new" ? h.new_count : h.persisting);
    }
    std::string story = story_of(f);
    h.entries.push_back({std::move(f), std::move(status), std::move(story)});
  }
  for (auto& f : earlier) {
    auto& n = now[f.fingerprint];
    if (n > 0) {
      --n;
      continue;
    }
    ++h.fixed;
    std::string story = story_of(f);
    h.entries.push_back({std::move(f), "fixed", std::move(story)});
  }
  std::stable_sort(h.entries.begin(), h.entries.end(),
                   [](const HistoryEntry& a, const HistoryEntry& b) {
                     if (a.story != b.story) return a.story < b.story;
                     if (a.finding.rule_id != b.finding.rule_id) {
                       return a.finding.rule_id < b.finding.rule_id;
                     }
                     return a.finding.run_id != b.finding.run_id
                                ? a.finding.run_id > b.finding.run_id  // this run's first
                                : a.finding.id < b.finding.id;
                   });
  out.ok = true;
  return out;
}

std::string render_history_text(const History& h, const Style& style) {
  std::string t =
      fmt::format("run {} ({}, {}, {} finding{})", h.run.id, h.run.started_at, h.run.status,
                  h.entries.size() - h.fixed, h.entries.size() - h.fixed == 1 ? "" : "s");
  if (h.against > 0) {
    t += fmt::format(" against run {}: {} new, {} persisting, {} fixed\n", h.against, h.new_count,
                     h.persisting, h.fixed);
  } else {
    t += "; no earlier complete run to compare with\n";
  }
  const std::string* story = nullptr;
  const std::string* rule = nullptr;
  for (const HistoryEntry& e : h.entries) {
    if (story == nullptr || *story != e.story) {
      t += fmt::format("\nstory {}\n", style.strong(e.story));
      story = &e.story;
      rule = nullptr;
    }
    if (rule == nullptr || *rule != e.finding.rule_id) {
      t += fmt::format("  {}\n", style.strong(e.finding.rule_id));
      rule = &e.finding.rule_id;
    }
    std::string mark;
    if (e.status == "new") {
      mark = style.bad(fmt::format("{:<11}", "new"));
    } else if (e.status == "fixed") {
      mark = style.good(fmt::format("{:<11}", "fixed"));
    } else if (!e.status.empty()) {
      mark = fmt::format("{:<11}", e.status);
    }
    const std::string id = e.status == "fixed"
                               ? fmt::format("#{} in run {}", e.finding.id, e.finding.run_id)
                               : fmt::format("#{}", e.finding.id);
    t += fmt::format("    {}{} {} {}\n", mark,
                     style.severity(severity_of(e.finding.severity), e.finding.severity), id,
                     e.finding.message);
    const std::string where = places(e.finding);
    if (!where.empty()) {
      const std::size_t indent = mark.empty() ? 6 : 15;  // under the message, past the status
      t += wrap_words(std::string(indent, ' ') + style.dim("at") + " ", where, indent + 3);
    }
  }
  return t;
}

std::string render_history_json(const History& h) {
  using nlohmann::ordered_json;
  ordered_json stories = ordered_json::array();
  for (const HistoryEntry& e : h.entries) {
    if (stories.empty() || stories.back()["story"] != e.story) {
      stories.push_back({{"story", e.story}, {"rules", ordered_json::array()}});
    }
    auto& rules = stories.back()["rules"];
    if (rules.empty() || rules.back()["rule"] != e.finding.rule_id) {
      rules.push_back({{"rule", e.finding.rule_id}, {"findings", ordered_json::array()}});
    }
    ordered_json evidence = ordered_json::array();
    for (const auto& x : e.finding.evidence) {
      evidence.push_back({{"variable", x.variable},
                          {"kind", x.kind},
                          {"doc", x.document},
                          {"line", x.line},
                          {"col", x.column}});
    }
    rules.back()["findings"].push_back(
        {{"id", e.finding.id},
         {"run", e.finding.run_id},
         {"status", e.status.empty() ? ordered_json(nullptr) : ordered_json(e.status)},
         {"severity", e.finding.severity},
         {"message", e.finding.message},
         {"fingerprint", e.finding.fingerprint},
         {"evidence", std::move(evidence)}});
  }
  ordered_json out = {
      {"version", 1},
      {"run", h.run.id},
      {"against", h.against > 0 ? ordered_json(h.against) : ordered_json(nullptr)},
      {"counts",
       {{"findings", h.entries.size() - h.fixed},
        {"new", h.new_count},
        {"persisting", h.persisting},
        {"fixed", h.fixed}}},
      {"stories", std::move(stories)},
  };
  return out.dump(2) + "\n";
}

}  // namespace verity
