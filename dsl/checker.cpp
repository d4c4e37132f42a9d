// Name resolution and type inference over the AST. Each problem is reported once, where it
// is; an expression whose type could not be found gets Type::unknown so that one typo does
// not cascade into several messages.
#include "dsl/checker.hpp"

#include <fmt/format.h>

#include "dsl/functions.hpp"

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
    if (rule.where) check_condition(*rule.where, "where");
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
      // TODO(lead): check the constructs below; the parser builds them, nothing checks them yet.
      case ExprKind::date:
        return set(e, not_supported(e, "date literal"));
      case ExprKind::in_list:
        return set(e, not_supported(e, "in [...]"));
      case ExprKind::quantifier:
        return set(e, not_supported(e, e.quantifier == Quantifier::some ? "some" : "no"));
    }
    return set(e, Type::unknown());
  }

  // TODO(lead): remove once every construct is checked.
  Type not_supported(const Expr& e, std::string_view construct) {
    diags_.error(src_, e.span, fmt::format("'{}' is not supported yet", construct));
    return Type::unknown();
  }

  Type infer_variable(Expr& e) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < rule_->bindings.size(); ++i) {
      const Binding& b = rule_->bindings[i];
      names.push_back(b.name);
      if (b.name == e.text) {
        e.slot = static_cast<int>(i);
        if (!kinds_ || i >= kinds_->size() || (*kinds_)[i] == SIZE_MAX) return Type::unknown();
        return Type::fact(b.kind);
      }
    }
    diags_.error(src_, e.span,
                 fmt::format("unknown variable '{}'{}", e.text,
                             suggestion(e.text, names, "variables bound by 'for'")));
    return Type::unknown();
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
    std::vector<Type> arg_types;
    for (auto& a : e.args) arg_types.push_back(infer(*a));
    const auto index = find_function(e.text);
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
    for (std::size_t i = 0; i < arg_types.size(); ++i) {
      if (is_unknown(arg_types[i]) || arg_types[i] == f.params[i]) continue;
      diags_.error(src_, e.args[i]->span,
                   fmt::format("argument {} of {}() must be {}, but '{}' is {}", i + 1, f.name,
                               a_type(f.params[i]), source_of(*e.args[i]), a_type(arg_types[i])));
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
