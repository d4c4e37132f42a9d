// Reads documents from .txt and .md files: UTF-8 validation (invalid bytes become U+FFFD and
// are reported), CRLF folded to LF, and optional front matter between `---` lines at the top
// (`key: value` per line: title, outlet, published, role, story, …).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/document.hpp"

namespace verity {

// A problem with an input file: the file, the line (0 when not tied to a line) and what is
// wrong and what to do. Rendered `file:line: error: message`.
struct InputProblem {
  std::string file;
  std::uint32_t line = 0;
  std::string message;
  bool fatal = false;  // the file could not be used at all
};

std::string render(const InputProblem& p);

// Builds a Document from raw bytes. `id` is how the document is named in output.
// Defaults when the front matter is silent: title = first non-empty line (without leading
// `#`), role = "source", story = the name of the folder holding the file.
// A binary, UTF-16 or over-256-MB input adds a fatal problem and returns the Document without
// text; invalid UTF-8 and stray NUL bytes become U+FFFD with one warning each.
Document make_document(std::string id, std::string path, std::string_view bytes,
                       std::vector<InputProblem>& problems);

// Expands each argument: a file is taken as is; a folder is walked recursively for .txt and
// .md files, in sorted order. A missing path is a fatal problem.
std::vector<std::string> expand_document_paths(const std::vector<std::string>& args,
                                               std::vector<InputProblem>& problems);

// Reads one file into a Document; nullopt (with a fatal problem) when it cannot be read.
std::optional<Document> load_document(const std::string& path, std::vector<InputProblem>& problems);

}  // namespace verity
