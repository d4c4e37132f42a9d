// Plan evaluation: per step a filtered scan, an index on interned join keys (or on blocking
// tokens), residual checks as soon as their variables are bound, then `require`. Bindings are
// enumerated depth-first in fact order, which keeps the output deterministic.
//
// Threads: the first step's candidates are cut into chunks, each enumerated by one thread with
// its own evaluator and findings; the chunks' findings are concatenated in chunk order and a
// set of facts found by an earlier chunk is dropped, which is what one thread does in one pass.
// When a chunk stops early (finding cap, cost budget) the rule is run again on one thread, so
// what a capped rule reports does not depend on the threads either.
#include "engine/evaluator.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "engine/blocking.hpp"
#include "engine/expr_eval.hpp"
#include "engine/fast_condition.hpp"
#include "engine/key_interner.hpp"
#include "engine/rule_symmetry.hpp"

namespace verity {
namespace {

using dsl::Expr;
using dsl::PlanStep;
using dsl::RulePlan;

constexpr std::uint32_t kNotCandidate = 0xfffffffeu;

// What a step's facts are found by, built once per rule and then read by every thread.
struct StepIndex {
  std::vector<FactRef> candidates;  // after filters, in fact order
  // Join keys: the tuple of key values interned to one group id; members by group, each
  // group in fact order.
  KeyTable keys;
  std::vector<std::uint32_t> group_begin;
  std::vector<FactRef> members;
  // Columns, aligned with `members`: for each condition of column_uses() (a path of this
  // step's variable compared with a path of earlier ones), the step's side read once per fact
  // when the index is built, instead of once per candidate pair.
  std::vector<std::vector<Cell>> columns;
  // When the probe of every key is the build key of one earlier step's variable (a self-join
  // on `a.x == b.x`), the group of a fact of that step is looked up here by fact index.
  std::size_t own_probe_step = 0;
  std::vector<std::uint32_t> own_group;  // kNotCandidate when the fact is not a candidate
  // Blocking: positions in `candidates` by token, ascending.
  const dsl::BlockKey* block = nullptr;
  std::unordered_map<std::string, std::vector<std::uint32_t>> postings;
  double block_facts_per_probe = 0;  // for the estimate

  std::size_t groups() const { return group_begin.empty() ? 0 : group_begin.size() - 1; }
};

std::vector<std::string> block_tokens(const dsl::BlockKey& block, const Value& v,
                                      const AliasKeys& aliases, BlockSide side) {
  const auto* text = std::get_if<std::string>(&v);
  if (text == nullptr) return {};  // unset: the condition is unknown, never true
  if (block.method == dsl::BlockKey::Method::person_name) {
    return person_block_tokens(*text, &aliases, side);
  }
  return word_block_tokens(*text);
}

// Reads the join key of the current binding (the build or the probe expressions of a step's
// keys) as KeyParts with their combined hash. Neighbouring facts often read one stored value
// (`a.doc.story` of the facts of one document): the last one of each component is remembered
// by address with its part and hash.
class KeyReader {
 public:
  KeyReader(const std::vector<dsl::JoinKey>& keys, bool probe) {
    for (const auto& k : keys) {
      exprs_.push_back(probe ? k.probe : k.build);
      paths_.push_back(FieldPath::compile(*exprs_.back()));
    }
    const std::size_t n = keys.size();
    last_.assign(n, nullptr);
    last_part_.resize(n);
    last_hash_.resize(n);
    parts_.resize(n);
    scratch_.resize(n);
  }

  // False when a component is unset or NaN: an unset key equals nothing, as in SQL.
  bool read(const FactStore& store, const ExprEvaluator& eval, Binding& bound) {
    hash_ = 0;
    stable_ = true;
    for (std::size_t k = 0; k < parts_.size(); ++k) {
      const Value& v =
          paths_[k] ? paths_[k]->read(store, bound) : eval.eval_ref(*exprs_[k], bound, scratch_[k]);
      std::uint64_t h = 0;
      if (&v == last_[k]) {
        parts_[k] = last_part_[k];
        h = last_hash_[k];
      } else {
        if (!KeyPart::of(v, parts_[k])) return false;
        // An equal value in another fact (the unit of the fact before) is compared, not hashed.
        h = last_[k] != nullptr && parts_[k].same(last_part_[k]) ? last_hash_[k] : parts_[k].hash();
        if (&v == &scratch_[k]) {
          stable_ = false;  // computed: its text must be copied by a table that keeps it
        } else {
          last_[k] = &v;
          last_part_[k] = parts_[k];
          last_hash_[k] = h;
        }
      }
      hash_ = KeyTable::combine(hash_, h);
    }
    return true;
  }
  const KeyPart* parts() const { return parts_.data(); }
  std::uint64_t hash() const { return hash_; }
  bool stable() const { return stable_; }

 private:
  std::vector<const Expr*> exprs_;
  std::vector<std::optional<FieldPath>> paths_;
  std::vector<const Value*> last_;
  std::vector<KeyPart> last_part_;
  std::vector<std::uint64_t> last_hash_;
  std::vector<KeyPart> parts_;
  std::vector<Value> scratch_;
  std::uint64_t hash_ = 0;
  bool stable_ = true;
};

// A condition of a keyed step tested against a column of the step's index (see StepIndex):
// `P op Q` of FastCondition where exactly one of P and Q reads the step's variable. The
// rule's `require` is one too, at the last step of a rule without `group by`.
constexpr std::size_t kRequireUse = ~std::size_t{0};
struct ColumnUse {
  std::size_t check = 0;  // index into the step's checks, or kRequireUse
  FastCondition cond;
  bool step_is_lhs = true;
  const FieldPath& step_side() const { return step_is_lhs ? cond.lhs() : cond.rhs(); }
  const FieldPath& other_side() const { return step_is_lhs ? cond.rhs() : cond.lhs(); }
  // `==` (1), `!=` (0) or neither (-1): facts compared by `a.doc != b.doc` are tested inline.
  int equality = -1;
  [[gnu::always_inline]] Truth test(const Cell& mine, const Cell& other) const {
    if (equality >= 0 && mine.type == 5 && other.type == 5) {
      return (mine.fact == other.fact) == (equality == 1) ? Truth::yes : Truth::no;
    }
    return test_any(mine, other);
  }
  Truth test_any(const Cell& mine, const Cell& other) const {
    return step_is_lhs ? cond.test_cells(mine, other) : cond.test_cells(other, mine);
  }
};

// The column uses of step `i`, the checks first (in order), then `require`. The indexer and
// every worker compute the same list, so columns and uses correspond by position.
std::vector<ColumnUse> column_uses(const RulePlan& plan, std::size_t i) {
  std::vector<ColumnUse> out;
  const PlanStep& step = plan.steps[i];
  if (step.keys.empty()) return out;  // columns follow the members of a keyed index
  auto consider = [&](const Expr& e, std::size_t check) {
    auto fast = FastCondition::compile(e);
    if (!fast) return;
    const bool lhs = fast->lhs().slot() == step.var, rhs = fast->rhs().slot() == step.var;
    if (lhs == rhs) return;
    const auto equality = fast->equality();
    out.push_back({check, *fast, lhs, equality ? int{*equality} : -1});
  };
  for (std::size_t j = 0; j < step.checks.size(); ++j) consider(*step.checks[j], j);
  if (i + 1 == plan.steps.size() && plan.rule->require && plan.rule->group_by.empty()) {
    consider(*plan.rule->require, kRequireUse);
  }
  return out;
}

std::size_t thread_count(const EvalOptions& options) {
  std::size_t n = options.threads;
  if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
  return std::min<std::size_t>(n, 8);
}

class StepIndexer {
 public:
  StepIndexer(const RulePlan& plan, const FactStore& store,
              const std::vector<std::vector<FactRef>>& by_kind, const EvalOptions& options)
      : plan_(plan),
        store_(store),
        eval_(store, &plan, &by_kind, &options.aliases),
        options_(options),
        by_kind_(by_kind) {
    bound_.resize(std::max(plan.slot_count, plan.steps.size()));
  }

  std::vector<StepIndex> build() {
    std::vector<StepIndex> out(plan_.steps.size());
    for (std::size_t i = 0; i < out.size(); ++i) build_step(i, out[i]);
    return out;
  }

 private:
  void build_step(std::size_t i, StepIndex& index) {
    const PlanStep& step = plan_.steps[i];
    if (step.filters.empty()) {
      index.candidates = by_kind_[step.kind];
    } else {
      for (FactRef f : by_kind_[step.kind]) {
        bound_[step.var] = f;
        if (eval_.all_true(step.filters, bound_)) index.candidates.push_back(f);
      }
    }
    if (!step.keys.empty()) {
      build_keys(i, index);
    } else if (!step.blocks.empty()) {
      build_blocks(step, index);
    }
  }

  void build_keys(std::size_t i, StepIndex& index) {
    const PlanStep& step = plan_.steps[i];
    const std::size_t n = step.keys.size();
    const std::size_t m = index.candidates.size();
    index.keys = KeyTable(n);
    std::vector<std::uint32_t> group_of(m, kNoKey);
    const std::size_t threads = thread_count(options_);
    // The key group of each candidate in [begin, end), numbered by `table`.
    // The cells of the column uses, by candidate (read here, in fact order and on every
    // thread, then placed in member order by the counting sort).
    const std::vector<ColumnUse> uses = column_uses(plan_, i);
    std::vector<std::vector<Cell>> cells(uses.size(), std::vector<Cell>(m));
    auto group_slice = [&](std::size_t begin, std::size_t end, const ExprEvaluator& eval,
                           Binding& bound, KeyTable& table) {
      KeyReader reader(step.keys, false);
      for (std::size_t c = begin; c < end; ++c) {
        bound[step.var] = index.candidates[c];
        if (!reader.read(store_, eval, bound)) continue;
        group_of[c] = table.intern(reader.parts(), reader.hash(), reader.stable());
        for (std::size_t u = 0; u < uses.size(); ++u) {
          cells[u][c] = Cell::of(uses[u].step_side().read(store_, bound));
        }
      }
    };
    if (threads < 2 || static_cast<double>(m) < options_.min_parallel_bindings || m < threads) {
      group_slice(0, m, eval_, bound_, index.keys);
    } else {
      // Each thread groups a slice of the candidates with a table of its own; then each
      // slice's keys are interned once more, by one fact each, into the step's table. Group
      // ids are labels: the output follows the facts' order, never the ids'.
      std::vector<KeyTable> slices(threads, KeyTable(n));
      auto work = [&](std::size_t t) {
        ExprEvaluator eval(store_, &plan_, &by_kind_, &options_.aliases);
        Binding bound(bound_.size());
        group_slice(m * t / threads, m * (t + 1) / threads, eval, bound, slices[t]);
      };
      std::vector<std::thread> pool;
      for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
      work(0);
      for (auto& t : pool) t.join();
      for (std::size_t t = 0; t < threads; ++t) {
        std::vector<std::uint32_t> to_global(slices[t].size());
        for (std::uint32_t id = 0; id < to_global.size(); ++id) {
          to_global[id] = index.keys.intern_from(slices[t], id);
        }
        for (std::size_t c = m * t / threads; c < m * (t + 1) / threads; ++c) {
          if (group_of[c] != kNoKey) group_of[c] = to_global[group_of[c]];
        }
      }
    }
    std::uint32_t groups = 0;
    for (std::uint32_t g : group_of) {
      if (g != kNoKey) groups = std::max(groups, g + 1);
    }
    // Counting sort by group: each group's facts stay in fact order.
    index.group_begin.assign(groups + 1, 0);
    for (std::uint32_t g : group_of) {
      if (g != kNoKey) ++index.group_begin[g + 1];
    }
    for (std::size_t g = 0; g < groups; ++g) index.group_begin[g + 1] += index.group_begin[g];
    index.members.resize(index.group_begin[groups]);
    std::vector<std::uint32_t> fill(index.group_begin.begin(), index.group_begin.end() - 1);
    index.columns.assign(uses.size(), std::vector<Cell>(index.members.size()));
    for (std::size_t c = 0; c < group_of.size(); ++c) {
      if (group_of[c] == kNoKey) continue;
      const std::uint32_t p = fill[group_of[c]]++;
      index.members[p] = index.candidates[c];
      for (std::size_t u = 0; u < uses.size(); ++u) index.columns[u][p] = cells[u][c];
    }
    // A self-join probe: each key's probe is the build key with an earlier variable of this
    // kind in place of this step's.
    for (std::size_t j = 0; j < i; ++j) {
      const PlanStep& other = plan_.steps[j];
      if (other.kind != step.kind) continue;
      const bool own = std::all_of(step.keys.begin(), step.keys.end(), [&](const dsl::JoinKey& k) {
        return same_expr_renamed(*k.probe, *k.build, other.var, step.var);
      });
      if (!own) continue;
      index.own_probe_step = j;
      index.own_group.assign(store_.facts().size(), kNotCandidate);
      for (std::size_t c = 0; c < group_of.size(); ++c) {
        index.own_group[index.candidates[c].index] = group_of[c];
      }
      break;
    }
  }

  void build_blocks(const PlanStep& step, StepIndex& index) {
    index.block = &step.blocks.front();  // every block's condition must hold: one suffices
    // For the estimate: the probe tokens the step's own values would have, taken as a sample
    // of the probes (exact for a self-join such as same_person(a.speaker, b.speaker)).
    std::unordered_map<std::string, std::size_t> probe_count;
    Value scratch;
    for (std::size_t c = 0; c < index.candidates.size(); ++c) {
      bound_[step.var] = index.candidates[c];
      const Value& v = eval_.eval_ref(*index.block->build, bound_, scratch);
      for (const auto& t : block_tokens(*index.block, v, options_.aliases, BlockSide::build)) {
        index.postings[t].push_back(static_cast<std::uint32_t>(c));
      }
      for (const auto& t : block_tokens(*index.block, v, options_.aliases, BlockSide::probe)) {
        ++probe_count[t];
      }
    }
    double tried = 0;
    for (const auto& [token, count] : probe_count) {
      if (auto it = index.postings.find(token); it != index.postings.end()) {
        tried += static_cast<double>(count) * static_cast<double>(it->second.size());
      }
    }
    const double n = static_cast<double>(index.candidates.size());
    index.block_facts_per_probe = n > 0 ? std::min(n, tried / n) : 0.0;
  }

  const RulePlan& plan_;
  const FactStore& store_;
  ExprEvaluator eval_;
  const EvalOptions& options_;
  const std::vector<std::vector<FactRef>>& by_kind_;
  Binding bound_;
};

// Bindings the plan would try: the first scan, times for each later step either its whole
// filtered scan (no key), the average number of facts per key of its index, or for a blocked
// step the facts sharing a token with a probe, on average over probes like its own facts.
double estimate(const RulePlan& plan, const std::vector<StepIndex>& steps) {
  double total = 0, rows = 1;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const double n = static_cast<double>(steps[i].candidates.size());
    if (i == 0) {
      rows *= n;
    } else if (!plan.steps[i].keys.empty()) {
      rows *= n / static_cast<double>(std::max<std::size_t>(steps[i].groups(), 1));
    } else if (steps[i].block != nullptr) {
      rows *= steps[i].block_facts_per_probe;
    } else {
      rows *= n;
    }
    total += rows;
  }
  return total;
}

// What one chunk of the first step's candidates produced.
struct ChunkResult {
  std::vector<Finding> findings;
  std::size_t tried = 0;
  std::size_t bindings = 0;
  bool capped = false;       // reached the finding cap
  bool over_budget = false;  // tried more than max_bindings
};

// The sorted, distinct facts of a finding: what makes two findings the same.
std::vector<std::uint32_t> identity_of(const std::vector<Evidence>& evidence) {
  std::vector<std::uint32_t> identity;
  identity.reserve(evidence.size());
  for (const Evidence& e : evidence) identity.push_back(e.fact.index);
  std::sort(identity.begin(), identity.end());
  identity.erase(std::unique(identity.begin(), identity.end()), identity.end());
  return identity;
}

// Remembers identities; pairs (the common case) as one 64-bit key.
class IdentitySet {
 public:
  bool insert(const std::vector<std::uint32_t>& identity) {
    if (identity.size() <= 2) {
      const std::uint64_t lo = identity.empty() ? 0xffffffffu : identity.front();
      const std::uint64_t hi = identity.empty() ? 0xffffffffu : identity.back();
      return small_.insert((lo << 32) | hi).second;
    }
    return large_.insert(identity).second;
  }

 private:
  std::unordered_set<std::uint64_t> small_;
  std::set<std::vector<std::uint32_t>> large_;
};

// A condition with its fast form when it has one (see fast_condition.hpp).
struct Condition {
  const Expr* expr = nullptr;
  std::optional<FastCondition> fast;
};

std::vector<Condition> conditions_of(const std::vector<const Expr*>& exprs) {
  std::vector<Condition> out;
  for (const Expr* e : exprs) out.push_back({e, FastCondition::compile(*e)});
  return out;
}

// Enumerates bindings over the shared step indexes, with its own evaluator and binding.
class Worker {
 public:
  Worker(const RulePlan& plan, const FactStore& store, const std::vector<StepIndex>& steps,
         const std::vector<std::vector<FactRef>>& by_kind, const EvalOptions& options,
         bool symmetric)
      : plan_(plan),
        store_(store),
        steps_(steps),
        eval_(store, &plan, &by_kind, &options.aliases),
        options_(options),
        symmetric_(symmetric) {
    bound_.resize(std::max(plan.slot_count, plan.steps.size()));
    block_scratch_.resize(plan.steps.size());
    fixed_.resize(plan.steps.size());
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
      const PlanStep& step = plan.steps[i];
      checks_.push_back(conditions_of(step.checks));
      probe_keys_.emplace_back(step.keys, true);
      uses_.push_back(column_uses(plan, i));
      // The checks not tested on a column, tested after those that are.
      std::vector<const Expr*> rest;
      for (std::size_t j = 0; j < step.checks.size(); ++j) {
        const auto& uses = uses_.back();
        if (std::none_of(uses.begin(), uses.end(),
                         [&](const ColumnUse& u) { return u.check == j; })) {
          rest.push_back(step.checks[j]);
        }
      }
      rest_checks_.push_back(conditions_of(rest));
    }
    if (plan.rule->require) require_ = conditions_of({plan.rule->require.get()}).front();
    for (const StepIndex& index : steps) {
      auto& data = column_data_.emplace_back();
      for (const auto& column : index.columns) data.push_back(column.data());
    }
    // `++tried > max_bindings` on integers: the same for every count.
    const double limit = std::floor(options.max_bindings);
    tried_limit_ = !(limit >= 0)                     ? 0
                   : limit >= 18446744073709549568.0 ? std::numeric_limits<std::size_t>::max()
                                                     : static_cast<std::size_t>(limit);
  }

  // Enumerates the bindings whose first fact is candidates[begin, end) of the first step.
  void run(std::size_t begin, std::size_t end, ChunkResult& out) {
    out_ = &out;
    seen_ = IdentitySet();
    if (plan_.steps.empty()) {  // a rule without `for`: one empty binding
      if (begin == 0) bind(0);
      return;
    }
    const PlanStep& first = plan_.steps.front();
    const auto& candidates = steps_.front().candidates;
    for (std::size_t c = begin; c < end && !stopped(); ++c) {
      if (++out.tried > options_.max_bindings) {
        out.over_budget = true;
        return;
      }
      bound_[first.var] = candidates[c];
      if (passes(checks_[0])) bind(1);
    }
  }

  // `group by`: checks each group (collected by run()) once.
  void check_groups(ChunkResult& out) {
    out_ = &out;
    const std::size_t vars = plan_.rule->bindings.size();
    for (const auto& group : groups_) {
      if (stopped()) return;
      ++out.bindings;
      eval_.set_group(&group);
      Binding first = group.front();
      const Value verdict = eval_.eval(*plan_.rule->require, first);
      if (is_false(verdict)) {
        std::vector<Evidence> evidence;
        for (std::size_t v = 0; v < vars; ++v) {
          std::vector<FactRef> seen;
          for (const Binding& member : group) {
            if (std::find(seen.begin(), seen.end(), member[v]) != seen.end()) continue;
            seen.push_back(member[v]);
            evidence.push_back({plan_.rule->bindings[v].name, member[v]});
          }
        }
        report(std::move(evidence), first, false);
      }
      eval_.set_group(nullptr);
    }
  }

 private:
  bool stopped() const { return out_->capped || out_->over_budget; }

  bool passes(const std::vector<Condition>& conditions) {
    for (const Condition& c : conditions) {
      if (c.fast ? c.fast->test(store_, bound_) != Truth::yes
                 : !is_true(eval_.eval(*c.expr, bound_))) {
        return false;
      }
    }
    return true;
  }

  // A finding is a binding whose `require` is false (not unknown).
  bool require_fails() {
    if (require_.fast) return require_.fast->test(store_, bound_) == Truth::no;
    return is_false(eval_.eval(*plan_.rule->require, bound_));
  }

  // The facts step `i` tries for the current binding, in fact order.
  std::pair<const FactRef*, const FactRef*> facts_for(std::size_t i) {
    const PlanStep& step = plan_.steps[i];
    const StepIndex& index = steps_[i];
    if (!step.keys.empty()) {
      std::uint32_t g = kNotCandidate;
      if (!index.own_group.empty()) {
        g = index.own_group[bound_[plan_.steps[index.own_probe_step].var].index];
      }
      if (g == kNotCandidate) g = probe_group(index, i);
      if (g == kNoKey) return {nullptr, nullptr};
      const FactRef* base = index.members.data();
      return {base + index.group_begin[g], base + index.group_begin[g + 1]};
    }
    if (index.block != nullptr) {
      std::vector<FactRef>& facts = block_scratch_[i];
      facts.clear();
      Value scratch;
      const Value& v = eval_.eval_ref(*index.block->probe, bound_, scratch);
      std::vector<std::uint32_t> positions;
      for (const auto& t : block_tokens(*index.block, v, options_.aliases, BlockSide::probe)) {
        auto it = index.postings.find(t);
        if (it != index.postings.end()) {
          positions.insert(positions.end(), it->second.begin(), it->second.end());
        }
      }
      std::sort(positions.begin(), positions.end());
      positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
      for (std::uint32_t p : positions) facts.push_back(index.candidates[p]);
      return {facts.data(), facts.data() + facts.size()};
    }
    return {index.candidates.data(), index.candidates.data() + index.candidates.size()};
  }

  std::uint32_t probe_group(const StepIndex& index, std::size_t i) {
    KeyReader& reader = probe_keys_[i];
    if (!reader.read(store_, eval_, bound_)) return kNoKey;
    return index.keys.find(reader.parts(), reader.hash());
  }

  void bind(std::size_t i) {
    if (i == plan_.steps.size()) {
      check_require();
      return;
    }
    const PlanStep& step = plan_.steps[i];
    auto [begin, end] = facts_for(i);
    if (begin == end) return;
    if (symmetric_ && i == 1) {
      // Each unordered pair once: the second fact does not come before the first.
      begin = std::lower_bound(begin, end, bound_[plan_.steps[0].var]);
    }
    if (!uses_[i].empty()) {
      bind_columns(i, begin, end);
      return;
    }
    for (const FactRef* f = begin; f != end; ++f) {
      if (++out_->tried > options_.max_bindings) {
        out_->over_budget = true;
        return;
      }
      bound_[step.var] = *f;
      if (passes(checks_[i])) bind(i + 1);
      if (stopped()) return;
    }
  }

  // bind() for a keyed step with column uses: the other side of each use is read once for
  // the step's facts, which are members of the step's index (so their columns are there).
  void bind_columns(std::size_t i, const FactRef* begin, const FactRef* end) {
    const PlanStep& step = plan_.steps[i];
    const StepIndex& index = steps_[i];
    const ColumnUse* uses = uses_[i].data();
    const std::size_t n_uses = uses_[i].size();
    std::vector<Cell>& fixed_cells = fixed_[i];
    fixed_cells.clear();
    for (std::size_t u = 0; u < n_uses; ++u) {
      fixed_cells.push_back(Cell::of(uses[u].other_side().read(store_, bound_)));
    }
    const Cell* fixed = fixed_cells.data();
    const bool require_here = uses[n_uses - 1].check == kRequireUse;
    const std::size_t checks = require_here ? n_uses - 1 : n_uses;
    const Cell* const* columns = column_data_[i].data();
    const FactRef* base = index.members.data();
    const bool has_rest = !rest_checks_[i].empty();
    // The hot loop keeps its counter in a local, stored back before anything that reads it.
    std::size_t tried = out_->tried;
    for (const FactRef* f = begin; f != end; ++f) {
      if (++tried > tried_limit_) {
        out_->tried = tried;
        out_->over_budget = true;
        return;
      }
      const std::size_t p = static_cast<std::size_t>(f - base);
      bool pass = true;
      for (std::size_t u = 0; u < checks && pass; ++u) {
        pass = uses[u].test(columns[u][p], fixed[u]) == Truth::yes;
      }
      if (!pass) continue;
      bound_[step.var] = *f;
      if (has_rest && !passes(rest_checks_[i])) continue;
      out_->tried = tried;
      if (require_here) {
        ++out_->bindings;
        if (uses[checks].test(columns[checks][p], fixed[checks]) == Truth::no) report_binding();
      } else {
        bind(i + 1);
      }
      tried = out_->tried;
      if (stopped()) return;
    }
    out_->tried = tried;
  }

  // A complete binding: checked now, or kept in its group when the rule has `group by`.
  void check_require() {
    if (!plan_.rule->group_by.empty()) {
      std::vector<Value> key;
      for (const auto& k : plan_.rule->group_by) key.push_back(eval_.eval(*k, bound_));
      auto [it, inserted] = group_index_.try_emplace(std::move(key), groups_.size());
      if (inserted) groups_.emplace_back();
      groups_[it->second].push_back(bound_);
      return;
    }
    ++out_->bindings;
    if (require_fails()) report_binding();
  }

  // The current binding is a finding.
  void report_binding() {
    const std::size_t vars = plan_.rule->bindings.size();
    std::vector<Evidence> evidence;
    evidence.reserve(vars);
    for (std::size_t v = 0; v < vars; ++v) {
      evidence.push_back({plan_.rule->bindings[v].name, bound_[v]});
    }
    // A symmetric self-join binds each set of facts once: nothing to remember.
    report(std::move(evidence), bound_, symmetric_);
  }

  void report(std::vector<Evidence> evidence, Binding& bound, bool unique) {
    if (!unique && !seen_.insert(identity_of(evidence))) return;  // bound in another order
    if (out_->findings.size() == options_.max_findings_per_rule) {
      out_->capped = true;
      return;
    }
    Finding finding;
    finding.rule_id = plan_.rule->id;
    finding.severity = plan_.severity;
    finding.message = plan_.rule->report           ? eval_.render(*plan_.rule->report, bound)
                      : !plan_.rule->title.empty() ? plan_.rule->title
                                                   : plan_.rule->id;
    finding.evidence = std::move(evidence);
    finding.fingerprint = finding_fingerprint(finding.rule_id, finding.evidence, store_);
    out_->findings.push_back(std::move(finding));
  }

  const RulePlan& plan_;
  const FactStore& store_;
  const std::vector<StepIndex>& steps_;
  ExprEvaluator eval_;
  const EvalOptions& options_;
  const bool symmetric_;
  ChunkResult* out_ = nullptr;
  Binding bound_;
  IdentitySet seen_;
  std::vector<std::vector<Condition>> checks_;         // by step
  std::vector<std::vector<Condition>> rest_checks_;    // by step: checks_ less column uses
  std::vector<std::vector<ColumnUse>> uses_;           // by step
  std::vector<std::vector<Cell>> fixed_;               // by step: other sides of its uses
  std::vector<std::vector<const Cell*>> column_data_;  // by step: its index's columns
  std::size_t tried_limit_ = 0;                        // options_.max_bindings as a count
  std::vector<KeyReader> probe_keys_;                  // by step
  Condition require_;
  std::vector<std::vector<FactRef>> block_scratch_;  // by step: facts found by blocking
  std::vector<std::vector<Binding>> groups_;         // in order of first appearance
  std::unordered_map<std::vector<Value>, std::size_t, KeyHash> group_index_;
};

class RuleRun {
 public:
  RuleRun(const RulePlan& plan, const FactStore& store,
          const std::vector<std::vector<FactRef>>& by_kind, const EvalOptions& options,
          EvalResult& result)
      : plan_(plan), store_(store), by_kind_(by_kind), options_(options), result_(result) {
    stats_.rule_id = plan.rule->id;
  }

  void run() {
    steps_ = StepIndexer(plan_, store_, by_kind_, options_).build();
    stats_.estimated_bindings = estimate(plan_, steps_);
    if (stats_.estimated_bindings > options_.max_bindings) {
      stats_.over_budget = true;
      result_.stats.push_back(stats_);
      return;
    }
    symmetric_ = is_symmetric_self_join(plan_);
    const std::size_t threads = thread_count(options_);
    const bool grouped = !plan_.rule->group_by.empty();
    const bool parallel = threads > 1 && !grouped && !steps_.empty() &&
                          stats_.estimated_bindings >= options_.min_parallel_bindings &&
                          steps_.front().candidates.size() >= 2;
    if (!parallel || !run_parallel(threads)) run_sequential();
    result_.stats.push_back(stats_);
  }

 private:
  void run_sequential() {
    Worker worker(plan_, store_, steps_, by_kind_, options_, symmetric_);
    ChunkResult out;
    worker.run(0, steps_.empty() ? 1 : steps_.front().candidates.size(), out);
    if (!plan_.rule->group_by.empty() && !out.capped && !out.over_budget) {
      worker.check_groups(out);
    }
    finish(out.findings, out.tried, out.bindings, out.capped || out.over_budget, out.over_budget);
  }

  // False when the result must come from one thread (a chunk stopped early, or the chunks
  // together exceed the cap or the budget).
  bool run_parallel(std::size_t threads) {
    const std::size_t n = steps_.front().candidates.size();
    // Several chunks per thread, handed out in turn, so an expensive chunk does not leave a
    // thread idle.
    const std::size_t chunks = std::min(n, threads * 8);
    std::vector<ChunkResult> results(chunks);
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      Worker worker(plan_, store_, steps_, by_kind_, options_, symmetric_);
      for (std::size_t c; (c = next.fetch_add(1)) < chunks;) {
        worker.run(n * c / chunks, n * (c + 1) / chunks, results[c]);
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();

    std::size_t tried = 0, bindings = 0;
    for (const auto& r : results) {
      if (r.capped || r.over_budget) return false;
      tried += r.tried;
      bindings += r.bindings;
    }
    if (tried > options_.max_bindings) return false;
    // One thread merges: reserving once spares moving every finding on each growth.
    std::size_t total = 0;
    for (const auto& r : results) total += r.findings.size();
    std::vector<Finding> findings;
    findings.reserve(std::min(total, options_.max_findings_per_rule));
    IdentitySet seen;
    for (auto& r : results) {
      for (auto& f : r.findings) {
        if (!symmetric_ && !seen.insert(identity_of(f.evidence))) continue;
        if (findings.size() == options_.max_findings_per_rule) return false;
        findings.push_back(std::move(f));
      }
    }
    finish(findings, tried, bindings, false, false);
    return true;
  }

  void finish(std::vector<Finding>& findings, std::size_t tried, std::size_t bindings, bool capped,
              bool over_budget) {
    stats_.tried = tried;
    stats_.bindings = bindings;
    stats_.findings = findings.size();
    stats_.capped = capped;
    stats_.over_budget = over_budget;
    if (result_.findings.empty()) {
      result_.findings = std::move(findings);
      return;
    }
    result_.findings.reserve(result_.findings.size() + findings.size());
    std::move(findings.begin(), findings.end(), std::back_inserter(result_.findings));
  }

  const RulePlan& plan_;
  const FactStore& store_;
  const std::vector<std::vector<FactRef>>& by_kind_;
  const EvalOptions& options_;
  EvalResult& result_;
  RuleStats stats_;
  std::vector<StepIndex> steps_;
  bool symmetric_ = false;
};

}  // namespace

EvalResult evaluate(const std::vector<RulePlan>& plans, const FactStore& store,
                    const EvalOptions& options) {
  // The store keeps its facts by kind; kinds added after its last fact (by the rules) have
  // none, and only then is the list copied to add them.
  const std::size_t kinds = store.schema().kinds().size();
  std::vector<std::vector<FactRef>> padded;
  if (store.facts_by_kind().size() < kinds) {
    padded = store.facts_by_kind();
    padded.resize(kinds);
  }
  const auto& by_kind = padded.empty() ? store.facts_by_kind() : padded;
  EvalResult result;
  for (const auto& plan : plans) RuleRun(plan, store, by_kind, options, result).run();
  return result;
}

}  // namespace verity
