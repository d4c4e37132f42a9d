// Owns the person key: a spelling-insensitive key under which the spelling and romanization
// variants of one name meet ("Kim Tong-Myong", "Kim Dong Myung" and "Kim Dong-myung" share a
// key; "Kim Yo-jong" and "Kim Jong-un" do not).
//
// Every name: lowercased; Latin accents folded (é→e, ß→ss); periods and apostrophes dropped
// (J. R. → j r, O’Brien → obrien).
//
// A Western name keeps its words: hyphens become spaces and words are joined by one space
// ("Jens Stoltenberg" → "jens stoltenberg", "Jean-Paul Sartre" → "jean paul sartre").
//
// A romanized East Asian name (every word splits into at most three syllables of the shape
// consonants–vowels–final n/ng/m/k/l/p/t/r, and the name starts or ends with a common Korean
// or Chinese surname, or holds a hyphenated word: "Kim Jong-un", "Xi Jinping", "Moon Jae-in")
// is keyed syllable by syllable, and the syllables are joined with no separator, because
// romanizations disagree on where syllables break ("Dong Myung" / "Dong-myung" / "Dongmyung").
// Each syllable is folded, in order:
//   oo→u, ee→i (Moon/Mun, Lee/Li); eo→o, ou→u, eu→u (Myeong/Myong, Kweon/Kwon);
//   yu→yo, then ung→ong (Myung/Myong, Jung/Jong);
//   ch→j (Chin/Jin); d→t, b→p, and g→k except in the final ng (Dong/Tong, Bak/Pak, Gun/Kun);
//   r before a consonant or at the end is dropped (Park/Pak);
//   doubled letters are single (kk→k, ss→s).
// Folding per syllable keeps the final "ng" apart from a following "g": "Jong-un" → jongun,
// "Jong-gun" → jongkun. A name that is not recognized as romanized is left unfolded, so that
// ordinary names are not merged by accident.
#pragma once

#include <string>
#include <string_view>

namespace verity {

// The key of a full name as written.
std::string name_key(std::string_view name);

// The key of one word of a name ("Kim", "Jong-gun", "Stoltenberg"), with the same rules applied
// to the word alone; used to resolve a surname or given name to a full mention.
std::string name_word_key(std::string_view word);

}  // namespace verity
