// Owns a loaded document: its id, its normalized text (UTF-8 checked, CRLF folded; for HTML the
// visible text, for an archive record its decoded `text`), the map from that text back to the
// original file, and its metadata (title, outlet, published, role, story, …). Loading lives in
// engine/document_loader.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dsl/source.hpp"
#include "engine/offset_map.hpp"

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
  std::string path;  // the file it was read from (the archive, for a record; "" when imported)
  SourceText text;   // normalized text; every fact span refers to it
  std::uint32_t body_begin = 0;  // first byte after the front matter, where extraction starts
  std::string sha256;            // of the normalized text, lowercase hex
  // title, outlet, published (YYYY-MM-DD), role, story, and any other front-matter key.
  std::map<std::string, std::string> meta;
  std::vector<DocComment> comments;  // Markdown documents only
  OffsetMap map;                     // normalized text → original file; empty when identical

  // Line and column in the original file of a text offset: what a fact-checker opens in an
  // editor. For an archive record: the archive line, and 1 + the offset into its `text`.
  LineCol position(std::uint32_t offset) const { return map.position(text, offset); }
  // The byte of the original file (of the record's decoded `text`, for an archive) an offset
  // of the text came from.
  std::uint32_t original_offset(std::uint32_t offset) const { return map.original_offset(offset); }
};

}  // namespace verity
