// The JSON report (schema version 1, documented in docs/json-output.md). Field names are
// stable; new fields may be added, none renamed or removed without a version bump.
#include <map>

#include <nlohmann/json.hpp>

#include "engine/fact_json.hpp"
#include "engine/report.hpp"

namespace verity {

std::string render_json(const EvalResult& result, const FactStore& store, const RunSummary& summary,
                        const ReportOptions& options) {
  using nlohmann::ordered_json;
  std::map<std::string, const dsl::Rule*, std::less<>> rules;
  if (options.plans != nullptr) {
    for (const auto& p : *options.plans) rules.emplace(p.rule->id, p.rule);
  }
  ordered_json findings = ordered_json::array();
  std::size_t counts[3] = {0, 0, 0};
  std::size_t suppressed = 0, baselined = 0;
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& f = result.findings[i];
    ++counts[static_cast<int>(f.severity)];
    ordered_json evidence = ordered_json::array();
    for (const Evidence& e : f.evidence) {
      const Fact& fact = store.fact(e.fact);
      evidence.push_back({
          {"variable", e.variable},
          {"kind", store.kind_name(e.fact)},
          {"doc", store.document_of(e.fact).id},
          {"span",
           {{"start", fact.span.begin},
            {"end", fact.span.end},
            {"line", fact.position.line},
            {"col", fact.position.column}}},
          {"fields", ordered_json::parse(fact_fields_json(store, e.fact))},
      });
    }
    ordered_json finding = {{"rule", f.rule_id},
                            {"severity", severity_name(f.severity)},
                            {"message", f.message},
                            {"fingerprint", f.fingerprint},
                            {"evidence", std::move(evidence)}};
    if (options.explanations != nullptr && i < options.explanations->size()) {
      const FindingExplanation& x = (*options.explanations)[i];
      ordered_json values = ordered_json::array();
      for (const ComparedValue& c : x.values) {
        values.push_back({{"expr", c.expr}, {"value", c.value}});
      }
      finding["why"] = {{"reason", x.reason}, {"values", std::move(values)}};
    }
    const auto rule = rules.find(f.rule_id);
    const bool known = rule != rules.end();
    finding["help"] = known && !rule->second->help.empty() ? ordered_json(rule->second->help)
                                                           : ordered_json(nullptr);
    finding["tags"] = known ? ordered_json(rule->second->tags) : ordered_json::array();
    // Suppressions and baselines (docs/suppressions.md); `location` only for a finding with
    // no facts (a verity.suppression warning).
    suppressed += f.suppressed ? 1 : 0;
    baselined += f.baselined ? 1 : 0;
    finding["suppressed"] = f.suppressed;
    finding["suppression"] = f.suppressed ? ordered_json{{"reason", f.suppression_reason},
                                                         {"source", f.suppression_source}}
                                          : ordered_json(nullptr);
    finding["baselined"] = f.baselined;
    if (f.evidence.empty() && !f.location_path.empty()) {
      finding["location"] = {{"path", f.location_path}, {"line", f.location_line}};
    }
    findings.push_back(std::move(finding));
  }
  ordered_json out = {
      {"version", 1},
      {"findings", std::move(findings)},
      {"summary",
       {{"findings", result.findings.size()},
        {"errors", counts[2]},
        {"warnings", counts[1]},
        {"info", counts[0]},
        {"documents", summary.documents},
        {"facts", summary.facts},
        {"rules", summary.rules},
        {"suppressed", suppressed},
        {"baselined", baselined},
        {"run", summary.run_id}}},
  };
  return out.dump(2) + "\n";
}

}  // namespace verity
