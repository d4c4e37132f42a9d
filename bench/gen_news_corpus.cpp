// Generates the corpus of the extraction benchmark (see bench/README.md): news-like English
// articles written as .txt and .md files (one article per file, a thousand files per folder)
// until a requested size is reached. Deterministic: the same --seed and --mb give the same bytes.
//
// The text is built from sentence templates filled from large combinatorial word lists, so that
// it is not a handful of repeated sentences: quotes with attributions (said, told, according to,
// pronouns, roles, channels), figures (currencies, scale words, percent, number words, ranges,
// qualifiers), dates and date ranges, relative dates, people with titles and affiliations,
// organisations, places, abbreviations (U.S., Dr., Jan.), headlines and paragraphs.
//
// Usage: gen_news_corpus --out DIR [--mb 100] [--seed 1] [--articles-per-file 1]
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "news_words.hpp"

namespace {

namespace fs = std::filesystem;
using namespace news_words;

class Writer {
 public:
  explicit Writer(Rng& rng) : r_(rng) {}

  // One article: a headline, a dateline paragraph and 6 to 14 body paragraphs.
  void article(std::string& out, int year, int month, int day, bool markdown) {
    out_ = &out;
    people_.clear();
    year_ = year;
    if (markdown) {
      add("---\ntitle: ");
      headline();
      add("\noutlet: ");
      add(r_.pick(kCompany));
      add("\npublished: ");
      num(year);
      add("-");
      two(month);
      add("-");
      two(day);
      add("\n---\n\n# ");
    }
    headline();
    add("\n\n");
    const int paragraphs = r_.range(6, 14);
    for (int p = 0; p < paragraphs; ++p) {
      const int sentences = r_.range(1, 4);
      for (int s = 0; s < sentences; ++s) {
        if (s > 0) add(" ");
        sentence();
      }
      add(r_.chance(5) ? "\r\n\r\n" : "\n\n");
    }
  }

 private:
  // Two digits: a month or a day of an ISO date.
  void two(int v) {
    if (v < 10) out_->push_back('0');
    num(v);
  }

  void add(std::string_view s) { out_->append(s); }
  void num(long v) { out_->append(std::to_string(v)); }

  void headline() {
    switch (r_.below(4)) {
      case 0:
        add(r_.pick(kNationality));
        add(" Officials Reject ");
        add(r_.pick(kPlace));
        add(" Demands Over Trade");
        break;
      case 1:
        add(r_.pick(kCompany));
        add(" Reports ");
        add(std::to_string(r_.range(2, 60)));
        add("% Rise In Quarterly Profit");
        break;
      case 2:
        add(r_.pick(kTitle));
        add(" Warns Of ‘Dangerous’ Escalation In ");
        add(r_.pick(kPlace));
        break;
      default:
        add("Talks On ");
        add(r_.pick(kOrgTopic));
        add(" Resume In ");
        add(r_.pick(kPlace));
    }
  }

  // A new person, remembered so that later sentences can name them by surname or pronoun.
  struct Person {
    std::string full, surname, title;
    bool female;
  };

  const Person& new_person() {
    Person p;
    p.female = r_.chance(45);
    if (r_.chance(20)) {
      p.surname = r_.pick(kAsianSurname);
      p.full.append(p.surname).append(" ").append(r_.pick(kAsianGiven));
    } else {
      p.surname = r_.pick(kSurname);
      p.full.append(r_.pick(kGiven)).append(" ");
      if (r_.chance(8)) p.full.append(1, static_cast<char>('A' + r_.below(26))).append(". ");
      p.full.append(p.surname);
    }
    p.title = r_.pick(kTitle);
    people_.push_back(std::move(p));
    if (people_.size() > 6) people_.erase(people_.begin());
    return people_.back();
  }

  // A first mention: "Russian Foreign Minister Sergey Petrov", "Anna Cohen, who directs …".
  void full_mention(const Person& p) {
    switch (r_.below(4)) {
      case 0:
        add(r_.pick(kNationality));
        add(" ");
        add(p.title);
        add(" ");
        add(p.full);
        break;
      case 1:
        add(p.full);
        add(", who directs the ");
        add(r_.pick(kOrgHead));
        add(" of ");
        add(r_.pick(kOrgTopic));
        add(",");
        break;
      case 2:
        add(p.title);
        add(" ");
        add(p.full);
        break;
      default:
        add(p.full);
        add(", the ");
        add(r_.pick(kNationality));
        add(" ");
        add(r_.pick(kOrgTopic));
        add(" minister,");
    }
  }

  // A later mention of someone already named, or a new person.
  void speaker() {
    if (people_.empty() || r_.chance(35)) {
      full_mention(new_person());
      return;
    }
    const Person& p = people_[r_.below(people_.size())];
    switch (r_.below(4)) {
      case 0:
        add(p.female ? "she" : "he");
        break;
      case 1:
        add(r_.pick(kRole));
        break;
      case 2:
        add(p.title == "Dr." ? "Dr." : (p.female ? "Ms." : "Mr."));
        add(" ");
        add(p.surname);
        break;
      default:
        add(p.surname);
    }
  }

  // Runs a writer of words at a sentence start and capitalizes its first letter.
  void capitalized(void (Writer::*write)()) {
    const std::size_t at = out_->size();
    (this->*write)();
    char& c = (*out_)[at];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  void capitalized_speaker() { capitalized(&Writer::speaker); }

  void org() {
    if (r_.chance(50)) {
      add(r_.pick(kCompany));
    } else {
      add("the ");
      add(r_.pick(kNationality));
      add(" ");
      add(r_.pick(kOrgHead));
      add(" of ");
      add(r_.pick(kOrgTopic));
    }
  }

  void amount() {
    switch (r_.below(6)) {
      case 0:
        add(r_.pick(kCurrencySymbol));
        num(r_.range(1, 999));
        if (r_.chance(40)) {
          add(".");
          num(r_.range(1, 9));
        }
        add(" ");
        add(r_.pick(kScale));
        break;
      case 1:
        num(r_.range(1, 99));
        add(".");
        num(r_.range(0, 9));
        add(" percent");
        break;
      case 2:
        num(r_.range(1, 60));
        add(r_.chance(50) ? "%" : " per cent");
        break;
      case 3:
        num(r_.range(1, 999));
        add(",");
        num(r_.range(100, 999));
        add(" ");
        add(r_.pick(kCurrencyAfter));
        break;
      case 4:
        add(r_.pick(kCurrencySymbol));
        num(r_.range(1, 90));
        add(r_.chance(50) ? "bn" : "m");
        break;
      default:
        num(r_.range(10, 40));
        add(r_.chance(50) ? " to " : "-");
        num(r_.range(41, 90));
        add("%");
    }
  }

  void counted(bool qualify = true) {
    if (qualify && r_.chance(30)) {
      add(r_.pick(kNumberWord));
    } else {
      if (qualify && r_.chance(50)) {
        add(r_.pick(kQualifier));
        add(" ");
      }
      const int v = r_.range(2, 120000);
      if (v >= 1000 && r_.chance(70)) {
        num(v / 1000);
        add(",");
        const int rest = v % 1000;
        add(rest < 10 ? "00" : rest < 100 ? "0" : "");
        num(rest);
      } else {
        num(v);
      }
    }
    add(" ");
    add(r_.pick(kCountNoun));
  }

  void date() {
    const int d = r_.range(1, 28);
    switch (r_.below(8)) {
      case 0:
        add(r_.pick(kMonth));
        add(" ");
        num(d);
        add(", ");
        num(year_ - r_.range(0, 3));
        break;
      case 1:
        num(d);
        add(" ");
        add(r_.pick(kMonth));
        break;
      case 2:
        num(d);
        add(" to ");
        num(d + r_.range(1, 3));
        add(" ");
        add(r_.pick(kMonth));
        break;
      case 3: {
        const std::size_t m = r_.below(11);
        add(kMonth[m]);
        add(" ");
        num(r_.range(20, 30));
        add(" to ");
        add(kMonth[m + 1]);
        add(" ");
        num(r_.range(1, 5));
        break;
      }
      case 4:
        add(r_.pick(kWeekday));
        add(", ");
        add(r_.pick(kMonthAbbr));
        add(" ");
        num(d);
        break;
      case 5:
        add(r_.pick(kMonth));
        add(" ");
        num(year_ - r_.range(0, 10));
        break;
      case 6:
        num(year_ - r_.range(1, 30));
        break;
      default:
        add(r_.pick(kRelative));
    }
  }

  // A quote's words, with {topic} {adj} {place} {figure} filled in; sometimes two sentences or
  // an inner quotation.
  void quote_words() {
    const std::string_view t = r_.pick(kQuoteBody);
    for (std::size_t i = 0; i < t.size();) {
      if (t[i] == '{') {
        const std::size_t close = t.find('}', i);
        const std::string_view slot = t.substr(i + 1, close - i - 1);
        if (slot == "topic") {
          add(r_.pick(kTopic));
        } else if (slot == "cadj") {
          add(r_.pick(kConsonantAdjective));
        } else if (slot == "adj") {
          add(r_.pick(kAdjective));
        } else if (slot == "place") {
          add(r_.pick(kPlace));
        } else {
          amount();
        }
        i = close + 1;
      } else {
        out_->push_back(t[i++]);
      }
    }
    if (r_.chance(15)) {
      add(". It is a ‘");
      add(r_.pick(kConsonantAdjective));
      add(" ");
      add(r_.pick(kOrgTopic));
      add("’ problem");
    }
  }

  void open_quote(bool curly) { add(curly ? "“" : "\""); }
  void close_quote(bool curly) { add(curly ? "”" : "\""); }

  void sentence() {
    const bool curly = r_.chance(70);
    switch (r_.below(16)) {
      case 0:  // “…,” X said.
        open_quote(curly);
        quote_words();
        add(",");
        close_quote(curly);
        add(" ");
        speaker();
        add(" ");
        add(r_.pick(kStrongVerb));
        add(".");
        break;
      case 1:  // X said: “…”
        capitalized_speaker();
        add(" ");
        add(r_.pick(kStrongVerb));
        add(" ");
        date();
        add(": ");
        open_quote(curly);
        quote_words();
        add(".");
        close_quote(curly);
        break;
      case 2:  // “…,” X said, according to a statement posted by ORG.
        open_quote(curly);
        quote_words();
        add(",");
        close_quote(curly);
        add(" ");
        speaker();
        add(" said, ");
        add(r_.chance(50) ? "according to a statement posted by" : r_.pick(kChannel));
        add(" ");
        org();
        add(".");
        break;
      case 3:  // X said that … (reported speech)
        capitalized_speaker();
        add(" ");
        add(r_.pick(kStrongVerb) == "said" ? "said" : "told reporters");
        add(" that ");
        add(r_.pick(kTopic));
        add(" would cost ");
        amount();
        add(" and affect ");
        counted();
        add(".");
        break;
      case 4:  // According to ORG, SUBJECT LINK AMOUNT in DATE.
        add("According to ");
        org();
        add(", ");
        add(r_.pick(kSubjectNoun));
        add(" ");
        add(r_.pick(kLinkVerb));
        add(" ");
        amount();
        add(" in ");
        date();
        add(".");
        break;
      case 5:  // The Org said on DATE that COUNTED had …
        add("The ");
        add(r_.pick(kOrgHead));
        add(" of ");
        add(r_.pick(kOrgTopic));
        add(" said ");
        date();
        add(" that ");
        counted();
        add(" had been affected by ");
        add(r_.pick(kTopic));
        add(".");
        break;
      case 6:  // SUBJECT LINK AMOUNT, up from AMOUNT a year earlier, REPORT said.
        add("In ");
        date();
        add(", ");
        add(r_.pick(kSubjectNoun));
        add(" ");
        add(r_.pick(kLinkVerb));
        add(" ");
        amount();
        add(", up from ");
        amount();
        add(" a year earlier, ");
        add(r_.pick(kReportNoun));
        add(" showed.");
        break;
      case 7:  // Partial quote: X called it a “…”.
        capitalized_speaker();
        add(" called ");
        add(r_.pick(kTopic));
        add(" a ");
        open_quote(curly);
        add(r_.pick(kConsonantAdjective));
        add(" and ");
        add(r_.pick(kAdjective));
        add(" move");
        close_quote(curly);
        add(" and said ");
        org();
        add(" had ");
        add(r_.chance(50) ? "reportedly " : "");
        add("sent ");
        counted();
        add(" to ");
        add(r_.pick(kPlace));
        add(".");
        break;
      case 8:  // Person with affiliation doing something on a date range.
        capitalized_speaker();
        add(" will visit ");
        add(r_.pick(kPlace));
        add(" from ");
        date();
        add(", officials in ");
        add(r_.pick(kPlace));
        add(" said.");
        break;
      case 9:  // Org statement with a figure.
        capitalized(&Writer::org);
        add(" ");
        add(r_.pick(kPresentVerb));
        add(" ");
        add(r_.pick(kTopic));
        add(" could add ");
        amount();
        add(" to ");
        add(r_.pick(kSubjectNoun));
        add(" by ");
        num(year_ + r_.range(1, 8));
        add(".");
        break;
      case 10:  // Two quotes around an attribution.
        open_quote(curly);
        quote_words();
        add(",");
        close_quote(curly);
        add(" ");
        speaker();
        add(" ");
        add(r_.pick(kStrongVerb));
        add(". ");
        open_quote(curly);
        quote_words();
        add(".");
        close_quote(curly);
        break;
      case 11:  // Background with abbreviations and numbers that are not figures.
        add("The U.S. and ");
        add(r_.pick(kPlace));
        add(" signed the accord in ");
        num(year_ - r_.range(2, 40));
        add(", and Flight ");
        num(r_.range(100, 999));
        add(" landed at ");
        num(r_.range(1, 12));
        add(":");
        num(r_.range(10, 59));
        add(r_.chance(50) ? " a.m." : " p.m.");
        add(" on ");
        date();
        add(".");
        break;
      case 12:  // Opinion paragraph without figures.
        add("Critics ");
        add(r_.pick(kPluralVerb));
        add(" that ");
        add(r_.pick(kTopic));
        add(" is ");
        add(r_.pick(kAdjective));
        add(", while supporters in ");
        add(r_.pick(kPlace));
        add(" see it as ");
        add(r_.pick(kAdjective));
        add(" and long ");
        add(r_.pick(kAdjective));
        add(".");
        break;
      case 13:  // Casualty/count sentence with a qualifier and a source.
        add(r_.pick(kQualifier) == "about" ? "About " : "More than ");
        counted(false);
        add(" were reported in ");
        add(r_.pick(kPlace));
        add(" ");
        date();
        add(", ");
        add(r_.pick(kReportNoun));
        add(" said.");
        break;
      case 14:  // Multi-paragraph quote is rare; here a quote with a question mark.
        open_quote(curly);
        add("Why should ");
        add(r_.pick(kPlace));
        add(" pay for ");
        add(r_.pick(kTopic));
        add("?");
        close_quote(curly);
        add(" ");
        speaker();
        add(" asked.");
        break;
      default:  // Dr./Gen. abbreviations and a weekday.
        add(r_.chance(50) ? "Dr. " : "Gen. ");
        add(r_.pick(kSurname));
        add(" of the ");
        add(r_.pick(kOrgHead));
        add(" of ");
        add(r_.pick(kOrgTopic));
        add(" met ");
        add(r_.pick(kNationality));
        add(" officials on ");
        add(r_.pick(kWeekday));
        add(" to discuss ");
        add(r_.pick(kTopic));
        add(" and ");
        counted();
        add(".");
    }
  }

  Rng& r_;
  std::string* out_ = nullptr;
  std::vector<Person> people_;
  int year_ = 2024;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "gen_news_corpus: %s\nusage: gen_news_corpus --out DIR [--mb 100] [--seed 1] "
               "[--articles-per-file 1]\n",
               why);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir;
  double mb = 100;
  std::uint64_t seed = 1;
  long per_file = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 >= argc) usage("every option takes a value");
    const char* v = argv[++i];
    if (a == "--out") {
      out_dir = v;
    } else if (a == "--mb") {
      mb = std::atof(v);
    } else if (a == "--seed") {
      seed = std::strtoull(v, nullptr, 10);
    } else if (a == "--articles-per-file") {
      per_file = std::atol(v);
    } else {
      usage("unknown option");
    }
  }
  if (out_dir.empty()) usage("--out DIR is required");
  if (mb <= 0 || per_file <= 0) usage("--mb and --articles-per-file must be positive");

  Rng rng(seed);
  Writer writer(rng);
  const auto target = static_cast<std::uint64_t>(mb * 1e6);  // MB = 10^6 bytes
  std::uint64_t written = 0, files = 0, articles = 0;
  std::string buf;
  std::error_code ec;
  while (written < target) {
    const bool markdown = rng.chance(40);
    buf.clear();
    for (long k = 0; k < per_file; ++k) {
      const int year = rng.range(2015, 2025), month = rng.range(1, 12), day = rng.range(1, 28);
      writer.article(buf, year, month, day, markdown && k == 0);
      ++articles;
    }
    if (buf.size() > target - written) buf.resize(target - written);  // exact total size
    while (!buf.empty() && (static_cast<unsigned char>(buf.back()) & 0xC0) == 0x80) buf.pop_back();
    if (!buf.empty() && static_cast<unsigned char>(buf.back()) >= 0xC0) buf.pop_back();
    if (buf.empty()) break;
    const fs::path dir = fs::path(out_dir) / ("story" + std::to_string(files / 1000));
    if (files % 1000 == 0) fs::create_directories(dir, ec);
    if (ec) usage(("cannot create " + dir.string() + ": " + ec.message()).c_str());
    const fs::path file = dir / ("a" + std::to_string(files) + (markdown ? ".md" : ".txt"));
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (f == nullptr || std::fwrite(buf.data(), 1, buf.size(), f) != buf.size() ||
        std::fclose(f) != 0) {
      usage(("cannot write " + file.string()).c_str());
    }
    written += buf.size();
    ++files;
  }
  std::printf("gen_news_corpus: %llu files, %llu articles, %.1f MB in %s\n",
              static_cast<unsigned long long>(files), static_cast<unsigned long long>(articles),
              static_cast<double>(written) / 1e6, out_dir.c_str());
  return 0;
}
