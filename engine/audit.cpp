// Orchestrates `verity audit`: compiles the rules once, expands the inputs, opens the log and
// takes its audit lock, starts a run or continues an interrupted one with the same rule set,
// then runs phase 1 (engine/audit_extract.cpp) and phase 2 (engine/audit_evaluate.cpp) and
// marks the run complete or interrupted. Also renders the summary line and the --stats JSON.
#include "engine/audit.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "engine/audit_phases.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/document_loader.hpp"
#include "engine/pipeline.hpp"

#ifndef VERITY_VERSION
#define VERITY_VERSION "dev"
#endif

namespace verity {
namespace {

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

}  // namespace

std::string audit_summary_line(const AuditStats& s) {
  return fmt::format(
      "verity audit: run {}: {} documents ({} extracted, {} unchanged), {} stories ({} "
      "evaluated), {} facts, {} findings, {} bytes in {:.2f} s",
      s.run, s.documents, s.extracted, s.unchanged, s.stories, s.evaluated, s.facts, s.findings,
      s.bytes, s.seconds);
}

std::string audit_stats_json(const AuditStats& s) {
  return fmt::format(
      "{{\"run\":{},\"documents\":{},\"extracted\":{},\"unchanged\":{},\"stories\":{},"
      "\"evaluated\":{},\"facts\":{},\"findings\":{},\"bytes\":{},\"seconds\":{:.3f},"
      "\"extract_seconds\":{:.3f},\"evaluate_seconds\":{:.3f},\"write_seconds\":{:.3f},"
      "\"extract_cpu_seconds\":{:.3f},\"evaluate_cpu_seconds\":{:.3f}}}",
      s.run, s.documents, s.extracted, s.unchanged, s.stories, s.evaluated, s.facts, s.findings,
      s.bytes, s.seconds, s.extract_seconds, s.evaluate_seconds, s.write_seconds,
      s.extract_cpu_seconds, s.evaluate_cpu_seconds);
}

AuditOutcome run_audit(const AuditOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  AuditOutcome out;
  Schema schema = builtin_schema();
  out.rules = dsl::compile_rule_files(options.rule_paths, schema, options.compile);
  if (!out.rules->ok()) {
    out.status = AuditStatus::rules_failed;
    return out;
  }
  std::vector<std::string> paths = expand_document_paths(options.inputs, out.problems);
  for (const InputProblem& p : out.problems) {
    if (p.fatal) {
      out.status = AuditStatus::bad_input;
      return out;
    }
  }
  if (paths.empty()) {
    out.status = AuditStatus::bad_input;
    out.error =
        "no documents or archives (.jsonl, .jsonl.gz, .txt, .md, .html) in the paths "
        "given; give archives or folders that hold them";
    return out;
  }

  std::int64_t run = 0;
  std::optional<AuditDb> db;
  try {
    db.emplace(options.db_path);
    std::string note;
    if (auto holder = db->take_lock(note)) {
      out.status = AuditStatus::locked;
      out.error = fmt::format(
          "{}: another audit (process {} on {}, started {}) is writing to this database; wait "
          "for it to finish, or stop it (kill -INT {}) and run this command again to resume it",
          options.db_path, holder->pid, holder->host, holder->started, holder->pid);
      return out;
    }
    if (!note.empty()) out.notes.push_back(note);
    if (const char* hook = std::getenv("VERITY_AUDIT_TEST_KILL")) db->set_kill_hook(hook);

    const std::string rs_hash = ruleset_hash(*out.rules);
    const auto last = db->latest_audit_run();
    if (last && (last->status == "running" || last->status == "interrupted") &&
        last->ruleset_hash == rs_hash) {
      run = last->id;
      db->finish_run(run, "running");
      out.notes.push_back(fmt::format(
          "{}: continuing audit run {}, which was {}; documents and stories it logged are kept",
          options.db_path, run, last->status == "running" ? "killed" : "interrupted"));
    } else {
      run = db->begin_run({VERITY_VERSION, options.arguments, rs_hash, "audit"});
    }
    out.stats.run = run;
    if (!db->has_rules(run)) LogStore(options.db_path).write_rules(run, rule_infos(*out.rules));

    ProgressReporter progress(choose_progress_mode(options.quiet, fileno(options.progress_out)),
                              options.progress_out, options.progress_interval);
    AuditContext ctx{options,          *db, run,          rs_hash,   *out.rules, schema, {}, 1,
                     std::move(paths), {},  out.problems, out.stats, progress,   {}};
    ctx.aliases = alias_keys(collect_aliases(*out.rules));
    ctx.jobs = options.jobs != 0 ? options.jobs
                                 : std::max<std::size_t>(1, std::thread::hardware_concurrency());
    for (const auto& p : ctx.paths) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(p, ec);
      ctx.counts.total_bytes += ec ? 0 : size;
    }

    const double cpu0 = process_cpu_seconds();
    bool finished = run_extract_phase(ctx);
    const double cpu1 = process_cpu_seconds();
    out.stats.extract_cpu_seconds = cpu1 - cpu0;
    finished = finished && run_evaluate_phase(ctx);
    out.stats.evaluate_cpu_seconds = process_cpu_seconds() - cpu1;
    out.stats.findings = static_cast<std::uint64_t>(db->count_findings(run));
    ctx.counts.findings = out.stats.findings;
    progress.finish(ctx.counts);
    if (!finished) {
      db->finish_run(run, "interrupted");
      out.status = AuditStatus::interrupted;
    } else {
      bool input_errors = false;
      for (const InputProblem& p : out.problems) input_errors = input_errors || p.fatal;
      db->finish_run(run, input_errors ? "complete-with-input-errors" : "complete");
    }
  } catch (const StoreError& e) {
    out.status = AuditStatus::store_error;
    out.error = e.what();
    if (run != 0 && db) {
      try {
        db->finish_run(run, "failed");
      } catch (const StoreError&) {  // the same failure may stop this too
      }
    }
  }
  out.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace verity
