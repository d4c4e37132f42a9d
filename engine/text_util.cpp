// UTF-8 decoding and character classes for the extractor (see text_util.hpp). Classification is
// by code point ranges rather than a Unicode database: news text needs Latin with its accents,
// and the other scripts only have to be recognized as letters so that they stay inside words.
#include "engine/text_util.hpp"

#include <algorithm>

#include "engine/utf8.hpp"

namespace verity::extract {

CodePoint decode_multibyte(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t bad = 0;
  const std::size_t n = utf8_sequence(s, i, bad);
  if (n == 0) return {kReplacement, 1};
  char32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {cp, static_cast<std::uint32_t>(n)};
}

std::size_t prev_start(std::string_view s, std::size_t i) {
  std::size_t j = i - 1;
  for (int k = 0; k < 3 && j > 0 && is_continuation_byte(s[j]); ++k) --j;
  if (j + decode_at(s, j).len == i) return j;
  return i - 1;
}

bool is_space_multibyte(char32_t c) {
  if (c == 0x85 || c == 0xA0) return true;
  if (c >= 0x2000 && c <= 0x200B) return true;
  return c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_combining_above_ascii(char32_t c) {
  return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0xFE20 && c <= 0xFE2F);
}

bool is_letter_multibyte(char32_t c) {
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
  if (c <= 0x24F) return c != 0xD7 && c != 0xF7;  // Latin-1 letters, Latin Extended-A/B
  if (c <= 0x2AF) return true;                    // IPA extensions
  if (c >= 0x370 && c <= 0x3FF) return c != 0x37E && c != 0x387;  // Greek
  if (c >= 0x400 && c <= 0x52F) return c < 0x482 || c > 0x489;    // Cyrillic
  if (c >= 0x531 && c <= 0x587) return true;                      // Armenian
  if (c >= 0x5D0 && c <= 0x5EA) return true;                      // Hebrew
  if (c >= 0x620 && c <= 0x64A) return true;                      // Arabic
  if (c >= 0x900 && c <= 0xDFF) return true;                      // Indic scripts
  if (c >= 0xE01 && c <= 0xE30) return true;                      // Thai
  if (c >= 0x10A0 && c <= 0x10FF) return true;                    // Georgian
  if (c >= 0x1100 && c <= 0x11FF) return true;                    // Hangul Jamo
  if (c >= 0x1E00 && c <= 0x1EFF) return true;                    // Latin Extended Additional
  if (c >= 0x3041 && c <= 0x30FF) return c != 0x30FB;             // kana
  if (c >= 0x3400 && c <= 0x4DBF) return true;                    // CJK extension A
  if (c >= 0x4E00 && c <= 0x9FFF) return true;                    // CJK
  if (c >= 0xAC00 && c <= 0xD7AF) return true;                    // Hangul syllables
  if (c >= 0xF900 && c <= 0xFAFF) return true;                    // CJK compatibility
  return false;
}

bool is_upper_multibyte(char32_t c) {
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x137) return c % 2 == 0;
  if (c >= 0x139 && c <= 0x148) return c % 2 == 1;
  if (c >= 0x14A && c <= 0x177) return c % 2 == 0;
  if (c == 0x178) return true;
  if (c >= 0x179 && c <= 0x17E) return c % 2 == 1;
  if (c >= 0x391 && c <= 0x3AB) return c != 0x3A2;  // Greek capitals
  if (c >= 0x400 && c <= 0x42F) return true;        // Cyrillic capitals
  if (c >= 0x1E00 && c <= 0x1EFF) return c % 2 == 0;
  return false;
}

namespace {

// Base letters of U+00C0..U+017F; '1' stands for "ae", '2' for "oe", '3' for "th", '4' for "ss",
// '5' for "ij", '.' for a code point that is not a letter.
constexpr std::string_view kLatinFold =
    "aaaaaa1ceeeeiiiidnooooo.ouuuuy34"  // U+00C0..U+00DF
    "aaaaaa1ceeeeiiiidnooooo.ouuuuy3y"  // U+00E0..U+00FF
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii55jjkkk"
    "llllllllllnnnnnnnnnoooooo22rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static_assert(kLatinFold.size() == 0x180 - 0xC0);

void append_fold(char f, std::string& out) {
  switch (f) {
    case '1':
      out += "ae";
      break;
    case '2':
      out += "oe";
      break;
    case '3':
      out += "th";
      break;
    case '4':
      out += "ss";
      break;
    case '5':
      out += "ij";
      break;
    default:
      out += f;
  }
}

}  // namespace

void fold_append(std::string_view word, std::string& out) {
  for (std::size_t i = 0; i < word.size();) {
    const CodePoint c = decode_at(word, i);
    if (c.cp < 0x80) {
      out += static_cast<char>(c.cp >= 'A' && c.cp <= 'Z' ? c.cp + 32 : c.cp);
    } else if (c.cp >= 0xC0 && c.cp <= 0x17F && kLatinFold[c.cp - 0xC0] != '.') {
      append_fold(kLatinFold[c.cp - 0xC0], out);
    } else if (!is_combining(c.cp)) {
      out.append(word.substr(i, c.len));
    }
    i += c.len;
  }
}

bool ascii_lower(std::string_view word, char* buf, std::size_t cap, std::size_t& len) {
  if (word.size() > cap) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  len = word.size();
  return true;
}

WordSet::WordSet(const std::string_view* words, std::size_t n) {
  std::size_t size = 16;
  while (size < 2 * n) size *= 2;  // at most half full: probes stay short
  slots_.resize(size);
  for (std::size_t k = 0; k < n; ++k) {
    const std::string_view w = words[k];
    if (w.empty()) continue;
    min_len_ = std::min(min_len_, w.size());
    max_len_ = std::max(max_len_, w.size());
    first_bytes_ |= byte_bit(w.front());
    last_bytes_ |= byte_bit(w.back());
    for (std::size_t i = hash(w) & (size - 1);; i = (i + 1) & (size - 1)) {
      if (slots_[i].empty()) {
        slots_[i] = w;
        break;
      }
      if (slots_[i] == w) break;
    }
  }
}

bool WordSet::contains(std::string_view word) const {
  if (word.size() < min_len_ || word.size() > max_len_) return false;
  // Most words tested are not in the set: their first or last letter already tells.
  if ((first_bytes_ & byte_bit(word.front())) == 0 || (last_bytes_ & byte_bit(word.back())) == 0) {
    return false;
  }
  char buf[64];
  std::size_t len = 0;
  if (!ascii_lower(word, buf, sizeof buf, len)) return false;
  const std::string_view lower(buf, len);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash(lower) & mask; !slots_[i].empty(); i = (i + 1) & mask) {
    if (slots_[i] == lower) return true;
  }
  return false;
}

// FNV-1a: the words are short and few.
std::uint32_t WordSet::hash(std::string_view lower) {
  std::uint32_t h = 2166136261u;
  for (const char c : lower) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

bool iends_with(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() && iequals(word.substr(word.size() - suffix.size()), suffix);
}

}  // namespace verity::extract
