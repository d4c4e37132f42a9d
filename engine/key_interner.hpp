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
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/value.hpp"

namespace verity {

inline constexpr std::uint32_t kNoKey = 0xffffffffu;

// The n (1..7) bytes at `p` as one word, by two overlapping loads instead of a library call
// (keys are short texts: units, names). For a given n, different bytes give different words.
inline std::uint64_t load_short(const unsigned char* p, std::size_t n) {
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return lo | (std::uint64_t{hi} << 32);
  }
  return p[0] | (std::uint64_t{p[n / 2]} << 8) | (std::uint64_t{p[n - 1]} << 16);
}

// Text equality without a call to memcmp: compared eight bytes at a time.
inline bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.data() == b.data()) return true;
  const auto* p = reinterpret_cast<const unsigned char*>(a.data());
  const auto* q = reinterpret_cast<const unsigned char*>(b.data());
  const std::size_t n = a.size();
  if (n == 0) return true;
  if (n < 8) return load_short(p, n) == load_short(q, n);
  std::uint64_t x, y;
  for (std::size_t i = 0; i + 8 <= n; i += 8) {
    std::memcpy(&x, p + i, 8);
    std::memcpy(&y, q + i, 8);
    if (x != y) return false;
  }
  std::memcpy(&x, p + n - 8, 8);  // the last, partial word, overlapping the one before
  std::memcpy(&y, q + n - 8, 8);
  return x == y;
}

// One component of a key as the interners compare it: the value's alternative and its bits
// (number, date, fact index, bool) or its text (a view: into a stored fact, or owned).
struct KeyPart {
  std::uint8_t type = 0;
  std::uint64_t bits = 0;
  std::string_view text;
  bool owned = false;  // `text` is a copy the interner keeps

  // False for an unset value or NaN, which are not keys.
  static bool of(const Value& v, KeyPart& out);
  std::uint64_t hash() const;
  bool same(const KeyPart& o) const {
    return type == o.type && bits == o.bits && same_text(text, o.text);
  }
};

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
  using Key = KeyPart;
  static bool to_key(const Value& v, Key& key) { return KeyPart::of(v, key); }
  std::uint32_t insert(Key key, bool copy_text);
  static std::uint64_t hash_of(const Key& key) { return key.hash(); }
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

// Numbers distinct tuples of `width` values (a join key of several components: `a.doc.story`,
// `a.subject`, `a.unit`) in order of first appearance, with one hash probe per tuple instead of
// one per component and one per fold. The caller hashes the components (KeyPart::hash), so that
// it can remember the hash of a value it reads again (the story of one document's facts), and
// combines them with combine().
class KeyTable {
 public:
  explicit KeyTable(std::size_t width = 1) : width_(width) {}
  std::size_t width() const { return width_; }
  std::size_t size() const { return hashes_.size(); }

  static std::uint64_t combine(std::uint64_t h, std::uint64_t part) {
    return (h ^ part) * 0x9e3779b97f4a7c15ULL + (h >> 29);
  }
  // The id of the tuple `parts` (width() of them, hashed together to `hash`), adding it when
  // new. `stable` says the parts' texts outlive the table (fields of stored facts); otherwise
  // a new tuple's texts are copied.
  std::uint32_t intern(const KeyPart* parts, std::uint64_t hash, bool stable);
  // The id of the tuple, or kNoKey when it was never interned.
  std::uint32_t find(const KeyPart* parts, std::uint64_t hash) const;
  // Interns the tuple that `other` numbers `id` (merging a thread's table into this one).
  std::uint32_t intern_from(const KeyTable& other, std::uint32_t id);

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = kNoKey;
  };
  std::size_t locate(const KeyPart* parts, std::uint64_t hash) const;
  void grow();

  std::size_t width_;
  std::vector<Slot> slots_;
  std::vector<KeyPart> parts_;         // by id, width_ each
  std::vector<std::uint64_t> hashes_;  // by id
  std::deque<std::string> owned_;      // texts of tuples that were not stable
};

}  // namespace verity
