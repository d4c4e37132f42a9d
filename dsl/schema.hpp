// Owns the catalogue of fact kinds and their typed fields, which the checker resolves names
// against. The built-in kinds are declared by the engine (engine/builtin_schema.hpp); kinds
// seen only in imported facts are added at run time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/types.hpp"

namespace verity {

struct FieldDef {
  std::string name;
  Type type;
  std::string help;  // one line, shown by `verity compile --explain` and in docs
};

// Every kind has the field `doc` (a reference to the document's own `doc` fact) at index 0.
struct KindDef {
  std::string name;
  std::string help;
  std::vector<FieldDef> fields;

  std::optional<std::size_t> field_index(std::string_view field) const;
};

class Schema {
 public:
  // Adds a kind; `doc` is prepended to its fields when missing. Returns the kind's index.
  std::size_t add_kind(KindDef kind);
  // Adds a field to an existing kind (used for fields first seen in imported facts).
  std::size_t add_field(std::size_t kind, FieldDef field);

  std::optional<std::size_t> kind_index(std::string_view name) const;
  const KindDef& kind(std::size_t index) const { return kinds_[index]; }
  const std::vector<KindDef>& kinds() const { return kinds_; }

 private:
  std::vector<KindDef> kinds_;
};

// The closest of `candidates` to `word` by edit distance, if close enough to be a plausible
// typo ("did you mean"); nullopt otherwise.
std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace verity
