// Finding fingerprints (what they identify is in fingerprint.hpp).
#include "engine/fingerprint.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "engine/hash_mix.hpp"

namespace verity {
namespace {

std::uint64_t rotl(std::uint64_t x, int r) {
  return (x << r) | (x >> (64 - r));
}

// Little-endian reads and writes, whatever the host's byte order. On a little-endian host
// they are plain copies: fingerprints are computed for every finding, so this is hot.
constexpr bool kLittleEndian = std::endian::native == std::endian::little;

std::uint64_t load_le(const unsigned char* p, std::size_t n) {
  std::uint64_t v = 0;
  if constexpr (kLittleEndian) {
    std::memcpy(&v, p, n);
    return v;
  }
  for (std::size_t i = n; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

std::uint64_t load_le8(const unsigned char* p) {
  if constexpr (kLittleEndian) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  return load_le(p, 8);
}

// The bytes to hash, in a buffer reused by the thread: written by plain copies, grown only
// when a fact is larger than any before (std::string::append costs a call and a capacity
// check per piece, and a fact has a dozen pieces).
class Encoder {
 public:
  explicit Encoder(std::string& buf) : buf_(buf) {}
  Encoder& operator+=(char c) {
    room(1);
    buf_[size_++] = c;
    return *this;
  }
  void append(const char* p, std::size_t n) {
    room(n);
    std::memcpy(buf_.data() + size_, p, n);
    size_ += n;
  }
  std::string_view view() const { return {buf_.data(), size_}; }

 private:
  void room(std::size_t n) {
    if (size_ + n > buf_.size()) buf_.resize(std::max(buf_.size() * 2, size_ + n + 256));
  }
  std::string& buf_;
  std::size_t size_ = 0;
};

void put_u64(Encoder& out, std::uint64_t v) {
  char bytes[8];
  if constexpr (kLittleEndian) {
    std::memcpy(bytes, &v, 8);
  } else {
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  }
  out.append(bytes, 8);
}

void put_text(Encoder& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s.data(), s.size());
}

void put_value(Encoder& out, const FactStore& store, const Value& v) {
  out += static_cast<char>('0' + v.index());
  switch (v.index()) {
    case 1:
      out += std::get<bool>(v) ? '1' : '0';
      break;
    case 2: {
      double d = std::get<double>(v);
      if (d == 0) d = 0;  // -0 and 0 are one number
      std::uint64_t bits = 0;
      std::memcpy(&bits, &d, sizeof bits);
      put_u64(out, bits);
      break;
    }
    case 3:
      put_text(out, std::get<std::string>(v));
      break;
    case 4:
      put_u64(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(std::get<Date>(v).days)));
      break;
    case 5: {
      // A document by its id; another fact has no identity outside this run but its index.
      const FactRef ref = std::get<FactRef>(v);
      if (ref.index < store.facts().size() && store.kind_name(ref) == "doc") {
        put_text(out, store.document_of(ref).id);
      } else {
        put_u64(out, ref.index);
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

Digest128 murmur3_128(std::string_view data) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  const std::size_t len = data.size();
  const std::size_t blocks = len / 16;
  std::uint64_t h1 = 0, h2 = 0;
  const std::uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
  for (std::size_t i = 0; i < blocks; ++i) {
    std::uint64_t k1 = load_le8(bytes + i * 16), k2 = load_le8(bytes + i * 16 + 8);
    k1 *= c1;
    k1 = rotl(k1, 31);
    k1 *= c2;
    h1 ^= k1;
    h1 = rotl(h1, 27);
    h1 += h2;
    h1 = h1 * 5 + 0x52dce729;
    k2 *= c2;
    k2 = rotl(k2, 33);
    k2 *= c1;
    h2 ^= k2;
    h2 = rotl(h2, 31);
    h2 += h1;
    h2 = h2 * 5 + 0x38495ab5;
  }
  const unsigned char* tail = bytes + blocks * 16;
  const std::size_t rest = len & 15;
  if (rest > 8) {
    std::uint64_t k2 = load_le(tail + 8, rest - 8);
    k2 *= c2;
    k2 = rotl(k2, 33);
    k2 *= c1;
    h2 ^= k2;
  }
  if (rest > 0) {
    std::uint64_t k1 = load_le(tail, std::min<std::size_t>(rest, 8));
    k1 *= c1;
    k1 = rotl(k1, 31);
    k1 *= c2;
    h1 ^= k1;
  }
  h1 ^= len;
  h2 ^= len;
  h1 += h2;
  h2 += h1;
  h1 = murmur_fmix64(h1);
  h2 = murmur_fmix64(h2);
  h1 += h2;
  h2 += h1;
  return {h1, h2};
}

Digest128 fact_digest(const FactStore& store, FactRef fact) {
  thread_local std::string storage;  // reused: no allocation per fact
  Encoder buf(storage);
  const Fact& f = store.fact(fact);
  const KindDef& kind = store.schema().kind(f.kind);
  put_text(buf, store.document_of(fact).id);
  put_text(buf, kind.name);
  if (kind.name != "doc") {
    const std::size_t n = std::min(f.fields.size(), kind.fields.size());
    for (std::size_t i = 1; i < n; ++i) {  // field 0 is the document, already named
      if (!is_set(f.fields[i])) continue;  // a field added to the schema changes nothing
      put_text(buf, kind.fields[i].name);
      put_value(buf, store, f.fields[i]);
    }
  }
  return murmur3_128(buf.view());
}

std::string finding_fingerprint(const std::string& rule_id, const std::vector<Evidence>& evidence,
                                const FactStore& store) {
  std::vector<Digest128> digests;
  digests.reserve(evidence.size());
  for (const auto& e : evidence) digests.push_back(fact_digest(store, e.fact));
  std::sort(digests.begin(), digests.end());  // the order of variables does not matter
  thread_local std::string storage;
  Encoder buf(storage);
  put_text(buf, rule_id);
  for (const auto& d : digests) {
    put_u64(buf, d.high);
    put_u64(buf, d.low);
  }
  const Digest128 h = murmur3_128(buf.view());
  std::string hex(32, '0');
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 0; i < 16; ++i) {
    hex[15 - i] = kDigits[(h.high >> (4 * i)) & 0xf];
    hex[31 - i] = kDigits[(h.low >> (4 * i)) & 0xf];
  }
  return hex;
}

}  // namespace verity
