// The extractor's orchestration (see extract.hpp): splits the body into sentences and pairs
// quotation marks once, then walks the sentences in order, running on each the finders of
// dates, figures and people (in that order, so that a date's numbers are never figures and a
// month is never a name), and attributing each quote when the sentence holding its closing
// mark has been read. People found so far are what pronouns, surnames and roles resolve to.
//
// Bounds that keep extraction linear and memory in proportion to the input: sentences are at
// most kMaxSentenceBytes, every finder looks a bounded number of tokens around a word, and a
// document yields at most one fact per 24 bytes of body plus 4096, and never more than 4
// million (news runs at one fact per 40 to 80 bytes); junk that would produce more (50 MB of
// `"a" "a" …`) stops there rather than exhausting memory.
#include "engine/extract.hpp"

#include <algorithm>
#include <cstdint>

#include "engine/extract_attribution.hpp"
#include "engine/extract_dates.hpp"
#include "engine/extract_fields.hpp"
#include "engine/extract_figures.hpp"
#include "engine/extract_people.hpp"
#include "engine/extract_quotes.hpp"
#include "engine/extract_sentences.hpp"
#include "engine/extract_tokens.hpp"
#include "engine/limits.hpp"
#include "engine/text_util.hpp"

namespace verity {
namespace {

using namespace extract;

class Extraction {
 public:
  Extraction(const Document& doc, std::vector<NewFact>& out)
      : text_(doc.text.text()), pub_(parse_published(doc.meta)), out_(out) {
    from_ = static_cast<std::uint32_t>(std::min<std::size_t>(doc.body_begin, text_.size()));
    while (from_ < text_.size() && is_continuation_byte(text_[from_])) ++from_;
    cap_ = limits::fact_budget(text_.size() - from_);
  }

  void run() {
    const std::vector<SentenceSpan> sentences = split_sentences(text_, from_);
    quote_list_ = find_quotes(text_, from_, cap_);
    for (std::size_t k = 0; k < quotes_.size(); ++k) {
      if (quotes_[k].parent < 0) outer_.push_back(k);
    }
    out_.reserve((text_.size() - from_) / 48 + 16);
    std::uint32_t index = 0;
    for (const SentenceSpan& span : sentences) {
      // The sentence fact first, then the sentence's own facts in order of their start; quotes
      // (which may start in an earlier sentence) are kept apart and merged in at the end.
      const std::size_t first = out_.size();
      if (span.has_words) emit_sentence(span, index++);
      sentence(span);
      const auto from = out_.begin() + static_cast<std::ptrdiff_t>(first);
      if (!std::is_sorted(from, out_.end(), by_start)) std::stable_sort(from, out_.end(), by_start);
      if (out_.size() + quote_facts_.size() > cap_) {
        capped_ = true;
        break;
      }
    }
    merge_quotes();
  }

  // Merges the (few) quote facts into the sorted facts in place, from the back, so that the
  // facts are moved once and no second array of them is allocated.
  void merge_quotes() {
    std::stable_sort(quote_facts_.begin(), quote_facts_.end(), by_start);
    std::size_t i = out_.size(), j = quote_facts_.size();
    out_.resize(i + j);
    for (std::size_t k = out_.size(); j > 0; --k) {
      if (i > 0 && by_start(quote_facts_[j - 1], out_[i - 1])) {
        out_[k - 1] = std::move(out_[--i]);
      } else {
        out_[k - 1] = std::move(quote_facts_[--j]);
      }
    }
  }

  static bool by_start(const NewFact& a, const NewFact& b) { return a.span.begin < b.span.begin; }
  bool capped() const { return capped_; }

 private:
  void sentence(const SentenceSpan& span) {
    cur_.persons.clear();
    tokenize(text_, span.b, span.e, cur_.s);
    cur_.s.paragraph = span.paragraph;
    mark_quotes(span);
    find_dates(cur_.s, pub_, out_);
    find_figures(cur_.s, out_);
    find_people(cur_.s, people_, cur_.persons, out_);
    find_statements(cur_, people_, out_);
    // Quotes whose closing mark is in this sentence.
    while (next_quote_ < outer_.size() && quotes_[outer_[next_quote_]].close_b < span.e) {
      quote(outer_[next_quote_++], span);
    }
    // A quote opened here and closed in a later sentence needs this sentence's tokens then.
    if (next_quote_ < outer_.size()) {
      const QuoteSpan& q = quotes_[outer_[next_quote_]];
      if (q.b >= span.b && q.b < span.e) {
        pending_ = cur_;
        have_pending_ = true;
      }
    }
  }

  // Flags the tokens inside quotes and the quotes' marks.
  void mark_quotes(const SentenceSpan& span) {
    while (mark_from_ < outer_.size() && quotes_[outer_[mark_from_]].e <= span.b) ++mark_from_;
    std::size_t k = mark_from_;
    for (Token& t : cur_.s.toks) {
      while (k < outer_.size() && quotes_[outer_[k]].e <= t.b) ++k;
      if (k >= outer_.size()) break;
      const QuoteSpan& q = quotes_[outer_[k]];
      if (t.b == q.b || t.b == q.close_b) {
        t.flags |= kQuoteMark;
      } else if (t.b > q.b && t.e <= q.close_b) {
        t.flags |= kInQuote;
      }
    }
  }

  void quote(std::size_t qi, const SentenceSpan& span) {
    const QuoteSpan& q = quotes_[qi];
    const Analyzed* open = nullptr;
    if (q.b >= span.b) {
      open = &cur_;
    } else if (have_pending_ && q.b >= pending_.s.b && q.b < pending_.s.e) {
      open = &pending_;
    }
    static const Analyzed kEmpty;
    const Analyzed& so = open != nullptr ? *open : kEmpty;
    const std::size_t open_tok = open != nullptr ? so.s.token_at(q.b) : 0;
    const std::size_t close_tok = cur_.s.token_at(q.close_b);
    Attribution a = attribute_quote(so, open_tok, cur_, close_tok, q.b, people_);
    // '“A,” he said. “B.”': a quote opening a sentence, with no attribution of its own,
    // continues the attributed quote before it in the same paragraph.
    const bool opens_sentence = open != nullptr && !words_before(so.s, open_tok);
    if (!a.found && opens_sentence && last_.found && last_paragraph_ == span.paragraph) {
      a = last_;
    }
    if (a.found || !opens_sentence) {
      last_ = a;
      last_paragraph_ = span.paragraph;
    }
    emit_quote(q, a, false);
    for (std::size_t k = qi + 1; k < quotes_.size() && quotes_[k].b < q.e; ++k) {
      emit_quote(quotes_[k], a, true);  // nested: the outer speaker says these words too
    }
  }

  // Whether a word comes before token `tok`; bounded, a quote far into a sentence has some.
  static bool words_before(const Sentence& s, std::size_t tok) {
    if (tok > 64) return true;
    for (std::size_t k = 0; k < tok && k < s.size(); ++k) {
      if (s.toks[k].word() || s.toks[k].number()) return true;
    }
    return false;
  }

  void emit_quote(const QuoteSpan& q, const Attribution& a, bool nested) {
    std::string words = quote_text(text_, quote_list_, q);
    const std::size_t n = count_words(words);
    if (n == 0) return;
    NewFact f;
    f.kind = "quote";
    f.fields.reserve(3 + !a.speaker.empty() + !a.title.empty() + !a.verb.empty() + !a.via.empty());
    f.span = {q.b, q.e};
    f.fields.emplace_back("text", std::move(words));
    if (!a.speaker.empty()) f.fields.emplace_back("speaker", a.speaker);
    if (!a.title.empty()) f.fields.emplace_back("speaker_title", a.title);
    if (!a.verb.empty()) f.fields.emplace_back("verb", a.verb);
    if (!a.via.empty()) f.fields.emplace_back("via", a.via);
    if (!a.speaker.empty()) f.fields.emplace_back("resolved", a.resolved);
    f.fields.emplace_back("nested", nested);
    f.fields.emplace_back("words", static_cast<double>(n));
    quote_facts_.push_back(std::move(f));
  }

  void emit_sentence(const SentenceSpan& span, std::uint32_t index) {
    NewFact f;
    f.kind = "sentence";
    f.fields.reserve(2);
    f.span = {span.b, span.e};
    f.fields.emplace_back("text", text_.substr(span.b, span.e - span.b));
    f.fields.emplace_back("index", static_cast<double>(index));
    out_.push_back(std::move(f));
  }

  const std::string& text_;
  const PubDate pub_;
  std::vector<NewFact>& out_;
  std::vector<NewFact> quote_facts_;
  std::uint32_t from_ = 0;
  std::size_t cap_ = 0;
  bool capped_ = false;  // stopped at cap_ (the caller warns)
  Quotes quote_list_;
  const std::vector<QuoteSpan>& quotes_ = quote_list_.spans;
  std::vector<std::size_t> outer_;  // indices of quotes not inside another, by start
  std::size_t next_quote_ = 0;      // next outer quote to attribute
  std::size_t mark_from_ = 0;       // first outer quote that may overlap the sentence
  PeopleIndex people_;
  Analyzed cur_, pending_;
  bool have_pending_ = false;
  Attribution last_;
  std::uint32_t last_paragraph_ = 0;
};

// Spans stay on code point boundaries of well-formed text; on ill-formed bytes, a span never
// starts or ends inside a run of stray continuation bytes.
// A field that held the span's text ("text", "name") follows the settled span.
void settle_span(const std::string& text, NewFact& f) {
  Span& span = f.span;
  const Span old = span;
  const auto n = static_cast<std::uint32_t>(text.size());
  span.end = std::min(span.end, n);
  span.begin = std::min(span.begin, span.end);
  while (span.begin < span.end && is_continuation_byte(text[span.begin])) ++span.begin;
  while (span.end < n && is_continuation_byte(text[span.end])) ++span.end;
  if (span.begin == old.begin && span.end == old.end) return;
  const std::string_view before =
      old.end <= n && old.begin <= old.end
          ? std::string_view(text).substr(old.begin, old.end - old.begin)
          : std::string_view();
  for (auto& [name, value] : f.fields) {
    auto* s = std::get_if<std::string>(&value);
    if ((name == "text" || name == "name") && s != nullptr && *s == before) {
      *s = text.substr(span.begin, span.end - span.begin);
    }
  }
}

}  // namespace

std::vector<NewFact> extract_facts(const Document& doc) {
  bool capped = false;
  return extract_facts(doc, capped);
}

std::vector<NewFact> extract_facts(const Document& doc, bool& capped) {
  std::vector<NewFact> out;
  capped = doc.text.text().size() >= UINT32_MAX;  // offsets are 32-bit
  if (capped) return out;
  Extraction extraction(doc, out);
  extraction.run();
  capped = extraction.capped();
  for (NewFact& f : out) {
    settle_span(doc.text.text(), f);
    tidy_text_fields(f);  // wrapped lines must not make a second spelling
  }
  const auto by_start = [](const NewFact& a, const NewFact& b) {
    return a.span.begin < b.span.begin;
  };
  // Settling spans on ill-formed bytes can reorder facts; well-formed text is already sorted.
  if (!std::is_sorted(out.begin(), out.end(), by_start)) {
    std::stable_sort(out.begin(), out.end(), by_start);
  }
  return out;
}

}  // namespace verity
