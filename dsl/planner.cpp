// Conjunct classification into scan filters, hash-join keys, blocking keys and residual checks,
// the cartesian-product warning, and the text of `verity compile --explain`.
#include "dsl/planner.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "dsl/functions.hpp"
#include "dsl/plan_cost.hpp"

namespace verity::dsl {
namespace {

void split_conjuncts(const Expr* e, std::vector<const Expr*>& out) {
  if (e == nullptr) return;
  if (e->kind == ExprKind::binary && e->binary_op == BinaryOp::logical_and) {
    split_conjuncts(e->args[0].get(), out);
    split_conjuncts(e->args[1].get(), out);
    return;
  }
  out.push_back(e);
}

void collect_vars(const Expr& e, std::set<std::size_t>& vars) {
  if (e.kind == ExprKind::variable) {
    if (e.let_target != nullptr) {
      collect_vars(*e.let_target, vars);
    } else if (e.slot >= 0) {
      vars.insert(static_cast<std::size_t>(e.slot));
    }
    return;
  }
  if (e.kind == ExprKind::quantifier) {
    std::set<std::size_t> inner;
    for (const auto& a : e.args) collect_vars(*a, inner);
    inner.erase(static_cast<std::size_t>(e.slot));
    vars.insert(inner.begin(), inner.end());
    return;
  }
  for (const auto& a : e.args) collect_vars(*a, vars);
}

std::set<std::size_t> vars_of(const Expr& e) {
  std::set<std::size_t> vars;
  collect_vars(e, vars);
  return vars;
}

// Finds every quantifier under `e` (lets included) and plans it.
void plan_subqueries(const Expr& e, RulePlan& plan, std::set<const Expr*>& seen) {
  if (e.kind == ExprKind::variable) {
    if (e.let_target != nullptr) plan_subqueries(*e.let_target, plan, seen);
    return;
  }
  for (const auto& a : e.args) plan_subqueries(*a, plan, seen);
  if (e.kind != ExprKind::quantifier || !seen.insert(&e).second) return;
  SubqueryPlan sub;
  sub.expr = &e;
  sub.slot = static_cast<std::size_t>(e.slot);
  sub.kind = e.binding_kind;
  std::vector<const Expr*> conjuncts;
  if (!e.args.empty()) split_conjuncts(e.args[0].get(), conjuncts);
  const std::set<std::size_t> own{sub.slot};
  for (const Expr* c : conjuncts) {
    const auto vars = vars_of(*c);
    if (vars == own || vars.empty()) {
      sub.filters.push_back(c);
      continue;
    }
    if (c->kind == ExprKind::binary && c->binary_op == BinaryOp::eq) {
      const Expr* l = c->args[0].get();
      const Expr* r = c->args[1].get();
      const auto lv = vars_of(*l), rv = vars_of(*r);
      if (rv == own && !lv.count(sub.slot)) {
        sub.keys.push_back({l, r});
        continue;
      }
      if (lv == own && !rv.count(sub.slot)) {
        sub.keys.push_back({r, l});
        continue;
      }
    }
    sub.checks.push_back(c);
  }
  plan.subqueries.push_back(std::move(sub));
}

const Expr& through_lets(const Expr& e) {
  const Expr* p = &e;
  while (p->kind == ExprKind::variable && p->let_target != nullptr) p = p->let_target;
  return *p;
}

bool is_call_to(const Expr& e, FunctionId id) {
  return e.kind == ExprKind::call && e.slot >= 0 && e.args.size() == 2 &&
         function_table()[static_cast<std::size_t>(e.slot)].id == id;
}

bool is_positive_number(const Expr& e) {
  const Expr& n = through_lets(e);
  return n.kind == ExprKind::number && n.number > 0;
}

// The two-argument call a fuzzy join condition rests on: `same_person(x, y)`, or the
// `similar(x, y)` of `similar(x, y) >= t` / `> t` (or `t <= similar(x, y)` / `t < …`) with a
// number t > 0, where a pair sharing no word scores 0 and so can never pass.
std::optional<std::pair<const Expr*, BlockKey::Method>> fuzzy_call(const Expr& condition) {
  const Expr& c = through_lets(condition);
  if (is_call_to(c, FunctionId::same_person)) {
    return std::make_pair(&c, BlockKey::Method::person_name);
  }
  if (c.kind != ExprKind::binary) return std::nullopt;
  const Expr& l = through_lets(*c.args[0]);
  const Expr& r = through_lets(*c.args[1]);
  const bool call_left = c.binary_op == BinaryOp::ge || c.binary_op == BinaryOp::gt;
  const bool call_right = c.binary_op == BinaryOp::le || c.binary_op == BinaryOp::lt;
  if (call_left && is_call_to(l, FunctionId::similar) && is_positive_number(r)) {
    return std::make_pair(&l, BlockKey::Method::words);
  }
  if (call_right && is_call_to(r, FunctionId::similar) && is_positive_number(l)) {
    return std::make_pair(&r, BlockKey::Method::words);
  }
  return std::nullopt;
}

// A blocking key for `condition` at the step of variable `last`: one argument of its fuzzy
// call reads only earlier variables (at least one), the other only `last`.
std::optional<BlockKey> block_key_of(const Expr& condition, std::size_t last) {
  const auto call = fuzzy_call(condition);
  if (!call) return std::nullopt;
  const Expr* a = call->first->args[0].get();
  const Expr* b = call->first->args[1].get();
  const auto av = vars_of(*a), bv = vars_of(*b);
  const std::set<std::size_t> only_last{last};
  const auto earlier_only = [&](const std::set<std::size_t>& v) {
    return !v.empty() && !v.count(last) && *v.rbegin() < last;
  };
  if (bv == only_last && earlier_only(av)) return BlockKey{call->second, a, b};
  if (av == only_last && earlier_only(bv)) return BlockKey{call->second, b, a};
  return std::nullopt;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The source text of an expression on one line: runs of white space (line breaks of a long
// condition) become one space.
std::string text_of(const RulePlan& plan, const Expr& e) {
  const std::string_view raw =
      std::string_view(plan.source->text()).substr(e.span.begin, e.span.end - e.span.begin);
  std::string out;
  for (char c : raw) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

}  // namespace

RulePlan plan_rule(const CheckedRule& checked, Diagnostics& diags) {
  RulePlan plan;
  plan.rule = checked.rule;
  plan.source = checked.source;
  plan.severity = checked.severity;
  plan.slot_count = checked.slot_count;
  const Rule& rule = *checked.rule;
  for (std::size_t i = 0; i < rule.bindings.size(); ++i) {
    PlanStep step;
    step.var = i;
    step.kind = checked.kinds[i];
    plan.steps.push_back(std::move(step));
  }

  std::vector<const Expr*> conjuncts;
  split_conjuncts(rule.where.get(), conjuncts);
  // Blocking keys are kept aside: a step uses them only if no equality gives it a hash key.
  std::vector<std::vector<BlockKey>> blocks(plan.steps.size());
  for (const Expr* c : conjuncts) {
    const auto vars = vars_of(*c);
    if (vars.size() <= 1) {
      plan.steps[vars.empty() ? 0 : *vars.begin()].filters.push_back(c);
      continue;
    }
    const std::size_t last = *vars.rbegin();
    if (c->kind == ExprKind::binary && c->binary_op == BinaryOp::eq) {
      const Expr* l = c->args[0].get();
      const Expr* r = c->args[1].get();
      const auto lv = vars_of(*l), rv = vars_of(*r);
      const auto only_last = std::set<std::size_t>{last};
      if (rv == only_last && !lv.empty() && !lv.count(last)) {
        plan.steps[last].keys.push_back({l, r});
        continue;
      }
      if (lv == only_last && !rv.empty() && !rv.count(last)) {
        plan.steps[last].keys.push_back({r, l});
        continue;
      }
    }
    if (auto block = block_key_of(*c, last)) blocks[last].push_back(*block);
    plan.steps[last].checks.push_back(c);  // a block only prunes: the condition still decides
  }
  for (std::size_t i = 1; i < plan.steps.size(); ++i) {
    if (plan.steps[i].keys.empty()) plan.steps[i].blocks = std::move(blocks[i]);
  }

  std::set<const Expr*> seen;
  if (rule.where) plan_subqueries(*rule.where, plan, seen);
  for (const auto& key : rule.group_by) plan_subqueries(*key, plan, seen);
  if (rule.require) plan_subqueries(*rule.require, plan, seen);
  if (rule.report) {
    for (const auto& part : rule.report->parts) {
      if (part.expr) plan_subqueries(*part.expr, plan, seen);
    }
  }

  // The size is estimated under the assumption alone, so the warning reads the same whatever
  // the facts: it is about the rule.
  const PlanEstimate estimate = estimate_plan(plan, Cardinalities{});
  for (std::size_t i = 1; i < plan.steps.size(); ++i) {
    if (!plan.steps[i].keys.empty() || !plan.steps[i].blocks.empty()) continue;
    const Binding& b = rule.bindings[i];
    std::vector<std::string> earlier;
    for (std::size_t j = 0; j < i; ++j) {
      earlier.push_back(fmt::format("'{}' ({})", rule.bindings[j].name, rule.bindings[j].kind));
    }
    diags.warning(
        *checked.source, b.name_span,
        fmt::format(
            "in rule '{}', variable '{}' ({}) is joined to {} by no equality and no "
            "same_person() or similar() condition: every combination of facts is tried "
            "(a cartesian product of about {} bindings at {} facts per kind); add a "
            "condition such as '{}.doc.story == {}.doc.story'",
            rule.id, b.name, b.kind, join_names(earlier), format_estimate(estimate.steps[i].rows),
            format_estimate(Cardinalities::kAssumedFactsPerKind), rule.bindings[0].name, b.name));
  }
  return plan;
}

std::string describe_plan(const RulePlan& plan, const Schema& schema, const Cardinalities& counts) {
  const Rule& rule = *plan.rule;
  const PlanEstimate estimate = estimate_plan(plan, counts);
  const auto keys_text = [&](const std::vector<JoinKey>& keys) {
    std::vector<std::string> parts;
    for (const JoinKey& k : keys) {
      parts.push_back(fmt::format("{} = {}", text_of(plan, *k.probe), text_of(plan, *k.build)));
    }
    return join_names(parts);
  };
  // "10,000 facts", or "10,000 facts, filtered to 1,000" when the scan has filters.
  const auto facts_text = [](double facts, double candidates, bool filtered) {
    if (!filtered) return fmt::format("{} facts", format_estimate(facts));
    return fmt::format("{} facts, filtered to {}", format_estimate(facts),
                       format_estimate(candidates));
  };
  const LineCol where = plan.source->line_col(rule.span.begin);
  std::string out = fmt::format("rule {} ({}:{}), severity {}\n", rule.id, plan.source->name(),
                                where.line, severity_name(plan.severity));
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& s = plan.steps[i];
    const StepEstimate& e = estimate.steps[i];
    const std::string var = rule.bindings[s.var].name;
    const std::string kind = schema.kind(s.kind).name;
    if (i == 0) {
      out += fmt::format("  scan {}: {}\n", var, kind);
    } else if (!s.keys.empty()) {
      out += fmt::format("  hash join {}: {} on {}\n", var, kind, keys_text(s.keys));
    } else if (!s.blocks.empty()) {
      std::vector<std::string> parts;
      for (const BlockKey& b : s.blocks) {
        parts.push_back(
            fmt::format("{} words of {} = {}",
                        b.method == BlockKey::Method::person_name ? "person-name" : "content",
                        text_of(plan, *b.probe), text_of(plan, *b.build)));
      }
      out += fmt::format("  blocked join {}: {} on {}\n", var, kind, join_names(parts));
    } else {
      out += fmt::format("  nested loop (cartesian) {}: {}\n", var, kind);
    }
    for (const Expr* f : s.filters) out += fmt::format("    filter {}\n", text_of(plan, *f));
    for (const Expr* c : s.checks) out += fmt::format("    check {}\n", text_of(plan, *c));
    if (i == 0) {
      out += fmt::format("    est. {} rows", format_estimate(e.rows));
      out += s.filters.empty() ? "\n"
                               : fmt::format(" ({})\n", facts_text(e.facts, e.candidates, true));
    } else {
      out += fmt::format("    est. {} rows: {} per earlier row ({})\n", format_estimate(e.rows),
                         format_estimate(e.per_row),
                         facts_text(e.facts, e.candidates, !s.filters.empty()));
    }
  }
  if (!rule.group_by.empty()) {
    std::vector<std::string> keys;
    for (const auto& k : rule.group_by) keys.push_back(text_of(plan, *k));
    out += fmt::format("  group by {}\n", join_names(keys));
  }
  if (rule.require) out += fmt::format("  require {}\n", text_of(plan, *rule.require));
  for (std::size_t i = 0; i < plan.subqueries.size(); ++i) {
    const SubqueryPlan& sub = plan.subqueries[i];
    const SubqueryEstimate& e = estimate.subqueries[i];
    const Binding& b = sub.expr->binding;
    const bool some = sub.expr->quantifier == Quantifier::some;
    out += fmt::format("  {} {}: {}", some ? "semi join" : "anti join", b.name,
                       schema.kind(sub.kind).name);
    if (sub.keys.empty()) {
      out += " (no key: every fact is tried)\n";
    } else {
      out += fmt::format(" on {}\n", keys_text(sub.keys));
    }
    for (const Expr* f : sub.filters) out += fmt::format("    filter {}\n", text_of(plan, *f));
    for (const Expr* c : sub.checks) out += fmt::format("    check {}\n", text_of(plan, *c));
    out +=
        fmt::format("    est. {} facts tried per evaluation ({})\n", format_estimate(e.per_lookup),
                    facts_text(e.facts, e.candidates, !sub.filters.empty()));
  }
  out += fmt::format("  est. cost: {} bindings", format_estimate(estimate.bindings));
  if (!plan.subqueries.empty()) {
    out += fmt::format(" + {} sub-query facts tried", format_estimate(estimate.subquery_tries));
  }
  out += fmt::format(", {}\n", counts_note(plan, schema, counts));
  return out;
}

std::vector<std::size_t> variables_of(const Expr& e) {
  const auto vars = vars_of(e);
  return {vars.begin(), vars.end()};
}

}  // namespace verity::dsl
