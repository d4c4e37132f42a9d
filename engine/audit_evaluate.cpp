// Phase 2 of an audit: group the run's documents into stories (engine/audit_stories), then for
// each story, in story order: skip it if this run already wrote it (a resumed run); carry its
// findings over if its members (uri and content hash of each), the extractor and the rule set
// are those of its last evaluation and none of its documents was extracted in this run;
// otherwise load its documents' cached facts and evaluate it on a worker thread. Results are
// written by the coordinating thread in batches of stories, one transaction each, every story
// with its findings, evidence and mark together.
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/audit_phases.hpp"
#include "engine/audit_queue.hpp"
#include "engine/audit_stories.hpp"
#include "engine/evaluator.hpp"
#include "engine/extract.hpp"
#include "engine/pipeline.hpp"
#include "engine/sha256.hpp"
#include "engine/table_facts.hpp"

namespace verity {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct StoryTask {
  std::string story, members_hash;
  std::vector<StoryMember> members;
};

std::map<std::string, std::string> parse_meta(const std::string& json) {
  std::map<std::string, std::string> meta;
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return meta;
  for (const auto& [key, value] : j.items()) {
    if (value.is_string()) meta[key] = value.get<std::string>();
  }
  return meta;
}

// Builds the story's facts from the cache and runs the rules over them.
EvaluatedStory evaluate_story(const AuditContext& ctx, StoryTask& task) {
  EvaluatedStory out;
  out.story = task.story;
  out.members_hash = task.members_hash;
  out.store = std::make_unique<FactStore>(ctx.schema);
  FactStore& store = *out.store;
  add_table_facts(ctx.rules, store);
  out.document_rows.assign(store.documents().size(), 0);
  for (StoryMember& m : task.members) {
    Document doc;
    doc.id = m.uri;
    doc.path = m.path;
    doc.sha256 = m.sha256;
    doc.meta = parse_meta(m.metadata_json);
    doc.meta["story"] = task.story;  // rules compare q.doc.story: the audit's grouping
    const std::uint32_t index = store.add_document(std::move(doc));
    out.document_rows.resize(store.documents().size(), 0);
    out.document_rows[index] = m.document_row;
    const auto facts = decode_facts(m.facts_blob);
    if (!facts) {
      throw StoreError(fmt::format(
          "the cached facts of {} are damaged; delete its row (DELETE FROM audit_documents "
          "WHERE uri = '{}') and run the audit again",
          m.uri, m.uri));
    }
    for (const NewFact& f : *facts) store.add_fact(index, f, kExtractorOrigin);
    m.facts_blob.clear();
  }
  apply_aliases(ctx.aliases, store);
  EvalOptions eval;
  eval.aliases = ctx.aliases;
  eval.threads = 1;  // stories run in parallel instead
  EvalResult result = evaluate(ctx.rules.plans, store, eval);
  out.explanations = explain_findings(ctx.rules.plans, result.findings, store, &eval.aliases);
  out.findings = std::move(result.findings);
  return out;
}

}  // namespace

bool run_evaluate_phase(AuditContext& ctx) {
  const AuditOptions& options = ctx.options;
  const auto phase_start = Clock::now();

  std::vector<StoryInput> inputs;
  inputs.reserve(ctx.documents.size());
  for (const AuditDocument& d : ctx.documents) {
    inputs.push_back({d.uri, d.story_given, d.signature});
  }
  StoryRule rule;
  rule.window_days = options.story_window_days;
  const std::vector<std::string> story_of = assign_stories(inputs, rule);
  inputs.clear();
  std::map<std::string, std::vector<std::size_t>> stories;
  for (std::size_t i = 0; i < story_of.size(); ++i) stories[story_of[i]].push_back(i);
  ctx.stats.stories = stories.size();
  ctx.counts.phase = "evaluate";
  ctx.counts.stories_total = stories.size();
  ctx.counts.stories_done = 0;

  BoundedQueue<StoryTask> work(ctx.jobs * 2);
  BoundedQueue<EvaluatedStory> done(SIZE_MAX);
  FirstError worker_error;
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < ctx.jobs; ++i) {
    workers.emplace_back([&] {
      StoryTask task;
      while (work.pop(task)) {
        try {
          done.push(evaluate_story(ctx, task));
        } catch (...) {
          worker_error.capture();
        }
      }
    });
  }
  auto join = [&] {
    work.close();
    for (auto& w : workers) w.join();
    workers.clear();
  };

  std::vector<EvaluatedStory> evaluated;
  std::vector<CarriedStory> carried;
  auto last_commit = Clock::now();
  auto commit = [&] {
    if (evaluated.empty() && carried.empty()) return;
    const auto t = Clock::now();
    ctx.db.write_stories(ctx.run, ctx.ruleset_hash, evaluated, carried);
    ctx.stats.write_seconds += seconds_since(t);
    for (const EvaluatedStory& s : evaluated) ctx.counts.findings += s.findings.size();
    ctx.stats.evaluated += evaluated.size();
    ctx.counts.stories_done += evaluated.size() + carried.size();
    evaluated.clear();
    carried.clear();
    last_commit = Clock::now();
  };
  auto drain = [&](bool all) {
    while (auto s = done.try_pop()) evaluated.push_back(std::move(*s));
    if (all || evaluated.size() + carried.size() >= options.batch_documents ||
        seconds_since(last_commit) >= options.batch_seconds) {
      commit();
    }
  };

  bool stopped = false;
  try {
    for (const auto& [story, members] : stories) {
      if (ctx.stop_requested()) {
        stopped = true;
        break;
      }
      std::vector<std::size_t> sorted = members;
      std::sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
        return ctx.documents[a].uri < ctx.documents[b].uri;
      });
      std::string all = std::string(kExtractorOrigin);
      bool extracted = false;
      for (std::size_t i : sorted) {
        const AuditDocument& d = ctx.documents[i];
        all += '\n' + d.uri + '\0' + d.content_hash;
        extracted = extracted || d.extracted_in_run;
      }
      const std::string members_hash = sha256_hex(all);
      const auto mark = ctx.db.latest_mark(story);
      if (mark && mark->run_id == ctx.run) {
        ++ctx.counts.stories_done;  // written by the part of this run that was interrupted
      } else if (mark && !extracted && mark->members_hash == members_hash &&
                 mark->ruleset_hash == ctx.ruleset_hash) {
        carried.push_back({story, members_hash, mark->run_id, mark->evaluated_run});
      } else {
        StoryTask task{story, members_hash, {}};
        for (std::size_t i : sorted) {
          auto m = ctx.db.member(ctx.documents[i].uri);
          if (!m) {
            throw StoreError(fmt::format(
                "{}: the audit cache has no row for {}, read in this run; this is a bug in "
                "verity, please report it",
                options.db_path, ctx.documents[i].uri));
          }
          task.members.push_back(std::move(*m));
        }
        work.push(std::move(task));
      }
      drain(false);
      ctx.progress.update(ctx.counts);
      if (worker_error.failed()) break;
    }
  } catch (...) {
    join();
    throw;
  }
  join();
  drain(true);
  worker_error.rethrow_if_failed();
  if (!stopped) {
    // A resumed run may have written stories of inputs no longer given.
    std::set<std::string> current;
    for (const auto& entry : stories) current.insert(entry.first);
    ctx.db.drop_other_stories(ctx.run, current);
  }
  ctx.stats.evaluate_seconds += seconds_since(phase_start);
  return !stopped;
}

}  // namespace verity
