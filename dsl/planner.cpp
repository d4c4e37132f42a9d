// Conjunct classification into scan filters, hash-join keys and residual checks.
#include "dsl/planner.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

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
    plan.steps[last].checks.push_back(c);
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

  for (std::size_t i = 1; i < plan.steps.size(); ++i) {
    if (!plan.steps[i].keys.empty()) continue;
    const Binding& b = rule.bindings[i];
    std::vector<std::string> earlier;
    for (std::size_t j = 0; j < i; ++j) earlier.push_back("'" + rule.bindings[j].name + "'");
    std::string list;
    for (const auto& e : earlier) list += (list.empty() ? "" : ", ") + e;
    diags.warning(*checked.source, b.name_span,
                  fmt::format("in rule '{}', variable '{}' is joined to {} by no equality: every "
                              "combination of facts is tried (a cartesian product); add a "
                              "condition such as '{}.doc.story == {}.doc.story'",
                              rule.id, b.name, list, rule.bindings[0].name, b.name));
  }
  return plan;
}

std::string describe_plan(const RulePlan& plan, const Schema& schema) {
  const Rule& rule = *plan.rule;
  const LineCol where = plan.source->line_col(rule.span.begin);
  std::string out = fmt::format("rule {} ({}:{}), severity {}\n", rule.id, plan.source->name(),
                                where.line, severity_name(plan.severity));
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& s = plan.steps[i];
    const std::string var = rule.bindings[s.var].name;
    const std::string kind = schema.kind(s.kind).name;
    if (i == 0) {
      out += fmt::format("  scan {}: {}\n", var, kind);
    } else if (s.keys.empty()) {
      out += fmt::format("  nested loop (cartesian) {}: {}\n", var, kind);
    } else {
      out += fmt::format("  hash join {}: {} on", var, kind);
      for (std::size_t k = 0; k < s.keys.size(); ++k) {
        out += fmt::format("{} {} = {}", k == 0 ? "" : ",", text_of(plan, *s.keys[k].probe),
                           text_of(plan, *s.keys[k].build));
      }
      out += "\n";
    }
    for (const Expr* f : s.filters) out += fmt::format("    filter {}\n", text_of(plan, *f));
    for (const Expr* c : s.checks) out += fmt::format("    check {}\n", text_of(plan, *c));
  }
  if (!rule.group_by.empty()) {
    out += "  group by";
    for (std::size_t k = 0; k < rule.group_by.size(); ++k) {
      out += fmt::format("{} {}", k == 0 ? "" : ",", text_of(plan, *rule.group_by[k]));
    }
    out += "\n";
  }
  if (rule.require) out += fmt::format("  require {}\n", text_of(plan, *rule.require));
  for (const SubqueryPlan& sub : plan.subqueries) {
    const Binding& b = sub.expr->binding;
    const bool some = sub.expr->quantifier == Quantifier::some;
    out += fmt::format("  {} {}: {}", some ? "semi join" : "anti join", b.name,
                       schema.kind(sub.kind).name);
    if (sub.keys.empty()) {
      out += " (no key: every fact is tried)";
    } else {
      out += " on";
      for (std::size_t k = 0; k < sub.keys.size(); ++k) {
        out += fmt::format("{} {} = {}", k == 0 ? "" : ",", text_of(plan, *sub.keys[k].probe),
                           text_of(plan, *sub.keys[k].build));
      }
    }
    out += "\n";
    for (const Expr* f : sub.filters) out += fmt::format("    filter {}\n", text_of(plan, *f));
    for (const Expr* c : sub.checks) out += fmt::format("    check {}\n", text_of(plan, *c));
  }
  return out;
}

std::vector<std::size_t> variables_of(const Expr& e) {
  const auto vars = vars_of(e);
  return {vars.begin(), vars.end()};
}

}  // namespace verity::dsl
