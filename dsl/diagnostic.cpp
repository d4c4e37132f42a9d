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
  // Pad and underline in characters, not bytes, so the caret stands under the right letter
  // when UTF-8 text (curly quotes, names) comes first; keep tabs so tab-indented text lines up.
  const std::size_t col = std::min<std::size_t>(lc.column - 1, line.size());
  std::string pad;
  for (std::size_t i = 0; i < col; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte of the character before
    pad += c == '\t' ? '\t' : ' ';
  }
  std::size_t width = 0;
  const std::size_t span_end = std::min<std::size_t>(col + (span.end - span.begin), line.size());
  for (std::size_t i = col; i < span_end; ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++width;
  }
  out += fmt::format("  {}^{}\n", pad, std::string(width > 1 ? width - 1 : 0, '~'));
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
