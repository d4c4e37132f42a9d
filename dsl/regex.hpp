// Owns how rules compile regular expressions for matches(): RE2 syntax, linear-time matching
// (no backtracking, so no pattern can hang a run), and a memory cap per pattern. The checker
// compiles literal patterns to report errors at their place; the engine compiles at run time.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "dsl/limits.hpp"

namespace re2 {
class RE2;
}

namespace verity {

using dsl::limits::kMaxRegexBytes;  // RE2 program memory per pattern

struct RegexDeleter {
  void operator()(re2::RE2* re) const;
};
using Regex = std::unique_ptr<re2::RE2, RegexDeleter>;

// Compiles `pattern`; on failure returns null and sets `error` to RE2's message.
Regex compile_regex(std::string_view pattern, std::string& error);

// True when `re` matches somewhere in `text`.
bool regex_search(const re2::RE2& re, std::string_view text);

}  // namespace verity
