// Tests of extractor behaviour that cross-source rules depend on (engine/extract_figures.cpp,
// extract_dates.cpp, extract_people.cpp, extract_attribution.cpp, extract_fields.cpp): text
// fields that do not depend on line wrapping, units that are nouns, the subject a figure is the
// value of, the event a date belongs to, titles in appositives, and future weekdays after a
// modal. Texts are written for these tests.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/extract.hpp"
#include "engine/value.hpp"

using namespace verity;

namespace {

Document news(std::string text, std::string published = "2024-05-16") {
  Document d;
  d.id = "n.txt";
  d.text = SourceText("n.txt", std::move(text));
  if (!published.empty()) d.meta["published"] = std::move(published);
  return d;
}

// A text field, or "<unset>".
std::string str_field(const NewFact& f, std::string_view name) {
  for (const auto& [k, v] : f.fields) {
    if (k == name && std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  }
  return "<unset>";
}

double num_field(const NewFact& f, std::string_view name) {
  for (const auto& [k, v] : f.fields) {
    if (k == name && std::holds_alternative<double>(v)) return std::get<double>(v);
  }
  return -1;
}

std::string date_field(const NewFact& f, std::string_view name) {
  for (const auto& [k, v] : f.fields) {
    if (k == name && std::holds_alternative<Date>(v)) return to_iso(std::get<Date>(v));
  }
  return "<unset>";
}

// The only fact of `kind` whose span starts with `prefix` of the document text.
NewFact fact_at(const Document& d, const std::vector<NewFact>& facts, std::string_view kind,
                std::string_view prefix) {
  std::vector<NewFact> found;
  const std::string& text = d.text.text();
  for (const NewFact& f : facts) {
    if (f.kind == kind && text.compare(f.span.begin, prefix.size(), prefix) == 0) {
      found.push_back(f);
    }
  }
  INFO(kind << " starting \"" << prefix << "\"");
  REQUIRE(found.size() == 1);
  return found.front();
}

std::vector<NewFact> all_of(const std::vector<NewFact>& facts, std::string_view kind) {
  std::vector<NewFact> out;
  for (const NewFact& f : facts) {
    if (f.kind == kind) out.push_back(f);
  }
  return out;
}

bool tidy(const std::string& s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ') return false;
  return s.find('\n') == std::string::npos && s.find('\t') == std::string::npos &&
         s.find("  ") == std::string::npos;
}

}  // namespace

TEST_CASE("wrapped lines and blanked runs are one space in every text field", "[extract]") {
  const Document d = news(
      "Its chief\nexecutive, Marta\nVelloso-Brandt, said the    plant\nwould reopen. About 40\n"
      "registered    voters\nstayed home. \"We will\n   rebuild the\ndepot,\" Velloso-Brandt "
      "said. The annual\nharvest festival on 3 May was cancelled.");
  const auto facts = extract_facts(d);
  for (const NewFact& f : facts) {
    for (const auto& [name, value] : f.fields) {
      if (const auto* s = std::get_if<std::string>(&value)) {
        INFO(f.kind << "." << name << " = \"" << *s << "\"");
        CHECK(tidy(*s));
      }
    }
  }
  const NewFact person = fact_at(d, facts, "person", "Marta");
  CHECK(str_field(person, "name") == "Marta Velloso-Brandt");
  CHECK(str_field(person, "title") == "chief executive");
  // The span still covers the original bytes, line break included.
  CHECK(d.text.text().substr(person.span.begin, person.span.end - person.span.begin) ==
        "Marta\nVelloso-Brandt");
  const NewFact st = all_of(facts, "statement").at(0);
  CHECK(str_field(st, "text") == "the plant would reopen");
  CHECK(str_field(st, "speaker") == "Marta Velloso-Brandt");
  const NewFact q = all_of(facts, "quote").at(0);
  CHECK(str_field(q, "text") == "We will rebuild the depot,");
  // The surname alone resolves to the one spelling of the full name.
  CHECK(str_field(q, "speaker") == "Marta Velloso-Brandt");
  CHECK(str_field(fact_at(d, facts, "figure", "About 40"), "subject") == "registered voters");
  CHECK(str_field(fact_at(d, facts, "date", "3 May"), "event") == "annual harvest festival");
}

TEST_CASE("a verb or a direction after a number is not its unit; a unit of measure is",
          "[extract]") {
  const Document d = news(
      "Nearly 40 firefighters fought the blaze. A 6.1 magnitude earthquake struck the coast. "
      "About 2,000 daily passengers use the line. The village lies 30 km south of the city. "
      "Some 12 firefighters battled flames. The army got 45 modern armoured vehicles. "
      "The ship carried 30,000 tonnes of grain. Nearly 60 fought back.");
  const auto facts = extract_facts(d);
  const NewFact ff = fact_at(d, facts, "figure", "Nearly 40");
  CHECK(str_field(ff, "unit") == "firefighter");
  CHECK(str_field(ff, "subject") == "firefighters");
  const NewFact eq = fact_at(d, facts, "figure", "6.1");
  CHECK(str_field(eq, "unit") == "earthquake");
  CHECK(str_field(eq, "subject") == "magnitude earthquake");
  CHECK(str_field(fact_at(d, facts, "figure", "About 2,000"), "unit") == "passenger");
  const NewFact km = fact_at(d, facts, "figure", "30 km");
  CHECK(num_field(km, "value") == 30);
  CHECK(str_field(km, "unit") == "km");
  CHECK(str_field(km, "text") == "30 km");
  const NewFact bt = fact_at(d, facts, "figure", "Some 12");
  CHECK(str_field(bt, "unit") == "firefighter");
  CHECK(str_field(bt, "subject") == "firefighters");
  CHECK(str_field(fact_at(d, facts, "figure", "45"), "subject") == "modern armoured vehicles");
  CHECK(str_field(fact_at(d, facts, "figure", "30,000"), "unit") == "tonne");
  // A number followed by a verb counts nothing named: no unit rather than "fought".
  CHECK(str_field(fact_at(d, facts, "figure", "Nearly 60"), "unit") == "<unset>");
}

TEST_CASE("the noun phrase governed around a figure is its subject", "[extract]") {
  const Document d = news(
      "About 15 percent of registered voters stayed home. The insurer put the damage at "
      "€4.2 million. Revenue rose to $5 million. The city approved a budget of $3 billion. "
      "The central bank cut its key rate to 4.5%. Officials estimated the losses at $12 million. "
      "The minister estimated the cost of repairs at $85 million.");
  const auto facts = extract_facts(d);
  CHECK(str_field(fact_at(d, facts, "figure", "About 15"), "subject") == "registered voters");
  CHECK(str_field(fact_at(d, facts, "figure", "€4.2"), "subject") == "the damage");
  CHECK(str_field(fact_at(d, facts, "figure", "$5"), "subject") == "Revenue");
  CHECK(str_field(fact_at(d, facts, "figure", "$3"), "subject") == "a budget");
  CHECK(str_field(fact_at(d, facts, "figure", "4.5%"), "subject") == "its key rate");
  CHECK(str_field(fact_at(d, facts, "figure", "$12"), "subject") == "the losses");
  // "cost" is a noun after its determiner, and the "of" complement stays with it.
  CHECK(str_field(fact_at(d, facts, "figure", "$85"), "subject") == "the cost of repairs");
}

TEST_CASE("a date of saying has no event; an event is its noun phrase without determiner",
          "[extract]") {
  const Document d = news(
      "The fire spread quickly, and officials said on Friday that it was contained. "
      "Police told reporters on Tuesday that two men were held. "
      "The mayor said in a statement on Wednesday that the vote on 10 May was fair. "
      "State media on Sunday denounced the drills. "
      "Halvorsen started late on 14 May. "
      "The trial of the former mayor on 2 March drew crowds. "
      "A night frost on 3 April damaged crops. The frost on 4 April was milder. "
      "The delayed vote on 8 April passed. "
      "The chief executive said hiring would resume next year. "
      "The clean-up began on 4 June. The report due on 1 July was delayed. "
      "The council voted on 9 June. The deputy head told state radio on Thursday that it was "
      "over. A magnitude 5.8 earthquake struck early on Saturday.");
  const auto facts = extract_facts(d);
  CHECK(str_field(fact_at(d, facts, "date", "Friday"), "event") == "<unset>");
  CHECK(str_field(fact_at(d, facts, "date", "Tuesday"), "event") == "<unset>");
  CHECK(str_field(fact_at(d, facts, "date", "Wednesday"), "event") == "<unset>");
  // What was said has its own event.
  CHECK(str_field(fact_at(d, facts, "date", "10 May"), "event") == "vote");
  CHECK(str_field(fact_at(d, facts, "date", "Sunday"), "event") == "<unset>");
  CHECK(str_field(fact_at(d, facts, "date", "14 May"), "event") == "<unset>");
  CHECK(str_field(fact_at(d, facts, "date", "2 March"), "event") == "trial");
  CHECK(str_field(fact_at(d, facts, "date", "3 April"), "event") == "night frost");
  CHECK(str_field(fact_at(d, facts, "date", "4 April"), "event") == "frost");
  CHECK(str_field(fact_at(d, facts, "date", "8 April"), "event") == "delayed vote");
  // The subject of a reporting verb spoke; it is not the event of the date.
  CHECK(str_field(fact_at(d, facts, "date", "next year"), "event") == "<unset>");
  CHECK(str_field(fact_at(d, facts, "date", "4 June"), "event") == "clean-up");
  CHECK(str_field(fact_at(d, facts, "date", "1 July"), "event") == "report");
  CHECK(str_field(fact_at(d, facts, "date", "9 June"), "event") == "vote");
  CHECK(str_field(fact_at(d, facts, "date", "Thursday"), "event") == "<unset>");
  CHECK(str_field(fact_at(d, facts, "date", "Saturday"), "event") == "magnitude 5.8 earthquake");
}

TEST_CASE("an appositive title before a name: the person's title, not what was said", "[extract]") {
  const Document d = news(
      "Its director, Jonas Abernethy-Quist, said the depot would close. "
      "Workers walked out on Tuesday, the union's spokeswoman, Dana Whitcombe, said.");
  const auto facts = extract_facts(d);
  CHECK(str_field(fact_at(d, facts, "person", "Jonas"), "title") == "director");
  CHECK(str_field(fact_at(d, facts, "person", "Dana"), "title") == "spokeswoman");
  const auto st = all_of(facts, "statement");
  REQUIRE(st.size() == 2);
  CHECK(str_field(st[0], "text") == "the depot would close");
  CHECK(str_field(st[1], "text") == "Workers walked out on Tuesday");
  CHECK(str_field(st[1], "speaker") == "Dana Whitcombe");
}

TEST_CASE("a bare weekday after a modal lies ahead", "[extract]") {
  // Published on Thursday 16 May 2024.
  const Document d = news(
      "Talks could resume on Monday. The ferry may sail on Saturday. Rain might return on "
      "Sunday. Crews should finish on Tuesday. The strike could have begun on Wednesday. "
      "The shop opened on Monday.");
  const auto facts = extract_facts(d);
  const auto dates = all_of(facts, "date");
  REQUIRE(dates.size() == 6);
  CHECK(date_field(dates[0], "start") == "2024-05-20");
  CHECK(date_field(dates[1], "start") == "2024-05-18");
  CHECK(date_field(dates[2], "start") == "2024-05-19");
  CHECK(date_field(dates[3], "start") == "2024-05-21");
  CHECK(date_field(dates[4], "start") == "2024-05-15");  // "could have": looking back
  CHECK(date_field(dates[5], "start") == "2024-05-13");
}
