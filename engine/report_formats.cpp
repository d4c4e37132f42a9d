// Report format dispatch and the --output file (engine/report_formats.hpp).
#include "engine/report_formats.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "engine/report_github.hpp"
#include "engine/report_junit.hpp"
#include "engine/report_sarif.hpp"

namespace verity {

const char* const kReportFormatNames = "text, json, sarif, junit or github";

bool is_report_format(const std::string& name) {
  return name == "text" || name == "json" || name == "sarif" || name == "junit" || name == "github";
}

std::string render_report(const std::string& format, const EvalResult& result,
                          const FactStore& store, const RunSummary& summary,
                          const ReportOptions& options, const std::string& root) {
  if (format == "json") return render_json(result, store, summary, options);
  if (format == "sarif") return render_sarif(result, store, options, root);
  if (format == "junit") return render_junit(result, store, options, root);
  if (format == "github") return render_github(result, store, options, root);
  return render_text(result, store, summary, options);
}

std::string summary_line(const std::string& text_report) {
  std::string_view text = text_report;
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  const auto newline = text.rfind('\n');
  return std::string(newline == std::string_view::npos ? text : text.substr(newline + 1));
}

std::string write_report_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (out) out.close();
  if (!out) {
    return path + ": cannot write the report (" + std::strerror(errno) +
           "); check that its folder exists and is writable";
  }
  return "";
}

}  // namespace verity
