// `verity explain` (see explain.hpp). Everything printed comes from the log, so a finding can
// be explained after its documents or rules have changed on disk — it shows what was checked.
#include "engine/explain.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/excerpt.hpp"

namespace verity {
namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool all_hex(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

Severity severity_of(const std::string& name) {
  Severity s = Severity::error;
  parse_severity(name, s);
  return s;
}

// "value = 12500000, unit = USD, subject = the contract": each field of the fact's JSON.
std::string fields_text(const std::string& json) {
  // ordered_json keeps the fields in the order the fact's kind declares them.
  const auto j = nlohmann::ordered_json::parse(json, nullptr, false);
  if (!j.is_object()) return json;
  std::string out;
  for (const auto& [key, value] : j.items()) {
    if (!out.empty()) out += ", ";
    out += key + " = " + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out.empty() ? "(none)" : out;
}

// The rule's text with its file's line numbers.
std::string numbered_source(const StoredRule& rule, const Style& style) {
  std::string out;
  std::int64_t line = rule.line > 0 ? rule.line : 1;
  std::size_t from = 0;
  while (from <= rule.source.size()) {
    std::size_t to = rule.source.find('\n', from);
    if (to == std::string::npos) to = rule.source.size();
    out +=
        style.dim(fmt::format("  {:>4} | ", line++)) + rule.source.substr(from, to - from) + "\n";
    from = to + 1;
  }
  return out;
}

std::optional<std::int64_t> resolve(const LogStore& log, const std::string& id,
                                    std::string& error) {
  if (all_digits(id) && id.size() < 19) {
    const std::int64_t n = std::stoll(id);
    if (log.read_finding(n)) return n;
  }
  if (!all_hex(id)) {
    error = fmt::format(
        "no finding {}: give a finding's id (a number, as `verity report` lists them) or the "
        "start of its fingerprint (hex)",
        id);
    return std::nullopt;
  }
  std::string lower = id;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return static_cast<char>(c >= 'A' && c <= 'F' ? c + 32 : c); });
  const auto matches = log.findings_with_fingerprint_prefix(lower);
  if (matches.empty()) {
    error = fmt::format(
        "no finding has id or fingerprint {}; `verity report` lists the findings of a run", id);
    return std::nullopt;
  }
  std::set<std::string> fingerprints;
  for (const auto& m : matches) fingerprints.insert(m.second);
  if (fingerprints.size() > 1) {
    std::string list;
    std::size_t n = 0;
    for (const auto& fp : fingerprints) {
      if (n++ == 5) break;
      list += "\n  " + fp;
    }
    error = fmt::format("fingerprint prefix {} matches {} findings; give more of it:{}{}", id,
                        fingerprints.size(), list, fingerprints.size() > 5 ? "\n  …" : "");
    return std::nullopt;
  }
  return matches.front().first;  // newest run first
}

}  // namespace

ExplainOutcome explain_finding(const LogStore& log, const std::string& id, const Style& style) {
  ExplainOutcome out;
  const auto finding_id = resolve(log, id, out.error);
  if (!finding_id) return out;
  const StoredFinding f = *log.read_finding(*finding_id);
  const Severity severity = severity_of(f.severity);
  std::string& t = out.text;

  t += fmt::format("finding {} of run {}: {}: {}\n", f.id, f.run_id,
                   style.severity(severity, fmt::format("{}[{}]", f.severity, f.rule_id)),
                   f.message);
  t += fmt::format("  fingerprint {}\n\n", f.fingerprint);

  if (const auto rule = log.read_rule(f.run_id, f.rule_id)) {
    t += fmt::format("rule {}{} at {}:{}\n", style.strong(rule->rule_id),
                     rule->title.empty() ? "" : fmt::format(" “{}”", rule->title), rule->file,
                     rule->line);
    t += numbered_source(*rule, style);
    if (!rule->help.empty()) t += wrap_words("  help: ", rule->help, 8);
    if (!rule->tags.empty()) {
      std::string tags;
      for (const auto& tag : rule->tags) tags += (tags.empty() ? "" : ", ") + tag;
      t += fmt::format("  tags: {}\n", tags);
    }
  } else {
    t += fmt::format("rule {} (not in the log's rules of run {})\n", f.rule_id, f.run_id);
  }

  t += fmt::format("\nfacts bound ({}):\n", f.evidence.size());
  std::map<std::string, std::optional<std::string>> texts;  // document text, read once each
  for (const StoredEvidence& e : f.evidence) {
    if (e.kind == "doc") {
      t += fmt::format("  {} = document {}\n", style.strong(e.variable), e.document);
      continue;
    }
    t += fmt::format("  {} = {} (fact {}) at {}:{}:{}{}\n", style.strong(e.variable), e.kind,
                     e.fact_id, e.document, e.line, e.column,
                     e.story.empty() ? "" : fmt::format(", story {}", e.story));
    t += fmt::format("      fields: {}\n", fields_text(e.fields_json));
    auto it = texts.find(e.document);
    if (it == texts.end())
      it = texts.emplace(e.document, log.document_text(f.run_id, e.document)).first;
    if (it->second) {
      t += render_excerpt(*it->second, e.span_begin, e.span_end, e.line, style, 6);
    } else {
      t += "      (the document's text is not in the log: it was imported as facts, or logged "
           "by an older verity)\n";
    }
  }

  if (!f.has_explanation) {
    t += "\nwhy: not recorded (this run was logged by a verity older than schema 2); check "
         "again to record it\n";
    out.found = true;
    return out;
  }
  if (!f.compared.empty()) {
    t += "\nvalues compared:\n";
    for (const auto& c : f.compared) t += fmt::format("  {} = {}\n", c.expr, c.value);
  }
  // One failing part per line (the parts are joined by "; " when logged).
  t += "\nwhy the requirement failed:\n";
  for (std::size_t from = 0; from < f.reason.size();) {
    std::size_t to = f.reason.find("; ", from);
    if (to == std::string::npos) to = f.reason.size();
    t += wrap_words("  ", std::string_view(f.reason).substr(from, to - from), 4);
    from = to + 2;
  }
  out.found = true;
  return out;
}

}  // namespace verity
