// Symmetry of a rule under swapping its two variables (see rule_symmetry.hpp).
#include "engine/rule_symmetry.hpp"

#include "dsl/functions.hpp"

namespace verity {
namespace {

using dsl::BinaryOp;
using dsl::Expr;
using dsl::ExprKind;

// The expression a let name or a plain expression stands for.
const Expr& resolve(const Expr& e) {
  const Expr* p = &e;
  while (p->kind == ExprKind::variable && p->let_target != nullptr) p = p->let_target;
  return *p;
}

// True when `x` equals `y` with variable slots 0 and 1 exchanged.
bool swapped_equal(const Expr& x0, const Expr& y0) {
  const Expr& x = resolve(x0);
  const Expr& y = resolve(y0);
  if (x.kind != y.kind) {
    return false;
  }
  auto args_equal = [](const Expr& a, const Expr& b, bool crossed) {
    if (a.args.size() != b.args.size()) return false;
    for (std::size_t i = 0; i < a.args.size(); ++i) {
      const std::size_t j = crossed && i < 2 ? 1 - i : i;
      if (!swapped_equal(*a.args[i], *b.args[j])) return false;
    }
    return true;
  };
  switch (x.kind) {
    case ExprKind::number:
      return x.number == y.number && x.percent == y.percent;
    case ExprKind::string:
    case ExprKind::date:
      return x.text == y.text && x.number == y.number;
    case ExprKind::boolean:
      return x.boolean == y.boolean;
    case ExprKind::variable:
      if (x.slot < 0 || x.slot > 1 || y.slot < 0 || y.slot > 1) return false;
      return x.slot == 1 - y.slot;
    case ExprKind::field:
      return x.slot == y.slot && args_equal(x, y, false);
    case ExprKind::call: {
      if (x.slot != y.slot || x.distinct != y.distinct) return false;
      const auto& f = function_table()[static_cast<std::size_t>(x.slot)];
      if (f.aggregate) return false;
      const bool commutes = f.id == FunctionId::similar && x.args.size() == 2;
      return args_equal(x, y, false) || (commutes && args_equal(x, y, true));
    }
    case ExprKind::unary:
      return x.unary_op == y.unary_op && args_equal(x, y, false);
    case ExprKind::binary: {
      const BinaryOp a = x.binary_op, b = y.binary_op;
      auto mirror = [](BinaryOp op) {
        switch (op) {
          case BinaryOp::lt:
            return BinaryOp::gt;
          case BinaryOp::gt:
            return BinaryOp::lt;
          case BinaryOp::le:
            return BinaryOp::ge;
          case BinaryOp::ge:
            return BinaryOp::le;
          default:
            return op;
        }
      };
      const bool commutes = a == BinaryOp::eq || a == BinaryOp::ne || a == BinaryOp::logical_and ||
                            a == BinaryOp::logical_or || a == BinaryOp::add || a == BinaryOp::mul;
      if (a == b && args_equal(x, y, false)) return true;
      if (commutes && a == b) return args_equal(x, y, true);
      return mirror(a) != a && mirror(a) == b && args_equal(x, y, true);
    }
    case ExprKind::approx:
      // |x - y| against a tolerance of max(|x|, |y|) or an absolute one: symmetric.
      return x.tolerance_unit == y.tolerance_unit &&
             (args_equal(x, y, false) || args_equal(x, y, true));
    case ExprKind::is_set:
      return x.negated == y.negated && args_equal(x, y, false);
    case ExprKind::in_list:
      return args_equal(x, y, false);
    case ExprKind::quantifier:
      return false;  // its own variable and plan: not worth proving
  }
  return false;
}

void conjuncts(const Expr& e0, std::vector<const Expr*>& out) {
  const Expr& e = resolve(e0);
  if (e.kind == ExprKind::binary && e.binary_op == BinaryOp::logical_and) {
    conjuncts(*e.args[0], out);
    conjuncts(*e.args[1], out);
  } else {
    out.push_back(&e);
  }
}

}  // namespace

bool is_symmetric_self_join(const dsl::RulePlan& plan) {
  const dsl::Rule& rule = *plan.rule;
  if (rule.bindings.size() != 2 || plan.steps.size() != 2 || !rule.group_by.empty()) return false;
  if (!plan.subqueries.empty()) return false;
  if (plan.steps[0].kind != plan.steps[1].kind) return false;
  if (rule.where) {
    std::vector<const Expr*> parts;
    conjuncts(*rule.where, parts);
    for (const Expr* p : parts) {
      bool found = false;
      for (const Expr* q : parts) found = found || swapped_equal(*p, *q);
      if (!found) return false;
    }
  }
  return !rule.require || swapped_equal(*rule.require, *rule.require);
}

}  // namespace verity

namespace verity {

bool same_expr_renamed(const dsl::Expr& x0, const dsl::Expr& y0, std::size_t slot_x,
                       std::size_t slot_y) {
  const dsl::Expr& x = resolve(x0);
  const dsl::Expr& y = resolve(y0);
  if (x.kind != y.kind || x.args.size() != y.args.size()) return false;
  if (x.kind == ExprKind::variable) {
    const bool xs = x.slot == static_cast<int>(slot_x), ys = y.slot == static_cast<int>(slot_y);
    return xs == ys && (xs || x.slot == y.slot);
  }
  if (x.kind == ExprKind::quantifier) return false;
  if (x.number != y.number || x.percent != y.percent || x.boolean != y.boolean ||
      x.text != y.text || x.unary_op != y.unary_op || x.binary_op != y.binary_op ||
      x.negated != y.negated || x.tolerance_unit != y.tolerance_unit || x.distinct != y.distinct ||
      x.slot != y.slot) {
    return false;
  }
  for (std::size_t i = 0; i < x.args.size(); ++i) {
    if (!same_expr_renamed(*x.args[i], *y.args[i], slot_x, slot_y)) return false;
  }
  return true;
}

}  // namespace verity
