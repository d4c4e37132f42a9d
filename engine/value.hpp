// Owns the run-time values of fact fields and rule expressions: unset, true/false, number,
// text, date, or a reference to another fact.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace verity {

// Days since 1970-01-01 (proleptic Gregorian calendar).
struct Date {
  std::int32_t days = 0;
  bool operator==(const Date&) const = default;
  auto operator<=>(const Date&) const = default;
};

// Index of a fact in its FactStore.
struct FactRef {
  std::uint32_t index = 0;
  bool operator==(const FactRef&) const = default;
  auto operator<=>(const FactRef&) const = default;
};

// std::monostate is "not set".
using Value = std::variant<std::monostate, bool, double, std::string, Date, FactRef>;

inline bool is_set(const Value& v) {
  return !std::holds_alternative<std::monostate>(v);
}

Date date_from_ymd(int year, unsigned month, unsigned day);
void date_to_ymd(Date d, int& year, unsigned& month, unsigned& day);
// "2024-01-29"
std::string to_iso(Date d);
// Parses "YYYY-MM-DD"; false when the text is not a valid date.
bool parse_iso_date(const std::string& text, Date& out);

}  // namespace verity
