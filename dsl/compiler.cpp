// Reads rule files and runs the compiler passes over them.
#include "dsl/compiler.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "dsl/parser.hpp"

namespace verity::dsl {
namespace {

namespace fs = std::filesystem;

void add_unlocated_error(Diagnostics& diags, std::string message) {
  diags.add(Diagnostic{DiagnosticLevel::error, nullptr, {}, std::move(message), {}});
}

void compile_sources(RuleSet& set, const Schema& schema) {
  Checker checker(schema);
  for (const auto& src : set.sources) {
    auto file = std::make_unique<RuleFile>(parse_rule_file(*src, set.diagnostics));
    for (const CheckedRule& checked : checker.check(*file, *src, set.diagnostics)) {
      set.plans.push_back(plan_rule(checked, set.diagnostics));
    }
    set.files.push_back(std::move(file));
  }
}

}  // namespace

std::vector<std::string> expand_rule_paths(const std::vector<std::string>& paths,
                                           Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".rules") {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        add_unlocated_error(diags, fmt::format("{}: no .rules files in this folder", p));
      }
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      out.push_back(p);
    } else {
      add_unlocated_error(diags, fmt::format("{}: no such rule file or folder", p));
    }
  }
  return out;
}

std::unique_ptr<RuleSet> compile_rule_files(const std::vector<std::string>& paths,
                                            const Schema& schema) {
  auto set = std::make_unique<RuleSet>();
  for (const auto& path : expand_rule_paths(paths, set->diagnostics)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      add_unlocated_error(set->diagnostics, fmt::format("{}: cannot read this rule file", path));
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    set->sources.push_back(std::make_unique<SourceText>(path, text.str()));
  }
  compile_sources(*set, schema);
  return set;
}

std::unique_ptr<RuleSet> compile_rule_text(const std::string& name, const std::string& text,
                                           const Schema& schema) {
  auto set = std::make_unique<RuleSet>();
  set->sources.push_back(std::make_unique<SourceText>(name, text));
  compile_sources(*set, schema);
  return set;
}

}  // namespace verity::dsl
