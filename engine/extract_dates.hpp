// Owns dates: "29 January 2024", "January 29, 2024", with or without a weekday ("Friday, 24
// May 2024"); ranges in a month ("from 29 to 30 January", "29-30 January", "January 29-30")
// and across months ("January 30 to February 1"); months ("January 2024", "in December",
// "since October"); a year after "in" ("in 2022"); ISO dates (2024-01-29); and dates relative to
// the publication date ("yesterday", "on Monday", "last year", "in December last year", "two
// weeks ago"), resolved against doc.meta["published"] when it is known. Numeric dates with
// slashes are read only when their order is certain: 29/01/2024 (a part above 12 is the day),
// 05/05/2024, 2024/01/29; 03/04/2024 and two-digit years are neither dates nor figures.
// Each date also gets the event it is attached to (the noun phrase before its preposition,
// "the summit on 3 May"; see event_of in the .cpp for the order of the cues).
//
// Choices: a date without a year takes the year (publication year, or the one before or after)
// that puts it closest to the publication date, so "December 28" in an article of 5 January
// is last December. A bare weekday is the latest such day on or before publication, unless
// the sentence speaks of the future before it (will, scheduled, due…): then the next one.
// Without a publication date, relative dates keep their text and precision but no start/end.
// A year alone elsewhere ("2022 was hard") is neither a date nor a figure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/extract_tokens.hpp"
#include "engine/fact_store.hpp"
#include "engine/value.hpp"

namespace verity::extract {

struct PubDate {
  bool known = false;
  Date date;
  int year = 0;
  unsigned month = 0, day = 0;
  int weekday = 0;  // Monday = 0
};

// From meta["published"] (YYYY-MM-DD, or an ISO timestamp starting so).
PubDate parse_published(const std::map<std::string, std::string>& meta);

// Finds the dates of `s`, marks their tokens kUsed and emits a date fact for each.
void find_dates(Sentence& s, const PubDate& pub, std::vector<NewFact>& out);

}  // namespace verity::extract
