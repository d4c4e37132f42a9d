// Owns the shape of a problem with an input file (a document, an archive line, a facts file)
// and how it is rendered for a fact-checker: `file:line:col: level: what is wrong, what to do`.
#pragma once

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

}  // namespace verity
