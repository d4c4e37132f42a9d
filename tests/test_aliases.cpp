// `alias` statements: person keys of the listed spellings become one key, and same_person()
// treats them as one person — through the real pipeline (documents, extractor, rules).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/expr_eval.hpp"
#include "engine/pipeline.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

TEST_CASE("aliases join spellings that no key folding would", "[aliases]") {
  const TempDir scratch;  // removed with everything in it, also when a REQUIRE stops the test
  const fs::path& dir = scratch.path;
  fs::create_directories(dir / "story");
  std::ofstream(dir / "story" / "a.md")
      << "Finance Minister Margaret Okonkwo-Reyes presented the budget on Monday.\n";
  std::ofstream(dir / "story" / "b.md")
      << "Finance Minister Maggie Reyes presented the budget on Monday.\n";
  const std::string pack = R"(rule person.one-key {
  severity warning
  for p: person
  group by p.doc.story
  require count(distinct p.key) == 1
  report "{values(p.name)}"
}
)";
  std::ofstream(dir / "with.rules") << "alias \"Margaret Okonkwo-Reyes\" = \"Maggie Reyes\"\n"
                                    << pack;
  std::ofstream(dir / "without.rules") << pack;

  auto run = [&](const std::string& rules) {
    CheckOptions options;
    options.rule_paths = {(dir / rules).string()};
    options.documents = {(dir / "story").string()};
    options.db_path.clear();
    return run_check(options);
  };
  const auto without = run("without.rules");
  INFO(render(without.rules->diagnostics));
  REQUIRE(without.result.findings.size() == 1);  // two keys: the extractor sees two people
  CHECK(without.result.findings[0].message == "Margaret Okonkwo-Reyes, Maggie Reyes");
  const auto with = run("with.rules");
  CHECK(with.result.findings.empty());  // one key once the alias applies

  const AliasKeys keys = alias_keys({{"Margaret Okonkwo-Reyes", "Maggie Reyes"}});
  CHECK(same_person_names("Maggie Reyes", "Margaret Okonkwo-Reyes", &keys));
  CHECK(!same_person_names("Maggie Reyes", "Margaret Okonkwo-Reyes"));
}
