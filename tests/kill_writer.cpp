// A writer for the kill tests (tests/test_hardening_log.cpp): opens a LogStore the way
// `verity check` does and logs one run of facts, then findings in batches, printing
// "committed N" (N = findings committed so far, all of them) after each batch returns. The test
// SIGKILLs it at chosen points and checks the database afterwards.
//
//   kill_writer DB BATCHES FINDINGS_PER_BATCH [die-in-facts=R | die-in-findings=R]
//
// die-in-facts=R / die-in-findings=R: the writer raises SIGKILL on itself when the R-th fact or
// finding row is inserted, that is inside an open transaction (an SQLite update hook installed
// on the log's own connection via sqlite3_auto_extension). Without it, it writes every batch,
// prints "done" and waits on stdin, so the parent can kill it between transactions.
#include <sqlite3.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "engine/builtin_schema.hpp"
#include "engine/document_loader.hpp"
#include "engine/log_store.hpp"

namespace {

std::string g_die_table;         // "facts" or "findings": where to die; empty: never
long long g_die_after_rows = 0;  // the row of g_die_table that kills
long long g_rows_seen = 0;

void on_update(void*, int op, const char*, const char* table, sqlite3_int64) {
  if (op != SQLITE_INSERT || g_die_table != table) return;
  if (++g_rows_seen == g_die_after_rows) std::raise(SIGKILL);  // mid-transaction, no cleanup
}

// Registered for every connection this process opens, so it sees the LogStore's own one.
int install_hook(sqlite3* db, char**, const sqlite3_api_routines*) {
  sqlite3_update_hook(db, on_update, nullptr);
  return SQLITE_OK;
}

// The message of finding `n`: the test finds every committed finding by it.
std::string message_of(long long n) {
  return "finding " + std::to_string(n);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace verity;
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: kill_writer DB BATCHES FINDINGS_PER_BATCH "
                 "[die-in-facts=R|die-in-findings=R]\n");
    return 2;
  }
  const std::string db = argv[1];
  const long long batches = std::atoll(argv[2]);
  const long long per_batch = std::atoll(argv[3]);
  if (argc > 4) {
    const std::string die = argv[4];
    const auto eq = die.find('=');
    g_die_table = die.substr(std::strlen("die-in-"), eq - std::strlen("die-in-"));
    g_die_after_rows = std::atoll(die.c_str() + eq + 1);
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(install_hook));
  }

  // One document with 20,000 facts: enough for write_facts to commit several batches.
  FactStore store(builtin_schema());
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "The bridge cost $" + std::to_string(i) + " million. ";
  std::vector<InputProblem> problems;
  const auto doc = store.add_document(make_document("story.md", "story.md", text, problems));
  std::vector<FactRef> facts;
  for (std::uint32_t i = 0, at = 0; i < 20000; ++i) {
    NewFact f;
    f.kind = "figure";
    f.span = {at, at + 10};
    f.fields = {{"value", static_cast<double>(i)}, {"unit", std::string("USD")}};
    facts.push_back(store.add_fact(doc, f, "kill_writer"));
    at += 10;
  }

  try {
    LogStore log(db);
    const auto run = log.begin_run({"test", "kill_writer", "hash"});
    log.write_facts(run, store);
    std::cout << "facts" << std::endl;
    long long committed = 0;
    for (long long b = 0; b < batches; ++b) {
      std::vector<Finding> findings;
      for (long long i = 0; i < per_batch; ++i) {
        const long long n = committed + i;
        findings.push_back({"kill.test",
                            Severity::error,
                            message_of(n),
                            {{"f", facts[static_cast<std::size_t>(n) % facts.size()]}},
                            std::to_string(n)});
      }
      log.write_findings(run, findings);
      committed += per_batch;
      std::cout << "committed " << committed << std::endl;  // endl: the parent reads each line
    }
    log.finish_run(run, "complete");
  } catch (const StoreError& e) {
    std::fprintf(stderr, "kill_writer: %s\n", e.what());
    return 2;
  }
  std::cout << "done" << std::endl;
  std::string line;
  std::getline(std::cin, line);  // wait to be killed (or for stdin to close)
  return 0;
}
