// GitHub Actions workflow commands for a check run: one `::error`/`::warning`/`::notice` line
// per finding, which GitHub shows as an annotation on the file and line of the change.
#pragma once

#include <string>

#include "engine/report.hpp"

namespace verity {

// `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE` per finding at
// its primary fact (the summary's, for a summary); warning and notice for lower severities.
// The message continues with the other facts' places. Paths under `root` are written relative
// to it. See docs/report-formats.md.
std::string render_github(const EvalResult& result, const FactStore& store,
                          const ReportOptions& options, const std::string& root);

// Escaping that GitHub's runner undoes: in the message % \r \n; in a property value also : ,
std::string github_escape_data(const std::string& text);
std::string github_escape_property(const std::string& text);

}  // namespace verity
