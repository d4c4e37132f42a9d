// SHA-256 (FIPS 180-4), for document hashes and finding fingerprints. Small enough to own,
// which saves a crypto library dependency for one function.
#pragma once

#include <string>
#include <string_view>

namespace verity {

// Lowercase hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace verity
