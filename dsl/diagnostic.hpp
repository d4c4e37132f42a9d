// Owns user-facing problems found in rule files: a severity, a primary location, a message,
// and optional notes at secondary locations (as souffle's ErrorReport). Rendering follows
// `file:line:col: error: message`, then the source line and a caret under the column.
#pragma once

#include <string>
#include <vector>

#include "dsl/source.hpp"

namespace verity {

enum class DiagnosticLevel { error, warning, note };

struct DiagnosticNote {
  const SourceText* source = nullptr;
  Span span;
  std::string message;
};

struct Diagnostic {
  DiagnosticLevel level = DiagnosticLevel::error;
  const SourceText* source = nullptr;  // the file the problem is in; must outlive the diagnostic
  Span span;
  std::string message;
  std::vector<DiagnosticNote> notes;
};

// Collects diagnostics in the order found; a pass never stops at its first problem.
class Diagnostics {
 public:
  void error(const SourceText& src, Span span, std::string message);
  void warning(const SourceText& src, Span span, std::string message);
  void add(Diagnostic d) { items_.push_back(std::move(d)); }

  const std::vector<Diagnostic>& items() const { return items_; }
  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;

 private:
  std::vector<Diagnostic> items_;
};

// `file:line:col: error: message`, the line, and a caret (with ~ under the rest of the span
// when it stays on that line). Ends with a newline.
std::string render(const Diagnostic& d);
std::string render(const Diagnostics& ds);

}  // namespace verity
