// The fuzz targets as plain functions, one per reader of untrusted bytes. The libFuzzer mains
// (fuzz/fuzz_main_*.cpp) call them, and so does the regression replay of the normal build
// (tests/test_fuzz_regressions.cpp), so a crash found by fuzzing stays fixed in every build.
// Each function must not throw for any input: an exception that escapes is a bug (libFuzzer
// reports it as a crash). Cheap invariants (spans inside their text, begin <= end, valid
// UTF-8 out of normalized text) are checked and a violation throws InvariantBroken.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace verity::fuzz {

// An invariant of a reader's output did not hold for some input.
class InvariantBroken : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// The rule language: the bytes are the text of a rule file, compiled (parse, check, plan) in a
// private temporary folder holding a small imported rule file and two tables, then, when it
// compiles, evaluated over the facts of a small built-in article.
void fuzz_rules(const std::uint8_t* data, std::size_t size);

// The document reader and the extractor: the first byte picks the format by name (.txt, .md
// or .html), the rest are the file's bytes; the document's facts are extracted.
void fuzz_document(const std::uint8_t* data, std::size_t size);

// `--facts`: the bytes are a JSON Lines facts file, imported into a store that already holds
// a document with text ("doc.md"), then every fact is written back as JSON.
void fuzz_facts(const std::uint8_t* data, std::size_t size);

// The news archive reader: the bytes are a .jsonl archive; each article is extracted.
void fuzz_archive(const std::uint8_t* data, std::size_t size);

// Reference tables: the first byte picks CSV or JSON Lines and which columns have declared
// types; the rest is the table file. Its rows are then added as facts.
void fuzz_table(const std::uint8_t* data, std::size_t size);

struct FuzzTarget {
  std::string_view name;
  void (*run)(const std::uint8_t*, std::size_t);
};

// Every target, by the name used for its binary (fuzz_NAME), its corpus folder and its folder
// of regression inputs (tests/fuzz-regressions/NAME).
const std::vector<FuzzTarget>& fuzz_targets();

}  // namespace verity::fuzz
