// Owns finding fingerprints: a 128-bit digest (32 hex digits) of the rule id and, for each
// bound fact, its document id, kind and set fields (names and values) — never spans, lines or
// the order of variables — so a finding keeps its fingerprint when its file is edited
// elsewhere or when the same facts are bound in another order.
//
// The digest is MurmurHash3 x64-128 (public domain, A. Appleby) over a length-prefixed binary
// encoding with every integer written little-endian, so it is the same on every platform and
// run. It is not cryptographic (nothing here needs that) and costs about a microsecond per
// finding, where SHA-256 of a JSON text cost tens of microseconds.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/fact_store.hpp"
#include "engine/finding.hpp"

namespace verity {

struct Digest128 {
  std::uint64_t high = 0, low = 0;
  auto operator<=>(const Digest128&) const = default;
};

// MurmurHash3 x64-128 of `data` (seed 0), as two 64-bit halves.
Digest128 murmur3_128(std::string_view data);

// The digest of one fact's identity: document id, kind and set fields. A `doc` fact is
// identified by its document id alone (its hash and metadata change with any edit).
Digest128 fact_digest(const FactStore& store, FactRef fact);

// The fingerprint: rule id and the sorted digests of the bound facts, as 32 hex digits.
std::string finding_fingerprint(const std::string& rule_id, const std::vector<Evidence>& evidence,
                                const FactStore& store);

}  // namespace verity
