// GitHub workflow commands (engine/report_github.hpp).
#include "engine/report_github.hpp"

#include <fmt/format.h>

#include "engine/report_support.hpp"

namespace verity {

std::string github_escape_data(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    switch (ch) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string github_escape_property(const std::string& text) {
  std::string out;
  for (const char ch : github_escape_data(text)) {
    switch (ch) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string render_github(const EvalResult& result, const FactStore& store,
                          const ReportOptions& /*options*/, const std::string& root) {
  std::string out;
  for (const Finding& f : result.findings) {
    // Suppressed and baselined findings do not gate the change: no annotation for them.
    if (f.suppressed || f.baselined) continue;
    const char* command = f.severity == Severity::error     ? "error"
                          : f.severity == Severity::warning ? "warning"
                                                            : "notice";
    std::string properties;
    std::string message = f.message;
    ReportLocation at;
    if (finding_location(f, store, root, at)) {
      properties = "file=" + github_escape_property(at.file);
      if (at.has_region) {
        properties += fmt::format(",line={}", at.start_line);
        if (at.start_column > 0) properties += fmt::format(",col={}", at.start_column);
        properties += fmt::format(",endLine={}", at.end_line);
        if (at.end_column > 0) properties += fmt::format(",endColumn={}", at.end_column);
      }
      properties += ",";
    }
    if (!f.evidence.empty()) {
      // The other facts (the sources, for a cross-source finding), one per line, then the
      // sources a summary's fact was searched in.
      const std::size_t primary = primary_evidence(f, store);
      for (std::size_t i = 0; i < f.evidence.size(); ++i) {
        if (i == primary) continue;
        const Evidence& e = f.evidence[i];
        message += fmt::format("\n{} = {} at {}", e.variable, store.kind_name(e.fact),
                               location_text(locate_fact(store, e.fact, root)));
      }
      const auto sources = story_sources(store, f.evidence[primary].fact, root);
      if (!sources.empty()) {
        message += "\nsources searched:";
        for (const std::string& s : sources) message += " " + s;
      }
    }
    properties += "title=" + github_escape_property(f.rule_id);
    out += fmt::format("::{} {}::{}\n", command, properties, github_escape_data(message));
  }
  return out;
}

}  // namespace verity
