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
  bool unresolved = false;  // "he said" with nobody to point to: found, but no speaker
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
        sp.name = it->name;
        sp.title = it->title.empty() ? people_.person(it->person).title : it->title;
        return sp;
      }
    }
    if (np.e - np.b == 1 && s.toks[np.b].lx(kPronoun)) {
      const Gender g = s.is(np.b, "he")    ? Gender::male
                       : s.is(np.b, "she") ? Gender::female
                                           : Gender::unknown;
      if (g == Gender::unknown) {
        sp.unresolved = true;  // it, they, we: no person to point to
        return sp;
      }
      const int p = people_.nearest(cutoff, g);
      if (p < 0) {
        sp.unresolved = true;
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
      sp.name = std::string(s.range(np.b, np.e));
      sp.title = role;
      return sp;
    }
    bool org = false, proper = false;
    for (std::size_t k = np.b; k < np.e; ++k) {
      const Token& t = s.toks[k];
      org = org || t.has(kAllCaps | kDotted) || (t.has(kCap) && t.lx(kOrgWord)) ||
            (!t.has(kCap) && t.lx(kOrgNoun));
      proper = proper || (t.has(kCap) && !t.lx(kStop | kDeterminer));
    }
    if (org || proper) {
      sp.ok = true;
      sp.name = std::string(s.range(np.b, np.e));
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
      const std::size_t end = skip_back(s, i, lo);
      NP np;
      if (end > lo + 1 && s.is(end - 1, "who") && s.toks[end - 2].is(',')) {
        np = np_back(s, end - 2, lo);  // "Mayor Andy Burnham, who has called for “…”"
      } else if (end > lo && s.toks[end - 1].is(',')) {
        // "Lena Hart, who directs the centre, cautioned that …": the speaker is before the
        // appositive. "The leader's sister, Kim Yo-jong, said": the name between the commas is.
        for (std::size_t d = end - 1; d > lo && end - d < 24; --d) {
          if (!s.toks[d - 1].is(',')) continue;
          const Token& first = s.toks[d];
          const bool appositive = first.number() || s.is(d, "who") || s.is(d, "which") ||
                                  s.is(d, "whose") || first.lx(kDeterminer) ||
                                  (!first.has(kCap) && first.word());
          np = appositive ? np_back(s, d - 1, lo) : np_back(s, end - 1, d);
          break;
        }
      } else {
        np = np_back(s, end, lo);
      }
      if (np.empty()) continue;
      const Speaker sp = classify(a, np, quote_b);
      if (sp.ok || sp.unresolved) return fill(sp, verb);
    }
    return {};
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
    sp.name = p.name;
    sp.title = title.empty() ? p.title : std::string(title);
    return sp;
  }

  static Attribution fill(const Speaker& sp, std::string_view verb) {
    Attribution r;
    if (!sp.ok && !sp.unresolved) return r;
    r.found = true;
    r.speaker = sp.name;
    r.title = sp.title;
    r.verb = lower(verb);
    return r;
  }

  PeopleIndex& people_;
};

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
    r.found = true;
  }
  return r;
}

}  // namespace verity::extract
