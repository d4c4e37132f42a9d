// Field-path comparisons tested in place (see fast_condition.hpp). The arithmetic of `~=` is
// the one of ExprEvaluator::eval, operation for operation, so results are bit-identical.
#include "engine/fast_condition.hpp"

#include <algorithm>
#include <cmath>

namespace verity {

bool FieldPath::path_of(const dsl::Expr& e, FieldPath& out) {
  if (e.kind == dsl::ExprKind::variable) {
    if (e.let_target != nullptr || e.slot < 0) return false;
    out.slot_ = static_cast<std::size_t>(e.slot);
    return true;
  }
  if (e.kind != dsl::ExprKind::field || e.slot < 0 || !path_of(*e.args[0], out)) return false;
  if (out.depth_ == out.fields_.size()) return false;
  out.fields_[out.depth_++] = static_cast<std::size_t>(e.slot);
  return true;
}

std::optional<FieldPath> FieldPath::compile(const dsl::Expr& e) {
  FieldPath p;
  if (!path_of(e, p) || p.depth_ == 0) return std::nullopt;
  return p;
}

std::optional<FastCondition> FastCondition::compile(const dsl::Expr& e) {
  FastCondition c;
  if (e.kind == dsl::ExprKind::binary &&
      (e.binary_op == dsl::BinaryOp::eq || e.binary_op == dsl::BinaryOp::ne)) {
    c.op_ = e.binary_op == dsl::BinaryOp::eq ? Op::eq : Op::ne;
  } else if (e.kind == dsl::ExprKind::approx && e.args.size() == 3 &&
             e.args[2]->kind == dsl::ExprKind::number) {
    c.op_ = Op::approx;
    c.unit_ = e.tolerance_unit;
    c.tolerance_ = e.args[2]->number;
  } else {
    return std::nullopt;
  }
  // Whole facts compared (`a.doc != b.doc` reads fields; `a != b` would read variables).
  auto lhs = FieldPath::compile(*e.args[0]), rhs = FieldPath::compile(*e.args[1]);
  if (!lhs || !rhs) return std::nullopt;
  c.lhs_ = *lhs;
  c.rhs_ = *rhs;
  return c;
}

}  // namespace verity
