// Rendering of diagnostics with the source line and a caret.
#include "dsl/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace verity {
namespace {

const char* level_name(DiagnosticLevel level) {
  switch (level) {
    case DiagnosticLevel::error:
      return "error";
    case DiagnosticLevel::warning:
      return "warning";
    case DiagnosticLevel::note:
      return "note";
  }
  return "error";
}

// Appends the located header, the source line and a caret line.
void render_located(std::string& out, const SourceText* src, Span span, DiagnosticLevel level,
                    const std::string& message) {
  if (src == nullptr) {
    out += fmt::format("{}: {}\n", level_name(level), message);
    return;
  }
  const LineCol lc = src->line_col(span.begin);
  out += fmt::format("{}:{}:{}: {}: {}\n", src->name(), lc.line, lc.column, level_name(level),
                     message);
  const std::string_view line = src->line_text(lc.line);
  out += fmt::format("  {}\n", line);
  // Keep tabs in the padding so the caret lines up under tab-indented text.
  std::string pad;
  for (std::uint32_t i = 0; i + 1 < lc.column && i < line.size(); ++i) {
    pad += line[i] == '\t' ? '\t' : ' ';
  }
  const std::uint32_t line_left = static_cast<std::uint32_t>(line.size()) - (lc.column - 1);
  const std::uint32_t width =
      span.end > span.begin ? std::min(span.end - span.begin, std::max(line_left, 1u)) : 1u;
  out += fmt::format("  {}^{}\n", pad, std::string(width > 0 ? width - 1 : 0, '~'));
}

}  // namespace

void Diagnostics::error(const SourceText& src, Span span, std::string message) {
  items_.push_back({DiagnosticLevel::error, &src, span, std::move(message), {}});
}

void Diagnostics::warning(const SourceText& src, Span span, std::string message) {
  items_.push_back({DiagnosticLevel::warning, &src, span, std::move(message), {}});
}

bool Diagnostics::has_errors() const {
  return error_count() > 0;
}

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const auto& d) {
    return d.level == DiagnosticLevel::error;
  }));
}

std::size_t Diagnostics::warning_count() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const auto& d) {
    return d.level == DiagnosticLevel::warning;
  }));
}

std::string render(const Diagnostic& d) {
  std::string out;
  render_located(out, d.source, d.span, d.level, d.message);
  for (const auto& note : d.notes) {
    render_located(out, note.source, note.span, DiagnosticLevel::note, note.message);
  }
  return out;
}

std::string render(const Diagnostics& ds) {
  std::string out;
  for (const auto& d : ds.items()) out += render(d);
  return out;
}

}  // namespace verity
