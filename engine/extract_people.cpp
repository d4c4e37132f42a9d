// Person mentions and the people index (see extract_people.hpp). A sentence is read as runs of
// capitalized words; the name is the longest tail of a run whose words can be name words, the
// words before it are a title ("Foreign Minister") and an organisation ("South Korean"), and an
// appositive after it (", who directs X," / ", an employee of X,") fills what is still missing.
// Every lookback and lookahead is bounded by a few tokens.
#include "engine/extract_people.hpp"

#include <algorithm>

#include "engine/extract_fields.hpp"
#include "engine/name_key.hpp"
#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

// Words that are never part of a name. Place words (Street, Park, Hall) are checked apart: they
// end place names but begin Korean ones (Park Ji-hoon).
constexpr std::uint64_t kNotName = kMonth | kWeekday | kStop | kOrgWord | kPlaceName |
                                   kNationality | kNumberWord | kRelativeDay | kPronoun |
                                   kDeterminer | kPreposition;

// Sentence openers that are not names when they start a run at the sentence start.
constexpr std::uint64_t kOpener = kStarter | kStop | kPronoun | kDeterminer | kPreposition |
                                  kAdverb | kReportVerb | kAux | kVerb | kLinkVerb | kRelativeDay |
                                  kRole | kQualifier | kOrgNoun;

bool cap_word(const Token& t) {
  return t.word() && t.has(kCap) && !t.has(kPossessive | kUsed | kQuoteMark);
}

std::size_t first_word(const Sentence& s) {
  for (std::size_t i = 0; i < s.size() && i < 4; ++i) {
    if (s.toks[i].word()) return i;
  }
  return s.size();
}

// A lowercase profession noun right before a name is its title: "hydrologist Gemma Rowe",
// "economist Ana Ruiz". Only the -ist, -logist and -grapher families: other endings (-er,
// -or) catch too many ordinary nouns.
bool job_noun(std::string_view w) {
  return w.size() > 5 && (iends_with(w, "ist") || iends_with(w, "grapher"));
}

bool is_particle(const Token& t) {
  return t.word() && !t.has(kCap) && t.lx(kParticle);
}

// Whether token i can be a word of a person's name.
bool name_word(const Sentence& s, std::size_t i) {
  const Token& t = s.toks[i];
  if (!cap_word(t) || t.has(kAllCaps | kDotted | kHasDigit)) return false;
  if (t.lx(kNotName)) return false;
  return true;
}

std::string lower(std::string_view w) {
  std::string out;
  fold_append(w, out);
  return out;
}

// A verb of ", who directs X," and the title it gives.
std::string_view appositive_title(std::string_view verb) {
  struct Map {
    std::string_view verb, title;
  };
  static constexpr Map kMap[] = {{"directs", "director"},
                                 {"heads", "head"},
                                 {"leads", "leader"},
                                 {"chairs", "chair"},
                                 {"runs", "head"},
                                 {"founded", "founder"},
                                 {"co-founded", "co-founder"},
                                 {"represents", "representative"},
                                 {"manages", "manager"},
                                 {"commands", "commander"},
                                 {"oversees", "head"},
                                 {"edits", "editor"},
                                 {"advises", "adviser"},
                                 {"directed", "director"},
                                 {"headed", "head"},
                                 {"led", "leader"},
                                 {"chaired", "chair"}};
  for (const Map& m : kMap) {
    if (iequals(verb, m.verb)) return m.title;
  }
  return {};
}

bool clause_end(const Token& t) {
  return t.is(',') || t.is(';') || t.is('.') || t.is(')') || t.is(':') || t.has(kQuoteMark) ||
         is_dash_char(t.cp);
}

// Tokens from k up to the end of the clause (a comma, a period…), at most `limit`.
std::size_t clause_from(const Sentence& s, std::size_t k, std::size_t limit) {
  std::size_t m = k;
  while (m < s.size() && m - k < limit && !clause_end(s.toks[m])) ++m;
  return m;
}

// Drops a leading "the" from an organisation written after a preposition.
std::string_view org_text(const Sentence& s, std::size_t b, std::size_t e) {
  if (b < e && s.is(b, "the")) ++b;
  if (b >= e) return {};
  return s.range(b, e);
}

struct Found {
  std::size_t ns = 0, ne = 0;  // name tokens
  std::string title, org;
  Gender gender = Gender::unknown;
};

class PeopleFinder {
 public:
  PeopleFinder(Sentence& s, PeopleIndex& people, std::vector<PersonMention>& mentions,
               std::vector<NewFact>& out)
      : s_(s), people_(people), mentions_(mentions), out_(out), fw_(first_word(s)) {}

  void run() {
    const std::size_t n = s_.size();
    for (std::size_t i = 0; i < n;) {
      if (!cap_word(s_.toks[i])) {
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      while (j < n && j - i < 10) {
        const Token& t = s_.toks[j];
        if (cap_word(t) && !t.lx(kStop)) {
          ++j;
        } else if (is_particle(t) && j + 1 < n && cap_word(s_.toks[j + 1])) {
          ++j;
        } else {
          break;
        }
      }
      run_of(i, j);
      i = j;
    }
    note_single_words();
  }

 private:
  void run_of(std::size_t rb, std::size_t re) {
    if (rb == fw_) {
      const Token& t = s_.toks[rb];
      if (t.lx(kOpener) || is_ly_adverb(s_.str(t))) ++rb;
    }
    while (rb < re && s_.toks[rb].lx(kStop | kDeterminer | kPreposition)) ++rb;
    if (re - rb < 2) return;
    // The name: the longest tail of the run made of name words (particles inside).
    std::size_t ne = re;
    if (s_.toks[ne - 1].lx(kNameSuffix) && ne - 1 > rb) --ne;  // Jr.
    std::size_t ns = ne;
    while (ns > rb) {
      const Token& t = s_.toks[ns - 1];
      const bool last = ns == ne;
      if (is_particle(t) && !last) {
        --ns;
        continue;
      }
      if (!name_word(s_, ns - 1)) break;
      // A title word is a name word only as the last word after a given name: Stephen King.
      if (t.lx(kTitleHead) && !last) break;
      --ns;
    }
    while (ns < ne && is_particle(s_.toks[ns])) ++ns;
    if (ns < ne && s_.toks[ne - 1].lx(kTitleHead) &&
        (ne - ns < 2 || s_.toks[ne - 2].lx(kTitleHead | kTitleMod))) {
      --ne;  // "Prime Minister", "Secretary General": a title, not a surname
    }
    if (ne < re && ne > ns && !s_.toks[ne].lx(kNameSuffix)) return;
    // Leading modifiers belong to a title ("Deputy", "Senior"), not to the name.
    while (ns < ne && s_.toks[ns].lx(kTitleMod)) ++ns;
    std::size_t words = 0;
    for (std::size_t k = ns; k < ne; ++k) words += is_particle(s_.toks[k]) ? 0 : 1;
    if (words < 2 || words > 4) return;
    if (s_.toks[ns].lx(kPlaceFirst)) return;     // North Korea, New York, Port Elling
    if (s_.toks[ne - 1].lx(kPlaceWord)) return;  // Harbor Street, Central Park
    if (ns == rb && rb > 0 && place_preposition(rb - 1) && !person_follows(re)) return;
    // "the Red Cross", "the Wall Street Journal": a name right after "the" is not a person's.
    if (ns == rb && rb > 0 && s_.is(rb - 1, "the")) return;
    // "Institute for Disarmament Studies", "University of Greater Manchester": the rest of an
    // organisation's name.
    if (ns == rb && rb >= 2 && (s_.is(rb - 1, "for") || s_.is(rb - 1, "of")) &&
        s_.toks[rb - 2].has(kCap) && s_.toks[rb - 2].lx(kOrgWord)) {
      return;
    }
    if (ne < re) ne = re;  // keep the suffix (Jr.) in the name
    Found f;
    f.ns = ns;
    f.ne = ne;
    const std::size_t tb = read_title(f);
    read_org(f, tb);
    if (f.title.empty()) read_title_before_comma(f);
    if (f.title.empty() || f.org.empty()) read_appositive(f);
    if (f.org.empty()) read_of_org(f);
    emit(f);
  }

  bool place_preposition(std::size_t i) const {
    return s_.is(i, "in") || s_.is(i, "at") || s_.is(i, "near");
  }

  bool person_follows(std::size_t k) const {
    if (k >= s_.size()) return false;
    const Token& t = s_.toks[k];
    if (t.has(kPossessive)) return true;
    if (t.word() && t.lx(kReportVerb)) return true;
    return t.is(',') && s_.is(k + 1, "who");
  }

  // The title phrase right before the name; returns the index where it starts.
  std::size_t read_title(Found& f) {
    std::size_t p = f.ns;
    bool head = false;
    while (p > 0 && f.ns - p < 6) {
      const Token& t = s_.toks[p - 1];
      if (!t.word() || t.has(kPossessive | kQuoteMark | kInName)) break;
      if ((t.lx(kTitleHead) && !t.lx(kDeterminer | kPronoun)) ||
          (p == f.ns && !t.has(kCap) && job_noun(s_.str(t)))) {
        head = true;
      } else if (t.lx(kTitleMod)) {
        // a modifier: Foreign, Prime, Deputy, political
      } else if (s_.is(p - 1, "of") && p >= 2 && s_.toks[p - 2].lx(kTitleHead)) {
        // Secretary of State
      } else {
        break;
      }
      if (t.has(kAllCaps) && !t.lx(kTitleHead)) break;
      --p;
    }
    while (p < f.ns && (s_.is(p, "of") || !s_.toks[p].lx(kTitleHead | kTitleMod)) &&
           !(p + 1 == f.ns && job_noun(s_.str(p)))) {
      ++p;
    }
    if (!head || p >= f.ns) return f.ns;
    f.title = std::string(s_.range(p, f.ns));
    for (std::size_t k = p; k < f.ns; ++k) {
      const Gender g = gender_of_word(s_.toks[k]);
      if (g != Gender::unknown) f.gender = g;
    }
    return p;
  }

  // A title in front of an appositive name: "its chief executive, Ilse Marant, said", "the
  // company's founder, Marcus Ode,": lowercase title words after a determiner or possessive,
  // then a comma, the name, and a comma after it.
  void read_title_before_comma(Found& f) {
    if (f.ns < 3 || !s_.toks[f.ns - 1].is(',') || f.ne >= s_.size() || !s_.toks[f.ne].is(',')) {
      return;
    }
    const std::size_t p = f.ns - 1;
    std::size_t k = p;
    bool head = false;
    while (k > 0 && p - k < 4) {
      const Token& t = s_.toks[k - 1];
      if (!t.word() || t.has(kCap | kQuoteMark) || !t.lx(kTitleHead | kTitleMod | kRole)) break;
      head = head || t.lx(kTitleHead | kRole);
      --k;
    }
    if (!head || k == p || k == 0) return;
    const Token& before = s_.toks[k - 1];
    if (!before.lx(kDeterminer) && !before.has(kPossessive)) return;
    f.title = std::string(s_.range(k, p));
  }

  // The capitalized words before the title (or the name): NATO, South Korean, Russian Foreign
  // Ministry. Kept when there is a title or when they look like an organisation.
  void read_org(Found& f, std::size_t tb) {
    std::size_t q = tb;
    while (q > 0 && tb - q < 5) {
      const Token& t = s_.toks[q - 1];
      if (t.has(kPossessive) && q >= 2 && cap_word(s_.toks[q - 2])) {
        --q;
        continue;
      }
      if (!t.word() || !t.has(kCap) || t.has(kQuoteMark | kInName | kUsed)) break;
      if (t.lx(kStop | kDeterminer)) break;
      if (q - 1 == fw_ && t.lx(kOpener)) break;
      --q;
    }
    std::size_t e = tb;
    while (e > q && s_.toks[e - 1].has(kPossessive)) --e;
    if (q >= e) return;
    bool orgish = !f.title.empty();
    for (std::size_t k = q; k < e; ++k) {
      const Token& t = s_.toks[k];
      orgish = orgish || t.has(kAllCaps | kDotted) || t.lx(kOrgWord);
    }
    if (orgish) f.org = std::string(s_.range(q, e));
  }

  void read_appositive(Found& f) {
    std::size_t k = f.ne;
    if (k + 2 >= s_.size() || !s_.toks[k].is(',')) return;
    ++k;
    if (s_.is(k, "who")) {
      const std::string_view title = appositive_title(s_.str(k + 1));
      if (!title.empty()) {
        const std::size_t e = clause_from(s_, k + 2, 14);
        if (f.title.empty()) f.title = std::string(title);
        if (f.org.empty()) f.org = std::string(org_text(s_, k + 2, e));
        return;
      }
      if (s_.is(k + 1, "is") || s_.is(k + 1, "was") || s_.is(k + 1, "serves") ||
          s_.is(k + 1, "served")) {
        k += 2;
        if (s_.is(k, "as")) ++k;
      } else {
        return;
      }
    }
    // ", North Korea’s foreign minister,"
    std::size_t m = k;
    while (m < s_.size() && m - k < 4 && cap_word(s_.toks[m])) ++m;
    if (m > k && m < s_.size() && s_.toks[m].has(kPossessive)) {
      const std::size_t e = title_words(m + 1);
      if (e > m + 1 && (f.title.empty() || f.org.empty())) {
        if (f.title.empty()) f.title = std::string(s_.range(m + 1, e));
        if (f.org.empty()) f.org = std::string(s_.range(k, m));
      }
      return;
    }
    // ", an employee of X," / ", the head of X," / ", a spokesperson for X,"
    if (!s_.toks[k].lx(kDeterminer) || s_.toks[k].has(kCap)) return;
    const std::size_t e = title_words(k + 1);
    if (e == k + 1) return;
    bool titled = false;
    for (std::size_t t = k + 1; t < e; ++t) titled = titled || s_.toks[t].lx(kTitleHead | kRole);
    if (!titled) return;
    if (f.title.empty()) f.title = std::string(s_.range(k + 1, e));
    if (f.org.empty() && e < s_.size() &&
        (s_.is(e, "of") || s_.is(e, "at") || s_.is(e, "for") || s_.is(e, "with") ||
         s_.is(e, "from") || s_.is(e, "in"))) {
      const std::size_t oe = clause_from(s_, e + 1, 14);
      f.org = std::string(org_text(s_, e + 1, oe));
    }
  }

  // "Lee Min-ji of Hanbit University", "Ana Ruiz of the Central Bank": capitalized words after
  // "of" ending in an organisation word.
  void read_of_org(Found& f) {
    std::size_t k = f.ne;
    if (!s_.is(k, "of")) return;
    ++k;
    if (s_.is(k, "the")) ++k;
    std::size_t e = k;
    while (e < s_.size() && e - k < 6 && cap_word(s_.toks[e])) ++e;
    if (e > k && s_.toks[e - 1].lx(kOrgWord)) f.org = std::string(s_.range(k, e));
  }

  // Words of a title in an appositive: lowercase content words or title words, at most 4.
  std::size_t title_words(std::size_t k) const {
    std::size_t m = k;
    while (m < s_.size() && m - k < 4) {
      const Token& t = s_.toks[m];
      if (!t.word() || t.has(kPossessive)) break;
      if (t.lx(kPreposition | kDeterminer | kAux | kPronoun | kReportVerb)) break;
      if (t.has(kCap) && !t.lx(kTitleHead | kTitleMod)) break;
      ++m;
    }
    return m;
  }

  void emit(const Found& f) {
    // One spelling however the line was wrapped: "Jonas\nAbernethy-Quist" is "Jonas
    // Abernethy-Quist".
    const std::string name = squeeze_space(s_.range(f.ns, f.ne));
    for (std::size_t k = f.ns; k < f.ne; ++k) s_.toks[k].flags |= kInName;
    const std::uint32_t pos = s_.toks[f.ns].b;
    const std::uint32_t id = people_.add(name, f.title, pos, f.gender);
    NewFact fact;
    fact.kind = "person";
    fact.fields.reserve(2 + !f.title.empty() + !f.org.empty());
    fact.span = {pos, s_.toks[f.ne - 1].e};
    fact.fields.emplace_back("name", name);
    fact.fields.emplace_back("key", people_.person(id).key);
    if (!f.title.empty()) fact.fields.emplace_back("title", f.title);
    if (!f.org.empty()) fact.fields.emplace_back("org", f.org);
    out_.push_back(std::move(fact));
    mentions_.push_back({static_cast<std::uint32_t>(f.ns), static_cast<std::uint32_t>(f.ne), id,
                         std::string(name), f.title, f.org});
  }

  // "Kim accused…", "Stoltenberg pushed…": one word of a known name, when only one person
  // fits, is a mention of that person (what a later "he" may point back to).
  void note_single_words() {
    for (std::size_t i = 0; i < s_.size(); ++i) {
      const Token& t = s_.toks[i];
      if (t.has(kInName) || !name_word(s_, i) || t.lx(kTitleHead | kTitleMod)) continue;
      if (i == fw_ && t.lx(kOpener)) continue;
      if (i + 1 < s_.size() && cap_word(s_.toks[i + 1])) continue;
      if (i > 0 && cap_word(s_.toks[i - 1]) && !s_.toks[i - 1].lx(kTitleHead)) continue;
      if (t.e - t.b < 2 || t.has(kInitial)) continue;
      const PeopleIndex::Match m = people_.by_word(s_.str(t), t.b);
      if (m.person >= 0 && !m.ambiguous) {
        people_.note(static_cast<std::uint32_t>(m.person), t.b);
      }
    }
  }

  Sentence& s_;
  PeopleIndex& people_;
  std::vector<PersonMention>& mentions_;
  std::vector<NewFact>& out_;
  std::size_t fw_;
};

}  // namespace

Gender gender_of_word(const Token& t) {
  if (t.lx(kFemale)) return Gender::female;
  if (t.lx(kMale)) return Gender::male;
  return Gender::unknown;
}

std::uint32_t PeopleIndex::add(std::string_view name, std::string_view title, std::uint32_t pos,
                               Gender gender) {
  std::string key = key_of(name);
  std::uint32_t id = 0;
  const auto it = by_key_.find(key);
  if (it == by_key_.end()) {
    id = static_cast<std::uint32_t>(people_.size());
    by_key_.emplace(key, id);
    people_.push_back({std::move(key), std::string(name), std::string(title), gender, pos});
  } else {
    id = it->second;
    PersonEntry& p = people_[id];
    p.name = std::string(name);
    if (!title.empty()) p.title = std::string(title);
    if (gender != Gender::unknown) p.gender = gender;
  }
  // Each word of the name, for "Kim said" / "Stoltenberg said".
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t j = name.find(' ', i);
    if (j == std::string_view::npos) j = name.size();
    if (j > i) {
      std::vector<std::uint32_t>& ids = by_word_[word_key_of(name.substr(i, j - i))];
      if (ids.size() < 2 && std::find(ids.begin(), ids.end(), id) == ids.end()) {
        ids.push_back(id);
      }
    }
    i = j + 1;
  }
  history_.push_back({pos, id});
  return id;
}

namespace {

// Name keys by spelling. A key is a pure function of the spelling and costs a syllable parse;
// a document names the same people again and again, and the documents of one run (a story's
// articles, a day's wire) name the same people too, so the caches live per thread across
// documents. They are bounded (cleared when full): on binary junk every capitalized run looks
// like a new name, and memory must not grow with the corpus.
constexpr std::size_t kMaxCachedKeys = 1 << 14;

struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using KeyCache = std::unordered_map<std::string, std::string, KeyHash, std::equal_to<>>;

template <std::string (*Key)(std::string_view)>
const std::string& cached_key(KeyCache& cache, std::string_view spelling) {
  auto it = cache.find(spelling);
  if (it == cache.end()) {
    if (cache.size() >= kMaxCachedKeys) cache.clear();
    it = cache.emplace(std::string(spelling), Key(spelling)).first;
  }
  return it->second;
}

}  // namespace

const std::string& PeopleIndex::key_of(std::string_view name) {
  thread_local KeyCache cache;
  return cached_key<name_key>(cache, name);
}

const std::string& PeopleIndex::word_key_of(std::string_view word) {
  thread_local KeyCache cache;
  return cached_key<name_word_key>(cache, word);
}

void PeopleIndex::note(std::uint32_t person, std::uint32_t pos) {
  history_.push_back({pos, person});
}

PeopleIndex::Match PeopleIndex::by_word(std::string_view word, std::uint32_t cutoff) const {
  Match m;
  if (people_.empty() || people_.front().first_pos >= cutoff) return m;
  const auto it = by_word_.find(word_key_of(word));
  if (it == by_word_.end()) return m;
  // People are listed in order of their first mention, so the first two decide.
  for (std::uint32_t id : it->second) {
    if (people_[id].first_pos >= cutoff) break;
    if (m.person >= 0) {
      m.ambiguous = true;
      break;
    }
    m.person = static_cast<int>(id);
  }
  return m;
}

int PeopleIndex::nearest(std::uint32_t cutoff, Gender gender) const {
  std::size_t steps = 0;
  for (std::size_t k = history_.size(); k > 0 && steps < 64; --k, ++steps) {
    const Mention& m = history_[k - 1];
    if (m.pos >= cutoff) continue;
    const Gender g = people_[m.person].gender;
    if (gender != Gender::unknown && g != Gender::unknown && g != gender) continue;
    return static_cast<int>(m.person);
  }
  return -1;
}

int PeopleIndex::by_role(std::string_view role, std::uint32_t cutoff) const {
  const std::string r = lower(role);
  std::size_t steps = 0;
  for (std::size_t k = history_.size(); k > 0 && steps < 64; --k, ++steps) {
    const Mention& m = history_[k - 1];
    if (m.pos >= cutoff) continue;
    const std::string title = lower(people_[m.person].title);
    if (!r.empty() && title.find(r) != std::string::npos) return static_cast<int>(m.person);
  }
  return nearest(cutoff, Gender::unknown);
}

void find_people(Sentence& s, PeopleIndex& people, std::vector<PersonMention>& mentions,
                 std::vector<NewFact>& out) {
  if (s.headline) return;
  PeopleFinder(s, people, mentions, out).run();
}

}  // namespace verity::extract
