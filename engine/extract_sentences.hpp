// Owns paragraphs and sentences: where a document's body breaks into paragraphs (blank lines,
// and Markdown heading lines, which stand alone) and each paragraph into sentences. Splitting
// survives abbreviations (Mr., Gen., Jan., No.), initials (J. R. Smith), dotted acronyms
// (U.S.), decimals (14.5), and ends a sentence after punctuation inside closing quotation marks
// ('… war.”'). A sentence is never longer than kMaxSentenceBytes: a longer run without
// punctuation (a table, a pasted log, binary junk) is cut at a space, so that every later scan
// of a sentence is bounded.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace verity::extract {

inline constexpr std::uint32_t kMaxSentenceBytes = 2048;

struct Paragraph {
  std::uint32_t b = 0, e = 0;  // [b, e): first to last non-space byte
};

// The next paragraph at or after `from`; b == e == text.size() when there is none. `next` is
// where to look for the one after it.
Paragraph next_paragraph(std::string_view text, std::uint32_t from, std::uint32_t& next);

struct SentenceSpan {
  std::uint32_t b = 0, e = 0;  // trimmed: first to last non-space byte
  std::uint32_t paragraph = 0;
  bool has_words = false;  // holds a letter or digit (only those become sentence facts)
};

// Every sentence of text[from..], in order. Spans partition the non-space text of each
// paragraph, except a heading's leading '#' marks and list bullets.
std::vector<SentenceSpan> split_sentences(std::string_view text, std::uint32_t from);

}  // namespace verity::extract
