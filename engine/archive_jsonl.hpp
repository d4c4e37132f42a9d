// Owns reading JSON Lines news archives: one article per line, a JSON object with `text` (the
// article, required), `id`, `url`, `title`, `outlet`, `published`, `story`, `role`, and any
// other field, kept as document metadata. The archive (.jsonl, or .jsonl.gz inflated on the fly)
// is read line by line: only the line being read is in memory, besides the documents already
// handed over.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/document.hpp"
#include "engine/input_problem.hpp"

namespace verity {

// Reads the archive at `path` and hands each article to `sink` as soon as its line is read.
// A line that cannot be an article (not JSON, not an object, no `text`, a field of the wrong
// type) is reported as `path:line: error: …` and skipped; the rest of the file is still read.
// `story_default` is the story of articles that name none (the folder holding the archive; ""
// for no story). A name ending in .gz is inflated on the fly (engine/gzip_lines); a damaged or
// truncated stream is one fatal problem at the line where it stops, the articles before it are
// kept. `on_bytes`, when set, is called after each line with the bytes of the file read so far
// (compressed bytes for .gz), for progress reports.
void read_jsonl_archive(const std::string& path, const std::string& story_default,
                        std::vector<InputProblem>& problems,
                        const std::function<void(Document&&)>& sink,
                        const std::function<void(std::uint64_t)>& on_bytes = {});

}  // namespace verity
