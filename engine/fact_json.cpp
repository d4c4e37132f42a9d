// Owns facts as JSON Lines, both ways. Writing is done by hand rather than through a JSON
// library: `verity extract` writes one line per fact for millions of facts, the output must be
// byte-for-byte deterministic (fingerprints hash fact_fields_json), and whole numbers must read
// as written (31, not 31.0). Reading uses nlohmann::json line by line, so a file of any size is
// streamed and one broken line costs one problem, not the file.
#include "engine/fact_json.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/limits.hpp"
#include "engine/utf8.hpp"

namespace verity {
namespace {

using nlohmann::ordered_json;

// A longer line is refused before it is parsed: nothing legitimate is that big, and parsing
// it would need several times its size in memory.
constexpr std::size_t kMaxLineBytes = limits::kMaxFactLineBytes;
// Past this many problems in one file, the rest are counted, not listed: a file in the wrong
// format would otherwise print one message per line.
constexpr std::size_t kMaxProblemsPerFile = 100;

void append_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      std::size_t bad = 0;
      if (const std::size_t len = utf8_sequence(s, i, bad)) {
        out.append(s.substr(i, len));
        i += len;
      } else {  // JSON must be UTF-8; a span cut inside a character must not make it invalid
        out += kReplacementChar;
        i += bad;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (u < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", u);
        } else {
          out += c;
        }
    }
    ++i;
  }
  out += '"';
}

// Whole numbers print as integers (14500000000, not 1.45e10 or 14500000000.0); others in the
// shortest form that reads back to the same double. JSON has no NaN or infinity: null.
void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
  } else if (v == std::trunc(v) && std::fabs(v) < 1e18) {
    fmt::format_to(std::back_inserter(out), "{}", static_cast<long long>(v));
  } else {
    fmt::format_to(std::back_inserter(out), "{}", v);
  }
}

void append_value(std::string& out, const FactStore& store, const Value& v) {
  switch (v.index()) {
    case 1:
      out += std::get<bool>(v) ? "true" : "false";
      break;
    case 2:
      append_number(out, std::get<double>(v));
      break;
    case 3:
      append_string(out, std::get<std::string>(v));
      break;
    case 4:
      append_string(out, to_iso(std::get<Date>(v)));
      break;
    case 5: {
      // A document is named by its id, so output joins back to the input files; other facts
      // have no identity outside this run but their index.
      const FactRef ref = std::get<FactRef>(v);
      if (ref.index < store.facts().size() && store.kind_name(ref) == "doc") {
        append_string(out, store.document_of(ref).id);
      } else {
        fmt::format_to(std::back_inserter(out), "{}", ref.index);
      }
      break;
    }
    default:
      out += "null";
  }
}

// `"name":value` for each set field in schema order, `doc` (index 0) left out. Returns whether
// anything was written, for the separating comma.
bool append_fields(std::string& out, const FactStore& store, FactRef fact, bool comma) {
  const Fact& f = store.fact(fact);
  const KindDef& kind = store.schema().kind(f.kind);
  const std::size_t n = std::min(f.fields.size(), kind.fields.size());
  for (std::size_t i = 1; i < n; ++i) {
    if (!is_set(f.fields[i])) continue;
    if (comma) out += ',';
    comma = true;
    append_string(out, kind.fields[i].name);
    out += ':';
    append_value(out, store, f.fields[i]);
  }
  return comma;
}

// Reads lines of any length without holding more than one, and refuses to keep a line past
// the limit (it is drained to its end and reported instead).
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in), buffer_(1 << 16) {}

  // False at the end of the input. `too_long` says the line was dropped.
  bool next(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    for (;;) {
      if (pos_ == size_ && !fill()) return any;
      any = true;
      const char* start = buffer_.data() + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(start, '\n', size_ - pos_));
      const std::size_t n = nl != nullptr ? static_cast<std::size_t>(nl - start) : size_ - pos_;
      if (!too_long) {
        if (line.size() + n > kMaxLineBytes) {
          too_long = true;
          std::string().swap(line);  // give the memory back now
        } else {
          line.append(start, n);
        }
      }
      pos_ += n;
      if (nl != nullptr) {
        ++pos_;
        return true;
      }
    }
  }

  bool failed() const { return in_.bad(); }

 private:
  bool fill() {
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    size_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    return size_ > 0;
  }

  std::istream& in_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, size_ = 0;
};

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, "; the
// line is always 1 (we parse one line) and the file's line is reported separately.
std::string trim_json_message(std::string message) {
  if (message.rfind("[json.exception.", 0) == 0) {
    const auto close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  const std::string at_line = "at line 1, column";
  if (const auto p = message.find(at_line); p != std::string::npos) {
    message.replace(p, at_line.size(), "at column");
  }
  return message;
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string value_text(const ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

struct TooDeep {};

class Importer {
 public:
  Importer(const std::string& path, FactStore& store, std::vector<InputProblem>& problems)
      : path_(path), store_(store), problems_(problems) {}

  std::size_t run() {
    std::error_code ec;
    if (std::filesystem::is_directory(path_, ec)) {
      problems_.push_back(
          {path_, 0, "is a folder; --facts needs a JSON Lines file (one fact per line)", true});
      return 0;
    }
    errno = 0;
    std::ifstream in(path_, std::ios::binary);
    if (!in) {
      problems_.push_back({path_, 0,
                           fmt::format("cannot be read: {}; check the path and its permissions",
                                       errno != 0 ? std::strerror(errno) : "cannot open it"),
                           true});
      return 0;
    }
    LineReader reader(in);
    std::string line;
    bool too_long = false;
    while (reader.next(line, too_long)) {
      ++line_no_;
      if (too_long) {
        report("line is longer than the 64 MB limit for one fact; line skipped");
        continue;
      }
      if (line_no_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
      if (is_blank(line)) continue;
      import_line(line);
    }
    if (reader.failed()) {
      problems_.push_back(
          {path_, line_no_, "a read error stopped reading the file here; check the disk", true});
    }
    if (unreported_ > 0) {
      problems_.push_back(
          {path_, 0,
           fmt::format("{} more problem{} not shown; is this file JSON Lines, one fact per line?",
                       unreported_, unreported_ == 1 ? "" : "s"),
           false});
    }
    return added_;
  }

 private:
  void report(std::string message) {
    if (reported_ >= kMaxProblemsPerFile) {
      ++unreported_;
      return;
    }
    ++reported_;
    problems_.push_back({path_, line_no_, std::move(message), false});
  }

  void import_line(const std::string& line) {
    ordered_json j;
    try {
      // Nested values are refused anyway; stopping at a small depth keeps a hostile line of
      // a million `[` from building a million-deep tree.
      j = ordered_json::parse(line, [](int depth, ordered_json::parse_event_t, ordered_json&) {
        if (depth > 16) throw TooDeep{};
        return true;
      });
    } catch (const ordered_json::exception& e) {
      // parse_error, and out_of_range for a number too large for a double ("1e400").
      report(fmt::format("invalid JSON: {}; line skipped", trim_json_message(e.what())));
      return;
    } catch (const TooDeep&) {
      report("invalid fact: values are nested more than 16 levels deep; line skipped");
      return;
    }
    if (!j.is_object()) {
      report(
          "not a JSON object; each line must be one fact like {\"kind\": \"quote\", \"doc\": "
          "\"a.md\", …}; line skipped");
      return;
    }
    const auto kind = j.find("kind");
    if (kind == j.end() || !kind->is_string() || kind->get_ref<const std::string&>().empty()) {
      report("missing \"kind\" (the fact's kind as text, like \"quote\"); line skipped");
      return;
    }
    const auto doc = j.find("doc");
    if (doc == j.end() || !doc->is_string() || doc->get_ref<const std::string&>().empty()) {
      report("missing \"doc\" (the id of the fact's document, as text); line skipped");
      return;
    }
    const std::string& kind_name = kind->get_ref<const std::string&>();
    const std::string& doc_id = doc->get_ref<const std::string&>();
    if (kind_name == "doc") {
      import_document(j, doc_id);
      return;
    }

    std::uint32_t document = 0;
    if (auto found = store_.find_document(doc_id)) {
      document = *found;
    } else {
      Document d;
      d.id = doc_id;
      d.text = SourceText(doc_id, "");
      document = store_.add_document(std::move(d));
      created_.emplace(doc_id, line_no_);
    }

    NewFact nf;
    nf.kind = kind_name;
    read_span(j, document, nf);
    for (const auto& [key, value] : j.items()) {
      if (key == "kind" || key == "doc" || key == "span" || key == "origin") continue;
      if (value.is_null()) continue;
      if (key.empty()) {
        report("a field has an empty name; field skipped");
        continue;
      }
      if (value.is_array() || value.is_object()) {
        report(fmt::format("field {}: lists and objects are not supported; field skipped", key));
        continue;
      }
      if (value.is_boolean()) {
        nf.fields.emplace_back(key, value.get<bool>());
      } else if (value.is_number()) {
        nf.fields.emplace_back(key, value.get<double>());
      } else {
        nf.fields.emplace_back(key, value.get<std::string>());
      }
    }
    const FactRef ref = store_.add_fact(document, nf, fmt::format("{}:{}", path_, line_no_));
    ++added_;
    // The store leaves a value unset when it does not fit the field's declared type; say so,
    // or a rule would silently see "not set".
    for (const auto& [name, value] : nf.fields) {
      if (is_set(store_.field(ref, name))) continue;
      const KindDef& k = store_.schema().kind(store_.fact(ref).kind);
      const auto index = k.field_index(name);
      if (!index) continue;
      report(fmt::format("field {}: {} does not fit {}.{}, a {} field; field left unset", name,
                         j[name].dump(-1, ' ', false, ordered_json::error_handler_t::replace),
                         kind_name, name, describe(k.fields[*index].type)));
    }
  }

  // Span and position. Without a span the fact is tied to no place: span [0, 0) and line 0,
  // the same "no line" that InputProblem uses. Without line and col they are computed from
  // the span when the document's text is loaded, and 0 otherwise.
  void read_span(const ordered_json& j, std::uint32_t document, NewFact& nf) {
    nf.span = {0, 0};
    nf.position = LineCol{0, 0};
    const auto span = j.find("span");
    if (span == j.end() || span->is_null()) return;
    auto number = [&](const char* key, std::uint32_t& out) {
      const auto it = span->find(key);
      if (it == span->end() || !it->is_number_unsigned()) return false;
      const auto v = it->get<std::uint64_t>();
      if (v > UINT32_MAX) return false;
      out = static_cast<std::uint32_t>(v);
      return true;
    };
    std::uint32_t start = 0, end = 0, line = 0, col = 0;
    if (!span->is_object() || !number("start", start) || !number("end", end) || end < start) {
      report(
          "span must be {\"start\": S, \"end\": E, \"line\": L, \"col\": C} with whole numbers "
          "and S <= E; span ignored");
      return;
    }
    const std::string& text = store_.documents()[document].text.text();
    if (!text.empty() && end > text.size()) {
      report(fmt::format("span [{}, {}) lies past the end of document {} ({} bytes); span ignored",
                         start, end, store_.documents()[document].id, text.size()));
      return;
    }
    nf.span = {start, end};
    if (number("line", line) && number("col", col)) {
      nf.position = LineCol{line, col};
    } else if (!text.empty()) {
      nf.position.reset();
    }
  }

  // A `doc` line (as `verity extract` writes first for each document) describes a document
  // rather than a fact: it creates the document with its metadata, unless the document was
  // loaded from its file, whose own front matter wins.
  void import_document(const ordered_json& j, const std::string& id) {
    if (store_.find_document(id)) {
      if (const auto c = created_.find(id); c != created_.end()) {
        report(
            fmt::format("doc \"{}\" was already used by a fact on line {}; its metadata here "
                        "is ignored (put the doc line before the document's facts)",
                        id, c->second));
      }
      return;
    }
    Document d;
    d.id = id;
    d.text = SourceText(id, "");
    for (const auto& [key, value] : j.items()) {
      if (key == "kind" || key == "doc" || key == "span" || key == "origin" || key == "id") {
        continue;
      }
      if (value.is_null()) continue;
      if (value.is_array() || value.is_object()) {
        report(fmt::format("field {}: lists and objects are not supported; field skipped", key));
        continue;
      }
      std::string v = value_text(value);
      if (key == "path") {
        d.path = std::move(v);
      } else if (key == "sha256") {
        d.sha256 = std::move(v);
      } else {
        d.meta[key] = std::move(v);
      }
    }
    store_.add_document(std::move(d));
    created_.emplace(id, line_no_);
    ++added_;
  }

  const std::string& path_;
  FactStore& store_;
  std::vector<InputProblem>& problems_;
  std::uint32_t line_no_ = 0;
  std::size_t added_ = 0;
  std::size_t reported_ = 0;
  std::size_t unreported_ = 0;
  std::map<std::string, std::uint32_t> created_;  // documents this file created, by first line
};

}  // namespace

std::string fact_fields_json(const FactStore& store, FactRef fact) {
  std::string out = "{";
  append_fields(out, store, fact, false);
  out += '}';
  return out;
}

std::string fact_to_json_line(const FactStore& store, FactRef fact) {
  const Fact& f = store.fact(fact);
  std::string out = "{\"kind\":";
  append_string(out, store.kind_name(fact));
  out += ",\"doc\":";
  append_string(out, store.document_of(fact).id);
  fmt::format_to(std::back_inserter(out),
                 ",\"span\":{{\"start\":{},\"end\":{},\"line\":{},\"col\":{}}}", f.span.begin,
                 f.span.end, f.position.line, f.position.column);
  out += ",\"origin\":";
  append_string(out, store.origin(f.origin));
  append_fields(out, store, fact, true);
  out += '}';
  return out;
}

std::size_t import_facts_jsonl(const std::string& path, FactStore& store,
                               std::vector<InputProblem>& problems) {
  return Importer(path, store, problems).run();
}

}  // namespace verity
