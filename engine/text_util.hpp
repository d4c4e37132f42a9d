// Owns the UTF-8 and character-class helpers shared by the extractor's scanners: decoding one
// code point without ever failing or stalling, classifying it (space, letter, case, digit), and
// folding a word to lowercase ASCII for word-list lookups and name keys. Everything here is
// total: ill-formed bytes decode as U+FFFD of length 1, so a scanner always advances.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace verity::extract {

inline constexpr char32_t kReplacement = 0xFFFD;

struct CodePoint {
  char32_t cp = 0;        // U+FFFD for an ill-formed byte
  std::uint32_t len = 1;  // bytes consumed, never 0
};

CodePoint decode_multibyte(std::string_view s, std::size_t i);

// Decodes the code point at s[i] (i < s.size()). ASCII is decoded inline: it is most of the text.
inline CodePoint decode_at(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1};
  return decode_multibyte(s, i);
}

// Start of the code point that ends just before i (0 < i <= s.size()); looks back at most 4
// bytes, and agrees with decode_at on ill-formed input (a stray byte is a code point of its own).
std::size_t prev_start(std::string_view s, std::size_t i);

// The code point before i, 0 at the start.
inline char32_t cp_before(std::string_view s, std::size_t i) {
  return i == 0 ? 0 : decode_at(s, prev_start(s, i)).cp;
}
// The code point at i, 0 at or past the end.
inline char32_t cp_at(std::string_view s, std::size_t i) {
  return i >= s.size() ? 0 : decode_at(s, i).cp;
}

inline bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool is_space_multibyte(char32_t c);
bool is_letter_multibyte(char32_t c);
bool is_upper_multibyte(char32_t c);

// White space, and control characters (NUL, ESC…) which the scanners treat as space.
inline bool is_space(char32_t c) {
  return c < 0x80 ? (c <= 0x20 || c == 0x7F) : is_space_multibyte(c);
}
// Letters of Latin, Greek, Cyrillic, CJK, Hangul and other scripts.
inline bool is_letter(char32_t c) {
  return c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : is_letter_multibyte(c);
}
// Uppercase letters of Latin, Greek and Cyrillic.
inline bool is_upper(char32_t c) {
  return c < 0x80 ? (c >= 'A' && c <= 'Z') : is_upper_multibyte(c);
}
bool is_combining_above_ascii(char32_t c);
// Combining marks (U+0300…): none is below U+0300, so the common case needs no call.
inline bool is_combining(char32_t c) {
  return c >= 0x300 && is_combining_above_ascii(c);
}
inline bool is_digit(char32_t c) {
  return c >= '0' && c <= '9';
}
inline bool is_alnum(char32_t c) {
  return is_digit(c) || is_letter(c);
}
inline bool is_lower_letter(char32_t c) {
  return is_letter(c) && !is_upper(c);
}
// - and the Unicode hyphens (not the dashes – and —, which separate rather than join).
inline bool is_hyphen(char32_t c) {
  return c == '-' || c == 0x2010 || c == 0x2011;
}
inline bool is_apostrophe(char32_t c) {
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

// Appends the fold of `word`: ASCII lowercased; Latin-1 and Latin Extended-A letters reduced to
// their base letters ("é"→"e", "ß"→"ss", "Œ"→"oe"); every other code point copied as is.
void fold_append(std::string_view word, std::string& out);

// ASCII-only lowercase of `word` into buf (bytes >= 0x80 copied). False when longer than cap.
bool ascii_lower(std::string_view word, char* buf, std::size_t cap, std::size_t& len);

// Case-insensitive ASCII equality with a lowercase literal.
inline bool iequals(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower[i]) return false;
  }
  return true;
}

// True when `word` ends with the lowercase ASCII `suffix`, case-insensitively.
bool iends_with(std::string_view word, std::string_view suffix);

// Byte scanning eight bytes at a time, for the passes that look for a few byte values in long
// runs of text (sentence ends, quotation marks, untidy white space). A mask has 0x80 in each
// byte that matches, and only there; words are read little-endian, so the first match is the
// lowest set bit.
namespace swar {
static_assert(std::endian::native == std::endian::little, "first() reads the lowest byte first");
inline constexpr std::uint64_t kOnes = 0x0101010101010101ull;
inline constexpr std::uint64_t kHighs = 0x8080808080808080ull;
inline std::uint64_t load(const char* p) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);
  return w;
}
// Bytes equal to c.
inline std::uint64_t eq(std::uint64_t w, unsigned char c) {
  const std::uint64_t x = w ^ (kOnes * c);
  return ~(((x & ~kHighs) + ~kHighs) | x | ~kHighs);
}
// Bytes >= 0x80.
inline std::uint64_t high(std::uint64_t w) {
  return w & kHighs;
}
// Index (0-7) of the first marked byte of a non-zero mask.
inline std::size_t first(std::uint64_t mask) {
  return static_cast<std::size_t>(std::countr_zero(mask)) / 8;
}
}  // namespace swar

// A fixed set of lowercase ASCII words, tested case-insensitively (ASCII, as iequals) with one
// hash probe: for the word lists a scanner checks every token against, where comparing the
// token with each entry in turn would cost a few hundred instructions per token.
// The words must outlive the set (string literals).
class WordSet {
 public:
  template <std::size_t N>
  explicit WordSet(const std::string_view (&words)[N]) : WordSet(words, N) {}
  WordSet(const std::string_view* words, std::size_t n);
  bool contains(std::string_view word) const;

 private:
  static std::uint32_t hash(std::string_view lower);
  // A bit per ASCII letter (either case), one bit shared by every other byte.
  static std::uint32_t byte_bit(char c) {
    const auto l = static_cast<unsigned char>(c | 0x20);
    return l >= 'a' && l <= 'z' ? 1u << (l - 'a') : 1u << 31;
  }
  std::vector<std::string_view> slots_;  // open addressing; an empty view is a free slot
  std::size_t min_len_ = SIZE_MAX, max_len_ = 0;
  std::uint32_t first_bytes_ = 0, last_bytes_ = 0;  // byte_bit of the words' first/last bytes
};

}  // namespace verity::extract
