// Open-addressing interners for join keys (see key_interner.hpp). Linear probing over a
// power-of-two table kept at most half full.
#include "engine/key_interner.hpp"

#include <cmath>
#include <cstring>

#include "engine/hash_mix.hpp"

namespace verity {
namespace {

// A text's hash, inline and eight bytes at a time (join keys are short texts, hashed once
// per fact when an index is built). Never stored: only equal texts must hash alike.
std::uint64_t hash_text(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
  for (; n >= 8; n -= 8, p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ (w * 0x87c37b91114253d5ULL)) * 0x4cf5ad432745937fULL;
    h ^= h >> 29;
  }
  if (n > 0) {
    // The last bytes: the word ending at the text's end when there is one (overlapping the
    // words before), else the short text's bytes.
    std::uint64_t w;
    if (text.size() >= 8) {
      std::memcpy(&w, p + n - 8, 8);
    } else {
      w = load_short(p, n);
    }
    h = (h ^ (w * 0x87c37b91114253d5ULL)) * 0x4cf5ad432745937fULL;
  }
  return murmur_fmix64(h);
}

}  // namespace

bool KeyPart::of(const Value& v, KeyPart& key) {
  key.type = static_cast<std::uint8_t>(v.index());
  switch (v.index()) {
    case 1:
      key.bits = std::get<bool>(v) ? 1 : 0;
      return true;
    case 2: {
      double d = std::get<double>(v);
      if (std::isnan(d)) return false;
      if (d == 0) d = 0;
      std::memcpy(&key.bits, &d, sizeof d);
      return true;
    }
    case 3:
      key.text = std::get<std::string>(v);
      return true;
    case 4:
      key.bits = static_cast<std::uint32_t>(std::get<Date>(v).days);
      return true;
    case 5:
      key.bits = std::get<FactRef>(v).index;
      return true;
    default:
      return false;
  }
}

std::uint64_t KeyPart::hash() const {
  const std::uint64_t h = type == 3 ? hash_text(text) : murmur_fmix64(bits + type);
  return h ^ (std::uint64_t{type} << 56);
}

std::size_t ValueInterner::locate(const Key& key, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.id == kNoKey) return i;
    if (s.hash != hash) continue;
    if (keys_[s.id].same(key)) return i;
  }
}

void ValueInterner::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id == kNoKey) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].id != kNoKey) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

std::uint32_t ValueInterner::intern(const Value& v, bool stable) {
  Key key;
  if (!to_key(v, key)) return kNoKey;
  return insert(key, !stable);
}

std::uint32_t ValueInterner::intern_from(const ValueInterner& other, std::uint32_t id) {
  return insert(other.keys_[id], other.keys_[id].owned);
}

std::uint32_t ValueInterner::insert(Key key, bool copy_text) {
  if ((count_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t hash = hash_of(key);
  const std::size_t i = locate(key, hash);
  if (slots_[i].id != kNoKey) return slots_[i].id;
  key.owned = false;
  if (key.type == 3 && copy_text) {
    key.text = owned_.emplace_back(key.text);
    key.owned = true;
  }
  const auto id = static_cast<std::uint32_t>(keys_.size());
  keys_.push_back(key);
  slots_[i] = {hash, id};
  ++count_;
  return id;
}

std::uint32_t ValueInterner::find(const Value& v) const {
  Key key;
  if (count_ == 0 || !to_key(v, key)) return kNoKey;
  return slots_[locate(key, hash_of(key))].id;
}

std::size_t PairInterner::locate(std::uint64_t key) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = murmur_fmix64(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i].id == kNoKey || slots_[i].key == key) return i;
  }
}

void PairInterner::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  for (const Slot& s : old) {
    if (s.id != kNoKey) slots_[locate(s.key)] = s;
  }
}

std::uint32_t PairInterner::intern(std::uint32_t a, std::uint32_t b) {
  if ((count_ + 1) * 2 > slots_.size()) grow();
  const std::uint64_t key = (std::uint64_t{a} << 32) | b;
  const std::size_t i = locate(key);
  if (slots_[i].id == kNoKey) {
    slots_[i] = {key, static_cast<std::uint32_t>(count_++)};
    pairs_.push_back(key);
  }
  return slots_[i].id;
}

std::uint32_t PairInterner::find(std::uint32_t a, std::uint32_t b) const {
  if (count_ == 0) return kNoKey;
  return slots_[locate((std::uint64_t{a} << 32) | b)].id;
}

std::size_t KeyTable::locate(const KeyPart* parts, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.id == kNoKey) return i;
    if (s.hash != hash) continue;
    const KeyPart* stored = &parts_[std::size_t{s.id} * width_];
    bool same = true;
    for (std::size_t k = 0; k < width_ && same; ++k) same = stored[k].same(parts[k]);
    if (same) return i;
  }
}

void KeyTable::grow() {
  slots_.assign(slots_.empty() ? 64 : slots_.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t id = 0; id < hashes_.size(); ++id) {
    std::size_t i = hashes_[id] & mask;
    while (slots_[i].id != kNoKey) i = (i + 1) & mask;
    slots_[i] = {hashes_[id], id};
  }
}

std::uint32_t KeyTable::intern(const KeyPart* parts, std::uint64_t hash, bool stable) {
  if ((hashes_.size() + 1) * 2 > slots_.size()) grow();
  const std::size_t i = locate(parts, hash);
  if (slots_[i].id != kNoKey) return slots_[i].id;
  const auto id = static_cast<std::uint32_t>(hashes_.size());
  for (std::size_t k = 0; k < width_; ++k) {
    KeyPart part = parts[k];
    part.owned = false;
    if (part.type == 3 && !stable) {
      part.text = owned_.emplace_back(part.text);
      part.owned = true;
    }
    parts_.push_back(part);
  }
  hashes_.push_back(hash);
  slots_[i] = {hash, id};
  return id;
}

std::uint32_t KeyTable::find(const KeyPart* parts, std::uint64_t hash) const {
  if (hashes_.empty()) return kNoKey;
  return slots_[locate(parts, hash)].id;
}

std::uint32_t KeyTable::intern_from(const KeyTable& other, std::uint32_t id) {
  const KeyPart* parts = &other.parts_[std::size_t{id} * width_];
  bool owned = false;
  for (std::size_t k = 0; k < width_; ++k) owned = owned || parts[k].owned;
  // Texts `other` owns die with it: copied (all of the tuple's, which is simplest and rare).
  return intern(parts, other.hashes_[id], !owned);
}

}  // namespace verity
