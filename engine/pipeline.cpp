// The check pipeline. Rules are compiled after imported facts are read (they may declare new
// kinds) but before extraction, so a broken rule file fails fast; the rows of the rules'
// reference tables are added as facts right after.
#include "engine/pipeline.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "engine/baseline.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/extract.hpp"
#include "engine/fact_json.hpp"
#include "engine/log_store.hpp"
#include "engine/require_explain.hpp"
#include "engine/sha256.hpp"
#include "engine/summary_gate.hpp"
#include "engine/suppressions.hpp"
#include "engine/table_facts.hpp"

#ifndef VERITY_VERSION
#define VERITY_VERSION "dev"
#endif

namespace verity {
namespace {

// `adjust`, when given, sets a document's role and story before it is added (the CI gate).
std::vector<std::uint32_t> load_documents(const std::vector<std::string>& args, FactStore& store,
                                          std::vector<InputProblem>& problems,
                                          const std::function<void(Document&)>& adjust = nullptr) {
  std::vector<std::uint32_t> loaded;
  for (const auto& path : expand_document_paths(args, problems)) {
    // One file may hold many documents (a .jsonl archive), each added as it is read. A second
    // document under a known id would merge into the first and be extracted twice: skip it.
    read_documents(path, problems, [&](Document&& doc) {
      if (adjust) adjust(doc);
      if (store.find_document(doc.id)) {
        problems.push_back({doc.path, 0,
                            "a document with id '" + doc.id +
                                "' was already read; this one is skipped (give each document "
                                "its own id, and each file once)",
                            false});
        return;
      }
      loaded.push_back(store.add_document(std::move(doc)));
    });
  }
  return loaded;
}

void extract_into(const std::vector<std::uint32_t>& documents, FactStore& store,
                  std::vector<InputProblem>& problems) {
  for (std::uint32_t d : documents) {
    bool capped = false;
    const std::vector<NewFact> facts = extract_facts(store.documents()[d], capped);
    for (const NewFact& f : facts) store.add_fact(d, f, kExtractorOrigin);
    if (capped) {
      const Document& doc = store.documents()[d];
      std::uint64_t stopped_at = 0;
      for (const NewFact& f : facts) stopped_at = std::max<std::uint64_t>(stopped_at, f.span.end);
      problems.push_back(fact_limit_reached(doc.path, doc.id, facts.size(), stopped_at));
    }
  }
}

// The documents to check: as given, or for the CI gate the summaries then their sources, with
// the roles and story engine/summary_gate assigns.
std::vector<std::uint32_t> gate_documents(const CheckOptions& options, FactStore& store,
                                          std::vector<InputProblem>& problems) {
  if (options.summary_documents.empty()) return load_documents(options.documents, store, problems);
  auto loaded = load_documents(options.summary_documents, store, problems, mark_summary);
  std::vector<const Document*> summaries;
  for (std::uint32_t d : loaded) summaries.push_back(&store.documents()[d]);
  const auto story = gate_story(summaries);
  const auto sources = load_documents(options.documents, store, problems,
                                      [&](Document& doc) { mark_source(doc, story); });
  loaded.insert(loaded.end(), sources.begin(), sources.end());
  return loaded;
}

// Suppressions (inline comments, ignore files), then the baseline: a suppression warning is a
// finding like any other, so a baseline may record it too.
void apply_suppressions_and_baseline(const CheckOptions& options, CheckOutcome& out) {
  std::vector<IgnoreEntry> entries;
  for (const auto& file : options.ignore_files) {
    auto read = read_ignore_file(file, out.problems);
    entries.insert(entries.end(), read.begin(), read.end());
  }
  auto& findings = out.result.findings;
  SuppressionOutcome s = apply_suppressions(findings, *out.store, entries,
                                            options.today.empty() ? today_utc() : options.today);
  out.suppressed = s.suppressed;
  for (Finding& w : s.warnings) {
    findings.push_back(std::move(w));
    out.explanations.emplace_back();  // nothing to explain: one per finding all the same
  }
  std::set<std::string> baseline;
  if (!options.baseline_path.empty()) baseline = read_baseline(options.baseline_path, out.problems);
  if (!options.write_baseline_path.empty() &&
      write_baseline(options.write_baseline_path, findings, *out.store, out.problems)) {
    // What was just recorded is the baseline from now on, this run included.
    for (const Finding& f : findings) {
      if (!f.suppressed) baseline.insert(f.fingerprint);
    }
  }
  out.baselined = apply_baseline(findings, baseline);
}

}  // namespace

std::vector<RuleInfo> rule_infos(const dsl::RuleSet& rules) {
  std::vector<RuleInfo> out;
  for (const auto& plan : rules.plans) {
    const dsl::Rule& r = *plan.rule;
    out.push_back({r.id, r.title, plan.severity, plan.source->name(),
                   plan.source->line_col(r.span.begin).line,
                   plan.source->text().substr(r.span.begin, r.span.end - r.span.begin), r.help,
                   r.tags});
  }
  return out;
}

std::vector<std::vector<std::string>> collect_aliases(const dsl::RuleSet& rules) {
  std::vector<std::vector<std::string>> out;
  for (const auto& file : rules.files) {
    for (const auto& alias : file->aliases) out.push_back(alias.names);
  }
  return out;
}

// `alias "A" = "B"` makes B's person facts carry A's key, so rules grouping by `p.key` see
// one person.
void apply_aliases(const AliasKeys& aliases, FactStore& store) {
  if (aliases.empty()) return;
  const auto kind = store.schema().kind_index("person");
  if (!kind) return;
  const auto key_field = store.schema().kind(*kind).field_index("key");
  if (!key_field) return;
  for (std::uint32_t i = 0; i < store.facts().size(); ++i) {
    const Fact& f = store.facts()[i];
    if (f.kind != *kind || *key_field >= f.fields.size()) continue;
    const auto* key = std::get_if<std::string>(&f.fields[*key_field]);
    if (key == nullptr) continue;
    if (auto it = aliases.find(*key); it != aliases.end() && it->second != *key) {
      store.set_field(FactRef{i}, *key_field, it->second);
    }
  }
}

bool CheckOutcome::input_failed() const {
  return !store_error.empty() || std::any_of(problems.begin(), problems.end(),
                                             [](const InputProblem& p) { return p.fatal; });
}

std::string ruleset_hash(const dsl::RuleSet& rules) {
  std::string all;
  for (const auto& src : rules.sources) all += src->name() + '\0' + src->text() + '\0';
  // Reference tables are part of what the rules check against: an edited table is a new set.
  for (const auto& src : rules.table_sources) all += src->name() + '\0' + src->text() + '\0';
  return sha256_hex(all);
}

void load_and_extract(const std::vector<std::string>& documents, FactStore& store,
                      std::vector<InputProblem>& problems) {
  extract_into(load_documents(documents, store, problems), store, problems);
}

CheckOutcome run_check(const CheckOptions& options) {
  CheckOutcome out;
  out.store = std::make_unique<FactStore>(builtin_schema());
  FactStore& store = *out.store;
  const auto documents = gate_documents(options, store, out.problems);
  for (const auto& file : options.fact_files) import_facts_jsonl(file, store, out.problems);

  // Reference tables add their kinds to the store's schema as the rules are compiled, and their
  // rows become facts once the rules compile.
  out.rules =
      dsl::compile_rule_files(options.rule_paths, store.schema_for_update(), options.compile);
  if (out.rules_failed()) return out;
  add_table_facts(*out.rules, store);

  extract_into(documents, store, out.problems);
  EvalOptions eval = options.eval;
  eval.aliases = alias_keys(collect_aliases(*out.rules));
  apply_aliases(eval.aliases, store);
  out.result = evaluate(out.rules->plans, store, eval);
  // Why each requirement failed, worked out while the facts are in memory: text output shows
  // it, and the log keeps it for `verity explain`.
  out.explanations = explain_findings(out.rules->plans, out.result.findings, store, &eval.aliases);
  apply_suppressions_and_baseline(options, out);

  if (options.db_path.empty()) return out;
  try {
    LogStore log(options.db_path);
    out.run_id = log.begin_run({VERITY_VERSION, options.arguments, ruleset_hash(*out.rules)});
    log.write_rules(out.run_id, rule_infos(*out.rules));
    log.write_facts(out.run_id, store);
    log.write_findings(out.run_id, out.result.findings, &out.explanations);
    log.finish_run(out.run_id, out.input_failed() ? "complete-with-input-errors" : "complete");
  } catch (const StoreError& e) {
    out.store_error = e.what();
  }
  return out;
}

}  // namespace verity
