// The checker pass: resolves every name of a parsed rule file against the schema and the
// function table, infers expression types, and reports all problems of a file at once
// (unknown kinds, fields, variables and functions with "did you mean", type mismatches,
// missing clauses, duplicate rule ids). It annotates the AST in place (Expr::type, Expr::slot).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostic.hpp"
#include "dsl/schema.hpp"
#include "dsl/severity.hpp"

namespace verity::dsl {

// A rule that passed the checker.
struct CheckedRule {
  const Rule* rule = nullptr;
  const SourceText* source = nullptr;
  Severity severity = Severity::warning;
  std::vector<std::size_t> kinds;  // schema kind index of each binding
  std::size_t slot_count = 0;      // variables of `for` plus those of sub-queries
};

class Checker {
 public:
  explicit Checker(const Schema& schema) : schema_(schema) {}

  // Checks each rule of `file`; rules with errors are reported and left out of the result.
  // Rule ids must be unique across every file given to this checker.
  std::vector<CheckedRule> check(RuleFile& file, const SourceText& src, Diagnostics& diags);

 private:
  struct FirstDefinition {
    const SourceText* source;
    Span span;
  };
  const Schema& schema_;
  std::map<std::string, FirstDefinition> rule_ids_;
};

}  // namespace verity::dsl
