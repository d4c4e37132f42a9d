// The normalized→original offset map: binary search for the edit point before an offset, then
// the verbatim rule (bytes after an edit point are copied unchanged up to the next one).
#include "engine/offset_map.hpp"

#include <algorithm>

namespace verity {

void OffsetMap::add(const EditPoint& p) {
  if (!points_.empty() && points_.back().text == p.text) {
    points_.back() = p;
    return;
  }
  points_.push_back(p);
}

void OffsetMap::pin_to_line(std::uint32_t line) {
  pinned_line_ = line;
  if (points_.empty() || points_.front().text != 0) {
    points_.insert(points_.begin(), EditPoint{0, 0, line, 1});
  }
  for (EditPoint& p : points_) {
    p.line = line;
    p.column = p.original + 1;
  }
}

EditPoint OffsetMap::point_before(std::uint32_t offset) const {
  auto it = std::upper_bound(points_.begin(), points_.end(), offset,
                             [](std::uint32_t o, const EditPoint& p) { return o < p.text; });
  if (it == points_.begin()) return EditPoint{};
  return *std::prev(it);
}

std::uint32_t OffsetMap::original_offset(std::uint32_t offset) const {
  const EditPoint p = point_before(offset);
  return p.original + (offset - p.text);
}

LineCol OffsetMap::position(const SourceText& normalized, std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(normalized.text().size()));
  const EditPoint p = point_before(offset);
  if (pinned_line_ != 0) return {p.line, p.column + (offset - p.text)};
  if (points_.empty()) return normalized.line_col(offset);
  const LineCol at = normalized.line_col(offset);
  const LineCol from = normalized.line_col(p.text);
  if (at.line == from.line) return {p.line, p.column + (offset - p.text)};
  // A line break between the point and the offset is a verbatim one: the original line starts
  // right after it too, so the column is the normalized one.
  return {p.line + (at.line - from.line), at.column};
}

}  // namespace verity
