// Owns reading HTML documents: the visible text of a page, parsed by gumbo (Google's HTML5
// parser, Debian's libgumbo), with the title and the publication metadata of its <head>.
// Gumbo decodes entities and repairs broken markup the way browsers do; this file decides what
// a reader sees (no script, style, template or head text), where paragraphs break, and keeps
// each text run tied to its byte in the HTML file.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/input_problem.hpp"
#include "engine/offset_map.hpp"

namespace verity {

struct HtmlText {
  std::string text;  // visible text: paragraphs separated by a blank line, spaces collapsed
  OffsetMap map;     // text offsets → the original file
  // title (from <title>, else og:title), author, published (YYYY-MM-DD), outlet (og:site_name),
  // description, and every og:* and article:* property (`og:title` as `og_title`).
  std::map<std::string, std::string> meta;
};

// `html` is the page's normalized text (valid UTF-8, LF line breaks), `html_map` its map back to
// the original file. The returned map goes straight to the original file. Problems (a
// publication date that is not a date) are reported against `file`.
HtmlText html_visible_text(const SourceText& html, const OffsetMap& html_map,
                           const std::string& file, std::vector<InputProblem>& problems);

}  // namespace verity
