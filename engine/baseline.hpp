// Owns baselines (docs/suppressions.md): a small JSON file recording the findings of a run by
// fingerprint, so that a later run fails only on findings that are not in it. The file is
// deterministic: entries sorted by fingerprint (then rule, path, message), two-space indented,
// with no timestamp, so the same findings give a byte-identical file.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "engine/fact_store.hpp"
#include "engine/finding.hpp"
#include "engine/input_problem.hpp"

namespace verity {

inline constexpr int kBaselineVersion = 1;

// The baseline text for `findings`: every finding that is not suppressed (a suppressed finding
// needs no baseline, and should fail again if its suppression expires).
std::string render_baseline(const std::vector<Finding>& findings, const FactStore& store);

// Writes render_baseline to `path`; false with a problem naming the file when it cannot.
bool write_baseline(const std::string& path, const std::vector<Finding>& findings,
                    const FactStore& store, std::vector<InputProblem>& problems);

// The fingerprints a baseline file records; a missing or malformed file is a fatal problem.
std::set<std::string> read_baseline(const std::string& path, std::vector<InputProblem>& problems);

// Marks findings whose fingerprint is in `fingerprints` as baselined; returns how many.
std::size_t apply_baseline(std::vector<Finding>& findings,
                           const std::set<std::string>& fingerprints);

}  // namespace verity
