// Tests of the fact extractor (engine/extract*.cpp, engine/name_key.cpp): sentences, quotes and
// their attribution, figures, dates, people and name keys, on short news-like texts written for
// these tests; and robustness on empty, ill-formed and very long input.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/extract.hpp"
#include "engine/name_key.hpp"
#include "engine/value.hpp"

using namespace verity;

namespace {

Document make_doc(std::string text, std::string published = "") {
  Document d;
  d.id = "t.txt";
  d.text = SourceText("t.txt", std::move(text));
  if (!published.empty()) d.meta["published"] = std::move(published);
  return d;
}

std::vector<NewFact> of_kind(const std::vector<NewFact>& facts, std::string_view kind) {
  std::vector<NewFact> out;
  for (const NewFact& f : facts) {
    if (f.kind == kind) out.push_back(f);
  }
  return out;
}

const Value& field(const NewFact& f, std::string_view name) {
  static const Value kUnset;
  for (const auto& [k, v] : f.fields) {
    if (k == name) return v;
  }
  return kUnset;
}

// A text field, or "<unset>".
std::string text_of(const NewFact& f, std::string_view name) {
  const Value& v = field(f, name);
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : "<unset>";
}

double number_of(const NewFact& f, std::string_view name) {
  const Value& v = field(f, name);
  return std::holds_alternative<double>(v) ? std::get<double>(v) : -1;
}

bool flag_of(const NewFact& f, std::string_view name) {
  const Value& v = field(f, name);
  REQUIRE(std::holds_alternative<bool>(v));
  return std::get<bool>(v);
}

std::string date_of(const NewFact& f, std::string_view name) {
  const Value& v = field(f, name);
  return std::holds_alternative<Date>(v) ? to_iso(std::get<Date>(v)) : "<unset>";
}

std::string spanned(const Document& d, const NewFact& f) {
  return d.text.text().substr(f.span.begin, f.span.end - f.span.begin);
}

// The only fact of `kind` whose span text is `text`.
NewFact the(const Document& d, const std::vector<NewFact>& facts, std::string_view kind,
            std::string_view text) {
  std::vector<NewFact> found;
  for (const NewFact& f : facts) {
    if (f.kind == kind && spanned(d, f) == text) found.push_back(f);
  }
  INFO(kind << " spanning \"" << text << "\"");
  REQUIRE(found.size() == 1);
  return found.front();
}

// The only quote whose text field is `text`.
NewFact quote(const std::vector<NewFact>& facts, std::string_view text) {
  std::vector<NewFact> found;
  for (const NewFact& f : facts) {
    if (f.kind == "quote" && text_of(f, "text") == text) found.push_back(f);
  }
  INFO("quote \"" << text << "\"");
  REQUIRE(found.size() == 1);
  return found.front();
}

bool on_boundary(const std::string& s, std::uint32_t i) {
  return i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

// Invariants every extraction must keep, whatever the input.
void check_spans(const Document& d, const std::vector<NewFact>& facts) {
  const std::string& s = d.text.text();
  for (std::size_t k = 0; k < facts.size(); ++k) {
    const NewFact& f = facts[k];
    REQUIRE(f.span.begin <= f.span.end);
    REQUIRE(f.span.end <= s.size());
    REQUIRE(f.span.begin >= d.body_begin);
    REQUIRE(on_boundary(s, f.span.begin));
    REQUIRE(on_boundary(s, f.span.end));
    REQUIRE(!f.position.has_value());
    if (k > 0) REQUIRE(facts[k - 1].span.begin <= f.span.begin);
  }
}

}  // namespace

// --- sentences -------------------------------------------------------------------------------

TEST_CASE("sentences survive abbreviations, initials and decimals", "[extract]") {
  const Document d = make_doc(
      "Mr. Lindgren met Dr. Okafor in the U.S. capital on Jan. 5 to discuss the plan. "
      "Gen. Ruiz said No. 10 was ready. Prices rose 14.5 percent. "
      "J. R. Whitfield disagreed.");
  const auto facts = extract_facts(d);
  const auto s = of_kind(facts, "sentence");
  REQUIRE(s.size() == 4);
  CHECK(text_of(s[0], "text") ==
        "Mr. Lindgren met Dr. Okafor in the U.S. capital on Jan. 5 to discuss the plan.");
  CHECK(text_of(s[1], "text") == "Gen. Ruiz said No. 10 was ready.");
  CHECK(text_of(s[2], "text") == "Prices rose 14.5 percent.");
  CHECK(text_of(s[3], "text") == "J. R. Whitfield disagreed.");
  for (std::size_t k = 0; k < s.size(); ++k) {
    CHECK(number_of(s[k], "index") == static_cast<double>(k));
    CHECK(spanned(d, s[k]) == text_of(s[k], "text"));
  }
}

TEST_CASE("a sentence ends inside closing quotation marks and at a paragraph break", "[extract]") {
  const Document d = make_doc(
      "The envoy said: “We will not accept a frozen conflict.” The talks ended early.\n\n"
      "A heading without a period\n\n"
      "“Why now?” Moreau asked. Nobody answered.");
  const auto s = of_kind(extract_facts(d), "sentence");
  REQUIRE(s.size() == 5);
  CHECK(text_of(s[0], "text") == "The envoy said: “We will not accept a frozen conflict.”");
  CHECK(text_of(s[1], "text") == "The talks ended early.");
  CHECK(text_of(s[2], "text") == "A heading without a period");
  CHECK(text_of(s[3], "text") == "“Why now?” Moreau asked.");
  CHECK(text_of(s[4], "text") == "Nobody answered.");
}

TEST_CASE("a dotted acronym ends a sentence before a sentence opener", "[extract]") {
  const Document d = make_doc("The delegation flew to the U.S. The visit lasted a week.");
  const auto s = of_kind(extract_facts(d), "sentence");
  REQUIRE(s.size() == 2);
  CHECK(text_of(s[0], "text") == "The delegation flew to the U.S.");
}

// --- quotes ----------------------------------------------------------------------------------

TEST_CASE("apostrophes are not quotation marks; single quotes are", "[extract]") {
  const Document d = make_doc(
      "Seoul’s mayor called the scheme a ‘dead end’ on Tuesday, and the city's budget office "
      "didn't object to the mayor’s remarks.");
  const auto quotes = of_kind(extract_facts(d), "quote");
  REQUIRE(quotes.size() == 1);
  CHECK(text_of(quotes[0], "text") == "dead end");
  CHECK(spanned(d, quotes[0]) == "‘dead end’");
  CHECK(number_of(quotes[0], "words") == 2);
  CHECK_FALSE(flag_of(quotes[0], "nested"));
}

TEST_CASE("a quote followed by NAME said", "[extract]") {
  const Document d = make_doc("\"We will rebuild every school,\" Ana Lopez said on Friday.");
  const auto facts = extract_facts(d);
  const NewFact q = quote(facts, "We will rebuild every school,");
  CHECK(spanned(d, q) == "\"We will rebuild every school,\"");
  CHECK(text_of(q, "speaker") == "Ana Lopez");
  CHECK(text_of(q, "verb") == "said");
  CHECK(number_of(q, "words") == 5);
  const NewFact p = the(d, facts, "person", "Ana Lopez");
  CHECK(text_of(p, "key") == "ana lopez");
}

TEST_CASE("a quote followed by said TITLE NAME", "[extract]") {
  const Document d =
      make_doc("“The harbour will reopen in spring,” said Mayor Tom Berg, who chairs the board.");
  const NewFact q = quote(extract_facts(d), "The harbour will reopen in spring,");
  CHECK(text_of(q, "speaker") == "Tom Berg");
  CHECK(text_of(q, "speaker_title") == "Mayor");
  CHECK(text_of(q, "verb") == "said");
}

TEST_CASE("a quote followed by a phrase, an appositive and the verb", "[extract]") {
  const Document d = make_doc(
      "\"The pool closes in June,\" the town's head of parks, Rita Vance, said on Friday.\n\n"
      "“We are ready,” Vance, who runs the swim club, told reporters.");
  const auto facts = extract_facts(d);
  const NewFact a = quote(facts, "The pool closes in June,");
  CHECK(text_of(a, "speaker") == "Rita Vance");
  CHECK(text_of(a, "verb") == "said");
  CHECK(text_of(quote(facts, "We are ready,"), "speaker") == "Rita Vance");
}

TEST_CASE("NAME said: and NAME said, before a quote", "[extract]") {
  const Document d = make_doc(
      "Ana Lopez said: “The money has arrived.”\n\n"
      "Piotr Nowak said, \"We never saw it.\"");
  const auto facts = extract_facts(d);
  CHECK(text_of(quote(facts, "The money has arrived."), "speaker") == "Ana Lopez");
  CHECK(text_of(quote(facts, "We never saw it."), "speaker") == "Piotr Nowak");
}

TEST_CASE("NAME VERB that … a partial quote, with a title", "[extract]") {
  const Document d = make_doc(
      "Finance Minister Omar Haddad warned that the deficit could become “a serious threat” to "
      "growth.");
  const auto facts = extract_facts(d);
  const NewFact q = quote(facts, "a serious threat");
  CHECK(text_of(q, "speaker") == "Omar Haddad");
  CHECK(text_of(q, "speaker_title") == "Finance Minister");
  CHECK(text_of(q, "verb") == "warned");
  const NewFact p = the(d, facts, "person", "Omar Haddad");
  CHECK(text_of(p, "title") == "Finance Minister");
}

TEST_CASE("a pronoun resolves to the nearest person mentioned before", "[extract]") {
  const Document d = make_doc(
      "Defence analyst Maria Costa has followed the dispute for a decade.\n\n"
      "“The risk of escalation is real,” she said.\n\n"
      "Jonas Weber, a diplomat, disagreed. He reportedly said the fears were “overblown”.");
  const auto facts = extract_facts(d);
  const NewFact a = quote(facts, "The risk of escalation is real,");
  CHECK(text_of(a, "speaker") == "Maria Costa");
  CHECK(text_of(a, "speaker_title") == "Defence analyst");
  const NewFact b = quote(facts, "overblown");
  CHECK(text_of(b, "speaker") == "Jonas Weber");
  CHECK(text_of(b, "verb") == "said");
}

TEST_CASE("a role resolves to the person who holds it", "[extract]") {
  const Document d = make_doc(
      "Sven Olsen, a researcher at the Baltic Maritime Institute, studied the wreck.\n\n"
      "“The hull was cut from outside,” the researcher said.");
  const auto facts = extract_facts(d);
  const NewFact q = quote(facts, "The hull was cut from outside,");
  CHECK(text_of(q, "speaker") == "Sven Olsen");
  CHECK(text_of(q, "speaker_title") == "researcher");
  const NewFact p = the(d, facts, "person", "Sven Olsen");
  CHECK(text_of(p, "title") == "researcher");
  CHECK(text_of(p, "org") == "Baltic Maritime Institute");
}

TEST_CASE("a surname resolves when one person fits and stays as written when two do", "[extract]") {
  const Document d = make_doc(
      "Park Ji-hoon, a trade official, opened the session.\n\n"
      "“Exports will recover,” Park said.\n\n"
      "Later, opposition lawmaker Park Min-seo questioned the figures.\n\n"
      "“Nobody believes that,” Park said.");
  const auto facts = extract_facts(d);
  CHECK(text_of(quote(facts, "Exports will recover,"), "speaker") == "Park Ji-hoon");
  CHECK(text_of(quote(facts, "Nobody believes that,"), "speaker") == "Park");
}

TEST_CASE("resolved says whether the speaker names someone", "[extract]") {
  const Document d = make_doc(
      "Park Ji-hoon, a trade official, opened the session.\n\n"
      "“Exports will recover,” Park said.\n\n"
      "Later, opposition lawmaker Park Min-seo questioned the figures.\n\n"
      "“Nobody believes that,” Park said. “We will see,” she said.\n\n"
      "“It is early,” said a senior official. “No comment,” they said.\n\n"
      "“Prices are stable,” the central bank said.\n\n"
      "“Nobody spoke.”");
  const auto facts = extract_facts(d);
  CHECK(flag_of(quote(facts, "Exports will recover,"), "resolved"));
  const NewFact ambiguous = quote(facts, "Nobody believes that,");
  CHECK(text_of(ambiguous, "speaker") == "Park");
  CHECK_FALSE(flag_of(ambiguous, "resolved"));
  CHECK(text_of(quote(facts, "We will see,"), "speaker") == "Park Min-seo");
  CHECK(flag_of(quote(facts, "It is early,"), "resolved"));  // a description: nothing to resolve
  const NewFact they = quote(facts, "No comment,");
  CHECK(text_of(they, "speaker") == "they");
  CHECK_FALSE(flag_of(they, "resolved"));
  CHECK(flag_of(quote(facts, "Prices are stable,"), "resolved"));
  const NewFact none = quote(facts, "Nobody spoke.");
  CHECK(text_of(none, "speaker") == "<unset>");
  CHECK(std::holds_alternative<std::monostate>(field(none, "resolved")));
}

TEST_CASE("reported speech without quotation marks is a statement", "[extract]") {
  const Document d = make_doc(
      "Mayor Ann Lee said that the bridge would reopen in June.\n\n"
      "Lee told reporters on Monday that repairs had cost more than expected.\n\n"
      "According to the transport ministry, traffic has fallen by a third.\n\n"
      "The toll will stay unchanged, the operator said in a statement.\n\n"
      "She said the schedule was tight.\n\n"
      "The council said: “We are ready.”\n\n"
      "The engineers called it a success. Officials accused the firm of delays.");
  const auto facts = extract_facts(d);
  const auto st = of_kind(facts, "statement");
  REQUIRE(st.size() == 5);
  CHECK(text_of(st[0], "text") == "the bridge would reopen in June");
  CHECK(text_of(st[0], "speaker") == "Ann Lee");
  CHECK(text_of(st[0], "speaker_title") == "Mayor");
  CHECK(text_of(st[0], "verb") == "said");
  CHECK(flag_of(st[0], "resolved"));
  CHECK(spanned(d, st[0]) == "the bridge would reopen in June");
  CHECK(text_of(st[1], "text") == "repairs had cost more than expected");
  CHECK(text_of(st[1], "speaker") == "Ann Lee");
  CHECK(text_of(st[1], "verb") == "told");
  CHECK(text_of(st[2], "text") == "traffic has fallen by a third");
  CHECK(text_of(st[2], "speaker") == "the transport ministry");
  CHECK(text_of(st[2], "verb") == "according to");
  CHECK(text_of(st[3], "text") == "The toll will stay unchanged");
  CHECK(text_of(st[3], "speaker") == "the operator");
  CHECK(text_of(st[3], "via") == "a statement");
  CHECK(text_of(st[4], "speaker") == "Ann Lee");
  CHECK(text_of(st[4], "text") == "the schedule was tight");
}

TEST_CASE("it said resolves to the organisation that spoke just before", "[extract]") {
  const Document d = make_doc(
      "“Fares will rise,” the transport authority said on Monday.\n\n"
      "“The increase is modest,” it said. The operator said 1,800 riders a day use the line.\n\n"
      "“It is a scandal,” it said.");
  const auto facts = extract_facts(d);
  const NewFact it = quote(facts, "The increase is modest,");
  CHECK(text_of(it, "speaker") == "the transport authority");
  CHECK(flag_of(it, "resolved"));
  const auto st = of_kind(facts, "statement");
  REQUIRE(st.size() == 1);
  CHECK(text_of(st[0], "text") == "1,800 riders a day use the line");
  // The operator spoke last: "it" is now the operator.
  CHECK(text_of(quote(facts, "It is a scandal,"), "speaker") == "The operator");
}

TEST_CASE("a given name alone resolves to the full name", "[extract]") {
  const Document d = make_doc(
      "Union leader Lee Sang-woo rejected the offer.\n\n"
      "“We will strike,” Sang-woo said.");
  const NewFact q = quote(extract_facts(d), "We will strike,");
  CHECK(text_of(q, "speaker") == "Lee Sang-woo");
  CHECK(text_of(q, "speaker_title") == "leader");
}

TEST_CASE("organisations speak", "[extract]") {
  const Document d = make_doc(
      "“The exercise is purely defensive,” the defence ministry said in a statement.\n\n"
      "State media said the launch was “a complete success”.\n\n"
      "\"No one was hurt,\" Reuters reported.");
  const auto facts = extract_facts(d);
  const NewFact a = quote(facts, "The exercise is purely defensive,");
  CHECK(text_of(a, "speaker") == "the defence ministry");
  CHECK(text_of(a, "via") == "a statement");
  CHECK(text_of(quote(facts, "a complete success"), "speaker") == "State media");
  const NewFact c = quote(facts, "No one was hurt,");
  CHECK(text_of(c, "speaker") == "Reuters");
  CHECK(text_of(c, "verb") == "reported");
  CHECK(text_of(c, "via") == "Reuters");
}

TEST_CASE("channels: posted by, according to a statement, reported", "[extract]") {
  const Document d = make_doc(
      "“Our patience has limits,” Li Wei said, according to a statement posted by Xinhua.\n\n"
      "“Talks are over,” Abel Mensah declared in a message published by the Daily Courier "
      "Agency (DCA).\n\n"
      "Abel Mensah called the offer “an insult”, reported Harbour News.\n\n"
      "“The border stays closed,” according to a statement posted by the Interior Ministry.");
  const auto facts = extract_facts(d);
  const NewFact a = quote(facts, "Our patience has limits,");
  CHECK(text_of(a, "speaker") == "Li Wei");
  CHECK(text_of(a, "via") == "Xinhua");
  const NewFact b = quote(facts, "Talks are over,");
  CHECK(text_of(b, "speaker") == "Abel Mensah");
  CHECK(text_of(b, "verb") == "declared");
  CHECK(text_of(b, "via") == "DCA");
  const NewFact c = quote(facts, "an insult");
  CHECK(text_of(c, "speaker") == "Abel Mensah");
  CHECK(text_of(c, "via") == "Harbour News");
  const NewFact e = quote(facts, "The border stays closed,");
  CHECK(text_of(e, "speaker") == "Interior Ministry");
  CHECK(text_of(e, "via") == "Interior Ministry");
}

TEST_CASE("according to NAME attributes a quote", "[extract]") {
  const Document d =
      make_doc("According to Elena Petrova, the negotiations were “going nowhere” by midnight.");
  const NewFact q = quote(extract_facts(d), "going nowhere");
  CHECK(text_of(q, "speaker") == "Elena Petrova");
  CHECK(text_of(q, "verb") == "according to");
}

TEST_CASE("a partial quote goes to the sentence's subject", "[extract]") {
  const Document d = make_doc(
      "The city council on Monday rejected the proposal, calling it “a waste of public "
      "money”.\n\n"
      "Chancellor Ida Brandt visited the plant. Brandt urged the workers to “hold the line” "
      "during the talks.\n\n"
      "The bridge carries a “historic” load.");
  const auto facts = extract_facts(d);
  const NewFact a = quote(facts, "a waste of public money");
  CHECK(text_of(a, "speaker") == "The city council");
  CHECK(text_of(a, "verb") == "calling");
  CHECK(text_of(quote(facts, "hold the line"), "speaker") == "Ida Brandt");
  CHECK(text_of(quote(facts, "historic"), "speaker") == "<unset>");
}

TEST_CASE("a quote running over paragraphs is one quote", "[extract]") {
  const Document d = make_doc(
      "Ana Lopez read the letter aloud: “We have waited three years for an answer.\n\n"
      "“We will wait no longer,” she said.");
  const auto quotes = of_kind(extract_facts(d), "quote");
  REQUIRE(quotes.size() == 1);
  CHECK(text_of(quotes[0], "text") ==
        "We have waited three years for an answer. We will wait no longer,");
  CHECK(text_of(quotes[0], "speaker") == "Ana Lopez");
  CHECK(spanned(d, quotes[0]).substr(0, 3) == "“");
  CHECK(spanned(d, quotes[0]).size() > 60);
}

TEST_CASE("nested quotes, with the same or other marks", "[extract]") {
  const Document d = make_doc(
      "“They keep promising a “new era,” but nothing changes,” Ana Lopez said.\n\n"
      "“We reject the ‘so-called reforms’ entirely,” Lopez added.");
  const auto facts = extract_facts(d);
  const NewFact outer = quote(facts, "They keep promising a “new era,” but nothing changes,");
  CHECK_FALSE(flag_of(outer, "nested"));
  CHECK(text_of(outer, "speaker") == "Ana Lopez");
  const NewFact inner = quote(facts, "new era,");
  CHECK(flag_of(inner, "nested"));
  CHECK(text_of(inner, "speaker") == "Ana Lopez");
  CHECK(spanned(d, inner) == "“new era,”");
  const NewFact single = quote(facts, "so-called reforms");
  CHECK(flag_of(single, "nested"));
  CHECK(text_of(single, "speaker") == "Ana Lopez");
  CHECK(text_of(quote(facts, "We reject the ‘so-called reforms’ entirely,"), "verb") == "added");
}

TEST_CASE("an unattributed quote stays unattributed; a continuation inherits", "[extract]") {
  const Document d = make_doc(
      "“The vote was fair,” said Ana Lopez. “We counted twice.”\n\n"
      "“Someone is lying about the totals.”");
  const auto facts = extract_facts(d);
  CHECK(text_of(quote(facts, "We counted twice."), "speaker") == "Ana Lopez");
  const NewFact q = quote(facts, "Someone is lying about the totals.");
  CHECK(text_of(q, "speaker") == "<unset>");
  CHECK(text_of(q, "verb") == "<unset>");
  CHECK(number_of(q, "words") == 6);
}

// --- figures ---------------------------------------------------------------------------------

TEST_CASE("a counted noun phrase gives unit and subject", "[extract]") {
  const Document d = make_doc("The army will receive 45 modern armoured vehicles next year.");
  const NewFact f = the(d, extract_facts(d), "figure", "45 modern armoured vehicles");
  CHECK(number_of(f, "value") == 45);
  CHECK(text_of(f, "unit") == "vehicle");
  CHECK(text_of(f, "subject") == "modern armoured vehicles");
  CHECK(text_of(f, "text") == "45 modern armoured vehicles");
  CHECK_FALSE(flag_of(f, "approx"));
  CHECK(text_of(f, "qualifier") == "<unset>");
}

TEST_CASE("amounts: scale, currency and what they are worth", "[extract]") {
  const Document d = make_doc(
      "The firm signed a deal with Norway for the delivery of turbines, including blades and "
      "towers, worth $2.3 billion. The bridge contract, worth €12.5 million, was approved. "
      "Officials announced a £40m upgrade. The fund holds US$5 million in cash. "
      "Seoul set aside 800 billion won for the programme. The bank lent ¥300 billion.");
  const auto facts = extract_facts(d);
  const NewFact a = the(d, facts, "figure", "$2.3 billion");
  CHECK(number_of(a, "value") == 2300000000.0);
  CHECK(text_of(a, "unit") == "USD");
  CHECK(text_of(a, "subject") == "a deal");
  const NewFact b = the(d, facts, "figure", "€12.5 million");
  CHECK(number_of(b, "value") == 12500000.0);
  CHECK(text_of(b, "unit") == "EUR");
  CHECK(text_of(b, "subject") == "The bridge contract");
  const NewFact c = the(d, facts, "figure", "£40m");
  CHECK(number_of(c, "value") == 40000000.0);
  CHECK(text_of(c, "unit") == "GBP");
  CHECK(text_of(c, "subject") == "upgrade");
  const NewFact e = the(d, facts, "figure", "US$5 million");
  CHECK(number_of(e, "value") == 5000000.0);
  CHECK(text_of(e, "unit") == "USD");
  CHECK(text_of(e, "subject") == "cash");
  const NewFact g = the(d, facts, "figure", "800 billion won");
  CHECK(number_of(g, "value") == 800e9);
  CHECK(text_of(g, "unit") == "KRW");
  CHECK(text_of(g, "subject") == "the programme");
  const NewFact h = the(d, facts, "figure", "¥300 billion");
  CHECK(text_of(h, "unit") == "JPY");
  CHECK(text_of(h, "subject") == "<unset>");
}

TEST_CASE("percentages and their subjects", "[extract]") {
  const Document d = make_doc(
      "Unemployment rose to 5.2% in March. About 40 percent of voters stayed home. "
      "Turnout fell 12 per cent.");
  const auto facts = extract_facts(d);
  const NewFact a = the(d, facts, "figure", "5.2%");
  CHECK(number_of(a, "value") == 5.2);
  CHECK(text_of(a, "unit") == "percent");
  CHECK(text_of(a, "subject") == "Unemployment");
  const NewFact b = the(d, facts, "figure", "About 40 percent");
  CHECK(number_of(b, "value") == 40);
  CHECK(flag_of(b, "approx"));
  CHECK(text_of(b, "qualifier") == "about");
  CHECK(text_of(b, "subject") == "voters");
  const NewFact c = the(d, facts, "figure", "12 per cent");
  CHECK(text_of(c, "unit") == "percent");
  CHECK(text_of(c, "subject") == "Turnout");
}

TEST_CASE("qualifiers: approximate or a bound", "[extract]") {
  const Document d = make_doc(
      "More than 200 people were evacuated. Nearly 3,000 soldiers crossed the river. "
      "At least 12 villages lost power. Up to 500 workers may lose their jobs. "
      "Roughly 1,250 homes were damaged.");
  const auto facts = extract_facts(d);
  const NewFact a = the(d, facts, "figure", "More than 200 people");
  CHECK(number_of(a, "value") == 200);
  CHECK(text_of(a, "unit") == "person");
  CHECK(text_of(a, "qualifier") == "more than");
  CHECK_FALSE(flag_of(a, "approx"));
  const NewFact b = the(d, facts, "figure", "Nearly 3,000 soldiers");
  CHECK(number_of(b, "value") == 3000);
  CHECK(flag_of(b, "approx"));
  const NewFact c = the(d, facts, "figure", "At least 12 villages");
  CHECK(text_of(c, "qualifier") == "at least");
  CHECK_FALSE(flag_of(c, "approx"));
  const NewFact e = the(d, facts, "figure", "Up to 500 workers");
  CHECK(text_of(e, "qualifier") == "up to");
  CHECK(flag_of(e, "approx"));
  CHECK(number_of(the(d, facts, "figure", "Roughly 1,250 homes"), "value") == 1250);
}

TEST_CASE("number words", "[extract]") {
  const Document d = make_doc(
      "The unit lost thirty-one tanks and a dozen drones. The plant will add two hundred "
      "jobs, and three million people live in the region. One of the pilots survived, and "
      "the two sides met.");
  const auto facts = extract_facts(d);
  const NewFact a = the(d, facts, "figure", "thirty-one tanks");
  CHECK(number_of(a, "value") == 31);
  CHECK(text_of(a, "unit") == "tank");
  CHECK(number_of(the(d, facts, "figure", "a dozen drones"), "value") == 12);
  CHECK(number_of(the(d, facts, "figure", "two hundred jobs"), "value") == 200);
  const NewFact b = the(d, facts, "figure", "three million people");
  CHECK(number_of(b, "value") == 3e6);
  CHECK(text_of(b, "unit") == "person");
  for (const NewFact& f : of_kind(facts, "figure")) {
    CHECK(spanned(d, f).find("One") == std::string::npos);
  }
}

TEST_CASE("ranges: to, a dash, between … and; a change and a score are not ranges", "[extract]") {
  const Document d = make_doc(
      "Prices rose 10-15% as 20 to 30 firms raised between $2 million and $3 million. "
      "A fee of $10-15 million and ten to fifteen thousand visitors. "
      "Output went from 40 to 50 tonnes. The team won 3-2. Call 555-0100. "
      "The 2023-2024 season had 2 to 3 games a week.");
  const auto facts = extract_facts(d);
  const NewFact pct = the(d, facts, "figure", "10-15%");
  CHECK(number_of(pct, "value") == 10);
  CHECK(number_of(pct, "high") == 15);
  CHECK(text_of(pct, "unit") == "percent");
  const NewFact firms = the(d, facts, "figure", "20 to 30 firms");
  CHECK(number_of(firms, "high") == 30);
  CHECK(text_of(firms, "unit") == "firm");
  const NewFact money = the(d, facts, "figure", "between $2 million and $3 million");
  CHECK(number_of(money, "value") == 2e6);
  CHECK(number_of(money, "high") == 3e6);
  CHECK(text_of(money, "unit") == "USD");
  const NewFact fee = the(d, facts, "figure", "$10-15 million");
  CHECK(number_of(fee, "value") == 1e7);
  CHECK(number_of(fee, "high") == 1.5e7);
  const NewFact words = the(d, facts, "figure", "ten to fifteen thousand visitors");
  CHECK(number_of(words, "value") == 10000);
  CHECK(number_of(words, "high") == 15000);
  // "from 40 to 50": two figures, no range.
  CHECK(number_of(the(d, facts, "figure", "40"), "high") == -1);
  CHECK(number_of(the(d, facts, "figure", "50 tonnes"), "high") == -1);
  CHECK(number_of(the(d, facts, "figure", "2 to 3 games"), "high") == 3);
  for (const NewFact& f : of_kind(facts, "figure")) {
    INFO(spanned(d, f));
    CHECK(number_of(f, "value") != 3);
    CHECK(number_of(f, "value") != 555);
    CHECK(number_of(f, "value") != 2023);
  }
}

TEST_CASE("years, dates, times, ordinals, phone numbers and identifiers are not figures",
          "[extract]") {
  const Document d = make_doc(
      "In 2022 the agency moved to the 3rd floor. The 1990s were calmer. Call 555-0134 or "
      "+44 20 7946 0958 before 10:30. Twelve F-16 jets escorted Flight 370 on 4 May 2023 "
      "after COVID-19 rules ended. Article 5 was invoked after a 3-2 vote. The ruling of 2019 "
      "stands.");
  const auto facts = extract_facts(d);
  std::vector<std::string> figures;
  for (const NewFact& f : of_kind(facts, "figure")) figures.push_back(spanned(d, f));
  CHECK(figures == std::vector<std::string>{"Twelve F-16 jets"});
  const NewFact jets = the(d, facts, "figure", "Twelve F-16 jets");
  CHECK(number_of(jets, "value") == 12);
  CHECK(text_of(jets, "unit") == "jet");
}

// --- dates -----------------------------------------------------------------------------------

TEST_CASE("absolute dates with and without weekday", "[extract]") {
  const Document d = make_doc(
      "The summit opened on 29 January 2024 and closed on January 31, 2024. The report is "
      "dated Monday, 5 February 2024. Budgets for January 2024 were cut.");
  const auto facts = extract_facts(d);
  const NewFact a = the(d, facts, "date", "29 January 2024");
  CHECK(date_of(a, "start") == "2024-01-29");
  CHECK(date_of(a, "end") == "2024-01-29");
  CHECK(text_of(a, "precision") == "day");
  CHECK_FALSE(flag_of(a, "relative"));
  CHECK(date_of(the(d, facts, "date", "January 31, 2024"), "start") == "2024-01-31");
  const NewFact b = the(d, facts, "date", "Monday, 5 February 2024");
  CHECK(date_of(b, "start") == "2024-02-05");
  CHECK(text_of(b, "text") == "Monday, 5 February 2024");
  const NewFact c = the(d, facts, "date", "January 2024");
  CHECK(text_of(c, "precision") == "month");
  CHECK(date_of(c, "start") == "2024-01-01");
  CHECK(date_of(c, "end") == "2024-01-31");
}

TEST_CASE("date ranges within and across months take the publication year", "[extract]") {
  const Document d = make_doc(
      "The envoy is in Oslo from 12 to 14 March. She then visits Rome from March 30 to April 2. "
      "Drills ran 3-5 March.",
      "2024-03-01");
  const auto facts = extract_facts(d);
  const NewFact a = the(d, facts, "date", "12 to 14 March");
  CHECK(date_of(a, "start") == "2024-03-12");
  CHECK(date_of(a, "end") == "2024-03-14");
  const NewFact b = the(d, facts, "date", "March 30 to April 2");
  CHECK(date_of(b, "start") == "2024-03-30");
  CHECK(date_of(b, "end") == "2024-04-02");
  const NewFact c = the(d, facts, "date", "3-5 March");
  CHECK(date_of(c, "end") == "2024-03-05");
  CHECK(of_kind(facts, "figure").empty());
}

TEST_CASE("numeric dates are read only when their order is certain", "[extract]") {
  const Document d = make_doc(
      "The order of 29/01/2024 replaced the one of 01/30/2024 and the draft of 2024/02/05. "
      "The memo of 03/04/2024 is lost. The file of 05/05/2024 remains.");
  const auto facts = extract_facts(d);
  CHECK(date_of(the(d, facts, "date", "29/01/2024"), "start") == "2024-01-29");
  CHECK(date_of(the(d, facts, "date", "01/30/2024"), "start") == "2024-01-30");
  CHECK(date_of(the(d, facts, "date", "2024/02/05"), "start") == "2024-02-05");
  CHECK(date_of(the(d, facts, "date", "05/05/2024"), "start") == "2024-05-05");
  CHECK(of_kind(facts, "date").size() == 4);  // 03/04/2024: March 4 or 3 April
  CHECK(of_kind(facts, "figure").empty());
}

TEST_CASE("a date carries the event it is attached to", "[extract]") {
  const Document d = make_doc(
      "Leaders will gather for the summit on 3 May. The talks ended on Tuesday without a deal. "
      "The envoy is visiting Seoul from 12 to 14 March. Monday's vote was close. "
      "A debate that began in September is over. He left on Friday.",
      "2024-03-01");
  const auto facts = extract_facts(d);
  CHECK(text_of(the(d, facts, "date", "3 May"), "event") == "summit");
  CHECK(text_of(the(d, facts, "date", "Tuesday"), "event") == "talks");
  CHECK(text_of(the(d, facts, "date", "12 to 14 March"), "event") == "visit");
  CHECK(text_of(the(d, facts, "date", "Monday"), "event") == "vote");
  CHECK(text_of(the(d, facts, "date", "September"), "event") == "debate");
  CHECK(text_of(the(d, facts, "date", "Friday"), "event") == "<unset>");
}

TEST_CASE("a year after in; relative dates against the publication date", "[extract]") {
  const Document d = make_doc(
      "Prices doubled in 2022. Officials met on Monday and again yesterday. Exports fell last "
      "year. The deal was signed in December last year. The minister will visit on Friday.",
      "2024-03-06");  // a Wednesday
  const auto facts = extract_facts(d);
  const NewFact y = the(d, facts, "date", "2022");
  CHECK(text_of(y, "precision") == "year");
  CHECK(date_of(y, "start") == "2022-01-01");
  CHECK(date_of(y, "end") == "2022-12-31");
  const NewFact mon = the(d, facts, "date", "Monday");
  CHECK(flag_of(mon, "relative"));
  CHECK(date_of(mon, "start") == "2024-03-04");
  CHECK(date_of(the(d, facts, "date", "yesterday"), "start") == "2024-03-05");
  const NewFact ly = the(d, facts, "date", "last year");
  CHECK(date_of(ly, "start") == "2023-01-01");
  CHECK(text_of(ly, "precision") == "year");
  const NewFact dec = the(d, facts, "date", "December last year");
  CHECK(date_of(dec, "start") == "2023-12-01");
  CHECK(date_of(dec, "end") == "2023-12-31");
  CHECK(flag_of(dec, "relative"));
  CHECK(date_of(the(d, facts, "date", "Friday"), "start") == "2024-03-08");
}

TEST_CASE("relative dates without a publication date keep their text only", "[extract]") {
  const Document d = make_doc("The strike began on Monday and ended last year in 2023.");
  const auto facts = extract_facts(d);
  const NewFact mon = the(d, facts, "date", "Monday");
  CHECK(date_of(mon, "start") == "<unset>");
  CHECK(text_of(mon, "text") == "Monday");
  CHECK(flag_of(mon, "relative"));
  CHECK(date_of(the(d, facts, "date", "last year"), "start") == "<unset>");
  CHECK(date_of(the(d, facts, "date", "2023"), "start") == "2023-01-01");
}

TEST_CASE("a date without a year takes the year nearest publication", "[extract]") {
  const Document d =
      make_doc("The fire started on December 28 and was out by 2 January.", "2025-01-05");
  const auto facts = extract_facts(d);
  CHECK(date_of(the(d, facts, "date", "December 28"), "start") == "2024-12-28");
  CHECK(date_of(the(d, facts, "date", "2 January"), "start") == "2025-01-02");
}

// --- people ----------------------------------------------------------------------------------

TEST_CASE("a title phrase before a name gives title and org", "[extract]") {
  const Document d = make_doc(
      "UN Secretary-General Maria Lindqvist met German Foreign Minister Klaus Weber and "
      "Secretary of State Dana Miles.");
  const auto facts = extract_facts(d);
  const NewFact a = the(d, facts, "person", "Maria Lindqvist");
  CHECK(text_of(a, "title") == "Secretary-General");
  CHECK(text_of(a, "org") == "UN");
  const NewFact b = the(d, facts, "person", "Klaus Weber");
  CHECK(text_of(b, "title") == "Foreign Minister");
  CHECK(text_of(b, "org") == "German");
  CHECK(text_of(the(d, facts, "person", "Dana Miles"), "title") == "Secretary of State");
  CHECK(of_kind(facts, "person").size() == 3);
}

TEST_CASE("an appositive after a name gives title and org", "[extract]") {
  const Document d = make_doc(
      "Lena Hart, who directs the Arctic Research Centre, said the ice was thinning. "
      "Omar Said, an analyst at the Gulf Policy Forum, agreed.");
  const auto facts = extract_facts(d);
  const NewFact a = the(d, facts, "person", "Lena Hart");
  CHECK(text_of(a, "title") == "director");
  CHECK(text_of(a, "org") == "Arctic Research Centre");
  const NewFact b = the(d, facts, "person", "Omar Said");
  CHECK(text_of(b, "title") == "analyst");
  CHECK(text_of(b, "org") == "Gulf Policy Forum");
}

TEST_CASE("places, organisations, months and sentence openers are not people", "[extract]") {
  const Document d = make_doc(
      "South Korea and New York signed the accord at Harbor Street in March. The Central "
      "Statistics Agency and Marlow Construction objected. During Monday talks in Port Elling, "
      "nothing moved. Meanwhile Russian President Ivan Sokolov left.");
  const auto people = of_kind(extract_facts(d), "person");
  REQUIRE(people.size() == 1);
  CHECK(text_of(people[0], "name") == "Ivan Sokolov");
  CHECK(text_of(people[0], "title") == "President");
  CHECK(text_of(people[0], "org") == "Russian");
}

TEST_CASE("a headline in Title Case yields no people", "[extract]") {
  const Document d = make_doc("Mayor Says The Harbour Plan Is A ‘Done Deal’\n\nText follows.");
  CHECK(of_kind(extract_facts(d), "person").empty());
}

TEST_CASE("person facts carry one mention each, possessive excluded", "[extract]") {
  const Document d =
      make_doc("Tomas Ferreira’s plan failed. Tomas Ferreira tried again, and Ferreira won.");
  const auto facts = extract_facts(d);
  const auto people = of_kind(facts, "person");
  REQUIRE(people.size() == 2);
  CHECK(spanned(d, people[0]) == "Tomas Ferreira");
  CHECK(spanned(d, people[1]) == "Tomas Ferreira");
}

// --- name keys -------------------------------------------------------------------------------

TEST_CASE("name keys bring romanization variants together", "[extract]") {
  CHECK(name_key("Kim Tong-Myong") == name_key("Kim Dong Myung"));
  CHECK(name_key("Kim Dong Myung") == name_key("Kim Dong-myung"));
  CHECK(name_key("Kim Yo-jong") != name_key("Kim Jong-un"));
  CHECK(name_key("Kim Jong-un") != name_key("Kim Jong-gun"));
  CHECK(name_key("Jens Stoltenberg") == "jens stoltenberg");
  CHECK(name_key("Xi Jinping") == name_key("Xi Jin-ping"));
  CHECK(name_key("Moon Jae-in") == name_key("Mun Jae In"));
  CHECK(name_key("Park Geun-hye") == name_key("Pak Kun-hye"));
  CHECK(name_key("Lee Jae-myung") == name_key("Lee Jae-myeong"));
  CHECK(name_key("José Álvarez") == name_key("Jose Alvarez"));
  CHECK(name_key("Jean-Paul Martin") == name_key("Jean Paul Martin"));
  CHECK(name_key("Seán O’Brien") == "sean obrien");
  CHECK(name_key("Tim Cook") == "tim cook");
  CHECK(name_key("Tim Cook") != name_key("Tim Gook"));
  CHECK(name_word_key("Jong-gun") != name_word_key("Jong-un"));
  CHECK(name_word_key("Kim") == "kim");
}

// --- robustness ------------------------------------------------------------------------------

TEST_CASE("empty, blank and one-character documents", "[extract]") {
  for (const char* text : {"", " ", "\n\n\n", ".", "\"", "“", "’", "$", "5", "a"}) {
    const Document d = make_doc(text);
    const auto facts = extract_facts(d);
    check_spans(d, facts);
  }
}

TEST_CASE("only the body is read", "[extract]") {
  Document d = make_doc("---\ntitle: Ana Lopez said 45 tanks\n---\nBody text with 12 drones.");
  d.body_begin = static_cast<std::uint32_t>(d.text.text().find("Body"));
  const auto facts = extract_facts(d);
  check_spans(d, facts);
  CHECK(of_kind(facts, "person").empty());
  REQUIRE(of_kind(facts, "figure").size() == 1);
  d.body_begin = 100000;  // past the end
  CHECK(extract_facts(d).empty());
}

TEST_CASE("NUL bytes and ill-formed UTF-8", "[extract]") {
  std::string text = "Ana Lopez said \"we paid $5 million\"";
  text += std::string("\0\0\xFF\xC3 \x80\x80\xE2\x80 ", 10);
  text += "on 3 May 2024.\xED\xA0\x80 “Open quote never closed. Kim Tong-Myong\xF4\x90\x80\x80.";
  const Document d = make_doc(text);
  const auto facts = extract_facts(d);
  check_spans(d, facts);
  CHECK_FALSE(of_kind(facts, "quote").empty());
  CHECK_FALSE(of_kind(facts, "date").empty());
}

TEST_CASE("binary junk never breaks the invariants", "[extract]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::string junk(20000, '\0');
    const std::string alphabet = " .,\"'“”‘’$%-–—0123456789AaKkMm\n\xE2\x80\x9C\xC3";
    for (char& c : junk) {
      c = round % 2 == 0 ? static_cast<char>(rng() & 0xFF) : alphabet[rng() % alphabet.size()];
    }
    const Document d = make_doc(junk);
    check_spans(d, extract_facts(d));
  }
}

TEST_CASE("a 5 MB single line is processed in bounded time", "[extract]") {
  std::string line;
  const std::string words[] = {"the",     "council", "said",   "Ana",  "Lopez", "paid",  "$5",
                               "million", "on",      "Monday", "“no”", "12",    "tanks", "in",
                               "2022",    "North",   "Korea",  "'s",   "plan",  "Kim",   "Jong-un"};
  std::mt19937 rng(11);
  while (line.size() < 5u << 20) {
    line += words[rng() % std::size(words)];
    line += ' ';
  }
  const Document d = make_doc(line);
  const auto facts = extract_facts(d);
  check_spans(d, facts);
  CHECK(facts.size() <= line.size() / 24 + 4096 + 64);
  // The line has no sentence ends: it is cut into sentences of bounded length.
  for (const NewFact& s : of_kind(facts, "sentence")) CHECK(s.span.end - s.span.begin <= 2048);
}

TEST_CASE("long runs of one character", "[extract]") {
  for (char c : {'.', '"', '\'', '-', '5', 'A', ',', '$', '\n'}) {
    const Document d = make_doc(std::string(1 << 20, c));
    check_spans(d, extract_facts(d));
  }
}

TEST_CASE("every fact of a realistic story satisfies the invariants", "[extract]") {
  const Document d = make_doc(
      "# Council backs bridge repairs\n\n"
      "The Port Elling council on Tuesday approved a $12.5 million contract, ending months of "
      "delay. “We could not wait another winter,” Mayor Ingrid Solberg said.\n\n"
      "Council member Tomas Ferreira voted against it, arguing for more bids. \"We are paying "
      "a premium,\" Ferreira told reporters. Work will take 14 months.",
      "2026-03-12");
  const auto facts = extract_facts(d);
  check_spans(d, facts);
  const NewFact q = quote(facts, "We are paying a premium,");
  CHECK(text_of(q, "speaker") == "Tomas Ferreira");
  CHECK(text_of(q, "verb") == "told");
  CHECK(date_of(the(d, facts, "date", "Tuesday"), "start") == "2026-03-10");
  CHECK(text_of(the(d, facts, "figure", "$12.5 million"), "subject") == "contract");
  CHECK(text_of(the(d, facts, "figure", "14 months"), "unit") == "month");
}
