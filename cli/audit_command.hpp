// Declares the `verity audit` command (cli/audit_command.cpp), dispatched from cli/main.cpp.
#pragma once

#include <string>
#include <vector>

// `default_rules`: the shipped rule packs, used without --rules; `rules_dir`: where
// `import "std/NAME"` looks. Returns the exit code (docs/audit.md).
int cmd_audit(const std::vector<std::string>& args, const std::string& command_line,
              const std::vector<std::string>& default_rules, const std::string& rules_dir);
