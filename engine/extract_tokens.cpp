// Tokenizer of one sentence (see extract_tokens.hpp). One pass over the bytes; every token
// starts on a code point boundary, and the work per byte is constant.
#include "engine/extract_tokens.hpp"

#include <algorithm>
#include <array>

#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

bool ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

// Words in -ly that are nouns or adjectives and so may stand inside a noun phrase.
constexpr std::array<std::string_view, 30> kLyNouns = {
    "family",  "supply", "assembly", "anomaly",  "monopoly", "rally",    "ally",      "reply",
    "italy",   "july",   "daily",    "weekly",   "monthly",  "yearly",   "quarterly", "early",
    "elderly", "costly", "deadly",   "friendly", "likely",   "unlikely", "butterfly", "jelly",
    "belly",   "holy",   "ugly",     "lonely",   "lovely",   "only"};

// Scans a word starting at i (a letter); returns its end and sets the flags.
std::size_t scan_word(std::string_view text, std::size_t i, std::size_t e, Token& t) {
  const CodePoint first = decode_at(text, i);
  const bool upper = is_upper(first.cp);
  std::size_t j = i + first.len;
  // Initials and dotted acronyms: "J.", "U.S.", "a.m.".
  if (first.cp < 0x80 && j < e && text[j] == '.') {
    std::size_t k = j + 1;
    int groups = 1;
    bool all_upper = upper;
    while (k + 1 < e && ascii_letter(text[k]) && text[k + 1] == '.') {
      all_upper = all_upper && text[k] >= 'A' && text[k] <= 'Z';
      ++groups;
      k += 2;
    }
    if (groups >= 2 && (k >= e || !ascii_letter(text[k]))) {
      t.flags |= kDotted;
      if (upper) t.flags |= kCap;
      if (all_upper) t.flags |= kAllCaps;
      return k;
    }
    if (upper && (j + 1 >= e || !ascii_letter(text[j + 1]))) {
      t.flags |= kInitial | kCap;
      return j + 1;
    }
    if (upper) t.flags |= kCap;
    return j;
  }
  std::size_t letters = 1, uppers = upper ? 1 : 0;
  while (j < e) {
    // ASCII letters and digits, most of every word, without decoding or classifying.
    const char byte = text[j];
    if (ascii_letter(byte)) {
      ++letters;
      if (byte <= 'Z') ++uppers;
      ++j;
      continue;
    }
    if (ascii_digit(byte)) {
      t.flags |= kHasDigit;
      ++j;
      continue;
    }
    // Other ASCII ends the word unless it is a hyphen or an apostrophe (no combining mark or
    // letter is ASCII): most words end at a space, which needs no decoding or table lookup.
    if (static_cast<unsigned char>(byte) < 0x80 && byte != '-' && byte != '\'') break;
    const CodePoint d = decode_at(text, j);
    if (is_letter(d.cp) || is_combining(d.cp)) {
      if (is_letter(d.cp)) {
        ++letters;
        if (is_upper(d.cp)) ++uppers;
      }
      j += d.len;
    } else if (is_digit(d.cp)) {
      t.flags |= kHasDigit;
      ++j;
    } else if (is_hyphen(d.cp) && j + d.len < e && is_alnum(decode_at(text, j + d.len).cp)) {
      t.flags |= kHyphenated;
      j += d.len;
    } else if (is_apostrophe(d.cp) && j + d.len < e) {
      const CodePoint n = decode_at(text, j + d.len);
      if (!is_letter(n.cp)) break;
      // "Korea’s": the possessive is a token of its own, so the name ends before it.
      if ((n.cp == 's' || n.cp == 'S') && !is_alnum(cp_at(text, j + d.len + 1))) break;
      j += d.len;
    } else {
      break;
    }
  }
  if (upper) t.flags |= kCap;
  if (letters >= 2 && uppers == letters) t.flags |= kAllCaps;
  return j;
}

std::size_t scan_number(std::string_view text, std::size_t i, std::size_t e, Token& t) {
  std::size_t j = i + 1;
  while (j < e && ascii_digit(text[j])) ++j;
  while (j + 1 < e && ascii_digit(text[j + 1])) {
    const char sep = text[j];
    if (sep == ',') {
      t.flags |= kHasComma;
    } else if (sep == '.') {
      t.flags |= kHasDecimal;
    } else if (sep == ':') {
      t.flags |= kTime;
    } else {
      break;
    }
    j += 2;
    while (j < e && ascii_digit(text[j])) ++j;
  }
  if (j < e && ascii_letter(text[j])) {
    t.flags |= kNumSuffix;
    t.suffix = static_cast<std::uint16_t>(std::min<std::size_t>(j - i, 0xFFFF));
    while (j < e && ascii_letter(text[j])) ++j;
  }
  return j;
}

}  // namespace

bool is_quote_char(char32_t c) {
  return c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
         c == 0x201E || c == 0xAB || c == 0xBB;
}

bool is_dash_char(char32_t c) {
  return c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2012 || c == 0x2015;
}

bool is_ly_adverb(std::string_view w) {
  static const WordSet kNouns(kLyNouns.data(), kLyNouns.size());
  if (w.size() < 5 || !iends_with(w, "ly")) return false;
  return !kNouns.contains(w);
}

bool is_content_word(const Sentence& s, std::size_t i) {
  if (i >= s.size()) return false;
  const Token& t = s.toks[i];
  if (!t.word() || t.has(kPossessive | kQuoteMark)) return false;
  if (t.lx(kStop | kPreposition | kAux | kPronoun | kDeterminer | kReportStrong)) return false;
  return t.has(kCap) || !is_ly_adverb(s.str(t));
}

std::size_t Sentence::token_at(std::uint32_t off) const {
  auto it = std::lower_bound(toks.begin(), toks.end(), off,
                             [](const Token& t, std::uint32_t o) { return t.b < o; });
  if (it != toks.end() && it->b == off) return static_cast<std::size_t>(it - toks.begin());
  return toks.size();
}

void tokenize(std::string_view text, std::uint32_t b, std::uint32_t e, Sentence& s) {
  s.text = text;
  s.b = b;
  s.e = e;
  s.toks.clear();
  s.headline = false;
  bool space = true;
  std::size_t i = b;
  while (i < e) {
    const CodePoint c = decode_at(text, i);
    if (is_space(c.cp)) {
      space = true;
      i += c.len;
      continue;
    }
    static const LexEntry& kNoEntry = lex_lookup({});
    Token t;
    t.b = static_cast<std::uint32_t>(i);
    t.lex = &kNoEntry;
    if (space) t.flags |= kSpaceBefore;
    space = false;
    std::size_t j = i + c.len;
    if (is_letter(c.cp)) {
      t.kind = Tk::word;
      j = scan_word(text, i, e, t);
      if (!t.has(kInitial)) t.lex = &lex_of(text.substr(i, j - i));
    } else if (is_digit(c.cp)) {
      t.kind = Tk::number;
      j = scan_number(text, i, e, t);
    } else if (is_apostrophe(c.cp) && !s.toks.empty() && s.toks.back().word() &&
               s.toks.back().e == i) {
      const std::size_t k = i + c.len;
      const char32_t n = cp_at(text, k);
      if ((n == 's' || n == 'S') && k < e && !is_alnum(cp_at(text, k + 1))) {
        t.kind = Tk::word;  // "’s"
        t.flags |= kPossessive;
        j = k + 1;
      } else {
        t.cp = c.cp;
        if (!is_alnum(n) && iends_with(s.str(s.toks.back()), "s")) t.flags |= kPossessive;
      }
    } else {
      t.cp = c.cp;
    }
    t.e = static_cast<std::uint32_t>(std::min<std::size_t>(j, e));
    s.toks.push_back(t);
    i = t.e;
  }
  // A Title Case Line (a headline) capitalizes every word; names cannot be told apart there.
  std::size_t words = 0, caps = 0, cap_stops = 0;
  for (std::size_t k = 0; k < s.toks.size(); ++k) {
    const Token& t = s.toks[k];
    if (!t.word() || t.has(kPossessive)) continue;
    ++words;
    if (t.has(kCap)) {
      ++caps;
      if (k > 0 && t.lx(kStop)) ++cap_stops;
    }
  }
  s.headline = words >= 4 && (caps * 10 >= words * 9 || (caps * 4 >= words * 3 && cap_stops > 0));
}

}  // namespace verity::extract
