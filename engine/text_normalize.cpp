// Text normalization in one pass over the bytes. Plain ASCII runs are copied in bulk (most of
// a news article); only line breaks, NUL and bytes >= 0x80 take the slow path. An edit point is
// recorded after each change, never inside a verbatim run.
#include "engine/text_normalize.hpp"

#include <fmt/format.h>

#include "engine/utf8.hpp"

namespace verity {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

NormalizedText normalize_text(std::string_view bytes) {
  NormalizedText n;
  n.text.reserve(bytes.size());
  std::uint32_t line = 1;
  std::size_t line_start = 0;  // original offset of the current line's first byte
  std::size_t i = 0;
  auto here = [&](std::size_t original) {
    return EditPoint{static_cast<std::uint32_t>(n.text.size()),
                     static_cast<std::uint32_t>(original), line,
                     static_cast<std::uint32_t>(original - line_start + 1)};
  };
  if (bytes.substr(0, 3) == kBom) {
    // Editors do not show the mark: the first visible character is column 1.
    i = line_start = 3;
    n.map.add(here(i));
  }
  while (i < bytes.size()) {
    const char c = bytes[i];
    if (c == '\n') {
      n.text += '\n';
      line_start = ++i;
      ++line;
    } else if (c == '\r') {
      // CRLF and a lone CR each end one line, so line numbers stay those an editor shows.
      n.text += '\n';
      i += (i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
      line_start = i;
      ++line;
      n.map.add(here(i));
    } else if (c == '\0') {
      if (n.nul_bytes++ == 0) n.first_nul = {line, static_cast<std::uint32_t>(i - line_start + 1)};
      n.text += kReplacementChar;
      n.map.add(here(++i));
    } else if (static_cast<unsigned char>(c) < 0x80) {
      std::size_t end = i + 1;
      while (end < bytes.size()) {
        const auto b = static_cast<unsigned char>(bytes[end]);
        if (b >= 0x80 || b == '\r' || b == '\n' || b == '\0') break;
        ++end;
      }
      n.text.append(bytes.substr(i, end - i));
      i = end;
    } else {
      std::size_t bad = 0;
      if (const std::size_t len = utf8_sequence(bytes, i, bad)) {
        n.text.append(bytes.substr(i, len));
        i += len;
      } else {
        if (n.invalid_bytes == 0) {
          n.first_invalid = {line, static_cast<std::uint32_t>(i - line_start + 1)};
        }
        n.invalid_bytes += bad;
        n.text += kReplacementChar;
        i += bad;
        n.map.add(here(i));
      }
    }
  }
  return n;
}

void report_normalization(const NormalizedText& n, const std::string& file,
                          std::vector<InputProblem>& problems) {
  if (n.nul_bytes > 0) {
    problems.push_back({file, n.first_nul.line,
                        fmt::format("contains NUL bytes; is it a binary file? {} NUL byte{} "
                                    "replaced by U+FFFD, the first at line {}, column {}",
                                    n.nul_bytes, n.nul_bytes == 1 ? "" : "s", n.first_nul.line,
                                    n.first_nul.column),
                        false, n.first_nul.column});
  }
  if (n.invalid_bytes > 0) {
    problems.push_back({file, n.first_invalid.line,
                        fmt::format("invalid UTF-8: {} byte{} replaced by U+FFFD, the first at "
                                    "line {}, column {}; save the file as UTF-8",
                                    n.invalid_bytes, n.invalid_bytes == 1 ? "" : "s",
                                    n.first_invalid.line, n.first_invalid.column),
                        false, n.first_invalid.column});
  }
}

}  // namespace verity
