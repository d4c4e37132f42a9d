// Baseline files: writing, reading and applying them (format in docs/suppressions.md).
#include "engine/baseline.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/suppressions.hpp"

namespace verity {
namespace {

struct Entry {
  std::string fingerprint, rule, severity, message, path;
  auto key() const { return std::tie(fingerprint, rule, path, message, severity); }
};

}  // namespace

std::string render_baseline(const std::vector<Finding>& findings, const FactStore& store) {
  std::vector<Entry> entries;
  for (const Finding& f : findings) {
    if (f.suppressed) continue;
    entries.push_back({f.fingerprint, f.rule_id, std::string(severity_name(f.severity)), f.message,
                       primary_path(f, store)});
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.key() < b.key(); });
  using nlohmann::ordered_json;
  ordered_json list = ordered_json::array();
  for (const Entry& e : entries) {
    list.push_back({{"fingerprint", e.fingerprint},
                    {"rule", e.rule},
                    {"severity", e.severity},
                    {"message", e.message},
                    {"path", e.path}});
  }
  const ordered_json doc = {{"version", kBaselineVersion}, {"findings", std::move(list)}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool write_baseline(const std::string& path, const std::vector<Finding>& findings,
                    const FactStore& store, std::vector<InputProblem>& problems) {
  const std::string text = render_baseline(findings, store);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) {
    problems.push_back(
        {path, 0, "cannot write the baseline here; check that its folder exists and is writable",
         true});
    return false;
  }
  return true;
}

std::set<std::string> read_baseline(const std::string& path, std::vector<InputProblem>& problems) {
  std::set<std::string> out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(
        {path, 0, "cannot read this baseline; write one first with --write-baseline FILE", true});
    return out;
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::string body = text.str();
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  const auto bad = [&](const std::string& what) {
    problems.push_back({path, 0,
                        what + "; regenerate it with --write-baseline FILE (format in "
                               "docs/suppressions.md)",
                        true});
  };
  if (doc.is_discarded() || !doc.is_object()) {
    bad("this baseline is not a JSON object");
    return out;
  }
  const auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer() ||
      version->get<int>() != kBaselineVersion) {
    bad(fmt::format("this baseline's \"version\" is not {}", kBaselineVersion));
    return out;
  }
  const auto findings = doc.find("findings");
  if (findings == doc.end() || !findings->is_array()) {
    bad("this baseline has no \"findings\" array");
    return out;
  }
  for (std::size_t i = 0; i < findings->size(); ++i) {
    const auto& f = (*findings)[i];
    const auto fp = f.is_object() ? f.find("fingerprint") : f.end();
    if (!f.is_object() || fp == f.end() || !fp->is_string()) {
      bad(fmt::format("finding {} of this baseline has no \"fingerprint\" string", i + 1));
      return {};
    }
    out.insert(fp->get<std::string>());
  }
  return out;
}

std::size_t apply_baseline(std::vector<Finding>& findings,
                           const std::set<std::string>& fingerprints) {
  std::size_t count = 0;
  for (Finding& f : findings) {
    if (fingerprints.count(f.fingerprint) != 0) {
      f.baselined = true;
      ++count;
    }
  }
  return count;
}

}  // namespace verity
