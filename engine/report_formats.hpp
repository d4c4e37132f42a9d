// Chooses a check report's renderer by its --format name, and writes a report to --output.
#pragma once

#include <string>

#include "engine/report.hpp"

namespace verity {

// "text|json|sarif|junit|github": the names --format accepts, for messages.
extern const char* const kReportFormatNames;
bool is_report_format(const std::string& name);

// The report in `format` (a name is_report_format accepts). `root` is the folder the CI formats
// write paths relative to (the current folder, for the CLI).
std::string render_report(const std::string& format, const EvalResult& result,
                          const FactStore& store, const RunSummary& summary,
                          const ReportOptions& options, const std::string& root);

// The last line of a text report: the counts (`3 findings (…) in 2 documents…`).
std::string summary_line(const std::string& text_report);

// Writes `text` to `path` (replacing it); on failure returns a message naming the file and
// what to do, else "".
std::string write_report_file(const std::string& path, const std::string& text);

}  // namespace verity
