// Figure finding (see extract_figures.hpp). At each token: an optional currency, a number in
// digits or words, a scale, then a unit; a qualifier is looked for before, a subject after or
// before. Values are computed from an integer mantissa and a power of ten, so "$14.5 billion"
// is exactly 14500000000. Every look around a number is bounded to a few dozen tokens.
#include "engine/extract_figures.hpp"

#include <array>
#include <optional>

#include "engine/extract_lexicon.hpp"
#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

struct Range {
  std::size_t b = 0, e = 0;
  bool empty() const { return b >= e; }
};

struct Num {
  bool ok = false;
  std::uint64_t mantissa = 0;
  int decimals = 0;
  int scale = 0;
  std::size_t e = 0;  // the token after the number
  bool words = false;
  bool year_like = false;
  std::string unit;  // from an attached suffix: 10km
};

struct Qualifier {
  std::size_t b = 0;
  std::string text;
  bool approx = false;
};

double value_of(const Num& n) {
  const int exp = n.scale - n.decimals;
  double v = static_cast<double>(n.mantissa);
  if (exp >= 0) {
    for (int k = 0; k < exp; ++k) v *= 10;
  } else {
    double d = 1;
    for (int k = 0; k < -exp; ++k) d *= 10;
    v /= d;
  }
  return v;
}

bool ends_ed(std::string_view w) {
  return w.size() >= 5 && iends_with(w, "ed") && !iends_with(w, "eed");
}

bool ends_ing(std::string_view w) {
  static constexpr std::array<std::string_view, 16> kNouns = {
      "building", "meeting", "morning",  "evening", "ceiling", "wedding",  "hearing", "briefing",
      "ruling",   "sibling", "painting", "opening", "bombing", "shooting", "killing", "crossing"};
  if (w.size() < 5 || !iends_with(w, "ing")) return false;
  for (std::string_view n : kNouns) {
    if (iequals(w, n)) return false;
  }
  return true;
}

int currency_symbol(char32_t c) {
  switch (c) {
    case '$':
      return 1;
    case 0x20AC:
      return 2;
    case 0xA3:
      return 3;
    case 0xA5:
      return 4;
    case 0x20A9:
      return 5;
    case 0x20B9:
      return 8;
    case 0x20BD:
      return 7;
    default:
      return 0;
  }
}

class FigureFinder {
 public:
  FigureFinder(Sentence& s, std::vector<NewFact>& out) : s_(s), out_(out) {}

  void run() {
    for (std::size_t i = 0; i < s_.size();) {
      const std::size_t next = at(i);
      i = next > i ? next : i + 1;
    }
  }

 private:
  const Token* tok(std::size_t i) const { return i < s_.size() ? &s_.toks[i] : nullptr; }
  bool usable(std::size_t i) const { return i < s_.size() && !s_.toks[i].has(kUsed); }

  // Tries a figure starting at token i; returns the token to continue from.
  std::size_t at(std::size_t i) {
    if (!usable(i)) return i + 1;
    std::size_t start = i, ni = i;
    int cur = currency_before(i, start, ni);
    Num num;
    const Token& t = s_.toks[ni];
    std::uint64_t compound = 0;
    if (t.number()) {
      std::size_t skip_to = 0;
      if (!digits(ni, cur != 0, num, skip_to)) return std::max(skip_to, ni + 1);
    } else if (cur == 0 && t.word() &&
               (t.lx(kNumberWord) || s_.is(ni, "a") || s_.is(ni, "an") ||
                (t.has(kHyphenated) && hyphenated_number(s_.str(t), compound)))) {
      num = number_words(ni);
      if (!num.ok) return i + 1;
    } else {
      return i + 1;
    }
    // Scale: "14.5 billion", "$5m".
    if (const Token* sc = tok(num.e); sc != nullptr && sc->word() && !sc->has(kUsed) &&
                                      (sc->lx(kScale) || (cur != 0 && sc->lx(kScaleMoney)))) {
      num.scale += sc->lex->scale;
      ++num.e;
      num.year_like = false;
    }
    // A range: "10 to 15", "10-15%", "between 10 and 15", "$10-15 million".
    Num high;
    const bool range = range_after(start, cur, num, high);
    if (range && start > 0 && s_.is(start - 1, "between")) --start;
    std::size_t fe = num.e;  // end of the figure's tokens
    std::string unit = num.unit;
    bool percent = false;
    if (cur == 0 && unit.empty()) {
      if (const Token* u = tok(fe); u != nullptr && !u->has(kUsed)) {
        if (u->is('%')) {
          percent = true;
          ++fe;
        } else if (s_.is(fe, "percent") || s_.is(fe, "pct")) {
          percent = true;
          ++fe;
        } else if (s_.is(fe, "per") && s_.is(fe + 1, "cent")) {
          percent = true;
          fe += 2;
        } else if (s_.is(fe, "percentage") && (s_.is(fe + 1, "point") || s_.is(fe + 1, "points"))) {
          unit = "percentage point";
          fe += 2;
        } else if (u->word() && !u->has(kCap) && u->lx(kCurrencyWord)) {
          cur = u->lex->currency;
          ++fe;
        } else if ((s_.is(fe, "us") || s_.is(fe, "u.s.")) && tok(fe + 1) != nullptr &&
                   s_.is(fe + 1, "dollars")) {
          cur = 1;
          fe += 2;
        } else if (u->word() && u->has(kAllCaps) && u->lx(kCurrencyCode)) {
          cur = u->lex->currency;
          ++fe;
        }
      }
    }
    if (percent) unit = "percent";
    if (cur != 0) unit = std::string(currency_code(static_cast<unsigned>(cur)));
    // A counted noun phrase: "31 advanced main battle tanks", "two of the workers"; a unit of
    // measure is the unit by itself ("30 km south" → km, not "km south").
    Range subject;
    if (unit.empty() && measure_unit(fe)) {
      unit = singular(lower(s_.str(fe)));
      subject = {fe, fe + 1};
      ++fe;
    } else if (unit.empty()) {
      subject = counted_np(fe);
      if (!subject.empty()) {
        unit = singular(lower(s_.str(subject.e - 1)));
        fe = subject.e;
      } else if (s_.is(fe, "of") && tok(fe + 1) != nullptr && s_.toks[fe + 1].lx(kDeterminer)) {
        const Range np = counted_np(fe + 2);
        if (!np.empty() && iends_with(s_.str(np.e - 1), "s")) {
          unit = singular(lower(s_.str(np.e - 1)));
          subject = {fe + 1, np.e};
          fe = np.e;
        }
      }
    }
    const bool scaled = num.scale > 0;
    if (num.words && unit.empty() && !range && num.mantissa < 1000) return num.e;  // "the two said"
    if (num.words && num.mantissa == 1 && !scaled && !percent && cur == 0)
      return fe;  // "one official"
    const Qualifier q = qualifier(start);
    if (num.year_like && cur == 0 && !percent && !scaled && q.text.empty()) return fe;  // 2024
    const std::size_t fb = q.text.empty() ? start : q.b;
    if (subject.empty()) subject = value_subject(fb, fe, cur != 0, percent);
    emit(fb, fe, value_of(num), range ? std::optional<double>(value_of(high)) : std::nullopt, unit,
         q, subject);
    return fe;
  }

  // A currency written before the number: $ € £ ¥ ₩ (with US$, A$, HK$…) or a code (USD 5).
  // Returns its index and sets where the figure starts and where the number is.
  int currency_before(std::size_t i, std::size_t& start, std::size_t& ni) const {
    const Token& t = s_.toks[i];
    const Token* n = tok(i + 1);
    if (n == nullptr || !n->number() || n->has(kUsed)) return 0;
    if (t.punct()) {
      int c = currency_symbol(t.cp);
      if (c == 0) return 0;
      start = i;
      ni = i + 1;
      if (c == 1 && i > 0 && s_.toks[i - 1].word() && s_.toks[i - 1].e == t.b) {
        const std::string_view p = s_.str(i - 1);
        struct Prefix {
          std::string_view text;
          int currency;
        };
        static constexpr Prefix kPrefixes[] = {{"us", 1},  {"u.s.", 1}, {"a", 10},
                                               {"au", 10}, {"c", 11},   {"ca", 11},
                                               {"hk", 13}, {"nz", 15},  {"s", 14}};
        for (const Prefix& pr : kPrefixes) {
          if (iequals(p, pr.text)) {
            c = pr.currency;
            start = i - 1;
          }
        }
      }
      return c;
    }
    if (t.word() && t.has(kAllCaps) && t.lx(kCurrencyCode)) {
      start = i;
      ni = i + 1;
      return t.lex->currency;
    }
    return 0;
  }

  // Digits at token ni, with the checks that tell a figure from a year, a time, an ordinal, a
  // phone number or an identifier. False when it is not a figure; skip_to is then where to go on.
  bool digits(std::size_t ni, bool money, Num& num, std::size_t& skip_to) {
    const Token& t = s_.toks[ni];
    skip_to = ni + 1;
    if (t.has(kTime)) return false;
    const std::string_view w = s_.str(t);
    std::string_view body = w;
    if (t.has(kNumSuffix)) {
      body = w.substr(0, t.suffix);
      const std::string suf = lower(w.substr(t.suffix));
      const LexEntry& lex = lex_lookup(suf);
      if (lex.has(kScale) || (money && lex.has(kScaleMoney)) || suf == "k") {
        num.scale = lex.scale;  // "650k contracts": k is a thousand even without money
      } else if (unit_suffix(suf)) {
        num.unit = suf;
      } else {
        return false;  // 1st, 1990s, 5pm, 5G
      }
    }
    if (!parse_digits(body, num)) return false;
    num.e = ni + 1;
    // Glued to what precedes: an identifier (MH17 is one word; "#5", "+1", "v.2").
    if (!t.has(kSpaceBefore) && ni > 0) {
      const Token& p = s_.toks[ni - 1];
      const bool opener = p.is('(') || p.is('[') || p.has(kQuoteMark) || is_quote_char(p.cp) ||
                          currency_symbol(p.cp) != 0 || (p.word() && p.lx(kCurrencyCode));
      if (!opener) return false;
      if (p.is('(') && tok(ni + 1) != nullptr && s_.toks[ni + 1].is(')') && body.size() == 3) {
        return false;  // (202) 555-0100
      }
    }
    // Glued to what follows: a range, a score, a phone number, a fraction (3-2, 555-0100, 1/2).
    if (const Token* n = tok(ni + 1); n != nullptr && !n->has(kSpaceBefore) &&
                                      (is_dash_char(n->cp) || n->is('/') || n->is('.'))) {
      const Token* m = tok(ni + 2);
      if (m != nullptr && !m->has(kSpaceBefore) && m->number() && is_dash_char(n->cp) &&
          glued_range(ni, money)) {
        // "10-15%": the caller reads the range's upper end.
      } else if (m != nullptr && !m->has(kSpaceBefore) && m->number()) {
        std::size_t k = ni + 2;
        while (k + 2 < s_.size() && !s_.toks[k + 1].has(kSpaceBefore) &&
               (is_dash_char(s_.toks[k + 1].cp) || s_.toks[k + 1].is('/')) &&
               s_.toks[k + 2].number() && k - ni < 12) {
          k += 2;
        }
        skip_to = k + 1;
        return false;
      }
      if (m != nullptr && !m->has(kSpaceBefore) && m->word() && is_dash_char(n->cp) && !num.words &&
          num.unit.empty() && !money) {
        // "a 14-month project": the unit is the first part of the compound.
        const std::string_view u = s_.str(*m);
        std::size_t cut = 0;
        while (cut < u.size() && u[cut] != '-') ++cut;
        num.unit = singular(lower(u.substr(0, cut)));
        num.e = ni + 3;
      }
    }
    // Before it: an identifier's name ("Article 5", "No. 10", "Flight 370", "Boeing 737").
    if (ni > 0 && !money) {
      std::size_t p = ni - 1;
      if (s_.toks[p].is('.') && p > 0) --p;
      const Token& pw = s_.toks[p];
      if (pw.word() && pw.lx(kIdentPrefix)) return false;
      if (pw.word() && pw.has(kCap) && p + 1 == ni && !pw.has(kUsed) && p != first_word() &&
          !pw.lx(kStarter | kTitleHead | kDeterminer | kPreposition | kCurrencyCode |
                 kNationality)) {
        const Token* n = tok(ni + 1);
        if (n == nullptr || !(n->is('%') || (n->word() && n->lx(kScale)))) return false;
      }
    }
    const bool plain = !t.has(kHasComma | kHasDecimal | kNumSuffix);
    if (plain && !money && body.size() >= 7) return false;          // a phone number or an ID
    if (plain && body.size() >= 2 && body[0] == '0') return false;  // 0958: a digit group
    // Groups of digits in a row ("+44 20 7946 0958") are a phone number, not figures.
    if (!money && ((ni > 0 && s_.toks[ni - 1].number()) ||
                   (tok(ni + 1) != nullptr && s_.toks[ni + 1].number()))) {
      std::size_t k = ni + 1;
      while (k < s_.size() && s_.toks[k].number() && k - ni < 12) ++k;
      skip_to = k;
      return false;
    }
    num.year_like = plain && body.size() == 4 && num.mantissa >= 1800 && num.mantissa <= 2100;
    return true;
  }

  static bool unit_suffix(std::string_view suf) {
    static constexpr std::string_view kUnits[] = {"km",  "kg",  "mph", "ft",  "cm", "mm",  "mi",
                                                  "lb",  "lbs", "mw",  "gw",  "kw", "kwh", "mwh",
                                                  "gwh", "bpd", "ml",  "kmh", "sq"};
    for (std::string_view u : kUnits) {
      if (suf == u) return true;
    }
    return false;
  }

  // The upper end of a range at token k: digits with an optional scale or unit suffix, not
  // followed by more glued digits (a phone number, a date, a time).
  bool range_end(std::size_t k, bool money, Num& b) const {
    const Token* t = tok(k);
    if (t == nullptr || !t->number() || t->has(kUsed | kTime)) return false;
    const std::string_view w = s_.str(*t);
    std::string_view body = w;
    if (t->has(kNumSuffix)) {
      body = w.substr(0, t->suffix);
      const std::string suf = lower(w.substr(t->suffix));
      const LexEntry& lex = lex_lookup(suf);
      if (lex.has(kScale) || (money && lex.has(kScaleMoney))) {
        b.scale = lex.scale;
      } else if (unit_suffix(suf)) {
        b.unit = suf;
      } else {
        return false;
      }
    }
    if (!parse_digits(body, b)) return false;
    if (const Token* n = tok(k + 1); n != nullptr && !n->has(kSpaceBefore) &&
                                     (is_dash_char(n->cp) || n->is('/') || n->is(':'))) {
      return false;
    }
    b.e = k + 1;
    b.year_like = !t->has(kHasComma | kHasDecimal | kNumSuffix) && body.size() == 4 &&
                  b.mantissa >= 1800 && b.mantissa <= 2100;
    return true;
  }

  // "10-15" written as one word is a range only with something measured after it ("10-15%",
  // "$10-15 million", "20-30 people"); otherwise it is a score or a code (3-2, 555-0100).
  bool glued_range(std::size_t ni, bool money) const {
    Num a, b;
    const Token& t = s_.toks[ni];
    if (t.has(kNumSuffix) || !parse_digits(s_.str(t), a) || !range_end(ni + 2, money, b)) {
      return false;
    }
    if (s_.str(ni + 2)[0] == '0' || value_of(b) <= value_of(a)) return false;
    if (s_.str(t).size() == 4 && a.mantissa >= 1800 && a.mantissa <= 2100) return false;
    if (money || b.scale > 0 || !b.unit.empty()) return true;
    const Token* u = tok(ni + 3);
    if (u == nullptr || u->has(kUsed)) return false;
    if (u->is('%') || s_.is(ni + 3, "percent") || (s_.is(ni + 3, "per") && s_.is(ni + 4, "cent")) ||
        (u->word() && (u->lx(kScale) || (!u->has(kCap) && u->lx(kCurrencyWord))))) {
      return true;
    }
    // a counted plural: "20-30 people", but not "a 3-2 win"
    if (ni > 0 && s_.toks[ni - 1].word() && s_.toks[ni - 1].lx(kDeterminer)) return false;
    if (!u->word() || u->has(kCap) || !is_content_word(s_, ni + 3)) return false;
    const std::string w = lower(s_.str(*u));
    return singular(w) != w;
  }

  // A range after the number `a` (its scale read): "to", a dash, or "and" after "between",
  // then the upper end with its own scale. "from 10 to 15" is a change, not a range: no.
  // A scale written only after the upper end applies to both ("10 to 15 million") when the
  // lower end is the smaller number as written ("500,000 to 1 million" keeps its own).
  bool range_after(std::size_t start, int cur, Num& a, Num& b) const {
    const std::size_t k = a.e;
    const Token* sep = tok(k);
    if (sep == nullptr || sep->has(kUsed)) return false;
    const bool between = start > 0 && s_.is(start - 1, "between");
    const bool dash = sep->punct() && is_dash_char(sep->cp);
    if (!dash && !s_.is(k, "to") && !(between && s_.is(k, "and"))) return false;
    if (start > 0 && s_.is(start - 1, "from")) return false;
    std::size_t bk = k + 1;
    const Token* bt = tok(bk);
    if (bt == nullptr) return false;
    if (cur != 0 && bt->punct() && currency_symbol(bt->cp) != 0) bt = tok(++bk);  // $10 to $15
    if (bt == nullptr || bt->has(kUsed)) return false;
    if (a.words) {
      if (!bt->word() || !bt->lx(kNumberWord)) return false;
      b = number_words(bk);
      if (!b.ok) return false;
      // "ten to fifteen thousand": the scale word of the upper end applies to both.
      const Token& last = s_.toks[b.e - 1];
      if (last.lx(kScale) && last.lex->scale >= 3 && a.mantissa > 0) {
        std::uint64_t mult = 1;
        for (int p = 0; p < last.lex->scale; ++p) mult *= 10;
        if (a.mantissa < b.mantissa / mult) a.mantissa *= mult;
      }
    } else if (!range_end(bk, cur != 0, b)) {
      return false;
    }
    if (const Token* sc = tok(b.e); sc != nullptr && sc->word() && !sc->has(kUsed) &&
                                    (sc->lx(kScale) || (cur != 0 && sc->lx(kScaleMoney)))) {
      b.scale += sc->lex->scale;
      ++b.e;
    }
    if (a.scale == 0 && b.scale > 0) {
      Num plain = b;
      plain.scale = 0;
      if (value_of(a) < value_of(plain)) a.scale = b.scale;
    }
    if ((a.year_like || b.year_like) && cur == 0 && a.scale == 0) return false;
    if (value_of(b) <= value_of(a)) return false;
    if (a.unit.empty()) a.unit = b.unit;
    a.e = b.e;
    a.year_like = false;
    return true;
  }

  std::size_t first_word() const {
    for (std::size_t i = 0; i < s_.size() && i < 4; ++i) {
      if (s_.toks[i].word()) return i;
    }
    return s_.size();
  }

  static bool parse_digits(std::string_view w, Num& num) {
    std::uint64_t m = 0;
    int digits = 0, after = 0, dots = 0;
    std::size_t group = 0, commas = 0;
    bool frac = false;
    for (std::size_t k = 0; k < w.size(); ++k) {
      const char c = w[k];
      if (c >= '0' && c <= '9') {
        if (++digits > 18) return false;
        m = m * 10 + static_cast<std::uint64_t>(c - '0');
        if (frac) {
          ++after;
        } else {
          ++group;
        }
      } else if (c == ',') {
        if (frac || (commas == 0 ? group > 3 : group != 3)) return false;
        ++commas;
        group = 0;
      } else if (c == '.') {
        if (++dots > 1) return false;
        if (commas > 0 && group != 3) return false;
        frac = true;
      } else {
        return false;
      }
    }
    if (commas > 0 && !frac && group != 3) return false;
    num.ok = true;
    num.mantissa = m;
    num.decimals = after;
    return true;
  }

  // one … ninety, thirty-one, two hundred, a dozen, a million, one hundred and twenty.
  Num number_words(std::size_t i) const {
    Num num;
    std::uint64_t total = 0, cur = 0;
    bool any = false;
    std::size_t k = i;
    if (s_.is(k, "a") || s_.is(k, "an")) {
      const Token* n = tok(k + 1);
      if (n == nullptr || !(n->lx(kScale) || s_.is(k + 1, "dozen") || s_.is(k + 1, "hundred"))) {
        return num;
      }
      cur = 1;
      ++k;
    }
    while (k < s_.size() && k - i < 8) {
      const Token& t = s_.toks[k];
      if (!t.word() || t.has(kUsed)) break;
      if (t.has(kHyphenated) && !t.lx(kNumberWord)) {
        std::uint64_t v = 0;
        if (!hyphenated_number(s_.str(t), v)) break;
        cur += v;
        any = true;
      } else if (t.lx(kNumberWord)) {
        const std::uint64_t v = static_cast<std::uint64_t>(t.lex->number);
        if (s_.is(k, "hundred")) {
          cur = (cur != 0 ? cur : 1) * 100;
        } else if (s_.is(k, "dozen")) {
          cur = (cur != 0 ? cur : 1) * 12;
        } else {
          if (any && cur % 100 != 0 && cur % 10 != 0) break;  // "two three"
          if (any && cur % 100 == 0 && cur != 0 && v >= 100) break;
          cur += v;
        }
        any = true;
      } else if (t.lx(kScale) && (any || cur != 0) && t.lex->scale >= 3) {
        std::uint64_t mult = 1;
        for (int p = 0; p < t.lex->scale; ++p) mult *= 10;
        total += (cur != 0 ? cur : 1) * mult;
        cur = 0;
        any = true;
      } else if (s_.is(k, "and") && any && tok(k + 1) != nullptr &&
                 s_.toks[k + 1].lx(kNumberWord) &&
                 ((cur >= 100 && cur % 100 == 0) || (cur == 0 && total > 0))) {
        // one hundred and twenty
      } else {
        break;
      }
      ++k;
    }
    if (!any) return num;
    num.ok = true;
    num.words = true;
    num.mantissa = total + cur;
    num.e = k;
    return num;
  }

  static bool hyphenated_number(std::string_view w, std::uint64_t& v) {
    const std::size_t dash = w.find('-');
    if (dash == std::string_view::npos) return false;
    const LexEntry& a = lex_of(w.substr(0, dash));
    const LexEntry& b = lex_of(w.substr(dash + 1));
    if (!a.has(kNumberWord) || !b.has(kNumberWord)) return false;
    if (a.number < 20 || a.number % 10 != 0 || b.number < 1 || b.number > 9) return false;
    v = static_cast<std::uint64_t>(a.number + b.number);
    return true;
  }

  // "more than", "at least", "about"… right before the figure.
  Qualifier qualifier(std::size_t start) const {
    struct Q {
      std::string_view w1, w2, w3;
      bool approx;
    };
    static constexpr Q kQualifiers[] = {
        {"as", "many", "as", true},      {"as", "much", "as", true},    {"as", "few", "as", false},
        {"as", "little", "as", false},   {"in", "excess", "of", false}, {"more", "than", {}, false},
        {"less", "than", {}, false},     {"fewer", "than", {}, false},  {"up", "to", {}, true},
        {"at", "least", {}, false},      {"at", "most", {}, false},     {"close", "to", {}, true},
        {"just", "over", {}, true},      {"just", "under", {}, true},   {"well", "over", {}, true},
        {"upwards", "of", {}, true},     {"an", "estimated", {}, true}, {"about", {}, {}, true},
        {"around", {}, {}, true},        {"nearly", {}, {}, true},      {"almost", {}, {}, true},
        {"approximately", {}, {}, true}, {"roughly", {}, {}, true},     {"some", {}, {}, true},
        {"over", {}, {}, true},          {"under", {}, {}, false},      {"below", {}, {}, false},
        {"above", {}, {}, false},        {"circa", {}, {}, true},       {"approx", {}, {}, true},
        {"estimated", {}, {}, true}};
    Qualifier q;
    if (start == 0 || !s_.toks[start - 1].word() || s_.toks[start - 1].has(kUsed)) return q;
    for (const Q& c : kQualifiers) {
      const std::size_t n = c.w3.empty() ? (c.w2.empty() ? 1 : 2) : 3;
      if (start < n) continue;
      const std::size_t b = start - n;
      bool ok = s_.is(b, c.w1) && (n < 2 || s_.is(b + 1, c.w2)) && (n < 3 || s_.is(b + 2, c.w3));
      for (std::size_t k = b; ok && k < start; ++k) ok = !s_.toks[k].has(kUsed);
      if (!ok) continue;
      q.b = b;
      q.approx = c.approx;
      q.text = lower(s_.range(b, start));
      return q;
    }
    return q;
  }

  // A unit of measure written as a word after the number: km, miles, tonnes, hectares…
  bool measure_unit(std::size_t k) const {
    static constexpr std::string_view kMeasures[] = {
        "km",        "kms",       "kilometres",  "kilometers",  "kilometre",   "kilometer",
        "mile",      "miles",     "metre",       "metres",      "meter",       "meters",
        "cm",        "mm",        "centimetres", "centimeters", "millimetres", "millimeters",
        "ft",        "feet",      "foot",        "inch",        "inches",      "yard",
        "yards",     "kg",        "kgs",         "kilograms",   "kilogrammes", "kilos",
        "gram",      "grams",     "tonne",       "tonnes",      "ton",         "tons",
        "lb",        "lbs",       "litre",       "litres",      "liter",       "liters",
        "gallon",    "gallons",   "barrel",      "barrels",     "acre",        "acres",
        "hectare",   "hectares",  "mph",         "kph",         "km/h",        "knots",
        "degrees",   "mw",        "gw",          "kw",          "kwh",         "mwh",
        "megawatts", "gigawatts", "kilowatts",   "sq",          "square"};
    const Token* t = tok(k);
    if (t == nullptr || !t->word() || t->has(kUsed)) return false;
    if (t->has(kCap) && !t->has(kAllCaps)) return false;  // "Miles" opens a name; "MW" is a unit
    if (s_.is(k, "square")) return false;                 // "square kilometres": read as a phrase
    for (std::string_view m : kMeasures) {
      if (s_.is(k, m)) return true;
    }
    return false;
  }

  bool next_is_noun_like(std::size_t k) const {
    const Token* t = tok(k);
    return t != nullptr && t->word() && !t->has(kCap | kUsed) && is_content_word(s_, k) &&
           !t->lx(kVerb | kLinkVerb | kReportVerb);
  }

  static bool direction(std::string_view w) {
    static constexpr std::string_view kDirections[] = {
        "north",     "south",      "east",       "west",       "northeast",  "northwest",
        "southeast", "southwest",  "north-east", "north-west", "south-east", "south-west",
        "upstream",  "downstream", "offshore",   "inland",     "away",       "apart"};
    for (std::string_view d : kDirections) {
      if (iequals(w, d)) return true;
    }
    return false;
  }

  // The noun phrase a number counts: up to six words ending at the last lowercase noun-like
  // word ("advanced main battle tanks"); a participle is a modifier only before another word,
  // and after the head it is the verb ("40 firefighters battled flames"); a word of the verb
  // lists ("fought", "struck", "use") or a direction ("south") ends the phrase.
  Range counted_np(std::size_t k) const {
    constexpr std::uint64_t kStops = kStop | kPreposition | kAux | kPronoun | kDeterminer | kVerb |
                                     kReportVerb | kTimeWord | kRelativeDay | kMonth | kWeekday |
                                     kScale | kQualifier | kLinkVerb;
    std::size_t m = k, last = kNone;
    while (m < s_.size() && m - k < 6) {
      const Token& t = s_.toks[m];
      if (!t.word() || t.has(kUsed | kPossessive | kQuoteMark | kInName)) break;
      const std::string_view w = s_.str(t);
      // A participle before the counted plural is its modifier even when it is a verb of the
      // lists: "40 registered voters", "12 injured people".
      if (last == kNone && m + 1 < s_.size() && !t.has(kCap) && ends_ed(w) &&
          next_is_noun_like(m + 1) && is_plural(s_.str(m + 1))) {
        ++m;
        continue;
      }
      if (t.lx(kStops)) break;
      if (t.has(kHasDigit)) {
        // a model as a modifier: "F-16 jets"
      } else if (!t.has(kCap)) {
        if (is_ly_adverb(w) || direction(w)) break;
        // After the head, a participle that modifies nothing is the verb: "40 firefighters
        // battled flames", "12 cars parked outside" ("modern armoured vehicles" goes on).
        if (last != kNone && (ends_ed(w) || ends_ing(w)) &&
            (is_plural(s_.str(last)) || !next_is_noun_like(m + 1))) {
          break;
        }
        // After a plural only another plural goes on: "job cuts", not "residents spoke".
        if (last != kNone && last + 1 == m && is_plural(s_.str(last)) && !is_plural(w)) break;
        if (!ends_ed(w) && !ends_ing(w)) last = m;
      } else if (t.has(kAllCaps)) {
        break;
      }
      ++m;
    }
    if (last == kNone) return {k, k};
    return {k, last + 1};
  }

  // A determiner (optional) and a counted noun phrase: "the vote", "military aid".
  // After a determiner or "of", a participle is an adjective: "of registered voters".
  Range noun_phrase(std::size_t k) const {
    std::size_t b = k;
    if (tok(k) != nullptr && s_.toks[k].word() && s_.toks[k].lx(kDeterminer)) ++k;
    for (int n = 0;
         n < 2 && tok(k + 1) != nullptr && s_.toks[k].word() && !s_.toks[k].has(kCap | kUsed) &&
         ends_ed(s_.str(k)) && is_content_word(s_, k + 1);
         ++n) {
      ++k;
    }
    const Range np = counted_np(k);
    if (np.empty()) return np;
    return {b, np.e};
  }

  // What an amount, a percentage or a bare number is the value of.
  // Explicit links first ("$5 billion worth of arms", "sales of $8 billion", "the deal, worth
  // $5 billion"), then a phrase after the amount ("a $5 billion deal", "$2 million in aid"),
  // then a verb linking a subject to it ("inflation rose to 3.2%").
  Range value_subject(std::size_t fb, std::size_t fe, bool money, bool percent) const {
    if (money || percent) {
      if (s_.is(fe, "worth") && s_.is(fe + 1, "of")) return noun_phrase(fe + 2);
      if (s_.is(fe, "of")) return noun_phrase(fe + 1);
    }
    const std::size_t p = fb > 0 ? fb - 1 : 0;
    if (fb > 0 && s_.is(p, "worth")) return subject_back(p);
    if (fb > 0 && s_.is(p, "of") && p > 0 && is_content_word(s_, p - 1)) return subject_back(p);
    if (money || percent) {
      Range after;
      if (money && s_.is(fe, "in")) {
        after = counted_np(fe + 1);
        // "$8 billion in fiscal 2023" names a time, not what the money is.
        if (!after.empty() && tok(after.e) != nullptr && s_.toks[after.e].number()) after = {};
      } else if (money && s_.is(fe, "for")) {
        after = noun_phrase(fe + 1);
      } else {
        after = counted_np(fe);
      }
      if (!after.empty()) return after;
    }
    if (fb == 0) return {};
    if ((s_.is(p, "at") || s_.is(p, "to") || s_.is(p, "by")) && p > 0 &&
        s_.toks[p - 1].lx(kLinkVerb)) {
      return subject_back(skip_aux(p - 1));
    }
    // "put the damage at €4.2 million", "cut the rate to 4%", "unemployment at 5%": the noun
    // phrase right before "at"/"to" is what the amount measures.
    if ((money || percent) && (s_.is(p, "at") || s_.is(p, "to")) && p > 0 &&
        s_.toks[p - 1].word() && !s_.toks[p - 1].has(kCap) &&
        !s_.toks[p - 1].lx(kVerb | kReportVerb) && !ends_ed(s_.str(p - 1)) &&
        !ends_ing(s_.str(p - 1))) {
      const Range r = subject_back(p);
      if (!r.empty()) return r;
    }
    if (s_.toks[p].word() && s_.toks[p].lx(kLinkVerb) && !s_.toks[p].has(kCap)) {
      return subject_back(skip_aux(p));
    }
    return {};
  }

  // Back over auxiliaries and adverbs before a verb at q: "has already reached" → before "has".
  std::size_t skip_aux(std::size_t q) const {
    while (q > 0 && q - 1 < s_.size()) {
      const Token& t = s_.toks[q - 1];
      if (!t.word() || !(t.lx(kAux | kAdverb) || is_ly_adverb(s_.str(t)))) break;
      --q;
    }
    return q;
  }

  // The noun phrase ending before `end` that a value belongs to: the leftmost of a chain of
  // phrases linked by prepositions ("a contract with Poland for the supply of weapons" → "a
  // contract"), keeping "of" complements ("the cost of the program"), and stepping over an
  // inserted list (", including tanks and jets,").
  Range subject_back(std::size_t end) const {
    const std::size_t lo = end > 30 ? end - 30 : 0;
    std::size_t k = end;
    if (k > lo && s_.toks[k - 1].is(',')) --k;
    for (std::size_t c = k; c > lo && k - c < 16; --c) {
      const Token& t = s_.toks[c - 1];
      if (t.is('.') || t.is(';') || t.has(kQuoteMark)) break;
      if (s_.is(c - 1, "including") || s_.is(c - 1, "notably") || s_.is(c - 1, "especially") ||
          (s_.is(c - 1, "such") && s_.is(c, "as"))) {
        k = c - 1;
        if (k > lo && s_.toks[k - 1].is(',')) --k;
        break;
      }
    }
    Range bases[4];
    int nb = 0;
    std::size_t cur_end = k;
    while (nb < 4) {
      const Range bs = base_back(cur_end, lo);
      if (bs.empty()) break;
      bases[nb++] = bs;
      if (bs.b > lo + 1 && link_preposition(bs.b - 1) && !base_back(bs.b - 1, lo).empty()) {
        cur_end = bs.b - 1;
        continue;
      }
      break;
    }
    if (nb == 0) return {};
    Range r = bases[nb - 1];
    for (int j = nb - 1; j > 0; --j) {
      if (s_.is(bases[j].e, "of") && bases[j - 1].b == bases[j].e + 1) {
        r.e = bases[j - 1].e;
      } else {
        break;
      }
    }
    return r;
  }

  bool link_preposition(std::size_t i) const {
    return s_.is(i, "of") || s_.is(i, "with") || s_.is(i, "for") || s_.is(i, "from") ||
           s_.is(i, "in") || s_.is(i, "on") || s_.is(i, "at");
  }

  // One noun phrase ending before `end`: content words and possessives, with the determiner
  // that opens it; a leading participle without a determiner is a verb ("signed contracts").
  Range base_back(std::size_t end, std::size_t lo) const {
    std::size_t k = end, content = 0;
    bool det = false;
    while (k > lo && end - k < 7) {
      const Token& t = s_.toks[k - 1];
      if (t.has(kQuoteMark | kUsed)) break;
      if (t.has(kPossessive)) {
        if (content == 0) break;
        --k;
        continue;
      }
      if (t.word() && t.lx(kDeterminer)) {
        if (content == 0) break;
        --k;
        det = true;
        break;
      }
      if (t.number() && content > 0) {
        --k;
        continue;
      }
      if (!is_content_word(s_, k - 1)) break;
      // A verb form right after a determiner is a noun: "the cost of repairs", "its report".
      if (t.lx(kLinkVerb | kReportVerb) &&
          !(k >= 2 && s_.toks[k - 2].word() && s_.toks[k - 2].lx(kDeterminer))) {
        break;
      }
      --k;
      ++content;
    }
    if (!det) {
      while (k < end && !s_.toks[k].has(kCap) &&
             (ends_ed(s_.str(k)) || ends_ing(s_.str(k)) || s_.toks[k].lx(kVerb))) {
        ++k;
      }
    }
    if (content == 0) return {end, end};
    return {k, end};
  }

  static bool is_plural(std::string_view w) {
    const std::string l = lower(w);
    return singular(l) != l;
  }

  static std::string lower(std::string_view w) {
    std::string out;
    fold_append(w, out);
    return out;
  }

  void emit(std::size_t fb, std::size_t fe, double value, std::optional<double> high,
            const std::string& unit, const Qualifier& q, Range subject) {
    for (std::size_t k = fb; k < fe; ++k) s_.toks[k].flags |= kUsed;
    NewFact f;
    f.fields.reserve(3 + !unit.empty() + !q.text.empty() + !subject.empty());
    f.kind = "figure";
    f.span = {s_.toks[fb].b, s_.toks[fe - 1].e};
    f.fields.emplace_back("value", value);
    if (high) f.fields.emplace_back("high", *high);
    if (!unit.empty()) f.fields.emplace_back("unit", unit);
    f.fields.emplace_back("approx", q.approx);
    if (!q.text.empty()) f.fields.emplace_back("qualifier", q.text);
    if (!subject.empty())
      f.fields.emplace_back("subject", std::string(s_.range(subject.b, subject.e)));
    f.fields.emplace_back("text", std::string(s_.range(fb, fe)));
    out_.push_back(std::move(f));
  }

  Sentence& s_;
  std::vector<NewFact>& out_;
};

}  // namespace

std::string singular(std::string_view noun) {
  struct Irregular {
    std::string_view plural, single;
  };
  static constexpr Irregular kIrregular[] = {{"people", "person"},
                                             {"persons", "person"},
                                             {"children", "child"},
                                             {"men", "man"},
                                             {"women", "woman"},
                                             {"feet", "foot"},
                                             {"teeth", "tooth"},
                                             {"mice", "mouse"},
                                             {"geese", "goose"},
                                             {"lives", "life"},
                                             {"knives", "knife"},
                                             {"wives", "wife"},
                                             {"halves", "half"},
                                             {"leaves", "leaf"},
                                             {"thieves", "thief"},
                                             {"wolves", "wolf"},
                                             {"shelves", "shelf"},
                                             {"criteria", "criterion"},
                                             {"phenomena", "phenomenon"},
                                             {"indices", "index"},
                                             {"analyses", "analysis"},
                                             {"crises", "crisis"},
                                             {"theses", "thesis"},
                                             {"series", "series"},
                                             {"species", "species"},
                                             {"news", "news"},
                                             {"aircraft", "aircraft"},
                                             {"sheep", "sheep"},
                                             {"fish", "fish"},
                                             {"deer", "deer"},
                                             {"police", "police"},
                                             {"staff", "staff"},
                                             {"personnel", "personnel"},
                                             {"cattle", "cattle"},
                                             {"data", "data"},
                                             {"media", "media"},
                                             {"bus", "bus"},
                                             {"buses", "bus"},
                                             {"minibuses", "minibus"},
                                             {"bonuses", "bonus"},
                                             {"viruses", "virus"},
                                             {"campuses", "campus"},
                                             {"statuses", "status"},
                                             {"surpluses", "surplus"},
                                             {"gases", "gas"},
                                             {"lenses", "lens"},
                                             {"gas", "gas"},
                                             {"lens", "lens"}};
  for (const Irregular& ir : kIrregular) {
    if (noun == ir.plural) return std::string(ir.single);
  }
  const auto ends = [&](std::string_view s) {
    return noun.size() > s.size() && noun.substr(noun.size() - s.size()) == s;
  };
  if (ends("ies") && noun.size() > 4) return std::string(noun.substr(0, noun.size() - 3)) + "y";
  if (ends("sses") || ends("shes") || ends("ches") || ends("xes") || ends("zes")) {
    return std::string(noun.substr(0, noun.size() - 2));
  }
  if (ends("ss") || ends("us") || ends("is") || ends("'s") || noun.size() < 3) {
    return std::string(noun);
  }
  if (ends("s")) return std::string(noun.substr(0, noun.size() - 1));
  return std::string(noun);
}

void find_figures(Sentence& s, std::vector<NewFact>& out) {
  FigureFinder(s, out).run();
}

}  // namespace verity::extract
