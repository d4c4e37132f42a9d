// An audit survives being stopped (docs/audit.md): kill -9 part-way (a child process, and at a
// chosen transaction through the test-only VERITY_AUDIT_TEST_KILL hook) and SIGINT leave a
// consistent database, and the next audit continues the same run to the findings of an
// uninterrupted audit; a second audit on a database another audit holds stops with exit 2,
// and the lock of a killed audit is taken over.
#include <unistd.h>

#include <algorithm>

#include <catch2/catch.hpp>

#include "support/audit_archive.hpp"
#include "support/test_support.hpp"

using namespace verity_test;

namespace {

// (rule, fingerprint) of every finding of the run, sorted.
std::vector<std::string> findings_of(const std::string& db, int run) {
  RawDb raw(db);
  auto rows = raw.column(
      "SELECT rule_id || ' ' || fingerprint || ' ' || coalesce(story, '') "
      "FROM findings WHERE run_id = " +
      std::to_string(run));
  std::sort(rows.begin(), rows.end());
  return rows;
}

// The findings of an uninterrupted audit of `archive` on a fresh database.
std::vector<std::string> reference_findings(const TempDir& dir) {
  const CommandResult r = run_verity(dir, "audit --quiet --db reference.db archive.jsonl");
  REQUIRE(r.code == 0);
  return findings_of(dir.file("reference.db"), 1);
}

void check_consistent(const std::string& db) {
  RawDb raw(db);
  CHECK(raw.one("PRAGMA integrity_check") == "ok");
  CHECK(raw.column("PRAGMA foreign_key_check").empty());
}

}  // namespace

TEST_CASE("an audit killed with kill -9 part-way resumes to the same findings", "[audit]") {
  TempDir dir;
  const ArchiveSpec spec{100};
  dir.write("archive.jsonl", archive_text(spec));
  {
    AuditChild child(
        dir.path.string(),
        {"audit", "--quiet", "--jobs", "1", "--batch", "4", "--db", "verity.db", "archive.jsonl"},
        dir.file("child.err"));
    REQUIRE(wait_for_count(dir.db(), "SELECT count(*) FROM audit_documents", 8));
    kill(child.pid, SIGKILL);
    CHECK(child.wait() == -SIGKILL);
  }
  check_consistent(dir.db());
  RawDb raw(dir.db());
  const long logged = std::stol(raw.one("SELECT count(*) FROM audit_documents"));
  CHECK(logged < article_count(spec));  // it was killed part-way
  CHECK(raw.one("SELECT status FROM runs WHERE id = 1") == "running");

  const CommandResult resumed =
      run_verity(dir, "audit --quiet --db verity.db --stats stats.json archive.jsonl");
  INFO(resumed.err);
  REQUIRE(resumed.code == 0);
  CHECK_THAT(resumed.err, Catch::Contains("taking it over"));
  CHECK_THAT(resumed.err, Catch::Contains("continuing audit run 1"));
  const auto stats = nlohmann::json::parse(slurp(dir.file("stats.json")));
  CHECK(stats["run"] == 1);
  CHECK(stats["unchanged"].get<long>() >= logged);  // what the killed part logged is kept
  CHECK(stats["extracted"].get<long>() + stats["unchanged"].get<long>() == article_count(spec));
  CHECK(raw.one("SELECT status FROM runs WHERE id = 1") == "complete");
  CHECK(raw.one("SELECT count(*) FROM runs") == "1");
  check_consistent(dir.db());
  CHECK(findings_of(dir.db(), 1) == reference_findings(dir));
}

TEST_CASE("an audit killed inside a transaction loses only that batch", "[audit]") {
  TempDir dir;
  const ArchiveSpec spec{30};
  dir.write("archive.jsonl", archive_text(spec));
  const auto reference = reference_findings(dir);
  for (const std::string hook : {"extract:3", "evaluate:2"}) {
    DYNAMIC_SECTION(hook) {
      const std::string db = "killed-" + hook.substr(0, hook.find(':')) + ".db";
      const std::string args = "audit --quiet --jobs 1 --batch 5 --db " + db + " archive.jsonl";
      const CommandResult killed = run_verity(dir, args, "VERITY_AUDIT_TEST_KILL=" + hook);
      // Killed by the hook's SIGKILL: the shell reports 128 + 9.
      CHECK(killed.code == 128 + SIGKILL);
      check_consistent(dir.file(db));
      RawDb raw(dir.file(db));
      if (hook == "extract:3") {
        // Two batches committed (about five documents each: a batch also closes after a
        // second, and takes what the workers finished); the third, killed before COMMIT, is gone.
        const long logged = std::stol(raw.one("SELECT count(*) FROM audit_documents"));
        CHECK(logged >= 2);
        CHECK(logged < article_count(spec));
        CHECK(raw.one("SELECT count(*) FROM documents") == std::to_string(logged));
      } else {
        CHECK(raw.one("SELECT count(*) FROM audit_documents") ==
              std::to_string(article_count(spec)));
        const long stories = std::stol(raw.one("SELECT count(*) FROM audit_stories"));
        CHECK(stories >= 1);  // the first batch of stories, not the second
        CHECK(stories < spec.stories);
      }
      const CommandResult resumed = run_verity(dir, args);
      INFO(resumed.err);
      REQUIRE(resumed.code == 0);
      CHECK_THAT(resumed.err, Catch::Contains("continuing audit run 1, which was killed"));
      CHECK(findings_of(dir.file(db), 1) == reference);
      check_consistent(dir.file(db));
    }
  }
}

TEST_CASE("SIGINT stops an audit at a batch boundary and the next run resumes it", "[audit]") {
  TempDir dir;
  const ArchiveSpec spec{100};
  dir.write("archive.jsonl", archive_text(spec));
  const std::vector<std::string> args = {
      "audit", "--jobs",       "1", "--batch", "4", "--db", "verity.db", "--progress-interval",
      "0.05",  "archive.jsonl"};
  {
    AuditChild child(dir.path.string(), args, dir.file("child.err"));
    REQUIRE(wait_for_count(dir.db(), "SELECT count(*) FROM audit_documents", 4));
    kill(child.pid, SIGINT);
    CHECK(child.wait() == 130);
  }
  const std::string err = slurp(dir.file("child.err"));
  INFO(err);
  CHECK_THAT(err, Catch::Contains("interrupted after"));
  CHECK_THAT(err, Catch::Contains("run the same command again to resume"));
  CHECK_THAT(err, Catch::Contains("verity audit: run 1: "));
  RawDb raw(dir.db());
  CHECK(raw.one("SELECT status FROM runs WHERE id = 1") == "interrupted");
  CHECK(raw.one("SELECT count(*) FROM audit_lock") == "0");  // released on the way out
  check_consistent(dir.db());

  const CommandResult resumed = run_verity(dir, "audit --quiet --db verity.db archive.jsonl");
  INFO(resumed.err);
  REQUIRE(resumed.code == 0);
  CHECK_THAT(resumed.err, Catch::Contains("continuing audit run 1, which was interrupted"));
  CHECK_THAT(resumed.err, Catch::Contains("verity audit: run 1: " +
                                          std::to_string(article_count(spec)) + " documents"));
  CHECK(findings_of(dir.db(), 1) == reference_findings(dir));
}

TEST_CASE("a second audit on a database another audit holds stops with exit 2", "[audit]") {
  TempDir dir;
  const ArchiveSpec spec{10};
  dir.write("archive.jsonl", archive_text(spec));
  REQUIRE(run_verity(dir, "audit --quiet --db verity.db archive.jsonl").code == 0);
  char host[256] = {};
  REQUIRE(gethostname(host, sizeof host - 1) == 0);
  RawDb raw(dir.db());

  SECTION("a live holder: exit 2, naming the file, the process and what to do") {
    // This test process stands in for a running audit.
    REQUIRE(raw.exec("INSERT INTO audit_lock VALUES(1, " + std::to_string(getpid()) + ", '" + host +
                     "', '2024-01-01T00:00:00Z')"));
    const CommandResult second = run_verity(dir, "audit --quiet --db verity.db archive.jsonl");
    CHECK(second.code == 2);
    CHECK_THAT(second.err,
               Catch::Contains("verity.db: another audit (process " + std::to_string(getpid())));
    CHECK_THAT(second.err, Catch::Contains("run this command again to resume"));
    CHECK(raw.one("SELECT count(*) FROM runs") == "1");  // it started nothing
  }

  SECTION("a real audit in progress") {
    dir.write("big.jsonl", archive_text(ArchiveSpec{150, true, -1, 100}));
    AuditChild child(
        dir.path.string(),
        {"audit", "--quiet", "--jobs", "1", "--batch", "4", "--db", "verity.db", "big.jsonl"},
        dir.file("child.err"));
    REQUIRE(wait_for_count(dir.db(), "SELECT count(*) FROM runs WHERE id = 2", 1));
    const CommandResult second = run_verity(dir, "audit --quiet --db verity.db archive.jsonl");
    CHECK(second.code == 2);
    CHECK_THAT(second.err, Catch::Contains("another audit (process " + std::to_string(child.pid)));
    kill(child.pid, SIGKILL);
    child.wait();
    // The killed holder's lock is taken over, and its run continued.
    const CommandResult third = run_verity(dir, "audit --quiet --db verity.db big.jsonl");
    INFO(third.err);
    CHECK(third.code == 0);
    CHECK_THAT(third.err, Catch::Contains("taking it over"));
    CHECK_THAT(third.err, Catch::Contains("continuing audit run 2"));
  }

  SECTION("a dead holder's lock is taken over with a note") {
    const pid_t gone = fork();
    if (gone == 0) _exit(0);
    waitpid(gone, nullptr, 0);
    REQUIRE(raw.exec("INSERT INTO audit_lock VALUES(1, " + std::to_string(gone) + ", '" + host +
                     "', '2024-01-01T00:00:00Z')"));
    const CommandResult next = run_verity(dir, "audit --quiet --db verity.db archive.jsonl");
    INFO(next.err);
    CHECK(next.code == 0);
    CHECK_THAT(next.err, Catch::Contains("audit lock of process " + std::to_string(gone)));
    CHECK(raw.one("SELECT count(*) FROM audit_lock") == "0");
  }
}

TEST_CASE("audit usage errors and rule errors", "[audit]") {
  TempDir dir;
  dir.write("archive.jsonl", archive_text(ArchiveSpec{2}));
  CHECK(run_verity(dir, "audit --db verity.db").code == 2);
  CHECK(run_verity(dir, "audit --jobs 0 archive.jsonl").code == 2);
  const CommandResult missing = run_verity(dir, "audit --db verity.db nowhere.jsonl");
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains("nowhere.jsonl"));
  dir.write("bad.rules", "rule broken {\n");
  const CommandResult rules =
      run_verity(dir, "audit --rules bad.rules --db verity.db archive.jsonl");
  CHECK(rules.code == 3);
  CHECK_THAT(rules.err, Catch::Contains("bad.rules:"));
}

TEST_CASE("a resumed audit keeps only the stories of the inputs it finishes with", "[audit]") {
  TempDir dir;
  dir.write("archive.jsonl", archive_text(ArchiveSpec{20}));
  dir.write("other.jsonl", archive_text(ArchiveSpec{20, true, -1, 100}));
  const CommandResult killed =
      run_verity(dir, "audit --quiet --jobs 1 --batch 5 --db verity.db archive.jsonl",
                 "VERITY_AUDIT_TEST_KILL=evaluate:2");
  CHECK(killed.code == 128 + SIGKILL);
  RawDb raw(dir.db());
  REQUIRE(raw.one("SELECT count(*) FROM audit_stories WHERE story = 'story-0'") == "1");
  const CommandResult resumed = run_verity(dir, "audit --quiet --db verity.db other.jsonl");
  INFO(resumed.err);
  REQUIRE(resumed.code == 0);
  CHECK_THAT(resumed.err, Catch::Contains("continuing audit run 1"));
  CHECK(raw.one("SELECT count(*) FROM audit_stories WHERE run_id = 1 AND story = 'story-0'") ==
        "0");
  CHECK(raw.one("SELECT count(*) FROM findings WHERE run_id = 1 AND story NOT LIKE 'story-1__'") ==
        "0");
  CHECK(raw.one("SELECT count(*) FROM audit_stories WHERE run_id = 1") == "20");
  check_consistent(dir.db());
}

TEST_CASE("a file that disappears during an audit is reported and the audit goes on",
          "[audit][hardening]") {
  TempDir dir;
  const ArchiveSpec spec{100};
  dir.write("archive.jsonl", archive_text(spec));
  dir.write("zz-late.txt", "Late note\n\nThe council approved $4 million on Monday.\n");
  int code = 0;
  {
    // The paths are listed when the audit starts; the late file is removed while the archive
    // before it is still being read.
    AuditChild child(dir.path.string(),
                     {"audit", "--quiet", "--jobs", "1", "--batch", "4", "--db", "verity.db",
                      "archive.jsonl", "zz-late.txt"},
                     dir.file("child.err"));
    REQUIRE(wait_for_count(dir.db(), "SELECT count(*) FROM audit_documents", 8));
    std::filesystem::remove(dir.file("zz-late.txt"));
    code = child.wait();
  }
  const std::string err = slurp(dir.file("child.err"));
  INFO(err);
  CHECK(code == 0);
  CHECK_THAT(err, Catch::Contains("zz-late.txt: error: no such file or folder"));
  RawDb raw(dir.db());
  CHECK(raw.one("SELECT count(*) FROM audit_documents") == std::to_string(article_count(spec)));
  CHECK(raw.one("SELECT status FROM runs WHERE id = 1") == "complete-with-input-errors");
  check_consistent(dir.db());
}
