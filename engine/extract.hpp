// The fact extractor: finds quotes (with speakers), figures, dates, people and sentences in a
// document's normalized text. Deterministic, no models, no network; every fact carries its
// exact byte span. Implementation split across engine/extract_*.cpp by fact kind.
#pragma once

#include <string_view>
#include <vector>

#include "engine/document.hpp"
#include "engine/fact_store.hpp"

namespace verity {

// Written into each fact's origin, so a later run can tell which extractor made a fact.
inline constexpr std::string_view kExtractorOrigin = "verity-extract/0.1";

// All facts of `doc`, in order of their span start. Only text from doc.body_begin on is read.
std::vector<NewFact> extract_facts(const Document& doc);
// The same; `capped` tells whether extraction stopped at limits::fact_budget (the rest of the
// document was not read), so that the caller can warn about that document.
std::vector<NewFact> extract_facts(const Document& doc, bool& capped);

}  // namespace verity
