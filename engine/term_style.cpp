// Terminal styling: the colour decision and ANSI SGR sequences (see term_style.hpp).
#include "engine/term_style.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace verity {
namespace {

std::string wrap(bool color, const char* sgr, std::string_view text) {
  if (!color || text.empty()) return std::string(text);
  std::string out = "\x1b[";
  out += sgr;
  out += 'm';
  out += text;
  out += "\x1b[0m";
  return out;
}

}  // namespace

bool parse_color_mode(std::string_view text, ColorMode& out) {
  if (text == "auto") {
    out = ColorMode::automatic;
  } else if (text == "always") {
    out = ColorMode::always;
  } else if (text == "never") {
    out = ColorMode::never;
  } else {
    return false;
  }
  return true;
}

bool use_color(ColorMode mode) {
  switch (mode) {
    case ColorMode::always:
      return true;
    case ColorMode::never:
      return false;
    case ColorMode::automatic:
      break;
  }
  return std::getenv("NO_COLOR") == nullptr && isatty(fileno(stdout)) == 1;
}

std::string Style::severity(Severity s, std::string_view text) const {
  switch (s) {
    case Severity::error:
      return wrap(color, "1;31", text);
    case Severity::warning:
      return wrap(color, "1;33", text);
    case Severity::info:
      return wrap(color, "1;36", text);
  }
  return std::string(text);
}

std::string Style::mark(std::string_view text) const {
  return wrap(color, "1;32", text);
}
std::string Style::strong(std::string_view text) const {
  return wrap(color, "1", text);
}
std::string Style::dim(std::string_view text) const {
  return wrap(color, "2", text);
}
std::string Style::good(std::string_view text) const {
  return wrap(color, "32", text);
}
std::string Style::bad(std::string_view text) const {
  return wrap(color, "31", text);
}

}  // namespace verity
