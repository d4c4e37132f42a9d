// Golden tests of the compiler: for each tests/golden/NAME.rules, the exact diagnostics
// (NAME.err) and plans (NAME.plan). See tests/golden/README.md.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "dsl/compiler.hpp"
#include "engine/builtin_schema.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

namespace {

// Compares `actual` with the golden file (or rewrites it when VERITY_UPDATE_GOLDEN is set).
void compare(const fs::path& golden, const std::string& actual) {
  if (std::getenv("VERITY_UPDATE_GOLDEN") != nullptr) {
    if (actual.empty()) {
      fs::remove(golden);
    } else {
      std::ofstream(golden, std::ios::binary) << actual;
    }
    return;
  }
  const std::string expected = fs::exists(golden) ? slurp(golden) : std::string();
  INFO("golden file: " << golden.string() << "\n--- actual ---\n" << actual << "--- end ---");
  CHECK(actual == expected);
}

}  // namespace

TEST_CASE("golden diagnostics and plans", "[golden]") {
  const fs::path dir = fs::path(VERITY_SOURCE_DIR) / "tests" / "golden";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".rules") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 4);
  for (const fs::path& rules : cases) {
    SECTION(rules.filename().string()) {
      Schema schema = builtin_schema();
      // The name as a user would type it from the repository root, so messages read naturally.
      const std::string name = "tests/golden/" + rules.filename().string();
      auto set = dsl::compile_rule_text(name, slurp(rules), schema);
      compare(fs::path(rules).replace_extension(".err"), render(set->diagnostics));
      std::string plans;
      for (const auto& plan : set->plans) plans += dsl::describe_plan(plan, schema) + "\n";
      compare(fs::path(rules).replace_extension(".plan"), plans);
    }
  }
}
