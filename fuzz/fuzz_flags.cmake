# Compile flags of the fuzz build (-DVERITY_FUZZ=ON): coverage instrumentation for libFuzzer
# and AddressSanitizer + UndefinedBehaviorSanitizer on every library, so that a fuzzed input
# that reads out of bounds or hits undefined behaviour stops with a report. Any UB report is a
# crash (no recovery). Included from the top-level CMakeLists before dsl/ and engine/.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "VERITY_FUZZ needs clang (libFuzzer): configure with "
                      "-DCMAKE_CXX_COMPILER=clang++-14, or run bench/fuzz.sh")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                    -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=address,undefined)
