// Owns a loaded document: its id, its normalized text (UTF-8 checked, CRLF folded), and its
// metadata (title, outlet, published, role, story, …). Loading lives in engine/document_loader.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dsl/source.hpp"

namespace verity {

// An HTML comment of a Markdown document (`<!-- … -->`): not visible text, so the loader blanks
// it out of the text the extractor reads, and keeps it here for the tools that read comments
// (expectation markers of rule tests, suppressions).
struct DocComment {
  Span span;         // the whole comment, `<!--` to `-->`, in the normalized text
  std::string text;  // what is between the markers, trimmed
};

struct Document {
  std::string id;    // the path as given on the command line, or a JSON Lines record's id
  std::string path;  // the file it was read from ("" for imported-only documents)
  SourceText text;   // normalized text; every fact span refers to it
  std::uint32_t body_begin = 0;  // first byte after the front matter, where extraction starts
  std::string sha256;            // of the normalized text, lowercase hex
  // title, outlet, published (YYYY-MM-DD), role, story, and any other front-matter key.
  std::map<std::string, std::string> meta;
  std::vector<DocComment> comments;  // Markdown documents only
};

}  // namespace verity
