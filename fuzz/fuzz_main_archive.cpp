// libFuzzer entry of the "archive" target: hands each input to verity::fuzz::fuzz_archive
// (fuzz/fuzz_entries.hpp). Built only with -DVERITY_FUZZ=ON; run by bench/fuzz.sh.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  verity::fuzz::fuzz_archive(data, size);
  return 0;
}
