// Owns quote attribution: who said a quote, with which verb, through which channel. Patterns,
// within the sentence(s) holding the quote, tried in this order:
//   after the quote:  “…,” Kim said / “…,” said Mayor Ann Lee / “…,” the ministry told reporters
//   before it:        Kim said: “…” / Kim said, “…” / Kim warned that … “…” (the nearest
//                     reporting verb), Kwon, who directs X, cautioned that … “…” (appositive)
//   according to:     According to Kim Dong-myung, … “…”
//   the subject:      state media expressed …, calling it a “…” (participle after a comma), or
//                     the sentence's subject for a partial quote ("Stoltenberg urged Seoul to
//                     “step up”…") when it names a person, a role or an organisation.
// A speaker written as a full name is kept as written. A surname or given name alone ("Kim"),
// a pronoun ("he", "she") or a definite role ("the researcher") is resolved to the person the
// document mentioned before (see PeopleIndex); when two people fit the surname, the speaker
// stays as written. Organisations are speakers as written ("the ministry", "KCNA").
// `resolved` is false when the speaker stays as written because resolution failed (a short
// name unknown or shared by two people, a pronoun or definite role with nobody to point to);
// organisations, full names and indefinite descriptions ("a senior official") are resolved.
// Also owns statements: reported speech without quotation marks (find_statements).
// The channel (via) is read from "… posted by X", "according to a statement posted by X",
// "X reported" / "reported X", "in a statement", "told X" (a news organisation).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/extract_people.hpp"
#include "engine/extract_tokens.hpp"

namespace verity::extract {

// A sentence after the finders ran: its tokens (dates, figures, names marked) and its people.
struct Analyzed {
  Sentence s;
  std::vector<PersonMention> persons;
};

struct Attribution {
  bool found = false;     // an attribution was read, even if its speaker could not be resolved
  bool resolved = false;  // the speaker names someone (see Speaker in the .cpp); with speaker
  std::string speaker, title, verb, via;
};

// Attribution of the quote whose opening mark is token `open_tok` of `open` and whose closing
// mark is token `close_tok` of `close` (the same sentence, or a later one for a quote running
// over sentences). A token index past the end means the mark was not found: that side is empty.
Attribution attribute_quote(const Analyzed& open, std::size_t open_tok, const Analyzed& close,
                            std::size_t close_tok, std::uint32_t quote_b, PeopleIndex& people);

// Emits a statement fact for reported speech without quotation marks in sentence `a` ("Kim
// said that …", "According to the ministry, …", "…, the mayor said."), at most one.
void find_statements(const Analyzed& a, PeopleIndex& people, std::vector<NewFact>& out);

}  // namespace verity::extract
