// The SARIF 2.1.0 report of a check run, for code-scanning tools (GitHub code scanning, IDEs).
// See docs/report-formats.md for the field mapping.
#pragma once

#include <string>

#include "engine/report.hpp"

namespace verity {

// One run: tool.driver with every rule that ran (id, title, help, default level, tags), one
// result per finding located at its primary fact (the summary's, for a summary), the other
// facts as related locations, the fingerprint as partialFingerprints["verity/v1"], and the
// files as artifacts. Paths under `root` are written relative to it. Byte-identical output for
// the same input: no timestamps, stable order.
std::string render_sarif(const EvalResult& result, const FactStore& store,
                         const ReportOptions& options, const std::string& root);

}  // namespace verity
