// Owns how verity's text output is styled on a terminal: whether to colour at all (--color
// auto|always|never, NO_COLOR, isatty) and the ANSI sequences for severities, marks and names.
// Every styled piece goes through Style, so with colour off the output has no escape codes.
#pragma once

#include <string>
#include <string_view>

#include "dsl/severity.hpp"

namespace verity {

enum class ColorMode { automatic, always, never };

// Parses "auto", "always" or "never"; false for anything else.
bool parse_color_mode(std::string_view text, ColorMode& out);

// auto colours only when stdout is a terminal and NO_COLOR is not set (whatever its value,
// even empty — the stricter reading of no-color.org); always and never are what they say.
bool use_color(ColorMode mode);

struct Style {
  bool color = false;

  std::string severity(Severity s, std::string_view text) const;
  std::string mark(std::string_view text) const;    // the ^~~~ under a span
  std::string strong(std::string_view text) const;  // rule ids, variables
  std::string dim(std::string_view text) const;     // gutters, help, tags
  std::string good(std::string_view text) const;    // "fixed"
  std::string bad(std::string_view text) const;     // "new"
};

}  // namespace verity
