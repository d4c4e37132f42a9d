// Owns the fast path of the commonest join conditions: `P op Q` where P and Q are field paths
// (`a.unit`, `a.doc.story`) and op is `==`, `!=` or `~= within N` (absolute, %, days). Such a
// condition is tested on the stored values in place, without building a Value per node, and
// gives exactly what ExprEvaluator::eval gives: true, false or unknown (an unset operand).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "dsl/ast.hpp"
#include "engine/expr_eval.hpp"
#include "engine/fact_store.hpp"

namespace verity {

enum class Truth : std::int8_t { unknown = -1, no = 0, yes = 1 };

// A field path (`a.unit`, `a.doc.story`) read in place: what ExprEvaluator::eval_ref gives for
// it, without walking the expression.
class FieldPath {
 public:
  // The path of `e`, or nothing when `e` is not a path of one or more fields.
  static std::optional<FieldPath> compile(const dsl::Expr& e);
  const Value& read(const FactStore& store, const Binding& bound) const;

 private:
  static bool path_of(const dsl::Expr& e, FieldPath& out);
  std::size_t slot_ = 0;
  std::array<std::size_t, 4> fields_{};
  std::size_t depth_ = 0;
};

class FastCondition {
 public:
  // The fast form of `e`, or nothing when its shape is not served.
  static std::optional<FastCondition> compile(const dsl::Expr& e);

  Truth test(const FactStore& store, const Binding& bound) const;

 private:
  enum class Op { eq, ne, approx };
  Op op_ = Op::eq;
  dsl::ToleranceUnit unit_ = dsl::ToleranceUnit::absolute;
  double tolerance_ = 0;
  FieldPath lhs_, rhs_;
};

}  // namespace verity
