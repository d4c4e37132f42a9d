// Test support for the audit tests (tests/test_audit*.cpp): a deterministic little writer of
// news archives (JSON Lines) with stories of 2–6 sources, a planted figure discrepancy in every
// tenth story, and helpers to read a SQLite log and to run `verity audit` as a child process
// that a test can kill.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace verity_test {

struct ArchiveSpec {
  int stories = 60;
  bool story_field = true;  // false: records name no story (the audit groups them)
  int fixed_story = -1;     // this planted story's discrepancy is corrected
  int first_story = 0;
};

inline bool is_planted(int story) {
  return story % 10 == 3;
}
inline int sources_of(int story) {
  return 2 + story % 5;
}
inline std::string story_name(int story) {
  return "story-" + std::to_string(story);
}

inline std::string person(int story, int which) {
  static const char* given[] = {"Elena",  "Tomas", "Amara",  "Kofi",   "Ingrid", "Rajesh", "Mei",
                                "Pedro",  "Leila", "Henrik", "Sofia",  "Omar",   "Astrid", "Yuki",
                                "Zanele", "Mateo", "Chiara", "Dmitry", "Grace",  "Arjun"};
  static const char* family[] = {"Varga",  "Lindqvist", "Okafor", "Mensah",  "Solberg",
                                 "Nair",   "Chen",      "Alves",  "Haddad",  "Berg",
                                 "Rossi",  "Farouk",    "Dahl",   "Tanaka",  "Dlamini",
                                 "Suarez", "Greco",     "Ivanov", "Adeyemi", "Kapoor"};
  const int g = (story * 7 + which * 3) % 20;
  const int f = (story + which * 11) % 20;
  return std::string(given[g]) + " " + family[f];
}

// "$12.5 million" from tenths of a million.
inline std::string millions(int tenths) {
  return "$" + std::to_string(tenths / 10) +
         (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + " million";
}

inline std::string article_text(int story, int source, bool fixed) {
  static const char* subjects[] = {"harbor repair contract",      "school renovation contract",
                                   "bridge maintenance contract", "water treatment contract",
                                   "library expansion contract",  "road resurfacing contract"};
  int tenths = 50 + (story % 17) * 15;
  if (is_planted(story) && !fixed && source == 1) tenths += 25;  // the planted discrepancy
  const std::string p1 = person(story, 0), p2 = person(story, 1);
  return "Council backs plan number " + std::to_string(story) +
         "\n\nThe city council approved the " + subjects[story % 6] + " worth " + millions(tenths) +
         " on Monday, Mayor " + p1 + " said. \"We will finish the work before winter,\" " + p1 +
         " told reporters. Engineer " + p2 + " said " + std::to_string(100 + story * 3) +
         " workers would start in April.\n";
}

inline std::string archive_text(const ArchiveSpec& spec) {
  std::string out;
  for (int s = spec.first_story; s < spec.first_story + spec.stories; ++s) {
    for (int j = 0; j < sources_of(s); ++j) {
      nlohmann::json record = {{"id", story_name(s) + "-source-" + std::to_string(j)},
                               {"outlet", "Outlet " + std::to_string(j)},
                               {"published", "2024-03-" + std::string(s % 28 + 1 < 10 ? "0" : "") +
                                                 std::to_string(s % 28 + 1)},
                               {"text", article_text(s, j, s == spec.fixed_story)}};
      if (spec.story_field) record["story"] = story_name(s);
      out += record.dump() + "\n";
    }
  }
  return out;
}

inline int article_count(const ArchiveSpec& spec) {
  int n = 0;
  for (int s = spec.first_story; s < spec.first_story + spec.stories; ++s) n += sources_of(s);
  return n;
}

// Reads a SQLite file with queries returning text; a missing table reads as no rows.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  std::vector<std::string> column(const std::string& sql) const {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        const auto* t = sqlite3_column_text(st, 0);
        out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
      }
    }
    sqlite3_finalize(st);
    return out;
  }
  std::string one(const std::string& sql) const {
    auto c = column(sql);
    return c.empty() ? std::string() : c.front();
  }
  bool exec(const std::string& sql) const {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }

 private:
  sqlite3* db_ = nullptr;
};

// `verity audit ARGS` as a child process in `dir`, with stderr to `err_file`.
struct AuditChild {
  pid_t pid = -1;

  AuditChild(const std::string& dir, const std::vector<std::string>& args,
             const std::string& err_file) {
    pid = fork();
    if (pid == 0) {
      if (chdir(dir.c_str()) != 0) _exit(126);
      const int fd = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, 2);
        dup2(fd, 1);
      }
      std::vector<char*> argv;
      static std::string binary = VERITY_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
  }
  // The exit code, or -signal when killed by a signal.
  int wait() {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1000;
    pid = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return -1000;
  }
  ~AuditChild() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
  AuditChild(const AuditChild&) = delete;
  AuditChild& operator=(const AuditChild&) = delete;
};

// Waits until `sql` returns a number >= `at_least` (up to `seconds`); false on time-out.
inline bool wait_for_count(const std::string& db, const std::string& sql, long at_least,
                           double seconds = 60) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (std::filesystem::exists(db)) {
      RawDb raw(db);
      const std::string n = raw.one(sql);
      if (!n.empty() && std::stol(n) >= at_least) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

}  // namespace verity_test
