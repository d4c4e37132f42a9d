// The JSON report (schema version 1, documented in docs/json-output.md). Field names are
// stable; new fields may be added, none renamed or removed without a version bump.
#include <nlohmann/json.hpp>

#include "engine/fact_json.hpp"
#include "engine/report.hpp"

namespace verity {

std::string render_json(const EvalResult& result, const FactStore& store,
                        const RunSummary& summary) {
  using nlohmann::ordered_json;
  ordered_json findings = ordered_json::array();
  std::size_t counts[3] = {0, 0, 0};
  for (const Finding& f : result.findings) {
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
    findings.push_back({{"rule", f.rule_id},
                        {"severity", severity_name(f.severity)},
                        {"message", f.message},
                        {"fingerprint", f.fingerprint},
                        {"evidence", std::move(evidence)}});
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
        {"run", summary.run_id}}},
  };
  return out.dump(2) + "\n";
}

}  // namespace verity
