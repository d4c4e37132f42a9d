// Roles and stories of the CI gate (--summary / --sources); see summary_gate.hpp.
#include "engine/summary_gate.hpp"

#include <fmt/format.h>

namespace verity {

void mark_summary(Document& doc) {
  doc.meta["role"] = "summary";
}

std::optional<std::string> gate_story(const std::vector<const Document*>& summaries) {
  std::optional<std::string> story;
  for (const Document* doc : summaries) {
    auto it = doc->meta.find("story");
    const std::string own = it == doc->meta.end() ? std::string() : it->second;
    if (!story) {
      story = own;
    } else if (*story != own) {
      return std::nullopt;  // several stories: each source keeps its own
    }
  }
  return story;
}

void mark_source(Document& doc, const std::optional<std::string>& story) {
  auto role = doc.meta.find("role");
  if (role == doc.meta.end() || role->second == "summary") doc.meta["role"] = "source";
  if (story) doc.meta["story"] = *story;
}

bool involves_summary(const Finding& finding, const FactStore& store) {
  // A finding without facts (a suppression comment's warning) is placed by its file.
  if (finding.evidence.empty() && !finding.location_path.empty()) {
    for (const Document& doc : store.documents()) {
      auto role = doc.meta.find("role");
      if ((doc.id == finding.location_path || doc.path == finding.location_path) &&
          role != doc.meta.end() && role->second == "summary") {
        return true;
      }
    }
    return false;
  }
  for (const Evidence& e : finding.evidence) {
    const auto& meta = store.document_of(e.fact).meta;
    auto role = meta.find("role");
    if (role != meta.end() && role->second == "summary") return true;
  }
  return false;
}

namespace {

std::string meta_of(const Document& doc, const char* key) {
  auto it = doc.meta.find(key);
  return it == doc.meta.end() ? std::string() : it->second;
}

}  // namespace

std::string describe_gate(const FactStore& store) {
  constexpr std::size_t kNamesShown = 10;
  std::string out;
  for (const Document& summary : store.documents()) {
    if (meta_of(summary, "role") != "summary") continue;
    const std::string story = meta_of(summary, "story");
    std::vector<std::string> sources;
    for (const Document& doc : store.documents()) {
      if (meta_of(doc, "role") != "summary" && meta_of(doc, "story") == story) {
        sources.push_back(doc.id);
      }
    }
    std::string names;
    for (std::size_t i = 0; i < sources.size() && i < kNamesShown; ++i) {
      names += (i ? ", " : ": ") + sources[i];
    }
    if (sources.size() > kNamesShown) {
      names += fmt::format(" and {} more", sources.size() - kNamesShown);
    }
    out += fmt::format("{} (story {}) was checked against {} source{}{}\n", summary.id, story,
                       sources.size(), sources.size() == 1 ? "" : "s", names);
  }
  return out;
}

}  // namespace verity
