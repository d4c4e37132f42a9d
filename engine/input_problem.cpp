// Rendering of input problems, in the `file:line:col: level: message` shape compilers use, so
// that editors and terminals make the place clickable.
#include "engine/input_problem.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace verity {

std::string render(const InputProblem& p) {
  const char* level = p.fatal ? "error" : "warning";
  if (p.file.empty()) return fmt::format("{}: {}\n", level, p.message);
  if (p.line == 0) return fmt::format("{}: {}: {}\n", p.file, level, p.message);
  if (p.column == 0) return fmt::format("{}:{}: {}: {}\n", p.file, p.line, level, p.message);
  return fmt::format("{}:{}:{}: {}: {}\n", p.file, p.line, p.column, level, p.message);
}

InputProblem cannot_open(const std::string& path) {
  return {path, 0,
          fmt::format("cannot be read: {}; check its permissions",
                      errno != 0 ? std::strerror(errno) : "the file could not be opened"),
          true};
}

InputProblem fact_limit_reached(const std::string& file, const std::string& id, std::size_t facts,
                                std::uint64_t stopped_at) {
  return {file.empty() ? id : file, 0,
          fmt::format("document '{}' yields more facts than verity takes from one document "
                      "(stopped after {} facts, at byte {}); the rest of it was not checked. "
                      "Split it into smaller documents, or check that it is text",
                      id, facts, stopped_at),
          false};
}

}  // namespace verity
