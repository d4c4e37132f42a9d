// Date finding (see extract_dates.hpp). Patterns are tried at each token, longest first; each
// looks at most a dozen tokens ahead. Calendar arithmetic is done on Date (days since 1970).
#include "engine/extract_dates.hpp"

#include <climits>
#include <cstdlib>
#include <optional>

#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

enum class Precision { day, month, year };

std::string_view precision_name(Precision p) {
  switch (p) {
    case Precision::day:
      return "day";
    case Precision::month:
      return "month";
    case Precision::year:
      return "year";
  }
  return "day";
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) return (y == 0 || leap(y)) ? 29 : 28;  // year 0: unknown, allow the 29th
  return kDays[m - 1];
}

int weekday_of(Date d) {
  return ((d.days % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday (3)
}

Date first_of_month(int y, int m) {
  while (m < 1) {
    m += 12;
    --y;
  }
  while (m > 12) {
    m -= 12;
    ++y;
  }
  return date_from_ymd(y, static_cast<unsigned>(m), 1);
}

Date last_of_month(int y, int m) {
  const Date first = first_of_month(y, m);
  int yy = 0;
  unsigned mm = 0, dd = 0;
  date_to_ymd(first, yy, mm, dd);
  return Date{first.days + static_cast<std::int32_t>(days_in_month(yy, mm)) - 1};
}

struct Ymd {
  int y = 0;  // 0: not written
  unsigned m = 0, d = 0;
};

struct Match {
  std::size_t b = 0, e = 0;  // tokens
  Precision precision = Precision::day;
  bool relative = false;
  bool resolved = false;
  Date start, end;
};

class DateFinder {
 public:
  DateFinder(Sentence& s, const PubDate& pub, std::vector<NewFact>& out)
      : s_(s), pub_(pub), out_(out) {}

  void run() {
    for (std::size_t i = 0; i < s_.size();) {
      if (s_.toks[i].has(kUsed | kInName)) {
        ++i;
        continue;
      }
      std::optional<Match> m = at(i);
      if (!m) {
        ++i;
        continue;
      }
      emit(*m);
      i = m->e;
    }
  }

 private:
  std::optional<Match> at(std::size_t i) {
    const Token& t = s_.toks[i];
    if (t.punct()) return std::nullopt;
    if (t.number()) {
      if (auto m = iso(i)) return m;
      if (auto m = slashed(i)) return m;
      if (auto m = absolute(i)) return m;
      if (auto m = in_year(i)) return m;
      return ago(i);
    }
    if (t.has(kCap) && t.lx(kWeekday)) return weekday(i);
    if (t.has(kCap) && t.lx(kMonth | kMonthAbbr)) {
      if (auto m = absolute(i)) return m;
    }
    if (!t.lx(kRelativeDay | kStop | kDeterminer | kNumberWord)) return std::nullopt;
    return relative(i);
  }

  // --- token tests -----------------------------------------------------------------------

  const Token* tok(std::size_t i) const { return i < s_.size() ? &s_.toks[i] : nullptr; }

  int digits_value(const Token& t, std::size_t max_digits) const {
    const std::string_view w = s_.str(t);
    const std::size_t n = t.has(kNumSuffix) ? t.suffix : w.size();
    if (n == 0 || n > max_digits) return -1;
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) v = v * 10 + (w[k] - '0');
    return v;
  }

  // A day of the month: 1..31, optionally 1st, 2nd, 29th.
  int day_at(std::size_t i) const {
    const Token* t = tok(i);
    if (t == nullptr || !t->number() || t->has(kHasComma | kHasDecimal | kTime | kUsed)) return 0;
    if (t->has(kNumSuffix)) {
      const std::string_view suf = s_.str(*t).substr(t->suffix);
      if (!iequals(suf, "st") && !iequals(suf, "nd") && !iequals(suf, "rd") &&
          !iequals(suf, "th")) {
        return 0;
      }
    }
    const int v = digits_value(*t, 2);
    return v >= 1 && v <= 31 ? v : 0;
  }

  int year_at(std::size_t i) const {
    const Token* t = tok(i);
    if (t == nullptr || !t->number() || t->has(kHasComma | kHasDecimal | kTime | kNumSuffix)) {
      return 0;
    }
    if (t->e - t->b != 4) return 0;
    const int v = digits_value(*t, 4);
    return v >= 1000 && v <= 2999 ? v : 0;
  }

  // A month name at i; `end` is the token after it (after "Jan." its period).
  unsigned month_at(std::size_t i, std::size_t& end) const {
    const Token* t = tok(i);
    if (t == nullptr || !t->word() || !t->has(kCap) || t->has(kUsed | kInName)) return 0;
    if (t->lx(kMonth)) {
      end = i + 1;
      return t->lex->month;
    }
    if (t->lx(kMonthAbbr)) {
      const Token* n = tok(i + 1);
      if (n != nullptr && n->is('.') && !n->has(kSpaceBefore)) {
        end = i + 2;
        return t->lex->month;
      }
      if (day_at(i + 1) != 0) {
        end = i + 1;
        return t->lex->month;
      }
    }
    return 0;
  }

  bool sep_at(std::size_t i) const {
    const Token* t = tok(i);
    if (t == nullptr) return false;
    if (t->punct()) return t->cp == '-' || t->cp == 0x2013 || t->cp == 0x2014;
    return s_.is(i, "to") || s_.is(i, "until") || s_.is(i, "till") || s_.is(i, "through") ||
           s_.is(i, "thru") || (s_.is(i, "and") && i >= 2 && between_before(i));
  }

  bool between_before(std::size_t i) const {
    for (std::size_t k = i; k > 0 && i - k < 6; --k) {
      if (s_.is(k - 1, "between")) return true;
    }
    return false;
  }

  // ", 2024" or "2024" at k: the year and the token after it.
  int year_after(std::size_t& k) const {
    if (const int y = year_at(k)) {
      ++k;
      return y;
    }
    const Token* t = tok(k);
    if (t != nullptr && t->is(',')) {
      if (const int y = year_at(k + 1)) {
        k += 2;
        return y;
      }
    }
    return 0;
  }

  // --- patterns --------------------------------------------------------------------------

  // A day written as five tokens from `i` (2024-01-29, 29/01/2024): the match when y-m-d is a
  // real calendar day.
  static std::optional<Match> numeric_day(std::size_t i, int y, int m, int d) {
    if (m < 1 || m > 12 || d < 1 || d > static_cast<int>(days_in_month(y, m))) return std::nullopt;
    Match r;
    r.b = i;
    r.e = i + 5;
    r.resolved = true;
    r.start = r.end = date_from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    return r;
  }

  std::optional<Match> iso(std::size_t i) const {
    const int y = year_at(i);
    if (y == 0 || i + 4 >= s_.size()) return std::nullopt;
    const Token& a = s_.toks[i + 1];
    const Token& c = s_.toks[i + 3];
    if (!a.is('-') || !c.is('-')) return std::nullopt;
    for (std::size_t k = i + 1; k <= i + 4; ++k) {
      if (s_.toks[k].has(kSpaceBefore)) return std::nullopt;
    }
    const Token& mt = s_.toks[i + 2];
    const Token& dt = s_.toks[i + 4];
    if (!mt.number() || !dt.number() || mt.e - mt.b != 2 || dt.e - dt.b != 2) return std::nullopt;
    const int m = digits_value(mt, 2), d = digits_value(dt, 2);
    return numeric_day(i, y, m, d);
  }

  // 29/01/2024 (day first) or 01/29/2024 (month first), read only when the order is certain:
  // one of the two numbers is above 12, or both are equal. 03/04/2024 is left alone (neither
  // a date nor a figure), as are two-digit years. 2024/01/29 is year first.
  std::optional<Match> slashed(std::size_t i) const {
    if (i + 4 >= s_.size()) return std::nullopt;
    for (std::size_t k = i + 1; k <= i + 4; ++k) {
      if (s_.toks[k].has(kSpaceBefore | kUsed)) return std::nullopt;
    }
    if (!s_.toks[i + 1].is('/') || !s_.toks[i + 3].is('/')) return std::nullopt;
    const Token& a = s_.toks[i];
    const Token& b = s_.toks[i + 2];
    const Token& c = s_.toks[i + 4];
    if (!a.number() || !b.number() || !c.number()) return std::nullopt;
    if (const Token* n = tok(i + 5); n != nullptr && !n->has(kSpaceBefore) && n->is('/')) {
      return std::nullopt;
    }
    int y = 0, m = 0, d = 0;
    if (const int ya = year_at(i)) {
      y = ya;
      m = digits_value(b, 2);
      d = digits_value(c, 2);
    } else {
      y = year_at(i + 4);
      const int x = digits_value(a, 2), z = digits_value(b, 2);
      if (y == 0 || x < 1 || z < 1) return std::nullopt;
      if (x > 12 && z <= 12) {
        d = x;
        m = z;
      } else if (z > 12 && x <= 12) {
        m = x;
        d = z;
      } else if (x == z) {
        m = d = x;
      } else {
        return std::nullopt;
      }
    }
    return numeric_day(i, y, m, d);
  }

  std::optional<Match> weekday(std::size_t i) {
    std::size_t j = i + 1;
    if (tok(j) != nullptr && tok(j)->is(',')) ++j;
    if (auto m = absolute(j)) {
      m->b = i;  // "Friday, 24 May 2024"
      return m;
    }
    const int wd = s_.toks[i].lex->weekday;
    Match r;
    r.b = i;
    r.e = i + 1;
    r.relative = true;
    int mode = 0;  // 0 latest on or before publication, -1 last, +1 next / future
    if (i > 0 && !s_.toks[i - 1].has(kUsed)) {
      if (s_.is(i - 1, "last") || s_.is(i - 1, "past")) {
        mode = -1;
        r.b = i - 1;
      } else if (s_.is(i - 1, "next") || s_.is(i - 1, "coming")) {
        mode = 2;
        r.b = i - 1;
      } else if (s_.is(i - 1, "this")) {
        r.b = i - 1;
      }
    }
    if (mode == 0 && future_before(i)) mode = 1;
    if (pub_.known) {
      int delta = 0;
      if (mode <= 0) {
        delta = -((pub_.weekday - wd + 7) % 7);
        if (mode == -1 && delta == 0) delta = -7;
      } else {
        delta = (wd - pub_.weekday + 7) % 7;
        if (mode == 2 && delta == 0) delta = 7;
      }
      r.resolved = true;
      r.start = r.end = Date{pub_.date.days + delta};
    }
    return r;
  }

  bool future_before(std::size_t i) const {
    for (std::size_t k = i; k > 0 && i - k < 8; --k) {
      const Token& t = s_.toks[k - 1];
      if (t.is('.') || t.is(';')) break;
      if (!t.word() || !t.lx(kFutureCue)) continue;
      if (t.has(kCap) && t.lx(kMonth)) continue;  // "May" the month, not the modal
      // "could have begun on Monday", "may have been": a modal with "have" looks back.
      if (s_.is(k, "have") || s_.is(k, "has")) continue;
      return true;
    }
    return false;
  }

  std::optional<Match> absolute(std::size_t i) {
    if (const int d1 = day_at(i)) return day_first(i, d1);
    std::size_t mend = 0;
    if (const unsigned m1 = month_at(i, mend)) return month_first(i, m1, mend);
    return std::nullopt;
  }

  // 29 January [2024] / 29 to 30 January / 30 January to 1 February / the 29th of January
  std::optional<Match> day_first(std::size_t i, int d1) {
    std::size_t j = i + 1;
    if (s_.is(j, "of")) ++j;
    std::size_t mend = 0;
    if (const unsigned m1 = month_at(j, mend)) {
      std::size_t k = mend, mend2 = 0;
      int d2 = 0;
      unsigned m2 = 0;
      if (sep_at(k) && (d2 = day_at(k + 1)) != 0 && (m2 = month_at(k + 2, mend2)) != 0) {
        k = mend2;
        const int y = year_after(k);
        return make_range(i, k, {y, m1, static_cast<unsigned>(d1)},
                          {y, m2, static_cast<unsigned>(d2)});
      }
      const int y = year_after(k);
      const Ymd one{y, m1, static_cast<unsigned>(d1)};
      return make_range(i, k, one, one);
    }
    int d2 = 0;
    if (sep_at(j) && (d2 = day_at(j + 1)) > d1) {
      if (const unsigned m = month_at(j + 2, mend)) {
        std::size_t k = mend;
        const int y = year_after(k);
        return make_range(i, k, {y, m, static_cast<unsigned>(d1)},
                          {y, m, static_cast<unsigned>(d2)});
      }
    }
    return std::nullopt;
  }

  // January 29[, 2024] / January 29-30 / January 30 to February 1 / January 2024 / in January
  std::optional<Match> month_first(std::size_t i, unsigned m1, std::size_t mend) {
    std::size_t k = mend;
    if (const int d1 = day_at(k)) {
      ++k;
      Ymd a{0, m1, static_cast<unsigned>(d1)}, b = a;
      std::size_t mend2 = 0;
      int d2 = 0;
      if (sep_at(k) && (d2 = day_at(k + 1)) > d1 && month_at(k + 2, mend2) == 0) {
        b.d = static_cast<unsigned>(d2);
        k += 2;
      } else if (sep_at(k) && month_at(k + 1, mend2) != 0 && (d2 = day_at(mend2)) != 0) {
        b.m = month_at(k + 1, mend2);
        b.d = static_cast<unsigned>(d2);
        k = mend2 + 1;
      }
      a.y = b.y = year_after(k);
      return make_range(i, k, a, b);
    }
    std::size_t k2 = k;
    if (const int y = year_after(k2)) {
      return month_range(i, k2, y, m1, m1, false);
    }
    std::size_t mend2 = 0;
    if (sep_at(k)) {
      if (const unsigned m2 = month_at(k + 1, mend2)) {
        std::size_t k3 = mend2;
        if (const int y = year_after(k3)) return month_range(i, k3, y, m1, m2, false);
      }
    }
    return month_alone(i, m1, k);
  }

  // "in December", "since October", "in December last year", "last December".
  std::optional<Match> month_alone(std::size_t i, unsigned m, std::size_t k) {
    static constexpr std::string_view kContext[] = {
        "in",        "since", "until",  "till",       "by",   "from",  "last",
        "next",      "this",  "early",  "late",       "mid",  "of",    "through",
        "before",    "after", "during", "between",    "to",   "end",   "start",
        "beginning", "mid-",  "around", "throughout", "past", "coming"};
    bool context = false;
    if (i > 0) {
      for (std::string_view w : kContext) context = context || s_.is(i - 1, w);
    }
    if (!context) return std::nullopt;
    std::size_t b = i;
    int year = 0;
    bool relative = false;
    if (pub_.known) year = closest_year(m, 15);
    if ((s_.is(k, "last") || s_.is(k, "next") || s_.is(k, "this")) && s_.is(k + 1, "year")) {
      relative = true;
      const int shift = s_.is(k, "last") ? -1 : s_.is(k, "next") ? 1 : 0;
      year = pub_.known ? pub_.year + shift : 0;
      k += 2;
    } else if (s_.is(i - 1, "last") || s_.is(i - 1, "past")) {
      relative = true;
      b = i - 1;
      if (pub_.known) year = m < pub_.month ? pub_.year : pub_.year - 1;
    } else if (s_.is(i - 1, "next") || s_.is(i - 1, "coming")) {
      relative = true;
      b = i - 1;
      if (pub_.known) year = m > pub_.month ? pub_.year : pub_.year + 1;
    }
    auto r = month_range(b, k, year, m, m, relative);
    return r;
  }

  std::optional<Match> month_range(std::size_t b, std::size_t e, int y, unsigned m1, unsigned m2,
                                   bool relative) const {
    Match r;
    r.b = b;
    r.e = e;
    r.precision = Precision::month;
    r.relative = relative;
    if (y != 0) {
      const int y1 = m1 > m2 ? y - 1 : y;
      r.resolved = true;
      r.start = first_of_month(y1, static_cast<int>(m1));
      r.end = last_of_month(y, static_cast<int>(m2));
    }
    return r;
  }

  // A day or a range of days; years not written are taken from the other end or from the
  // publication date.
  std::optional<Match> make_range(std::size_t b, std::size_t e, Ymd a, Ymd z) const {
    if (z.y == 0 && a.y != 0) z.y = a.y;
    if (a.y == 0 && z.y != 0) a.y = (a.m > z.m) ? z.y - 1 : z.y;
    if (a.d > days_in_month(a.y, a.m) || z.d > days_in_month(z.y, z.m)) return std::nullopt;
    Match r;
    r.b = b;
    r.e = e;
    if (a.y == 0 && pub_.known) {
      a.y = closest_year(a.m, a.d);
      z.y = (a.m > z.m) ? a.y + 1 : a.y;
      if (a.d > days_in_month(a.y, a.m) || z.d > days_in_month(z.y, z.m)) return r;
    }
    if (a.y != 0) {
      r.resolved = true;
      r.start = date_from_ymd(a.y, a.m, a.d);
      r.end = date_from_ymd(z.y, z.m, z.d);
      if (r.end < r.start) r.end = r.start;
    }
    return r;
  }

  // The year (publication year, or one either side) that puts month/day nearest publication.
  int closest_year(unsigned m, unsigned d) const {
    int best = pub_.year;
    std::int32_t best_gap = INT32_MAX;
    for (int y = pub_.year - 1; y <= pub_.year + 1; ++y) {
      const unsigned day = std::min(d, days_in_month(y, m));
      const std::int32_t gap = std::abs(date_from_ymd(y, m, day).days - pub_.date.days);
      if (gap < best_gap) {
        best_gap = gap;
        best = y;
      }
    }
    return best;
  }

  // "in 2022", "in early 2022"
  std::optional<Match> in_year(std::size_t i) const {
    const int y = year_at(i);
    if (y == 0 || i == 0) return std::nullopt;
    const bool after_in = s_.is(i - 1, "in") ||
                          (i >= 2 && s_.is(i - 2, "in") &&
                           (s_.is(i - 1, "early") || s_.is(i - 1, "late") || s_.is(i - 1, "mid")));
    if (!after_in) return std::nullopt;
    Match r;
    r.b = i;
    r.e = i + 1;
    r.precision = Precision::year;
    r.resolved = true;
    r.start = date_from_ymd(y, 1, 1);
    r.end = date_from_ymd(y, 12, 31);
    return r;
  }

  std::optional<Match> relative(std::size_t i) const {
    const Token& t = s_.toks[i];
    if (!t.word()) return ago(i);
    Match r;
    r.b = i;
    r.e = i + 1;
    r.relative = true;
    if (t.lx(kRelativeDay)) {
      const int shift = s_.is(i, "yesterday") ? -1 : s_.is(i, "tomorrow") ? 1 : 0;
      if (pub_.known) {
        r.resolved = true;
        r.start = r.end = Date{pub_.date.days + shift};
      }
      return r;
    }
    const bool last = s_.is(i, "last") || s_.is(i, "past"), next = s_.is(i, "next"),
               this_ = s_.is(i, "this");
    if (!last && !next && !this_) return ago(i);
    const int shift = last ? -1 : next ? 1 : 0;
    r.e = i + 2;
    if (s_.is(i + 1, "year")) {
      r.precision = Precision::year;
      if (pub_.known) {
        r.resolved = true;
        r.start = date_from_ymd(pub_.year + shift, 1, 1);
        r.end = date_from_ymd(pub_.year + shift, 12, 31);
      }
      return r;
    }
    if (s_.is(i + 1, "month")) {
      r.precision = Precision::month;
      if (pub_.known) {
        r.resolved = true;
        r.start = first_of_month(pub_.year, static_cast<int>(pub_.month) + shift);
        r.end = last_of_month(pub_.year, static_cast<int>(pub_.month) + shift);
      }
      return r;
    }
    if (s_.is(i + 1, "week")) {
      if (pub_.known) {
        r.resolved = true;
        const std::int32_t monday = pub_.date.days - pub_.weekday + 7 * shift;
        r.start = Date{monday};
        r.end = Date{monday + 6};
      }
      return r;
    }
    return std::nullopt;
  }

  // "two weeks ago", "3 days ago"
  std::optional<Match> ago(std::size_t i) const {
    // Tried at every number and every stop word: the cheap test that fails first.
    if (!s_.is(i + 2, "ago")) return std::nullopt;
    const Token& t = s_.toks[i];
    int n = 0;
    if (t.number() && !t.has(kHasComma | kHasDecimal | kTime | kNumSuffix)) {
      n = digits_value(t, 3);
    } else if (t.word() && t.lx(kNumberWord) && t.lex->number < 100) {
      n = t.lex->number;
    } else if (s_.is(i, "a") || s_.is(i, "an")) {
      n = 1;
    }
    if (n <= 0 || !s_.is(i + 2, "ago") || i + 1 >= s_.size() || !s_.toks[i + 1].lx(kPeriodWord)) {
      return std::nullopt;
    }
    Match r;
    r.b = i;
    r.e = i + 3;
    r.relative = true;
    const std::string_view unit = s_.str(i + 1);
    if (!pub_.known) {
      r.precision = iends_with(unit, "years") || iends_with(unit, "year")     ? Precision::year
                    : iends_with(unit, "month") || iends_with(unit, "months") ? Precision::month
                                                                              : Precision::day;
      return r;
    }
    r.resolved = true;
    if (iequals(unit, "day") || iequals(unit, "days")) {
      r.start = r.end = Date{pub_.date.days - n};
    } else if (iequals(unit, "week") || iequals(unit, "weeks")) {
      r.start = r.end = Date{pub_.date.days - 7 * n};
    } else if (iequals(unit, "month") || iequals(unit, "months")) {
      r.precision = Precision::month;
      r.start = first_of_month(pub_.year, static_cast<int>(pub_.month) - n);
      r.end = last_of_month(pub_.year, static_cast<int>(pub_.month) - n);
    } else if (iequals(unit, "year") || iequals(unit, "years")) {
      r.precision = Precision::year;
      r.start = date_from_ymd(pub_.year - n, 1, 1);
      r.end = date_from_ymd(pub_.year - n, 12, 31);
    } else {
      r.precision = Precision::year;
      r.start = date_from_ymd(pub_.year - 10 * n, 1, 1);
      r.end = date_from_ymd(pub_.year - 10 * n, 12, 31);
    }
    return r;
  }

  // --- the event a date belongs to ----------------------------------------------------------
  //
  // Tried in order, within the sentence, each bounded to a few tokens:
  //  1. the noun phrase governed by the preposition before the date, followed back through
  //     "to/of/in/with X" to the first phrase headed by a common noun: "the summit on 3 May",
  //     "a visit to Seoul from 29 to 30 January" → "a visit";
  //  2. a phrase the date modifies from the front: "the 3 May summit", "Monday's talks";
  //  3. a verb of a small list of events before the date's phrase, named by its noun:
  //     "is visiting South Korea from 29 to 30 January" → "visit";
  //  4. the sentence's subject when it is headed by a common noun: "The talks ended on Monday".
  // A phrase is a determiner or possessive and up to five content words ending in a lowercase
  // noun; a sentence-initial "The" is written "the". Unset when none of these applies.

  // A lowercase noun that can head an event phrase (not a pronoun, a period word or a verb).
  std::size_t first_word() const {
    for (std::size_t i = 0; i < s_.size() && i < 4; ++i) {
      if (s_.toks[i].word()) return i;
    }
    return s_.size();
  }

  bool event_head(std::size_t k) const {
    const Token& t = s_.toks[k];
    if (!t.word() || t.has(kCap | kUsed | kInName | kQuoteMark | kInQuote)) return false;
    if (t.lx(kPeriodWord | kReportStrong | kLinkVerb | kVerb | kRelativeDay | kTimeWord | kScale |
             kNumberWord)) {
      return false;
    }
    if (!is_content_word(s_, k) || is_ly_adverb(s_.str(t))) return false;
    // A duration is no event: "strike for 48 hours from 8 September".
    if (s_.is(k, "hour") || s_.is(k, "hours") || s_.is(k, "minute") || s_.is(k, "minutes")) {
      return false;
    }
    // Adverbs of time that end a verb phrase: "started late on 14 May".
    if (s_.is(k, "late") || s_.is(k, "early") || s_.is(k, "again") || s_.is(k, "soon") ||
        s_.is(k, "then") || s_.is(k, "there") || s_.is(k, "here")) {
      return false;
    }
    const std::string_view w = s_.str(t);
    return !(w.size() > 4 && (iends_with(w, "ed") || iends_with(w, "ing")));
  }

  // The phrase ending before token `end`: [b, end) with content words, or b == end.
  std::size_t phrase_back(std::size_t end, bool& common) const {
    std::size_t k = end, content = 0;
    common = end > 0 && event_head(end - 1);
    while (k > 0 && end - k < 6) {
      const Token& t = s_.toks[k - 1];
      if (t.has(kUsed | kQuoteMark | kInQuote)) break;
      if (t.word() && t.lx(kDeterminer)) {
        if (content > 0) --k;
        break;
      }
      const bool ordinal = s_.is(k - 1, "first") || s_.is(k - 1, "second") ||
                           s_.is(k - 1, "third") || s_.is(k - 1, "final");
      if (content > 0 && (t.has(kPossessive) || t.number() || t.lx(kScale) || ordinal ||
                          (t.punct() && (t.cp == '$' || t.cp == 0x20AC || t.cp == 0xA3)))) {
        --k;  // "Monday's", "a $4.2 million budget"
        continue;
      }
      if (!t.word() || !is_content_word(s_, k - 1) || t.lx(kLinkVerb | kReportStrong | kVerb)) {
        break;
      }
      // "Halvorsen started late": a past form or participle is a modifier only right after a
      // determiner ("the delayed vote"); otherwise it is the verb and the phrase ends there.
      if (content > 0 && !t.has(kCap) && verb_form(s_.str(t)) &&
          !(k >= 2 && s_.toks[k - 2].word() && s_.toks[k - 2].lx(kDeterminer))) {
        break;
      }
      --k;
      ++content;
    }
    return content == 0 ? end : k;
  }

  // Nouns that name something that happens, so a date after "the cause of the fire" is the
  // fire's, not the cause's (while "the trial of the former mayor on 2 March" is the trial's).
  static bool occurrence(std::string_view w) {
    static constexpr std::string_view kOccurrences[] = {
        "fire",     "fires",      "blaze",     "war",        "attack",    "attacks",    "election",
        "vote",     "flood",      "floods",    "flooding",   "storm",     "earthquake", "quake",
        "crash",    "explosion",  "blast",     "strike",     "strikes",   "protest",    "protests",
        "shooting", "accident",   "collision", "bombing",    "riot",      "riots",      "outbreak",
        "eruption", "referendum", "summit",    "meeting",    "talks",     "raid",       "coup",
        "invasion", "fighting",   "collapse",  "derailment", "landslide", "hurricane",  "typhoon"};
    for (std::string_view o : kOccurrences) {
      if (iequals(w, o)) return true;
    }
    return false;
  }

  // Whether token end - 1 is a verb (of the lists, or a past form) right after a noun phrase
  // that opens with a determiner: "the clean-up began", "the trial resumed".
  bool intransitive_before(std::size_t end) const {
    const Token& v = s_.toks[end - 1];
    if (!v.word() || v.has(kCap | kUsed) || v.lx(kReportVerb | kAux)) return false;
    if (!(v.lx(kVerb | kLinkVerb) || verb_form(s_.str(v)))) return false;
    if (!event_noun(s_.str(v)).empty()) return false;  // "the council voted" → vote (cue 3)
    bool common = false;
    const std::size_t b = phrase_back(end - 1, common);
    return common && b < end - 1 && s_.toks[b].lx(kDeterminer);
  }

  static bool verb_form(std::string_view w) {
    return w.size() > 4 && (iends_with(w, "ed") || iends_with(w, "ing")) && !iends_with(w, "eed");
  }

  // An event is compared across sources, so it is written one way: without its determiner
  // ("A night frost", "the frost" → "night frost", "frost") and in lowercase.
  std::string phrase_text(std::size_t b, std::size_t e) const {
    while (b + 1 < e && s_.toks[b].word() && s_.toks[b].lx(kDeterminer)) ++b;
    std::string out(s_.range(b, e));
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }

  static std::string_view event_noun(std::string_view verb) {
    struct Map {
      std::string_view verb, noun;
    };
    static constexpr Map kMap[] = {
        {"visit", "visit"},      {"visits", "visit"},       {"visiting", "visit"},
        {"visited", "visit"},    {"meet", "meeting"},       {"meets", "meeting"},
        {"meeting", "meeting"},  {"met", "meeting"},        {"travel", "trip"},
        {"travels", "trip"},     {"travelling", "trip"},    {"traveling", "trip"},
        {"travelled", "trip"},   {"traveled", "trip"},      {"strike", "strike"},
        {"striking", "strike"},  {"struck", "strike"},      {"vote", "vote"},
        {"voted", "vote"},       {"voting", "vote"},        {"tour", "tour"},
        {"touring", "tour"},     {"toured", "tour"},        {"host", "hosting"},
        {"hosts", "hosting"},    {"hosted", "hosting"},     {"hosting", "hosting"},
        {"open", "opening"},     {"opens", "opening"},      {"opened", "opening"},
        {"launch", "launch"},    {"launched", "launch"},    {"launches", "launch"},
        {"sign", "signing"},     {"signed", "signing"},     {"signs", "signing"},
        {"arrive", "arrival"},   {"arrived", "arrival"},    {"arrives", "arrival"},
        {"close", "closure"},    {"closed", "closure"},     {"elect", "election"},
        {"elected", "election"}, {"resign", "resignation"}, {"resigned", "resignation"}};
    for (const Map& m : kMap) {
      if (iequals(verb, m.verb)) return m.noun;
    }
    return {};
  }

  // Whether a date whose phrase starts at token p (its preposition, if any) is when something
  // was said: right after a reporting verb ("said on Friday", "announced Monday"), over
  // adverbs ("said late on Friday"), a channel ("said in a statement on Friday", "at a news
  // conference") or the listener of a verb of telling ("told reporters on Monday"); or right
  // before one, the date standing between speaker and verb ("state media on Sunday denounced").
  bool said_at(std::size_t p, std::size_t date_end) const {
    std::size_t k = p;
    for (int n = 0; n < 2 && k > 0; ++n) {
      const Token& t = s_.toks[k - 1];
      if (!t.word() || t.has(kCap)) break;
      if (!(t.lx(kAdverb) || is_ly_adverb(s_.str(t)) || s_.is(k - 1, "late") ||
            s_.is(k - 1, "early") || s_.is(k - 1, "again"))) {
        break;
      }
      --k;
    }
    // A channel: "in a statement", "at a news conference", "in an interview with the BBC".
    for (std::size_t c = k; c > 0 && k - c < 6; --c) {
      const Token& t = s_.toks[c - 1];
      if (!t.word() || t.has(kUsed | kQuoteMark)) break;
      if (t.lx(kChannelNoun) && c >= 2) {
        std::size_t b = c - 1;
        while (b > 0 && c - b < 4 && s_.toks[b - 1].word() && !s_.toks[b - 1].lx(kPreposition)) --b;
        if (b > 0 && (s_.is(b - 1, "in") || s_.is(b - 1, "at") || s_.is(b - 1, "during"))) {
          k = b - 1;
        }
        break;
      }
    }
    if (k == 0) return false;
    const auto reporting = [&](std::size_t v) {
      const Token& t = s_.toks[v];
      return t.word() && !t.has(kCap | kInQuote) &&
             (t.lx(kReportStrong) || (t.lx(kReportVerb) && iends_with(s_.str(t), "ed")));
    };
    if (reporting(k - 1)) return true;
    if (date_end < s_.size() && date_end > p && reporting(date_end)) return true;
    // The listener of "told", "briefed": capitalized words, a determiner and a few words.
    static constexpr std::string_view kTell[] = {"told",    "tells",    "telling", "tell",
                                                 "briefed", "informed", "assured"};
    static constexpr std::string_view kListeners[] = {
        "reporters",  "journalists", "lawmakers", "legislators", "parliament", "television",
        "radio",      "media",       "press",     "broadcaster", "newspaper",  "agency",
        "conference", "committee",   "court",     "jury",        "viewers",    "audience",
        "supporters", "residents",   "students",  "investors",   "analysts",   "staff"};
    // The word before the date names the listener ("reporters", "state radio", "the BBC");
    // words before it may be any modifiers ("state", "a news").
    bool listener = s_.toks[k - 1].word() && s_.toks[k - 1].has(kCap);
    for (std::string_view w : kListeners) listener = listener || s_.is(k - 1, w);
    if (!listener) return false;
    for (std::size_t v = k; v > 0 && k - v < 5; --v) {
      const std::size_t i = v - 1;
      const Token& t = s_.toks[i];
      if (!t.word() || t.has(kUsed | kQuoteMark)) return false;
      for (std::string_view w : kTell) {
        if (s_.is(i, w) && i + 1 < k) return true;
      }
      if (t.lx(kPreposition | kAux | kVerb | kLinkVerb | kPronoun)) return false;
    }
    return false;
  }

  std::string event_of(const Match& m) const {
    static constexpr std::string_view kPreps[] = {"on",     "in",    "from",  "between", "at",
                                                  "during", "until", "since", "by",      "for",
                                                  "before", "after", "of",    "through", "over"};
    std::size_t p = m.b;
    bool prep = false;
    if (p > 0) {
      for (std::string_view w : kPreps) prep = prep || s_.is(p - 1, w);
      if (prep) --p;
    }
    // "officials said on Friday", "told reporters on Monday", "said in a statement on
    // Tuesday": the date is when something was said, which is no event of the story.
    if (said_at(p, m.e)) return {};
    // 1. "the summit on 3 May", following "a visit to Seoul" back to "a visit".
    if (prep) {
      std::size_t end = p;
      // "profit of €1.2 billion on Thursday": the amount is not the event, its owner is.
      while (end > 0 && p - end < 6 &&
             (s_.toks[end - 1].number() || s_.toks[end - 1].lx(kScale) ||
              s_.toks[end - 1].is('%') || s_.is(end - 1, "percent") ||
              (s_.toks[end - 1].punct() && !s_.toks[end - 1].is(',')))) {
        --end;
      }
      if (end < p && end > 0 && s_.is(end - 1, "of")) --end;
      // "a debate that began in September": a relative clause's verb of the lists; its
      // antecedent is the event.
      if (end >= 3 && s_.toks[end - 1].lx(kVerb) &&
          (s_.is(end - 2, "that") || s_.is(end - 2, "which"))) {
        end -= 2;
      } else if (end >= 2 && (s_.is(end - 1, "due") || s_.is(end - 1, "scheduled") ||
                              s_.is(end - 1, "expected") || s_.is(end - 1, "slated"))) {
        --end;  // "the inquiry due on 1 July", "the vote scheduled for Monday"
      } else if (end >= 3 && intransitive_before(end)) {
        // "the clean-up began on 4 May": the subject of the verb before the date.
        --end;
      }
      for (int hops = 0; hops < 3 && end > 0; ++hops) {
        bool common = false;
        std::size_t b = phrase_back(end, common);
        if (b == end) break;
        // "a debate that began in September": the verb of a relative clause; its antecedent.
        while (b < end && !s_.toks[b].word()) ++b;  // "a 5-2 vote" → "2 vote" → "vote"
        while (b < end && s_.toks[b].number()) ++b;
        if (b == end) break;
        const bool rel_at = s_.is(b, "that") || s_.is(b, "which");
        if (rel_at || (b > 0 && (s_.is(b - 1, "that") || s_.is(b - 1, "which")))) {
          end = rel_at ? b : b - 1;
          b = phrase_back(end, common);
          if (b == end) break;
        }
        // "will run from 4 to 6 March", "to resume on Monday": a verb, not a phrase.
        if (b > 0 && (s_.toks[b - 1].lx(kAux) || s_.is(b - 1, "to")) &&
            !s_.toks[b].lx(kDeterminer)) {
          break;
        }
        if (common) {
          // "the trial of the former mayor on 2 March": the head of an "of" chain is the event.
          std::size_t hb = b, he = end;
          for (int hop = 0; hop < 2 && hb > 1 && s_.is(hb - 1, "of"); ++hop) {
            bool head_common = false;
            const std::size_t ob = phrase_back(hb - 1, head_common);
            if (ob == hb - 1 || !head_common || occurrence(s_.str(he - 1))) break;
            he = hb - 1;
            hb = ob;
          }
          return phrase_text(hb, he);
        }
        if (b < 2 || !(s_.is(b - 1, "to") || s_.is(b - 1, "of") || s_.is(b - 1, "in") ||
                       s_.is(b - 1, "with") || s_.is(b - 1, "at"))) {
          break;
        }
        end = b - 1;
      }
    }
    // 2. "the 3 May summit", "Monday's talks".
    {
      std::size_t k = m.e;
      const bool poss =
          s_.toks[m.e - 1].has(kPossessive) || (k < s_.size() && s_.toks[k].has(kPossessive));
      if (poss && !s_.toks[m.e - 1].has(kPossessive)) ++k;
      const bool det = m.b > 0 && s_.toks[m.b - 1].lx(kDeterminer);
      const std::size_t nb = k;
      while (k < s_.size() && k - nb < 4 && event_head(k)) ++k;
      if (k > nb && (poss || det)) {
        return phrase_text(nb, k);
      }
    }
    // 3. "is visiting South Korea from 29 to 30 January" → "visit".
    for (std::size_t k = p; k > 0 && p - k < 6; --k) {
      const Token& t = s_.toks[k - 1];
      if (!t.word() || t.has(kUsed | kQuoteMark)) break;
      if (!t.has(kCap)) {
        const std::string_view noun = event_noun(s_.str(t));
        if (!noun.empty()) return std::string(noun);
        if (!t.lx(kDeterminer | kPreposition)) break;
      }
    }
    // 4. The subject, after an opening adverbial ("On Monday, the union …"); when the date
    // opens the sentence, an event verb of the clause after it ("…, Lee will visit Japan").
    std::size_t k = 0;
    while (k < s_.size() && k < 4 && !s_.toks[k].word()) ++k;
    if (k < s_.size() && (s_.toks[k].lx(kPreposition) || s_.toks[k].has(kUsed))) {
      std::size_t c = k;
      while (c < s_.size() && c - k < 14 && !s_.toks[c].is(',')) ++c;
      if (c >= s_.size() || c - k >= 14) return {};
      k = c + 1;
      if (m.b <= c) {
        for (std::size_t v = k; v < s_.size() && v - k < 8; ++v) {
          if (s_.toks[v].has(kCap) || !s_.toks[v].word()) continue;
          const std::string_view noun = event_noun(s_.str(v));
          if (!noun.empty()) return std::string(noun);
        }
      }
    }
    std::size_t e = k;
    const bool det = e < s_.size() && s_.toks[e].word() && s_.toks[e].lx(kDeterminer);
    if (det) ++e;
    std::size_t last = e;
    // Without a determiner a capitalized word opens a name ("Governor Ruth Adeyemi won"), not
    // an event.
    for (;;) {
      // "A magnitude 5.8 earthquake struck": a number inside the subject, before its noun.
      if (e > k + (det ? 1 : 0) && e - k < 6 && e + 1 < s_.size() && s_.toks[e].number() &&
          event_head(e + 1)) {
        ++e;
        continue;
      }
      if (!(e < s_.size() && e - k < 6 && s_.toks[e].word() && is_content_word(s_, e) &&
            (det || e == first_word() || !s_.toks[e].has(kCap)) &&
            !s_.toks[e].has(kUsed | kInName | kQuoteMark) &&
            !s_.toks[e].lx(kLinkVerb | kReportVerb | kVerb | kAux))) {
        break;
      }
      // "Halvorsen started late": after the first word of the phrase, a past form or a
      // participle is the verb, not part of the subject ("the delayed vote" keeps its
      // modifier, which comes before any noun).
      if (e > k + (det ? 1 : 0) && !s_.toks[e].has(kCap) && verb_form(s_.str(e)) &&
          (event_head(e - 1) || s_.toks[e - 1].has(kCap))) {
        break;
      }
      // "The river burst its banks": a word followed by a determiner is the verb.
      if (e > k + (det ? 1 : 0) && e + 1 < s_.size() && s_.toks[e + 1].word() &&
          s_.toks[e + 1].lx(kDeterminer) && !s_.toks[e].has(kPossessive)) {
        break;
      }
      ++e;
      if (event_head(e - 1)) last = e;
    }
    // "The chief executive said hiring would resume next year": the subject of a reporting
    // verb is who spoke, not what happens.
    std::size_t v = e;
    while (v < s_.size() && v - e < 3 && s_.toks[v].word() &&
           (s_.toks[v].lx(kAdverb | kAux) || is_ly_adverb(s_.str(v)))) {
      ++v;
    }
    if (v < s_.size() && s_.toks[v].word() && !s_.toks[v].has(kCap) && s_.toks[v].lx(kReportVerb)) {
      return {};
    }
    if (last > k && event_head(last - 1)) return phrase_text(k, last);
    return {};
  }

  void emit(const Match& m) {
    for (std::size_t k = m.b; k < m.e; ++k) s_.toks[k].flags |= kUsed;
    NewFact f;
    f.fields.reserve(m.resolved ? 5 : 3);
    f.kind = "date";
    f.span = {s_.toks[m.b].b, s_.toks[m.e - 1].e};
    if (m.resolved) {
      f.fields.emplace_back("start", m.start);
      f.fields.emplace_back("end", m.end);
    }
    f.fields.emplace_back("precision", std::string(precision_name(m.precision)));
    f.fields.emplace_back("relative", m.relative);
    if (std::string ev = event_of(m); !ev.empty()) f.fields.emplace_back("event", std::move(ev));
    f.fields.emplace_back("text", std::string(s_.range(m.b, m.e)));
    out_.push_back(std::move(f));
  }

  Sentence& s_;
  const PubDate& pub_;
  std::vector<NewFact>& out_;
};

}  // namespace

PubDate parse_published(const std::map<std::string, std::string>& meta) {
  PubDate p;
  const auto it = meta.find("published");
  if (it == meta.end() || it->second.size() < 10) return p;
  Date d;
  if (!parse_iso_date(it->second.substr(0, 10), d)) return p;
  p.known = true;
  p.date = d;
  date_to_ymd(d, p.year, p.month, p.day);
  p.weekday = weekday_of(d);
  return p;
}

void find_dates(Sentence& s, const PubDate& pub, std::vector<NewFact>& out) {
  DateFinder(s, pub, out).run();
}

}  // namespace verity::extract
