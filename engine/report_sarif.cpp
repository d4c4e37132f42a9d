// The SARIF 2.1.0 report (engine/report_sarif.hpp). Columns are counted in Unicode code points
// (run.columnKind "unicodeCodePoints"), which is what verity can count from its text.
#include "engine/report_sarif.hpp"

#include <cctype>
#include <map>

#include <nlohmann/json.hpp>

#include "engine/report_support.hpp"

#ifndef VERITY_VERSION
#define VERITY_VERSION "dev"
#endif

namespace verity {
namespace {

using nlohmann::ordered_json;

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    default:
      return "note";
  }
}

bool is_url(const std::string& text) {
  return text.rfind("https://", 0) == 0 || text.rfind("http://", 0) == 0;
}

// A relative path as a URI reference: every byte outside RFC 3986's unreserved set and `/`
// percent-encoded. An absolute path (outside the root) becomes a file:// URI.
std::string to_uri(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = !path.empty() && path[0] == '/' ? "file://" : "";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

ordered_json physical_location(const ReportLocation& at, std::size_t artifact_index) {
  ordered_json physical = {
      {"artifactLocation", {{"uri", to_uri(at.file)}, {"index", artifact_index}}}};
  if (at.has_region) {
    ordered_json region = {{"startLine", at.start_line}};
    if (at.start_column > 0) region["startColumn"] = at.start_column;
    region["endLine"] = at.end_line;
    if (at.end_column > 0) region["endColumn"] = at.end_column;
    physical["region"] = std::move(region);
  }
  return physical;
}

ordered_json driver_rule(const ReportRule& r) {
  ordered_json rule = {{"id", r.id}, {"name", r.id}};
  rule["shortDescription"] = {{"text", r.title.empty() ? r.id : r.title}};
  if (!r.help.empty()) {
    rule["fullDescription"] = {{"text", r.help}};
    rule["help"] = {{"text", r.help}};
    if (is_url(r.help)) rule["helpUri"] = r.help;
  }
  rule["defaultConfiguration"] = {{"level", sarif_level(r.severity)}};
  ordered_json properties = {{"tags", r.tags}};
  if (!r.pack.empty()) properties["pack"] = r.pack;
  rule["properties"] = std::move(properties);
  return rule;
}

}  // namespace

std::string render_sarif(const EvalResult& result, const FactStore& store,
                         const ReportOptions& options, const std::string& root) {
  const std::vector<ReportRule> rules = report_rules(result, options);
  std::map<std::string, std::size_t, std::less<>> rule_index;
  ordered_json driver_rules = ordered_json::array();
  for (const ReportRule& r : rules) {
    rule_index.emplace(r.id, driver_rules.size());
    driver_rules.push_back(driver_rule(r));
  }

  // Artifacts in order of first mention, so that the list and its indexes are stable.
  std::map<std::string, std::size_t, std::less<>> artifact_index;
  ordered_json artifacts = ordered_json::array();
  auto artifact = [&](const std::string& file) {
    const auto [it, added] = artifact_index.emplace(file, artifacts.size());
    if (added) artifacts.push_back({{"location", {{"uri", to_uri(file)}}}});
    return it->second;
  };

  ordered_json results = ordered_json::array();
  for (std::size_t n = 0; n < result.findings.size(); ++n) {
    const Finding& f = result.findings[n];
    ordered_json res = {{"ruleId", f.rule_id},
                        {"ruleIndex", rule_index.at(f.rule_id)},
                        {"level", sarif_level(f.severity)},
                        {"message", {{"text", f.message}}}};
    ReportLocation at;
    if (finding_location(f, store, root, at)) {
      res["locations"] =
          ordered_json::array({{{"physicalLocation", physical_location(at, artifact(at.file))}}});
    }
    // Related: the finding's other facts, then, for a summary's fact, the sources searched.
    ordered_json related = ordered_json::array();
    const std::size_t primary = f.evidence.empty() ? 0 : primary_evidence(f, store);
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
      if (i == primary) continue;
      const Evidence& e = f.evidence[i];
      const ReportLocation other = locate_fact(store, e.fact, root);
      related.push_back(
          {{"id", related.size() + 1},
           {"physicalLocation", physical_location(other, artifact(other.file))},
           {"message",
            {{"text", e.variable + ": " + store.kind_name(e.fact) + " in " + other.file}}}});
    }
    if (!f.evidence.empty()) {
      for (const std::string& source : story_sources(store, f.evidence[primary].fact, root)) {
        ReportLocation whole;
        whole.file = source;
        related.push_back({{"id", related.size() + 1},
                           {"physicalLocation", physical_location(whole, artifact(source))},
                           {"message", {{"text", "source searched: " + source}}}});
      }
    }
    if (!related.empty()) res["relatedLocations"] = std::move(related);
    if (f.suppressed) {
      // SARIF viewers hide a result with an accepted suppression and show its justification.
      ordered_json suppression = {
          {"kind", suppressed_in_source(f, at, root) ? "inSource" : "external"},
          {"status", "accepted"}};
      if (!f.suppression_reason.empty()) suppression["justification"] = f.suppression_reason;
      res["suppressions"] = ordered_json::array({std::move(suppression)});
    }
    res["partialFingerprints"] = {{"verity/v1", f.fingerprint}};
    ordered_json properties = ordered_json::object();
    if (options.explanations != nullptr && n < options.explanations->size() &&
        !(*options.explanations)[n].reason.empty()) {
      properties["why"] = (*options.explanations)[n].reason;
    }
    if (f.baselined) properties["baselined"] = true;  // in the --baseline file: not gating
    if (!properties.empty()) res["properties"] = std::move(properties);
    results.push_back(std::move(res));
  }

  ordered_json run = {
      {"tool",
       {{"driver",
         {{"name", "verity"}, {"version", VERITY_VERSION}, {"rules", std::move(driver_rules)}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"artifacts", std::move(artifacts)},
      {"results", std::move(results)}};
  ordered_json out = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                      {"version", "2.1.0"},
                      {"runs", ordered_json::array({std::move(run)})}};
  return out.dump(2) + "\n";
}

}  // namespace verity
