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
  // Join keys: each component interned, folded into one group id; members by group, each
  // group in fact order.
  std::vector<ValueInterner> components;
  std::vector<PairInterner> folds;  // one per component after the first
  std::vector<std::uint32_t> group_begin;
  std::vector<FactRef> members;
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

  // The key group of the fact bound to the step's variable: its key components interned and
  // folded into one id; kNoKey when a component is unset (an unset key equals nothing, as in
  // SQL). Neighbouring facts often have one value (`a.doc.story` of the facts of one story):
  // `memo` remembers the last stored value of each component and its id.
  struct KeyMemo {
    std::vector<const Value*> value;
    std::vector<std::uint32_t> id;
  };
  // Key expressions that are field paths are read in place (`paths`, by key).
  using KeyPaths = std::vector<std::optional<FieldPath>>;
  static KeyPaths build_paths(const PlanStep& step) {
    KeyPaths paths;
    for (const auto& k : step.keys) paths.push_back(FieldPath::compile(*k.build));
    return paths;
  }

  static std::uint32_t key_group(const PlanStep& step, const KeyPaths& paths,
                                 const FactStore& store, const ExprEvaluator& eval, Binding& bound,
                                 std::vector<ValueInterner>& components,
                                 std::vector<PairInterner>& folds, KeyMemo& memo) {
    const std::size_t n = step.keys.size();
    if (memo.value.empty()) {
      memo.value.assign(n, nullptr);
      memo.id.assign(n, kNoKey);
    }
    Value scratch;
    std::uint32_t g = kNoKey;
    for (std::size_t k = 0; k < n; ++k) {
      const Value& v = paths[k] ? paths[k]->read(store, bound)
                                : eval.eval_ref(*step.keys[k].build, bound, scratch);
      const bool stable = &v != &scratch;
      // The same stored value (`a.doc.story` of the facts of one document) is found by its
      // address; an equal one in another fact by comparing.
      const std::uint32_t id =
          stable && memo.value[k] != nullptr && (memo.value[k] == &v || *memo.value[k] == v)
              ? memo.id[k]
              : components[k].intern(v, stable);
      memo.value[k] = stable ? &v : nullptr;
      memo.id[k] = id;
      if (id == kNoKey) return kNoKey;
      g = k == 0 ? id : folds[k - 1].intern(g, id);
    }
    return g;
  }

  void build_keys(std::size_t i, StepIndex& index) {
    const PlanStep& step = plan_.steps[i];
    const std::size_t n = step.keys.size();
    const std::size_t m = index.candidates.size();
    index.components.resize(n);
    index.folds.resize(n - 1);
    std::vector<std::uint32_t> group_of(m, kNoKey);
    const KeyPaths paths = build_paths(step);
    const std::size_t threads = thread_count(options_);
    if (threads < 2 || static_cast<double>(m) < options_.min_parallel_bindings || m < threads) {
      KeyMemo memo;
      for (std::size_t c = 0; c < m; ++c) {
        bound_[step.var] = index.candidates[c];
        group_of[c] =
            key_group(step, paths, store_, eval_, bound_, index.components, index.folds, memo);
      }
    } else {
      // Each thread groups a slice of the candidates with interners of its own; then each
      // slice's groups are interned once more, by one fact each, into the step's interners.
      // Group ids are labels: the output follows the facts' order, never the ids'.
      struct Slice {
        std::vector<ValueInterner> components;
        std::vector<PairInterner> folds;
      };
      std::vector<Slice> slices(threads);
      auto work = [&](std::size_t t) {
        ExprEvaluator eval(store_, &plan_, &by_kind_, &options_.aliases);
        Binding bound(bound_.size());
        Slice& slice = slices[t];
        slice.components.resize(n);
        slice.folds.resize(n - 1);
        KeyMemo memo;
        for (std::size_t c = m * t / threads; c < m * (t + 1) / threads; ++c) {
          bound[step.var] = index.candidates[c];
          group_of[c] =
              key_group(step, paths, store_, eval, bound, slice.components, slice.folds, memo);
        }
      };
      std::vector<std::thread> pool;
      for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
      work(0);
      for (auto& t : pool) t.join();
      // Merge each slice's ids into the step's: its distinct values, then its pairs.
      for (std::size_t t = 0; t < threads; ++t) {
        const Slice& slice = slices[t];
        std::vector<std::vector<std::uint32_t>> to_global(n);
        for (std::size_t k = 0; k < n; ++k) {
          to_global[k].resize(slice.components[k].size());
          for (std::uint32_t id = 0; id < to_global[k].size(); ++id) {
            to_global[k][id] = index.components[k].intern_from(slice.components[k], id);
          }
        }
        std::vector<std::uint32_t> group = to_global[0];
        for (std::size_t k = 1; k < n; ++k) {
          std::vector<std::uint32_t> next(slice.folds[k - 1].size());
          for (std::uint32_t id = 0; id < next.size(); ++id) {
            const auto [prefix, last] = slice.folds[k - 1].pair(id);
            next[id] = index.folds[k - 1].intern(group[prefix], to_global[k][last]);
          }
          group = std::move(next);
        }
        for (std::size_t c = m * t / threads; c < m * (t + 1) / threads; ++c) {
          if (group_of[c] != kNoKey) group_of[c] = group[group_of[c]];
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
    for (std::size_t c = 0; c < group_of.size(); ++c) {
      if (group_of[c] != kNoKey) index.members[fill[group_of[c]]++] = index.candidates[c];
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
    for (const auto& step : plan.steps) {
      checks_.push_back(conditions_of(step.checks));
      auto& paths = probe_paths_.emplace_back();
      for (const auto& k : step.keys) paths.push_back(FieldPath::compile(*k.probe));
    }
    if (plan.rule->require) require_ = conditions_of({plan.rule->require.get()}).front();
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
      if (g == kNotCandidate) g = probe_group(step, index, i);
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

  std::uint32_t probe_group(const PlanStep& step, const StepIndex& index, std::size_t i) {
    Value scratch;
    std::uint32_t g = kNoKey;
    for (std::size_t k = 0; k < step.keys.size(); ++k) {
      const auto& path = probe_paths_[i][k];
      const std::uint32_t id = index.components[k].find(
          path ? path->read(store_, bound_) : eval_.eval_ref(*step.keys[k].probe, bound_, scratch));
      if (id == kNoKey) return kNoKey;
      g = k == 0 ? id : index.folds[k - 1].find(g, id);
      if (g == kNoKey) return kNoKey;
    }
    return g;
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
    if (!require_fails()) return;
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
  std::vector<std::vector<Condition>> checks_;                      // by step
  std::vector<std::vector<std::optional<FieldPath>>> probe_paths_;  // by step, by key
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
