// The `verity` command: parses arguments, calls the library, prints, and maps outcomes to exit
// codes (0 nothing at or above the fail level, 1 findings, 2 bad input or usage, 3 rule files
// do not compile). All the work is in verity_engine.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/audit_command.hpp"
#include "engine/builtin_schema.hpp"
#include "engine/explain.hpp"
#include "engine/fact_json.hpp"
#include "engine/history.hpp"
#include "engine/log_store.hpp"
#include "engine/pipeline.hpp"
#include "engine/plan_counts.hpp"
#include "engine/report.hpp"
#include "engine/report_formats.hpp"
#include "engine/rule_tests.hpp"
#include "engine/summary_gate.hpp"
#include "engine/suppressions.hpp"

#ifndef VERITY_VERSION
#define VERITY_VERSION "dev"
#endif
#ifndef VERITY_RULES_DIR
#define VERITY_RULES_DIR "rules"
#endif

namespace {

using namespace verity;

constexpr int kExitClean = 0, kExitFindings = 1, kExitUsage = 2, kExitRules = 3;

const char* kUsage = R"(usage:
  verity check [--rules PATH]... [--facts FILE]... [--db FILE | --no-db]
               [--format FORMAT] [--output FILE] [--fail-on error|warning|info|never]
               [--max-bindings N] [--threads N] [--color auto|always|never]
               [--allow-outside-paths] DOCS...
  verity check --summary FILE --sources DOCS... [check options]
                                    CI gate: the summary pack (plus any --rules) checks
                                    that the sources support the summary; only the
                                    summary's findings count for --fail-on
  verity explain [--db FILE] [--color WHEN] ID
                                    a logged finding's provenance (ID: its id or a
                                    fingerprint prefix)
  verity report [--db FILE] [--run N] [--against M] [--format text|json] [--color WHEN]
                                    a logged run's findings by story and rule, marked
                                    new, persisting or fixed against an earlier run
  verity audit [--db FILE] [--rules PATH]... [--jobs N] [--quiet] [--stats FILE]
               [--progress-interval SECONDS] [--story-window DAYS] [--batch N] ARCHIVE...
                                    audit archives (.jsonl, .jsonl.gz, folders) story by
                                    story, incremental and resumable (docs/audit.md);
                                    exit 0 done, 2 bad input or database busy, 3 rules,
                                    130 interrupted (run it again to resume)
  verity extract DOCS...            print the facts found, as JSON Lines
  verity compile [--explain [--docs PATH]... [--facts FILE]...] [--allow-outside-paths] RULES...
                                    check rules; --explain prints each plan with its cost
                                    estimated at the facts of --docs/--facts, else at
                                    10,000 facts per kind
  verity test RULES_DIR [--tests DIR] run rule tests (fixtures in RULES_DIR/tests by default)
  verity --version

DOCS are .txt or .md files, or folders searched for them. RULES and --rules are .rules
files or folders searched for them; without --rules, check uses the shipped rule packs (the
*.rules files directly in the shipped rules folder).
Imports and tables must stay inside the folders of the rule files given (or, for
`import "std/NAME"`, the shipped rules folder) unless --allow-outside-paths is given.
The findings are logged to verity.db unless --db names another file or --no-db is given.
check --format: text (default), json, sarif (SARIF 2.1.0), junit (JUnit XML) or github
(workflow commands); --output FILE writes the report to FILE and prints only the summary line
(see docs/report-formats.md).
--max-bindings N stops a rule whose bindings would exceed N (default 2e8); --threads N (1-8)
sets the threads that evaluate a rule (default: the machine's cores), with the same findings.
check --baseline FILE: findings recorded in FILE do not count for --fail-on;
--write-baseline FILE records this run's findings there; --ignore FILE (repeatable; default
./.verityignore when present) reads suppressions; see docs/suppressions.md.
Colour is used only on a terminal with NO_COLOR unset, unless --color always or never.
Exit codes: 0 no finding at or above --fail-on (default error), 1 findings, 2 bad input or
usage, 3 rule files do not compile.
)";

int usage_error(const std::string& message) {
  fmt::print(stderr, "verity: {}\n\n{}", message, kUsage);
  return kExitUsage;
}

// Reads the value of an option given as `--name VALUE` or `--name=VALUE`.
std::optional<std::string> option_value(const std::vector<std::string>& args, std::size_t& i,
                                        const std::string& name) {
  const std::string& a = args[i];
  if (a == name) {
    if (i + 1 >= args.size()) return std::nullopt;
    return args[++i];
  }
  if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
  return std::nullopt;
}

bool is_option(const std::string& a, const std::string& name) {
  return a == name || a.rfind(name + "=", 0) == 0;
}

// --color WHEN, shared by check, explain and report; false after printing a usage error.
bool color_option(const std::vector<std::string>& args, std::size_t& i, ColorMode& mode,
                  bool& handled, int& exit_code) {
  handled = is_option(args[i], "--color");
  if (!handled) return true;
  auto v = option_value(args, i, "--color");
  if (!v || !parse_color_mode(*v, mode)) {
    exit_code = usage_error(
        fmt::format("--color must be auto, always or never, not '{}'", v ? *v : std::string()));
    return false;
  }
  return true;
}

// The default rule set: every *.rules file directly in the shipped rules folder (not its
// tests/ fixtures), sorted so that runs are reproducible.
std::vector<std::string> shipped_packs() {
  namespace fs = std::filesystem;
  std::vector<std::string> packs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(VERITY_RULES_DIR, ec)) {
    if (e.is_regular_file(ec) && e.path().extension() == ".rules") {
      packs.push_back(e.path().string());
    }
  }
  std::sort(packs.begin(), packs.end());
  return packs;
}

void print_problems(const std::vector<InputProblem>& problems) {
  for (const auto& p : problems) fmt::print(stderr, "{}", render(p));
}

int cmd_check(const std::vector<std::string>& args, const std::string& command_line) {
  CheckOptions options;
  options.arguments = command_line;
  std::string format = "text";
  std::string output;  // --output FILE: the report goes there, the summary line to the terminal
  std::string fail_on = "error";
  ColorMode color = ColorMode::automatic;
  bool sources_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool color_given = false;
    int exit_code = 0;
    if (!color_option(args, i, color, color_given, exit_code)) return exit_code;
    if (color_given) continue;
    const std::vector<std::pair<const char*, std::string*>> single = {{"--db", &options.db_path},
                                                                      {"--format", &format},
                                                                      {"--fail-on", &fail_on},
                                                                      {"--output", &output}};
    bool handled = false;
    for (const auto& [name, target] : single) {
      if (!is_option(a, name)) continue;
      auto v = option_value(args, i, name);
      if (!v) return usage_error(fmt::format("{} needs a value", name));
      *target = *v;
      handled = true;
    }
    if (handled) continue;
    if (is_option(a, "--rules") || is_option(a, "--facts")) {
      const bool rules = is_option(a, "--rules");
      auto v = option_value(args, i, rules ? "--rules" : "--facts");
      if (!v) return usage_error(fmt::format("{} needs a value", rules ? "--rules" : "--facts"));
      (rules ? options.rule_paths : options.fact_files).push_back(*v);
    } else if (is_option(a, "--max-bindings")) {
      auto v = option_value(args, i, "--max-bindings");
      char* end = nullptr;
      const double n = v ? std::strtod(v->c_str(), &end) : 0;
      if (!v || end == v->c_str() || *end != '\0' || n < 1) {
        return usage_error("--max-bindings needs a positive number, as in --max-bindings 1e9");
      }
      options.eval.max_bindings = n;
    } else if (is_option(a, "--threads")) {
      // Threads that enumerate a rule's bindings; the findings do not depend on it.
      auto v = option_value(args, i, "--threads");
      char* end = nullptr;
      const long n = v ? std::strtol(v->c_str(), &end, 10) : 0;
      if (!v || end == v->c_str() || *end != '\0' || n < 1 || n > 8) {
        return usage_error("--threads needs a whole number from 1 to 8, as in --threads 2");
      }
      options.eval.threads = static_cast<std::size_t>(n);
    } else if (is_option(a, "--summary")) {
      // The CI gate: --summary FILE --sources DOCS… (roles and story: engine/summary_gate).
      auto v = option_value(args, i, "--summary");
      if (!v) return usage_error("--summary needs the summary's file, as in --summary brief.md");
      options.summary_documents.push_back(*v);
    } else if (is_option(a, "--sources")) {
      // Every following argument up to the next option is a source (as are bare DOCS).
      sources_given = true;
      if (a != "--sources") options.documents.push_back(a.substr(std::strlen("--sources=")));
      while (i + 1 < args.size() && !(args[i + 1].size() > 1 && args[i + 1][0] == '-')) {
        options.documents.push_back(args[++i]);
      }
    } else if (is_option(a, "--baseline") || is_option(a, "--write-baseline") ||
               is_option(a, "--ignore")) {
      // Suppressions and baselines: docs/suppressions.md.
      const char* name = is_option(a, "--baseline")         ? "--baseline"
                         : is_option(a, "--write-baseline") ? "--write-baseline"
                                                            : "--ignore";
      auto v = option_value(args, i, name);
      if (!v) return usage_error(fmt::format("{} needs a file", name));
      if (std::strcmp(name, "--ignore") == 0) {
        options.ignore_files.push_back(*v);
      } else {
        (std::strcmp(name, "--baseline") == 0 ? options.baseline_path
                                              : options.write_baseline_path) = *v;
      }
    } else if (a == "--no-db") {
      options.db_path.clear();
    } else if (a == "--allow-outside-paths") {
      options.compile.allow_outside_paths = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error(fmt::format("unknown option '{}' for check", a));
    } else {
      options.documents.push_back(a);
    }
  }
  if (!is_report_format(format)) {
    return usage_error(fmt::format("--format must be {}, not '{}'", kReportFormatNames, format));
  }
  Severity fail_level = Severity::error;
  const bool fail_never = fail_on == "never";
  if (!fail_never && !parse_severity(fail_on, fail_level)) {
    return usage_error(
        fmt::format("--fail-on must be error, warning, info or never, not '{}'", fail_on));
  }
  if (options.documents.empty() && options.fact_files.empty() &&
      options.summary_documents.empty()) {
    return usage_error("check needs documents (files or folders) or --facts FILE");
  }
  const bool gate = !options.summary_documents.empty();
  if (sources_given && !gate) return usage_error("--sources goes with --summary FILE");
  if (gate && options.documents.empty()) {
    return usage_error("--summary needs the documents it summarizes: --sources DOCS...");
  }
  if (gate) {
    // The gate checks the summary's support: the summary pack, plus any --rules given.
    options.rule_paths.insert(options.rule_paths.begin(),
                              (std::filesystem::path(VERITY_RULES_DIR) / "summary.rules").string());
  }
  if (options.rule_paths.empty()) {
    options.rule_paths = shipped_packs();
    if (options.rule_paths.empty()) {
      return usage_error(
          fmt::format("no rule packs (*.rules) in the shipped rules folder {}; give --rules PATH",
                      VERITY_RULES_DIR));
    }
  }
  options.compile.std_dir = VERITY_RULES_DIR;  // where `import "std/NAME"` looks
  std::error_code no_ignore_file;
  if (options.ignore_files.empty() &&
      std::filesystem::is_regular_file(".verityignore", no_ignore_file)) {
    options.ignore_files.push_back(".verityignore");
  }
  // VERITY_TODAY=YYYY-MM-DD stands in for today's date when ignore entries expire (tests).
  if (const char* today = std::getenv("VERITY_TODAY")) options.today = today;

  CheckOutcome outcome = run_check(options);
  print_problems(outcome.problems);
  fmt::print(stderr, "{}", render(outcome.rules->diagnostics));
  if (outcome.rules_failed()) {
    fmt::print(stderr, "verity: {} error{} in rule files; nothing was checked\n",
               outcome.rules->diagnostics.error_count(),
               outcome.rules->diagnostics.error_count() == 1 ? "" : "s");
    return kExitRules;
  }
  if (!outcome.store_error.empty()) fmt::print(stderr, "verity: {}\n", outcome.store_error);

  RunSummary summary;
  summary.documents = outcome.store->documents().size();
  summary.facts = outcome.store->facts().size();
  summary.rules = outcome.rules->plans.size();
  summary.run_id = outcome.run_id;
  summary.db_path = options.db_path;
  ReportOptions report_options;
  report_options.plans = &outcome.rules->plans;
  report_options.explanations = &outcome.explanations;
  // Colour only for a text report on the terminal, never in an --output file.
  report_options.style.color = format == "text" && output.empty() && use_color(color);
  std::error_code cwd_error;  // the CI formats write paths relative to the current folder
  const std::string root = std::filesystem::current_path(cwd_error).string();
  const std::string report =
      render_report(format, outcome.result, *outcome.store, summary, report_options, root);
  if (output.empty()) {
    fmt::print("{}", report);
  } else {
    if (const std::string error = write_report_file(output, report); !error.empty()) {
      fmt::print(stderr, "verity: {}\n", error);
      return kExitUsage;
    }
    ReportOptions terminal = report_options;
    terminal.style.color = use_color(color);
    fmt::print("{}; {} report written to {}\n",
               summary_line(render_text(outcome.result, *outcome.store, summary, terminal)), format,
               output);
  }

  // On stderr, so that a report on stdout stays machine-readable.
  if (gate) fmt::print(stderr, "{}", describe_gate(*outcome.store));
  if (outcome.input_failed()) return kExitUsage;
  if (fail_never) return kExitClean;
  for (const Finding& f : outcome.result.findings) {
    if (!f.counts_for_exit()) continue;  // suppressed or baselined: docs/suppressions.md
    // The gate fails on the summary's findings only: the sources are not under review.
    // A verity.suppression warning (no facts) is about the gate's own suppressions: it counts.
    if (gate && !involves_summary(f, *outcome.store) && f.rule_id != kSuppressionRule) continue;
    if (f.severity >= fail_level) return kExitFindings;
  }
  return kExitClean;
}

// Parses "--run 3"-style whole numbers >= 1.
bool parse_run_number(const std::string& text, std::int64_t& out) {
  char* end = nullptr;
  const long long n = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < 1) return false;
  out = n;
  return true;
}

// The log must exist for explain and report: opening a missing file would create an empty one.
bool log_exists(const std::string& db) {
  std::error_code ec;
  return std::filesystem::exists(db, ec);
}

int cmd_explain(const std::vector<std::string>& args) {
  std::string db = "verity.db", id;
  ColorMode color = ColorMode::automatic;
  for (std::size_t i = 0; i < args.size(); ++i) {
    bool color_given = false;
    int exit_code = 0;
    if (!color_option(args, i, color, color_given, exit_code)) return exit_code;
    if (color_given) continue;
    if (is_option(args[i], "--db")) {
      auto v = option_value(args, i, "--db");
      if (!v) return usage_error("--db needs a file");
      db = *v;
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      return usage_error(fmt::format("unknown option '{}' for explain", args[i]));
    } else if (id.empty()) {
      id = args[i];
    } else {
      return usage_error("explain takes one finding id");
    }
  }
  if (id.empty()) {
    return usage_error("explain needs a finding id or fingerprint prefix (see verity report)");
  }
  if (!log_exists(db)) {
    fmt::print(stderr, "verity: {}: no such log; run `verity check --db {} DOCS` first\n", db, db);
    return kExitUsage;
  }
  try {
    LogStore log(db);
    Style style;
    style.color = use_color(color);
    const ExplainOutcome out = explain_finding(log, id, style);
    if (!out.found) {
      fmt::print(stderr, "verity: {}: {}\n", db, out.error);
      return kExitUsage;
    }
    fmt::print("{}", out.text);
  } catch (const StoreError& e) {
    fmt::print(stderr, "verity: {}\n", e.what());
    return kExitUsage;
  }
  return kExitClean;
}

int cmd_report(const std::vector<std::string>& args) {
  std::string db = "verity.db", format = "text";
  std::int64_t run = 0, against = -1;
  ColorMode color = ColorMode::automatic;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool color_given = false;
    int exit_code = 0;
    if (!color_option(args, i, color, color_given, exit_code)) return exit_code;
    if (color_given) continue;
    if (is_option(a, "--db") || is_option(a, "--format")) {
      const char* name = is_option(a, "--db") ? "--db" : "--format";
      auto v = option_value(args, i, name);
      if (!v) return usage_error(fmt::format("{} needs a value", name));
      (std::string(name) == "--db" ? db : format) = *v;
    } else if (is_option(a, "--run") || is_option(a, "--against")) {
      const char* name = is_option(a, "--run") ? "--run" : "--against";
      auto v = option_value(args, i, name);
      std::int64_t n = 0;
      if (!v || !parse_run_number(*v, n)) {
        return usage_error(fmt::format("{} needs a run number (1 or more)", name));
      }
      (std::string(name) == "--run" ? run : against) = n;
    } else {
      return usage_error(fmt::format("unknown argument '{}' for report", a));
    }
  }
  if (format != "text" && format != "json") {
    return usage_error(fmt::format("--format must be text or json, not '{}'", format));
  }
  if (!log_exists(db)) {
    fmt::print(stderr, "verity: {}: no such log; run `verity check --db {} DOCS` first\n", db, db);
    return kExitUsage;
  }
  try {
    LogStore log(db);
    const HistoryOutcome out = compare_runs(log, run, against);
    if (!out.ok) {
      fmt::print(stderr, "verity: {}: {}\n", db, out.error);
      return kExitUsage;
    }
    Style style;
    style.color = format == "text" && use_color(color);
    fmt::print("{}", format == "json" ? render_history_json(out.history)
                                      : render_history_text(out.history, style));
  } catch (const StoreError& e) {
    fmt::print(stderr, "verity: {}\n", e.what());
    return kExitUsage;
  }
  return kExitClean;
}

int cmd_extract(const std::vector<std::string>& args) {
  std::vector<std::string> docs;
  for (const auto& a : args) {
    if (a.size() > 1 && a[0] == '-') return usage_error(fmt::format("unknown option '{}'", a));
    docs.push_back(a);
  }
  if (docs.empty()) return usage_error("extract needs documents (files or folders)");
  FactStore store(builtin_schema());
  std::vector<InputProblem> problems;
  load_and_extract(docs, store, problems);
  print_problems(problems);
  std::string out;
  for (std::uint32_t i = 0; i < store.facts().size(); ++i) {
    out += fact_to_json_line(store, FactRef{i});
    out += '\n';
    if (out.size() > (1u << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  for (const auto& p : problems) {
    if (p.fatal) return kExitUsage;
  }
  return kExitClean;
}

int cmd_compile(const std::vector<std::string>& args) {
  bool explain = false;
  CompileInput input;  // --docs/--facts: --explain estimates with the facts they hold
  input.compile.std_dir = VERITY_RULES_DIR;  // where `import "std/NAME"` looks
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--explain") {
      explain = true;
    } else if (a == "--allow-outside-paths") {
      input.compile.allow_outside_paths = true;
    } else if (is_option(a, "--docs") || is_option(a, "--facts")) {
      const bool docs = is_option(a, "--docs");
      auto v = option_value(args, i, docs ? "--docs" : "--facts");
      if (!v) return usage_error(fmt::format("{} needs a value", docs ? "--docs" : "--facts"));
      (docs ? input.documents : input.fact_files).push_back(*v);
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error(fmt::format("unknown option '{}' for compile", a));
    } else {
      input.rule_paths.push_back(a);
    }
  }
  if (input.rule_paths.empty()) return usage_error("compile needs rule files or folders");
  if (!explain && (!input.documents.empty() || !input.fact_files.empty())) {
    return usage_error("--docs and --facts give fact counts to --explain; add --explain");
  }
  CompileOutcome outcome = compile_with_counts(input);
  const auto& rules = outcome.rules;
  print_problems(outcome.problems);
  fmt::print(stderr, "{}", render(rules->diagnostics));
  if (!rules->ok()) {
    fmt::print(stderr, "verity: {} error{} in rule files\n", rules->diagnostics.error_count(),
               rules->diagnostics.error_count() == 1 ? "" : "s");
    return kExitRules;
  }
  if (explain) {
    for (const auto& plan : rules->plans) {
      fmt::print("{}\n", dsl::describe_plan(plan, outcome.store->schema(), outcome.counts));
    }
  }
  fmt::print("{} rule{} compiled from {} file{}\n", rules->plans.size(),
             rules->plans.size() == 1 ? "" : "s", rules->sources.size(),
             rules->sources.size() == 1 ? "" : "s");
  for (const auto& p : outcome.problems) {
    if (p.fatal) return kExitUsage;
  }
  return kExitClean;
}

int cmd_test(const std::vector<std::string>& args) {
  std::string rules_dir, tests_dir;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (is_option(args[i], "--tests")) {
      auto v = option_value(args, i, "--tests");
      if (!v) return usage_error("--tests needs a folder");
      tests_dir = *v;
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      return usage_error(fmt::format("unknown option '{}' for test", args[i]));
    } else if (rules_dir.empty()) {
      rules_dir = args[i];
    } else {
      return usage_error("test takes one rules folder");
    }
  }
  if (rules_dir.empty()) return usage_error("test needs a rules folder");
  if (tests_dir.empty()) tests_dir = rules_dir + "/tests";
  const RuleTestOutcome outcome = run_rule_tests({rules_dir}, tests_dir, VERITY_RULES_DIR);
  fmt::print("{}", outcome.report);
  if (outcome.rules_failed) return kExitRules;
  return outcome.passed() ? kExitClean : kExitFindings;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line = "verity";
  for (const auto& a : args) command_line += " " + a;
  if (args.empty()) return usage_error("no command given");
  const std::string command = args.front();
  args.erase(args.begin());
  try {
    if (command == "check") return cmd_check(args, command_line);
    if (command == "audit") {
      return cmd_audit(args, command_line, shipped_packs(), VERITY_RULES_DIR);
    }
    if (command == "extract") return cmd_extract(args);
    if (command == "explain") return cmd_explain(args);
    if (command == "report") return cmd_report(args);
    if (command == "compile") return cmd_compile(args);
    if (command == "test") return cmd_test(args);
    if (command == "--version" || command == "version") {
      fmt::print("verity {}\n", VERITY_VERSION);
      return kExitClean;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      fmt::print("{}", kUsage);
      return kExitClean;
    }
  } catch (const std::exception& e) {
    // Library code reports user problems as values; reaching here is a defect in verity.
    fmt::print(stderr, "verity: internal error: {}; please report it with the command line\n",
               e.what());
    return kExitUsage;
  }
  return usage_error(fmt::format("unknown command '{}'", command));
}
