// Owns the shape of a problem with an input file (a document, an archive line, a facts file)
// and how it is rendered for a fact-checker: `file:line:col: level: what is wrong, what to do`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace verity {

// A problem with an input file: the file, the place (line 0 when not tied to a line, column 0
// when only the line is known) and what is wrong and what to do.
struct InputProblem {
  std::string file;
  std::uint32_t line = 0;
  std::string message;
  bool fatal = false;  // the file, or the archive record named by `line`, could not be used
  std::uint32_t column = 0;
};

std::string render(const InputProblem& p);

// The fatal problem of a file that could not be opened, with the reason `errno` gives (read it
// right after the failed open).
InputProblem cannot_open(const std::string& path);

// The warning for a document whose extraction stopped at the fact limit (engine/limits.hpp)
// after `facts` facts, at byte `stopped_at` of its text; `id` names it inside an archive.
InputProblem fact_limit_reached(const std::string& file, const std::string& id, std::size_t facts,
                                std::uint64_t stopped_at);

}  // namespace verity
