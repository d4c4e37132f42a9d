// Compiling with fact counts. The order follows run_check (engine/pipeline.cpp) where it
// matters: facts are read before the rules are compiled, because imported facts may bring
// kinds the rules read, and the tables' rows are added after.
#include "engine/plan_counts.hpp"

#include "dsl/plan_cost.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/fact_json.hpp"
#include "engine/pipeline.hpp"
#include "engine/table_facts.hpp"

namespace verity {

dsl::Cardinalities count_facts(const FactStore& store) {
  dsl::Cardinalities out;
  out.facts_per_kind.assign(store.schema().kinds().size(), 0.0);
  for (const Fact& f : store.facts()) {
    if (f.kind < out.facts_per_kind.size()) *out.facts_per_kind[f.kind] += 1;
  }
  return out;
}

CompileOutcome compile_with_counts(const CompileInput& input) {
  CompileOutcome out;
  out.store = std::make_unique<FactStore>(builtin_schema());
  FactStore& store = *out.store;
  const bool counted = !input.documents.empty() || !input.fact_files.empty();
  load_and_extract(input.documents, store, out.problems);
  for (const auto& file : input.fact_files) import_facts_jsonl(file, store, out.problems);
  out.rules = dsl::compile_rule_files(input.rule_paths, store.schema_for_update(), input.compile);
  if (!out.rules->ok()) return out;
  if (!counted) {
    out.counts = dsl::table_cardinalities(*out.rules, store.schema());
    return out;
  }
  add_table_facts(*out.rules, store);
  out.counts = count_facts(store);
  return out;
}

}  // namespace verity
