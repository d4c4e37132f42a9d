// Owns the extractor's word lists: one table from a lowercase word to everything the scanners
// need to know about it (month, weekday, reporting verb, title, number word, currency…), so a
// word of a document costs one hash lookup however many lists it is checked against. The lists
// are English news vocabulary, kept small on purpose: each entry is there because a rule of
// extract_*.cpp asks for it.
#pragma once

#include <cstdint>
#include <string_view>

namespace verity::extract {

enum LexFlag : std::uint64_t {
  kMonth = 1ull << 0,          // january … december (month = 1..12)
  kMonthAbbr = 1ull << 1,      // jan feb … (month set; needs a following day or a dot)
  kWeekday = 1ull << 2,        // monday … sunday (weekday = 0..6, Monday = 0)
  kStop = 1ull << 3,           // function word: never part of a name or a noun phrase
  kDeterminer = 1ull << 4,     // the a an this its their …
  kPreposition = 1ull << 5,    // of in on at to for from by with …
  kPronoun = 1ull << 6,        // he she they it we i you
  kAux = 1ull << 7,            // is was has had will would …
  kReportVerb = 1ull << 8,     // every form of a reporting verb (said, says, saying, say)
  kReportStrong = 1ull << 9,   // forms that are rarely nouns (said, says, asserted, warns)
  kAdverb = 1ull << 10,        // may stand between a speaker and the verb (reportedly, also)
  kTitleHead = 1ull << 11,     // president, minister, researcher, mayor, dr. …
  kTitleMod = 1ull << 12,      // foreign, prime, deputy, senior … (inside a title)
  kOrgWord = 1ull << 13,       // ministry, agency, group, news … (a capitalized run is an org)
  kPlaceWord = 1ull << 14,     // street, river, city … (a capitalized run is a place)
  kPlaceFirst = 1ull << 15,    // north, new, san, port … (a run starting so is a place)
  kPlaceName = 1ull << 16,     // korea, japan, seoul, kyiv … (a small gazetteer)
  kNationality = 1ull << 17,   // russian, korean, american …
  kRole = 1ull << 18,          // lowercase role nouns a speaker is named by (the researcher)
  kOrgNoun = 1ull << 19,       // lowercase heads of organisations (the ministry, state media)
  kNumberWord = 1ull << 20,    // one … ninety, hundred, dozen (number = value)
  kScale = 1ull << 21,         // thousand million billion bn … (scale = power of ten)
  kScaleMoney = 1ull << 22,    // m k b: a scale only right after a currency amount
  kCurrencyWord = 1ull << 23,  // dollars euros yen won … (currency = index)
  kCurrencyCode = 1ull << 24,  // usd eur gbp … (only when written in capitals)
  kQualifier = 1ull << 25,     // about around nearly … (one-word figure qualifiers)
  kStarter = 1ull << 26,       // capitalized, begins a sentence and is not a name (The, But)
  kRelativeDay = 1ull << 27,   // yesterday today tomorrow tonight
  kLinkVerb = 1ull << 28,      // is was rose fell reached … (links a subject to a figure)
  kVerb = 1ull << 29,          // common verbs that end a counted noun phrase (remain, died)
  kTimeWord = 1ull << 30,      // a.m. p.m. gmt o'clock: the number before is a time
  kParticle = 1ull << 31,      // de van von bin al: lowercase parts of names
  kEastAsianSurname = 1ull << 32,  // kim lee park xi … (name_key's romanization cue)
  kIdentPrefix = 1ull << 33,  // no. article flight route …: the number after is an identifier
  kAbbrevTitle = 1ull << 34,  // mr dr gen …: a period after them never ends a sentence
  kAbbrevOther = 1ull << 35,  // jan no vol inc …: a period ends a sentence only before a starter
  kFemale = 1ull << 36,       // she mrs queen sister …
  kMale = 1ull << 37,         // he mr king brother …
  kChannelNoun = 1ull << 38,  // statement piece interview … (in a statement posted by X)
  kFutureCue = 1ull << 39,    // will shall scheduled due …: a bare weekday lies ahead
  kPeriodWord = 1ull << 40,   // day(s) week(s) month(s) year(s)
  kNameSuffix = 1ull << 41,   // jr. sr.
};

struct LexEntry {
  std::uint64_t flags = 0;
  std::int32_t number = 0;    // value of a number word
  std::uint8_t month = 0;     // 1..12
  std::uint8_t weekday = 0;   // 0..6, Monday = 0
  std::uint8_t scale = 0;     // power of ten
  std::uint8_t currency = 0;  // index into currency_code()
  bool has(std::uint64_t f) const { return (flags & f) != 0; }
};

// The entry of a lowercase word; an entry with no flags for an unknown word.
const LexEntry& lex_lookup(std::string_view lower);

// Looks `word` up case-insensitively (ASCII); words longer than 31 bytes are unknown.
const LexEntry& lex_of(std::string_view word);

// ISO 4217 code of a currency index ("USD"); "" for 0.
std::string_view currency_code(unsigned index);

}  // namespace verity::extract
