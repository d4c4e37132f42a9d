// Owns the severity levels of rules and findings, as rule files and reports spell them.
#pragma once

#include <string_view>

namespace verity {

enum class Severity { info, warning, error };

const char* severity_name(Severity s);
// "error", "warning", "info" → Severity; false for anything else.
bool parse_severity(std::string_view text, Severity& out);

}  // namespace verity
