// Owns the map from a document's normalized text back to the file it was read from: which byte
// of the original a normalized offset came from, and the line and column an editor shows for
// it. Only the edit points are stored (where normalization changed the bytes: a dropped BOM, a
// folded CRLF, a replaced bad byte, a decoded HTML entity, a collapsed run of spaces); between
// two edit points the normalized text is a verbatim copy of the original, so everything else is
// arithmetic. A plain ASCII file with LF line breaks has no edit point at all.
#pragma once

#include <cstdint>
#include <vector>

#include "dsl/source.hpp"

namespace verity {

// Normalized offset `text` is original byte `original`, at `line`:`column` of the original
// (1-based; the column counts bytes of the original line).
struct EditPoint {
  std::uint32_t text = 0;
  std::uint32_t original = 0;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

class OffsetMap {
 public:
  // Adds an edit point; text offsets must not decrease. A point at the offset of the last one
  // replaces it (the later edit wins).
  void add(const EditPoint& p);

  // JSON Lines records: every position is on the archive line `line`, and the column is the
  // 1-based byte offset into the record's decoded text (original offsets are offsets into that
  // decoded text). Line breaks inside the text do not move the line.
  void pin_to_line(std::uint32_t line);

  // The original byte offset of normalized offset `offset`.
  std::uint32_t original_offset(std::uint32_t offset) const;

  // Line and column in the original file of normalized offset `offset`; `normalized` is the
  // text the map was built for (its line index tells where verbatim line breaks are).
  LineCol position(const SourceText& normalized, std::uint32_t offset) const;

  const std::vector<EditPoint>& points() const { return points_; }

 private:
  // The last edit point at or before `offset` (the implicit identity point when none).
  EditPoint point_before(std::uint32_t offset) const;

  std::vector<EditPoint> points_;
  std::uint32_t pinned_line_ = 0;  // 0: lines follow the text
};

}  // namespace verity
