// `verity compile` as a library call, with the fact counts its `--explain` estimates use: the
// rows of the rules' reference tables always, and with documents (--docs) or fact files
// (--facts) the facts a `verity check` of them would have, counted per kind. Nothing is
// evaluated and nothing is logged.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dsl/compiler.hpp"
#include "engine/fact_store.hpp"
#include "engine/input_problem.hpp"

namespace verity {

struct CompileInput {
  std::vector<std::string> rule_paths;  // files or folders of *.rules
  std::vector<std::string> documents;   // files or folders of documents, extracted and counted
  std::vector<std::string> fact_files;  // JSON Lines of facts, counted
  dsl::CompileOptions compile;
};

struct CompileOutcome {
  std::unique_ptr<FactStore> store;  // its schema is the one the plans' kind indices refer to
  std::unique_ptr<dsl::RuleSet> rules;
  std::vector<InputProblem> problems;  // documents and fact files; fatal ones mean exit 2
  // Facts per kind: counted for every kind when documents or fact files were given; otherwise
  // only the kinds of reference tables, the others left to the planner's assumption.
  dsl::Cardinalities counts;
};

CompileOutcome compile_with_counts(const CompileInput& input);

// The facts of each kind in `store`, by schema kind index.
dsl::Cardinalities count_facts(const FactStore& store);

}  // namespace verity
