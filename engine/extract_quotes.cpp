// Quotation mark pairing (see extract_quotes.hpp). One pass over the body with a stack of open
// quotes. Whether an ambiguous mark (" ' ’) opens or closes is read from its neighbours: a mark
// after a space and before a letter opens, a mark after a letter or punctuation and before a
// space or punctuation closes. The stack is bounded, and a quote still open at the end of a
// paragraph either continues into the next paragraph or is dropped, so the pass stays linear.
#include "engine/extract_quotes.hpp"

#include <algorithm>

#include "engine/extract_sentences.hpp"
#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

constexpr std::size_t kMaxDepth = 16;

enum class Family : std::uint8_t { none, dbl, single, guillemet };

// What a mark can be, from its code point alone.
enum class Mark : std::uint8_t {
  none,
  open_dbl,         // “ „
  close_dbl,        // ”
  straight_dbl,     // "
  open_single,      // ‘
  right_single,     // ’ (closing mark or apostrophe)
  straight_single,  // '
  open_guillemet,   // «
  close_guillemet,  // »
};

Mark mark_of(char32_t c) {
  switch (c) {
    case 0x201C:
    case 0x201E:
      return Mark::open_dbl;
    case 0x201D:
      return Mark::close_dbl;
    case '"':
      return Mark::straight_dbl;
    case 0x2018:
      return Mark::open_single;
    case 0x2019:
      return Mark::right_single;
    case '\'':
      return Mark::straight_single;
    case 0xAB:
      return Mark::open_guillemet;
    case 0xBB:
      return Mark::close_guillemet;
    default:
      return Mark::none;
  }
}

Family family_of(Mark m) {
  switch (m) {
    case Mark::open_dbl:
    case Mark::close_dbl:
    case Mark::straight_dbl:
      return Family::dbl;
    case Mark::open_single:
    case Mark::right_single:
    case Mark::straight_single:
      return Family::single;
    case Mark::open_guillemet:
    case Mark::close_guillemet:
      return Family::guillemet;
    default:
      return Family::none;
  }
}

bool is_mark_char(char32_t c) {
  return mark_of(c) != Mark::none;
}

// Before an opening mark: the paragraph start, a space, an opening bracket, a dash, a colon or
// another mark.
bool opens_after(char32_t prev) {
  return prev == 0 || is_space(prev) || prev == '(' || prev == '[' || prev == '{' || prev == '-' ||
         prev == 0x2013 || prev == 0x2014 || prev == '/' || prev == ':' || is_mark_char(prev);
}

// After a closing mark: the paragraph end, a space, punctuation, or another mark.
bool closes_before(char32_t next) {
  return next == 0 || is_space(next) || next == '.' || next == ',' || next == ';' || next == ':' ||
         next == '!' || next == '?' || next == ')' || next == ']' || next == '}' ||
         next == 0x2013 || next == 0x2014 || next == '-' || next == 0x2026 || next == '/' ||
         is_mark_char(next);
}

// Contractions written with a leading apostrophe: 'em, 'n', 'til, 'tis, 'cause, 'twas.
bool elision_follows(std::string_view text, std::size_t k) {
  for (std::string_view w : {"em", "n", "til", "tis", "cause", "twas", "bout", "round"}) {
    if (text.size() - k >= w.size() && iequals(text.substr(k, w.size()), w) &&
        !is_letter(cp_at(text, k + w.size()))) {
      return true;
    }
  }
  return false;
}

struct Frame {
  Family family = Family::none;
  std::uint32_t open_b = 0;
  std::uint32_t open_len = 0;
  std::uint32_t part_b = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> parts;
};

class Pairer {
 public:
  Pairer(std::string_view text, Quotes& out, std::size_t limit)
      : text_(text), out_(out), limit_(limit) {}

  bool full() const { return out_.spans.size() >= limit_; }

  // Scans [b, e) of one paragraph.
  static bool may_start_mark(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c == '"' || c == '\'' || c == 0xE2 || c == 0xC2;
  }

  void scan(std::uint32_t b, std::uint32_t e) {
    pb_ = b;
    pe_ = e;
    for (std::size_t i = b; i < e && !full();) {
      // Skip to the next byte that may start a mark: " ' or the lead byte of “ ” ‘ ’ « ».
      for (; i + 8 <= e; i += 8) {
        const std::uint64_t w = swar::load(text_.data() + i);
        const std::uint64_t m =
            swar::eq(w, '"') | swar::eq(w, '\'') | swar::eq(w, 0xE2) | swar::eq(w, 0xC2);
        if (m != 0) {
          i += swar::first(m);
          break;
        }
      }
      while (i < e && !may_start_mark(text_[i])) ++i;
      if (i >= e) break;
      const CodePoint cp = decode_at(text_, i);
      const Mark m = mark_of(cp.cp);
      if (m != Mark::none) mark(m, i, cp.len);
      i += cp.len;
    }
  }

  // At a paragraph end: a quote still open continues when the next paragraph starts with an
  // opening mark of its kind (returns that mark's length), else the open marks are dropped.
  std::uint32_t paragraph_end(std::uint32_t next_b, std::uint32_t next_e) {
    if (stack_.empty()) return 0;
    Frame& bottom = stack_.front();
    if (next_b < next_e) {
      const CodePoint c = decode_at(text_, next_b);
      const Mark m = mark_of(c.cp);
      const bool reopens =
          family_of(m) == bottom.family &&
          (m == Mark::open_dbl || m == Mark::open_single || m == Mark::open_guillemet ||
           ((m == Mark::straight_dbl || m == Mark::straight_single) &&
            !is_space(cp_at(text_, next_b + c.len))));
      if (reopens) {
        bottom.parts.emplace_back(bottom.part_b, pe_);
        stack_.resize(1);
        stack_.front().part_b = next_b + c.len;
        return c.len;
      }
    }
    stack_.clear();
    return 0;
  }

 private:
  void mark(Mark m, std::size_t i, std::uint32_t len) {
    const char32_t prev = i > pb_ ? cp_before(text_, i) : 0;
    const char32_t next = i + len < pe_ ? decode_at(text_, i + len).cp : 0;
    const bool open_ctx = opens_after(prev) && next != 0 && !is_space(next);
    const bool close_ctx = !opens_after(prev) && closes_before(next);
    switch (m) {
      case Mark::open_dbl:
        // “ written where a closing mark belongs (after a word, before a space) closes.
        if (close_ctx && find(Family::dbl) >= 0) {
          close(Family::dbl, i, len);
        } else {
          open(Family::dbl, i, len);
        }
        break;
      case Mark::close_dbl:
        if (find(Family::dbl) >= 0) {
          close(Family::dbl, i, len);
        } else if (open_ctx && is_alnum(next)) {
          open(Family::dbl, i, len);
        }
        break;
      case Mark::straight_dbl:
        if (close_ctx) {
          if (find(Family::dbl) >= 0) close(Family::dbl, i, len);
        } else if (open_ctx) {
          open(Family::dbl, i, len);
        } else if (is_alnum(prev) && is_alnum(next) && top(Family::dbl)) {
          close(Family::dbl, i, len);
        }
        break;
      case Mark::open_single:
        // ‘90s is an elided year, not a quote.
        if (open_ctx && is_alnum(next) &&
            !(is_digit(next) && is_digit(cp_at(text_, i + len + 1)))) {
          open(Family::single, i, len);
        }
        break;
      case Mark::right_single:
        if (is_alnum(prev) && is_alnum(next)) break;  // apostrophe: Korea’s, don’t
        if (close_ctx && top(Family::single)) close(Family::single, i, len);
        break;
      case Mark::straight_single:
        if (is_alnum(prev) && is_alnum(next)) break;
        if (close_ctx && top(Family::single)) {
          close(Family::single, i, len);
        } else if (open_ctx && is_letter(next) && !elision_follows(text_, i + len)) {
          open(Family::single, i, len);
        }
        break;
      case Mark::open_guillemet:
        open(Family::guillemet, i, len);
        break;
      case Mark::close_guillemet:
        if (find(Family::guillemet) >= 0) close(Family::guillemet, i, len);
        break;
      case Mark::none:
        break;
    }
  }

  int find(Family f) const {
    for (std::size_t k = stack_.size(); k > 0; --k) {
      if (stack_[k - 1].family == f) return static_cast<int>(k - 1);
    }
    return -1;
  }
  bool top(Family f) const { return !stack_.empty() && stack_.back().family == f; }

  void open(Family f, std::size_t i, std::uint32_t len) {
    if (stack_.size() >= kMaxDepth) return;
    Frame fr;
    fr.family = f;
    fr.open_b = static_cast<std::uint32_t>(i);
    fr.open_len = len;
    fr.part_b = static_cast<std::uint32_t>(i + len);
    stack_.push_back(std::move(fr));
  }

  // Closes the innermost open quote of family f; quotes opened inside it and never closed
  // were not quotes (a stray mark, an apostrophe read as a mark) and are dropped.
  void close(Family f, std::size_t i, std::uint32_t len) {
    const int k = find(f);
    if (k < 0) return;
    stack_.resize(static_cast<std::size_t>(k) + 1);
    Frame& fr = stack_.back();
    QuoteSpan q;
    q.b = fr.open_b;
    q.open_len = fr.open_len;
    q.close_b = static_cast<std::uint32_t>(i);
    q.e = static_cast<std::uint32_t>(i + len);
    q.parts_b = static_cast<std::uint32_t>(out_.parts.size());
    out_.parts.insert(out_.parts.end(), fr.parts.begin(), fr.parts.end());
    out_.parts.emplace_back(fr.part_b, q.close_b);
    q.parts_e = static_cast<std::uint32_t>(out_.parts.size());
    out_.spans.push_back(q);
    stack_.pop_back();
  }

  std::string_view text_;
  Quotes& out_;
  std::size_t limit_;
  std::vector<Frame> stack_;
  std::uint32_t pb_ = 0, pe_ = 0;
};

}  // namespace

Quotes find_quotes(std::string_view text, std::uint32_t from, std::size_t limit) {
  Quotes quotes;
  std::vector<QuoteSpan>& out = quotes.spans;
  Pairer pairer(text, quotes, limit);
  std::uint32_t next = from;
  Paragraph p = next_paragraph(text, next, next);
  while (p.b < p.e && !pairer.full()) {
    pairer.scan(p.b, p.e);
    const Paragraph following = next_paragraph(text, next, next);
    const std::uint32_t skip = pairer.paragraph_end(following.b, following.e);
    p = following;
    p.b += skip;
  }
  std::sort(out.begin(), out.end(), [](const QuoteSpan& a, const QuoteSpan& b) {
    return a.b != b.b ? a.b < b.b : a.e > b.e;
  });
  // Marks pair by a stack, so quotes nest properly: a sweep with a stack of ends finds parents.
  std::vector<int> open;
  for (std::size_t k = 0; k < out.size(); ++k) {
    while (!open.empty() && out[static_cast<std::size_t>(open.back())].e <= out[k].b) {
      open.pop_back();
    }
    out[k].parent = open.empty() ? -1 : open.back();
    open.push_back(static_cast<int>(k));
  }
  return quotes;
}

std::string quote_text(std::string_view text, const Quotes& quotes, const QuoteSpan& q) {
  std::string out;
  for (std::uint32_t k = q.parts_b; k < q.parts_e && k < quotes.parts.size(); ++k) {
    const auto [b, e] = quotes.parts[k];
    std::size_t x = b, y = std::max(b, e);
    while (x < y && is_space(decode_at(text, x).cp)) x += decode_at(text, x).len;
    while (y > x && is_space(decode_at(text, prev_start(text, y)).cp)) y = prev_start(text, y);
    if (x >= y) continue;
    if (!out.empty()) out += ' ';
    out.append(text.substr(x, y - x));
  }
  return out;
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  char32_t prev = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      // ASCII, most of a quote, without decoding: no combining mark is ASCII, and the only
      // ASCII apostrophe and hyphen are ' and -.
      if (is_alnum(byte)) {
        if (!in_word) ++words;
        in_word = true;
      } else if (in_word) {
        const char32_t next = cp_at(text, i + 1);
        in_word = ((byte == '\'' || byte == '-') && is_alnum(next)) ||
                  ((byte == '.' || byte == ',') && is_digit(prev) && is_digit(next));
      }
      prev = byte;
      ++i;
      continue;
    }
    const CodePoint c = decode_at(text, i);
    if (is_alnum(c.cp) || (in_word && is_combining(c.cp))) {
      if (!in_word) ++words;
      in_word = true;
    } else if (in_word) {
      const char32_t next = cp_at(text, i + c.len);
      const bool joins = ((is_apostrophe(c.cp) || is_hyphen(c.cp)) && is_alnum(next)) ||
                         ((c.cp == '.' || c.cp == ',') && is_digit(prev) && is_digit(next));
      in_word = joins;
    }
    prev = c.cp;
    i += c.len;
  }
  return words;
}

}  // namespace verity::extract
