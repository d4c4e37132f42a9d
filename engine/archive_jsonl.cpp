// JSON Lines archives. Each line is sanitized first (ill-formed UTF-8 would make the JSON parser
// refuse the whole line; a fact-checker would rather get the article with U+FFFD in it and a
// warning), parsed by nlohmann::json, checked field by field, and its `text` normalized like any
// document. Positions of facts are pinned to the archive line; their column is the byte offset
// into the decoded `text` value plus one (see docs/documents.md). Lines come from a LineReader,
// so a .jsonl.gz archive is inflated on the fly and read exactly like a .jsonl.
#include "engine/archive_jsonl.hpp"

#include <functional>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/document_meta.hpp"
#include "engine/gzip_lines.hpp"
#include "engine/limits.hpp"
#include "engine/sha256.hpp"
#include "engine/text_normalize.hpp"

namespace verity {
namespace {

using nlohmann::json;

// Past this many bad lines the rest are counted, not listed: a file that is not an archive at
// all should not bury the terminal.
constexpr std::size_t kMaxListedBadLines = 20;
constexpr std::size_t kMaxLineBytes = limits::kMaxArchiveLineBytes;

std::string json_type(const json& v) {
  if (v.is_string()) return "a string";
  if (v.is_number()) return "a number";
  if (v.is_boolean()) return "true or false";
  if (v.is_null()) return "null";
  if (v.is_array()) return "an array";
  return "an object";
}

// Metadata value of a field that is not one verity knows: strings as they are, everything else
// as compact JSON.
std::string meta_value(const json& v) {
  return v.is_string() ? v.get<std::string>()
                       : v.dump(-1, ' ', false, json::error_handler_t::replace);
}

class ArchiveReader {
 public:
  ArchiveReader(const std::string& path, const std::string& story_default,
                std::vector<InputProblem>& problems, const std::function<void(Document&&)>& sink)
      : path_(path), story_default_(story_default), problems_(problems), sink_(sink) {}

  void read_line(std::string& raw, std::uint32_t line) {
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (raw.find_first_not_of(" \t") == std::string::npos) return;  // blank lines separate
    NormalizedText clean = normalize_text(raw);
    if (clean.invalid_bytes > 0 || clean.nul_bytes > 0) {
      warn(line, clean.invalid_bytes > 0 ? clean.first_invalid.column : clean.first_nul.column,
           fmt::format("{} byte{} of invalid UTF-8 or NUL replaced by U+FFFD in this line; save "
                       "the archive as UTF-8",
                       clean.invalid_bytes + clean.nul_bytes,
                       clean.invalid_bytes + clean.nul_bytes == 1 ? "" : "s"));
    }
    json record;
    try {
      record = json::parse(clean.text);
    } catch (const json::parse_error& e) {
      bad(line, static_cast<std::uint32_t>(e.byte),
          fmt::format("this line is not valid JSON ({}); the article is skipped (each line must "
                      "be one JSON object)",
                      short_parse_message(e.what())));
      return;
    } catch (const json::out_of_range& e) {  // a number too large for a double ("1e400")
      bad(line, 1,
          fmt::format("this line is not valid JSON ({}); the article is skipped (each line must "
                      "be one JSON object)",
                      short_parse_message(e.what())));
      return;
    }
    if (!record.is_object()) {
      bad(line, 1,
          fmt::format("this line is {}, not a JSON object; the article is skipped (write each "
                      "article as {{\"id\": …, \"text\": …}})",
                      json_type(record)));
      return;
    }
    const auto text = record.find("text");
    if (text == record.end() || text->is_null()) {
      bad(line, 1,
          record.contains("kind")
              ? "this line has no \"text\" field but a \"kind\": it looks like a facts file; "
                "give facts files with --facts, not as documents"
              : "this line has no \"text\" field; the article is skipped (put the article's "
                "text in \"text\")");
      return;
    }
    if (!text->is_string()) {
      bad(line, 1,
          fmt::format("\"text\" is {}, not a string; the article is skipped (write the article's "
                      "text as one JSON string)",
                      json_type(*text)));
      return;
    }
    Document doc;
    if (!set_id(record, line, doc)) return;
    doc.path = path_;
    for (const auto& [key, value] : record.items()) {
      if (key == "id" || key == "text" || value.is_null()) continue;
      add_field(key, value, line, doc);
    }

    NormalizedText n = normalize_text(text->get_ref<const std::string&>());
    if (n.nul_bytes > 0) {
      warn(line, 0,
           fmt::format("the text of article '{}' has {} NUL character{} (\\u0000), replaced by "
                       "U+FFFD",
                       doc.id, n.nul_bytes, n.nul_bytes == 1 ? "" : "s"));
    }
    n.map.pin_to_line(line);
    doc.map = std::move(n.map);
    doc.sha256 = sha256_hex(n.text);
    fill_meta_defaults(doc.meta, n.text, 0, story_default_);
    doc.text = SourceText(doc.id, std::move(n.text));
    sink_(std::move(doc));
  }

  void too_long(std::uint32_t line, std::uint64_t bytes) {
    bad(line, 0,
        fmt::format("this line is {} MB, larger than the {} MB limit for one article; "
                    "the article is skipped (split it)",
                    bytes >> 20, kMaxLineBytes >> 20));
  }

  // Reports how many bad lines were not listed.
  void finish() {
    if (bad_lines_ > kMaxListedBadLines) {
      problems_.push_back(
          {path_, 0,
           fmt::format("{} more bad lines were skipped; is this a JSON Lines archive of articles?",
                       bad_lines_ - kMaxListedBadLines),
           true});
    }
  }

 private:
  static std::string short_parse_message(std::string_view what) {
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error …"
    auto colon = what.find(": ");
    if (colon == std::string_view::npos) colon = what.find("] ");  // out_of_range: no place
    return std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
  }

  bool set_id(const json& record, std::uint32_t line, Document& doc) {
    const std::string place = fmt::format("{}:{}", path_, line);
    const auto id = record.find("id");
    if (id == record.end() || id->is_null()) {
      doc.id = place;
    } else if (id->is_string() && !id->get_ref<const std::string&>().empty()) {
      doc.id = id->get<std::string>();
    } else if (id->is_number_integer()) {
      doc.id = id->dump();
    } else {
      bad(line, 1,
          fmt::format("\"id\" is {}, not a string; the article is skipped (give each article a "
                      "unique string id, or leave \"id\" out)",
                      id->is_string() ? "an empty string" : json_type(*id)));
      return false;
    }
    if (auto [it, fresh] = seen_ids_.emplace(std::hash<std::string>{}(doc.id), line); !fresh) {
      warn(line, 1,
           fmt::format("id '{}' was already used on line {}; this article is named '{}' (give "
                       "each article its own id)",
                       doc.id, it->second, place));
      doc.id = place;
    }
    return true;
  }

  void add_field(const std::string& key, const json& value, std::uint32_t line, Document& doc) {
    if (is_reserved_meta_key(key)) {
      warn(line, 1,
           fmt::format("field \"{}\" is set by verity itself; ignored (name the field "
                       "differently)",
                       key));
      return;
    }
    if (is_text_meta_key(key) && !value.is_string()) {
      warn(line, 1,
           fmt::format("\"{}\" is {}, not a string; ignored (write it as a JSON string)", key,
                       json_type(value)));
      return;
    }
    std::string v = meta_value(value);
    if (key == "published" && !normalize_published(v)) {
      warn(line, 1,
           fmt::format("published: \"{}\" is not a date written YYYY-MM-DD; value dropped "
                       "(write it like 2024-01-29)",
                       v));
      return;
    }
    if (!v.empty()) doc.meta[meta_key(key)] = std::move(v);
  }

  void bad(std::uint32_t line, std::uint32_t column, std::string message) {
    if (++bad_lines_ > kMaxListedBadLines) return;
    problems_.push_back({path_, line, std::move(message), true, column});
  }
  void warn(std::uint32_t line, std::uint32_t column, std::string message) {
    problems_.push_back({path_, line, std::move(message), false, column});
  }

  const std::string& path_;
  const std::string& story_default_;
  std::vector<InputProblem>& problems_;
  const std::function<void(Document&&)>& sink_;
  // Ids seen so far, by a 64-bit hash of the id (not the id itself), so that an archive of
  // millions of articles costs tens of bytes per article here; a collision between two
  // different ids is about one in 10^7 at a million articles and only renames an article.
  std::unordered_map<std::uint64_t, std::uint32_t> seen_ids_;
  std::size_t bad_lines_ = 0;
};

// Why the archive stops at `line` (the first line not read), with what to do. The articles
// before that line were handed over already.
InputProblem read_failure(const std::string& path, std::uint32_t line, const LineReader& in) {
  switch (in.failure()) {
    case LineReadFailure::not_gzip:
      return {path, 0,
              fmt::format("is named .gz but is not gzip data ({}); nothing was read (compress it "
                          "with gzip, or drop the .gz from its name if it is plain JSON Lines)",
                          in.error()),
              true};
    case LineReadFailure::truncated:
      return {path, line,
              fmt::format("the compressed archive is cut short here ({}); the articles before "
                          "this line were read, the rest is lost (copy or download the archive "
                          "again; `gzip -t` checks a file)",
                          in.error()),
              true};
    case LineReadFailure::corrupt:
      return {path, line,
              fmt::format("the compressed archive is damaged here ({}); the articles before this "
                          "line were read, the rest is lost (copy or download the archive again; "
                          "`gzip -t` checks a file)",
                          in.error()),
              true};
    default:
      return {path, line,
              fmt::format("cannot be read past this line: a read error happened ({}); check the "
                          "disk",
                          in.error()),
              true};
  }
}

}  // namespace

void read_jsonl_archive(const std::string& path, const std::string& story_default,
                        std::vector<InputProblem>& problems,
                        const std::function<void(Document&&)>& sink,
                        const std::function<void(std::uint64_t)>& on_bytes) {
  // Lines past the limit are cut while read (their length is still known), so a huge line
  // costs kMaxLineBytes at most and gets the same message as before.
  LineReader in(path, kMaxLineBytes + 1);
  if (!in.is_open()) {
    problems.push_back(
        {path, 0, fmt::format("cannot be read: {}; check its permissions", in.error()), true});
    return;
  }
  ArchiveReader reader(path, story_default, problems, sink);
  std::string raw;
  std::uint32_t line = 0;
  while (in.next(raw)) {
    ++line;
    if (in.line_bytes() > kMaxLineBytes) {
      reader.too_long(line, in.line_bytes());
    } else {
      reader.read_line(raw, line);
    }
    if (on_bytes) on_bytes(in.bytes_consumed());
  }
  if (in.failure() != LineReadFailure::none) problems.push_back(read_failure(path, line + 1, in));
  reader.finish();
}

}  // namespace verity
