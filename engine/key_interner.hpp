// Owns the interning of join-key values to dense integer ids, so that a join index groups and
// finds facts by integers instead of hashing vectors of values (one heap vector per key, string
// compares on every probe). A ValueInterner numbers the distinct values of one key component in
// order of first appearance; a PairInterner numbers pairs of ids, so a key of several
// components becomes one id by folding its components from the left.
//
// Equality is Value equality: the same alternative and an equal payload; -0 and 0 are one
// number; NaN and unset values are not keys (they equal nothing, as in SQL).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/value.hpp"

namespace verity {

inline constexpr std::uint32_t kNoKey = 0xffffffffu;

class ValueInterner {
 public:
  // The id of `v`, adding it when new; kNoKey for an unset value or NaN. `stable` says `v`
  // outlives the interner (a field of a stored fact), so its text need not be copied.
  std::uint32_t intern(const Value& v, bool stable);
  // The id of `v`, or kNoKey when it was never interned.
  std::uint32_t find(const Value& v) const;
  // Interns the value that `other` numbers `id` (merging a thread's interner into this one).
  std::uint32_t intern_from(const ValueInterner& other, std::uint32_t id);
  std::size_t size() const { return count_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = kNoKey;
  };
  struct Key {
    std::uint8_t type = 0;
    std::uint64_t bits = 0;  // number, date, fact index, bool
    std::string_view text;
    bool owned = false;  // `text` is in owned_
  };
  static bool to_key(const Value& v, Key& key);
  std::uint32_t insert(Key key, bool copy_text);
  static std::uint64_t hash_of(const Key& key);
  std::size_t locate(const Key& key, std::uint64_t hash) const;  // slot index
  void grow();

  std::vector<Slot> slots_;
  std::vector<Key> keys_;          // by id
  std::deque<std::string> owned_;  // texts of values that were not stable
  std::size_t count_ = 0;
};

class PairInterner {
 public:
  std::uint32_t intern(std::uint32_t a, std::uint32_t b);
  std::uint32_t find(std::uint32_t a, std::uint32_t b) const;
  std::size_t size() const { return count_; }
  // The pair numbered `id`.
  std::pair<std::uint32_t, std::uint32_t> pair(std::uint32_t id) const {
    return {static_cast<std::uint32_t>(pairs_[id] >> 32), static_cast<std::uint32_t>(pairs_[id])};
  }

 private:
  struct Slot {
    std::uint64_t key = ~std::uint64_t{0};
    std::uint32_t id = kNoKey;
  };
  std::size_t locate(std::uint64_t key) const;
  void grow();
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> pairs_;  // by id
  std::size_t count_ = 0;
};

}  // namespace verity
