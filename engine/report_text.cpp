// The text report: what a fact-checker reads on a terminal, each fact shown in its line, the
// sources of a cross-source finding one under the other, 100 columns at most.
#include <map>

#include <fmt/format.h>

#include "engine/excerpt.hpp"
#include "engine/report.hpp"

namespace verity {
namespace {

std::map<std::string, const dsl::Rule*, std::less<>> rules_by_id(const ReportOptions& options) {
  std::map<std::string, const dsl::Rule*, std::less<>> out;
  if (options.plans == nullptr) return out;
  for (const auto& p : *options.plans) out.emplace(p.rule->id, p.rule);
  return out;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

}  // namespace

std::string render_text(const EvalResult& result, const FactStore& store, const RunSummary& summary,
                        const ReportOptions& options) {
  const Style& style = options.style;
  const auto rules = rules_by_id(options);
  std::string out;
  std::size_t counts[3] = {0, 0, 0};
  std::size_t suppressed = 0, baselined = 0;
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& f = result.findings[i];
    ++counts[static_cast<int>(f.severity)];
    suppressed += f.suppressed ? 1 : 0;
    baselined += f.baselined ? 1 : 0;
    // Suppressed and baselined findings are listed all the same, marked, so a reviewer sees
    // what the gate lets through (docs/suppressions.md).
    out += fmt::format(
        "{}{}{}: {}\n",
        style.severity(f.severity, fmt::format("{}[{}]", severity_name(f.severity), f.rule_id)),
        f.suppressed ? " (suppressed)" : "", f.baselined ? " (baselined)" : "", f.message);
    if (f.evidence.empty() && !f.location_path.empty()) {
      out += fmt::format("  at {}:{}\n", f.location_path, f.location_line);
    }
    if (f.suppressed) {
      out += wrap_words(
          "  " + style.dim("suppressed:") + " ",
          fmt::format("{} (at {})",
                      f.suppression_reason.empty() ? "no reason given" : f.suppression_reason,
                      f.suppression_source),
          4);
    }
    std::size_t shown = 0;
    for (const Evidence& e : f.evidence) {
      if (shown++ == kMaxFactsShown) {
        out += fmt::format("  … and {} more facts (verity explain shows them all)\n",
                           f.evidence.size() - kMaxFactsShown);
        break;
      }
      const Fact& fact = store.fact(e.fact);
      const Document& doc = store.document_of(e.fact);
      const std::string& kind = store.kind_name(e.fact);
      if (kind == "doc") {
        out += fmt::format("  {} = document {}\n", style.strong(e.variable), doc.id);
        continue;
      }
      out += fmt::format("  {} = {} at {}:{}:{}\n", style.strong(e.variable), kind, doc.id,
                         fact.position.line, fact.position.column);
      out += render_excerpt(doc.text.text(), fact.span.begin, fact.span.end, fact.position.line,
                            style);
    }
    if (options.explanations != nullptr && i < options.explanations->size() &&
        !(*options.explanations)[i].reason.empty()) {
      out += wrap_words("  " + style.dim("why:") + " ", (*options.explanations)[i].reason, 4);
    }
    if (const auto it = rules.find(f.rule_id); it != rules.end()) {
      if (!it->second->help.empty()) {
        out += wrap_words("  " + style.dim("help:") + " ", it->second->help, 4);
      }
      if (!it->second->tags.empty()) {
        out += fmt::format("  {} {}\n", style.dim("tags:"), join(it->second->tags, ", "));
      }
    }
    out += "\n";
  }
  for (const RuleStats& s : result.stats) {
    if (s.over_budget) {
      out += fmt::format(
          "warning: rule '{}' {} its cost budget: about {:.0f} bindings to try; narrow its "
          "'where' clause (an equality between its variables becomes a join) or raise "
          "--max-bindings\n",
          s.rule_id, s.tried > 0 ? "stopped at" : "was not run: it exceeds", s.estimated_bindings);
      continue;
    }
    if (s.capped) {
      out += fmt::format(
          "warning: rule '{}' stopped after {} findings; narrow its 'where' "
          "clause or raise the limit\n",
          s.rule_id, s.findings);
    }
  }
  const std::size_t total = result.findings.size();
  out += fmt::format(
      "{} finding{} ({} error{}, {} warning{}, {} info) in {} document{}, {} "
      "facts, {} rule{}",
      total, total == 1 ? "" : "s", counts[2], counts[2] == 1 ? "" : "s", counts[1],
      counts[1] == 1 ? "" : "s", counts[0], summary.documents, summary.documents == 1 ? "" : "s",
      summary.facts, summary.rules, summary.rules == 1 ? "" : "s");
  if (suppressed + baselined > 0) {
    out += fmt::format("; {} suppressed, {} baselined (not counted for --fail-on)", suppressed,
                       baselined);
  }
  if (summary.run_id > 0)
    out += fmt::format("; logged to {} as run {}", summary.db_path, summary.run_id);
  out += "\n";
  return out;
}

}  // namespace verity
