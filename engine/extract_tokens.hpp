// Owns the tokens of one sentence, which every fact finder (dates, figures, people, quote
// attribution) reads: words (with internal hyphens and apostrophes, initials "J.", dotted
// acronyms "U.S."), numbers (with separators, a time "10:30", an attached suffix "5bn", "1st"),
// possessive "’s", and single-code-point punctuation. Each word is looked up in the lexicon
// once, here. Also owns the small predicates over tokens that the finders share.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/extract_lexicon.hpp"
#include "engine/text_util.hpp"

namespace verity::extract {

enum class Tk : std::uint8_t { word, number, punct };

enum TokFlag : std::uint32_t {
  kCap = 1u << 0,          // first letter uppercase
  kAllCaps = 1u << 1,      // two or more letters, all uppercase (NATO, KCNA)
  kSpaceBefore = 1u << 2,  // white space (or the sentence start) before the token
  kInitial = 1u << 3,      // one uppercase letter and a period: "J."
  kDotted = 1u << 4,       // letters with periods: "U.S.", "a.m."
  kPossessive = 1u << 5,   // "’s" / "'s", or a lone ’ after a plural
  kHyphenated = 1u << 6,   // a word with an internal hyphen
  kHasDigit = 1u << 7,     // a word containing digits (F-16, G7)
  kTime = 1u << 8,         // a number with a colon: 10:30
  kNumSuffix = 1u << 9,    // a number with letters attached: 5bn, 1st, 1990s
  kInQuote = 1u << 10,     // inside a quotation (set by the orchestrator)
  kQuoteMark = 1u << 11,   // an opening or closing mark of a quotation (set likewise)
  kUsed = 1u << 12,        // consumed by a date or figure
  kInName = 1u << 13,      // part of a person's name
  kHasDecimal = 1u << 14,  // a number with a decimal point
  kHasComma = 1u << 15,    // a number with a thousands separator
};

struct Token {
  std::uint32_t b = 0, e = 0;  // byte span in the document text
  std::uint32_t flags = 0;
  std::uint16_t suffix = 0;  // for kNumSuffix: offset of the letters from b
  Tk kind = Tk::punct;
  char32_t cp = 0;                // the code point of a punct token
  const LexEntry* lex = nullptr;  // never null
  bool has(std::uint32_t f) const { return (flags & f) != 0; }
  bool word() const { return kind == Tk::word; }
  bool number() const { return kind == Tk::number; }
  bool punct() const { return kind == Tk::punct; }
  bool is(char32_t c) const { return kind == Tk::punct && cp == c; }
  bool lx(std::uint64_t f) const { return lex->has(f); }
};

// One sentence, tokenized. `text` is the whole document text; tokens hold offsets into it.
struct Sentence {
  std::string_view text;
  std::uint32_t b = 0, e = 0;
  std::uint32_t paragraph = 0;
  std::uint32_t index = 0;  // position among the document's sentences
  bool headline = false;    // Title Case Line: no names are read from it
  std::vector<Token> toks;

  std::string_view str(const Token& t) const { return text.substr(t.b, t.e - t.b); }
  std::string_view str(std::size_t i) const { return str(toks[i]); }
  // Text from the start of token i to the end of token j - 1 (i < j).
  std::string_view range(std::size_t i, std::size_t j) const {
    return text.substr(toks[i].b, toks[j - 1].e - toks[i].b);
  }
  // Case-insensitive test of token i against a lowercase word; false past the ends.
  bool is(std::size_t i, std::string_view lower) const {
    if (i >= toks.size()) return false;
    const Token& t = toks[i];
    return t.e - t.b == lower.size() && iequals(text.substr(t.b, lower.size()), lower);
  }
  std::size_t size() const { return toks.size(); }
  // Index of the token starting at byte offset `b`, or size() when none.
  std::size_t token_at(std::uint32_t b) const;
};

// Tokenizes bytes [b, e) of `text` (a code point boundary on both sides) into s.toks.
void tokenize(std::string_view text, std::uint32_t b, std::uint32_t e, Sentence& s);

// Opening and closing quotation marks, brackets and dashes as punctuation classes.
bool is_quote_char(char32_t c);
bool is_dash_char(char32_t c);  // - – — ‒ ―

// A word that reads as a content word of a noun phrase: not a function word, verb form of the
// lists, pronoun or adverb in -ly.
bool is_content_word(const Sentence& s, std::size_t i);

// True for words ending in -ly (adverbs: reportedly, publicly).
bool is_ly_adverb(std::string_view w);

}  // namespace verity::extract
