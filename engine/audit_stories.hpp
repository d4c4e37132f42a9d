// Owns how an audit groups documents into stories (docs/audit.md, "Stories"): a document's
// `story` field wins; a record without one is linked to the records published within a window
// of days that share at least two keys with it, one of them a person (keys: person keys and
// exact figures; a key named in too many documents of the window is too common to tell stories
// apart and is ignored). Linked records without a story
// form a group, which joins the named story it is linked to most, or else is named "auto:" +
// its smallest document id. A record with no date or no people is a story of its own.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/audit_codec.hpp"

namespace verity {

struct StoryInput {
  std::string uri;
  std::string story_given;  // the document's `story` (or its folder, for files); empty: none
  StorySignature signature;
};

struct StoryRule {
  int window_days = 3;            // |published a - published b| <= window_days
  std::size_t too_common = 50;    // a key in more records of a window than this is ignored
  std::size_t shared_keys = 2;    // keys (people and exact figures) two records must share
  std::size_t shared_people = 1;  // of which people
};

// The story of each input, by index.
std::vector<std::string> assign_stories(const std::vector<StoryInput>& documents,
                                        const StoryRule& rule);

}  // namespace verity
