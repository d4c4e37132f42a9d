// libFuzzer entry of the "document" target: hands each input to verity::fuzz::fuzz_document
// (fuzz/fuzz_entries.hpp). Built only with -DVERITY_FUZZ=ON; run by bench/fuzz.sh.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  verity::fuzz::fuzz_document(data, size);
  return 0;
}
