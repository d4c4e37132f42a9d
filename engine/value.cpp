// Calendar arithmetic for Date (days from civil, after H. Hinnant's public-domain algorithm).
#include "engine/value.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace verity {

Date date_from_ymd(int year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + static_cast<int>(doe) - 719468};
}

void date_to_ymd(Date d, int& year, unsigned& month, unsigned& day) {
  const int z = d.days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

std::string to_iso(Date d) {
  int y = 0;
  unsigned m = 0, day = 0;
  date_to_ymd(d, y, m, day);
  return fmt::format("{:04}-{:02}-{:02}", y, m, day);
}

bool parse_iso_date(const std::string& text, Date& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int y = std::stoi(text.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const Date candidate = date_from_ymd(y, m, d);
  int yy = 0;
  unsigned mm = 0, dd = 0;
  date_to_ymd(candidate, yy, mm, dd);
  if (yy != y || mm != m || dd != d) return false;  // 2023-02-30 and the like
  out = candidate;
  return true;
}

}  // namespace verity
