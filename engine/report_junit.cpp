// The JUnit XML report (engine/report_junit.hpp).
#include "engine/report_junit.hpp"

#include <map>

#include <fmt/format.h>

#include "engine/report_support.hpp"

namespace verity {
namespace {

// Where a finding's facts are, the primary one first, then the sources a summary's fact was
// searched in, the rule's help and the fingerprint: the text of its <failure>.
std::string failure_text(const Finding& f, const ReportRule& rule, const FactStore& store,
                         const std::string& root) {
  std::string text;
  if (f.evidence.empty()) {
    ReportLocation at;
    if (finding_location(f, store, root, at)) text += "at " + location_text(at) + "\n";
  } else {
    const std::size_t primary = primary_evidence(f, store);
    std::vector<std::size_t> order = {primary};
    for (std::size_t k = 0; k < f.evidence.size(); ++k) {
      if (k != primary) order.push_back(k);
    }
    for (const std::size_t k : order) {
      const Evidence& e = f.evidence[k];
      text += fmt::format("{} = {} at {}\n", e.variable, store.kind_name(e.fact),
                          location_text(locate_fact(store, e.fact, root)));
    }
    for (const std::string& source : story_sources(store, f.evidence[primary].fact, root)) {
      text += "source searched: " + source + "\n";
    }
  }
  if (!rule.help.empty()) text += "help: " + rule.help + "\n";
  text += "fingerprint: " + f.fingerprint + "\n";
  return text;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows tab, LF and CR among the C0 controls; the others cannot be written
        // even as character references.
        if (c < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
          out += "\xEF\xBF\xBD";
        } else {
          out += ch;
        }
    }
  }
  return out;
}

std::string render_junit(const EvalResult& result, const FactStore& store,
                         const ReportOptions& options, const std::string& root) {
  const std::vector<ReportRule> rules = report_rules(result, options);
  std::map<std::string, std::vector<std::size_t>, std::less<>> findings_of;
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    findings_of[result.findings[i].rule_id].push_back(i);
  }
  std::string cases;
  std::size_t failed_tests = 0;
  for (const ReportRule& r : rules) {
    const std::string classname = "verity." + (r.pack.empty() ? std::string("verity") : r.pack);
    cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_escape(classname),
                         xml_escape(r.id));
    const auto it = findings_of.find(r.id);
    if (it == findings_of.end()) {
      cases += "/>\n";
      continue;
    }
    cases += ">\n";
    // A suppressed or baselined finding does not fail the test (it does not gate the build);
    // it is listed in <system-out> so that the report still shows it.
    std::string let_through;
    bool failed = false;
    for (const std::size_t i : it->second) {
      const Finding& f = result.findings[i];
      const std::string text = failure_text(f, r, store, root);
      if (f.suppressed || f.baselined) {
        let_through += fmt::format(
            "{} ({}): {}\n{}", f.suppressed ? "suppressed" : "baselined", severity_name(f.severity),
            f.message,
            f.suppressed ? "reason: " + f.suppression_reason + " (" + f.suppression_source + ")\n"
                         : std::string());
        let_through += text;
        continue;
      }
      failed = true;
      cases += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                           xml_escape(f.message), severity_name(f.severity), xml_escape(text));
    }
    if (!let_through.empty()) {
      cases += fmt::format("      <system-out>{}</system-out>\n", xml_escape(let_through));
    }
    failed_tests += failed ? 1 : 0;
    cases += "    </testcase>\n";
  }
  // `failures` counts the testcases that failed, as the JUnit schema defines it; each holds
  // one <failure> per finding, so a rule with three findings is one failing test.
  const std::size_t tests = rules.size();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"verity\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     tests, failed_tests);
  out += fmt::format(
      "  <testsuite name=\"verity\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
      tests, failed_tests);
  out += cases;
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace verity
