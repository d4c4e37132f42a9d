// Owns the fast path of the commonest join conditions: `P op Q` where P and Q are field paths
// (`a.unit`, `a.doc.story`) and op is `==`, `!=` or `~= within N` (absolute, %, days). Such a
// condition is tested on the stored values in place, without building a Value per node, and
// gives exactly what ExprEvaluator::eval gives: true, false or unknown (an unset operand).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include "dsl/ast.hpp"
#include "engine/expr_eval.hpp"
#include "engine/fact_store.hpp"

namespace verity {

enum class Truth : std::int8_t { unknown = -1, no = 0, yes = 1 };

// A field path (`a.unit`, `a.doc.story`) read in place: what ExprEvaluator::eval_ref gives for
// it, without walking the expression.
inline const Value kUnsetValue{};  // what a path through an unset field reads

class FieldPath {
 public:
  // The path of `e`, or nothing when `e` is not a path of one or more fields.
  static std::optional<FieldPath> compile(const dsl::Expr& e);
  const Value& read(const FactStore& store, const Binding& bound) const;
  // The variable slot the path starts from.
  std::size_t slot() const { return slot_; }

 private:
  static bool path_of(const dsl::Expr& e, FieldPath& out);
  std::size_t slot_ = 0;
  std::array<std::size_t, 4> fields_{};
  std::size_t depth_ = 0;
};

// A stored value as a condition compares it, in 16 bytes: what an evaluator keeps per fact in
// a column. A text is referred to, not copied (the value must outlive the cell).
struct Cell {
  std::uint8_t type = 0;  // the Value's alternative: 0 is unset
  union {
    bool flag;
    double number = 0;
    std::int32_t days;
    std::uint32_t fact;
    const std::string* text;
  };
  static Cell of(const Value& v);
  bool equals(const Cell& o) const;
};

class FastCondition {
 public:
  // The fast form of `e`, or nothing when its shape is not served.
  static std::optional<FastCondition> compile(const dsl::Expr& e);

  Truth test(const FactStore& store, const Binding& bound) const {
    return test_values(lhs_.read(store, bound), rhs_.read(store, bound));
  }
  // The test on values already read (an evaluator may read one side once for many facts).
  Truth test_values(const Value& a, const Value& b) const {
    return test_cells(Cell::of(a), Cell::of(b));
  }
  Truth test_cells(const Cell& a, const Cell& b) const;
  // For `==`: true; for `!=`: false; for `~=`: nothing.
  std::optional<bool> equality() const {
    if (op_ == Op::approx) return std::nullopt;
    return op_ == Op::eq;
  }
  const FieldPath& lhs() const { return lhs_; }
  const FieldPath& rhs() const { return rhs_; }

 private:
  enum class Op { eq, ne, approx };
  Op op_ = Op::eq;
  dsl::ToleranceUnit unit_ = dsl::ToleranceUnit::absolute;
  double tolerance_ = 0;
  FieldPath lhs_, rhs_;
};

// Inline: read for every candidate of a join when its index is built.
inline const Value& FieldPath::read(const FactStore& store, const Binding& bound) const {
  FactRef ref = bound[slot_];
  for (std::size_t i = 0;; ++i) {
    const Fact& f = store.fact(ref);
    if (fields_[i] >= f.fields.size()) return kUnsetValue;
    const Value& v = f.fields[fields_[i]];
    if (i + 1 == depth_) return v;
    const FactRef* next = std::get_if<FactRef>(&v);
    if (next == nullptr) return kUnsetValue;
    ref = *next;
  }
}

inline Cell Cell::of(const Value& v) {
  Cell c;
  c.type = static_cast<std::uint8_t>(v.index());
  switch (v.index()) {
    case 1:
      c.flag = *std::get_if<bool>(&v);
      break;
    case 2:
      c.number = *std::get_if<double>(&v);
      break;
    case 3:
      c.text = std::get_if<std::string>(&v);
      break;
    case 4:
      c.days = std::get_if<Date>(&v)->days;
      break;
    case 5:
      c.fact = std::get_if<FactRef>(&v)->index;
      break;
    default:
      break;
  }
  return c;
}

// Value equality (as std::variant's ==) on cells.
[[gnu::always_inline]] inline bool Cell::equals(const Cell& o) const {
  if (type != o.type) return false;
  switch (type) {
    case 1:
      return flag == o.flag;
    case 2:
      return number == o.number;
    case 3:
      return *text == *o.text;
    case 4:
      return days == o.days;
    case 5:
      return fact == o.fact;
    default:
      return true;
  }
}

// Inline: tested on every candidate pair of a join. The arithmetic of `~=` is the one of
// ExprEvaluator::eval, operation for operation, so results are bit-identical.
[[gnu::always_inline]] inline Truth FastCondition::test_cells(const Cell& a, const Cell& b) const {
  if (a.type == 0 || b.type == 0) return Truth::unknown;
  auto truth = [](bool x) { return x ? Truth::yes : Truth::no; };
  switch (op_) {
    case Op::eq:
      return truth(a.equals(b));
    case Op::ne:
      return truth(!a.equals(b));
    case Op::approx:
      break;
  }
  if (unit_ == dsl::ToleranceUnit::days) {
    if (a.type != 4 || b.type != 4) return Truth::unknown;  // the checker rules this out
    return truth(std::abs(a.days - b.days) <= tolerance_);
  }
  if (a.type != 2 || b.type != 2) return Truth::unknown;  // the checker rules this out
  const double x = a.number, y = b.number;
  if (unit_ == dsl::ToleranceUnit::percent) {
    return truth(std::abs(x - y) <= tolerance_ / 100.0 * std::max(std::abs(x), std::abs(y)));
  }
  return truth(std::abs(x - y) <= tolerance_);
}

}  // namespace verity
