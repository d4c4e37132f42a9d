// The facts blob: a format byte, then per fact its kind, span, line and column and fields, each
// number little-endian of fixed width. A string is written once per blob (length-prefixed) and
// referred to by its index afterwards: the names of kinds and fields repeat in every fact, and
// sharing them halves the blobs at no cost (zlib did better on size but its per-call set-up cost
// a fifth of the audit's time). A blob is only ever read
// by the verity that wrote it (the cache row names the extractor version), but the version byte
// and bounds checks make a damaged row a cache miss rather than a crash.
#include "engine/audit_codec.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <unordered_map>

#include <fmt/format.h>

namespace verity {
namespace {

constexpr char kFormat = 2;  // 1: strings not shared (never written now)

enum Tag : char { kUnset = 0, kBool = 1, kNumber = 2, kText = 3, kDate = 4, kRef = 5 };

void put_u32(std::string& out, std::uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  out.append(b, 4);
}

constexpr std::uint32_t kSeen = 0x80000000u;  // marks the index of a string written before

// The strings written so far in one blob; the views point into the facts being encoded.
using Strings = std::unordered_map<std::string_view, std::uint32_t>;

void put_str(std::string& out, Strings& strings, std::string_view s) {
  if (auto it = strings.find(s); it != strings.end()) {
    put_u32(out, kSeen | it->second);
    return;
  }
  strings.emplace(s, static_cast<std::uint32_t>(strings.size()));
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool u32(std::uint32_t& v) {
    if (data_.size() - pos_ < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      v |= static_cast<std::uint32_t>(static_cast<unsigned char>(data_[pos_ + i])) << (8 * i);
    }
    pos_ += 4;
    return true;
  }
  bool byte(char& c) {
    if (pos_ >= data_.size()) return false;
    c = data_[pos_++];
    return true;
  }
  bool str(std::string& s) {
    std::uint32_t n = 0;
    if (!u32(n)) return false;
    if (n & kSeen) {
      if ((n & ~kSeen) >= seen_.size()) return false;
      s.assign(seen_[n & ~kSeen]);
      return true;
    }
    if (data_.size() - pos_ < n) return false;
    seen_.push_back(data_.substr(pos_, n));
    s.assign(seen_.back());
    pos_ += n;
    return true;
  }
  bool raw(void* dst, std::size_t n) {
    if (data_.size() - pos_ < n) return false;
    std::memcpy(dst, data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  std::vector<std::string_view> seen_;  // strings read so far, by index
};

void put_value(std::string& out, Strings& strings, const Value& v) {
  if (const auto* b = std::get_if<bool>(&v)) {
    out.push_back(kBool);
    out.push_back(*b ? 1 : 0);
  } else if (const auto* d = std::get_if<double>(&v)) {
    out.push_back(kNumber);
    std::uint64_t bits = 0;
    std::memcpy(&bits, d, sizeof bits);
    put_u32(out, static_cast<std::uint32_t>(bits));
    put_u32(out, static_cast<std::uint32_t>(bits >> 32));
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    out.push_back(kText);
    put_str(out, strings, *s);
  } else if (const auto* date = std::get_if<Date>(&v)) {
    out.push_back(kDate);
    put_u32(out, static_cast<std::uint32_t>(date->days));
  } else if (const auto* ref = std::get_if<FactRef>(&v)) {
    out.push_back(kRef);
    put_u32(out, ref->index);
  } else {
    out.push_back(kUnset);
  }
}

bool get_value(Reader& in, Value& v) {
  char tag = 0;
  if (!in.byte(tag)) return false;
  std::uint32_t a = 0, b = 0;
  switch (tag) {
    case kUnset:
      v = std::monostate{};
      return true;
    case kBool: {
      char c = 0;
      if (!in.byte(c)) return false;
      v = c != 0;
      return true;
    }
    case kNumber: {
      if (!in.u32(a) || !in.u32(b)) return false;
      const std::uint64_t bits = a | (static_cast<std::uint64_t>(b) << 32);
      double d = 0;
      std::memcpy(&d, &bits, sizeof d);
      v = d;
      return true;
    }
    case kText: {
      std::string s;
      if (!in.str(s)) return false;
      v = std::move(s);
      return true;
    }
    case kDate:
      if (!in.u32(a)) return false;
      v = Date{static_cast<std::int32_t>(a)};
      return true;
    case kRef:
      if (!in.u32(a)) return false;
      v = FactRef{a};
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string encode_facts(const std::vector<NewFact>& facts) {
  std::string out;
  out.reserve(facts.size() * 64);
  out.push_back(kFormat);
  put_u32(out, static_cast<std::uint32_t>(facts.size()));
  Strings strings;
  for (const NewFact& f : facts) {
    put_str(out, strings, f.kind);
    put_u32(out, f.span.begin);
    put_u32(out, f.span.end);
    const LineCol pos = f.position.value_or(LineCol{0, 0});
    put_u32(out, pos.line);
    put_u32(out, pos.column);
    put_u32(out, static_cast<std::uint32_t>(f.fields.size()));
    for (const auto& [name, value] : f.fields) {
      put_str(out, strings, name);
      put_value(out, strings, value);
    }
  }
  return out;
}

std::optional<std::vector<NewFact>> decode_facts(std::string_view blob) {
  Reader in(blob);
  char format = 0;
  std::uint32_t count = 0;
  if (!in.byte(format) || format != kFormat || !in.u32(count)) return std::nullopt;
  std::vector<NewFact> facts;
  // Every fact takes at least 24 bytes: a bogus count cannot reserve gigabytes.
  facts.reserve(std::min<std::size_t>(count, blob.size() / 24));
  for (std::uint32_t i = 0; i < count; ++i) {
    NewFact f;
    LineCol pos;
    std::uint32_t nfields = 0;
    if (!in.str(f.kind) || !in.u32(f.span.begin) || !in.u32(f.span.end) || !in.u32(pos.line) ||
        !in.u32(pos.column) || !in.u32(nfields)) {
      return std::nullopt;
    }
    if (pos.line != 0) f.position = pos;
    for (std::uint32_t k = 0; k < nfields; ++k) {
      std::string name;
      Value v;
      if (!in.str(name) || !get_value(in, v)) return std::nullopt;
      f.fields.emplace_back(std::move(name), std::move(v));
    }
    facts.push_back(std::move(f));
  }
  if (!in.done()) return std::nullopt;
  return facts;
}

namespace {

const Value* field_of(const NewFact& f, std::string_view name) {
  for (const auto& [n, v] : f.fields) {
    if (n == name) return &v;
  }
  return nullptr;
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Exact figures only (no qualifier, no range): "about 200" is not the same fact as "200".
std::string figure_key(const NewFact& f) {
  const Value* value = field_of(f, "value");
  const double* number = value ? std::get_if<double>(value) : nullptr;
  if (number == nullptr || field_of(f, "qualifier") || field_of(f, "high")) return {};
  if (const Value* approx = field_of(f, "approx")) {
    if (const bool* b = std::get_if<bool>(approx); b && *b) return {};
  }
  std::string key = fmt::format("{}", *number);
  if (const Value* unit = field_of(f, "unit")) {
    if (const auto* u = std::get_if<std::string>(unit)) key += " " + *u;
  }
  return key;
}

void append_keys(std::string& out, const std::vector<std::string>& keys) {
  out.push_back('\n');
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) out.push_back('\t');
    out += keys[i];
  }
}

// Splits `line` at tabs into `keys`.
void read_keys(std::string_view line, std::vector<std::string>& keys) {
  while (!line.empty()) {
    const auto tab = line.find('\t');
    keys.emplace_back(line.substr(0, tab));
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
}

}  // namespace

StorySignature make_signature(const std::string& published, const std::vector<NewFact>& facts) {
  StorySignature s;
  s.published = published;
  for (const NewFact& f : facts) {
    if (f.kind == "person") {
      const Value* key = field_of(f, "key");
      const auto* text = key ? std::get_if<std::string>(key) : nullptr;
      if (text && !text->empty()) s.person_keys.push_back(*text);
    } else if (f.kind == "figure") {
      if (std::string key = figure_key(f); !key.empty()) s.figure_keys.push_back(std::move(key));
    }
  }
  sort_unique(s.person_keys);
  sort_unique(s.figure_keys);
  return s;
}

// "2024-05-01\nkey one\tkey two\n12500000 USD\t240 worker": name keys and units are words,
// never tabs or newlines.
std::string encode_signature(const StorySignature& s) {
  std::string out = s.published;
  append_keys(out, s.person_keys);
  append_keys(out, s.figure_keys);
  return out;
}

StorySignature decode_signature(std::string_view text) {
  StorySignature s;
  const auto nl = text.find('\n');
  s.published = std::string(text.substr(0, nl));
  if (nl == std::string_view::npos) return s;
  std::string_view rest = text.substr(nl + 1);
  const auto nl2 = rest.find('\n');
  read_keys(rest.substr(0, nl2), s.person_keys);
  if (nl2 != std::string_view::npos) read_keys(rest.substr(nl2 + 1), s.figure_keys);
  return s;
}

}  // namespace verity
