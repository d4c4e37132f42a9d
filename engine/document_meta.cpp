// Metadata rules shared by the document formats.
#include "engine/document_meta.hpp"

#include "engine/value.hpp"

namespace verity {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

// The first line of the text from `pos` on with words in it, without Markdown heading marks.
// Lines of only rule characters (`---`, `===`, `***`) are skipped: they underline or separate,
// never title. Lines are looked at only up to a bound: a 50 MB line is no title.
std::string default_title(std::string_view text, std::size_t pos) {
  constexpr std::size_t kMaxTitleBytes = 300;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.find_first_not_of("-=*_~# \t") == std::string_view::npos) continue;
    line = trim(line.substr(line.find_first_not_of('#')));
    if (line.size() > kMaxTitleBytes) {
      // Cut at a character boundary: never in the middle of a UTF-8 sequence.
      std::size_t cut = kMaxTitleBytes;
      while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
      return std::string(line.substr(0, cut)) + "…";
    }
    if (!line.empty()) return std::string(line);
  }
  return {};
}

}  // namespace

bool is_reserved_meta_key(std::string_view key) {
  return key == "id" || key == "path" || key == "sha256" || key == "doc";
}

bool is_text_meta_key(std::string_view key) {
  return key == "url" || key == "title" || key == "outlet" || key == "published" ||
         key == "story" || key == "role";
}

bool normalize_published(std::string& value) {
  if (value.size() > 10 && value[10] != 'T' && value[10] != ' ') return false;
  Date d;
  const std::string day = value.substr(0, 10);
  if (!parse_iso_date(day, d)) return false;
  value = day;
  return true;
}

std::string meta_key(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      out += c;
    } else {
      out += '_';
    }
  }
  return out;
}

void fill_meta_defaults(std::map<std::string, std::string>& meta, std::string_view text,
                        std::size_t body_begin, const std::string& story_default) {
  if (!meta.count("title")) {
    std::string title = default_title(text, body_begin);
    if (!title.empty()) meta["title"] = std::move(title);
  }
  if (!meta.count("role")) meta["role"] = "source";
  if (!meta.count("story") && !story_default.empty()) meta["story"] = story_default;
}

}  // namespace verity
