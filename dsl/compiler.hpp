// The compilation driver: reads rule files (a file, or a folder searched recursively for
// `*.rules`) and the files they import, reads their reference tables, and runs the passes
// parse → check → plan over all of them, collecting every diagnostic. It owns the sources and
// ASTs that plans and diagnostics point into, and the text of the tables.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dsl/planner.hpp"
#include "dsl/table_loader.hpp"

namespace verity::dsl {

struct CompileOptions {
  // The shipped rules folder: `import "std/NAME"` reads NAME.rules there. When empty, a `std/`
  // import is an error.
  std::string std_dir;
  // Lets imports and tables name files outside the folders of the top-level rule files (and,
  // for shipped packs, outside std_dir): the CLI's --allow-outside-paths. Off by default, so a
  // rule file from elsewhere cannot read arbitrary files into a run's log and reports.
  bool allow_outside_paths = false;
};

struct RuleSet {
  // Every rule file, top-level and imported, once each, in the order loaded (a file before its
  // imports); `files[i]` is the AST of `sources[i]`.
  std::vector<std::unique_ptr<SourceText>> sources;
  std::vector<std::unique_ptr<RuleFile>> files;
  // The text of every table file read; diagnostics and LoadedTable::source point into them.
  std::vector<std::unique_ptr<SourceText>> table_sources;
  std::vector<LoadedTable> tables;  // tables read without a file-level error, in order
  std::vector<RulePlan> plans;      // only rules without errors
  Diagnostics diagnostics;
  // Set by the overloads that take a const Schema: the copy the tables' kinds were added to.
  // Kind indices of plans over table kinds refer to it.
  std::unique_ptr<Schema> own_schema;

  bool ok() const { return !diagnostics.has_errors(); }
};

// Expands folders to their `*.rules` files (sorted); a missing path is an error.
std::vector<std::string> expand_rule_paths(const std::vector<std::string>& paths,
                                           Diagnostics& diags);

// Compiles rule files and what they import. Each table adds a kind to `schema` (which must
// outlive the result): a caller that runs the rules adds the tables' rows as facts of those
// kinds (engine/table_facts.hpp). Imports and tables must stay inside the folders of `paths`
// (a folder given, or the folder of a file given) unless options.allow_outside_paths.
std::unique_ptr<RuleSet> compile_rule_files(const std::vector<std::string>& paths, Schema& schema,
                                            const CompileOptions& options);
// As above against a copy of `schema` (RuleSet::own_schema), without shipped packs.
std::unique_ptr<RuleSet> compile_rule_files(const std::vector<std::string>& paths,
                                            const Schema& schema);

// Compiles rule text held in memory (tests, and rules given inline). Imports and tables are
// resolved relative to the folder of `name`, which is also the folder they must stay in.
std::unique_ptr<RuleSet> compile_rule_text(const std::string& name, const std::string& text,
                                           Schema& schema, const CompileOptions& options);
// As above against a copy of `schema` (RuleSet::own_schema), without shipped packs.
std::unique_ptr<RuleSet> compile_rule_text(const std::string& name, const std::string& text,
                                           const Schema& schema);

}  // namespace verity::dsl
