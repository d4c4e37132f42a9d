// The text report: what a fact-checker reads on a terminal, each fact shown in its line.
#include <fmt/format.h>

#include "engine/report.hpp"

namespace verity {
namespace {

constexpr std::size_t kWindow = 90;  // characters of a source line shown around a span

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Number of characters (UTF-8 code points) in s.
std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += is_continuation(c) ? 0 : 1;
  return n;
}

// Moves a byte offset back to the start of its UTF-8 character.
std::size_t char_start(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() && is_continuation(s[i])) --i;
  return i;
}

// The line of a fact with its span underlined, cut to a window when the line is long.
std::string excerpt(const Document& doc, const Fact& fact) {
  const SourceText& text = doc.text;
  if (text.text().empty()) return {};
  const LineCol lc = text.line_col(fact.span.begin);
  std::string_view line = text.line_text(lc.line);
  std::size_t begin = lc.column - 1;
  std::size_t end = std::min<std::size_t>(begin + (fact.span.end - fact.span.begin), line.size());
  std::string prefix, suffix;
  if (char_count(line) > kWindow) {
    const std::size_t from = char_start(line, begin > 30 ? begin - 30 : 0);
    std::size_t to = std::min(line.size(), std::max(end, from + kWindow * 2));
    to = char_start(line, to);
    while (to > from && char_count(line.substr(from, to - from)) > kWindow) {
      to = char_start(line, to - 1);
    }
    if (from > 0) prefix = "…";
    if (to < line.size()) suffix = "…";
    line = line.substr(from, to - from);
    begin -= from;
    end = std::min(end - from, line.size());
  }
  const std::size_t pad = char_count(prefix) + char_count(line.substr(0, begin));
  const std::size_t width = std::max<std::size_t>(1, char_count(line.substr(begin, end - begin)));
  return fmt::format("      | {}{}{}\n      | {}^{}\n", prefix, line, suffix, std::string(pad, ' '),
                     std::string(width - 1, '~'));
}

}  // namespace

std::string render_text(const EvalResult& result, const FactStore& store,
                        const RunSummary& summary) {
  std::string out;
  std::size_t counts[3] = {0, 0, 0};
  for (const Finding& f : result.findings) {
    ++counts[static_cast<int>(f.severity)];
    out += fmt::format("{}[{}]: {}\n", severity_name(f.severity), f.rule_id, f.message);
    for (const Evidence& e : f.evidence) {
      const Fact& fact = store.fact(e.fact);
      const Document& doc = store.document_of(e.fact);
      const std::string& kind = store.kind_name(e.fact);
      if (kind == "doc") {
        out += fmt::format("  {} = document {}\n", e.variable, doc.id);
        continue;
      }
      out += fmt::format("  {} = {} at {}:{}:{}\n", e.variable, kind, doc.id, fact.position.line,
                         fact.position.column);
      out += excerpt(doc, fact);
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
  if (summary.run_id > 0)
    out += fmt::format("; logged to {} as run {}", summary.db_path, summary.run_id);
  out += "\n";
  return out;
}

}  // namespace verity
