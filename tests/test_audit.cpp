// `verity audit` (docs/audit.md): the planted discrepancy is found and reported; a second audit
// of an unchanged archive extracts and evaluates nothing again; one changed article re-extracts
// one document and re-evaluates one story, and `verity report` marks findings new, persisting
// and fixed between audits; records without a story are grouped by shared people within the
// window; the facts blob and the signature survive their round trip.
#include <algorithm>
#include <map>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/audit_codec.hpp"
#include "engine/audit_stories.hpp"
#include "support/audit_archive.hpp"
#include "support/test_support.hpp"

using namespace verity_test;
using nlohmann::json;

namespace {

json read_stats(const TempDir& dir, const std::string& name = "stats.json") {
  return json::parse(slurp(dir.file(name)));
}

CommandResult audit(const TempDir& dir, const std::string& extra = "") {
  return run_verity(dir,
                    "audit --quiet --db verity.db --stats stats.json " + extra + " archive.jsonl");
}

}  // namespace

TEST_CASE("audit finds the planted discrepancy and logs it by story", "[audit]") {
  TempDir dir;
  const ArchiveSpec spec{40};
  dir.write("archive.jsonl", archive_text(spec));
  const CommandResult r = audit(dir, "--jobs 2");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("verity audit: run 1: " + std::to_string(article_count(spec)) +
                                    " documents ("));

  const json stats = read_stats(dir);
  CHECK(stats["run"] == 1);
  CHECK(stats["documents"] == article_count(spec));
  CHECK(stats["extracted"] == article_count(spec));
  CHECK(stats["unchanged"] == 0);
  CHECK(stats["stories"] == spec.stories);
  CHECK(stats["evaluated"] == spec.stories);
  CHECK(stats["facts"].get<long>() > 5L * article_count(spec));
  CHECK(stats["bytes"] == slurp(dir.file("archive.jsonl")).size());

  RawDb db(dir.db());
  CHECK(db.one("SELECT count(*) FROM findings WHERE run_id = 1") ==
        std::to_string(stats["findings"].get<long>()));
  CHECK(db.one("SELECT kind || ' ' || status FROM runs WHERE id = 1") == "audit complete");
  CHECK(db.one("SELECT count(*) FROM documents WHERE run_id = 1") ==
        std::to_string(article_count(spec)));
  // Every planted story, and only those, has a figure.agrees finding.
  std::set<std::string> planted;
  for (int s = 0; s < spec.stories; ++s) {
    if (is_planted(s)) planted.insert(story_name(s));
  }
  const auto agrees = db.column(
      "SELECT DISTINCT story FROM findings WHERE run_id = 1 AND rule_id = 'figure.agrees'");
  CHECK(std::set<std::string>(agrees.begin(), agrees.end()) == planted);
  // Only evidence facts are logged as rows, each pointing at a logged document.
  CHECK(db.one("SELECT count(*) FROM facts f LEFT JOIN documents d ON d.id = f.document_id "
               "WHERE d.id IS NULL") == "0");
  CHECK(std::stol(db.one("SELECT count(*) FROM facts")) < stats["facts"].get<long>());
  CHECK(db.one("PRAGMA integrity_check") == "ok");
  CHECK(db.column("PRAGMA foreign_key_check").empty());

  const CommandResult report = run_verity(dir, "report --db verity.db");
  INFO(report.out << report.err);
  CHECK(report.code == 0);
  CHECK_THAT(report.out, Catch::Contains("story-3"));
  CHECK_THAT(report.out, Catch::Contains("figure.agrees"));
  CHECK_THAT(report.out, Catch::Contains("$12 million"));  // story 3's planted figure
}

TEST_CASE("a second audit of an unchanged archive extracts and evaluates nothing again",
          "[audit]") {
  TempDir dir;
  ArchiveSpec spec{30};
  dir.write("archive.jsonl", archive_text(spec));
  REQUIRE(audit(dir).code == 0);
  const json first = read_stats(dir);

  const CommandResult again = audit(dir);
  INFO(again.err);
  REQUIRE(again.code == 0);
  const json second = read_stats(dir);
  CHECK(second["run"] == 2);
  CHECK(second["extracted"] == 0);
  CHECK(second["unchanged"] == article_count(spec));
  CHECK(second["evaluated"] == 0);
  CHECK(second["stories"] == spec.stories);
  CHECK(second["facts"] == 0);
  CHECK(second["findings"] == first["findings"]);  // carried over

  // Correct the planted figure of story 3: one article changes.
  spec.fixed_story = 3;
  dir.write("archive.jsonl", archive_text(spec));
  REQUIRE(audit(dir).code == 0);
  const json third = read_stats(dir);
  CHECK(third["run"] == 3);
  CHECK(third["extracted"] == 1);
  CHECK(third["evaluated"] == 1);
  CHECK(third["unchanged"] == article_count(spec) - 1);

  const CommandResult report =
      run_verity(dir, "report --db verity.db --run 3 --against 2 --format json");
  INFO(report.out << report.err);
  REQUIRE(report.code == 0);
  const json history = json::parse(report.out);
  std::map<std::string, std::map<std::string, int>> by_story;  // story -> status -> count
  std::set<std::string> fixed_rules;
  for (const auto& story : history["stories"]) {
    for (const auto& rule : story["rules"]) {
      for (const auto& f : rule["findings"]) {
        ++by_story[story["story"]][f["status"]];
        if (f["status"] == "fixed") fixed_rules.insert(rule["rule"].get<std::string>());
      }
    }
  }
  CHECK(fixed_rules.count("figure.agrees") == 1);
  for (const auto& [story, statuses] : by_story) {
    INFO(story);
    if (story == "story-3") {
      CHECK(statuses.count("fixed") == 1);
    } else {
      CHECK(statuses.size() == 1);
      CHECK(statuses.count("persisting") == 1);
    }
  }
  CHECK(history["counts"]["persisting"].get<long>() > 0);
  CHECK(history["counts"]["new"] == 0);

  // And back: the discrepancy comes back as new.
  spec.fixed_story = -1;
  dir.write("archive.jsonl", archive_text(spec));
  REQUIRE(audit(dir).code == 0);
  CHECK(read_stats(dir)["evaluated"] == 1);
  const json back =
      json::parse(run_verity(dir, "report --db verity.db --run 4 --against 3 --format json").out);
  CHECK(back["counts"]["new"].get<long>() >= 1);
  CHECK(back["counts"]["fixed"] == 0);
}

TEST_CASE("records without a story are grouped by shared people within the window", "[audit]") {
  using verity::assign_stories;
  using verity::StoryInput;
  using verity::StoryRule;
  auto doc = [](std::string uri, std::string date, std::vector<std::string> keys,
                std::string story = "") {
    return StoryInput{std::move(uri), std::move(story), {std::move(date), std::move(keys), {}}};
  };
  const std::vector<StoryInput> docs = {
      doc("b", "2024-03-01", {"elena varga", "tomas lindqvist", "x"}),
      doc("a", "2024-03-03", {"elena varga", "tomas lindqvist"}),
      doc("c", "2024-03-20", {"elena varga", "tomas lindqvist"}),  // too far from a and b
      doc("d", "2024-03-02", {"elena varga", "amara okafor"}),     // shares one person only
      doc("e", "2024-03-02", {}),                                  // no people
      doc("f", "", {"elena varga", "tomas lindqvist"}),            // no date
      doc("h", "2024-03-04", {"tomas lindqvist", "x"}),  // joins b (two shared), so a's story
      doc("g", "2024-03-25", {"elena varga", "tomas lindqvist"}, "named"),  // far from all
  };
  const auto stories = assign_stories(docs, StoryRule{});
  CHECK(stories[0] == "auto:a");
  CHECK(stories[1] == "auto:a");
  CHECK(stories[2] == "auto:c");
  CHECK(stories[3] == "auto:d");
  CHECK(stories[4] == "auto:e");
  CHECK(stories[5] == "auto:f");
  CHECK(stories[6] == "auto:a");
  CHECK(stories[7] == "named");
  // A window of 0 days splits a and b (two days apart).
  const auto narrow = assign_stories(docs, StoryRule{0});
  CHECK(narrow[0] != narrow[1]);

  // A group linked to records that name their story joins the story it is linked to most; named
  // stories never merge, and their records never move.
  const std::vector<StoryInput> mixed = {
      doc("s1-a", "2024-03-02", {"elena varga", "tomas lindqvist"}, "s1"),
      doc("s1-b", "2024-03-02", {"elena varga", "tomas lindqvist"}, "s1"),
      doc("s2-a", "2024-03-02", {"elena varga", "tomas lindqvist"}, "s2"),
      doc("open", "2024-03-03", {"elena varga", "tomas lindqvist"}),
      doc("open-2", "2024-03-04", {"tomas lindqvist", "elena varga"}),
  };
  const auto joined_named = assign_stories(mixed, StoryRule{});
  CHECK(joined_named == std::vector<std::string>{"s1", "s1", "s2", "s1", "s1"});

  // One person and one exact figure in common are enough; figures without a person are not.
  std::vector<StoryInput> figures = {
      doc("p1", "2024-03-01", {"elena varga"}), doc("p2", "2024-03-02", {"elena varga"}),
      doc("q1", "2024-03-01", {"amara okafor"}), doc("q2", "2024-03-01", {"kofi mensah"})};
  figures[0].signature.figure_keys = figures[1].signature.figure_keys = {"240 worker"};
  figures[2].signature.figure_keys = figures[3].signature.figure_keys = {"7 bus", "9 car"};
  CHECK(assign_stories(figures, StoryRule{}) ==
        std::vector<std::string>{"auto:p1", "auto:p1", "auto:q1", "auto:q2"});

  // A person in more records of the window than too_common does not join them.
  std::vector<StoryInput> crowd;
  for (int i = 0; i < 5; ++i) {
    crowd.push_back(doc("n" + std::to_string(i), "2024-03-01", {"common one", "common two"}));
  }
  const auto crowded = assign_stories(crowd, StoryRule{3, 4});
  CHECK(std::set<std::string>(crowded.begin(), crowded.end()).size() == 5);
  // With a limit the crowd does not pass, they are one story.
  const auto joined = assign_stories(crowd, StoryRule{3, 5});
  CHECK(std::set<std::string>(joined.begin(), joined.end()) == std::set<std::string>{"auto:n0"});
}

TEST_CASE("an audit groups archive records that name no story", "[audit]") {
  TempDir dir;
  ArchiveSpec spec{12};
  spec.story_field = false;
  std::string text = archive_text(spec);
  dir.write("archive.jsonl", text);
  const CommandResult r = audit(dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  RawDb db(dir.db());
  // Each story's sources name the same two people on the same day: one group per story,
  // named after its smallest id.
  std::vector<std::string> expected;
  for (int s = 0; s < spec.stories; ++s) expected.push_back("auto:" + story_name(s) + "-source-0");
  std::sort(expected.begin(), expected.end());
  CHECK(db.column("SELECT story FROM audit_stories WHERE run_id = 1 ORDER BY story") == expected);
  // The planted discrepancy of story 3 is found in its group, and the report names the group.
  CHECK(db.one("SELECT story FROM findings WHERE rule_id = 'figure.agrees'") ==
        "auto:story-3-source-0");
  CHECK_THAT(run_verity(dir, "report --db verity.db").out,
             Catch::Contains("auto:story-3-source-0"));
}

TEST_CASE("the audit cache keeps facts and signatures exactly", "[audit]") {
  using namespace verity;
  NewFact f;
  f.kind = "figure";
  f.span = {10, 20};
  f.position = LineCol{3, 7};
  f.fields = {{"value", 12.5e6},      {"unit", std::string("USD")}, {"approx", false},
              {"start", Date{19800}}, {"ref", FactRef{4}},          {"none", Value{}}};
  NewFact g;
  g.kind = "person";
  g.span = {0, 3};
  g.fields = {{"key", std::string("elena varga")}};
  const auto blob = encode_facts({f, g});
  const auto back = decode_facts(blob);
  REQUIRE(back);
  REQUIRE(back->size() == 2);
  CHECK((*back)[0].kind == "figure");
  CHECK((*back)[0].span.end == 20);
  CHECK((*back)[0].position->column == 7);
  CHECK((*back)[0].fields == f.fields);
  CHECK(!(*back)[1].position);
  CHECK(!decode_facts(blob.substr(0, blob.size() - 1)));  // truncated: a miss, not a crash
  CHECK(!decode_facts(""));

  NewFact about = f;
  about.fields.emplace_back("qualifier", std::string("about"));  // not an exact figure
  const StorySignature sig = make_signature("2024-03-01", {f, g, g, about});
  CHECK(sig.person_keys == std::vector<std::string>{"elena varga"});
  CHECK(sig.figure_keys == std::vector<std::string>{"12500000 USD"});
  const StorySignature round = decode_signature(encode_signature(sig));
  CHECK(round.published == "2024-03-01");
  CHECK(round.person_keys == sig.person_keys);
  CHECK(round.figure_keys == sig.figure_keys);
  CHECK(decode_signature(encode_signature({"", {}, {}})).person_keys.empty());
}
