// Reads rule files, follows their imports, reads their tables, and runs the compiler passes over
// them. Files are identified by their canonical path, so a file reached twice (given twice, or
// imported along two routes) is compiled once, and a file reached again while its own imports
// are being read is an import cycle.
#include "dsl/compiler.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "dsl/limits.hpp"
#include "dsl/parser.hpp"

namespace verity::dsl {
namespace {

namespace fs = std::filesystem;

void add_unlocated_error(Diagnostics& diags, std::string message) {
  diags.add(Diagnostic{DiagnosticLevel::error, nullptr, {}, std::move(message), {}});
}

// The absolute canonical form of a path that may not exist (symbolic links resolved as far as
// it does). Made absolute first: weakly_canonical leaves a relative path relative when its
// first part does not exist, and such a path could not be compared with a folder.
fs::path canonical_of(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p.empty() ? fs::path(".") : p, ec);
  if (ec) abs = p;
  fs::path c = fs::weakly_canonical(abs, ec);
  if (ec) c = abs.lexically_normal();
  return c;
}

// True when canonical path `p` is `root` or inside it.
bool is_within(const fs::path& p, const fs::path& root) {
  auto it = p.begin();
  for (const auto& part : root) {
    if (part.empty()) continue;  // a trailing separator
    if (it == p.end() || *it != part) return false;
    ++it;
  }
  return true;
}

// Reads a whole file of at most `max_bytes` (dsl/limits.hpp); on failure returns nullopt and
// says why in `why`.
std::optional<std::string> read_file(const fs::path& path, std::string& why,
                                     std::uintmax_t max_bytes = limits::kMaxRuleFileBytes) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    why = "is a folder";
    return std::nullopt;
  }
  if (!fs::exists(path, ec)) {
    why = "does not exist";
    return std::nullopt;
  }
  const auto size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) {
    why = fmt::format("is {} MB, larger than the {} MB limit for {}; split it into smaller files",
                      (size + (1 << 20) - 1) >> 20, max_bytes >> 20,
                      max_bytes == limits::kMaxRuleFileBytes ? "a rule file" : "a table file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot be read (check its permissions)";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<Type> column_type(std::string_view name) {
  if (name == "number") return Type::number();
  if (name == "text") return Type::text();
  if (name == "date") return Type::date();
  if (name == "boolean") return Type::boolean();
  return std::nullopt;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// Where the files a rule file names may be: the folders of the top-level rule files, or the
// shipped rules folder for packs reached through `import "std/…"`.
enum class Domain { user, shipped };

struct Root {
  fs::path canonical;
  std::string shown;  // as given, for messages
};

class Compilation {
 public:
  Compilation(RuleSet& set, const CompileOptions& options) : set_(set), options_(options) {
    if (!options.std_dir.empty()) {
      shipped_root_ = Root{canonical_of(options.std_dir), options.std_dir};
    }
  }

  // Every root is added before any file is loaded: a file of one root may import from another.
  void add_user_root(const fs::path& folder) {
    const std::string shown = folder.empty() ? std::string(".") : folder.string();
    const fs::path c = canonical_of(folder);
    if (std::none_of(user_roots_.begin(), user_roots_.end(),
                     [&](const Root& r) { return r.canonical == c; })) {
      user_roots_.push_back({c, shown});
    }
  }

  void load_top_level_file(const std::string& path) {
    const fs::path key = canonical_of(path);
    if (loaded_.count(key)) return;  // given twice, or already imported by an earlier file
    std::string why;
    auto text = read_file(path, why);
    if (!text) {
      add_unlocated_error(set_.diagnostics,
                          fmt::format("{}: cannot read this rule file: it {}", path, why));
      return;
    }
    add_file(path, std::move(*text), key, Domain::user);
  }

  void load_text(const std::string& name, std::string text) {
    add_file(name, std::move(text), canonical_of(name), Domain::user);
  }

  // Reads the tables of every file and adds their kinds to `schema`, so that the rules of any
  // file can read any table: kinds are global to a run.
  void load_tables(Schema& schema) {
    for (std::size_t i = 0; i < set_.files.size(); ++i) {
      for (const Table& t : set_.files[i]->tables) load_table(i, t, schema);
    }
  }

  void check_and_plan(const Schema& schema) {
    // One checker for all files: rule ids are unique across every file of the set.
    Checker checker(schema);
    for (std::size_t i = 0; i < set_.files.size(); ++i) {
      for (const CheckedRule& checked :
           checker.check(*set_.files[i], *set_.sources[i], set_.diagnostics)) {
        set_.plans.push_back(plan_rule(checked, set_.diagnostics));
      }
    }
  }

 private:
  // Parses a file, then loads its imports depth first.
  void add_file(std::string name, std::string text, const fs::path& key, Domain domain) {
    const std::size_t index = set_.sources.size();
    set_.sources.push_back(std::make_unique<SourceText>(std::move(name), std::move(text)));
    set_.files.push_back(
        std::make_unique<RuleFile>(parse_rule_file(*set_.sources.back(), set_.diagnostics)));
    domains_.push_back(domain);
    // The parser stops a single file at the limit; this catches a set over it in several files.
    const std::size_t before = rule_count_;
    rule_count_ += set_.files[index]->rules.size();
    if (before <= limits::kMaxRules && rule_count_ > limits::kMaxRules) {
      set_.diagnostics.error(*set_.sources[index],
                             set_.files[index]->rules[limits::kMaxRules - before].span,
                             too_many_rules_message());
    }
    loaded_.emplace(key, index);
    importing_.push_back(index);
    for (const Import& imp : set_.files[index]->imports) load_import(index, imp);
    importing_.pop_back();
  }

  void load_import(std::size_t importer, const Import& imp) {
    const SourceText& src = *set_.sources[importer];
    Domain domain = domains_[importer];
    fs::path path;
    if (starts_with(imp.path, "std/")) {
      if (options_.std_dir.empty()) {
        set_.diagnostics.error(src, imp.path_span,
                               fmt::format("cannot import '{}': the folder of the shipped rule "
                                           "packs is not known here; import the file by its path",
                                           imp.path));
        return;
      }
      std::string pack = imp.path.substr(4);
      if (!ends_with(pack, ".rules")) pack += ".rules";
      path = (fs::path(options_.std_dir) / pack).lexically_normal();
      domain = Domain::shipped;
    } else {
      path = (fs::path(src.name()).parent_path() / imp.path).lexically_normal();
    }
    if (!allowed(path, domain, src, imp.path_span, "import", imp.path)) return;

    const fs::path key = canonical_of(path);
    if (auto it = loaded_.find(key); it != loaded_.end()) {
      const auto open = std::find(importing_.begin(), importing_.end(), it->second);
      if (open != importing_.end()) report_cycle(src, imp, open);
      return;  // reached before along another route: compiled once
    }
    std::string why;
    auto text = read_file(path, why);
    if (!text) {
      report_missing_import(src, imp, path, domain, why);
      return;
    }
    add_file(path.string(), std::move(*text), key, domain);
  }

  // `open` is where the imported file is in the chain of files being loaded.
  void report_cycle(const SourceText& src, const Import& imp,
                    std::vector<std::size_t>::const_iterator open) {
    std::string chain = set_.sources[*open]->name();
    const char* link = " imports ";
    for (auto it = std::next(open); it != importing_.end(); ++it) {
      chain += link + set_.sources[*it]->name();
      link = ", which imports ";
    }
    chain += link + set_.sources[*open]->name();
    set_.diagnostics.error(src, imp.path_span,
                           fmt::format("import cycle: {}; remove one of these imports", chain));
  }

  void report_missing_import(const SourceText& src, const Import& imp, const fs::path& path,
                             Domain domain, const std::string& why) {
    if (domain == Domain::shipped && starts_with(imp.path, "std/") && why == "does not exist") {
      // Name the packs there are, as "did you mean" does for names.
      std::vector<std::string> packs;
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(options_.std_dir, ec)) {
        if (e.path().extension() == ".rules") packs.push_back(e.path().stem().string());
      }
      std::sort(packs.begin(), packs.end());
      std::string name = path.stem().string();
      std::string hint;
      if (auto best = closest_name(name, packs)) {
        hint = fmt::format("; did you mean 'std/{}'?", *best);
      } else if (!packs.empty()) {
        hint = fmt::format(" (shipped packs: {})", join(packs));
      }
      set_.diagnostics.error(src, imp.path_span,
                             fmt::format("cannot import '{}': there is no shipped rule pack "
                                         "'{}'{}",
                                         imp.path, name, hint));
      return;
    }
    set_.diagnostics.error(
        src, imp.path_span,
        fmt::format("cannot import '{}': {} {}; the path is relative to the folder of this rule "
                    "file",
                    imp.path, path.string(), why));
  }

  // Whether a file an import or a table names may be read; reports it when not.
  bool allowed(const fs::path& path, Domain domain, const SourceText& src, Span span,
               const char* what, const std::string& written) {
    if (options_.allow_outside_paths) return true;
    const fs::path c = canonical_of(path);
    std::vector<const Root*> roots;
    if (domain == Domain::shipped) {
      if (shipped_root_) roots.push_back(&*shipped_root_);
    } else {
      for (const Root& r : user_roots_) roots.push_back(&r);
    }
    for (const Root* r : roots) {
      if (is_within(c, r->canonical)) return true;
    }
    std::string where;
    if (domain == Domain::shipped) {
      where = fmt::format("the shipped rules folder '{}'", options_.std_dir);
    } else if (roots.size() == 1) {
      where = fmt::format("the folder of the rule files, '{}'", roots[0]->shown);
    } else {
      std::vector<std::string> shown;
      for (const Root* r : roots) shown.push_back("'" + r->shown + "'");
      where = fmt::format("the folders of the rule files ({})", join(shown));
    }
    set_.diagnostics.error(src, span,
                           fmt::format("{} '{}' resolves to '{}', outside {}; move the file into "
                                       "that folder, or run verity with --allow-outside-paths to "
                                       "allow files outside it",
                                       what, written, c.string(), where));
    return false;
  }

  void load_table(std::size_t file, const Table& t, Schema& schema) {
    const SourceText& src = *set_.sources[file];
    Diagnostics& diags = set_.diagnostics;

    std::vector<TableColumnType> declared;
    for (const TableColumn& col : t.columns) {
      const auto type = column_type(col.type_name);
      if (!type) {
        const std::vector<std::string> types = {"number", "text", "date", "boolean"};
        const auto best = closest_name(col.type_name, types);
        diags.error(src, col.type_span,
                    fmt::format("unknown column type '{}'{}", col.type_name,
                                best ? fmt::format("; did you mean '{}'?", *best)
                                     : fmt::format(" (column types: {})", join(types))));
      } else if (col.name == "doc") {
        diags.error(src, col.name_span,
                    "a column cannot be named 'doc': every fact has a field 'doc' (its "
                    "document); rename the column in the file and here");
      } else if (std::any_of(declared.begin(), declared.end(),
                             [&](const TableColumnType& d) { return d.name == col.name; })) {
        diags.error(
            src, col.name_span,
            fmt::format("column '{}' is declared twice; declare each column once", col.name));
      } else {
        declared.push_back({col.name, *type});
      }
    }

    bool clash = false;
    if (auto first = table_names_.find(t.name); first != table_names_.end()) {
      diags.add(Diagnostic{DiagnosticLevel::error,
                           &src,
                           t.name_span,
                           fmt::format("there is already a table named '{}'; give this table "
                                       "another name",
                                       t.name),
                           {{first->second.source, first->second.span, "the first one is here"}}});
      clash = true;
    } else if (schema.kind_index(t.name)) {
      diags.error(src, t.name_span,
                  fmt::format("'{}' is already a kind of fact; give the table another name, as "
                              "'{}_table'",
                              t.name, t.name));
      clash = true;
    } else {
      table_names_.emplace(t.name, Defined{&src, t.name_span});
    }

    std::optional<LoadedTable> table;
    const fs::path path = (fs::path(src.name()).parent_path() / t.path).lexically_normal();
    const auto format = table_format_of(t.path);
    if (!format) {
      diags.error(src, t.path_span,
                  fmt::format("table file '{}' is neither .csv nor .jsonl; a table is read from "
                              "a CSV file with a header row or a JSON Lines file",
                              t.path));
    } else if (allowed(path, domains_[file], src, t.path_span, "table file", t.path)) {
      std::string why;
      if (auto text = read_file(path, why, limits::kMaxTableFileBytes)) {
        set_.table_sources.push_back(std::make_unique<SourceText>(path.string(), *text));
        table = read_table(t.name, *set_.table_sources.back(), *format, declared, diags);
      } else {
        diags.error(src, t.path_span,
                    fmt::format("cannot read table '{}': {} {}; the path is relative to the "
                                "folder of this rule file",
                                t.name, path.string(), why));
      }
    }

    // The kind has the file's columns, and the declared ones even when the file lacks them
    // (reported here), so that the rules reading them are not reported again.
    KindDef kind{t.name, fmt::format("reference table {}", path.string()), {}};
    const std::string help = fmt::format("a column of {}", path.string());
    if (table) {
      for (const auto& c : table->columns) kind.fields.push_back({c.name, c.type, help});
    }
    for (const TableColumn& col : t.columns) {
      const auto d = std::find_if(declared.begin(), declared.end(),
                                  [&](const TableColumnType& x) { return x.name == col.name; });
      if (d == declared.end() || kind.field_index(col.name)) continue;
      kind.fields.push_back({d->name, d->type, help});
      if (!table) continue;
      std::vector<std::string> names;
      for (const auto& c : table->columns) names.push_back(c.name);
      const auto best = closest_name(col.name, names);
      diags.error(src, col.name_span,
                  fmt::format("column '{}' is not in {}{}", col.name, path.string(),
                              best            ? fmt::format("; did you mean '{}'?", *best)
                              : names.empty() ? std::string()
                                              : fmt::format(" (its columns: {})", join(names))));
    }
    if (clash) return;
    schema.add_kind(std::move(kind));
    if (table) set_.tables.push_back(std::move(*table));
  }

  struct Defined {
    const SourceText* source;
    Span span;
  };

  RuleSet& set_;
  const CompileOptions& options_;
  std::vector<Root> user_roots_;
  std::optional<Root> shipped_root_;
  std::vector<Domain> domains_;                 // by index of RuleSet::sources
  std::map<fs::path, std::size_t> loaded_;      // canonical path -> index of the file
  std::size_t rule_count_ = 0;                  // rules of all files read so far
  std::vector<std::size_t> importing_;          // the files whose imports are being loaded
  std::map<std::string, Defined> table_names_;  // the first table of each name
};

}  // namespace

std::vector<std::string> expand_rule_paths(const std::vector<std::string>& paths,
                                           Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".rules") {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        add_unlocated_error(diags, fmt::format("{}: no .rules files in this folder", p));
      }
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      out.push_back(p);
    } else {
      add_unlocated_error(diags, fmt::format("{}: no such rule file or folder", p));
    }
  }
  return out;
}

std::unique_ptr<RuleSet> compile_rule_files(const std::vector<std::string>& paths, Schema& schema,
                                            const CompileOptions& options) {
  auto set = std::make_unique<RuleSet>();
  Compilation c(*set, options);
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    c.add_user_root(fs::is_directory(p, ec) ? fs::path(p) : fs::path(p).parent_path());
    const auto found = expand_rule_paths({p}, set->diagnostics);
    files.insert(files.end(), found.begin(), found.end());
  }
  for (const auto& f : files) c.load_top_level_file(f);
  c.load_tables(schema);
  c.check_and_plan(schema);
  return set;
}

std::unique_ptr<RuleSet> compile_rule_files(const std::vector<std::string>& paths,
                                            const Schema& schema) {
  auto own = std::make_unique<Schema>(schema);
  auto set = compile_rule_files(paths, *own, CompileOptions{});
  set->own_schema = std::move(own);
  return set;
}

std::unique_ptr<RuleSet> compile_rule_text(const std::string& name, const std::string& text,
                                           Schema& schema, const CompileOptions& options) {
  auto set = std::make_unique<RuleSet>();
  Compilation c(*set, options);
  c.add_user_root(fs::path(name).parent_path());
  c.load_text(name, text);
  c.load_tables(schema);
  c.check_and_plan(schema);
  return set;
}

std::unique_ptr<RuleSet> compile_rule_text(const std::string& name, const std::string& text,
                                           const Schema& schema) {
  auto own = std::make_unique<Schema>(schema);
  auto set = compile_rule_text(name, text, *own, CompileOptions{});
  set->own_schema = std::move(own);
  return set;
}

}  // namespace verity::dsl
