// Owns figures: numbers with their scale, unit, qualifier and subject.
//
// A figure is digits (with thousands separators and decimals: 1,200 / 14.5) or number words
// (one … ninety, thirty-one, two hundred, a dozen, a million), times a scale (thousand,
// million, billion, trillion, bn, mn; m, k, b after a currency), with a unit: a currency
// ($ US$ € £ ¥ ₩, ISO codes, dollars euros pounds yen won yuan…), percent (%, percent,
// per cent, percentage points), or the noun phrase it counts ("31 advanced main battle tanks"
// → unit "tank", subject "advanced main battle tanks"). A qualifier before it (about, around,
// nearly, almost, roughly, some, over, up to, as many as → approx; more than, at least, less
// than, at most, under, below, above → a bound, not approx) is kept with it.
//
// A range ("10 to 15", "10-15%", "between 10 and 15 percent", "$10-15 million", "ten to fifteen
// thousand") is one figure: value is its lower end, high its upper end, and a scale or unit
// written once applies to both ends. "from 10 to 15" is a change (two figures), "3-2" a score
// and "555-0100" a phone number: a number glued to another by a dash is a range only when
// something measured follows (%, a scale, a currency, a plural noun).
//
// The subject of an amount or a percentage is what it is the value of: the noun phrase after
// it ("a $5 billion deal", "5% of the vote", "$2 million in aid") or before it ("the contract,
// worth $12.5 million", "a budget of $3 billion", "inflation rose to 3.2%"); unset when none
// is found, like the unit of a bare number, so that rules never compare unrelated figures.
//
// Not figures: years (1800–2100 standing alone), numbers of dates and times (10:30, 5 p.m.),
// ordinals (1st, 21st), decades (1990s), phone-like numbers (555-0100, +1…), ranges and
// scores (3-2), fractions and numeric dates (1/2, 29/01), numbers inside identifiers (F-16,
// COVID-19, Flight 370, Article 5, No. 10, Boeing 737), and number words that count nothing
// ("one of the", "the two said").
#pragma once

#include <vector>

#include "engine/extract_tokens.hpp"
#include "engine/fact_store.hpp"

namespace verity::extract {

// Finds the figures of `s` (tokens of dates are already marked kUsed), marks their tokens
// kUsed and emits a figure fact for each.
void find_figures(Sentence& s, std::vector<NewFact>& out);

// The singular of a lowercase English noun: tanks → tank, people → person, companies → company.
std::string singular(std::string_view noun);

}  // namespace verity::extract
