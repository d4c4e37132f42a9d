// Text field tidying (see extract_fields.hpp). A field is scanned once; only a field that
// holds a line break, a double space, a non-ASCII space or outer space is rebuilt.
#include "engine/extract_fields.hpp"

#include <variant>

#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

// Whether `text` needs squeezing: any white space other than single inner ASCII spaces.
bool untidy(std::string_view text) {
  if (text.empty()) return false;
  if (text.front() == ' ' || text.back() == ' ') return true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ') {
      if (i + 1 < text.size() && text[i + 1] == ' ') return true;
    } else if (c < 0x20 || c == 0x7F || c >= 0x80) {
      if (c >= 0x80) {
        if (is_space(decode_at(text, i).cp)) return true;
      } else {
        return true;
      }
    }
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
