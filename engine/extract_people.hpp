// Owns people: finding full-name mentions in a sentence (2–4 capitalized words, with a title
// phrase before them and an appositive after them read into title and org), and the
// document's index of people mentioned so far, which resolves the short forms a quote is
// attributed with: a surname or given name alone ("Kim", "Jong-gun"), a pronoun ("he"), a role
// ("the researcher").
//
// What is not a name, by simple cues: a run ending in an organisation word (Ministry, Agency,
// Group, News…) or a place word (Street, River…), starting with a place cue (North, New, San,
// Port…), holding a month, weekday, nationality or place of the built-in gazetteer, or all in
// capitals (NATO); the first word of a sentence when it is a common sentence opener (The,
// During, Earlier, words in -ly); a run right after "the" (the Red Cross); a run after "in",
// "at" or "near" unless something person-like follows (a comma and "who", a reporting verb, a
// possessive); and every name in a Title Case headline, where capitals tell nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/extract_tokens.hpp"
#include "engine/fact_store.hpp"

namespace verity::extract {

enum class Gender : std::uint8_t { unknown, female, male };

struct PersonEntry {
  std::string key;    // name_key of the name
  std::string name;   // the latest full mention, as written
  std::string title;  // the latest title given, or ""
  Gender gender = Gender::unknown;
  std::uint32_t first_pos = 0;  // byte offset of the first mention
};

class PeopleIndex {
 public:
  // Records a full-name mention at byte `pos`; returns the person's index (one per key).
  std::uint32_t add(std::string_view name, std::string_view title, std::uint32_t pos,
                    Gender gender);
  // Records a resolved short mention (a surname, a pronoun) of `person` at `pos`.
  void note(std::uint32_t person, std::uint32_t pos);

  struct Match {
    int person = -1;
    bool ambiguous = false;  // two different people fit
  };
  // The person one word of a name refers to ("Kim", "Stoltenberg", "Jong-gun"), among people
  // first mentioned before `cutoff`. Ambiguous when two people fit: the caller keeps the word.
  Match by_word(std::string_view word, std::uint32_t cutoff) const;
  // The person mentioned last before `cutoff`, skipping those of the other gender when known.
  int nearest(std::uint32_t cutoff, Gender gender) const;
  // The person a role refers to ("researcher"): the last one before `cutoff` whose title holds
  // the role word, else the last one mentioned.
  int by_role(std::string_view role, std::uint32_t cutoff) const;

  // The organisation that last spoke (a quote's or a statement's speaker), for "it said".
  void note_org(std::string_view name, std::uint32_t pos) {
    last_org_.assign(name);
    last_org_pos_ = pos;
  }
  // That organisation when it spoke before `cutoff` and at most `reach` bytes before; "" else.
  std::string_view org_before(std::uint32_t cutoff, std::uint32_t reach) const {
    if (last_org_.empty() || last_org_pos_ >= cutoff || cutoff - last_org_pos_ > reach) return {};
    return last_org_;
  }

  const PersonEntry& person(std::uint32_t i) const { return people_[i]; }

 private:
  // Keys are computed once per distinct spelling (see key_of in the .cpp: the caches are per
  // thread and outlive the document, bounded).
  static const std::string& key_of(std::string_view name);
  static const std::string& word_key_of(std::string_view word);

  std::string last_org_;
  std::uint32_t last_org_pos_ = 0;
  std::vector<PersonEntry> people_;
  std::unordered_map<std::string, std::uint32_t> by_key_;
  // Key of one word of a name → the first two people (in order of first mention) with it.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_word_;
  struct Mention {
    std::uint32_t pos;
    std::uint32_t person;
  };
  std::vector<Mention> history_;  // in document order
};

// A full-name mention found in a sentence.
struct PersonMention {
  std::uint32_t tb = 0, te = 0;  // token range of the name
  std::uint32_t person = 0;      // index in the PeopleIndex
  std::string name, title, org;
};

// Finds the full-name mentions of `s` (marking their tokens kInName), emits a person fact for
// each, adds them to `people`, and notes resolvable one-word mentions ("Kim accused…").
void find_people(Sentence& s, PeopleIndex& people, std::vector<PersonMention>& mentions,
                 std::vector<NewFact>& out);

// Gender cue of a word (she, Mrs., queen / he, Mr., king), unknown otherwise.
Gender gender_of_word(const Token& t);

}  // namespace verity::extract
