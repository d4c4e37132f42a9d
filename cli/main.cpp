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

#include "engine/builtin_schema.hpp"
#include "engine/explain.hpp"
#include "engine/fact_json.hpp"
#include "engine/history.hpp"
#include "engine/log_store.hpp"
#include "engine/pipeline.hpp"
#include "engine/plan_counts.hpp"
#include "engine/report.hpp"
#include "engine/rule_tests.hpp"

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
               [--format text|json] [--fail-on error|warning|info|never]
               [--color auto|always|never] [--allow-outside-paths] DOCS...
  verity explain [--db FILE] [--color WHEN] ID
                                    a logged finding's provenance (ID: its id or a
                                    fingerprint prefix)
  verity report [--db FILE] [--run N] [--against M] [--format text|json] [--color WHEN]
                                    a logged run's findings by story and rule, marked
                                    new, persisting or fixed against an earlier run
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
  std::string fail_on = "error";
  ColorMode color = ColorMode::automatic;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool color_given = false;
    int exit_code = 0;
    if (!color_option(args, i, color, color_given, exit_code)) return exit_code;
    if (color_given) continue;
    const std::vector<std::pair<const char*, std::string*>> single = {
        {"--db", &options.db_path}, {"--format", &format}, {"--fail-on", &fail_on}};
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
  if (format != "text" && format != "json") {
    return usage_error(fmt::format("--format must be text or json, not '{}'", format));
  }
  Severity fail_level = Severity::error;
  const bool fail_never = fail_on == "never";
  if (!fail_never && !parse_severity(fail_on, fail_level)) {
    return usage_error(
        fmt::format("--fail-on must be error, warning, info or never, not '{}'", fail_on));
  }
  if (options.documents.empty() && options.fact_files.empty()) {
    return usage_error("check needs documents (files or folders) or --facts FILE");
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
  report_options.style.color = format == "text" && use_color(color);
  const std::string report =
      format == "json" ? render_json(outcome.result, *outcome.store, summary, report_options)
                       : render_text(outcome.result, *outcome.store, summary, report_options);
  fmt::print("{}", report);

  if (outcome.input_failed()) return kExitUsage;
  if (fail_never) return kExitClean;
  for (const Finding& f : outcome.result.findings) {
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
