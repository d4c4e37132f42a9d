// Source excerpts with the span marked (see excerpt.hpp). Everything is cut on UTF-8 character
// boundaries and measured in characters, so a clipped line never splits a character.
#include "engine/excerpt.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace verity {
namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

const std::string kEllipsis = "…";

}  // namespace

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~')) ++i;  // to the final byte
      continue;
    }
    n += is_continuation(s[i]) ? 0 : 1;
  }
  return n;
}

std::string wrap_words(std::string_view first, std::string_view text, std::size_t indent,
                       std::size_t width) {
  std::string out(first);
  std::size_t column = display_width(first);
  bool line_has_word = false;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\n') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\n') ++j;
    const std::string_view word = text.substr(i, j - i);
    const std::size_t w = display_width(word);
    if (line_has_word && column + 1 + w > width) {
      out += '\n';
      out += std::string(indent, ' ');
      column = indent;
      line_has_word = false;
    }
    if (line_has_word || (!out.empty() && out.back() != ' ' && column > indent)) {
      out += ' ';
      ++column;
    }
    out += word;
    column += w;
    line_has_word = true;
    i = j;
  }
  out += '\n';
  return out;
}

std::string render_excerpt(std::string_view text, std::uint32_t begin, std::uint32_t end,
                           std::uint32_t line, const Style& style, std::size_t indent,
                           std::size_t width) {
  if (text.empty() || begin > text.size()) return {};
  end = std::clamp<std::uint32_t>(end, begin, static_cast<std::uint32_t>(text.size()));
  const std::size_t nl_before = begin == 0 ? std::string_view::npos : text.rfind('\n', begin - 1);
  const std::size_t line_begin = nl_before == std::string_view::npos ? 0 : nl_before + 1;
  std::size_t line_end = text.find('\n', begin);
  if (line_end == std::string_view::npos) line_end = text.size();
  if (line_end > line_begin && text[line_end - 1] == '\r') --line_end;
  // Trailing blanks are dropped (never inside the span): Markdown comments are blanked to
  // spaces in the text, and a line ending in them would otherwise be cut with an ellipsis.
  while (line_end > std::max<std::size_t>(line_begin, end) &&
         (text[line_end - 1] == ' ' || text[line_end - 1] == '\t')) {
    --line_end;
  }
  const std::string_view row = text.substr(line_begin, line_end - line_begin);
  const std::size_t span_b = std::min<std::size_t>(begin - line_begin, row.size());
  const std::size_t span_e = std::clamp<std::size_t>(end - line_begin, span_b, row.size());

  // Character starts of the row, and the span in characters.
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (!is_continuation(row[i])) starts.push_back(i);
  }
  const std::size_t n = starts.size();
  auto char_index = [&](std::size_t byte) {
    return static_cast<std::size_t>(std::lower_bound(starts.begin(), starts.end(), byte) -
                                    starts.begin());
  };
  const std::size_t cb = char_index(span_b);
  const std::size_t ce = std::max(cb, char_index(span_e));

  const std::string number = fmt::format("{:>4}", line);
  const std::string pad(indent, ' ');
  const std::string gutter = pad + number + " | ";
  const std::string blank = pad + std::string(number.size(), ' ') + " | ";
  const std::size_t room = width > gutter.size() + 8 ? width - gutter.size() : 8;

  // The window [from, to) of characters shown; room for an ellipsis at each cut end.
  std::size_t from = 0, to = n;
  if (n > room) {
    const std::size_t budget = room - 2;
    const std::size_t span_chars = std::max<std::size_t>(1, ce - cb);
    if (span_chars >= budget) {
      from = cb;
    } else {
      // About a third of the spare room before the span, the rest after it.
      from = cb - std::min(cb, (budget - span_chars) / 3);
    }
    to = std::min(n, from + budget);
    if (to == n) from = n > budget ? n - budget : 0;
  }
  auto bytes = [&](std::size_t c) { return c < n ? starts[c] : row.size(); };
  auto shown = [&](std::size_t c0, std::size_t c1) {
    std::string s(row.substr(bytes(c0), bytes(c1) - bytes(c0)));
    std::replace(s.begin(), s.end(), '\t', ' ');
    return s;
  };
  const std::size_t mark_b = std::clamp(cb, from, to);
  const std::size_t mark_e = std::clamp(ce, mark_b, to);

  std::string out = style.dim(gutter);
  if (from > 0) out += kEllipsis;
  out += shown(from, mark_b);
  out += style.mark(shown(mark_b, mark_e));
  out += shown(mark_e, to);
  if (to < n) out += kEllipsis;
  out += '\n';
  const std::size_t lead = (from > 0 ? 1 : 0) + (mark_b - from);
  const std::size_t marks = std::max<std::size_t>(1, mark_e - mark_b);
  out += style.dim(blank);
  out += std::string(lead, ' ');
  out += style.mark("^" + std::string(marks - 1, '~'));
  out += '\n';
  return out;
}

}  // namespace verity
