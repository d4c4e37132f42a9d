// Generates the synthetic news archive of the audit benchmark (bench/run_audit_bench.sh): a JSON
// Lines archive (.jsonl, or .jsonl.gz written with zlib) of English news articles grouped in
// stories. Deterministic: the same --seed and --articles give the same bytes.
//
// A story is one set of facts (a lead person with a title, a second person, two figures with
// their subjects, a dated event, a quote) told by 2 to 6 outlets, published within 4 days of
// each other, each in its own words (sentence templates chosen per article) with commentary
// around the facts, 2–4 KB per article. About 10% of stories (--planted-percent) carry ONE planted
// discrepancy in one of their articles, of a kind a shipped rule pack detects:
//   figure        a figure 8–30% off in one source                       figure.agrees
//   date          the event dated a week later in one source             date.agrees
//   spelling      the lead person's surname accented in one source       person.spelling
//   title         the lead person given another title in one source      person.titles-differ
//   quote-speaker the quote attributed to the second person in one source quote.speakers-differ
//   quote-wording one word of the quote changed in one source            quote.wording
// --planted FILE writes one JSON line per planted discrepancy:
//   {"story": "s000042", "rule": "figure.agrees", "kind": "figure", "doc": "s000042-3",
//    "doc_has_story": true}
// (doc: the article that differs; doc_has_story: whether its record has the `story` field).
// Article ids are STORY-N, so the story of every document is known even when its record does
// not say it: 20% of articles (--no-story-percent) have no `story` field, so that the audit has
// to group them itself (by shared people and figures within a date window: docs/audit.md).
//
// Usage: gen_archive --out FILE.jsonl[.gz] --articles N [--seed S] [--planted FILE]
//                    [--planted-percent 10] [--no-story-percent 20]
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "news_words.hpp"

namespace {

using namespace news_words;

const Words kOutlet = {"The Daily Ledger", "Metro Post",    "The Evening Star", "Global Wire",
                       "The Courier",      "Harbour Times", "The Sentinel",     "Capital Report",
                       "Northern Herald",  "The Observer",  "Valley Gazette",   "World Desk",
                       "The Chronicle",    "Coastal News",  "The Bulletin",     "Market Watch"};
const Words kEvent = {"trade summit",    "council vote",  "peace conference", "budget hearing",
                      "party congress",  "climate forum", "defence review",   "energy auction",
                      "union ballot",    "court hearing", "donor conference", "border talks",
                      "health assembly", "tariff review", "pension vote",     "security forum"};
// Titles that are not inside one another, so that only a planted change makes two differ.
const Words kLeadTitle = {
    "Finance Minister",  "Trade Minister",   "Health Minister", "Energy Secretary",
    "Interior Minister", "Foreign Minister", "Mayor",           "Governor",
    "Ambassador",        "Chief Economist",  "Commissioner",    "Attorney General"};
const Words kCommentary = {
    "Critics {pv} that {topic} is {adj}, while supporters in {place} see it as {adj}.",
    "Analysts in {place} {pv} the debate over {topic} will shape the coming months.",
    "The opposition called {topic} {adj} and demanded a debate in parliament.",
    "Business groups in {place} {pv} that {topic} leaves too many questions open.",
    "Diplomats in {place} described the mood as {adj} but said talks would go on.",
    "Residents of {place} have followed the dispute over {topic} closely.",
    "Some economists {pv} that {topic} was {adj} from the start.",
    "The decision follows months of negotiations over {topic} and related measures.",
    "Officials in {place} declined to comment on {topic} before the meeting.",
    "Observers expect {topic} to dominate the agenda in {place} for weeks.",
    "Trade unions {pv} that the measures are {adj} and that workers will pay the price.",
    "Several lawmakers in {place} {pv} that {topic} needs a second look.",
    "The proposal has divided the ruling coalition, and a compromise is not yet in sight.",
    "Markets in {place} were calm on the news, with investors waiting for details.",
    "Neighbouring governments have watched {topic} with a mix of interest and concern.",
    "In {place}, the reaction to {topic} was {adj}, with some calling it overdue.",
    "Supporters {pv} that {topic} will bring stability, a claim critics in {place} dispute.",
    "The government has yet to publish the legal text behind {topic}.",
    "A spokesperson for the {orgh} of {orgt} said the details were still being worked out.",
    "Questions remain over how {topic} will be paid for and who will oversee it.",
    "Newspapers in {place} ran the story on their front pages, most of them {adj} in tone.",
    "Campaigners outside the {orgh} of {orgt} in {place} held banners against {topic}.",
    "Earlier attempts at {topic} stalled over funding and a lack of public support.",
    "Several {nat} officials travelled to {place} to discuss {topic} with their counterparts.",
    "The {orgh} of {orgt} is expected to publish its own assessment later this month.",
    "Independent experts {pv} that the effects of {topic} will take years to show.",
    "Local businesses in {place} have complained that nobody consulted them on {topic}.",
    "For now, {topic} remains the most {adj} question on the agenda in {place}.",
    "Polls suggest voters in {place} are split on {topic}, with many still undecided.",
    "The debate took an unusual turn when two {nat} delegates walked out of the session."};

std::string upper_first(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
  return s;
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// 45.2 → "45.2", 1240 → "1,240".
std::string with_commas(long v) {
  std::string digits = std::to_string(v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

struct Person {
  std::string given, surname, title;
  std::string full() const { return given + " " + surname; }
};

// The facts one story tells, the same in every source but where a discrepancy is planted.
struct Story {
  std::string id;
  Person lead, second;
  std::string money_subject, count_noun, event, topic, place, quote, org;
  int money_tenths = 0;  // e.g. 452 for $45.2 billion
  long count = 0;
  int year = 2024, month = 1, day = 1;  // first publication
  int event_day = 1;                    // the event, in the month after first publication
};

enum class Plant { none, figure, date, spelling, title, quote_speaker, quote_wording };

struct PlantInfo {
  const char* kind;
  const char* rule;
};
PlantInfo plant_info(Plant p) {
  switch (p) {
    case Plant::figure:
      return {"figure", "figure.agrees"};
    case Plant::date:
      return {"date", "date.agrees"};
    case Plant::spelling:
      return {"spelling", "person.spelling"};
    case Plant::title:
      return {"title", "person.titles-differ"};
    case Plant::quote_speaker:
      return {"quote-speaker", "quote.speakers-differ"};
    case Plant::quote_wording:
      return {"quote-wording", "quote.wording"};
    default:
      return {"none", ""};
  }
}

// One accented letter in the surname: the name key folds accents, so this is the same person
// spelled another way (person.spelling), as "Muller" and "Müller" in real wires.
std::string accented(const std::string& surname) {
  static const char* const kFrom[] = {"e", "a", "o", "u", "i"};
  static const char* const kTo[] = {"é", "á", "ö", "ü", "í"};
  for (std::size_t pos = 1; pos < surname.size(); ++pos) {
    for (int k = 0; k < 5; ++k) {
      if (surname[pos] == kFrom[k][0]) {
        return surname.substr(0, pos) + kTo[k] + surname.substr(pos + 1);
      }
    }
  }
  return surname + "é";
}

class ArchiveWriter {
 public:
  explicit ArchiveWriter(Rng& rng) : r_(rng) {}

  Story make_story(std::uint64_t number) {
    Story s;
    char id[32];
    std::snprintf(id, sizeof id, "s%06llu", static_cast<unsigned long long>(number));
    s.id = id;
    s.lead = person(std::string(r_.pick(kLeadTitle)));
    do {
      s.second = person(std::string(r_.pick(kTitle)));
    } while (s.second.surname == s.lead.surname);
    s.money_subject = std::string(r_.pick(kSubjectNoun));
    s.count_noun = std::string(r_.pick(kCountNoun));
    s.event = std::string(r_.pick(kEvent));
    s.topic = std::string(r_.pick(kTopic));
    s.place = std::string(r_.pick(kPlace));
    s.org = std::string(r_.pick(kCompany));
    s.quote = quote_text();
    s.money_tenths = r_.range(15, 990);
    s.count = r_.range(120, 48000);
    s.year = r_.range(2016, 2025);
    s.month = r_.range(1, 11);
    s.day = r_.range(1, 24);
    s.event_day = r_.range(1, 20);
    return s;
  }

  // One article of `s` by `outlet`, published `day_offset` days after the story began.
  std::string article(const Story& s, int source, Plant plant, bool with_story) {
    text_.clear();
    const std::string outlet(kOutlet[(static_cast<std::size_t>(source) * 5 + s.id.size() +
                                      static_cast<std::size_t>(s.money_tenths)) %
                                     kOutlet.size()]);
    Person lead = s.lead;
    if (plant == Plant::spelling) lead.surname = accented(lead.surname);
    if (plant == Plant::title) {
      std::string other;
      do {
        other = std::string(r_.pick(kLeadTitle));
      } while (other == lead.title);
      lead.title = other;
    }
    int tenths = s.money_tenths;
    if (plant == Plant::figure) {
      const int off = r_.range(8, 30);
      tenths = r_.chance(50) ? tenths * (100 + off) / 100 : tenths * (100 - off) / 100;
    }
    const int event_day = s.event_day + (plant == Plant::date ? 7 : 0);
    std::string quote = s.quote;
    if (plant == Plant::quote_wording) quote = reword(quote);
    const Person& speaker = plant == Plant::quote_speaker ? s.second : s.lead;

    headline(s, lead);
    add("\n\n");
    lead_paragraph(s, lead, tenths);
    filler(r_.range(1, 2));
    event_paragraph(s, event_day);
    filler(r_.range(1, 3));
    quote_paragraph(quote, speaker, plant == Plant::quote_speaker ? s.second : lead);
    filler(r_.range(1, 2));
    count_paragraph(s);
    const std::size_t target = static_cast<std::size_t>(r_.range(2000, 3800));
    while (text_.size() < target) filler(1);

    const int pub_day = s.day + r_.range(0, 4);
    std::string line = "{\"id\":\"" + s.id + "-" + std::to_string(source) + "\"";
    if (with_story) line += ",\"story\":\"" + s.id + "\"";
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", s.year, s.month, pub_day);
    line += ",\"outlet\":\"" + json_escape(outlet) + "\",\"published\":\"" + date +
            "\",\"url\":\"https://news.example/" + s.id + "/" + std::to_string(source) +
            "\",\"text\":\"" + json_escape(text_) + "\"}\n";
    return line;
  }

 private:
  void add(std::string_view s) { text_.append(s); }

  Person person(std::string title) {
    Person p;
    p.given = std::string(r_.pick(kGiven));
    p.surname = std::string(r_.pick(kSurname));
    p.title = std::move(title);
    return p;
  }

  std::string quote_text() {
    static const Words kShapes = {
        "We will not accept {topic} under any circumstances and our partners know it",
        "Our position on {topic} has not changed and it will not change this year",
        "The people of {place} deserve better than {topic} and a few promises",
        "It is too early to say what {topic} will mean for families in {place}",
        "We have done everything we could to prevent {topic} from going ahead",
        "Frankly, {topic} was a mistake from the start and everyone here knew it",
        "Every option remains on the table while we study {topic} with our allies",
        "What happened with {topic} must never happen again in {place} or anywhere"};
    std::string out;
    const std::string_view shape = r_.pick(kShapes);
    for (std::size_t i = 0; i < shape.size();) {
      if (shape[i] == '{') {
        const std::size_t close = shape.find('}', i);
        out += shape.substr(i + 1, close - i - 1) == "topic" ? r_.pick(kTopic) : r_.pick(kPlace);
        i = close + 1;
      } else {
        out.push_back(shape[i++]);
      }
    }
    return out;
  }

  // One word of the quote replaced: still 60% the same words, no longer verbatim.
  std::string reword(const std::string& quote) {
    static const std::pair<const char*, const char*> kSwaps[] = {
        {" not ", " never "},     {" will ", " shall "},       {" deserve ", " need "},
        {" early ", " soon "},    {" prevent ", " stop "},     {" mistake ", " blunder "},
        {" remains ", " stays "}, {" happened ", " occurred "}};
    for (const auto& [from, to] : kSwaps) {
      const auto at = quote.find(from);
      if (at != std::string::npos) {
        return quote.substr(0, at) + to + quote.substr(at + std::string_view(from).size());
      }
    }
    return quote + " today";
  }

  void money(int tenths) {
    add("$");
    add(std::to_string(tenths / 10));
    add(".");
    add(std::to_string(tenths % 10));
    add(" billion");
  }

  void headline(const Story& s, const Person& lead) {
    switch (r_.below(4)) {
      case 0:
        add(upper_first(s.topic.substr(4)) + " divides " + s.place);
        break;
      case 1:
        add(lead.surname + " defends " + s.topic.substr(4));
        break;
      case 2:
        add("Questions over " + s.topic.substr(4) + " ahead of " + s.event);
        break;
      default:
        add(upper_first(s.money_subject) + " in focus as " + s.event + " nears");
    }
  }

  // The lead person (title and full name) and the money figure, in one of three wordings.
  void lead_paragraph(const Story& s, const Person& lead, int tenths) {
    const std::string subject = upper_first(s.money_subject);
    switch (r_.below(3)) {
      case 0:
        add(subject + " " + std::string(r_.pick(kLinkVerb)) + " ");
        money(tenths);
        add(" in " + std::to_string(s.year - 1) + ", " + lead.title + " " + lead.full() + " said.");
        break;
      case 1:
        add(lead.title + " " + lead.full() + " spoke in " + s.place + " on " +
            std::string(r_.pick(kWeekday)) + ". " + subject + " " +
            std::string(r_.pick(kLinkVerb)) + " ");
        money(tenths);
        add(" in " + std::to_string(s.year - 1) + ", " + lead.surname + " said.");
        break;
      default:
        add("According to " + s.org + ", " + s.money_subject + " " +
            std::string(r_.pick(kLinkVerb)) + " ");
        money(tenths);
        add(" in " + std::to_string(s.year - 1) + ". " + lead.title + " " + lead.full() +
            " called the figure " + std::string(r_.pick(kAdjective)) + ".");
    }
    add("\n\n");
  }

  void event_paragraph(const Story& s, int event_day) {
    const int month = s.month + 1;
    const std::string date = std::to_string(event_day) + " " +
                             std::string(kMonth[static_cast<std::size_t>(month - 1)]) + " " +
                             std::to_string(s.year);
    switch (r_.below(3)) {
      case 0:
        add("The " + s.event + " will be held on " + date + " in " + s.place + ".");
        break;
      case 1:
        add("The " + s.event + " is scheduled for " + date + ", officials said.");
        break;
      default:
        add("The " + s.event + " will take place on " + date + ". Delegates from " +
            std::string(r_.pick(kPlace)) + " are expected to attend.");
    }
    add("\n\n");
  }

  void quote_paragraph(const std::string& quote, const Person& speaker, const Person& lead) {
    const bool curly = r_.chance(70);
    const std::string open = curly ? "“" : "\"", close = curly ? "”" : "\"";
    switch (r_.below(3)) {
      case 0:
        add(open + quote + "," + close + " " + speaker.full() + " said.");
        break;
      case 1:
        add(open + quote + "," + close + " said " + speaker.full() + ".");
        break;
      default:
        add(speaker.full() + " told reporters: " + open + quote + "." + close);
    }
    if (&speaker != &lead && r_.chance(50)) {
      add(" " + lead.surname + " did not respond to a request for comment.");
    }
    add("\n\n");
  }

  void count_paragraph(const Story& s) {
    const std::string n = with_commas(s.count);
    switch (r_.below(2)) {
      case 0:
        add(n + " " + s.count_noun + " were affected, " + s.org + " said.");
        break;
      default:
        add("According to " + s.org + ", " + n + " " + s.count_noun + " were affected.");
    }
    add("\n\n");
  }

  void filler(int paragraphs) {
    for (int p = 0; p < paragraphs; ++p) {
      const int sentences = r_.range(2, 4);
      for (int k = 0; k < sentences; ++k) {
        if (k > 0) add(" ");
        const std::string_view t = r_.pick(kCommentary);
        std::string sentence;
        for (std::size_t i = 0; i < t.size();) {
          if (t[i] == '{') {
            const std::size_t close = t.find('}', i);
            const std::string_view slot = t.substr(i + 1, close - i - 1);
            if (slot == "topic") sentence += r_.pick(kTopic);
            if (slot == "adj") sentence += r_.pick(kAdjective);
            if (slot == "place") sentence += r_.pick(kPlace);
            if (slot == "pv") sentence += r_.pick(kPluralVerb);
            if (slot == "orgh") sentence += r_.pick(kOrgHead);
            if (slot == "orgt") sentence += r_.pick(kOrgTopic);
            if (slot == "nat") sentence += r_.pick(kNationality);
            i = close + 1;
          } else {
            sentence.push_back(t[i++]);
          }
        }
        add(upper_first(sentence));
      }
      add("\n\n");
    }
  }

  Rng& r_;
  std::string text_;
};

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "gen_archive: %s\nusage: gen_archive --out FILE.jsonl[.gz] --articles N [--seed S] "
               "[--planted FILE] [--planted-percent 10] [--no-story-percent 20]\n",
               why.c_str());
  std::exit(2);
}

// Writes plain or gzip output by the file name.
class Output {
 public:
  explicit Output(const std::string& path) {
    if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
      gz_ = gzopen(path.c_str(), "wb6");
      if (gz_ == nullptr) usage("cannot write " + path);
    } else {
      f_ = std::fopen(path.c_str(), "wb");
      if (f_ == nullptr) usage("cannot write " + path);
    }
  }
  void write(const std::string& s) {
    const bool ok = gz_ != nullptr ? gzwrite(gz_, s.data(), static_cast<unsigned>(s.size())) ==
                                         static_cast<int>(s.size())
                                   : std::fwrite(s.data(), 1, s.size(), f_) == s.size();
    if (!ok) usage("write failed (disk full?)");
    bytes_ += s.size();
  }
  void close() {
    if ((gz_ != nullptr && gzclose(gz_) != Z_OK) || (f_ != nullptr && std::fclose(f_) != 0)) {
      usage("write failed at close (disk full?)");
    }
  }
  std::uint64_t bytes() const { return bytes_; }

 private:
  gzFile gz_ = nullptr;
  std::FILE* f_ = nullptr;
  std::uint64_t bytes_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string out_path, planted_path;
  long long articles = 0;
  std::uint64_t seed = 1;
  int planted_percent = 10, no_story_percent = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 >= argc) usage("every option takes a value");
    const char* v = argv[++i];
    if (a == "--out") {
      out_path = v;
    } else if (a == "--articles") {
      articles = std::atoll(v);
    } else if (a == "--seed") {
      seed = std::strtoull(v, nullptr, 10);
    } else if (a == "--planted") {
      planted_path = v;
    } else if (a == "--planted-percent") {
      planted_percent = std::atoi(v);
    } else if (a == "--no-story-percent") {
      no_story_percent = std::atoi(v);
    } else {
      usage("unknown option " + std::string(a));
    }
  }
  if (out_path.empty()) usage("--out FILE is required");
  if (articles <= 0) usage("--articles must be positive");

  Rng rng(seed);
  ArchiveWriter writer(rng);
  Output out(out_path);
  std::FILE* planted = nullptr;
  if (!planted_path.empty()) {
    planted = std::fopen(planted_path.c_str(), "wb");
    if (planted == nullptr) usage("cannot write " + planted_path);
  }
  static const Plant kKinds[] = {Plant::figure, Plant::date,          Plant::spelling,
                                 Plant::title,  Plant::quote_speaker, Plant::quote_wording};
  long long written = 0, stories = 0, plants = 0, without_story = 0;
  while (written < articles) {
    const Story story = writer.make_story(static_cast<std::uint64_t>(++stories));
    const int sources = static_cast<int>(std::min<long long>(rng.range(2, 6), articles - written));
    Plant plant = Plant::none;
    int planted_source = 0;
    if (sources >= 2 && rng.chance(planted_percent)) {
      plant = kKinds[rng.below(6)];
      planted_source = rng.range(1, sources);
    }
    bool planted_with_story = true;
    for (int source = 1; source <= sources; ++source) {
      const bool with_story = !rng.chance(no_story_percent);
      without_story += !with_story;
      if (source == planted_source) planted_with_story = with_story;
      out.write(writer.article(story, source, source == planted_source ? plant : Plant::none,
                               with_story));
    }
    written += sources;
    if (plant != Plant::none) {
      ++plants;
      const PlantInfo info = plant_info(plant);
      if (planted != nullptr) {
        std::fprintf(planted,
                     "{\"story\":\"%s\",\"rule\":\"%s\",\"kind\":\"%s\",\"doc\":\"%s-%d\","
                     "\"doc_has_story\":%s}\n",
                     story.id.c_str(), info.rule, info.kind, story.id.c_str(), planted_source,
                     planted_with_story ? "true" : "false");
      }
    }
  }
  out.close();
  if (planted != nullptr && std::fclose(planted) != 0) usage("cannot write " + planted_path);
  std::printf(
      "gen_archive: %lld articles in %lld stories (%lld without a story field), %lld planted "
      "discrepancies, %.1f MB of JSON Lines in %s\n",
      written, stories, without_story, plants, static_cast<double>(out.bytes()) / 1e6,
      out_path.c_str());
  return 0;
}
