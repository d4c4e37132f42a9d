// Phase 1 of an audit: the coordinating thread reads documents one at a time; a document whose
// cache row matches (content hash, extractor version, rule-set hash) is not extracted again;
// the others go through a bounded queue to the worker threads running extract_facts, and come
// back to be written in batches (one transaction each) by the coordinating thread, which is the
// only one that touches SQLite. A stop request ends reading at the next document; what is in
// flight is finished and committed.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>
#include <unordered_set>

#include "engine/audit_phases.hpp"
#include "engine/audit_queue.hpp"
#include "engine/document_loader.hpp"
#include "engine/extract.hpp"
#include "engine/sha256.hpp"

namespace verity {
namespace {

struct StopReading {};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// What makes a document the same as last time: its id, normalized text, where extraction
// starts, and its metadata (a changed `published` changes relative dates). Not its path: an
// archive moved to another folder is not new.
std::string content_hash(const Document& doc) {
  std::string all = doc.id;
  all += '\0';
  all += doc.sha256;
  all += '\0';
  all += std::to_string(doc.body_begin);
  for (const auto& [key, value] : doc.meta) {
    all += '\0';
    all += key;
    all += '\0';
    all += value;
  }
  return sha256_hex(all);
}

std::string meta_or_empty(const Document& doc, const char* key) {
  auto it = doc.meta.find(key);
  return it == doc.meta.end() ? std::string() : it->second;
}

void extract_one(ExtractedDocument& e) {
  std::vector<NewFact> facts = extract_facts(e.doc, e.capped);
  if (e.capped) {
    for (const NewFact& f : facts) e.capped_at = std::max<std::uint64_t>(e.capped_at, f.span.end);
  }
  // Positions are computed now, while the text is here: the cached facts are evaluated later
  // without it.
  for (NewFact& f : facts) {
    if (!f.position) f.position = e.doc.position(f.span.begin);
  }
  e.fact_count = facts.size();
  e.signature = encode_signature(make_signature(meta_or_empty(e.doc, "published"), facts));
  e.facts_blob = encode_facts(facts);
}

}  // namespace

bool run_extract_phase(AuditContext& ctx) {
  const AuditOptions& options = ctx.options;
  BoundedQueue<ExtractedDocument> work(ctx.jobs * 4);
  BoundedQueue<ExtractedDocument> done(SIZE_MAX);
  FirstError worker_error;
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < ctx.jobs; ++i) {
    workers.emplace_back([&] {
      ExtractedDocument e;
      while (work.pop(e)) {
        try {
          extract_one(e);
        } catch (...) {
          worker_error.capture();
        }
        done.push(std::move(e));
      }
    });
  }

  std::vector<ExtractedDocument> pending;
  auto last_commit = Clock::now();
  auto commit = [&] {
    if (pending.empty()) return;
    const auto t = Clock::now();
    ctx.db.write_documents(ctx.run, ctx.ruleset_hash, pending);
    ctx.stats.write_seconds += seconds_since(t);
    for (ExtractedDocument& e : pending) {
      ctx.documents.push_back(
          {e.doc.id, e.story_given, e.content_hash, decode_signature(e.signature), true});
      ++ctx.stats.extracted;
      if (e.capped) {
        ctx.problems.push_back(fact_limit_reached(e.doc.path, e.doc.id, e.fact_count, e.capped_at));
      }
      ctx.stats.facts += e.fact_count;
      ctx.counts.facts += e.fact_count;
    }
    pending.clear();
    last_commit = Clock::now();
  };
  auto drain = [&] {
    while (auto e = done.try_pop()) pending.push_back(std::move(*e));
    if (pending.size() >= options.batch_documents ||
        (!pending.empty() && seconds_since(last_commit) >= options.batch_seconds)) {
      commit();
    }
  };

  std::unordered_set<std::string> seen;
  std::uint64_t bytes_done = 0;
  bool stopped = false;
  ctx.counts.phase = "extract";
  const auto phase_start = Clock::now();
  try {
    for (const std::string& path : ctx.paths) {
      if (ctx.stop_requested()) throw StopReading{};
      ReadOptions read;
      read.archive_story_from_folder = false;
      read.on_archive_bytes = [&](std::uint64_t b) { ctx.counts.bytes = bytes_done + b; };
      read_documents(
          path, ctx.problems,
          [&](Document&& doc) {
            if (ctx.stop_requested()) throw StopReading{};
            ++ctx.counts.documents;
            if (!seen.insert(doc.id).second) {
              ctx.problems.push_back({doc.path, 0,
                                      "a document with id '" + doc.id +
                                          "' was already read; this one is skipped (give each "
                                          "document its own id, and each file once)",
                                      false});
              return;
            }
            ExtractedDocument e;
            e.content_hash = content_hash(doc);
            e.story_given = meta_or_empty(doc, "story");
            const auto cached = ctx.db.cached(doc.id);
            if (cached && cached->content_hash == e.content_hash &&
                cached->extractor == kExtractorOrigin && cached->ruleset_hash == ctx.ruleset_hash) {
              ctx.documents.push_back({doc.id, e.story_given, e.content_hash,
                                       decode_signature(cached->signature),
                                       cached->run_id == ctx.run});
              ++ctx.stats.unchanged;
            } else {
              e.doc = std::move(doc);
              work.push(std::move(e));
            }
            drain();
            ctx.progress.update(ctx.counts);
          },
          read);
      std::error_code ec;
      const auto size = std::filesystem::file_size(path, ec);
      bytes_done += ec ? 0 : size;
      ctx.counts.bytes = bytes_done;
    }
  } catch (const StopReading&) {
    stopped = true;
  } catch (...) {
    work.close();
    for (auto& w : workers) w.join();
    throw;
  }
  work.close();
  for (auto& w : workers) w.join();
  while (auto e = done.try_pop()) pending.push_back(std::move(*e));
  commit();
  worker_error.rethrow_if_failed();
  ctx.stats.bytes = ctx.counts.bytes;
  ctx.stats.documents = ctx.stats.extracted + ctx.stats.unchanged;
  ctx.stats.extract_seconds += seconds_since(phase_start);
  return !stopped;
}

}  // namespace verity
