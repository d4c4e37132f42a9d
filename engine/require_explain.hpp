// Owns why a finding's `require` failed: the values the requirement read, and a sentence per
// failing part ("a.value = 12500000 and b.value = 15000000 differ by 16.7%, more than 1%").
// Computed when a run is logged, while the facts are in memory, by evaluating the parts of
// the rule's `require` expression on the finding's binding; `verity explain` prints it later.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dsl/planner.hpp"
#include "engine/expr_eval.hpp"
#include "engine/fact_store.hpp"
#include "engine/finding.hpp"

namespace verity {

struct ComparedValue {
  std::string expr;   // the expression as written in the rule, e.g. "a.value"
  std::string value;  // as a report template shows it; "(none)" when unset
};

struct FindingExplanation {
  std::vector<ComparedValue> values;  // each expression the failing parts read, once
  std::string reason;                 // one sentence per failing part, joined by "; "
};

class RequireExplainer {
 public:
  RequireExplainer(const FactStore& store, const AliasKeys* aliases);
  ~RequireExplainer();
  RequireExplainer(const RequireExplainer&) = delete;
  RequireExplainer& operator=(const RequireExplainer&) = delete;

  // `finding` must come from `plan` over this explainer's store. For a `group by` rule the
  // group is rebuilt from the evidence (every binding of its facts that passes `where` with
  // the group's key), so aggregates show the values the evaluator saw.
  FindingExplanation explain(const dsl::RulePlan& plan, const Finding& finding);

 private:
  const FactStore& store_;
  const AliasKeys* aliases_;
  std::vector<std::vector<FactRef>> by_kind_;
  std::map<const dsl::RulePlan*, std::unique_ptr<ExprEvaluator>> evaluators_;
};

// Explanations for every finding of `findings`, in order; a finding whose rule is not among
// `plans` gets an empty explanation.
std::vector<FindingExplanation> explain_findings(const std::vector<dsl::RulePlan>& plans,
                                                 const std::vector<Finding>& findings,
                                                 const FactStore& store, const AliasKeys* aliases);

}  // namespace verity
