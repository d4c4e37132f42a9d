// Reads documents: .txt and .md files (optional front matter between `---` lines at the top:
// `key: value` per line: title, outlet, published, role, story, …), .html pages (visible text,
// engine/html_text) and .jsonl / .jsonl.gz archives (one article per line, engine/archive_jsonl).
// Every format goes through the same normalization (engine/text_normalize): UTF-8 validated
// (invalid bytes become U+FFFD and are reported), NUL replaced, BOM dropped, CRLF folded to LF.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/document.hpp"
#include "engine/input_problem.hpp"

namespace verity {

// Builds a Document from the raw bytes of a .txt, .md or .html file (by the extension of
// `path`, or of `id` when there is no path; anything else is plain text). `id` is how the
// document is named in output. Defaults when the document is silent: title = first non-empty
// line (without leading `#`), role = "source", story = the name of the folder holding the file.
// A binary, UTF-16 or over-256-MB input adds a fatal problem and returns the Document without
// text; invalid UTF-8 and stray NUL bytes become U+FFFD with one warning each.
Document make_document(std::string id, std::string path, std::string_view bytes,
                       std::vector<InputProblem>& problems);

// How read_documents treats what a document does not say.
struct ReadOptions {
  // An archive record without `story` gets the name of the folder holding the archive as its
  // story (as files do). False: it gets no `story` metadata at all, so that a batch audit can
  // group such articles itself. Single-document files keep the folder default either way.
  bool archive_story_from_folder = true;
  // When set, called as an archive is read with the bytes of the file read so far (compressed
  // bytes for .jsonl.gz), for progress reports; not called for single-document files.
  std::function<void(std::uint64_t bytes_consumed)> on_archive_bytes = {};
};

// Expands each argument: a file is taken as is; a folder is walked recursively for .txt, .md,
// .markdown, .html, .htm, .jsonl and .jsonl.gz files, in sorted order. A missing path is a fatal
// problem.
std::vector<std::string> expand_document_paths(const std::vector<std::string>& args,
                                               std::vector<InputProblem>& problems);

// Reads one single-document file into a Document; nullopt (with a fatal problem) when it cannot
// be read. A .jsonl archive holds many documents: it is refused here, read it with
// read_documents.
std::optional<Document> load_document(const std::string& path, std::vector<InputProblem>& problems);

// Reads every document of one file and hands each to `sink` as soon as it is read: one for a
// .txt, .md or .html file, one per good line of a .jsonl or .jsonl.gz archive (a bad line is
// reported and skipped, the rest of the archive is still read; a damaged .gz stops at the
// damage, with the articles before it kept).
void read_documents(const std::string& path, std::vector<InputProblem>& problems,
                    const std::function<void(Document&&)>& sink, const ReadOptions& options = {});

}  // namespace verity
