// The shared part of the CI report formats: rule list, fact locations in code-point columns,
// primary evidence. See engine/report_support.hpp.
#include "engine/report_support.hpp"

#include <filesystem>
#include <set>

namespace verity {
namespace {

namespace fs = std::filesystem;

std::string file_stem(const std::string& path) {
  return fs::path(path).stem().string();
}

// A path relative to `root` when it lies under it; forward slashes; `./` and `..` folded.
std::string report_path(const std::string& file, const std::string& root) {
  fs::path p = fs::path(file).lexically_normal();
  if (p.is_absolute() && !root.empty()) {
    const fs::path rel = p.lexically_relative(fs::path(root).lexically_normal());
    if (!rel.empty() && *rel.begin() != "..") p = rel;
  }
  return p.generic_string();
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The 1-based code-point column of normalized offset `offset`, whose original byte column is
// `byte_column`; 0 when the original line cannot be read back from the normalized text. The
// line is a verbatim copy of the original between its start and `offset` when no edit point of
// the offset map falls inside that range, and then its code points can be counted here.
std::uint32_t code_point_column(const Document& doc, std::uint32_t offset,
                                std::uint32_t byte_column) {
  const std::string& text = doc.text.text();
  if (byte_column == 0 || byte_column - 1 > offset || offset > text.size()) return 0;
  const std::uint32_t line_start = offset - (byte_column - 1);
  for (const EditPoint& p : doc.map.points()) {
    if (p.text > line_start && p.text <= offset) return 0;
  }
  if (line_start > 0 && text[line_start - 1] != '\n') return 0;  // not a line start: not verbatim
  std::uint32_t column = 1;
  for (std::uint32_t i = line_start; i < offset; ++i) {
    if (text[i] == '\n') return 0;
    if (!is_continuation_byte(text[i])) ++column;
  }
  return column;
}

}  // namespace

std::vector<ReportRule> report_rules(const EvalResult& result, const ReportOptions& options) {
  std::vector<ReportRule> rules;
  std::set<std::string, std::less<>> seen;
  if (options.plans != nullptr) {
    for (const dsl::RulePlan& plan : *options.plans) {
      if (!seen.insert(plan.rule->id).second) continue;
      ReportRule r;
      r.id = plan.rule->id;
      r.title = plan.rule->title;
      r.help = plan.rule->help;
      r.tags = plan.rule->tags;
      r.severity = plan.severity;
      if (plan.source != nullptr) r.pack = file_stem(plan.source->name());
      rules.push_back(std::move(r));
    }
  }
  for (const Finding& f : result.findings) {
    if (!seen.insert(f.rule_id).second) continue;
    ReportRule r;
    r.id = f.rule_id;
    r.severity = f.severity;
    rules.push_back(std::move(r));
  }
  return rules;
}

ReportLocation locate_fact(const FactStore& store, FactRef fact_ref, const std::string& root) {
  const Fact& fact = store.fact(fact_ref);
  const Document& doc = store.document_of(fact_ref);
  // A JSON Lines record is reported at its archive; its columns count bytes of the decoded
  // text, not of the archive line, so they are left out.
  const bool record = !doc.path.empty() && doc.path != doc.id;
  ReportLocation out;
  out.file = report_path(record ? doc.path : doc.id, root);
  if (store.kind_name(fact_ref) == "doc") return out;
  out.has_region = true;
  const LineCol start = fact.position;
  const LineCol end = doc.position(fact.span.end);
  out.start_line = start.line;
  out.end_line = end.line;
  if (!record) {
    out.start_column = code_point_column(doc, fact.span.begin, start.column);
    out.end_column = code_point_column(doc, fact.span.end, end.column);
    if (out.start_column == 0 || out.end_column == 0) out.start_column = out.end_column = 0;
  }
  return out;
}

std::size_t primary_evidence(const Finding& finding, const FactStore& store) {
  for (std::size_t i = 0; i < finding.evidence.size(); ++i) {
    const FactRef ref = finding.evidence[i].fact;
    const auto& meta = store.document_of(ref).meta;
    const auto role = meta.find("role");
    if (role != meta.end() && role->second == "summary" && store.kind_name(ref) != "doc") return i;
  }
  for (std::size_t i = 0; i < finding.evidence.size(); ++i) {
    if (store.kind_name(finding.evidence[i].fact) != "doc") return i;
  }
  return 0;
}

bool finding_location(const Finding& finding, const FactStore& store, const std::string& root,
                      ReportLocation& out) {
  if (!finding.evidence.empty()) {
    out = locate_fact(store, finding.evidence[primary_evidence(finding, store)].fact, root);
    return true;
  }
  if (finding.location_path.empty()) return false;
  out = ReportLocation{};
  out.file = report_path(finding.location_path, root);
  if (finding.location_line > 0) {
    out.has_region = true;
    out.start_line = out.end_line = finding.location_line;
  }
  return true;
}

std::vector<std::string> story_sources(const FactStore& store, FactRef fact,
                                       const std::string& root) {
  const Document& doc = store.document_of(fact);
  const auto role = doc.meta.find("role");
  const auto story = doc.meta.find("story");
  std::vector<std::string> out;
  if (role == doc.meta.end() || role->second != "summary" || story == doc.meta.end() ||
      story->second.empty()) {
    return out;
  }
  std::set<std::string, std::less<>> seen;
  for (const Document& other : store.documents()) {
    const auto other_story = other.meta.find("story");
    const auto other_role = other.meta.find("role");
    if (other_story == other.meta.end() || other_story->second != story->second) continue;
    if (other_role != other.meta.end() && other_role->second == "summary") continue;
    const bool record = !other.path.empty() && other.path != other.id;
    std::string file = report_path(record ? other.path : other.id, root);
    if (seen.insert(file).second) out.push_back(std::move(file));
  }
  return out;
}

bool suppressed_in_source(const Finding& finding, const ReportLocation& at,
                          const std::string& root) {
  const std::string& source = finding.suppression_source;
  const auto colon = source.rfind(':');
  const std::string file = colon == std::string::npos ? source : source.substr(0, colon);
  return !file.empty() && report_path(file, root) == at.file;
}

std::string location_text(const ReportLocation& location) {
  std::string out = location.file;
  if (!location.has_region) return out;
  out += ":" + std::to_string(location.start_line);
  if (location.start_column > 0) out += ":" + std::to_string(location.start_column);
  return out;
}

}  // namespace verity
