// The evaluation engine's machinery, checked against its plain definitions: threads give the
// findings of one thread; the pair-once enumeration of symmetric self-joins gives the findings
// of the full enumeration; blocking tokens never separate a same_person()/similar() match, and
// a rule with blocking keys gives the findings of the same rule without them; key interning
// and fingerprints.
#include <catch2/catch.hpp>

#include <random>

#include "dsl/compiler.hpp"
#include "dsl/functions.hpp"
#include "engine/blocking.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/evaluator.hpp"
#include "engine/fingerprint.hpp"
#include "engine/key_interner.hpp"
#include "engine/rule_symmetry.hpp"

using namespace verity;

namespace {

const std::vector<std::string> kSubjects = {"tanks", "aid", "budget", "troops", "refugees"};
const std::vector<std::string> kUnits = {"tank", "USD", "person"};
const std::vector<std::string> kNames = {
    "Jens Stoltenberg", "Stoltenberg, Jens", "J. Stoltenberg",       "Erna Solberg",
    "E. Solberg",       "Kim Jong-un",       "Kim Jong Un",          "Kim Yo-jong",
    "Kim Dong-myung",   "Kim Tong Myong",    "Moon Jae-in",          "Mun Jae In",
    "Jonas Gahr Støre", "Gahr Støre",        "J. G. Støre",          "Li Wei",
    "Lee Wei",          "Xi Jinping",        "Ursula von der Leyen", "Nobody"};

// A store of several stories with figures and quotes, from a fixed seed.
FactStore make_store(int docs, std::uint32_t seed) {
  FactStore store(builtin_schema());
  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  for (int d = 0; d < docs; ++d) {
    Document doc;
    doc.id = "doc" + std::to_string(d) + ".md";
    doc.path = doc.id;
    doc.text = SourceText(doc.id, "text\n");
    doc.meta["story"] = "story" + std::to_string(d / 4);
    const auto index = store.add_document(std::move(doc));
    for (int i = 0; i < 12; ++i) {
      NewFact f;
      f.kind = "figure";
      f.span = {0, 4};
      const double value = 100 + static_cast<double>(rng() % 8);
      f.fields = {{"value", value},
                  {"unit", pick(kUnits)},
                  {"subject", pick(kSubjects)},
                  {"text", std::to_string(value)}};
      store.add_fact(index, f, "test");
    }
    for (int i = 0; i < 3; ++i) {
      NewFact q;
      q.kind = "quote";
      q.span = {0, 4};
      q.fields = {{"text", pick(kSubjects) + " " + pick(kSubjects) + " today"},
                  {"speaker", rng() % 7 == 0 ? Value{} : Value{pick(kNames)}}};
      store.add_fact(index, q, "test");
    }
  }
  return store;
}

const char* kAgrees = R"(
rule figure.agrees "A figure must match across sources" {
  for a: figure, b: figure
  where a.doc != b.doc and a.doc.story == b.doc.story and a.subject == b.subject
    and a.unit == b.unit
  require a.value ~= b.value within 2%
  report "{a.subject}: {a.text} in {a.doc} but {b.text} in {b.doc}"
}
)";

// The rule above with a condition that changes nothing (every value is set) but is not
// symmetric, so the evaluator enumerates both orders of each pair.
const char* kAgreesAsymmetric = R"(
rule figure.agrees "A figure must match across sources" {
  for a: figure, b: figure
  where a.doc != b.doc and a.doc.story == b.doc.story and a.subject == b.subject
    and a.unit == b.unit and a.value == a.value
  require a.value ~= b.value within 2%
  report "{a.subject}: {a.text} in {a.doc} but {b.text} in {b.doc}"
}
)";

struct Compiled {
  std::unique_ptr<dsl::RuleSet> set;
  std::vector<dsl::RulePlan> plans() const { return set->plans; }
};

Compiled compile(const std::string& rules, const FactStore& store) {
  Compiled c{dsl::compile_rule_text("test.rules", rules, store.schema())};
  INFO(render(c.set->diagnostics));
  REQUIRE(c.set->ok());
  return c;
}

EvalOptions with_threads(std::size_t threads) {
  EvalOptions options;
  options.threads = threads;
  options.min_parallel_bindings = 0;  // small test data must still go parallel
  options.max_findings_per_rule = 1000000;
  return options;
}

// Everything a finding says, in order.
std::vector<std::string> describe(const EvalResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    std::string line = f.rule_id + "|" + f.message + "|" + f.fingerprint;
    for (const auto& e : f.evidence) line += "|" + e.variable + "=" + std::to_string(e.fact.index);
    out.push_back(line);
  }
  for (const auto& s : r.stats) {
    out.push_back(s.rule_id + " bindings=" + std::to_string(s.bindings) +
                  " tried=" + std::to_string(s.tried) + " findings=" + std::to_string(s.findings) +
                  " capped=" + std::to_string(s.capped));
  }
  return out;
}

}  // namespace

TEST_CASE("one, two and five threads give the same findings, order and statistics",
          "[evaluator][threads]") {
  const FactStore store = make_store(64, 7);
  std::string asymmetric = kAgreesAsymmetric;
  asymmetric.replace(asymmetric.find("figure.agrees"), 13, "figure.both");  // ids are unique
  const std::string rules = std::string(kAgrees) + asymmetric + R"(
rule quote.pairs {
  for a: quote, b: quote
  where a.doc.story == b.doc.story and a.doc != b.doc
  require a.speaker is set
  report "{a.text} / {b.text}"
}
rule three {
  for a: figure, b: figure, c: quote
  where a.doc == b.doc and c.doc == a.doc and a.subject == b.subject and a.value < b.value
  require c.speaker is set
}
rule lowered {
  for a: figure, b: figure
  where lower(a.subject) == lower(b.subject) and a.doc != b.doc and a.doc.story == b.doc.story
  require a.value ~= b.value within 2%
}
rule grouped {
  for f: figure
  group by f.doc.story, f.subject
  require all_equal(f.unit)
  report "{values(f.unit)}"
}
)";
  const Compiled c = compile(rules, store);
  const auto one = evaluate(c.plans(), store, with_threads(1));
  REQUIRE(one.findings.size() > 100);
  for (std::size_t threads : {2u, 5u}) {
    INFO(threads << " threads");
    CHECK(describe(evaluate(c.plans(), store, with_threads(threads))) == describe(one));
  }

  // With a cap the threads stop early and the rule is enumerated again on one thread.
  for (std::size_t cap : {1u, 7u, 40u}) {
    EvalOptions capped1 = with_threads(1), capped2 = with_threads(2);
    capped1.max_findings_per_rule = capped2.max_findings_per_rule = cap;
    const auto a = evaluate(c.plans(), store, capped1);
    CHECK(a.stats[0].capped);
    CHECK(describe(evaluate(c.plans(), store, capped2)) == describe(a));
  }
  // And with a budget reached while running (the estimate is below it).
  EvalOptions budget1 = with_threads(1), budget2 = with_threads(2);
  budget1.max_bindings = budget2.max_bindings = one.stats[2].estimated_bindings + 1;
  const auto b1 = evaluate(c.plans(), store, budget1);
  CHECK(describe(evaluate(c.plans(), store, budget2)) == describe(b1));
}

TEST_CASE("a symmetric self-join visits each pair once and finds what both orders find",
          "[evaluator][threads]") {
  const FactStore store = make_store(40, 11);
  const Compiled symmetric = compile(kAgrees, store);
  const Compiled asymmetric = compile(kAgreesAsymmetric, store);
  CHECK(is_symmetric_self_join(symmetric.set->plans[0]));
  CHECK(!is_symmetric_self_join(asymmetric.set->plans[0]));
  const auto once = evaluate(symmetric.plans(), store, with_threads(1));
  const auto both = evaluate(asymmetric.plans(), store, with_threads(1));
  REQUIRE(once.findings.size() > 50);
  REQUIRE(once.findings.size() == both.findings.size());
  for (std::size_t i = 0; i < once.findings.size(); ++i) {
    CHECK(once.findings[i].message == both.findings[i].message);
    CHECK(once.findings[i].fingerprint == both.findings[i].fingerprint);
    CHECK(once.findings[i].evidence[0].fact == both.findings[i].evidence[0].fact);
    CHECK(once.findings[i].evidence[1].fact == both.findings[i].evidence[1].fact);
  }
  // Half the work: each unordered pair once instead of both orders.
  CHECK(once.stats[0].bindings * 2 == both.stats[0].bindings);

  const Schema schema = builtin_schema();
  auto mirrored = dsl::compile_rule_text("m.rules", R"(rule m {
    for a: figure, b: figure
    where a.subject == b.subject and a.value < b.value
    require a.unit == b.unit
  })",
                                         schema);
  REQUIRE(mirrored->ok());
  CHECK(!is_symmetric_self_join(mirrored->plans[0]));  // a < b is not b < a
  auto crossed = dsl::compile_rule_text("x.rules", R"(rule x {
    for a: figure, b: figure
    where a.subject == b.subject and a.value < b.value and b.value > a.value
    require similar(a.text, b.text) < 0.5
  })",
                                        schema);
  REQUIRE(crossed->ok());
  CHECK(!is_symmetric_self_join(crossed->plans[0]));  // swapped: b < a and a > b
  auto sym = dsl::compile_rule_text("s.rules", R"(rule s {
    for a: figure, b: figure
    where a.subject == b.subject and (a.value < b.value or b.value < a.value)
    require similar(a.text, b.text) < 0.5
  })",
                                    schema);
  REQUIRE(sym->ok());
  CHECK(is_symmetric_self_join(sym->plans[0]));
}

TEST_CASE("blocking tokens of names and texts meet whenever same_person or similar holds",
          "[evaluator][blocking]") {
  AliasKeys aliases = alias_keys({{"Jonas Gahr Støre", "Gahr Støre"}, {"Xi Jinping", "Li Wei"}});
  auto meet = [](const std::vector<std::string>& x, const std::vector<std::string>& y) {
    for (const auto& t : x) {
      if (std::find(y.begin(), y.end(), t) != y.end()) return true;
    }
    return false;
  };
  std::vector<std::string> names = kNames;
  for (const char* extra :
       {"J Stoltenberg", "Stoltenberg J.", "J. S.", "Jens S.", "jens-stoltenberg", "Kim J. Un",
        "K. Jong Un", "", "  ", "O'Brien", "A B", "B A"}) {
    names.emplace_back(extra);
  }
  int positives = 0, pruned = 0;
  for (const auto& x : names) {
    for (const auto& y : names) {
      const bool same = same_person_names(x, y, &aliases);
      const bool share = meet(person_block_tokens(x, &aliases, BlockSide::probe),
                              person_block_tokens(y, &aliases, BlockSide::build));
      INFO(x << " / " << y);
      if (same) CHECK(share);
      positives += same;
      pruned += !share;
    }
  }
  CHECK(positives > 40);
  CHECK(pruned > 300);  // the tokens do separate most different people
  CHECK(same_person_names("J. Stoltenberg", "Jens Stoltenberg"));
  CHECK(same_person_names("Gahr Støre", "Jonas Gahr Støre", &aliases));

  const std::vector<std::string> texts = {"The defence budget rose",
                                          "budget of defence",
                                          "the budget",
                                          "",
                                          "!!!",
                                          "Ålesund harbour",
                                          "ålesund",
                                          "X",
                                          "tanks, tanks and tanks",
                                          "main battle tanks",
                                          "42 tanks",
                                          "forty-two"};
  int similar_pairs = 0;
  for (const auto& x : texts) {
    for (const auto& y : texts) {
      const bool share = meet(word_block_tokens(x), word_block_tokens(y));
      INFO(x << " / " << y);
      if (text_similarity(x, y) > 0) CHECK(share);
      similar_pairs += text_similarity(x, y) > 0;
      if (!share) CHECK(text_similarity(x, y) == 0);
    }
  }
  CHECK(similar_pairs > static_cast<int>(texts.size()));
}

namespace {

// Gives each step the blocking key the planner would: the same_person() or similar() >= t
// condition of its checks between an earlier variable and its own (when the planner has not).
void add_blocks(dsl::RulePlan& plan) {
  for (std::size_t i = 1; i < plan.steps.size(); ++i) {
    auto& step = plan.steps[i];
    if (!step.keys.empty() || !step.blocks.empty()) continue;
    for (const dsl::Expr* c : step.checks) {
      const dsl::Expr* call = c;
      auto method = dsl::BlockKey::Method::person_name;
      if (c->kind == dsl::ExprKind::binary && c->binary_op == dsl::BinaryOp::ge) {
        call = c->args[0].get();
        method = dsl::BlockKey::Method::words;
      }
      if (call->kind != dsl::ExprKind::call) continue;
      const auto id = function_table()[static_cast<std::size_t>(call->slot)].id;
      if (id != (method == dsl::BlockKey::Method::words ? FunctionId::similar
                                                        : FunctionId::same_person)) {
        continue;
      }
      const auto own = dsl::variables_of(*call->args[1]);
      const bool second_is_build = own.size() == 1 && own[0] == step.var;
      dsl::BlockKey block;
      block.method = method;
      block.probe = call->args[second_is_build ? 0 : 1].get();
      block.build = call->args[second_is_build ? 1 : 0].get();
      step.blocks.push_back(block);
      break;
    }
  }
}

}  // namespace

TEST_CASE("a rule with blocking keys finds what it finds without them", "[evaluator][blocking]") {
  FactStore store = make_store(60, 3);
  const char* rules = R"(
rule same.speaker {
  for a: quote, b: quote
  where a.doc != b.doc and same_person(a.speaker, b.speaker)
  require a.text == b.text
  report "{a.speaker} / {b.speaker}"
}
rule similar.quotes {
  for a: quote, b: quote
  where a.doc != b.doc and similar(a.text, b.text) >= 0.5
  require a.speaker == b.speaker
}
)";
  const Compiled c = compile(rules, store);
  std::vector<dsl::RulePlan> blocked = c.plans(), plain = c.plans();
  for (auto& p : blocked) add_blocks(p);
  for (auto& p : plain) {
    for (auto& s : p.steps) s.blocks.clear();
  }
  REQUIRE(blocked[0].steps[1].blocks.size() == 1);
  REQUIRE(blocked[1].steps[1].blocks.size() == 1);
  CHECK(blocked[1].steps[1].blocks[0].method == dsl::BlockKey::Method::words);
  EvalOptions options = with_threads(1);
  options.aliases = alias_keys({{"Xi Jinping", "Li Wei"}});
  const auto with_blocks = evaluate(blocked, store, options);
  const auto without = evaluate(plain, store, options);
  REQUIRE(with_blocks.findings.size() > 20);
  REQUIRE(with_blocks.stats.size() == 2);
  CHECK(with_blocks.stats[1].findings > 5);
  std::vector<std::string> a = describe(with_blocks), b = describe(without);
  // The statistics differ (blocking tries fewer facts); the findings do not.
  a.resize(with_blocks.findings.size());
  b.resize(without.findings.size());
  CHECK(a == b);
  CHECK(with_blocks.stats[0].tried < without.stats[0].tried / 2);
  CHECK(with_blocks.stats[0].estimated_bindings < without.stats[0].estimated_bindings);
  // For a self-join the estimate sums, per probe, the facts of each of its tokens: at least
  // the facts tried (a fact sharing several tokens is tried once), and of the same order.
  const double tried = static_cast<double>(with_blocks.stats[0].tried);
  CHECK(with_blocks.stats[0].estimated_bindings >= tried);
  CHECK(with_blocks.stats[0].estimated_bindings < 6 * tried);
  // And the same with threads.
  CHECK(describe(evaluate(blocked, store, with_threads(2))).size() ==
        describe(evaluate(blocked, store, with_threads(1))).size());
}

TEST_CASE("join keys intern by value equality", "[evaluator]") {
  ValueInterner interner;
  const auto zero = interner.intern(Value{0.0}, true);
  CHECK(interner.intern(Value{-0.0}, true) == zero);
  CHECK(interner.intern(Value{std::nan("")}, true) == kNoKey);
  CHECK(interner.intern(Value{}, true) == kNoKey);
  std::string text = "the revised defence budget";
  const auto id = interner.intern(Value{text}, false);  // copied: `text` changes below
  text = "changed";
  CHECK(interner.find(Value{std::string("the revised defence budget")}) == id);
  CHECK(interner.find(Value{std::string("changed")}) == kNoKey);
  CHECK(interner.intern(Value{Date{5}}, true) != interner.intern(Value{5.0}, true));
  for (int i = 0; i < 1000; ++i) interner.intern(Value{std::to_string(i)}, false);
  CHECK(interner.size() == 1004);
  CHECK(interner.find(Value{std::string("999")}) == 1003);
  PairInterner pairs;
  CHECK(pairs.intern(1, 2) == 0);
  CHECK(pairs.intern(2, 1) == 1);
  CHECK(pairs.intern(1, 2) == 0);
  CHECK(pairs.find(3, 3) == kNoKey);
}

TEST_CASE("fingerprints are MurmurHash3 x64-128 of a fixed encoding", "[evaluator]") {
  // The reference implementation's digest of this sentence (seed 0).
  const Digest128 d = murmur3_128("The quick brown fox jumps over the lazy dog");
  CHECK(d.high == 0xe34bbc7bbc071b6cULL);
  CHECK(d.low == 0x7a433ca9c49a9347ULL);
  CHECK(murmur3_128("") == Digest128{0, 0});
}

TEST_CASE("the store keeps each kind's facts in fact order for evaluation", "[evaluator]") {
  FactStore store = make_store(6, 11);
  const auto& by_kind = store.facts_by_kind();
  std::size_t listed = 0;
  for (std::size_t k = 0; k < by_kind.size(); ++k) {
    for (std::size_t i = 0; i < by_kind[k].size(); ++i) {
      CHECK(store.fact(by_kind[k][i]).kind == k);
      if (i > 0) CHECK(by_kind[k][i - 1].index < by_kind[k][i].index);
    }
    listed += by_kind[k].size();
  }
  CHECK(listed == store.facts().size());
  // A kind the rules add after the last fact (as a reference table's would be) has no facts.
  const std::size_t kinds =
      store.schema_for_update().add_kind({"late", "added after the facts", {}});
  REQUIRE(kinds >= by_kind.size());
  const Compiled c = compile(std::string(kAgrees) + R"(
rule late.none "late facts" {
  for x: late
  require x.doc == x.doc
}
)",
                             store);
  const EvalResult r = evaluate(c.plans(), store, with_threads(2));
  REQUIRE(r.stats.size() == 2);
  CHECK(r.stats[0].findings > 0);
  CHECK(r.stats[1].bindings == 0);
}

TEST_CASE("join key tuples intern by value equality, one probe per tuple", "[evaluator]") {
  auto parts = [](std::vector<Value>& values) {
    std::vector<KeyPart> out(values.size());
    std::uint64_t hash = 0;
    for (std::size_t k = 0; k < values.size(); ++k) {
      REQUIRE(KeyPart::of(values[k], out[k]));
      hash = KeyTable::combine(hash, out[k].hash());
    }
    return std::pair{out, hash};
  };
  KeyTable table(2);
  std::vector<Value> a = {Value{std::string("story-1")}, Value{0.0}};
  std::vector<Value> b = {Value{std::string("story-1")}, Value{-0.0}};  // -0 is 0
  std::vector<Value> c = {Value{std::string("story-2")}, Value{0.0}};
  auto [pa, ha] = parts(a);
  auto [pb, hb] = parts(b);
  auto [pc, hc] = parts(c);
  const auto id = table.intern(pa.data(), ha, false);  // copied: `a` changes below
  a[0] = std::string("changed");
  CHECK(table.intern(pb.data(), hb, true) == id);
  CHECK(table.find(pc.data(), hc) == kNoKey);
  CHECK(table.intern(pc.data(), hc, true) == id + 1);
  // A date and a number of the same bits are different keys; NaN and unset are not keys.
  KeyPart p;
  CHECK(!KeyPart::of(Value{std::nan("")}, p));
  CHECK(!KeyPart::of(Value{}, p));
  KeyPart date, number;
  REQUIRE(KeyPart::of(Value{Date{5}}, date));
  REQUIRE(KeyPart::of(Value{5.0}, number));
  CHECK(!date.same(number));
  // Merging a thread's table: its tuples keep their identity, new ones are added.
  KeyTable other(2);
  CHECK(other.intern(pc.data(), hc, true) == 0);
  CHECK(other.intern(pb.data(), hb, false) == 1);
  KeyTable merged(2);
  CHECK(merged.intern_from(other, 1) == 0);
  CHECK(merged.intern_from(other, 0) == 1);
  CHECK(merged.find(pa.data(), ha) == kNoKey);  // `a` now reads "changed"
  CHECK(merged.find(pb.data(), hb) == 0);
  for (int i = 0; i < 1000; ++i) {
    std::vector<Value> v = {Value{std::to_string(i)}, Value{static_cast<double>(i % 7)}};
    auto [pv, hv] = parts(v);
    table.intern(pv.data(), hv, false);
  }
  CHECK(table.size() == 1002);
  CHECK(same_text("the revised defence budget", std::string("the revised defence budget")));
  CHECK(!same_text("the revised defence budgeT", "the revised defence budget"));
  CHECK(!same_text("USD", "USE"));
  CHECK(same_text("", ""));
}

TEST_CASE("conditions tested on columns give what the expression evaluator gives",
          "[evaluator][threads]") {
  // `not (not C)` has C's truth (unknown included) but no fast form, so each pair of rules
  // below compares the column path with the general one, on unset speakers too.
  const FactStore store = make_store(24, 5);
  const std::vector<std::pair<std::string, std::string>> rules = {
      {R"(rule q { for a: quote, b: quote
          where a.doc.story == b.doc.story and a.doc != b.doc require a.speaker == b.speaker })",
       R"(rule q { for a: quote, b: quote
          where a.doc.story == b.doc.story and not (not (a.doc != b.doc))
          require not (not (a.speaker == b.speaker)) })"},
      {R"(rule f { for a: figure, b: figure
          where a.subject == b.subject and b.doc != a.doc and a.unit != b.unit
          require b.value ~= a.value within 3 })",
       R"(rule f { for a: figure, b: figure
          where a.subject == b.subject and not (not (b.doc != a.doc))
            and not (a.unit == b.unit)
          require not (not (b.value ~= a.value within 3)) })"},
      {R"(rule s { for a: figure, b: figure
          where a.doc.story == b.doc.story and a.text != b.text and a.value <= b.value
          require a.value ~= b.value within 4% })",
       R"(rule s { for a: figure, b: figure
          where a.doc.story == b.doc.story and not (a.text == b.text) and a.value <= b.value
          require not (not (a.value ~= b.value within 4%)) })"}};
  for (const auto& [columns, general] : rules) {
    INFO(columns);
    const Compiled fast = compile(columns, store);
    const Compiled slow = compile(general, store);
    // The findings only: `not` is not known to commute, so the general rule may enumerate
    // both orders of a pair (twice the bindings) where the other enumerates one.
    auto findings = [](const EvalResult& r) {
      auto lines = describe(r);
      lines.resize(lines.size() - r.stats.size());
      return lines;
    };
    const auto expected = findings(evaluate(slow.plans(), store, with_threads(1)));
    REQUIRE(expected.size() > 3);
    for (std::size_t threads : {1, 2, 5}) {
      CHECK(findings(evaluate(fast.plans(), store, with_threads(threads))) == expected);
    }
  }
}
