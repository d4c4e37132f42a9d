// RE2 behind a small interface, so no RE2 type leaks into the AST, checker or engine headers.
#include "dsl/regex.hpp"

#include <re2/re2.h>

namespace verity {

void RegexDeleter::operator()(re2::RE2* re) const {
  delete re;
}

Regex compile_regex(std::string_view pattern, std::string& error) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(static_cast<int64_t>(kMaxRegexBytes));
  Regex re(new re2::RE2(re2::StringPiece(pattern.data(), pattern.size()), options));
  if (!re->ok()) {
    error = re->error();
    return nullptr;
  }
  return re;
}

bool regex_search(const re2::RE2& re, std::string_view text) {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

}  // namespace verity
