// Field-path comparisons tested in place (see fast_condition.hpp). The arithmetic of `~=` is
// the one of ExprEvaluator::eval, operation for operation, so results are bit-identical.
#include "engine/fast_condition.hpp"

#include <algorithm>
#include <cmath>

namespace verity {
namespace {

const Value kUnset{};

// Value equality (as std::variant's ==), without its visitor table.
bool equal_values(const Value& a, const Value& b) {
  if (a.index() != b.index()) return false;
  switch (a.index()) {
    case 1:
      return *std::get_if<bool>(&a) == *std::get_if<bool>(&b);
    case 2:
      return *std::get_if<double>(&a) == *std::get_if<double>(&b);
    case 3:
      return *std::get_if<std::string>(&a) == *std::get_if<std::string>(&b);
    case 4:
      return *std::get_if<Date>(&a) == *std::get_if<Date>(&b);
    case 5:
      return *std::get_if<FactRef>(&a) == *std::get_if<FactRef>(&b);
    default:
      return true;
  }
}

}  // namespace

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

const Value& FieldPath::read(const FactStore& store, const Binding& bound) const {
  FactRef ref = bound[slot_];
  for (std::size_t i = 0;; ++i) {
    const Fact& f = store.fact(ref);
    if (fields_[i] >= f.fields.size()) return kUnset;
    const Value& v = f.fields[fields_[i]];
    if (i + 1 == depth_) return v;
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
  auto lhs = FieldPath::compile(*e.args[0]), rhs = FieldPath::compile(*e.args[1]);
  if (!lhs || !rhs) return std::nullopt;
  c.lhs_ = *lhs;
  c.rhs_ = *rhs;
  return c;
}

Truth FastCondition::test(const FactStore& store, const Binding& bound) const {
  const Value& a = lhs_.read(store, bound);
  const Value& b = rhs_.read(store, bound);
  if (!is_set(a) || !is_set(b)) return Truth::unknown;
  auto truth = [](bool x) { return x ? Truth::yes : Truth::no; };
  if (op_ != Op::approx) {
    // Facts (`a.doc != b.doc`) are the commonest operands: compared without a call.
    const FactRef* fa = std::get_if<FactRef>(&a);
    const FactRef* fb = std::get_if<FactRef>(&b);
    if (fa != nullptr && fb != nullptr) return truth((*fa == *fb) == (op_ == Op::eq));
  }
  switch (op_) {
    case Op::eq:
      return truth(equal_values(a, b));
    case Op::ne:
      return truth(!equal_values(a, b));
    case Op::approx:
      break;
  }
  if (unit_ == dsl::ToleranceUnit::days) {
    return truth(std::abs(std::get<Date>(a).days - std::get<Date>(b).days) <= tolerance_);
  }
  const double* px = std::get_if<double>(&a);
  const double* py = std::get_if<double>(&b);
  if (px == nullptr || py == nullptr) return Truth::unknown;  // the checker rules this out
  const double x = *px, y = *py;
  if (unit_ == dsl::ToleranceUnit::percent) {
    return truth(std::abs(x - y) <= tolerance_ / 100.0 * std::max(std::abs(x), std::abs(y)));
  }
  return truth(std::abs(x - y) <= tolerance_);
}

}  // namespace verity
