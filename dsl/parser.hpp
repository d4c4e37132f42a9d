// The entry point of the rule-language parser (grammar in dsl/grammar.hpp, messages in
// dsl/parse_errors.hpp). Parse errors are reported as diagnostics, not thrown, and the parser
// recovers at the next statement (rule, import, table, alias) so that one run reports the
// syntax errors of several of them.
#pragma once

#include <string>

#include "dsl/ast.hpp"
#include "dsl/diagnostic.hpp"

namespace verity::dsl {

// Parses `src` into a RuleFile. Statements that failed to parse are left out of the result; each
// failure adds one error to `diags` located at the offending byte. `src` must outlive `diags`.
// Past limits::kMaxRules rules the file is read no further and an error is added.
RuleFile parse_rule_file(const SourceText& src, Diagnostics& diags);

// The message for a rule set with more than limits::kMaxRules rules (a file, or all files).
std::string too_many_rules_message();

// True when the grammar has no rule that can loop without consuming input
// (tao::pegtl::analyze reports 0 problems). Used by the grammar test.
bool grammar_is_well_formed();

}  // namespace verity::dsl
