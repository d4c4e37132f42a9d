// Owns the text of one input file (a rule file or a document) and the mapping from byte
// offsets to 1-based line and column. Every span in verity is a byte range into such a text;
// line and column are computed only for display, as cel-cpp does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace verity {

// A half-open byte range [begin, end) in a SourceText.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in bytes
};

class SourceText {
 public:
  SourceText() = default;
  SourceText(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  LineCol line_col(std::uint32_t offset) const;
  // The text of line `line` (1-based) without its line break; empty past the end.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;  // offset of the first byte of each line
};

}  // namespace verity
