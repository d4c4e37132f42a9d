// The JUnit XML report of a check run, for CI systems that show test results (GitLab, Jenkins,
// Azure). See docs/report-formats.md.
#pragma once

#include <string>

#include "engine/report.hpp"

namespace verity {

// <testsuites> with one <testsuite name="verity">: a <testcase> per rule that ran
// (classname: its rule pack, name: its id), with a <failure> per finding of that rule
// (message: the finding's message, type: its severity, text: where its facts are). Rule ids of
// findings that no plan has get a testcase of their own. No timestamps: the same input gives
// the same bytes. Paths under `root` are written relative to it.
std::string render_junit(const EvalResult& result, const FactStore& store,
                         const ReportOptions& options, const std::string& root);

// Text made safe for XML attribute values and element content: & < > " ' escaped, and the
// control characters XML 1.0 forbids replaced by U+FFFD.
std::string xml_escape(const std::string& text);

}  // namespace verity
