// Field-path comparisons tested in place (see fast_condition.hpp). The arithmetic of `~=` is
// the one of ExprEvaluator::eval, operation for operation, so results are bit-identical.
#include "engine/fast_condition.hpp"

#include <algorithm>
#include <cmath>

namespace verity {
namespace {

const Value kUnset{};

}  // namespace

bool FastCondition::path_of(const dsl::Expr& e, Path& out) {
  if (e.kind == dsl::ExprKind::variable) {
    if (e.let_target != nullptr || e.slot < 0) return false;
    out.slot = static_cast<std::size_t>(e.slot);
    return true;
  }
  if (e.kind != dsl::ExprKind::field || e.slot < 0 || !path_of(*e.args[0], out)) return false;
  if (out.depth == out.fields.size()) return false;
  out.fields[out.depth++] = static_cast<std::size_t>(e.slot);
  return true;
}

const Value& FastCondition::Path::read(const FactStore& store, const Binding& bound) const {
  FactRef ref = bound[slot];
  for (std::size_t i = 0;; ++i) {
    const Fact& f = store.fact(ref);
    if (fields[i] >= f.fields.size()) return kUnset;
    const Value& v = f.fields[fields[i]];
    if (i + 1 == depth) return v;
    const FactRef* next = std::get_if<FactRef>(&v);
    if (next == nullptr) return kUnset;
    ref = *next;
  }
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
  if (!path_of(*e.args[0], c.lhs_) || !path_of(*e.args[1], c.rhs_)) return std::nullopt;
  if (c.lhs_.depth == 0 || c.rhs_.depth == 0) return std::nullopt;
  return c;
}

Truth FastCondition::test(const FactStore& store, const Binding& bound) const {
  const Value& a = lhs_.read(store, bound);
  const Value& b = rhs_.read(store, bound);
  if (!is_set(a) || !is_set(b)) return Truth::unknown;
  auto truth = [](bool x) { return x ? Truth::yes : Truth::no; };
  switch (op_) {
    case Op::eq:
      return truth(a == b);
    case Op::ne:
      return truth(!(a == b));
    case Op::approx:
      break;
  }
  if (unit_ == dsl::ToleranceUnit::days) {
    return truth(std::abs(std::get<Date>(a).days - std::get<Date>(b).days) <= tolerance_);
  }
  const double x = std::get<double>(a), y = std::get<double>(b);
  if (unit_ == dsl::ToleranceUnit::percent) {
    return truth(std::abs(x - y) <= tolerance_ / 100.0 * std::max(std::abs(x), std::abs(y)));
  }
  return truth(std::abs(x - y) <= tolerance_);
}

}  // namespace verity
