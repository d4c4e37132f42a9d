// Shared helpers for the test files: a scratch folder per test (TempDir), reading a whole file
// (slurp), writing a file with its parent folders (write_file), and running a shell command or
// the verity executable with its exit code, stdout and stderr captured (run_command,
// run_verity). Header-only so that every test file includes it without a library of its own.
#pragma once

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

namespace verity_test {

// The whole file as bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes `bytes` to `p`, creating the parent folders first.
inline void write_file(const std::filesystem::path& p, std::string_view bytes) {
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A name unique within the machine for this run: the process id (ctest runs test cases in
// separate processes at once) and a per-process counter (one process may make many).
inline std::string unique_temp_name(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

// Aborts the test run, loudly, when a SQLite database under `folder` fails `PRAGMA
// integrity_check`: every test that leaves a log behind checks that it is sound
// (docs/hardening.md). Files that are not SQLite databases (tests write such files on purpose)
// and databases that cannot be opened are left alone.
inline void abort_unless_databases_sound(const std::filesystem::path& folder) {
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".db") continue;
    char header[16] = {};
    std::ifstream(it->path(), std::ios::binary).read(header, sizeof header);
    if (std::string_view(header, sizeof header) != std::string_view("SQLite format 3\0", 16)) {
      continue;
    }
    sqlite3* db = nullptr;
    std::string result;
    if (sqlite3_open_v2(it->path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
          const unsigned char* text = sqlite3_column_text(st, 0);
          result += text != nullptr ? reinterpret_cast<const char*>(text) : "";
        }
      }
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    if (!result.empty() && result != "ok") {
      std::fprintf(stderr, "FATAL: %s fails PRAGMA integrity_check after the test: %s\n",
                   it->path().c_str(), result.c_str());
      std::abort();
    }
  }
}

// A fresh scratch folder under the system temp dir, removed with everything in it at the end,
// after checking that every database in it is sound (abort_unless_databases_sound).
struct TempDir {
  std::filesystem::path path;

  TempDir() : path(std::filesystem::temp_directory_path() / unique_temp_name("verity-test")) {
    std::filesystem::remove_all(path);  // left over from an earlier process that had the same id
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    abort_unless_databases_sound(path);
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The path of `relative_name` inside the folder (nothing is created).
  std::string file(const std::string& relative_name) const {
    return (path / relative_name).string();
  }
  // Writes `bytes` to `relative_name` (parent folders created) and returns its path.
  std::string write(const std::string& relative_name, std::string_view bytes) const {
    const std::filesystem::path p = path / relative_name;
    write_file(p, bytes);
    return p.string();
  }
  // Where a test keeps its SQLite log.
  std::string db() const { return file("verity.db"); }
};

struct CommandResult {
  int code = -1;  // -1 when the command did not exit normally (a crash)
  std::string out, err;
};

// Runs `shell_command` through the shell, capturing stdout and stderr in files of their own
// outside any scratch folder (so a command that reads its working folder never sees them).
inline CommandResult run_command(const std::string& shell_command) {
  const std::filesystem::path base =
      std::filesystem::temp_directory_path() / unique_temp_name("verity-run");
  const std::filesystem::path out = base.string() + ".out", err = base.string() + ".err";
  const std::string cmd =
      "{ " + shell_command + " ; } > '" + out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::error_code ec;
  std::filesystem::remove(out, ec);
  std::filesystem::remove(err, ec);
  return r;
}

// Runs the verity executable with `args` (already shell-quoted where needed) in `workdir` (the
// test's own working folder when empty), with `env` ("NAME=value ...") set for it alone.
inline CommandResult run_verity(const std::filesystem::path& workdir, const std::string& args,
                                const std::string& env = "") {
  std::string cmd;
  if (!workdir.empty()) cmd = "cd '" + workdir.string() + "' && ";
  cmd += env + " '" VERITY_BINARY "' " + args;
  return run_command(cmd);
}

// Runs verity inside the scratch folder, so document ids are paths relative to it.
inline CommandResult run_verity(const TempDir& dir, const std::string& args,
                                const std::string& env = "") {
  return run_verity(dir.path, args, env);
}

}  // namespace verity_test
