// Owns the blocking tokens of fuzzy join conditions (dsl::BlockKey): functions that split a
// value into tokens such that a fuzzy condition can only be true for two values whose tokens
// intersect. The evaluator indexes a step's facts by their build tokens and tries, for each
// binding of the earlier variables, only the facts sharing a token with its probe tokens.
//
//   words:        similar(x, y) >= t with t > 0 needs a shared word (Jaccard on the word sets
//                 of similarity_words), or both word sets empty (similarity 1): an empty set
//                 gets the token "" of its own.
//   person_name:  same_person(x, y) is true when the (alias-mapped) name keys are equal, when
//                 the keys have the same words, or when every unshared word pairs with a word
//                 of the other name through an initial. The tokens: "K" + key, "W" + each word,
//                 and for initials a sided pair: a one-letter word c can only pair with a longer
//                 word starting with c, so the build side says "S"+c (one letter) or "L"+c
//                 (longer word) and the probe side asks for the opposite.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/expr_eval.hpp"

namespace verity {

// The words `similar()` compares: runs of ASCII letters and digits and of non-ASCII bytes,
// lowercased.
std::vector<std::string> similarity_words(std::string_view text);

// Tokens of a text for similar() >= t > 0; sorted, unique. Symmetric: the same for both sides.
std::vector<std::string> word_block_tokens(std::string_view text);

enum class BlockSide { build, probe };

// Tokens of a person name for same_person(); sorted, unique. same_person(x, y) true implies
// that person_block_tokens(x, probe) and person_block_tokens(y, build) intersect (and with x
// and y swapped). A name with an empty key has no tokens (same_person is false for it).
std::vector<std::string> person_block_tokens(std::string_view name, const AliasKeys* aliases,
                                             BlockSide side);

}  // namespace verity
