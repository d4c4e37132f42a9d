// The limits of the engine in one place: how large a document, an archive line, a line of
// imported facts may be, and how many facts one document may yield. Each is far above real
// news (a long article is 50 KB) and low enough that a hostile or broken input gets a clear
// message naming the file instead of exhausting memory or running for hours.
// docs/hardening.md lists them with the reasons.
#pragma once

#include <cstddef>
#include <cstdint>

namespace verity::limits {

// Bytes of one document file (text, Markdown, HTML). Read whole, normalized and extracted.
inline constexpr std::uint64_t kMaxDocumentBytes = std::uint64_t{256} << 20;

// Bytes of one line of a .jsonl archive (one article). Lower than a document: a line is parsed
// as JSON first, which costs several times its size in memory.
inline constexpr std::size_t kMaxArchiveLineBytes = std::size_t{64} << 20;

// Bytes of one line of an imported facts file (--facts, JSON Lines).
inline constexpr std::size_t kMaxFactLineBytes = std::size_t{64} << 20;

// Facts the extractor takes from one document: one per 24 bytes of body plus 4096, and never
// more than this (news runs at one fact per 40 to 80 bytes). Past it the rest of the document
// is not read and a warning names the document.
inline constexpr std::size_t kMaxFactsPerDocument = 4'000'000;
inline constexpr std::size_t kFactBudgetBytesPerFact = 24;
inline constexpr std::size_t kFactBudgetBase = 4096;

// The most facts extraction may take from a body of `body_bytes`.
constexpr std::size_t fact_budget(std::size_t body_bytes) {
  const std::size_t budget = body_bytes / kFactBudgetBytesPerFact + kFactBudgetBase;
  return budget < kMaxFactsPerDocument ? budget : kMaxFactsPerDocument;
}

}  // namespace verity::limits
