// Kind catalogue and the "did you mean" suggestion shared by every name check.
#include "dsl/schema.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace verity {

std::string describe(const Type& t) {
  switch (t.base) {
    case BaseType::unknown:
      return "unknown";
    case BaseType::boolean:
      return "true/false";
    case BaseType::number:
      return "number";
    case BaseType::text:
      return "text";
    case BaseType::date:
      return "date";
    case BaseType::fact:
      return fmt::format("{} fact", t.kind);
  }
  return "unknown";
}

std::optional<std::size_t> KindDef::field_index(std::string_view field) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field) return i;
  }
  return std::nullopt;
}

std::size_t Schema::add_kind(KindDef kind) {
  if (!kind.field_index("doc")) {
    kind.fields.insert(kind.fields.begin(),
                       FieldDef{"doc", Type::fact("doc"), "the document the fact comes from"});
  }
  kinds_.push_back(std::move(kind));
  return kinds_.size() - 1;
}

std::size_t Schema::add_field(std::size_t kind, FieldDef field) {
  kinds_[kind].fields.push_back(std::move(field));
  return kinds_[kind].fields.size() - 1;
}

std::optional<std::size_t> Schema::kind_index(std::string_view name) const {
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    if (kinds_[i].name == name) return i;
  }
  return std::nullopt;
}

namespace {

// Edit distance with adjacent transpositions (optimal string alignment), case-insensitive:
// "Speaker" is a typo of "speaker", and so is "speaekr" (one swap, the commonest typo).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto same = [&](std::size_t i, std::size_t j) {
    return std::tolower(static_cast<unsigned char>(a[i])) ==
           std::tolower(static_cast<unsigned char>(b[j]));
  };
  const std::size_t w = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * w);
  for (std::size_t i = 0; i <= a.size(); ++i) d[i * w] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t best = std::min({d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1,
                                   d[(i - 1) * w + j - 1] + (same(i - 1, j - 1) ? 0 : 1)});
      if (i > 1 && j > 1 && same(i - 1, j - 2) && same(i - 2, j - 1)) {
        best = std::min(best, d[(i - 2) * w + j - 2] + 1);
      }
      d[i * w + j] = best;
    }
  }
  return d[a.size() * w + b.size()];
}

}  // namespace

std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // Allow about one typo per three letters, at least one, so "speeker" finds "speaker" but
  // "when" does not become "text".
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  if (best && best_distance <= allowed) return best;
  return std::nullopt;
}

}  // namespace verity
