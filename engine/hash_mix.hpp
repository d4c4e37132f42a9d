// Owns the 64-bit finalizer of MurmurHash3 (fmix64), shared by the finding fingerprints and the
// join-key interner: every input bit affects every output bit, which both need.
#pragma once

#include <cstdint>

namespace verity {

inline std::uint64_t murmur_fmix64(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

}  // namespace verity
