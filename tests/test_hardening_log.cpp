// The SQLite log under hostile conditions (docs/hardening.md): a writer killed with SIGKILL
// between transactions and inside one (tests/kill_writer.cpp), a read-only database file, a
// full disk (SQLite's page limit through the VERITY_TEST_MAX_PAGES test hook), and two
// `verity check` writing one database at once. After each, the database passes
// `PRAGMA integrity_check` and holds everything committed before the trouble.
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include <sqlite3.h>
#include <catch2/catch.hpp>

#include "engine/log_store.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace verity_test;
using namespace verity;

// `PRAGMA integrity_check` of the file, opened read-only by plain SQLite: "ok" when sound.
std::string integrity(const std::string& path) {
  sqlite3* db = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
      result.clear();
      while (sqlite3_step(st) == SQLITE_ROW) {
        result += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return result;
}

// The messages of every finding of every run.
std::set<std::string> logged_messages(const std::string& path) {
  LogStore log(path);
  std::set<std::string> out;
  for (const StoredRun& run : log.runs()) {
    for (const StoredFinding& f : log.read_findings(run.id)) {
      CHECK(!f.evidence.empty());  // a finding is never visible without its evidence
      out.insert(f.message);
    }
  }
  return out;
}

// A running tests/kill_writer with its stdout readable line by line.
class Writer {
 public:
  explicit Writer(const std::string& args) {
    const std::string cmd = "exec '" VERITY_KILL_WRITER "' " + args;
    int out[2], in[2];
    REQUIRE(::pipe(out) == 0);
    REQUIRE(::pipe(in) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::dup2(in[0], 0);
      ::close(out[0]);
      ::close(in[1]);
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(in[0]);
    stdin_ = in[1];
    stdout_ = ::fdopen(out[0], "r");
  }
  ~Writer() {
    if (pid_ > 0) kill_and_wait();
    if (stdout_ != nullptr) std::fclose(stdout_);
    ::close(stdin_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // The next line of output without its newline; "" at the end.
  std::string line() {
    char buf[256];
    if (std::fgets(buf, sizeof buf, stdout_) == nullptr) return "";
    std::string s(buf);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }
  // Sends SIGKILL (if still running) and returns the signal that ended the process, 0 when it
  // exited.
  int kill_and_wait() {
    ::kill(pid_, SIGKILL);
    return wait();
  }
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  FILE* stdout_ = nullptr;
};

// The number after "committed " in `line`.
long long committed_in(const std::string& line) {
  REQUIRE(line.rfind("committed ", 0) == 0);
  return std::stoll(line.substr(10));
}

void check_has_findings(const std::string& db, long long n) {
  const auto messages = logged_messages(db);
  for (long long i = 0; i < n; ++i) {
    if (!messages.count("finding " + std::to_string(i))) {
      FAIL("finding " << i << " was committed before the kill but is not in the log");
    }
  }
}

// Makes `path` unwritable even for root: mode 0444, and the immutable attribute when the
// process may set it (root on a file system that has it). False when neither holds.
bool make_read_only(const std::string& path) {
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  if (::geteuid() != 0) return true;
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;
  int flags = 0;
  bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
  flags |= FS_IMMUTABLE_FL;
  ok = ok && ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
  ::close(fd);
  return ok;
}

void make_writable(const std::string& path) {
  if (::geteuid() == 0) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    int flags = 0;
    if (fd >= 0 && ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
      flags &= ~FS_IMMUTABLE_FL;
      ::ioctl(fd, FS_IOC_SETFLAGS, &flags);
    }
    if (fd >= 0) ::close(fd);
  }
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
}

// Two documents of a story with findings (examples/harbor-bridge).
void write_story(const TempDir& tmp) {
  for (const char* name : {"coastal-herald.md", "valley-times.md"}) {
    tmp.write(name, slurp(fs::path(VERITY_SOURCE_DIR) / "examples" / "harbor-bridge" / name));
  }
}
const std::string kStoryFiles = "coastal-herald.md valley-times.md";

}  // namespace

TEST_CASE("kill: a writer killed between transactions leaves every committed finding",
          "[hardening][kill]") {
  for (const int after : {1, 3, 6}) {
    TempDir tmp;
    long long committed = 0;
    {
      Writer w("'" + tmp.db() + "' 6 500");
      REQUIRE(w.line() == "facts");
      for (int k = 0; k < after; ++k) committed = committed_in(w.line());
      CHECK(w.kill_and_wait() == SIGKILL);
    }
    INFO("killed after " << after << " commits");
    CHECK(integrity(tmp.db()) == "ok");
    check_has_findings(tmp.db(), committed);
  }
}

TEST_CASE("kill: a writer killed inside a transaction leaves the last committed state",
          "[hardening][kill]") {
  SECTION("while writing facts (20,000 facts commit every 10,000 rows)") {
    TempDir tmp;
    {
      Writer w("'" + tmp.db() + "' 2 100 die-in-facts=15000");
      CHECK(w.line().empty());  // died before "facts"
      CHECK(w.wait() == SIGKILL);
    }
    CHECK(integrity(tmp.db()) == "ok");
    LogStore log(tmp.db());
    REQUIRE(log.runs().size() == 1);
    CHECK(log.runs()[0].status == "running");  // visible as interrupted
    CHECK(log.read_findings(log.runs()[0].id).empty());
  }
  SECTION("while writing findings, after two batches were committed") {
    TempDir tmp;
    long long committed = 0;
    {
      // Batches of 15,000 findings: the log commits inside one every 10,000 rows too.
      Writer w("'" + tmp.db() + "' 4 15000 die-in-findings=40000");
      REQUIRE(w.line() == "facts");
      committed = committed_in(w.line());
      CHECK(committed_in(w.line()) == 30000);
      committed = 30000;
      CHECK(w.line().empty());
      CHECK(w.wait() == SIGKILL);
    }
    CHECK(integrity(tmp.db()) == "ok");
    // What is logged is a prefix of the findings: all committed ones, perhaps a batch the log
    // committed inside the last call, and nothing of the killed transaction.
    const auto logged = static_cast<long long>(logged_messages(tmp.db()).size());
    CHECK(logged >= committed);
    CHECK(logged < 40000);
    check_has_findings(tmp.db(), logged);
  }
}

TEST_CASE("a read-only database file gives a clear message and exit 2", "[hardening][log]") {
  TempDir tmp;
  write_story(tmp);
  REQUIRE(run_verity(tmp, "check --db verity.db " + kStoryFiles).code <= 1);
  if (!make_read_only(tmp.db())) {
    WARN("cannot make a file read-only for this user here; the read-only case is not tested");
    return;
  }
  const auto r = run_verity(tmp, "check --db verity.db " + kStoryFiles);
  make_writable(tmp.db());
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("verity.db: cannot ") &&
                        Catch::Contains("readonly database; check that the file and its folder "
                                        "are writable"));
  CHECK(integrity(tmp.db()) == "ok");
}

TEST_CASE("a full disk gives a clear message and keeps the committed runs readable",
          "[hardening][log]") {
  TempDir tmp;
  write_story(tmp);
  REQUIRE(run_verity(tmp, "check --db verity.db " + kStoryFiles).code <= 1);
  const auto before = logged_messages(tmp.db());
  REQUIRE(!before.empty());
  std::string pages;
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(tmp.db().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    pages = std::to_string(sqlite3_column_int64(st, 0) + 2);  // room for a little, not a run
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
  // A second run's facts and text do not fit in two more pages.
  std::string big;
  for (int i = 0; i < 400; ++i) big += "The council spent $" + std::to_string(i) + " million.\n";
  tmp.write("big.md", big);
  const auto r = run_verity(tmp, "check --db verity.db big.md " + kStoryFiles,
                            "VERITY_TEST_MAX_PAGES=" + pages);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("verity.db: cannot write") &&
                        Catch::Contains("database or disk is full; the disk is full; free some "
                                        "space and run again"));
  CHECK(integrity(tmp.db()) == "ok");
  CHECK(logged_messages(tmp.db()) == before);
  LogStore log(tmp.db());
  REQUIRE(log.runs().size() == 2);
  CHECK(log.runs()[0].status == "complete");
  CHECK(log.runs()[1].status != "complete");
}

TEST_CASE("two verity check writing one database at once both succeed", "[hardening][log]") {
  TempDir tmp;
  std::string text;
  for (int i = 0; i < 300; ++i) text += "The bridge cost $" + std::to_string(i) + " million.\n";
  tmp.write("story.md", text);
  const std::string cmd =
      "cd '" + tmp.path.string() + "' && '" VERITY_BINARY "' check --db verity.db story.md";
  const auto r = run_command("(" + cmd + " > a.out 2> a.err; echo $? > a.code) & (" + cmd +
                             " > b.out 2> b.err; echo $? > b.code) & (" + cmd +
                             " > c.out 2> c.err; echo $? > c.code) & wait");
  REQUIRE(r.code == 0);
  for (const char* name : {"a", "b", "c"}) {
    INFO(name << ": " << slurp(tmp.path / (std::string(name) + ".err")));
    CHECK(std::stoi(slurp(tmp.path / (std::string(name) + ".code"))) <= 1);
  }
  CHECK(integrity(tmp.db()) == "ok");
  LogStore log(tmp.db());
  REQUIRE(log.runs().size() == 3);
  for (const StoredRun& run : log.runs()) CHECK(run.status == "complete");
}
