// The estimates of dsl/plan_cost.hpp: selectivities, fan-outs, and how figures are written.
#include "dsl/plan_cost.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace verity::dsl {
namespace {

const Expr& resolve_let(const Expr& e) {
  const Expr* p = &e;
  while (p->kind == ExprKind::variable && p->let_target != nullptr) p = p->let_target;
  return *p;
}

double filtered(double facts, const std::vector<const Expr*>& filters) {
  double out = facts;
  for (const Expr* f : filters) out *= selectivity(*f);
  return out;
}

// Facts found per probe: `fraction` of the candidates, but at least one (an index's average
// group holds at least one fact, as the evaluator's estimate counts it) and at most all.
double per_probe(double candidates, double fraction) {
  return std::min(candidates, std::max(1.0, candidates * fraction));
}

double key_fraction(std::size_t keys) {
  return std::pow(kJoinKeyFraction, static_cast<double>(keys));
}

std::string with_thousands(long long n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

double selectivity(const Expr& condition) {
  const Expr& c = resolve_let(condition);
  if (c.kind == ExprKind::binary && c.binary_op == BinaryOp::eq) return kEqualitySelectivity;
  if (c.kind == ExprKind::binary && c.binary_op == BinaryOp::ne) return kNotEqualSelectivity;
  if (c.kind == ExprKind::in_list) {
    const double items = static_cast<double>(c.args.size()) - 1;
    return std::min(1.0, items * kEqualitySelectivity);
  }
  return kOtherSelectivity;
}

PlanEstimate estimate_plan(const RulePlan& plan, const Cardinalities& counts) {
  PlanEstimate out;
  double rows = 1;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& step = plan.steps[i];
    StepEstimate s;
    s.facts = counts.facts(step.kind);
    s.candidates = filtered(s.facts, step.filters);
    if (i == 0) {
      s.per_row = s.candidates;
    } else if (!step.keys.empty()) {
      s.per_row = per_probe(s.candidates, key_fraction(step.keys.size()));
    } else if (!step.blocks.empty()) {
      const bool names = step.blocks.front().method == BlockKey::Method::person_name;
      s.per_row = per_probe(s.candidates, names ? kPersonNameBlockFraction : kWordBlockFraction);
    } else {
      s.per_row = s.candidates;
    }
    rows *= s.per_row;
    s.rows = rows;
    out.bindings += rows;
    out.steps.push_back(s);
  }
  const double complete = plan.steps.empty() ? 0 : rows;
  for (const SubqueryPlan& sub : plan.subqueries) {
    SubqueryEstimate s;
    s.facts = counts.facts(sub.kind);
    s.candidates = filtered(s.facts, sub.filters);
    s.per_lookup =
        sub.keys.empty() ? s.candidates : per_probe(s.candidates, key_fraction(sub.keys.size()));
    out.subquery_tries += complete * s.per_lookup;
    out.subqueries.push_back(s);
  }
  return out;
}

std::string format_estimate(double value) {
  if (!(value > 0)) return "0";
  if (value < 0.01) return "<0.01";
  if (value < 10) {
    // Two significant digits, without trailing zeros: 0.25, 1, 2.5.
    std::string s = fmt::format("{:.2f}", value < 1 ? value : std::round(value * 10) / 10);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
  }
  if (value < 1e6) return with_thousands(std::llround(value));
  int exponent = static_cast<int>(std::floor(std::log10(value)));
  double mantissa = std::round(value / std::pow(10.0, exponent) * 10) / 10;
  if (mantissa >= 10) {
    mantissa /= 10;
    ++exponent;
  }
  return fmt::format("{:.1f}e{}", mantissa, exponent);
}

std::string counts_note(const RulePlan& plan, const Schema& schema, const Cardinalities& counts) {
  std::set<std::size_t> kinds;
  for (const PlanStep& s : plan.steps) kinds.insert(s.kind);
  for (const SubqueryPlan& s : plan.subqueries) kinds.insert(s.kind);
  std::vector<std::string> assumed;
  for (std::size_t k : kinds) {
    if (counts.assumed(k)) assumed.push_back(schema.kind(k).name);
  }
  const std::string per_kind = format_estimate(Cardinalities::kAssumedFactsPerKind);
  if (assumed.size() == kinds.size()) return fmt::format("assuming {} facts per kind", per_kind);
  if (assumed.empty()) return "with the facts counted";
  std::sort(assumed.begin(), assumed.end());
  std::string list;
  for (const auto& name : assumed) list += (list.empty() ? "" : ", ") + name;
  return fmt::format("with the facts counted, assuming {} facts of {}", per_kind, list);
}

Cardinalities table_cardinalities(const RuleSet& rules, const Schema& schema) {
  Cardinalities out;
  out.facts_per_kind.resize(schema.kinds().size());
  for (const LoadedTable& table : rules.tables) {
    const auto kind = schema.kind_index(table.name);
    if (!kind || *kind >= out.facts_per_kind.size()) continue;
    // A table read twice (two files naming it) adds its rows twice, as the run does.
    out.facts_per_kind[*kind] =
        out.facts_per_kind[*kind].value_or(0) + static_cast<double>(table.rows.size());
  }
  return out;
}

}  // namespace verity::dsl
