// Blocking tokens for same_person() and similar() joins (the guarantees are in blocking.hpp).
// The person tokens follow same_person_names() in expr_eval.cpp step by step: keep them in step.
#include "engine/blocking.hpp"

#include <algorithm>
#include <cctype>

#include "engine/name_key.hpp"

namespace verity {
namespace {

void sort_unique(std::vector<std::string>& tokens) {
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
}

}  // namespace

std::vector<std::string> similarity_words(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    // Letters, digits and any byte of a multi-byte UTF-8 character belong to words.
    if (std::isalnum(u) || u >= 0x80) {
      cur += static_cast<char>(std::tolower(u));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::vector<std::string> word_block_tokens(std::string_view text) {
  std::vector<std::string> tokens = similarity_words(text);
  // Two texts without words are similar (1.0): they meet under the empty token, which no word
  // can be.
  if (tokens.empty()) return {std::string()};
  sort_unique(tokens);
  return tokens;
}

std::vector<std::string> person_block_tokens(std::string_view name, const AliasKeys* aliases,
                                             BlockSide side) {
  std::string key = name_key(name);
  if (key.empty()) return {};
  if (aliases != nullptr) {
    if (auto it = aliases->find(key); it != aliases->end()) key = it->second;
  }
  std::vector<std::string> tokens{"K" + key};
  // The words of the key, split as same_person_names() splits them.
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    tokens.push_back("W" + word);
    const bool initial = word.size() == 1;
    // An initial pairs only with a longer word with that first letter (two equal initials are a
    // shared word): the build side says what it has, the probe side what it can pair with.
    const bool says_initial = side == BlockSide::build ? initial : !initial;
    tokens.push_back(std::string(says_initial ? "S" : "L") + word.front());
    word.clear();
  };
  for (char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  sort_unique(tokens);
  return tokens;
}

}  // namespace verity
