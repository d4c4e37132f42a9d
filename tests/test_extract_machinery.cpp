// Tests of the extractor's shared machinery made fast for the extraction benchmark: the word
// sets and word table (one hash probe per word), the tokenizer's ASCII fast path against
// words with accents and other scripts, and the sentence splitter's skip over plain ASCII up
// to the sentence length limit.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "engine/extract_lexicon.hpp"
#include "engine/extract_sentences.hpp"
#include "engine/extract_tokens.hpp"
#include "engine/text_util.hpp"

using namespace verity::extract;

TEST_CASE("a word set finds its words in any ASCII case and nothing else", "[extract]") {
  static constexpr std::string_view kWords[] = {"said", "told", "asserted", "a", "reiterates"};
  const WordSet set(kWords);
  for (std::string_view w : {"said", "SAID", "Told", "asserted", "A", "reiterates"}) {
    CHECK(set.contains(w));
  }
  for (std::string_view w : {"", "sai", "saidx", "says", "b", "reiterated", "tóld",
                             "a very long word that is longer than any word of the set"}) {
    CHECK_FALSE(set.contains(w));
  }
}

TEST_CASE("the word table answers known words in any case and unknown words empty", "[extract]") {
  CHECK(lex_of("January").has(kMonth));
  CHECK(lex_of("JANUARY").month == 1);
  CHECK(lex_of("said").has(kReportStrong));
  CHECK(lex_of("thirty").number == 30);
  CHECK(lex_of("Stoltenberg").flags == 0);
  CHECK(lex_of("").flags == 0);
  CHECK(lex_of(std::string(40, 'a')).flags == 0);
  // Every word shares the table with many others: near misses must not match.
  CHECK(lex_of("januar").flags == 0);
  CHECK(lex_of("januaryy").flags == 0);
}

TEST_CASE("tokens keep accented and non-Latin letters inside words", "[extract]") {
  const std::string text = "Müller met Kim Jong-un, Ярослав and 李明 in 2024 with F-16s.";
  Sentence s;
  tokenize(text, 0, static_cast<std::uint32_t>(text.size()), s);
  REQUIRE(s.size() >= 12);
  CHECK(s.str(0) == "Müller");
  CHECK(s.toks[0].has(kCap));
  CHECK(s.str(2) == "Kim");
  CHECK(s.str(3) == "Jong-un");
  CHECK(s.toks[3].has(kHyphenated));
  CHECK(s.str(5) == "Ярослав");
  CHECK(s.toks[5].has(kCap));
  CHECK(s.str(7) == "李明");
  CHECK(s.toks[9].number());
  CHECK(s.str(11) == "F-16s");
  CHECK(s.toks[11].has(kHasDigit));
  CHECK(s.toks[0].lex->flags == 0);  // a surname: not in the word table
}

TEST_CASE("a sentence without terminators is cut at the length limit, on a space", "[extract]") {
  std::string text;
  while (text.size() < 3 * kMaxSentenceBytes) text += "word after word ";
  text += "end.";
  const auto spans = split_sentences(text, 0);
  REQUIRE(spans.size() >= 2);
  for (const SentenceSpan& span : spans) {
    CHECK(span.e - span.b <= kMaxSentenceBytes);
    CHECK(text[span.e - 1] != ' ');
  }
  CHECK(spans.back().e == text.size());
  // Terminators are still found after the skipped ASCII: two sentences, then a third.
  const std::string three = "The talks failed. Kim left é. Lee stayed!";
  const auto s3 = split_sentences(three, 0);
  REQUIRE(s3.size() == 3);
  CHECK(three.substr(s3[1].b, s3[1].e - s3[1].b) == "Kim left é.");
}
