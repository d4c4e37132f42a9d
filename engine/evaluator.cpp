// Plan evaluation: per variable a filtered scan, hash tables for join keys, residual checks as
// soon as their variables are bound, then `require`. Bindings are enumerated depth-first in
// fact order, which keeps the output deterministic.
#include "engine/evaluator.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/expr_eval.hpp"
#include "engine/fact_json.hpp"
#include "engine/sha256.hpp"

namespace verity {
namespace {

using dsl::Expr;
using dsl::PlanStep;
using dsl::RulePlan;

class RuleRun {
 public:
  RuleRun(const RulePlan& plan, const FactStore& store,
          const std::vector<std::vector<FactRef>>& by_kind, const EvalOptions& options,
          EvalResult& result)
      : plan_(plan),
        store_(store),
        eval_(store, &plan, &by_kind, &options.aliases),
        options_(options),
        result_(result) {
    const std::size_t n = plan.steps.size();
    bound_.resize(std::max(plan.slot_count, n));
    candidates_.resize(n);
    tables_.resize(n);
    stats_.rule_id = plan.rule->id;
    for (std::size_t i = 0; i < n; ++i) prepare_step(i, by_kind);
  }

  void run() {
    stats_.estimated_bindings = estimate();
    if (stats_.estimated_bindings > options_.max_bindings) {
      stats_.over_budget = true;
      result_.stats.push_back(stats_);
      return;
    }
    bind(0);
    if (!plan_.rule->group_by.empty()) check_groups();
    result_.stats.push_back(stats_);
  }

 private:
  // Filters the step's scan, and builds its hash table when it has join keys.
  void prepare_step(std::size_t i, const std::vector<std::vector<FactRef>>& by_kind) {
    const PlanStep& step = plan_.steps[i];
    for (FactRef f : by_kind[step.kind]) {
      bound_[step.var] = f;
      if (passes(step.filters)) candidates_[i].push_back(f);
    }
    if (step.keys.empty()) return;
    for (FactRef f : candidates_[i]) {
      bound_[step.var] = f;
      std::vector<Value> key;
      for (const auto& k : step.keys) key.push_back(eval_.eval(*k.build, bound_));
      // An unset key never equals anything, as in SQL.
      if (std::all_of(key.begin(), key.end(), [](const Value& v) { return is_set(v); })) {
        tables_[i][std::move(key)].push_back(f);
      }
    }
  }

  // Bindings the plan would try: the first scan, times for each later step either its whole
  // filtered scan (no key) or the average number of facts per key of its hash table.
  double estimate() const {
    double total = 0, rows = 1;
    for (std::size_t i = 0; i < plan_.steps.size(); ++i) {
      const double n = static_cast<double>(candidates_[i].size());
      if (plan_.steps[i].keys.empty() || i == 0) {
        rows *= n;
      } else {
        const double keys = static_cast<double>(std::max<std::size_t>(tables_[i].size(), 1));
        rows *= n / keys;
      }
      total += rows;
    }
    return total;
  }

  bool passes(const std::vector<const Expr*>& conditions) {
    return eval_.all_true(conditions, bound_);
  }

  void bind(std::size_t i) {
    if (stats_.capped) return;
    if (i == plan_.steps.size()) {
      check_require();
      return;
    }
    const PlanStep& step = plan_.steps[i];
    const std::vector<FactRef>* facts = &candidates_[i];
    if (!step.keys.empty()) {
      std::vector<Value> key;
      for (const auto& k : step.keys) key.push_back(eval_.eval(*k.probe, bound_));
      auto it = tables_[i].find(key);
      if (it == tables_[i].end()) return;
      facts = &it->second;
    }
    for (FactRef f : *facts) {
      if (++stats_.tried > options_.max_bindings) {
        stats_.over_budget = true;
        stats_.capped = true;  // stops the enumeration
        return;
      }
      bound_[step.var] = f;
      if (passes(step.checks)) bind(i + 1);
      if (stats_.capped) return;
    }
  }

  // A complete binding: checked now, or kept in its group when the rule has `group by`.
  void check_require() {
    const std::size_t vars = plan_.rule->bindings.size();
    if (!plan_.rule->group_by.empty()) {
      std::vector<Value> key;
      for (const auto& k : plan_.rule->group_by) key.push_back(eval_.eval(*k, bound_));
      auto [it, inserted] = group_index_.try_emplace(std::move(key), groups_.size());
      if (inserted) groups_.emplace_back();
      groups_[it->second].push_back(bound_);
      return;
    }
    ++stats_.bindings;
    if (!is_false(eval_.eval(*plan_.rule->require, bound_))) return;
    std::vector<Evidence> evidence;
    for (std::size_t v = 0; v < vars; ++v) {
      evidence.push_back({plan_.rule->bindings[v].name, bound_[v]});
    }
    report(std::move(evidence), bound_);
  }

  // Each group is checked once; its finding binds every fact of the group, by variable.
  void check_groups() {
    const std::size_t vars = plan_.rule->bindings.size();
    for (const auto& group : groups_) {
      if (stats_.capped) return;
      ++stats_.bindings;
      eval_.set_group(&group);
      Binding first = group.front();
      const Value verdict = eval_.eval(*plan_.rule->require, first);
      if (is_false(verdict)) {
        std::vector<Evidence> evidence;
        for (std::size_t v = 0; v < vars; ++v) {
          std::vector<FactRef> seen;
          for (const Binding& member : group) {
            if (std::find(seen.begin(), seen.end(), member[v]) != seen.end()) continue;
            seen.push_back(member[v]);
            evidence.push_back({plan_.rule->bindings[v].name, member[v]});
          }
        }
        report(std::move(evidence), first);
      }
      eval_.set_group(nullptr);
    }
  }

  void report(std::vector<Evidence> evidence, Binding& bound) {
    std::vector<std::uint32_t> identity;
    for (const Evidence& e : evidence) identity.push_back(e.fact.index);
    std::sort(identity.begin(), identity.end());
    identity.erase(std::unique(identity.begin(), identity.end()), identity.end());
    if (!seen_.insert(identity).second) return;  // the same facts, bound in another order
    if (stats_.findings == options_.max_findings_per_rule) {
      stats_.capped = true;
      return;
    }
    Finding finding;
    finding.rule_id = plan_.rule->id;
    finding.severity = plan_.severity;
    finding.message = plan_.rule->report           ? eval_.render(*plan_.rule->report, bound)
                      : !plan_.rule->title.empty() ? plan_.rule->title
                                                   : plan_.rule->id;
    finding.evidence = std::move(evidence);
    finding.fingerprint = finding_fingerprint(finding.rule_id, finding.evidence, store_);
    result_.findings.push_back(std::move(finding));
    ++stats_.findings;
  }

  const RulePlan& plan_;
  const FactStore& store_;
  ExprEvaluator eval_;
  const EvalOptions& options_;
  EvalResult& result_;
  RuleStats stats_;
  std::vector<FactRef> bound_;                    // by variable index
  std::vector<std::vector<FactRef>> candidates_;  // by step, after filters
  std::vector<JoinTable> tables_;                 // by step, when it has join keys
  std::set<std::vector<std::uint32_t>> seen_;
  std::vector<std::vector<Binding>> groups_;  // in order of first appearance
  std::unordered_map<std::vector<Value>, std::size_t, KeyHash> group_index_;
};

}  // namespace

std::string finding_fingerprint(const std::string& rule_id, const std::vector<Evidence>& evidence,
                                const FactStore& store) {
  std::vector<std::string> parts;
  for (const auto& e : evidence) {
    const std::string& kind = store.kind_name(e.fact);
    // A document's identity is its id: its hash and metadata change with any edit.
    std::string content = kind == "doc" ? std::string() : fact_fields_json(store, e.fact);
    parts.push_back(fmt::format("{}\x1f{}\x1f{}", store.document_of(e.fact).id, kind, content));
  }
  std::sort(parts.begin(), parts.end());
  std::string input = rule_id;
  for (const auto& p : parts) input += "\x1e" + p;
  return sha256_hex(input).substr(0, 32);
}

EvalResult evaluate(const std::vector<RulePlan>& plans, const FactStore& store,
                    const EvalOptions& options) {
  std::vector<std::vector<FactRef>> by_kind(store.schema().kinds().size());
  for (std::uint32_t i = 0; i < store.facts().size(); ++i) {
    by_kind[store.facts()[i].kind].push_back(FactRef{i});
  }
  EvalResult result;
  for (const auto& plan : plans) RuleRun(plan, store, by_kind, options, result).run();
  return result;
}

}  // namespace verity
