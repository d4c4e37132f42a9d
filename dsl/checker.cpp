// Name resolution and type inference over the AST. Each problem is reported once, where it
// is; an expression whose type could not be found gets Type::unknown so that one typo does
// not cascade into several messages.
#include "dsl/checker.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "dsl/functions.hpp"
#include "dsl/regex.hpp"

namespace verity::dsl {
namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

// "; did you mean 'x'?" or " (known …: a, b, c)".
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates,
                       std::string_view what) {
  if (auto best = closest_name(word, candidates)) return fmt::format("; did you mean '{}'?", *best);
  if (candidates.empty()) return {};
  return fmt::format(" ({}: {})", what, join(candidates));
}

bool is_unknown(const Type& t) {
  return t.base == BaseType::unknown;
}

// "a number", "text", "a quote fact" — as a phrase inside a sentence.
std::string a_type(const Type& t) {
  switch (t.base) {
    case BaseType::number:
      return "a number";
    case BaseType::date:
      return "a date";
    case BaseType::fact:
      return fmt::format("a {} fact", t.kind);
    default:
      return describe(t);
  }
}

class RuleChecker {
 public:
  RuleChecker(const Schema& schema, const SourceText& src, Diagnostics& diags)
      : schema_(schema), src_(src), diags_(diags) {}

  // Checks one rule; returns true when it has no error.
  bool check(Rule& rule, CheckedRule& out) {
    rule_ = &rule;
    const std::size_t errors_before = diags_.error_count();
    out.rule = &rule;
    out.source = &src_;
    check_severity(rule, out);
    check_bindings(rule, out);
    next_slot_ = rule.bindings.size();
    check_lets(rule);
    if (rule.where) check_condition(*rule.where, "where");
    for (auto& key : rule.group_by) infer(*key);
    // Aggregates (count, values…) summarise a group: only `require` and `report` of a rule
    // with `group by` see groups.
    in_group_ = !rule.group_by.empty();
    if (rule.require) {
      check_condition(*rule.require, "require");
    } else {
      diags_.error(src_, rule.id_span,
                   fmt::format("rule '{}' has no 'require' clause; say what must hold, as in "
                               "'require q.speaker is set'",
                               rule.id));
    }
    if (rule.report) {
      for (auto& part : rule.report->parts) {
        if (part.expr) infer(*part.expr);
      }
    }
    in_group_ = false;
    warn_unused(rule);
    out.slot_count = next_slot_;
    return diags_.error_count() == errors_before;
  }

 private:
  void check_severity(const Rule& rule, CheckedRule& out) {
    if (rule.severity.empty()) {
      out.severity = Severity::warning;  // documented default
      return;
    }
    if (!parse_severity(rule.severity, out.severity)) {
      diags_.error(
          src_, rule.severity_span,
          fmt::format("unknown severity '{}'{}", rule.severity,
                      suggestion(rule.severity, {"error", "warning", "info"}, "expected one of")));
    }
  }

  void check_bindings(const Rule& rule, CheckedRule& out) {
    if (rule.bindings.empty()) {
      diags_.error(src_, rule.id_span,
                   fmt::format("rule '{}' has no 'for' clause; say which facts it checks, as in "
                               "'for q: quote'",
                               rule.id));
      return;
    }
    std::vector<std::string> kind_names;
    for (const auto& k : schema_.kinds()) kind_names.push_back(k.name);
    for (std::size_t i = 0; i < rule.bindings.size(); ++i) {
      const Binding& b = rule.bindings[i];
      for (std::size_t j = 0; j < i; ++j) {
        if (rule.bindings[j].name == b.name) {
          diags_.error(src_, b.name_span,
                       fmt::format("variable '{}' is bound twice in rule '{}'; give each "
                                   "variable its own name",
                                   b.name, rule.id));
        }
      }
      if (auto kind = schema_.kind_index(b.kind)) {
        out.kinds.push_back(*kind);
      } else {
        diags_.error(src_, b.kind_span,
                     fmt::format("unknown kind '{}'{}", b.kind,
                                 suggestion(b.kind, kind_names, "known kinds")));
        out.kinds.push_back(SIZE_MAX);
      }
    }
    kinds_ = &out.kinds;
  }

  void check_lets(Rule& rule) {
    for (std::size_t i = 0; i < rule.lets.size(); ++i) {
      Let& let = rule.lets[i];
      infer(*let.expr);
      const bool clashes_binding =
          std::any_of(rule.bindings.begin(), rule.bindings.end(),
                      [&](const Binding& b) { return b.name == let.name; });
      const bool clashes_let = std::any_of(rule.lets.begin(), rule.lets.begin() + i,
                                           [&](const Let& l) { return l.name == let.name; });
      if (clashes_binding || clashes_let) {
        diags_.error(src_, let.name_span,
                     fmt::format("'{}' is already the name of a {} in rule '{}'; give the let "
                                 "its own name",
                                 let.name, clashes_binding ? "variable" : "let", rule.id));
        continue;
      }
      lets_.push_back(&let);  // visible to the expressions after it
    }
  }

  void warn_unused(const Rule& rule) {
    for (std::size_t i = 0; i < rule.bindings.size(); ++i) {
      if (i < used_.size() && used_[i]) continue;
      if (kinds_ == nullptr || i >= kinds_->size() || (*kinds_)[i] == SIZE_MAX) continue;
      diags_.warning(src_, rule.bindings[i].name_span,
                     fmt::format("variable '{}' is never used in rule '{}'; remove it, or every "
                                 "finding is repeated for each {} fact",
                                 rule.bindings[i].name, rule.id, rule.bindings[i].kind));
    }
  }

  void check_condition(Expr& e, std::string_view clause) {
    const Type t = infer(e);
    if (is_unknown(t) || t.base == BaseType::boolean) return;
    std::string hint;
    if (e.kind == ExprKind::field || e.kind == ExprKind::variable) {
      hint = fmt::format("; did you mean '{} is set'?", source_of(e));
    }
    diags_.error(src_, e.span,
                 fmt::format("the condition after '{}' must be true or false, but '{}' is {}{}",
                             clause, source_of(e), a_type(t), hint));
  }

  std::string_view source_of(const Expr& e) const {
    return std::string_view(src_.text()).substr(e.span.begin, e.span.end - e.span.begin);
  }

  Type set(Expr& e, Type t) {
    e.type = std::move(t);
    return e.type;
  }

  Type infer(Expr& e) {
    switch (e.kind) {
      case ExprKind::number:
        return set(e, Type::number());
      case ExprKind::string:
        return set(e, Type::text());
      case ExprKind::boolean:
        return set(e, Type::boolean());
      case ExprKind::variable:
        return set(e, infer_variable(e));
      case ExprKind::field:
        return set(e, infer_field(e));
      case ExprKind::call:
        return set(e, infer_call(e));
      case ExprKind::unary:
        return set(e, infer_unary(e));
      case ExprKind::binary:
        return set(e, infer_binary(e));
      case ExprKind::approx:
        return set(e, infer_approx(e));
      case ExprKind::is_set:
        infer(*e.args[0]);
        return set(e, Type::boolean());
      case ExprKind::date:
        return set(e, infer_date(e));
      case ExprKind::in_list:
        return set(e, infer_in_list(e));
      case ExprKind::quantifier:
        return set(e, infer_quantifier(e));
    }
    return set(e, Type::unknown());
  }

  Type infer_date(Expr& e) {
    const int y = std::stoi(e.text.substr(0, 4));
    const int m = std::stoi(e.text.substr(5, 2));
    const int d = std::stoi(e.text.substr(8, 2));
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] || (m == 2 && d == 29 && !leap)) {
      diags_.error(src_, e.span,
                   fmt::format("{} is not a date; write a day that exists as YYYY-MM-DD", e.text));
      return Type::unknown();
    }
    e.number = static_cast<double>(days_from_civil(y, m, d));
    return Type::date();
  }

  // Days since 1970-01-01 (H. Hinnant's days_from_civil).
  static long days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  Type infer_in_list(Expr& e) {
    const Type x = infer(*e.args[0]);
    for (std::size_t i = 1; i < e.args.size(); ++i) {
      const Type item = infer(*e.args[i]);
      if (is_unknown(x) || is_unknown(item) || item == x) continue;
      diags_.error(src_, e.args[i]->span,
                   fmt::format("the list holds {}, but '{}' is {}", a_type(item),
                               source_of(*e.args[0]), a_type(x)));
    }
    return Type::boolean();
  }

  // `some v: kind where c` / `no v: kind where c`: v is visible inside c only.
  Type infer_quantifier(Expr& e) {
    std::vector<std::string> kind_names;
    for (const auto& k : schema_.kinds()) kind_names.push_back(k.name);
    const auto kind = schema_.kind_index(e.binding.kind);
    if (!kind) {
      diags_.error(src_, e.binding.kind_span,
                   fmt::format("unknown kind '{}'{}", e.binding.kind,
                               suggestion(e.binding.kind, kind_names, "known kinds")));
    }
    const bool bound_by_rule =
        std::any_of(rule_->bindings.begin(), rule_->bindings.end(),
                    [&](const Binding& b) { return b.name == e.binding.name; }) ||
        std::any_of(lets_.begin(), lets_.end(),
                    [&](const Let* l) { return l->name == e.binding.name; });
    if (bound_by_rule || find_in_scope(e.binding.name)) {
      diags_.error(src_, e.binding.name_span,
                   fmt::format("variable '{}' is already bound; give the sub-query's variable "
                               "its own name",
                               e.binding.name));
    }
    e.slot = static_cast<int>(next_slot_++);
    e.binding_kind = kind.value_or(0);
    scope_.push_back({e.binding.name, e.slot, kind ? Type::fact(e.binding.kind) : Type::unknown()});
    if (!e.args.empty()) {
      check_condition(*e.args[0], e.quantifier == Quantifier::some ? "some … where" : "no … where");
    }
    scope_.pop_back();
    return Type::boolean();
  }

  struct ScopedVariable {
    std::string name;
    int slot;
    Type type;
  };

  const ScopedVariable* find_in_scope(const std::string& name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      if (it->name == name) return &*it;
    }
    return nullptr;
  }

  Type infer_variable(Expr& e) {
    if (const ScopedVariable* v = find_in_scope(e.text)) {
      e.slot = v->slot;
      return v->type;
    }
    std::vector<std::string> names;
    for (std::size_t i = 0; i < rule_->bindings.size(); ++i) {
      const Binding& b = rule_->bindings[i];
      names.push_back(b.name);
      if (b.name == e.text) {
        e.slot = static_cast<int>(i);
        if (used_.size() <= i) used_.resize(rule_->bindings.size());
        used_[i] = true;
        if (!kinds_ || i >= kinds_->size() || (*kinds_)[i] == SIZE_MAX) return Type::unknown();
        return Type::fact(b.kind);
      }
    }
    for (const Let* let : lets_) {
      names.push_back(let->name);
      if (let->name == e.text) {
        e.let_target = let->expr.get();
        mark_used(*let->expr);
        return let->expr->type;
      }
    }
    diags_.error(src_, e.span,
                 fmt::format("unknown variable '{}'{}", e.text,
                             suggestion(e.text, names, "variables bound by 'for'")));
    return Type::unknown();
  }

  // A variable used through a let counts as used.
  void mark_used(const Expr& e) {
    if (e.kind == ExprKind::variable && e.slot >= 0 &&
        static_cast<std::size_t>(e.slot) < rule_->bindings.size()) {
      if (used_.size() <= static_cast<std::size_t>(e.slot)) used_.resize(rule_->bindings.size());
      used_[static_cast<std::size_t>(e.slot)] = true;
    }
    for (const auto& a : e.args) mark_used(*a);
  }

  Type infer_field(Expr& e) {
    const Type base = infer(*e.args[0]);
    if (is_unknown(base)) return Type::unknown();
    if (base.base != BaseType::fact) {
      diags_.error(
          src_, e.name_span,
          fmt::format("'{}' is {} and has no fields", source_of(*e.args[0]), a_type(base)));
      return Type::unknown();
    }
    const auto kind = schema_.kind_index(base.kind);
    if (!kind) return Type::unknown();
    const KindDef& def = schema_.kind(*kind);
    if (auto index = def.field_index(e.text)) {
      e.slot = static_cast<int>(*index);
      return def.fields[*index].type;
    }
    std::vector<std::string> names;
    for (const auto& f : def.fields) names.push_back(f.name);
    diags_.error(src_, e.name_span,
                 fmt::format("{} has no field '{}'{}", def.name, e.text,
                             suggestion(e.text, names, "its fields")));
    return Type::unknown();
  }

  Type infer_call(Expr& e) {
    const auto index = find_function(e.text);
    if (index && function_table()[*index].aggregate) return infer_aggregate(e, *index);
    if (e.distinct) {
      diags_.error(src_, e.name_span,
                   fmt::format("'distinct' goes with count(), as in 'count(distinct p.name)', "
                               "not with {}()",
                               e.text));
    }
    std::vector<Type> arg_types;
    for (auto& a : e.args) arg_types.push_back(infer(*a));
    if (!index) {
      std::vector<std::string> names;
      for (const auto& f : function_table()) names.push_back(f.name);
      diags_.error(src_, e.name_span,
                   fmt::format("unknown function '{}'{}", e.text,
                               suggestion(e.text, names, "known functions")));
      return Type::unknown();
    }
    const FunctionDef& f = function_table()[*index];
    e.slot = static_cast<int>(*index);
    if (arg_types.size() != f.params.size()) {
      diags_.error(src_, e.name_span,
                   fmt::format("{}() takes {} argument{} ({}), but {} {} given", f.name,
                               f.params.size(), f.params.size() == 1 ? "" : "s", signature(f),
                               arg_types.size(), arg_types.size() == 1 ? "was" : "were"));
      return f.result;
    }
    if (f.id == FunctionId::matches && e.args[1]->kind == ExprKind::string) {
      std::string error;
      if (!compile_regex(e.args[1]->text, error)) {
        diags_.error(src_, e.args[1]->span,
                     fmt::format("this regular expression does not compile: {}; matches() uses "
                                 "RE2 syntax",
                                 error));
      }
    }
    for (std::size_t i = 0; i < arg_types.size(); ++i) {
      if (is_unknown(arg_types[i]) || arg_types[i] == f.params[i]) continue;
      diags_.error(src_, e.args[i]->span,
                   fmt::format("argument {} of {}() must be {}, but '{}' is {}", i + 1, f.name,
                               a_type(f.params[i]), source_of(*e.args[i]), a_type(arg_types[i])));
    }
    return f.result;
  }

  Type infer_aggregate(Expr& e, std::size_t index) {
    const FunctionDef& f = function_table()[index];
    e.slot = static_cast<int>(index);
    if (!in_group_ || in_aggregate_) {
      diags_.error(
          src_, e.name_span,
          in_aggregate_
              ? fmt::format("{}() inside another aggregate; aggregates do not nest", f.name)
              : fmt::format("{}() summarises a group: use it in 'require' or 'report' "
                            "of a rule with 'group by', as in 'group by p.key  require "
                            "count(distinct p.name) == 1'",
                            f.name));
    }
    const bool count = f.id == FunctionId::count;
    if (e.distinct && !count && f.id != FunctionId::values) {
      diags_.error(src_, e.name_span,
                   fmt::format("'distinct' goes with count(), not with {}()", f.name));
    }
    if (e.args.size() > 1 || (e.args.empty() && !count)) {
      diags_.error(src_, e.name_span,
                   fmt::format("{}() takes one argument{}, but {} were given", f.name,
                               count ? " or none" : "", e.args.size()));
      return f.result;
    }
    if (e.args.empty()) return f.result;
    const bool outer = in_aggregate_;
    in_aggregate_ = true;
    const Type arg = infer(*e.args[0]);
    in_aggregate_ = outer;
    if (is_unknown(arg)) return f.id == FunctionId::min || f.id == FunctionId::max ? arg : f.result;
    if (f.id == FunctionId::sum) expect(*e.args[0], arg, Type::number(), "sum()");
    if (f.id == FunctionId::min || f.id == FunctionId::max) {
      if (arg.base != BaseType::number && arg.base != BaseType::date &&
          arg.base != BaseType::text) {
        diags_.error(src_, e.args[0]->span,
                     fmt::format("{}() needs numbers, dates or text, but '{}' is {}", f.name,
                                 source_of(*e.args[0]), a_type(arg)));
        return Type::unknown();
      }
      return arg;
    }
    return f.result;
  }

  Type infer_unary(Expr& e) {
    const Type t = infer(*e.args[0]);
    const Type want = e.unary_op == UnaryOp::logical_not ? Type::boolean() : Type::number();
    expect(*e.args[0], t, want, e.unary_op == UnaryOp::logical_not ? "'not'" : "'-'");
    return want;
  }

  // Reports when `actual` is known and is not `want`.
  void expect(const Expr& operand, const Type& actual, const Type& want, std::string_view op) {
    if (is_unknown(actual) || actual == want) return;
    diags_.error(src_, operand.span,
                 fmt::format("{} needs {}, but '{}' is {}", op, a_type(want), source_of(operand),
                             a_type(actual)));
  }

  Type infer_binary(Expr& e) {
    const Type l = infer(*e.args[0]);
    const Type r = infer(*e.args[1]);
    switch (e.binary_op) {
      case BinaryOp::logical_and:
      case BinaryOp::logical_or: {
        const char* op = e.binary_op == BinaryOp::logical_and ? "'and'" : "'or'";
        expect(*e.args[0], l, Type::boolean(), op);
        expect(*e.args[1], r, Type::boolean(), op);
        return Type::boolean();
      }
      case BinaryOp::eq:
      case BinaryOp::ne:
        check_comparable(e, l, r, false);
        return Type::boolean();
      case BinaryOp::lt:
      case BinaryOp::le:
      case BinaryOp::gt:
      case BinaryOp::ge:
        check_comparable(e, l, r, true);
        return Type::boolean();
      case BinaryOp::add:
      case BinaryOp::sub:
      case BinaryOp::mul:
      case BinaryOp::div: {
        expect(*e.args[0], l, Type::number(), "arithmetic");
        expect(*e.args[1], r, Type::number(), "arithmetic");
        return Type::number();
      }
    }
    return Type::unknown();
  }

  void check_comparable(const Expr& e, const Type& l, const Type& r, bool ordered) {
    if (is_unknown(l) || is_unknown(r)) return;
    if (l != r) {
      diags_.error(
          src_, e.span,
          fmt::format("cannot compare {} with {}: '{}' is {}, '{}' is {}", a_type(l), a_type(r),
                      source_of(*e.args[0]), a_type(l), source_of(*e.args[1]), a_type(r)));
      return;
    }
    if (ordered && (l.base == BaseType::boolean || l.base == BaseType::fact)) {
      diags_.error(src_, e.span,
                   fmt::format("'{}' and '{}' are {} and have no order; use == or !=",
                               source_of(*e.args[0]), source_of(*e.args[1]), a_type(l)));
    }
  }

  Type infer_approx(Expr& e) {
    const Type l = infer(*e.args[0]);
    const Type r = infer(*e.args[1]);
    infer(*e.args[2]);
    const bool days = e.tolerance_unit == ToleranceUnit::days;
    const Type want = days ? Type::date() : Type::number();
    const char* op = days ? "'~= … within N days'" : "'~='";
    expect(*e.args[0], l, want, op);
    expect(*e.args[1], r, want, op);
    if (!days && (l.base == BaseType::date || r.base == BaseType::date)) {
      diags_.error(src_, e.args[2]->span, "dates are compared 'within N days'");
    }
    return Type::boolean();
  }

  const Schema& schema_;
  const SourceText& src_;
  Diagnostics& diags_;
  const Rule* rule_ = nullptr;
  const std::vector<std::size_t>* kinds_ = nullptr;
  std::vector<const Let*> lets_;       // lets checked so far, visible to later expressions
  std::vector<ScopedVariable> scope_;  // variables of the sub-queries being checked
  std::vector<bool> used_;             // by `for` variable: referenced somewhere
  std::size_t next_slot_ = 0;
  bool in_group_ = false;      // checking require/report of a rule with `group by`
  bool in_aggregate_ = false;  // checking an aggregate's argument
};

}  // namespace

std::vector<CheckedRule> Checker::check(RuleFile& file, const SourceText& src, Diagnostics& diags) {
  std::vector<CheckedRule> out;
  for (Rule& rule : file.rules) {
    const std::size_t errors_before = diags.error_count();
    auto [it, inserted] = rule_ids_.try_emplace(rule.id, FirstDefinition{&src, rule.id_span});
    if (!inserted) {
      Diagnostic d{DiagnosticLevel::error,
                   &src,
                   rule.id_span,
                   fmt::format("rule id '{}' is already used; give each rule its own id", rule.id),
                   {}};
      d.notes.push_back({it->second.source, it->second.span, "first used here"});
      diags.add(std::move(d));
    }
    CheckedRule checked;
    RuleChecker checker(schema_, src, diags);
    if (checker.check(rule, checked) && diags.error_count() == errors_before) {
      out.push_back(std::move(checked));
    }
  }
  return out;
}

}  // namespace verity::dsl
