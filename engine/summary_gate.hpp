// Owns the roles and stories of `verity check --summary FILE --sources DOCS…` (the CI gate):
// which documents are checked as summaries, which story their sources are put in, and which
// findings decide the exit code. docs/ci.md describes the choices for users.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/document.hpp"
#include "engine/fact_store.hpp"
#include "engine/finding.hpp"

namespace verity {

// A document given with --summary: its role becomes "summary" whatever its metadata says (the
// command line names it the summary). Its story stays as loaded: front matter / JSON Lines
// `story`, else its folder's name.
void mark_summary(Document& doc);

// The story every source is put in: the summaries' story when they all share one (the usual
// case, one summary file); nullopt when summaries of several stories were given (an archive of
// summaries), and then each source keeps the story of its own metadata.
std::optional<std::string> gate_story(const std::vector<const Document*>& summaries);

// A document given with --sources: a role "summary" in its metadata becomes "source" (it is
// given to support the summary, not to be checked as one; other roles are kept), and its story
// becomes `story` when there is one.
void mark_source(Document& doc, const std::optional<std::string>& story);

// True when one of the finding's evidence facts is in a document whose role is "summary" (or,
// for a finding without facts, its location is one): the findings that fail the gate (a
// finding only about sources is reported but does not fail it; the CLI also counts every
// `verity.suppression` warning, wherever it is).
bool involves_summary(const Finding& finding, const FactStore& store);

// One line per summary naming the sources it was checked against, as in
// `brief.md (story harbour) was checked against 2 sources: sources/a.md, sources/b.txt` (at most
// 10 names, then "and N more"): what a reader of a CI log needs to know what supported what.
std::string describe_gate(const FactStore& store);

}  // namespace verity
