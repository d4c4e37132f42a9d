// Severity names, as rule files and reports spell them.
#include "dsl/severity.hpp"

namespace verity {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "error";
}

bool parse_severity(std::string_view text, Severity& out) {
  if (text == "error") {
    out = Severity::error;
  } else if (text == "warning") {
    out = Severity::warning;
  } else if (text == "info") {
    out = Severity::info;
  } else {
    return false;
  }
  return true;
}

}  // namespace verity
