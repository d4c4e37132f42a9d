// Paragraph and sentence splitting (see extract_sentences.hpp). A byte scanner: ASCII bytes take
// a fast path, every lookbehind and lookahead is bounded by a few dozen bytes, and a sentence is
// cut at kMaxSentenceBytes, so the work is linear in the input whatever it holds.
#include "engine/extract_sentences.hpp"

#include <algorithm>
#include <cstring>

#include "engine/extract_lexicon.hpp"
#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

bool ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool blank(char c) {
  return static_cast<unsigned char>(c) <= 0x20;
}

// Closing quotation marks and brackets that stay with the sentence they close.
bool is_closer(char32_t c) {
  return c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == ')' || c == ']' || c == 0xBB;
}

std::size_t skip_space(std::string_view text, std::size_t i, std::size_t e) {
  while (i < e) {
    const CodePoint c = decode_at(text, i);
    if (!is_space(c.cp)) break;
    i += c.len;
  }
  return i;
}

// The ASCII word starting at k (at most 16 letters), or "".
std::string_view word_at(std::string_view text, std::size_t k, std::size_t e) {
  std::size_t j = k;
  while (j < e && j - k < 16 && ascii_letter(text[j])) ++j;
  return text.substr(k, j - k);
}

// A capitalized word that usually begins a sentence (The, He, But…), not a name.
bool starter_at(std::string_view text, std::size_t k, std::size_t e) {
  const std::string_view w = word_at(text, k, e);
  return !w.empty() && w[0] >= 'A' && w[0] <= 'Z' && lex_of(w).has(kStarter);
}

// After '“Why?”' or '“Enough!”': is the attribution next ("Kim asked", "Mayor Ann Lee said")?
// Then the quote and its attribution are one sentence.
bool attribution_follows(std::string_view text, std::size_t k, std::size_t e) {
  for (int words = 0; words < 5 && k < e; ++words) {
    const std::string_view w = word_at(text, k, e);
    if (w.empty()) return false;
    if (w[0] >= 'a' && w[0] <= 'z') return lex_of(w).has(kReportVerb);
    k += w.size();
    for (int n = 0; n < 40 && k < e && (text[k] == '-' || text[k] == '.' || ascii_letter(text[k]));
         ++n) {
      ++k;
    }
    if (k >= e || text[k] != ' ') return false;
    ++k;
  }
  return false;
}

// An ASCII byte that is not a sentence terminator.
bool plain_ascii(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c < 0x80 && c != '.' && c != '!' && c != '?';
}

class Splitter {
 public:
  Splitter(std::string_view text, std::vector<SentenceSpan>& out) : text_(text), out_(out) {}

  void paragraph(std::size_t pb, std::size_t pe, std::uint32_t index) {
    para_ = index;
    std::size_t s = pb;
    // A heading's '#' marks and a list bullet are layout, not words of the sentence.
    while (s < pe && text_[s] == '#') ++s;
    if (s + 1 < pe && (text_[s] == '-' || text_[s] == '*') && text_[s + 1] == ' ') ++s;
    if (text_.compare(s, 3, "\xE2\x80\xA2") == 0) s += 3;  // •
    s = skip_space(text_, s, pe);
    std::size_t i = s;
    while (i < pe) {
      if (i - s >= kMaxSentenceBytes) {
        const std::size_t cut = force_cut(s, i);
        emit(s, cut);
        s = i = skip_space(text_, cut, pe);
        continue;
      }
      // Plain ASCII (most of the text) cannot end a sentence: skip it in a tight loop, up to
      // the length limit, which the check above then handles as before.
      const std::size_t stop = std::min(pe, s + kMaxSentenceBytes);
      for (; i + 8 <= stop; i += 8) {
        const std::uint64_t w = swar::load(text_.data() + i);
        const std::uint64_t m =
            swar::high(w) | swar::eq(w, '.') | swar::eq(w, '!') | swar::eq(w, '?');
        if (m != 0) {
          i += swar::first(m);
          break;
        }
      }
      while (i < stop && plain_ascii(text_[i])) ++i;
      if (i >= stop) continue;
      const auto c = static_cast<unsigned char>(text_[i]);
      if (c == '.' || c == '!' || c == '?') {
        i = terminator(s, i, 1, pe);
      } else if (c == 0xE2 && text_.compare(i, 3, "\xE2\x80\xA6") == 0) {  // …
        i = terminator(s, i, 3, pe);
      } else if (c < 0x80) {
        ++i;
      } else {
        i += decode_at(text_, i).len;
      }
    }
    emit(s, pe);
  }

 private:
  // Handles a terminator at i; returns where to scan on, having emitted a sentence if one ends.
  std::size_t terminator(std::size_t& s, std::size_t i, std::size_t len, std::size_t pe) {
    std::size_t j = i + len;
    bool single_period = text_[i] == '.';
    while (j < pe) {
      if (text_[j] == '.' || text_[j] == '!' || text_[j] == '?') {
        ++j;
      } else if (text_.compare(j, 3, "\xE2\x80\xA6") == 0) {
        j += 3;
      } else {
        break;
      }
      single_period = false;
    }
    bool closed = false;
    while (j < pe) {
      const CodePoint c = decode_at(text_, j);
      if (!is_closer(c.cp)) break;
      closed = closed || c.cp != ')';
      j += c.len;
    }
    if (j >= pe) return j;
    if (!is_space(decode_at(text_, j).cp)) return j;  // 14.5, U.S.A, example.com
    const std::size_t k = skip_space(text_, j, pe);
    if (k >= pe) return k;
    if (!splits(s, i, single_period, closed, k, pe)) return j;
    emit(s, j);
    s = k;
    return k;
  }

  bool splits(std::size_t s, std::size_t i, bool single_period, bool closed, std::size_t k,
              std::size_t pe) const {
    const char32_t next = decode_at(text_, k).cp;
    if (is_letter(next) && !is_upper(next)) return false;
    if (!single_period) {
      // '“Why?” Kim asked.' is one sentence; '“We won.” Kim said.' is two.
      return !(closed && text_[i] != '.' && attribution_follows(text_, k, pe));
    }
    // The word before the period: letters and inner periods, at most 12 bytes back.
    std::size_t w = i;
    while (w > s && i - w < 12 && (ascii_letter(text_[w - 1]) || text_[w - 1] == '.')) --w;
    const std::string_view word = text_.substr(w, i - w);
    if (word.empty()) return true;
    if (word.find('.') != std::string_view::npos) return starter_at(text_, k, pe);  // U.S.
    if (word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z') {
      return starter_at(text_, k, pe);  // an initial: J. R. Smith
    }
    const LexEntry& lex = lex_of(word);
    if (lex.has(kAbbrevTitle)) return false;                     // Mr. Kim, Gen. Lee
    if (lex.has(kAbbrevOther)) return starter_at(text_, k, pe);  // Jan. 29, No. 10
    return true;
  }

  // Where to cut a sentence that reached the length limit: the last space in its second half,
  // or right here.
  std::size_t force_cut(std::size_t s, std::size_t i) const {
    for (std::size_t p = i; p > s + kMaxSentenceBytes / 2; --p) {
      if (blank(text_[p - 1])) return p - 1;
    }
    return i;
  }

  void emit(std::size_t b, std::size_t e) {
    while (e > b && blank(text_[e - 1])) --e;
    if (b >= e) return;
    SentenceSpan span{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), para_, false};
    for (std::size_t i = b; i < e;) {
      const CodePoint c = decode_at(text_, i);
      if (is_alnum(c.cp)) {
        span.has_words = true;
        break;
      }
      i += c.len;
    }
    out_.push_back(span);
  }

  std::string_view text_;
  std::vector<SentenceSpan>& out_;
  std::uint32_t para_ = 0;
};

}  // namespace

Paragraph next_paragraph(std::string_view text, std::uint32_t from, std::uint32_t& next) {
  const std::size_t n = text.size();
  std::size_t i = from;
  while (i < n && blank(text[i])) ++i;
  if (i >= n) {
    next = static_cast<std::uint32_t>(n);
    return {static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(n)};
  }
  const std::size_t b = i;
  const bool heading = text[i] == '#';
  std::size_t end = n;
  while (i < n) {
    const void* hit = std::memchr(text.data() + i, '\n', n - i);
    if (hit == nullptr) break;
    const std::size_t p = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
    if (heading) {
      end = p;
      break;
    }
    std::size_t k = p + 1;
    while (k < n && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r')) ++k;
    if (k >= n || text[k] == '\n' || text[k] == '#') {
      end = p;
      break;
    }
    i = k;
  }
  next = static_cast<std::uint32_t>(end);
  while (end > b && blank(text[end - 1])) --end;
  return {static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(end)};
}

std::vector<SentenceSpan> split_sentences(std::string_view text, std::uint32_t from) {
  std::vector<SentenceSpan> out;
  Splitter splitter(text, out);
  std::uint32_t next = from;
  for (std::uint32_t index = 0;; ++index) {
    const Paragraph p = next_paragraph(text, next, next);
    if (p.b >= p.e) break;
    splitter.paragraph(p.b, p.e, index);
  }
  return out;
}

}  // namespace verity::extract
