// Owns the final form of the extractor's text fields: a name, a quote, a statement, a
// subject or an event is compared across sources, so it must not depend on where a writer
// wrapped a line. Every run of white space in a string field (line breaks of wrapped Markdown,
// the blanks left where a comment was removed, tabs, no-break spaces) becomes one space, and
// the value is trimmed. The fact's span is untouched: it still covers the original bytes.
#pragma once

#include <string>
#include <string_view>

#include "engine/fact_store.hpp"

namespace verity::extract {

// `text` with white space runs collapsed to one ASCII space and trimmed.
std::string squeeze_space(std::string_view text);

// Squeezes every string field of `f` in place (no allocation when a field is already tidy).
void tidy_text_fields(NewFact& f);

}  // namespace verity::extract
