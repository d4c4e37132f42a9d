// Owns the compact forms an audit keeps per document in its cache row (audit_documents): all
// extracted facts of a document as one binary blob (one row per document instead of a row per
// fact), and the document's grouping signature (published date and person keys), so that an
// unchanged document is neither extracted again nor needed in memory to be grouped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/fact_store.hpp"

namespace verity {

// Facts with their positions set (NewFact::position), as extract_facts returned them.
std::string encode_facts(const std::vector<NewFact>& facts);
// nullopt when the blob is damaged or of another format: the caller extracts again.
std::optional<std::vector<NewFact>> decode_facts(std::string_view blob);

struct StorySignature {
  std::string published;                 // "YYYY-MM-DD"; empty when the document has none
  std::vector<std::string> person_keys;  // sorted, each once
  std::vector<std::string> figure_keys;  // "VALUE UNIT" of exact figures; sorted, each once
};

StorySignature make_signature(const std::string& published, const std::vector<NewFact>& facts);
std::string encode_signature(const StorySignature& s);
StorySignature decode_signature(std::string_view text);

}  // namespace verity
