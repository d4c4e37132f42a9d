// libFuzzer entry of the "table" target: hands each input to verity::fuzz::fuzz_table
// (fuzz/fuzz_entries.hpp). Built only with -DVERITY_FUZZ=ON; run by bench/fuzz.sh.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  verity::fuzz::fuzz_table(data, size);
  return 0;
}
