// Text field tidying (see extract_fields.hpp). A field is scanned once; only a field that
// holds a line break, a double space, a non-ASCII space or outer space is rebuilt.
#include "engine/extract_fields.hpp"

#include <cstdint>
#include <variant>

#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

// has_below may also mark bytes above a true match, so it only tells whether the word holds one.
inline std::uint64_t has_below(std::uint64_t w, unsigned char n) {
  return (w - swar::kOnes * n) & ~w & swar::kHighs;
}

// Whether byte i of `text` is untidy on its own: a control character, DEL, or the first byte
// of a non-ASCII space.
bool untidy_byte(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c >= 0x80) return is_space(decode_at(text, i).cp);
  return c < 0x20 || c == 0x7F;
}

// Whether `text` needs squeezing: any white space other than single inner ASCII spaces. Eight
// bytes at a time: a field is most of a sentence, and most words of text are plain ASCII.
bool untidy(std::string_view text) {
  if (text.empty()) return false;
  if (text.front() == ' ' || text.back() == ' ') return true;
  const std::size_t n = text.size();
  std::size_t i = 0;
  std::uint64_t carry = 0;  // 0x80 when the byte before this word was a space
  for (; i + 8 <= n; i += 8) {
    const std::uint64_t w = swar::load(text.data() + i);
    if ((has_below(w, 0x20) | swar::high(w) | swar::eq(w, 0x7F)) != 0) {
      for (std::size_t k = i; k < i + 8; ++k) {
        if (untidy_byte(text, k)) return true;
      }
    }
    const std::uint64_t spaces = swar::eq(w, ' ');
    if ((spaces & ((spaces << 8) | carry)) != 0) return true;  // two spaces in a row
    carry = spaces >> 56;
  }
  bool space_before = carry != 0;
  for (; i < n; ++i) {
    if (text[i] == ' ') {
      if (space_before) return true;
      space_before = true;
      continue;
    }
    space_before = false;
    if (untidy_byte(text, i)) return true;
  }
  return false;
}

}  // namespace

std::string squeeze_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint c = decode_at(text, i);
    if (is_space(c.cp)) {
      pending = !out.empty();
    } else {
      if (pending) out += ' ';
      pending = false;
      out.append(text.substr(i, c.len));
    }
    i += c.len;
  }
  return out;
}

void tidy_text_fields(NewFact& f) {
  for (auto& field : f.fields) {
    auto* s = std::get_if<std::string>(&field.second);
    if (s != nullptr && untidy(*s)) *s = squeeze_space(*s);
  }
}

}  // namespace verity::extract
