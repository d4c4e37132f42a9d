// The compilation driver: reads rule files (a file, or a folder searched recursively for
// `*.rules`), and runs the passes parse → check → plan over all of them, collecting every
// diagnostic. It owns the sources and ASTs that plans and diagnostics point into.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dsl/planner.hpp"

namespace verity::dsl {

struct RuleSet {
  std::vector<std::unique_ptr<SourceText>> sources;
  std::vector<std::unique_ptr<RuleFile>> files;
  std::vector<RulePlan> plans;  // only rules without errors
  Diagnostics diagnostics;

  bool ok() const { return !diagnostics.has_errors(); }
};

// Expands folders to their `*.rules` files (sorted); a missing path is an error.
std::vector<std::string> expand_rule_paths(const std::vector<std::string>& paths,
                                           Diagnostics& diags);

// Compiles rule files. `schema` must outlive the result.
std::unique_ptr<RuleSet> compile_rule_files(const std::vector<std::string>& paths,
                                            const Schema& schema);

// Compiles rule text held in memory (tests, and rules given inline).
std::unique_ptr<RuleSet> compile_rule_text(const std::string& name, const std::string& text,
                                           const Schema& schema);

}  // namespace verity::dsl
