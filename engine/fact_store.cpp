// In-memory fact store: documents as `doc` facts, schema growth for imported kinds, and the
// type conversion of imported values.
#include "engine/fact_store.hpp"

#include <cassert>

namespace verity {
namespace {

const Value kUnset{};

Type type_of(const Value& v) {
  switch (v.index()) {
    case 1:
      return Type::boolean();
    case 2:
      return Type::number();
    case 3:
      return Type::text();
    case 4:
      return Type::date();
    case 5:
      return Type::fact("doc");
    default:
      return Type::unknown();
  }
}

// Converts `v` to the declared type when the conversion is exact; unset otherwise.
Value conform(Value v, const Type& type) {
  if (!is_set(v)) return v;
  const Type actual = type_of(v);
  if (actual.base == type.base) return v;
  if (type.base == BaseType::date) {
    if (const auto* s = std::get_if<std::string>(&v)) {
      Date d;
      if (parse_iso_date(*s, d)) return d;
    }
  }
  if (type.base == BaseType::text && std::holds_alternative<Date>(v)) {
    return to_iso(std::get<Date>(v));
  }
  return Value{};
}

}  // namespace

FactStore::FactStore(Schema schema) : schema_(std::move(schema)) {
  assert(schema_.kind_index("doc"));
}

std::optional<std::uint32_t> FactStore::find_document(std::string_view id) const {
  auto it = document_by_id_.find(std::string(id));
  if (it == document_by_id_.end()) return std::nullopt;
  return it->second;
}

std::uint32_t FactStore::add_document(Document doc) {
  if (auto existing = find_document(doc.id)) return *existing;
  const auto index = static_cast<std::uint32_t>(documents_.size());
  NewFact f;
  f.kind = "doc";
  f.span = {0, static_cast<std::uint32_t>(doc.text.text().size())};
  f.position = LineCol{1, 1};
  f.fields.emplace_back("id", doc.id);
  if (!doc.path.empty()) f.fields.emplace_back("path", doc.path);
  if (!doc.sha256.empty()) f.fields.emplace_back("sha256", doc.sha256);
  for (const auto& [key, value] : doc.meta) f.fields.emplace_back(key, value);
  document_by_id_.emplace(doc.id, index);
  documents_.push_back(std::move(doc));
  doc_facts_.push_back(FactRef{static_cast<std::uint32_t>(facts_.size())});
  add_fact(index, f, "document");
  return index;
}

FactRef FactStore::add_fact(std::uint32_t document, const NewFact& nf, std::string_view origin) {
  std::size_t kind = 0;
  if (auto k = schema_.kind_index(nf.kind)) {
    kind = *k;
  } else {
    kind = schema_.add_kind({nf.kind, "imported kind", {}});
  }
  Fact f;
  f.kind = static_cast<std::uint32_t>(kind);
  f.document = document;
  f.span = nf.span;
  f.position = nf.position ? *nf.position : documents_[document].position(nf.span.begin);
  f.origin = intern_origin(origin);
  f.fields.resize(schema_.kind(kind).fields.size());
  const FactRef ref{static_cast<std::uint32_t>(facts_.size())};
  f.fields[0] = kind == *schema_.kind_index("doc") ? ref : doc_facts_[document];
  for (const auto& [name, value] : nf.fields) {
    if (name == "doc") continue;  // always the fact's own document
    auto index = schema_.kind(kind).field_index(name);
    if (!index) {
      if (!is_set(value)) continue;
      index = schema_.add_field(kind, {name, type_of(value), "imported field"});
      f.fields.resize(*index + 1);
    }
    f.fields[*index] = conform(value, schema_.kind(kind).fields[*index].type);
  }
  facts_.push_back(std::move(f));
  if (by_kind_.size() <= kind) by_kind_.resize(kind + 1);
  by_kind_[kind].push_back(ref);
  return ref;
}

const Value& FactStore::field(FactRef r, std::string_view name) const {
  const Fact& f = facts_[r.index];
  const auto index = schema_.kind(f.kind).field_index(name);
  if (!index || *index >= f.fields.size()) return kUnset;
  return f.fields[*index];
}

std::uint32_t FactStore::intern_origin(std::string_view origin) {
  const auto [it, inserted] =
      origin_index_.try_emplace(std::string(origin), static_cast<std::uint32_t>(origins_.size()));
  if (inserted) origins_.emplace_back(origin);
  return it->second;
}

}  // namespace verity
