// Owns finding direct quotations: pairing quotation marks into quotes, with their nesting and
// their paragraphs. Curly “ ” and ‘ ’, straight " and ', „ and « » are read; a ’ or ' between
// letters ("North Korea’s", "don't") is an apostrophe, never a mark; a single ’ after a word
// closes a quote only when a single quote is open. A quote whose paragraph ends without a
// closing mark continues when the next paragraph opens with a mark of the same kind (the
// convention for quotes running over several paragraphs); otherwise the stray mark is dropped.
// Who said a quote is found later, by extract_attribution.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace verity::extract {

struct QuoteSpan {
  std::uint32_t b = 0;        // start of the opening mark
  std::uint32_t e = 0;        // end of the closing mark
  std::uint32_t close_b = 0;  // start of the closing mark
  std::uint32_t open_len = 0;
  // The quoted text: parts [parts_b, parts_e) of Quotes::parts, one range per paragraph the
  // quote runs over (reopening marks excluded). Kept apart so a quote costs no allocation.
  std::uint32_t parts_b = 0, parts_e = 0;
  int parent = -1;  // index of the innermost quote around this one; -1 for an outer quote
};

struct Quotes {
  std::vector<QuoteSpan> spans;  // sorted by start
  std::vector<std::pair<std::uint32_t, std::uint32_t>> parts;
};

// Quotes of text[from..] (at most `limit` of them), sorted by start; inner quotes have their
// parent set.
Quotes find_quotes(std::string_view text, std::uint32_t from, std::size_t limit);

// The quoted words: each part trimmed, parts joined by one space.
std::string quote_text(std::string_view text, const Quotes& quotes, const QuoteSpan& q);

// Words of a text: runs of letters and digits, where an apostrophe or hyphen between letters
// ("don’t", "state-run") and a point or comma between digits ("14.5") do not split a word.
std::size_t count_words(std::string_view text);

}  // namespace verity::extract
