// Quote attribution (see extract_attribution.hpp). Works on the tokens around the quote's marks;
// every scan is bounded (16 tokens after the quote, 60 before it), so a sentence full of quotes
// costs no more than its length times a constant.
#include "engine/extract_attribution.hpp"

#include <algorithm>

#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

struct NP {
  std::size_t b = 0, e = 0;
  bool empty() const { return b >= e; }
};

struct Speaker {
  bool ok = false;
  // False when the speaker is kept as written because resolution failed: a short name that is
  // unknown or fits two people, a pronoun or a definite role with nobody to point to.
  bool resolved = false;
  std::string name, title;
};

bool quoted(const Token& t) {
  return t.has(kInQuote | kQuoteMark);
}

std::string lower(std::string_view w) {
  std::string out;
  fold_append(w, out);
  return out;
}

std::size_t first_word(const Sentence& s) {
  for (std::size_t i = 0; i < s.size() && i < 4; ++i) {
    if (s.toks[i].word()) return i;
  }
  return s.size();
}

bool report_verb(const Sentence& s, std::size_t i, bool strong) {
  const Token& t = s.toks[i];
  if (!t.word() || quoted(t) || !t.lx(strong ? kReportStrong : kReportVerb)) return false;
  return !t.has(kCap) || s.headline || i == first_word(s);
}

bool adverb(const Sentence& s, std::size_t i) {
  const Token& t = s.toks[i];
  return t.word() && !quoted(t) && !t.lx(kReportVerb) &&
         (t.lx(kAdverb) || (!t.has(kCap) && is_ly_adverb(s.str(t))));
}

bool ends_ing(std::string_view w) {
  return w.size() > 4 && iends_with(w, "ing");
}

// Back from `end` over adverbs, auxiliaries and a date: "Kim [on Monday] [reportedly] said".
std::size_t skip_back(const Sentence& s, std::size_t end, std::size_t lo) {
  for (int steps = 0; end > lo && steps < 6; ++steps) {
    const Token& t = s.toks[end - 1];
    if (adverb(s, end - 1)) {
      --end;
    } else if (t.has(kUsed) && !quoted(t)) {
      --end;
      if (end > lo && s.toks[end - 1].word() && s.toks[end - 1].lx(kPreposition)) --end;
    } else {
      break;
    }
  }
  return end;
}

std::size_t skip_forward(const Sentence& s, std::size_t v, std::size_t hi) {
  for (int steps = 0; v < hi && steps < 6; ++steps) {
    const Token& t = s.toks[v];
    if (adverb(s, v) || (t.has(kUsed) && !quoted(t))) {
      ++v;
    } else if (t.word() && t.lx(kPreposition) && v + 1 < hi && s.toks[v + 1].has(kUsed)) {
      v += 2;
    } else {
      break;
    }
  }
  return v;
}

// Whether token i can be a word of a speaker's noun phrase that already holds `content` words.
// Read forward, a verb after the subject ends the phrase: a past tense ("Stoltenberg pushed"),
// a present tense after a name ("Kim wants"), a reporting verb ("the ministry claims"); a
// reporting verb's noun form opens a phrase ("the report").
bool np_word(const Sentence& s, std::size_t i, std::size_t content, bool forward) {
  const Token& t = s.toks[i];
  if (!t.word() || quoted(t) || t.has(kUsed)) return false;
  if (t.has(kCap) && !t.lx(kStop)) return true;
  if (!is_content_word(s, i) || t.lx(kLinkVerb | kVerb)) return false;
  if (t.lx(kReportVerb) && content > 0) return false;
  if (!forward || content == 0) return true;
  const std::string_view w = s.str(t);
  if (w.size() >= 5 && iends_with(w, "ed")) return false;
  const bool after_name = i > 0 && s.toks[i - 1].has(kCap);
  if (after_name && iends_with(w, "s") && !iends_with(w, "ss") && !iends_with(w, "us") &&
      !iends_with(w, "is") && !t.lx(kOrgNoun | kRole)) {
    return false;
  }
  return true;
}

// The noun phrase ending before `end`: "Kim", "The expert", "the DPRK Foreign Ministry",
// "A representative of the North Korean Foreign Ministry", "She".
NP np_back(const Sentence& s, std::size_t end, std::size_t lo) {
  std::size_t i = end, content = 0;
  while (i > lo && end - i < 12) {
    const Token& t = s.toks[i - 1];
    if (quoted(t)) break;
    if (t.has(kPossessive)) {
      if (content == 0) break;
      --i;
      continue;
    }
    if (!t.word()) break;
    if (t.lx(kDeterminer)) {
      if (content == 0) break;
      --i;
      if (i > lo + 1 && s.is(i - 1, "of") && np_word(s, i - 2, content, false)) {
        --i;  // "a representative of the ministry"
        continue;
      }
      break;
    }
    if (s.is(i - 1, "of") && content > 0 && i - 1 > lo && np_word(s, i - 2, content, false)) {
      --i;
      continue;
    }
    if (t.lx(kPronoun)) {
      if (content == 0 && !s.is(i - 1, "who")) return {i - 1, end};
      break;
    }
    if (!np_word(s, i - 1, content, false)) break;
    --i;
    ++content;
  }
  if (content == 0) return {end, end};
  return {i, end};
}

// The noun phrase starting at `start`: "Mayor Ann Lee", "the minister", "he".
NP np_forward(const Sentence& s, std::size_t start, std::size_t hi) {
  std::size_t i = start, content = 0;
  if (i < hi && s.toks[i].word() && !quoted(s.toks[i]) && s.toks[i].lx(kPronoun)) {
    return s.is(i, "who") ? NP{start, start} : NP{i, i + 1};
  }
  if (i < hi && s.toks[i].word() && s.toks[i].lx(kDeterminer) && !quoted(s.toks[i])) ++i;
  while (i < hi && i - start < 12) {
    const Token& t = s.toks[i];
    if (quoted(t)) break;
    if (t.has(kPossessive)) {
      if (content == 0) break;
      ++i;
      continue;
    }
    if (s.is(i, "of") && content > 0 && i + 1 < hi &&
        (s.toks[i + 1].lx(kDeterminer) || np_word(s, i + 1, 0, true))) {  // head of parks
      ++i;
      if (s.toks[i].lx(kDeterminer)) ++i;
      continue;
    }
    if (!np_word(s, i, content, true)) break;
    ++i;
    ++content;
  }
  while (i > start && (s.is(i - 1, "of") || s.toks[i - 1].lx(kDeterminer))) --i;
  if (content == 0) return {start, start};
  return {start, i};
}

bool clause_verb(const Sentence& s, std::size_t i);
bool bare_clause_verb(std::string_view w);
bool object_verb(std::string_view w);
bool clause_start(const Sentence& s, std::size_t c);
bool clause_ok(const Sentence& s, NP c);

class Attributor {
 public:
  explicit Attributor(PeopleIndex& people) : people_(people) {}

  // What a noun phrase names, as a speaker: a person (resolved when written short), a role, an
  // organisation or another proper name; nothing for a common noun phrase ("the bridge").
  Speaker classify(const Analyzed& a, NP np, std::uint32_t quote_b) {
    const Sentence& s = a.s;
    Speaker sp;
    const std::uint32_t cutoff = std::min(quote_b, s.toks[np.b].b);
    for (auto it = a.persons.rbegin(); it != a.persons.rend(); ++it) {
      // "Kim Jong-un's sister" is not Kim Jong-un.
      const bool owner = it->te < np.e && s.toks[it->te].has(kPossessive);
      if (it->tb >= np.b && it->te <= np.e && !owner) {
        sp.ok = true;
        sp.resolved = true;
        sp.name = it->name;
        sp.title = it->title.empty() ? people_.person(it->person).title : it->title;
        return sp;
      }
    }
    if (np.e - np.b == 1 && s.toks[np.b].lx(kPronoun)) {
      const Gender g = s.is(np.b, "he")    ? Gender::male
                       : s.is(np.b, "she") ? Gender::female
                                           : Gender::unknown;
      const int p = g == Gender::unknown ? -1 : people_.nearest(cutoff, g);
      if (p < 0 && s.is(np.b, "it")) {
        // "it said" after an organisation spoke (within about two paragraphs): that one.
        const std::string_view org = people_.org_before(cutoff, 600);
        if (!org.empty()) {
          sp.ok = sp.resolved = true;
          sp.name = std::string(org);
          return sp;
        }
      }
      if (p < 0) {
        // it, they, we, or "he" with nobody before: the pronoun as written, unresolved.
        sp.ok = true;
        sp.name = std::string(s.str(np.b));
        return sp;
      }
      return resolved(p, s.toks[np.b].b, {});
    }
    std::size_t b = np.b;
    std::string_view det;
    if (s.toks[b].lx(kDeterminer)) det = s.str(b++);
    const std::size_t tb = b;
    while (b + 1 < np.e && s.toks[b].has(kCap) && s.toks[b].lx(kTitleHead | kTitleMod)) ++b;
    const std::string title_words = tb < b ? std::string(s.range(tb, b)) : std::string();
    if (np.e - b == 1 && det.empty()) {
      const Token& t = s.toks[b];
      if (t.has(kCap) && !t.has(kAllCaps | kDotted) &&
          !t.lx(kOrgWord | kPlaceName | kNationality | kOrgNoun | kRole | kStop)) {
        const PeopleIndex::Match m = people_.by_word(s.str(t), cutoff);
        if (m.person >= 0 && !m.ambiguous) return resolved(m.person, t.b, title_words);
        sp.ok = true;
        sp.name = std::string(s.str(t));  // unknown or ambiguous: as written
        sp.title = title_words;
        return sp;
      }
    }
    // The head of the phrase: its last word, or the last before "of".
    std::size_t head = np.e - 1;
    for (std::size_t k = b; k < np.e; ++k) {
      if (s.is(k, "of")) {
        head = k > b ? k - 1 : head;
        break;
      }
    }
    const Token& h = s.toks[head];
    if (!h.has(kCap) && h.lx(kRole) && head >= b) {
      const std::string role(s.range(b, head + 1));
      if (iequals(det, "the") || iequals(det, "this") || iequals(det, "that")) {
        const int p = people_.by_role(s.str(h), cutoff);
        if (p >= 0) return resolved(p, s.toks[np.b].b, role);
      }
      sp.ok = true;
      // "a senior official": nothing to resolve, the description is the speaker; "the
      // researcher" with nobody before: unresolved.
      sp.resolved = !(iequals(det, "the") || iequals(det, "this") || iequals(det, "that"));
      sp.name = std::string(s.range(np.b, np.e));
      sp.title = role;
      return sp;
    }
    bool org = false, proper = false;
    for (std::size_t k = np.b; k < np.e; ++k) {
      const Token& t = s.toks[k];
      org = org || t.has(kAllCaps | kDotted) || (t.has(kCap) && t.lx(kOrgWord)) ||
            (!t.has(kCap) && t.lx(kOrgNoun)) ||
            (k + 1 == np.e && !det.empty() && t.lx(kOrgWord));  // the transport authority
      proper = proper || (t.has(kCap) && !t.lx(kStop | kDeterminer));
    }
    if (org || proper) {
      sp.ok = true;
      sp.resolved = true;  // an organisation or a name as written: nothing to resolve it to
      sp.name = std::string(s.range(np.b, np.e));
      if (org) people_.note_org(sp.name, s.toks[np.b].b);
      return sp;
    }
    return sp;
  }

  Attribution suffix(const Analyzed& a, std::size_t k, std::uint32_t quote_b) {
    const Sentence& s = a.s;
    const std::size_t hi = std::min(s.size(), k + 16);
    for (int n = 0; n < 2 && k < hi && (s.toks[k].is(',') || is_dash_char(s.toks[k].cp)); ++n) ++k;
    if (k >= hi || quoted(s.toks[k])) return {};
    if (report_verb(s, k, false)) {  // “…,” said Mayor Ann Lee
      const NP np = np_forward(s, k + 1, hi);
      if (np.empty()) return {};
      return fill(classify(a, np, quote_b), s.str(k));
    }
    const NP np = np_forward(s, k, hi);  // “…,” Kim said
    if (np.empty()) return {};
    std::size_t v = skip_forward(s, np.e, hi);
    Speaker sp;
    if (v < hi && s.toks[v].is(',')) {
      // “…,” the head librarian, Maria Olsen, said / “…,” Kim, who leads the party, said:
      // a person named between the commas speaks, else the phrase before them.
      const std::size_t lim = std::min(s.size(), v + 16);
      std::size_t c = v + 1;
      while (c < lim && !s.toks[c].is(',') && !quoted(s.toks[c])) ++c;
      if (c >= lim || !s.toks[c].is(',')) return {};
      const std::size_t w = skip_forward(s, c + 1, std::min(s.size(), c + 8));
      if (w >= s.size() || !report_verb(s, w, false)) return {};
      const NP inner = np_forward(s, v + 1, c);
      bool named = false;
      for (const PersonMention& m : a.persons) named = named || (m.tb >= v + 1 && m.te <= c);
      sp = classify(a, named && !inner.empty() ? inner : np, quote_b);
      v = w;
    } else {
      if (v >= hi || !report_verb(s, v, false)) return {};
      sp = classify(a, np, quote_b);
    }
    Attribution r = fill(sp, s.str(v));
    if (r.verb == "reported" || r.verb == "reports") r.via = r.speaker;
    return r;
  }

  Attribution prefix(const Analyzed& a, std::size_t open_tok, std::uint32_t quote_b) {
    const Sentence& s = a.s;
    const std::size_t lo = open_tok > 60 ? open_tok - 60 : 0;
    int tried = 0;
    for (std::size_t v = open_tok; v > lo && tried < 3; --v) {
      const std::size_t i = v - 1;
      if (!report_verb(s, i, true)) continue;
      ++tried;
      const std::string_view verb = s.str(i);
      if (ends_ing(verb) && i > 0 && s.toks[i - 1].is(',')) {
        // "…, calling it a “prelude to war”": the sentence's subject speaks.
        const Speaker sp = subject(a, quote_b);
        if (sp.ok) return fill(sp, verb);
        continue;
      }
      const NP np = speaker_before(s, i, lo);
      if (np.empty()) continue;
      const Speaker sp = classify(a, np, quote_b);
      if (sp.ok) return fill(sp, verb);
    }
    return {};
  }

  // The speaker's noun phrase before the reporting verb at i, over adverbs, a date and an
  // appositive between commas.
  static NP speaker_before(const Sentence& s, std::size_t i, std::size_t lo) {
    const std::size_t end = skip_back(s, i, lo);
    if (end > lo + 1 && s.is(end - 1, "who") && s.toks[end - 2].is(',')) {
      return np_back(s, end - 2, lo);  // "Mayor Andy Burnham, who has called for “…”"
    }
    if (end > lo && s.toks[end - 1].is(',')) {
      // "Lena Hart, who directs the centre, cautioned that …": the speaker is before the
      // appositive. "The leader's sister, Kim Yo-jong, said": the name between the commas is.
      for (std::size_t d = end - 1; d > lo && end - d < 24; --d) {
        if (!s.toks[d - 1].is(',')) continue;
        const Token& first = s.toks[d];
        const bool appositive = first.number() || s.is(d, "who") || s.is(d, "which") ||
                                s.is(d, "whose") || first.lx(kDeterminer) ||
                                (!first.has(kCap) && first.word());
        return appositive ? np_back(s, d - 1, lo) : np_back(s, end - 1, d);
      }
      return {};
    }
    return np_back(s, end, lo);
  }

  // Reported speech without quotation marks in sentence `a`, tried in this order:
  //   X [adverbs] VERB that …    "Kim warned that …", "Lee told reporters on Monday that …"
  //   X said/says/added … (no "that"), the clause right after the verb
  //   According to X, …          and "…, according to X."
  //   …, X said.                 the clause before a closing attribution
  // The verb must take a clause (said, warned, insisted…, not "called" or "accused"); the
  // clause must hold three words outside quotation marks and must not open with one (then it
  // is a quote). Who speaks is read and resolved as for quotes. At most one per sentence.
  bool statement(const Analyzed& a, Attribution& r, NP& clause) {
    const Sentence& s = a.s;
    const std::size_t n = std::min<std::size_t>(s.size(), 200);
    std::size_t last = n;  // the clause ends before the final punctuation
    while (last > 0 && s.toks[last - 1].punct() && !quoted(s.toks[last - 1]) &&
           !s.toks[last - 1].has(kQuoteMark) && !s.toks[last - 1].is(')')) {
      --last;
    }
    if (last == 0) return false;
    // "According to X, …" / "…, according to X."
    for (std::size_t i = 0; i + 2 < last; ++i) {
      if (!s.is(i, "according") || !s.is(i + 1, "to") || quoted(s.toks[i])) continue;
      std::size_t c = i + 2;
      while (c < last && c - i < 16 && !s.toks[c].is(',')) ++c;
      const bool opening = i == first_word(s) && c < last;
      const bool closing = i > 1 && s.toks[i - 1].is(',') && c >= last;
      if (!opening && !closing) continue;
      NP np = np_forward(s, i + 2, c);
      if (np.e > np.b + 1 && s.toks[np.e - 1].has(kPossessive) && s.is(np.e - 1, "'s")) {
        --np.e;  // "according to the council's summary": the council
      }
      if (np.empty()) continue;
      bool channel = false;
      for (std::size_t k = np.b; k < np.e; ++k) {
        channel = channel || (!s.toks[k].has(kCap) && s.toks[k].lx(kChannelNoun));
      }
      if (channel) continue;
      const NP said = opening ? NP{c + 1, last} : NP{first_word(s), i - 1};
      if (!clause_ok(s, said)) return false;
      Speaker sp = classify(a, np, s.toks[np.b].b);
      if (!sp.ok) return false;
      if (s.toks[np.e - 1].has(kPossessive) && s.toks[np.e - 1].word()) {
        // "according to the council's summary": the council speaks.
        for (std::string_view mark : {"'s", "\u2019s"}) {
          if (sp.name.size() > mark.size() && iends_with(sp.name, mark)) {
            sp.name.resize(sp.name.size() - mark.size());
          }
        }
      }
      r = fill(sp, "according to");
      clause = said;
      return true;
    }
    for (std::size_t i = 1; i < last && i < 120; ++i) {
      if (!clause_verb(s, i)) continue;
      const std::size_t hi = std::min(last, i + 10);
      std::size_t c = skip_forward(s, i + 1, hi);
      // "said 1,800 passengers …": a figure opens the clause, it is not skipped like a date.
      if (!s.is(c, "that") && i + 1 < last && (s.toks[i + 1].number() || s.toks[i + 1].punct())) {
        c = i + 1;
      }
      if (s.is(c, "that")) {
        ++c;
      } else if (object_verb(s.str(i))) {
        // "told reporters that", "warned Washington on Monday that"
        std::size_t j = c;
        while (j < hi && !s.is(j, "that") && !quoted(s.toks[j]) && !s.toks[j].is(',') &&
               !s.toks[j].lx(kAux)) {
          ++j;
        }
        if (!s.is(j, "that")) continue;
        c = j + 1;
      } else if (!bare_clause_verb(s.str(i)) || c >= last || !clause_start(s, c)) {
        continue;
      }
      const NP said{c, last};
      if (!clause_ok(s, said)) continue;
      NP np = speaker_before(s, i, 0);
      Speaker sp;
      if (np.empty() && i > 0 && s.is(skip_back(s, i, 0) - 1, "and")) {
        sp = subject(a, s.toks[i].b);  // "Kim accused NATO of … and said …"
      } else if (!np.empty()) {
        sp = classify(a, np, s.toks[np.b].b);
      }
      if (!sp.ok) continue;
      r = fill(sp, s.str(i));
      clause = said;
      return true;
    }
    // "…, X said." / "…, said X."
    for (std::size_t i = last; i > 2 && last - i < 10; --i) {
      const std::size_t v = i - 1;
      if (!report_verb(s, v, true) || !bare_clause_verb(s.str(v))) continue;
      bool closing = true;  // only a date, a channel or the like may follow the verb
      for (std::size_t j = v + 1; j < last; ++j) {
        closing = closing && !quoted(s.toks[j]) && !s.is(j, "that");
      }
      if (!closing) break;
      NP np = speaker_before(s, v, 0);
      if (np.empty() && v > 0 && s.toks[v - 1].is(',')) {
        np = np_forward(s, v + 1, last);  // "…, said the mayor."
        if (np.empty()) continue;
        const Speaker sp = classify(a, np, s.toks[v].b);
        if (!sp.ok) continue;
        const NP said{first_word(s), v - 1};
        if (!clause_ok(s, said)) return false;
        r = fill(sp, s.str(v));
        clause = said;
        return true;
      }
      if (np.empty()) continue;
      // The clause ends at the comma before the speaker (or its appositive).
      std::size_t ce = np.b;
      if (ce == 0 || !s.toks[ce - 1].is(',')) return false;
      --ce;
      // "…, its director, Jonas Quist, said.": the title before the name is no part of what
      // was said.
      for (std::size_t pc = ce; pc > 0 && ce - pc < 7; --pc) {
        if (!s.toks[pc - 1].is(',')) continue;
        if (pc - 1 > first_word(s) && appositive_title(s, pc, ce)) ce = pc - 1;
        break;
      }
      const NP said{first_word(s), ce};
      if (!clause_ok(s, said)) return false;
      const Speaker sp = classify(a, np, s.toks[np.b].b);
      if (!sp.ok) return false;
      r = fill(sp, s.str(v));
      clause = said;
      return true;
    }
    return false;
  }

  // Tokens [b, e) are a title standing before a name: "its director", "the union's
  // spokeswoman", "Acme's chief executive" — ending in a title or role word, with no verb.
  static bool appositive_title(const Sentence& s, std::size_t b, std::size_t e) {
    if (e <= b || e - b > 5) return false;
    const Token& head = s.toks[e - 1];
    if (!head.word() || !head.lx(kTitleHead | kRole)) return false;
    for (std::size_t k = b; k < e; ++k) {
      const Token& t = s.toks[k];
      if (!t.word() || quoted(t) || t.lx(kVerb | kLinkVerb | kReportVerb | kAux | kPronoun)) {
        return false;
      }
    }
    return true;
  }

  // "according to Kim Dong-myung" in tokens [lo, hi).
  Attribution according(const Analyzed& a, std::size_t lo, std::size_t hi, std::uint32_t quote_b) {
    const Sentence& s = a.s;
    for (std::size_t i = lo; i + 2 < hi; ++i) {
      if (!s.is(i, "according") || !s.is(i + 1, "to") || quoted(s.toks[i])) continue;
      const NP np = np_forward(s, i + 2, std::min(hi, i + 14));
      if (np.empty()) continue;
      bool channel = false;
      for (std::size_t k = np.b; k < np.e; ++k) {
        channel = channel || (!s.toks[k].has(kCap) && s.toks[k].lx(kChannelNoun));
      }
      if (channel) continue;
      const Speaker sp = classify(a, np, quote_b);
      if (sp.ok) return fill(sp, "according to");
    }
    return {};
  }

  // The subject of the sentence (after an opening adverbial "On Monday," / "Earlier,").
  Speaker subject(const Analyzed& a, std::uint32_t quote_b) {
    const Sentence& s = a.s;
    std::size_t k = 0;
    while (k < s.size() && k < 6 && (!s.toks[k].word() || quoted(s.toks[k]))) ++k;
    if (k >= s.size()) return {};
    const Token& t = s.toks[k];
    if ((t.lx(kPreposition | kAdverb | kStarter) && !t.lx(kDeterminer | kPronoun)) ||
        t.has(kUsed) || is_ly_adverb(s.str(t))) {
      std::size_t c = k;
      while (c < s.size() && c - k < 12 && !s.toks[c].is(',')) ++c;
      if (c >= s.size() || !s.toks[c].is(',')) return {};
      k = c + 1;
    }
    if (k >= s.size()) return {};
    const NP np = np_forward(s, k, std::min(s.size(), k + 12));
    if (np.empty() || s.toks[np.b].b >= quote_b) return {};
    return classify(a, np, quote_b);
  }

  // The channel a quote came through, in tokens [lo, hi); `agent` when it names who published.
  std::string via(const Sentence& s, std::size_t lo, std::size_t hi, bool& agent) const {
    static constexpr std::string_view kChannelVerbs[] = {
        "posted", "published", "released",    "issued", "carried", "cited", "quoted", "broadcast",
        "aired",  "run",       "distributed", "shared", "tweeted", "sent",  "read",   "reported"};
    for (std::size_t i = lo; i < hi; ++i) {
      if (!(s.is(i, "by") || s.is(i, "on")) || i == lo || quoted(s.toks[i])) continue;
      for (std::string_view v : kChannelVerbs) {
        if (s.is(i - 1, v)) {  // "posted by KCNA", "posted on Telegram"
          std::string x = agent_np(s, i + 1, hi);
          if (!x.empty()) {
            agent = true;
            return x;
          }
        }
      }
    }
    for (std::size_t i = lo; i < hi; ++i) {
      if (!s.is(i, "reported") || quoted(s.toks[i])) continue;
      std::string x = agent_np(s, i + 1, hi);  // ", reported Breitbart News"
      if (x.empty()) {
        const NP np = np_back(s, i, lo);  // ", KCNA reported"
        if (!np.empty() && s.toks[np.e - 1].has(kCap)) x = std::string(s.range(np.b, np.e));
      }
      if (!x.empty()) {
        agent = true;
        return x;
      }
    }
    for (std::size_t i = lo; i + 2 < hi; ++i) {
      if (!s.is(i, "in") || !s.toks[i + 1].lx(kDeterminer) || quoted(s.toks[i])) continue;
      std::size_t n = i + 2;
      if (n + 1 < hi && !s.toks[n].lx(kChannelNoun) && s.toks[n + 1].lx(kChannelNoun)) ++n;
      if (!s.toks[n].lx(kChannelNoun) || s.toks[n].has(kCap)) continue;
      while (n + 1 < hi && n - i < 5 && !s.toks[n + 1].has(kCap) &&
             s.toks[n + 1].lx(kChannelNoun)) {
        ++n;  // "a video address"
      }
      if (n + 1 < hi && (s.is(n + 1, "with") || s.is(n + 1, "to") || s.is(n + 1, "on"))) {
        std::string x = agent_np(s, n + 2, hi);
        if (!x.empty()) return x;
      }
      return std::string(s.range(i + 1, n + 1));  // "a statement"
    }
    for (std::size_t i = lo; i + 1 < hi; ++i) {
      if (!s.is(i, "told") || quoted(s.toks[i])) continue;
      std::size_t k = i + 1;
      const bool the = s.is(k, "the");
      if (the) ++k;
      // "told the BBC", "told The Guardian", "told Reuters"; not "told Kim" (a person).
      if (k < hi &&
          (s.toks[k].has(kAllCaps) || s.toks[k].lx(kOrgWord) || (the && s.toks[k].has(kCap)))) {
        std::string x = agent_np(s, i + 1, hi);
        if (!x.empty()) return x;
      }
    }
    for (std::size_t i = lo; i + 3 < hi; ++i) {
      if (!s.is(i, "according") || !s.is(i + 1, "to") || quoted(s.toks[i])) continue;
      if (s.toks[i + 2].lx(kDeterminer) && s.toks[i + 3].lx(kChannelNoun)) {
        return std::string(s.range(i + 2, i + 4));  // "according to a statement"
      }
    }
    return {};
  }

  // A publisher's name: capitalized words (and "of" between them) after an optional "the";
  // its acronym when one follows in parentheses: "the Korean Central News Agency (KCNA)".
  static std::string agent_np(const Sentence& s, std::size_t k, std::size_t hi) {
    if (k < hi && s.is(k, "the")) ++k;
    // "state news agency KCNA": a lowercase description before the name.
    std::size_t named = k;
    while (named < hi && named - k < 4 && s.toks[named].word() && !s.toks[named].has(kCap) &&
           !s.toks[named].lx(kStop | kPreposition | kVerb)) {
      ++named;
    }
    if (named > k && named < hi && s.toks[named].has(kCap)) k = named;
    std::size_t e = k;
    while (e < hi && e - k < 8) {
      const Token& t = s.toks[e];
      if (t.word() && t.has(kCap) && !quoted(t)) {
        ++e;
      } else if ((s.is(e, "of") || t.is('&')) && e > k && e + 1 < hi && s.toks[e + 1].has(kCap)) {
        ++e;
      } else {
        break;
      }
    }
    if (e == k) return {};
    if (e + 2 < hi && s.toks[e].is('(') && s.toks[e + 1].has(kAllCaps) && s.toks[e + 2].is(')')) {
      return std::string(s.str(e + 1));
    }
    return std::string(s.range(k, e));
  }

 private:
  Speaker resolved(int person, std::uint32_t pos, std::string_view title) {
    people_.note(static_cast<std::uint32_t>(person), pos);
    const PersonEntry& p = people_.person(static_cast<std::uint32_t>(person));
    Speaker sp;
    sp.ok = true;
    sp.resolved = true;
    sp.name = p.name;
    sp.title = title.empty() ? p.title : std::string(title);
    return sp;
  }

  static Attribution fill(const Speaker& sp, std::string_view verb) {
    Attribution r;
    if (!sp.ok) return r;
    r.found = true;
    r.resolved = sp.resolved;
    r.speaker = sp.name;
    r.title = sp.title;
    r.verb = lower(verb);
    return r;
  }

  PeopleIndex& people_;
};

// Verbs that report speech and take a "that" clause.
bool clause_verb(const Sentence& s, std::size_t i) {
  static constexpr std::string_view kVerbs[] = {
      "said",      "says",       "told",       "tells",      "asserted",     "asserts",
      "noted",     "notes",      "warned",     "warns",      "stressed",     "stresses",
      "added",     "adds",       "cautioned",  "cautions",   "claimed",      "claims",
      "declared",  "declares",   "insisted",   "insists",    "argued",       "argues",
      "wrote",     "writes",     "explained",  "explains",   "announced",    "announces",
      "stated",    "states",     "confirmed",  "confirms",   "denied",       "denies",
      "suggested", "suggests",   "predicted",  "predicts",   "promised",     "promises",
      "vowed",     "vows",       "pledged",    "pledges",    "acknowledged", "admitted",
      "admits",    "reiterated", "reiterates", "maintained", "maintains",    "contended",
      "alleged",   "alleges",    "conceded",   "concluded",  "reported",     "reports",
      "testified", "emphasized", "emphasised", "assured",    "informed",     "reminded",
      "revealed",  "disclosed",  "agreed",     "complained", "repeated",     "recalled"};
  static const WordSet kSet(kVerbs);
  const Token& t = s.toks[i];
  if (!t.word() || quoted(t) || (t.has(kCap) && i != first_word(s))) return false;
  return kSet.contains(s.str(t));
}

// Verbs whose clause may follow without "that": "Kim said the talks failed".
bool bare_clause_verb(std::string_view w) {
  static constexpr std::string_view kVerbs[] = {
      "said",    "says",     "added",     "adds",     "claimed",   "claims",  "insisted",
      "insists", "argued",   "argues",    "stated",   "wrote",     "writes",  "noted",
      "warned",  "stressed", "cautioned", "asserted", "explained", "conceded"};
  static const WordSet kSet(kVerbs);
  return kSet.contains(w);
}

// Verbs with an object before their "that" clause: "told reporters that".
bool object_verb(std::string_view w) {
  static constexpr std::string_view kVerbs[] = {"told",    "tells",    "warned",   "warns",
                                                "assured", "informed", "reminded", "reported"};
  static const WordSet kSet(kVerbs);
  return kSet.contains(w);
}

// Whether a clause can open at token c: a determiner, a pronoun, a name or a noun; not a
// preposition, a verb form, a quotation mark or punctuation ("said on", "said to be").
bool clause_start(const Sentence& s, std::size_t c) {
  const Token& t = s.toks[c];
  if (quoted(t)) return false;
  if (t.punct()) return t.cp == '$' || t.cp == 0x20AC || t.cp == 0xA3 || t.cp == 0xA5;  // "$5m"
  if (!(t.word() || t.number())) return false;
  if (t.number()) return true;
  if (t.lx(kPreposition | kAux | kReportVerb | kLinkVerb | kVerb)) return false;
  if (s.is(c, "so") || s.is(c, "nothing") || s.is(c, "goodbye") || s.is(c, "yes") ||
      s.is(c, "no") || s.is(c, "hello") || s.is(c, "sorry") || s.is(c, "thanks")) {
    return false;
  }
  return t.lx(kDeterminer | kPronoun) || t.has(kCap) || is_content_word(s, c);
}

// A clause worth a statement: three words outside quotation marks, not opening with a mark.
bool clause_ok(const Sentence& s, NP c) {
  if (c.empty() || c.e > s.size() || quoted(s.toks[c.b])) return false;
  std::size_t words = 0;
  for (std::size_t k = c.b; k < c.e && words < 3; ++k) {
    words += (s.toks[k].word() || s.toks[k].number()) && !quoted(s.toks[k]) ? 1 : 0;
  }
  return words >= 3;
}

// Whether an unquoted word comes before the quote: looked for among the 64 tokens before it;
// a quote further into a sentence is taken to follow words.
bool has_words_before(const Sentence& s, std::size_t open_tok) {
  const std::size_t lo = open_tok > 64 ? open_tok - 64 : 0;
  if (lo > 0) return true;
  for (std::size_t k = lo; k < open_tok && k < s.size(); ++k) {
    if ((s.toks[k].word() || s.toks[k].number()) && !quoted(s.toks[k])) return true;
  }
  return false;
}

}  // namespace

Attribution attribute_quote(const Analyzed& open, std::size_t open_tok, const Analyzed& close,
                            std::size_t close_tok, std::uint32_t quote_b, PeopleIndex& people) {
  Attributor at(people);
  open_tok = std::min(open_tok, open.s.size());
  const std::size_t after = close_tok < close.s.size() ? close_tok + 1 : close.s.size();
  Attribution r;
  if (after < close.s.size()) r = at.suffix(close, after, quote_b);
  if (r.found && (r.verb == "reported" || r.verb == "reports") && open_tok > 0) {
    // "Kim called it “an insult”, reported Harbour News": Kim speaks, the outlet is the channel.
    Attribution speaker = at.prefix(open, open_tok, quote_b);
    if (speaker.found) {
      speaker.via = r.speaker;
      r = speaker;
    }
  }
  if (!r.found && open_tok > 0) r = at.prefix(open, open_tok, quote_b);
  if (!r.found && open_tok > 0) {
    r = at.according(open, open_tok > 40 ? open_tok - 40 : 0, open_tok, quote_b);
  }
  if (!r.found && after < close.s.size()) {
    r = at.according(close, after, std::min(close.s.size(), after + 40), quote_b);
  }
  if (!r.found && has_words_before(open.s, open_tok)) {
    const Speaker sp = at.subject(open, quote_b);
    if (sp.ok) {
      r.found = true;
      r.resolved = sp.resolved;
      r.speaker = sp.name;
      r.title = sp.title;
    }
  }
  bool agent = false;
  std::string via;
  if (after < close.s.size()) {
    via = at.via(close.s, after, std::min(close.s.size(), after + 40), agent);
  }
  if (via.empty() && open_tok > 0) {
    via = at.via(open.s, open_tok > 40 ? open_tok - 40 : 0, open_tok, agent);
  }
  if (r.via.empty()) r.via = via;
  if (r.speaker.empty() && agent && !r.via.empty()) {
    r.speaker = r.via;  // "…,” according to a statement posted by KCNA": KCNA speaks
    r.resolved = true;
    r.found = true;
  }
  return r;
}

void find_statements(const Analyzed& a, PeopleIndex& people, std::vector<NewFact>& out) {
  const Sentence& s = a.s;
  if (s.size() < 5 || s.headline) return;
  Attributor at(people);
  Attribution r;
  NP c;
  if (!at.statement(a, r, c)) return;
  // A closing ", reported X" / ", according to X" / ", X said" names the channel or the
  // speaker again; it is not part of what was said.
  for (std::size_t k = c.e; k > c.b + 3 && c.e - k < 12; --k) {
    if (!s.toks[k - 1].is(',') || quoted(s.toks[k - 1])) continue;
    bool tail = false;
    for (std::size_t j = k; j < c.e; ++j) {
      tail = tail || s.is(j, "according") || report_verb(s, j, true);
    }
    if (tail) c.e = k - 1;
    break;
  }
  bool agent = false;
  r.via = at.via(s, 0, std::min<std::size_t>(s.size(), 200), agent);
  if (r.via == r.speaker) r.via.clear();
  NewFact f;
  f.kind = "statement";
  f.span = {s.toks[c.b].b, s.toks[c.e - 1].e};
  f.fields.reserve(6);
  f.fields.emplace_back("text", std::string(s.range(c.b, c.e)));
  f.fields.emplace_back("speaker", r.speaker);
  if (!r.title.empty()) f.fields.emplace_back("speaker_title", r.title);
  f.fields.emplace_back("verb", r.verb);
  if (!r.via.empty()) f.fields.emplace_back("via", r.via);
  f.fields.emplace_back("resolved", r.resolved);
  out.push_back(std::move(f));
}

}  // namespace verity::extract
