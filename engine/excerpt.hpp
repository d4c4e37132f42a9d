// Owns the source excerpt under a fact: its line, clipped to the terminal width around the
// span, with the span marked ^~~~ underneath. Shared by `check`, `explain` and the tests, so
// every view of a fact in its document looks the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/term_style.hpp"

namespace verity {

constexpr std::size_t kTerminalWidth = 100;

// Two rows, each ending in '\n' and at most `width` characters (code points) wide:
//   "<indent>  12 | the line, clipped with … around the span"
//   "<indent>     |           ^~~~~~~"
// `text` is the whole document; [begin, end) the span in bytes, `line` its 1-based line number
// (only shown). A span running past its line is marked to the end of the line; a span wider
// than the room is marked from its start. Tabs show as one space so the marks line up. Empty
// when `text` is empty or `begin` is beyond it (facts imported without their document).
std::string render_excerpt(std::string_view text, std::uint32_t begin, std::uint32_t end,
                           std::uint32_t line, const Style& style, std::size_t indent = 4,
                           std::size_t width = kTerminalWidth);

// `first` followed by `text`, broken between words into lines of at most `width` characters,
// each continuation line indented by `indent` spaces; ends in '\n'. A word longer than a line
// (a URL) is kept whole on its own line.
std::string wrap_words(std::string_view first, std::string_view text, std::size_t indent,
                       std::size_t width = kTerminalWidth);

// The number of characters (UTF-8 code points) of `s`, ANSI escape sequences excluded: the
// width a terminal gives it, for characters of one column.
std::size_t display_width(std::string_view s);

}  // namespace verity
