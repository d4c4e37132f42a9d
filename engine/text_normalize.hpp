// Owns the one normalization every document's bytes go through, whatever their format: UTF-8
// validated (ill-formed sequences become U+FFFD), NUL bytes replaced by U+FFFD, a leading
// byte-order mark dropped, CRLF and lone CR folded to LF. It records an edit point wherever the
// bytes changed, so that every offset of the result maps back to the original.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/input_problem.hpp"
#include "engine/offset_map.hpp"

namespace verity {

struct NormalizedText {
  std::string text;
  OffsetMap map;  // text offsets → original bytes, lines and columns
  std::size_t invalid_bytes = 0;
  LineCol first_invalid;  // of the first ill-formed byte in the original
  std::size_t nul_bytes = 0;
  LineCol first_nul;
};

NormalizedText normalize_text(std::string_view bytes);

// One warning for the replaced ill-formed bytes and one for the NUL bytes (when there are any),
// each at the line and column of the first one.
void report_normalization(const NormalizedText& n, const std::string& file,
                          std::vector<InputProblem>& problems);

}  // namespace verity
