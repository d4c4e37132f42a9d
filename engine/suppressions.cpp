// Suppressions: inline comments and ignore files (syntax and scope in docs/suppressions.md).
#include "engine/suppressions.hpp"

#include <chrono>
#include <ctime>
#include <fstream>

#include <fmt/format.h>

#include "engine/fingerprint.hpp"

namespace verity {
namespace {

constexpr std::string_view kInline = "verity-ignore";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool is_hex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Days in a month of a year, for checking YYYY-MM-DD.
bool valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int year = std::stoi(std::string(s.substr(0, 4)));
  const int month = std::stoi(std::string(s.substr(5, 2)));
  const int day = std::stoi(std::string(s.substr(8, 2)));
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string strip_dot_slash(std::string p) {
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  return p;
}

// A content-based fingerprint for a suppression warning: the rule, the file and the
// suppression's own text, so it survives lines inserted above it.
std::string warning_fingerprint(const std::string& file, const std::string& text) {
  std::string buf = std::string(kSuppressionRule) + '\0' + file + '\0' + text;
  const Digest128 h = murmur3_128(buf);
  return fmt::format("{:016x}{:016x}", h.high, h.low);
}

Finding warning(const std::string& file, std::uint32_t line, const std::string& text,
                std::string message) {
  Finding w;
  w.rule_id = kSuppressionRule;
  w.severity = Severity::warning;
  w.message = std::move(message);
  w.fingerprint = warning_fingerprint(file, text);
  w.location_path = file;
  w.location_line = line;
  return w;
}

void mark(Finding& f, const std::string& reason, const std::string& source, std::size_t& count) {
  if (f.suppressed) return;  // the first suppression that matches is the one reported
  f.suppressed = true;
  f.suppression_reason = reason;
  f.suppression_source = source;
  ++count;
}

// One `<!-- verity-ignore RULE[, RULE…]: reason -->` comment, or `verity-ignore-file` for the
// whole document.
struct InlineSuppression {
  const Document* doc = nullptr;
  std::uint32_t first_line = 0, last_line = 0;  // the lines whose facts it covers
  bool whole_document = false;
  std::vector<std::string> rules;  // "*" for every rule
  std::string reason;
  std::uint32_t line = 0;  // where the comment starts, for messages
  std::string text;
};

void read_inline(const Document& doc, std::vector<InlineSuppression>& out,
                 std::vector<Finding>& warnings) {
  for (const DocComment& c : doc.comments) {
    std::string_view text = c.text;
    if (text.rfind(kInline, 0) != 0) continue;
    text.remove_prefix(kInline.size());
    InlineSuppression s;
    if (text.rfind("-file", 0) == 0) {
      s.whole_document = true;
      text.remove_prefix(5);
    }
    if (!text.empty() && text.front() != ' ' && text.front() != '\t' && text.front() != ':') {
      continue;  // another word that starts with verity-ignore: not ours
    }
    s.doc = &doc;
    s.line = doc.position(c.span.begin).line;
    s.first_line = s.line;
    // The comment's own lines and the line after it.
    s.last_line = doc.position(c.span.end > c.span.begin ? c.span.end - 1 : c.span.begin).line + 1;
    s.text = c.text;
    const std::size_t colon = text.find(':');
    std::string_view rules = colon == std::string_view::npos ? text : text.substr(0, colon);
    if (colon != std::string_view::npos) s.reason = std::string(trim(text.substr(colon + 1)));
    std::size_t pos = 0;
    while (pos <= rules.size()) {
      std::size_t end = rules.find_first_of(", \t", pos);
      if (end == std::string_view::npos) end = rules.size();
      const std::string_view rule = trim(rules.substr(pos, end - pos));
      if (!rule.empty()) s.rules.emplace_back(rule);
      pos = end + 1;
    }
    const char* form = s.whole_document ? "verity-ignore-file" : "verity-ignore";
    if (s.rules.empty()) {
      warnings.push_back(warning(
          doc.id, s.line, s.text,
          fmt::format("{}:{}: this {} comment names no rule, so it suppresses nothing; write "
                      "<!-- {} RULE: reason -->",
                      doc.id, s.line, form, form)));
      continue;
    }
    if (s.reason.empty()) {
      warnings.push_back(warning(
          doc.id, s.line, s.text,
          fmt::format("{}:{}: suppression of {} has no reason; give one after a colon, as in "
                      "<!-- {} {}: why this finding is wrong -->",
                      doc.id, s.line, s.rules.front(), form, s.rules.front())));
    }
    out.push_back(std::move(s));
  }
}

bool covers(const InlineSuppression& s, const Finding& f, const FactStore& store) {
  bool rule_named = false;
  for (const auto& r : s.rules) rule_named = rule_named || r == "*" || r == f.rule_id;
  if (!rule_named) return false;
  for (const Evidence& e : f.evidence) {
    if (&store.document_of(e.fact) != s.doc) continue;
    if (s.whole_document) return true;
    const std::uint32_t line = store.fact(e.fact).position.line;
    if (store.kind_name(e.fact) != "doc" && line >= s.first_line && line <= s.last_line) {
      return true;
    }
  }
  return false;
}

bool entry_matches(const IgnoreEntry& e, const Finding& f, const FactStore& store) {
  if (!e.rule.empty() && e.rule != f.rule_id) return false;
  if (!e.fingerprint.empty() && f.fingerprint.rfind(e.fingerprint, 0) != 0) return false;
  if (!e.path.empty()) {
    const std::string path = primary_path(f, store);
    if (path.empty() || !glob_match(strip_dot_slash(e.path), strip_dot_slash(path))) return false;
  }
  return true;
}

}  // namespace

namespace {

bool glob_from(std::string_view pattern, std::string_view path) {
  if (pattern.empty()) return path.empty();
  if (pattern.rfind("**", 0) == 0) {
    std::string_view rest = pattern.substr(2);
    for (std::size_t k = 0; k <= path.size(); ++k) {
      if (glob_from(rest, path.substr(k))) return true;
      // `**/` also matches no folder at all.
      if (!rest.empty() && rest.front() == '/' && glob_from(rest.substr(1), path.substr(k))) {
        return true;
      }
    }
    return false;
  }
  if (pattern.front() == '*') {
    for (std::size_t k = 0; k <= path.size(); ++k) {
      if (glob_from(pattern.substr(1), path.substr(k))) return true;
      if (k < path.size() && path[k] == '/') break;  // one `*` stays inside a folder name
    }
    return false;
  }
  if (path.empty()) return false;
  if (pattern.front() == '?' ? path.front() == '/' : pattern.front() != path.front()) return false;
  return glob_from(pattern.substr(1), path.substr(1));
}

}  // namespace

bool glob_match(const std::string& pattern, const std::string& path) {
  return glob_from(pattern, path);
}

bool parse_ignore_line(const std::string& raw, IgnoreEntry& entry, std::string& error) {
  std::string_view line = trim(raw);
  if (line.empty() || line.front() == '#') return true;
  bool any = false;
  while (!line.empty()) {
    const std::size_t eq = line.find('=');
    const std::size_t space = line.find_first_of(" \t");
    if (eq == std::string_view::npos || (space != std::string_view::npos && space < eq)) {
      error = fmt::format(
          "'{}' is not KEY=VALUE; an entry reads rule=ID, fingerprint=HEX, path=GLOB, "
          "expires=YYYY-MM-DD, then reason=TEXT to the end of the line",
          line.substr(0, space));
      return false;
    }
    const std::string_view key = line.substr(0, eq);
    if (key == "reason") {
      entry.reason = std::string(trim(line.substr(eq + 1)));
      break;
    }
    const std::size_t end = line.find_first_of(" \t", eq);
    const std::string value(
        line.substr(eq + 1, end == std::string_view::npos ? end : end - eq - 1));
    line = end == std::string_view::npos ? std::string_view() : trim(line.substr(end));
    if (value.empty()) {
      error = fmt::format("{}= has no value", key);
      return false;
    }
    if (key == "rule") {
      entry.rule = value;
      any = true;
    } else if (key == "fingerprint") {
      if (value.size() < 8 || value.size() > 32 || !is_hex(value)) {
        error = fmt::format(
            "fingerprint '{}' is not 8 to 32 lowercase hex digits (copy it from the report)",
            value);
        return false;
      }
      entry.fingerprint = value;
      any = true;
    } else if (key == "path") {
      entry.path = value;
      any = true;
    } else if (key == "expires") {
      if (!valid_date(value)) {
        error = fmt::format("expires '{}' is not a date written YYYY-MM-DD", value);
        return false;
      }
      entry.expires = value;
    } else {
      error = fmt::format("unknown key '{}'; use rule, fingerprint, path, expires or reason", key);
      return false;
    }
  }
  if (!any) {
    error = "the entry selects nothing; give rule=ID, fingerprint=HEX or path=GLOB";
    return false;
  }
  return true;
}

std::vector<IgnoreEntry> read_ignore_file(const std::string& path,
                                          std::vector<InputProblem>& problems) {
  std::vector<IgnoreEntry> out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(
        {path, 0, "cannot read this ignore file; check the path given to --ignore", true});
    return out;
  }
  std::string line;
  std::uint32_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    IgnoreEntry entry;
    entry.file = path;
    entry.line = number;
    std::string error;
    if (!parse_ignore_line(line, entry, error)) {
      problems.push_back({path, number, error + " (see docs/suppressions.md)", true});
      continue;
    }
    if (!entry.rule.empty() || !entry.fingerprint.empty() || !entry.path.empty()) {
      out.push_back(std::move(entry));
    }
  }
  return out;
}

std::string primary_path(const Finding& f, const FactStore& store) {
  if (f.evidence.empty()) return f.location_path;
  return store.document_of(f.evidence.front().fact).id;
}

std::string today_utc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

SuppressionOutcome apply_suppressions(std::vector<Finding>& findings, const FactStore& store,
                                      const std::vector<IgnoreEntry>& entries,
                                      const std::string& today) {
  SuppressionOutcome out;
  std::vector<InlineSuppression> inline_suppressions;
  for (const Document& doc : store.documents()) read_inline(doc, inline_suppressions, out.warnings);

  std::vector<const IgnoreEntry*> live;
  for (const IgnoreEntry& e : entries) {
    const std::string text = fmt::format("rule={} fingerprint={} path={} expires={}", e.rule,
                                         e.fingerprint, e.path, e.expires);
    if (!e.expires.empty() && e.expires < today) {  // YYYY-MM-DD compares as text
      out.warnings.push_back(warning(
          e.file, e.line, text,
          fmt::format("{}:{}: this ignore entry expired on {} and suppresses nothing now; fix "
                      "the findings it covered, or give it a later expires= date",
                      e.file, e.line, e.expires)));
      continue;
    }
    if (e.reason.empty()) {
      out.warnings.push_back(warning(
          e.file, e.line, text,
          fmt::format("{}:{}: this ignore entry has no reason; end it with reason=TEXT saying "
                      "why its findings are wrong",
                      e.file, e.line)));
    }
    live.push_back(&e);
  }

  for (Finding& f : findings) {
    for (const InlineSuppression& s : inline_suppressions) {
      if (covers(s, f, store)) {
        mark(f, s.reason, fmt::format("{}:{}", s.doc->id, s.line), out.suppressed);
      }
    }
    for (const IgnoreEntry* e : live) {
      if (entry_matches(*e, f, store)) {
        mark(f, e->reason, fmt::format("{}:{}", e->file, e->line), out.suppressed);
      }
    }
  }
  return out;
}

}  // namespace verity
