// Runs compiled rule plans over a FactStore and produces findings. Each binding of the rule's
// variables that passes `where` and fails `require` is one finding; a finding is identified by
// its rule and the set of facts it binds, so a symmetric pair (a, b) / (b, a) is reported once.
// Equalities between variables are joins on interned keys, fuzzy joins use blocking tokens
// (see dsl/planner.hpp), and a rule's bindings can be enumerated by several threads; the
// findings, their order and the statistics are the same for any number of threads.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "dsl/planner.hpp"
#include "engine/expr_eval.hpp"
#include "engine/fact_store.hpp"
#include "engine/finding.hpp"
#include "engine/fingerprint.hpp"  // finding_fingerprint()

namespace verity {

struct EvalOptions {
  // A rule stops reporting after this many findings (the output can explode on skewed data);
  // RuleStats::capped says it happened.
  std::size_t max_findings_per_rule = 10000;
  // The cost budget: the most bindings a rule may try. A rule whose estimate (from the sizes
  // of its filtered scans and join keys) is larger does not run; one that reaches it while
  // running stops. RuleStats::over_budget says so, naming the estimate.
  double max_bindings = 2e8;
  // The rule files' `alias` statements: name key of each spelling -> key of the first one.
  // same_person() treats names whose keys map to one key as one person.
  AliasKeys aliases;
  // Threads that enumerate a rule's bindings: 0 is the hardware's count, at most 8. The
  // output does not depend on it.
  std::size_t threads = 0;
  // A rule whose estimated bindings are fewer runs on one thread, and a join index over fewer
  // facts is built by one: starting threads would cost more than it saves. Tests set it to 0.
  double min_parallel_bindings = 20000;
};

struct RuleStats {
  std::string rule_id;
  // Bindings that passed `where` and had `require` evaluated. For a symmetric self-join (see
  // engine/rule_symmetry.hpp) each unordered pair is bound once, so (a, b) and (b, a) count once.
  std::size_t bindings = 0;
  std::size_t findings = 0;
  bool capped = false;
  double estimated_bindings = 0;  // before running: how many bindings the plan would try
  std::size_t tried = 0;          // bindings tried (each candidate fact of each step)
  bool over_budget = false;
};

struct EvalResult {
  std::vector<Finding> findings;  // in rule order, then in order of the facts bound
  std::vector<RuleStats> stats;   // one per plan
};

EvalResult evaluate(const std::vector<dsl::RulePlan>& plans, const FactStore& store,
                    const EvalOptions& options = {});

}  // namespace verity
