// Expression evaluation and the built-in functions of dsl/functions.hpp.
#include "engine/expr_eval.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "dsl/functions.hpp"
#include "engine/blocking.hpp"
#include "engine/name_key.hpp"

namespace verity {
namespace {

using dsl::BinaryOp;
using dsl::Expr;
using dsl::ExprKind;

const Value kUnknown{};

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The words similar() compares, except that typographic apostrophes (’ ‘) separate words as the
// ASCII one does: “town’s” and "town's" are the same words.
std::vector<std::string> words_for_diff(std::string_view text) {
  std::string plain(text);
  for (std::string_view mark : {"\u2019", "\u2018"}) {
    for (auto at = plain.find(mark); at != std::string::npos; at = plain.find(mark, at)) {
      plain.replace(at, mark.size(), "'");
    }
  }
  return similarity_words(plain);
}

// word_diff(a, b): the words of `a` that `b` lacks, then those of `b` that `a` lacks (the words
// similar() compares), each side in its own order without repeats, so that a finding shows a
// reader only what changed between two versions of a quote: “cannot” vs “will not”.
std::string word_diff(std::string_view a, std::string_view b) {
  const std::vector<std::string> wa = words_for_diff(a), wb = words_for_diff(b);
  auto only = [](const std::vector<std::string>& from, const std::vector<std::string>& other) {
    const std::set<std::string> exclude(other.begin(), other.end());
    std::set<std::string> seen;
    std::string out;
    for (const std::string& w : from) {
      if (exclude.count(w) || !seen.insert(w).second) continue;
      out += out.empty() ? w : " " + w;
    }
    return out.empty() ? std::string("(none)") : "“" + out + "”";
  };
  return only(wa, wb) + " vs " + only(wb, wa);
}

// contains_words(text, part): the words of `part` occur in `text` as a run, in order (an
// excerpt), whatever the punctuation, case and line breaks between them. No words: false.
bool contains_words(std::string_view text, std::string_view part) {
  const std::vector<std::string> wt = words_for_diff(text), wp = words_for_diff(part);
  if (wp.empty()) return false;
  return std::search(wt.begin(), wt.end(), wp.begin(), wp.end()) != wt.end();
}

// Equality of two set values of the same type (the checker guarantees the type).
bool values_equal(const Value& a, const Value& b) {
  return a == b;
}

// -1, 0, 1; only called for numbers, dates and texts.
int compare(const Value& a, const Value& b) {
  if (a < b) return -1;
  if (b < a) return 1;
  return 0;
}

}  // namespace

AliasKeys alias_keys(const std::vector<std::vector<std::string>>& aliases) {
  AliasKeys keys;
  for (const auto& names : aliases) {
    if (names.empty()) continue;
    const std::string canonical = name_key(names.front());
    for (const auto& n : names) keys[name_key(n)] = canonical;
  }
  return keys;
}

bool same_person_names(std::string_view a, std::string_view b, const AliasKeys* aliases) {
  std::string ka = name_key(a), kb = name_key(b);
  if (ka.empty() || kb.empty()) return false;
  if (aliases != nullptr) {
    if (auto it = aliases->find(ka); it != aliases->end()) ka = it->second;
    if (auto it = aliases->find(kb); it != aliases->end()) kb = it->second;
  }
  if (ka == kb) return true;
  // Words of a key; punctuation left by the key ("Stoltenberg, Jens") separates words too.
  auto split = [](const std::string& key) {
    std::vector<std::string> words(1);
    for (char c : key) {
      const auto u = static_cast<unsigned char>(c);
      if (std::isalnum(u) || u >= 0x80) {
        words.back() += c;
      } else if (!words.back().empty()) {
        words.emplace_back();
      }
    }
    if (words.back().empty()) words.pop_back();
    std::sort(words.begin(), words.end());
    return words;
  };
  auto wa = split(ka), wb = split(kb);
  if (wa.size() != wb.size() || wa.size() < 2) return false;
  if (wa == wb) return true;  // word order
  // Initials: every word is equal, or a one-letter word stands for a word with that initial.
  // Pair the full words first, then let each initial take a word it can stand for.
  std::vector<std::string> rest_a, rest_b;
  std::set_difference(wa.begin(), wa.end(), wb.begin(), wb.end(), std::back_inserter(rest_a));
  std::set_difference(wb.begin(), wb.end(), wa.begin(), wa.end(), std::back_inserter(rest_b));
  if (rest_a.size() != rest_b.size()) return false;
  for (auto& x : rest_a) {
    bool paired = false;
    for (auto& y : rest_b) {
      if (y.empty()) continue;
      const bool initial =
          (x.size() == 1 && y.front() == x.front()) || (y.size() == 1 && x.front() == y.front());
      if (initial) {
        y.clear();
        paired = true;
        break;
      }
    }
    if (!paired) return false;
  }
  return true;
}

double text_similarity(std::string_view a, std::string_view b) {
  const auto wa = similarity_words(a), wb = similarity_words(b);
  const std::set<std::string> sa(wa.begin(), wa.end()), sb(wb.begin(), wb.end());
  if (sa.empty() && sb.empty()) return 1.0;
  std::size_t shared = 0;
  for (const auto& w : sa) shared += sb.count(w);
  return static_cast<double>(shared) / static_cast<double>(sa.size() + sb.size() - shared);
}

std::size_t KeyHash::operator()(const std::vector<Value>& key) const {
  struct H {
    std::size_t operator()(std::monostate) const { return 0; }
    std::size_t operator()(bool b) const { return b ? 1 : 2; }
    std::size_t operator()(double d) const { return std::hash<double>{}(d); }
    std::size_t operator()(const std::string& s) const { return std::hash<std::string>{}(s); }
    std::size_t operator()(Date d) const { return std::hash<std::int32_t>{}(d.days) * 31 + 7; }
    std::size_t operator()(FactRef r) const { return std::hash<std::uint32_t>{}(r.index) * 17; }
  };
  std::size_t h = 0;
  for (const auto& v : key) {
    h = h * 1000003 ^ (std::visit(H{}, v) + v.index() * 0x9e3779b97f4a7c15ULL);
  }
  return h;
}

ExprEvaluator::ExprEvaluator(const FactStore& store, const dsl::RulePlan* plan,
                             const std::vector<std::vector<FactRef>>* by_kind,
                             const AliasKeys* aliases)
    : store_(store), plan_(plan), by_kind_(by_kind), aliases_(aliases) {
  if (plan_ == nullptr) return;
  for (std::size_t i = 0; i < plan_->subqueries.size(); ++i) {
    subquery_of_[plan_->subqueries[i].expr] = i;
  }
  subquery_indexes_.resize(plan_->subqueries.size());
}

bool ExprEvaluator::all_true(const std::vector<const Expr*>& conditions, Binding& bound) const {
  for (const Expr* c : conditions) {
    if (!is_true(eval(*c, bound))) return false;
  }
  return true;
}

Value ExprEvaluator::eval(const Expr& e, Binding& bound) const {
  switch (e.kind) {
    case ExprKind::number:
      return e.number;
    case ExprKind::string:
      return e.text;
    case ExprKind::boolean:
      return e.boolean;
    case ExprKind::variable:
      if (e.let_target != nullptr) return eval(*e.let_target, bound);
      return bound[static_cast<std::size_t>(e.slot)];
    case ExprKind::field: {
      Value scratch;
      const Value& v = eval_ref(e, bound, scratch);
      if (&v == &scratch) return scratch;
      return v;
    }
    case ExprKind::call:
      return eval_call(e, bound);
    case ExprKind::unary: {
      Value scratch;
      const Value& v = eval_ref(*e.args[0], bound, scratch);
      if (!is_set(v)) return kUnknown;
      if (e.unary_op == dsl::UnaryOp::logical_not) return !std::get<bool>(v);
      return -std::get<double>(v);
    }
    case ExprKind::binary:
      return eval_binary(e, bound);
    case ExprKind::approx: {
      Value sa, sb;
      const Value& a = eval_ref(*e.args[0], bound, sa);
      const Value& b = eval_ref(*e.args[1], bound, sb);
      if (!is_set(a) || !is_set(b)) return kUnknown;
      const double tolerance = e.args[2]->number;
      if (e.tolerance_unit == dsl::ToleranceUnit::days) {
        return std::abs(std::get<Date>(a).days - std::get<Date>(b).days) <= tolerance;
      }
      const double x = std::get<double>(a), y = std::get<double>(b);
      if (e.tolerance_unit == dsl::ToleranceUnit::percent) {
        return std::abs(x - y) <= tolerance / 100.0 * std::max(std::abs(x), std::abs(y));
      }
      return std::abs(x - y) <= tolerance;
    }
    case ExprKind::is_set: {
      Value scratch;
      return is_set(eval_ref(*e.args[0], bound, scratch)) != e.negated;
    }
    // TODO(lead): evaluate these; the checker rejects them for now, so they never get here.
    case ExprKind::date:
      return Date{static_cast<std::int32_t>(e.number)};
    case ExprKind::in_list: {
      Value sx, si;
      const Value& x = eval_ref(*e.args[0], bound, sx);
      if (!is_set(x)) return kUnknown;
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        if (eval_ref(*e.args[i], bound, si) == x) return true;
      }
      return false;
    }
    case ExprKind::quantifier:
      return eval_quantifier(e, bound);
  }
  return kUnknown;
}

const Value& ExprEvaluator::eval_ref(const Expr& e, Binding& bound, Value& scratch) const {
  if (e.kind == ExprKind::variable && e.let_target != nullptr) {
    return eval_ref(*e.let_target, bound, scratch);
  }
  if (e.kind != ExprKind::field) {
    scratch = eval(e, bound);
    return scratch;
  }
  // A field path (`a.doc.story`) reads each fact in place.
  const Expr& base = *e.args[0];
  FactRef ref;
  if (base.kind == ExprKind::variable && base.let_target == nullptr) {
    ref = bound[static_cast<std::size_t>(base.slot)];
  } else {
    const Value& b = eval_ref(base, bound, scratch);
    const FactRef* r = std::get_if<FactRef>(&b);
    if (r == nullptr) return kUnknown;
    ref = *r;
  }
  const Fact& f = store_.fact(ref);
  const auto slot = static_cast<std::size_t>(e.slot);
  return slot < f.fields.size() ? f.fields[slot] : kUnknown;
}

Value ExprEvaluator::eval_binary(const Expr& e, Binding& bound) const {
  const BinaryOp op = e.binary_op;
  if (op == BinaryOp::logical_and || op == BinaryOp::logical_or) {
    // Kleene logic: false and unknown = false; true or unknown = true.
    const bool is_and = op == BinaryOp::logical_and;
    const Value a = eval(*e.args[0], bound);
    if (is_and ? is_false(a) : is_true(a)) return !is_and;
    const Value b = eval(*e.args[1], bound);
    if (is_and ? is_false(b) : is_true(b)) return !is_and;
    if (!is_set(a) || !is_set(b)) return kUnknown;
    return is_and;
  }
  Value sa, sb;
  const Value& a = eval_ref(*e.args[0], bound, sa);
  const Value& b = eval_ref(*e.args[1], bound, sb);
  if (!is_set(a) || !is_set(b)) return kUnknown;
  switch (op) {
    case BinaryOp::eq:
      return values_equal(a, b);
    case BinaryOp::ne:
      return !values_equal(a, b);
    case BinaryOp::lt:
      return compare(a, b) < 0;
    case BinaryOp::le:
      return compare(a, b) <= 0;
    case BinaryOp::gt:
      return compare(a, b) > 0;
    case BinaryOp::ge:
      return compare(a, b) >= 0;
    default:
      break;
  }
  const double x = std::get<double>(a), y = std::get<double>(b);
  switch (op) {
    case BinaryOp::add:
      return x + y;
    case BinaryOp::sub:
      return x - y;
    case BinaryOp::mul:
      return x * y;
    case BinaryOp::div:
      return y == 0 ? kUnknown : Value{x / y};
    default:
      return kUnknown;
  }
}

ExprEvaluator::SubqueryIndex& ExprEvaluator::subquery_index(const dsl::SubqueryPlan& sub,
                                                            Binding& bound) const {
  SubqueryIndex& index = subquery_indexes_[subquery_of_.at(sub.expr)];
  if (index.built) return index;
  index.built = true;
  const FactRef saved = bound[sub.slot];
  for (FactRef f : (*by_kind_)[sub.kind]) {
    bound[sub.slot] = f;
    if (!all_true(sub.filters, bound)) continue;
    if (sub.keys.empty()) {
      index.candidates.push_back(f);
      continue;
    }
    std::vector<Value> key;
    for (const auto& k : sub.keys) key.push_back(eval(*k.build, bound));
    if (std::all_of(key.begin(), key.end(), [](const Value& v) { return is_set(v); })) {
      index.table[std::move(key)].push_back(f);
    }
  }
  bound[sub.slot] = saved;
  return index;
}

// `some` is true when a fact of the kind makes the condition true; `no` when none does. A
// condition that is unknown for a fact does not count as true.
Value ExprEvaluator::eval_quantifier(const Expr& e, Binding& bound) const {
  const dsl::SubqueryPlan& sub = plan_->subqueries[subquery_of_.at(&e)];
  SubqueryIndex& index = subquery_index(sub, bound);
  const std::vector<FactRef>* facts = &index.candidates;
  if (!sub.keys.empty()) {
    std::vector<Value> key;
    for (const auto& k : sub.keys) key.push_back(eval(*k.probe, bound));
    auto it = index.table.find(key);
    facts = it == index.table.end() ? nullptr : &it->second;
  }
  bool found = false;
  if (facts != nullptr) {
    const FactRef saved = bound[sub.slot];
    for (FactRef f : *facts) {
      bound[sub.slot] = f;
      if (all_true(sub.checks, bound)) {
        found = true;
        break;
      }
    }
    bound[sub.slot] = saved;
  }
  return e.quantifier == dsl::Quantifier::some ? found : !found;
}

Value ExprEvaluator::eval_aggregate(const Expr& e) const {
  const auto& f = function_table()[static_cast<std::size_t>(e.slot)];
  if (group_ == nullptr) return kUnknown;
  if (e.args.empty()) return static_cast<double>(group_->size());  // count()
  std::vector<Value> values;
  Binding row;
  for (const Binding& member : *group_) {
    row = member;
    Value v = eval(*e.args[0], row);
    if (is_set(v)) values.push_back(std::move(v));
  }
  std::vector<Value> distinct;  // in order of first appearance
  for (const auto& v : values) {
    if (std::find(distinct.begin(), distinct.end(), v) == distinct.end()) distinct.push_back(v);
  }
  switch (f.id) {
    case FunctionId::count:
      return static_cast<double>(e.distinct ? distinct.size() : values.size());
    case FunctionId::sum: {
      double total = 0;
      for (const auto& v : values) total += std::get<double>(v);
      return total;
    }
    case FunctionId::min:
    case FunctionId::max: {
      if (values.empty()) return kUnknown;
      const bool is_min = f.id == FunctionId::min;
      return *std::min_element(values.begin(), values.end(), [&](const Value& a, const Value& b) {
        return is_min ? a < b : b < a;
      });
    }
    case FunctionId::values: {
      std::string out;
      for (const auto& v : distinct) {
        if (!out.empty()) out += ", ";
        out += display(v);
      }
      return out;
    }
    case FunctionId::all_equal:
      return distinct.size() <= 1;
    default:
      return kUnknown;
  }
}

Value ExprEvaluator::eval_call(const Expr& e, Binding& bound) const {
  if (function_table()[static_cast<std::size_t>(e.slot)].aggregate) return eval_aggregate(e);
  // Arguments are read in place (no copy of a text field); built-in functions take at most
  // kMaxArgs arguments (the checker enforces each function's count).
  constexpr std::size_t kMaxArgs = 4;
  if (e.args.size() > kMaxArgs) return kUnknown;
  std::array<Value, kMaxArgs> scratch;
  std::array<const Value*, kMaxArgs> args{};
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    args[i] = &eval_ref(*e.args[i], bound, scratch[i]);
    if (!is_set(*args[i])) return kUnknown;
  }
  const auto& f = function_table()[static_cast<std::size_t>(e.slot)];
  auto text = [&](std::size_t i) -> const std::string& { return std::get<std::string>(*args[i]); };
  switch (f.id) {
    case FunctionId::similar:
      return text_similarity(text(0), text(1));
    case FunctionId::lower:
      return lowercase(text(0));
    case FunctionId::len: {
      // Characters, not bytes: count the bytes that start a UTF-8 sequence.
      const auto& s = text(0);
      return static_cast<double>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }));
    }
    case FunctionId::words:
      return static_cast<double>(similarity_words(text(0)).size());
    case FunctionId::contains:
      return lowercase(text(0)).find(lowercase(text(1))) != std::string::npos;
    case FunctionId::abs:
      return std::abs(std::get<double>(*args[0]));
    case FunctionId::year: {
      int y = 0;
      unsigned m = 0, d = 0;
      date_to_ymd(std::get<Date>(*args[0]), y, m, d);
      return static_cast<double>(y);
    }
    case FunctionId::days_between:
      return static_cast<double>(std::get<Date>(*args[1]).days - std::get<Date>(*args[0]).days);
    case FunctionId::same_person:
      return same_person_names(text(0), text(1), aliases_);
    case FunctionId::matches: {
      auto it = regexes_.find(text(1));
      if (it == regexes_.end()) {
        std::string error;
        it = regexes_.emplace(text(1), compile_regex(text(1), error)).first;
      }
      if (!it->second) return kUnknown;  // a pattern that does not compile matches nothing
      return regex_search(*it->second, text(0));
    }
    case FunctionId::word_diff:
      return word_diff(text(0), text(1));
    case FunctionId::contains_words:
      return contains_words(text(0), text(1));
    default:  // aggregates are evaluated by eval_aggregate
      break;
  }
  return kUnknown;
}

std::string ExprEvaluator::display(const Value& v) const {
  struct Visitor {
    const FactStore& store;
    std::string operator()(std::monostate) const { return "(none)"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(double d) const {
      if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 1e15) {
        return fmt::format("{}", static_cast<long long>(d));
      }
      return fmt::format("{}", d);
    }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(Date d) const { return to_iso(d); }
    std::string operator()(FactRef r) const {
      if (store.kind_name(r) == "doc") return store.document_of(r).id;
      const Value& text = store.field(r, "text");
      if (const auto* s = std::get_if<std::string>(&text)) return *s;
      return store.kind_name(r);
    }
  };
  return std::visit(Visitor{store_}, v);
}

std::string ExprEvaluator::render(const dsl::Template& t, Binding& bound) const {
  std::string out;
  for (const auto& part : t.parts) {
    out += part.expr ? display(eval(*part.expr, bound)) : part.literal;
  }
  return out;
}

}  // namespace verity
