// JSON Lines for facts, both ways. One object per fact:
//   {"kind":"quote","doc":"a.md","span":{"start":10,"end":52,"line":3,"col":1},
//    "origin":"verity-extract/0.1","text":"…","speaker":"…",…}
// `kind`, `doc`, `span` and `origin` are reserved keys; every other key is a field. Unset
// fields are left out. Dates are "YYYY-MM-DD" text; references to facts are the fact's doc id.
#pragma once

#include <string>
#include <vector>

#include "engine/document_loader.hpp"
#include "engine/fact_store.hpp"

namespace verity {

// One line (no trailing newline).
std::string fact_to_json_line(const FactStore& store, FactRef fact);
// The fields alone as a JSON object, as the SQLite log stores them.
std::string fact_fields_json(const FactStore& store, FactRef fact);

// Reads facts from a JSON Lines file into `store`. A line that is not valid JSON, not an
// object, or lacks `kind` or `doc`, is reported with the file and line number and skipped;
// the rest of the file is still read. A `doc` id that names no loaded document creates an
// empty document with that id. Each fact's origin is "FILE:LINE". Returns the facts added.
// A line of kind "doc" (as fact_to_json_line writes for each document) creates that document
// with its metadata instead of adding a fact; a document loaded from its file keeps its own.
// Without "span" a fact has span [0, 0) and line 0 (tied to no place); without line and col
// they are computed from the span when the document's text is loaded.
std::size_t import_facts_jsonl(const std::string& path, FactStore& store,
                               std::vector<InputProblem>& problems);

}  // namespace verity
