// `verity audit ARCHIVE... --db FILE`: parses options, installs the SIGINT/SIGTERM handlers
// that ask the audit to stop at the next batch, calls run_audit (engine/audit.hpp), prints
// problems, notes and the summary line, writes --stats, and maps the outcome to an exit code:
// 0 complete (findings do not fail an audit), 2 bad input or usage or the database is held by
// another audit, 3 rule files do not compile, 130 interrupted (run the same command to resume).
#include "cli/audit_command.hpp"

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "engine/audit.hpp"
#include "engine/log_store.hpp"

namespace {

using namespace verity;

constexpr int kExitClean = 0, kExitUsage = 2, kExitRules = 3, kExitInterrupted = 130;

const char* kAuditUsage = R"(usage: verity audit [--db FILE] [--rules PATH]... [--jobs N] [--quiet]
                    [--progress-interval SECONDS] [--stats FILE] [--story-window DAYS]
                    [--batch N] [--allow-outside-paths] ARCHIVE...
ARCHIVE: .jsonl or .jsonl.gz archives, folders (searched for them and for .txt, .md, .html),
or single documents. See docs/audit.md.
)";

// Lock-free, so setting it is async-signal-safe.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_stop_signal(int) {
  g_stop.store(true, std::memory_order_relaxed);
}

// SA_RESETHAND: a second Ctrl-C kills at once (kill -9 semantics: the last batch stays).
void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int audit_usage_error(const std::string& message) {
  fmt::print(stderr, "verity audit: {}\n\n{}", message, kAuditUsage);
  return kExitUsage;
}

std::optional<std::string> value_of(const std::vector<std::string>& args, std::size_t& i,
                                    const std::string& name, bool& matched) {
  const std::string& a = args[i];
  matched = a == name || a.rfind(name + "=", 0) == 0;
  if (!matched) return std::nullopt;
  if (a == name) {
    if (i + 1 >= args.size()) return std::nullopt;
    return args[++i];
  }
  return a.substr(name.size() + 1);
}

bool parse_number(const std::string& text, double& out) {
  try {
    std::size_t used = 0;
    out = std::stod(text, &used);
    return used == text.size();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int cmd_audit(const std::vector<std::string>& args, const std::string& command_line,
              const std::vector<std::string>& default_rules, const std::string& rules_dir) {
  AuditOptions options;
  options.arguments = command_line;
  options.compile.std_dir = rules_dir;
  std::string stats_path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool matched = false;
    if (a == "--quiet") {
      options.quiet = true;
      continue;
    }
    if (a == "--allow-outside-paths") {
      options.compile.allow_outside_paths = true;
      continue;
    }
    if (auto v = value_of(args, i, "--db", matched); matched) {
      if (!v || v->empty()) return audit_usage_error("--db needs a file");
      options.db_path = *v;
      continue;
    }
    if (auto v = value_of(args, i, "--rules", matched); matched) {
      if (!v) return audit_usage_error("--rules needs a file or folder");
      options.rule_paths.push_back(*v);
      continue;
    }
    if (auto v = value_of(args, i, "--stats", matched); matched) {
      if (!v || v->empty()) return audit_usage_error("--stats needs a file");
      stats_path = *v;
      continue;
    }
    double n = 0;
    if (auto v = value_of(args, i, "--jobs", matched); matched) {
      if (!v || !parse_number(*v, n) || n < 1 || n > 256 || n != static_cast<int>(n)) {
        return audit_usage_error("--jobs needs a whole number from 1 to 256, as in --jobs 2");
      }
      options.jobs = static_cast<std::size_t>(n);
      continue;
    }
    if (auto v = value_of(args, i, "--progress-interval", matched); matched) {
      if (!v || !parse_number(*v, n) || !(n > 0)) {
        return audit_usage_error(
            "--progress-interval needs a number of seconds above 0, as in --progress-interval 5");
      }
      options.progress_interval = n;
      continue;
    }
    if (auto v = value_of(args, i, "--story-window", matched); matched) {
      if (!v || !parse_number(*v, n) || n < 0 || n > 3650 || n != static_cast<int>(n)) {
        return audit_usage_error(
            "--story-window needs a whole number of days from 0 to 3650, as in --story-window 3");
      }
      options.story_window_days = static_cast<int>(n);
      continue;
    }
    if (auto v = value_of(args, i, "--batch", matched); matched) {
      if (!v || !parse_number(*v, n) || n < 1 || n > 1e6 || n != static_cast<int>(n)) {
        return audit_usage_error(
            "--batch needs a whole number from 1 to 1000000, as in --batch 256");
      }
      options.batch_documents = static_cast<std::size_t>(n);
      continue;
    }
    if (a.size() > 1 && a[0] == '-')
      return audit_usage_error(fmt::format("unknown option '{}'", a));
    options.inputs.push_back(a);
  }
  if (options.inputs.empty()) return audit_usage_error("audit needs archives or folders");
  if (options.rule_paths.empty()) {
    options.rule_paths = default_rules;
    if (options.rule_paths.empty()) {
      return audit_usage_error(fmt::format(
          "no rule packs (*.rules) in the shipped rules folder {}; give --rules PATH", rules_dir));
    }
  }

  g_stop.store(false);
  options.stop = &g_stop;
  install_stop_handlers();
  const AuditOutcome outcome = run_audit(options);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);

  for (const auto& p : outcome.problems) fmt::print(stderr, "{}", render(p));
  if (outcome.rules) fmt::print(stderr, "{}", render(outcome.rules->diagnostics));
  for (const auto& note : outcome.notes) fmt::print(stderr, "verity audit: {}\n", note);
  switch (outcome.status) {
    case AuditStatus::rules_failed:
      fmt::print(stderr, "verity audit: {} error{} in rule files; nothing was audited\n",
                 outcome.rules->diagnostics.error_count(),
                 outcome.rules->diagnostics.error_count() == 1 ? "" : "s");
      return kExitRules;
    case AuditStatus::bad_input:
      if (!outcome.error.empty()) fmt::print(stderr, "verity audit: {}\n", outcome.error);
      fmt::print(stderr, "verity audit: nothing was audited; fix the paths above and run again\n");
      return kExitUsage;
    case AuditStatus::locked:
    case AuditStatus::store_error:
      fmt::print(stderr, "verity audit: {}\n", outcome.error);
      return kExitUsage;
    case AuditStatus::complete:
    case AuditStatus::interrupted:
      break;
  }
  if (!stats_path.empty()) {
    std::ofstream out(stats_path, std::ios::binary | std::ios::trunc);
    out << audit_stats_json(outcome.stats) << '\n';
    if (!out) {
      fmt::print(stderr, "verity audit: cannot write --stats {}; check the folder exists\n",
                 stats_path);
    }
  }
  fmt::print(stderr, "{}\n", audit_summary_line(outcome.stats));
  if (outcome.status == AuditStatus::interrupted) {
    fmt::print(stderr,
               "verity audit: interrupted after {} documents; run the same command again to "
               "resume (run {} in {})\n",
               outcome.stats.documents, outcome.stats.run, options.db_path);
    return kExitInterrupted;
  }
  return kExitClean;
}
