// libFuzzer entry of the "rules" target: hands each input to verity::fuzz::fuzz_rules
// (fuzz/fuzz_entries.hpp). Built only with -DVERITY_FUZZ=ON; run by bench/fuzz.sh.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  verity::fuzz::fuzz_rules(data, size);
  return 0;
}
