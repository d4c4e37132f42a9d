// Owns the rules a document's metadata follows whatever the format it came from (front matter,
// HTML <meta>, JSON Lines fields): which keys verity reserves, how a publication date is
// accepted, how keys become field names, and the defaults when the document is silent.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace verity {

// id, path, sha256, doc: verity sets them itself.
bool is_reserved_meta_key(std::string_view key);

// url, title, outlet, published, story, role: the fields whose value must be text.
bool is_text_meta_key(std::string_view key);

// Accepts YYYY-MM-DD, or an ISO 8601 timestamp starting with it (2024-01-29T08:00:00Z), and
// leaves the date alone in `value`. False when there is no valid date.
bool normalize_published(std::string& value);

// A metadata key usable as a field name in rules: lowercase ASCII letters, digits and `_`
// (`og:site_name` → `og_site_name`, `Byline` → `byline`).
std::string meta_key(std::string_view key);

// Defaults when the document is silent: title = first line with words from `body_begin` on
// (without Markdown heading marks), role = "source", story = `story_default` when not empty.
void fill_meta_defaults(std::map<std::string, std::string>& meta, std::string_view text,
                        std::size_t body_begin, const std::string& story_default);

}  // namespace verity
