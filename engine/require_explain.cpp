// Why a `require` failed (see require_explain.hpp). The walk describes each part by the value
// it has on the binding: an `and` that is false by its false parts, an `or` by all of its
// parts, a comparison by its two sides, `~=` by the difference against the tolerance, a `no`
// sub-query by the fact that exists. Only ExprEvaluator's public API is used, so the
// explanation agrees with the evaluator by construction.
#include "engine/require_explain.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace verity {
namespace {

using dsl::BinaryOp;
using dsl::Expr;
using dsl::ExprKind;

constexpr std::size_t kMaxGroupBindings = 20000;  // rebuilding a huge group is not worth it

// 16.7, 1, 0.25: at most one decimal for differences, trailing zeros dropped.
std::string number_text(double x, int decimals) {
  std::string s = fmt::format("{:.{}f}", x, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

bool is_literal(const Expr& e) {
  switch (e.kind) {
    case ExprKind::number:
    case ExprKind::string:
    case ExprKind::boolean:
    case ExprKind::date:
      return true;
    case ExprKind::unary:
      return e.args[0]->kind == ExprKind::number;  // -3
    default:
      return false;
  }
}

class Walk {
 public:
  Walk(const ExprEvaluator& ev, const dsl::RulePlan& plan, const FactStore& store,
       const std::vector<std::vector<FactRef>>& by_kind, Binding& bound)
      : ev_(ev), plan_(plan), store_(store), by_kind_(by_kind), bound_(bound) {}

  FindingExplanation run(const Expr& require) {
    describe(require);
    if (reasons_.empty()) reasons_.push_back(fmt::format("{} is false", text(require)));
    std::string reason;
    for (const auto& r : reasons_) reason += (reason.empty() ? "" : "; ") + r;
    return {std::move(values_), std::move(reason)};
  }

 private:
  std::string text(const Expr& e) const {
    const std::string& src = plan_.source->text();
    if (e.span.end <= e.span.begin || e.span.end > src.size()) return "(expression)";
    return src.substr(e.span.begin, e.span.end - e.span.begin);
  }

  Value eval(const Expr& e) const { return ev_.eval(e, bound_); }

  // "a.value = 12500000", or the literal as written; records the value read.
  std::string operand(const Expr& e) {
    if (is_literal(e)) return text(e);
    const std::string expr = text(e);
    const std::string value = ev_.display(eval(e));
    if (std::none_of(values_.begin(), values_.end(),
                     [&](const ComparedValue& c) { return c.expr == expr; })) {
      values_.push_back({expr, value});
    }
    // Text is quoted in the sentence, so "political researcher" reads as one value.
    const Value v = eval(e);
    if (std::holds_alternative<std::string>(v)) return fmt::format("{} = \"{}\"", expr, value);
    return fmt::format("{} = {}", expr, value);
  }

  // Adds the sentence(s) saying why `e` has the value it has on the binding.
  void describe(const Expr& e) {
    const Value v = eval(e);
    switch (e.kind) {
      case ExprKind::binary:
        describe_binary(e, v);
        return;
      case ExprKind::unary:
        if (e.unary_op == dsl::UnaryOp::logical_not) {
          describe(*e.args[0]);
          return;
        }
        break;
      case ExprKind::approx:
        describe_approx(e, v);
        return;
      case ExprKind::is_set: {
        const std::string side = operand(*e.args[0]);
        const bool set = is_set(eval(*e.args[0]));
        reasons_.push_back(set ? fmt::format("{} is set", side)
                               : fmt::format("{} is not set", text(*e.args[0])));
        return;
      }
      case ExprKind::in_list: {
        const std::string side = operand(*e.args[0]);
        std::string items;
        for (std::size_t i = 1; i < e.args.size(); ++i) {
          items += (i > 1 ? ", " : "") + text(*e.args[i]);
        }
        reasons_.push_back(
            fmt::format("{} {} one of [{}]", side, is_true(v) ? "is" : "is not", items));
        return;
      }
      case ExprKind::quantifier:
        describe_quantifier(e, v);
        return;
      case ExprKind::variable:
        if (e.let_target != nullptr) {
          reasons_.push_back(
              fmt::format("{} ({}) is {}", e.text, text(*e.let_target), ev_.display(v)));
          describe(*e.let_target);
          return;
        }
        break;
      case ExprKind::call: {
        std::string args;
        for (const auto& a : e.args) {
          if (!is_literal(*a)) args += (args.empty() ? "" : ", ") + operand(*a);
        }
        reasons_.push_back(args.empty()
                               ? fmt::format("{} is {}", text(e), ev_.display(v))
                               : fmt::format("{} is {} ({})", text(e), ev_.display(v), args));
        return;
      }
      default:
        break;
    }
    if (!is_set(v)) {
      reasons_.push_back(fmt::format("{} is unknown", text(e)));
    } else {
      reasons_.push_back(fmt::format("{} is {}", text(e), ev_.display(v)));
    }
  }

  void describe_binary(const Expr& e, const Value& v) {
    const Expr& l = *e.args[0];
    const Expr& r = *e.args[1];
    switch (e.binary_op) {
      case BinaryOp::logical_and:
      case BinaryOp::logical_or: {
        // A false `and` is explained by its false parts; a true `or` by its true parts; the
        // others need every part.
        const bool want_and = e.binary_op == BinaryOp::logical_and;
        const bool pick = want_and ? is_false(v) : is_true(v);
        for (const Expr* part : {&l, &r}) {
          const Value pv = eval(*part);
          if (!pick || (want_and ? is_false(pv) : is_true(pv))) describe(*part);
        }
        return;
      }
      case BinaryOp::eq:
      case BinaryOp::ne:
      case BinaryOp::lt:
      case BinaryOp::le:
      case BinaryOp::gt:
      case BinaryOp::ge: {
        const std::string a = operand(l), b = operand(r);
        if (!is_set(v)) {
          reasons_.push_back(
              fmt::format("{} cannot be compared with {} (a side is not set)", a, b));
          return;
        }
        const bool holds = is_true(v);
        const char* relation = "";
        switch (e.binary_op) {
          case BinaryOp::eq:
            relation = holds ? "is equal to" : "is not equal to";
            break;
          case BinaryOp::ne:
            relation = holds ? "differs from" : "is equal to";
            break;
          case BinaryOp::lt:
            relation = holds ? "is less than" : "is not less than";
            break;
          case BinaryOp::le:
            relation = holds ? "is at most" : "is more than";
            break;
          case BinaryOp::gt:
            relation = holds ? "is greater than" : "is not greater than";
            break;
          default:
            relation = holds ? "is at least" : "is less than";
            break;
        }
        reasons_.push_back(fmt::format("{} {} {}", a, relation, b));
        return;
      }
      default: {  // arithmetic used as a condition cannot happen after checking; show it
        const std::string a = operand(l), b = operand(r);
        reasons_.push_back(fmt::format("{} is {} ({}, {})", text(e), ev_.display(v), a, b));
        return;
      }
    }
  }

  void describe_approx(const Expr& e, const Value& v) {
    const std::string a = operand(*e.args[0]), b = operand(*e.args[1]);
    const Value x = eval(*e.args[0]), y = eval(*e.args[1]);
    const double tolerance = e.args[2]->number;
    if (!is_set(x) || !is_set(y)) {
      reasons_.push_back(fmt::format("{} and {} cannot be compared (a side is not set)", a, b));
      return;
    }
    const char* verdict = is_true(v) ? "within" : "more than";
    if (e.tolerance_unit == dsl::ToleranceUnit::days) {
      const auto* dx = std::get_if<Date>(&x);
      const auto* dy = std::get_if<Date>(&y);
      if (dx != nullptr && dy != nullptr) {
        const int gap = std::abs(dx->days - dy->days);
        reasons_.push_back(fmt::format("{} and {} are {} day{} apart, {} {}", a, b, gap,
                                       gap == 1 ? "" : "s", verdict, number_text(tolerance, 2)));
        return;
      }
    }
    const auto* nx = std::get_if<double>(&x);
    const auto* ny = std::get_if<double>(&y);
    if (nx == nullptr || ny == nullptr) {
      reasons_.push_back(fmt::format("{} ~= {} is {}", a, b, ev_.display(v)));
      return;
    }
    const double diff = std::abs(*nx - *ny);
    if (e.tolerance_unit == dsl::ToleranceUnit::percent) {
      const double base = std::max(std::abs(*nx), std::abs(*ny));
      const double pct = base == 0 ? 0 : diff / base * 100.0;
      reasons_.push_back(fmt::format("{} and {} differ by {}%, {} {}%", a, b, number_text(pct, 1),
                                     verdict, number_text(tolerance, 2)));
      return;
    }
    reasons_.push_back(fmt::format("{} and {} differ by {}, {} {}", a, b, number_text(diff, 2),
                                   verdict, number_text(tolerance, 2)));
  }

  // `some` that is false: no fact qualifies. `no` that is false: name the first fact that does.
  void describe_quantifier(const Expr& e, const Value& v) {
    const std::string condition = e.args.empty() ? std::string() : " where " + text(*e.args[0]);
    const std::string what = fmt::format("{}: {}{}", e.binding.name, e.binding.kind, condition);
    const bool exists = e.quantifier == dsl::Quantifier::some ? is_true(v) : is_false(v);
    if (!exists) {
      reasons_.push_back(fmt::format("there is no {}", what));
      return;
    }
    const auto slot = static_cast<std::size_t>(e.slot);
    if (slot < bound_.size() && e.binding_kind < by_kind_.size()) {
      const FactRef saved = bound_[slot];
      for (FactRef f : by_kind_[e.binding_kind]) {
        bound_[slot] = f;
        if (e.args.empty() || is_true(eval(*e.args[0]))) {
          const Fact& fact = store_.fact(f);
          reasons_.push_back(fmt::format("there is {} (“{}” in {} line {})", what,
                                         ev_.display(Value{f}), store_.document_of(f).id,
                                         fact.position.line));
          bound_[slot] = saved;
          return;
        }
      }
      bound_[slot] = saved;
    }
    reasons_.push_back(fmt::format("there is {}", what));
  }

  const ExprEvaluator& ev_;
  const dsl::RulePlan& plan_;
  const FactStore& store_;
  const std::vector<std::vector<FactRef>>& by_kind_;
  Binding& bound_;
  std::vector<ComparedValue> values_;
  std::vector<std::string> reasons_;
};

}  // namespace

RequireExplainer::RequireExplainer(const FactStore& store, const AliasKeys* aliases)
    : store_(store), aliases_(aliases), by_kind_(store.schema().kinds().size()) {
  for (std::uint32_t i = 0; i < store.facts().size(); ++i) {
    by_kind_[store.facts()[i].kind].push_back(FactRef{i});
  }
}

RequireExplainer::~RequireExplainer() = default;

FindingExplanation RequireExplainer::explain(const dsl::RulePlan& plan, const Finding& finding) {
  const dsl::Rule& rule = *plan.rule;
  if (!rule.require) return {{}, "the rule has no require clause: every binding is reported"};
  auto& ev = evaluators_[&plan];
  if (!ev) ev = std::make_unique<ExprEvaluator>(store_, &plan, &by_kind_, aliases_);

  // The facts of each variable, in evidence order (the first one of each is the binding the
  // evaluator reported with).
  const std::size_t vars = rule.bindings.size();
  std::vector<std::vector<FactRef>> facts(vars);
  for (const Evidence& e : finding.evidence) {
    for (std::size_t v = 0; v < vars; ++v) {
      if (rule.bindings[v].name == e.variable) facts[v].push_back(e.fact);
    }
  }
  Binding bound(std::max(plan.slot_count, vars));
  for (std::size_t v = 0; v < vars; ++v) {
    if (facts[v].empty()) return {{}, "the finding's evidence does not bind every variable"};
    bound[v] = facts[v].front();
  }

  std::vector<Binding> group;
  if (!rule.group_by.empty()) {
    std::vector<Value> key;
    for (const auto& k : rule.group_by) key.push_back(ev->eval(*k, bound));
    // Every combination of the evidence's facts that passes `where` with the same key is a
    // member: the group holds all such bindings, and its facts are all in the evidence.
    double combinations = 1;
    for (const auto& f : facts) combinations *= static_cast<double>(f.size());
    if (combinations > static_cast<double>(kMaxGroupBindings)) {
      return {{},
              fmt::format("the group binds too many combinations of facts ({:.0f}) to rebuild "
                          "its aggregates; the message and evidence show the group",
                          combinations)};
    }
    std::vector<std::size_t> pick(vars, 0);
    for (;;) {
      Binding b = bound;
      for (std::size_t v = 0; v < vars; ++v) b[v] = facts[v][pick[v]];
      bool member = !rule.where || is_true(ev->eval(*rule.where, b));
      for (std::size_t k = 0; member && k < rule.group_by.size(); ++k) {
        member = ev->eval(*rule.group_by[k], b) == key[k];
      }
      if (member) group.push_back(std::move(b));
      std::size_t v = 0;
      while (v < vars && ++pick[v] == facts[v].size()) pick[v++] = 0;
      if (v == vars) break;
    }
    if (group.empty()) group.push_back(bound);
    ev->set_group(&group);
  }
  FindingExplanation out = Walk(*ev, plan, store_, by_kind_, bound).run(*rule.require);
  ev->set_group(nullptr);
  return out;
}

std::vector<FindingExplanation> explain_findings(const std::vector<dsl::RulePlan>& plans,
                                                 const std::vector<Finding>& findings,
                                                 const FactStore& store, const AliasKeys* aliases) {
  std::map<std::string, const dsl::RulePlan*, std::less<>> by_id;
  for (const auto& p : plans) by_id.emplace(p.rule->id, &p);
  RequireExplainer explainer(store, aliases);
  std::vector<FindingExplanation> out;
  out.reserve(findings.size());
  for (const Finding& f : findings) {
    const auto it = by_id.find(f.rule_id);
    out.push_back(it == by_id.end() ? FindingExplanation{} : explainer.explain(*it->second, f));
  }
  return out;
}

}  // namespace verity
