// Owns the facts of one run, in memory: the schema they follow, the documents they come from,
// and every fact with its provenance (document, byte span, line and column, origin). Each
// document is also a fact of kind `doc`, so rules can read `q.doc.story`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dsl/schema.hpp"
#include "engine/document.hpp"
#include "engine/value.hpp"

namespace verity {

struct Fact {
  std::uint32_t kind = 0;      // index into the schema
  std::uint32_t document = 0;  // index into FactStore::documents()
  Span span;                   // [begin, end) in the document's normalized text
  LineCol position;            // line and column of span.begin in the original file
  std::uint32_t origin = 0;    // index into FactStore::origins()
  std::vector<Value> fields;   // by field index of the kind; fields[0] is the doc fact
};

// A fact as an extractor or importer hands it over: fields by name.
struct NewFact {
  std::string kind;
  Span span;
  std::optional<LineCol> position;  // computed from the span when absent
  std::vector<std::pair<std::string, Value>> fields;
};

class FactStore {
 public:
  explicit FactStore(Schema schema);

  // Adds a document and its `doc` fact (fields from the document's id, path and meta).
  // Returns the document's index. A document id seen before returns the existing index.
  std::uint32_t add_document(Document doc);
  std::optional<std::uint32_t> find_document(std::string_view id) const;

  // Adds a fact of `document`. An unknown kind or field is added to the schema with the type
  // of its first value. Values whose type does not match the schema are converted where a
  // conversion is exact (a date written as "2024-01-29" text) and left unset otherwise.
  FactRef add_fact(std::uint32_t document, const NewFact& fact, std::string_view origin);

  const Schema& schema() const { return schema_; }
  // The schema for the rule compiler to extend: each reference table adds its kind before the
  // rules are checked, and the table's facts added afterwards must find that kind with the
  // declared column types. Adding kinds never changes the index of a kind or field already
  // there, so the facts stored so far stay valid.
  Schema& schema_for_update() { return schema_; }
  const std::vector<Document>& documents() const { return documents_; }
  const std::vector<Fact>& facts() const { return facts_; }
  const Fact& fact(FactRef r) const { return facts_[r.index]; }
  // The facts of each kind, in fact order, by kind index (kept as facts are added, so that
  // evaluation need not scan every fact). Kinds added to the schema after the last fact may
  // be missing at the end: they have no facts.
  const std::vector<std::vector<FactRef>>& facts_by_kind() const { return by_kind_; }
  const Document& document_of(FactRef r) const { return documents_[facts_[r.index].document]; }
  FactRef doc_fact(std::uint32_t document) const { return doc_facts_[document]; }
  const std::string& origin(std::uint32_t index) const { return origins_[index]; }
  const std::string& kind_name(FactRef r) const { return schema_.kind(fact(r).kind).name; }

  // Replaces the value of a field the fact's kind has (used to apply aliases to person keys).
  void set_field(FactRef r, std::size_t field, Value v) {
    facts_[r.index].fields[field] = std::move(v);
  }

  // The value of a named field; unset when the kind has no such field.
  const Value& field(FactRef r, std::string_view name) const;

 private:
  std::uint32_t intern_origin(std::string_view origin);

  Schema schema_;
  std::vector<Document> documents_;
  std::unordered_map<std::string, std::uint32_t> document_by_id_;
  std::vector<FactRef> doc_facts_;  // by document index
  std::vector<Fact> facts_;
  std::vector<std::vector<FactRef>> by_kind_;
  std::vector<std::string> origins_;
  // Imported facts each have their own origin (FILE:LINE): look-ups must not scan.
  std::unordered_map<std::string, std::uint32_t> origin_index_;
};

}  // namespace verity
