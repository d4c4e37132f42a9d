// Person keys (the rules are in name_key.hpp). Names are short, so the syllable parser is a
// plain recursive search; it is bounded by refusing words longer than 16 letters.
#include "engine/name_key.hpp"

#include <vector>

#include "engine/extract_lexicon.hpp"
#include "engine/text_util.hpp"

namespace verity {
namespace {

using extract::decode_at;
using extract::fold_append;
using extract::is_apostrophe;
using extract::is_hyphen;
using extract::is_space;

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}
bool is_ascii_lower(char c) {
  return c >= 'a' && c <= 'z';
}

struct Word {
  std::vector<std::string> pieces;  // folded, split at hyphens
  bool hyphenated = false;
};

// Splits a name into words (at spaces) and words into pieces (at hyphens); folds each piece and
// drops periods and apostrophes.
std::vector<Word> split_name(std::string_view name) {
  std::vector<Word> words;
  Word cur;
  std::string piece;
  auto end_piece = [&] {
    if (!piece.empty()) cur.pieces.push_back(std::move(piece));
    piece.clear();
  };
  auto end_word = [&] {
    end_piece();
    if (!cur.pieces.empty()) words.push_back(std::move(cur));
    cur = Word{};
  };
  for (std::size_t i = 0; i < name.size();) {
    const extract::CodePoint c = decode_at(name, i);
    if (is_space(c.cp)) {
      end_word();
    } else if (is_hyphen(c.cp)) {
      end_piece();
      cur.hyphenated = true;
    } else if (!is_apostrophe(c.cp) && c.cp != '.') {
      fold_append(name.substr(i, c.len), piece);
    }
    i += c.len;
  }
  end_word();
  for (Word& w : words) {
    if (w.pieces.size() < 2) w.hyphenated = false;
  }
  return words;
}

// One syllable of a romanized Korean or Chinese name at p[i..]; calls on() with each possible
// end. Shape: initial consonant(s), optional glide y/w, one to three vowels, optional final.
template <typename F>
void syllable_ends(std::string_view p, std::size_t i, F&& on) {
  static constexpr std::string_view kInitials2[] = {"kk", "tt", "pp", "ss", "jj", "ch",
                                                    "sh", "zh", "ts", "ph", "th", "kh"};
  static constexpr std::string_view kFinals[] = {"ng", "hn", "rk", "n", "m", "k",
                                                 "l",  "p",  "t",  "r", "g", ""};
  std::size_t starts[3];
  std::size_t count = 0;
  for (std::string_view in : kInitials2) {
    if (p.substr(i, 2) == in) starts[count++] = i + 2;
    if (count == 1) break;
  }
  if (i < p.size() && !is_vowel(p[i])) starts[count++] = i + 1;
  starts[count++] = i;
  for (std::size_t s = 0; s < count; ++s) {
    std::size_t j = starts[s];
    for (int glide = 0; glide < 2; ++glide) {
      std::size_t k = j;
      if (glide == 1) {
        if (k >= p.size() || (p[k] != 'y' && p[k] != 'w') || k == i) continue;
        ++k;
      }
      std::size_t v = k;
      while (v < p.size() && v - k < 3 && is_vowel(p[v])) {
        ++v;
        for (std::string_view fin : kFinals) {
          if (p.substr(v, fin.size()) == fin) on(v + fin.size());
        }
      }
    }
  }
}

// Whether p[i..] splits into at most `left` romanized syllables.
bool syllables(std::string_view p, std::size_t i, int left) {
  if (i == p.size()) return true;
  if (left == 0) return false;
  bool ok = false;
  syllable_ends(p, i, [&](std::size_t end) {
    if (!ok && end > i) ok = syllables(p, end, left - 1);
  });
  return ok;
}

bool ascii_piece(const std::string& p) {
  if (p.empty() || p.size() > 16) return false;
  for (char c : p) {
    if (!is_ascii_lower(c)) return false;
  }
  return true;
}

bool romanized_piece(const std::string& p) {
  return ascii_piece(p) && syllables(p, 0, 3);
}

bool one_syllable(const std::string& p) {
  return ascii_piece(p) && syllables(p, 0, 1);
}

bool is_surname(const Word& w) {
  return w.pieces.size() == 1 && extract::lex_lookup(w.pieces[0]).has(extract::kEastAsianSurname);
}

// Romanized: every piece splits into syllables, and either a surname opens or closes the name
// or a hyphen joins single syllables (Jong-un, Ji-hoon; not Jean-Paul Martin, whose Martin has
// two).
bool romanized(const std::vector<Word>& words) {
  if (words.empty()) return false;
  bool hyphen = false, single = true;
  for (const Word& w : words) {
    hyphen = hyphen || w.hyphenated;
    for (const std::string& p : w.pieces) {
      if (!romanized_piece(p)) return false;
      single = single && one_syllable(p);
    }
  }
  return (hyphen && single) || is_surname(words.front()) || is_surname(words.back());
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (s.find(from) == std::string::npos) return;  // the usual case: nothing to copy
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, from.size(), from) == 0) {
      out += to;
      i += from.size();
    } else {
      out += s[i++];
    }
  }
  s.swap(out);
}

std::string fold_syllables(std::string p) {
  replace_all(p, "oo", "u");
  replace_all(p, "ee", "i");
  replace_all(p, "eo", "o");
  replace_all(p, "ou", "u");
  replace_all(p, "eu", "u");
  replace_all(p, "yu", "yo");
  replace_all(p, "ung", "ong");
  replace_all(p, "ch", "j");
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == 'd') c = 't';
    if (c == 'b') c = 'p';
    if (c == 'g' && !(i > 0 && p[i - 1] == 'n')) c = 'k';
    // Park/Pak: an r closing a syllable is not written by every romanization.
    if (c == 'r' && i > 0 && is_vowel(p[i - 1]) && (i + 1 == p.size() || !is_vowel(p[i + 1]))) {
      continue;
    }
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  return out;
}

std::string key_of(const std::vector<Word>& words) {
  std::string key;
  if (romanized(words)) {
    for (const Word& w : words) {
      for (const std::string& p : w.pieces) key += fold_syllables(p);
    }
    return key;
  }
  for (const Word& w : words) {
    for (const std::string& p : w.pieces) {
      if (!key.empty()) key += ' ';
      key += p;
    }
  }
  return key;
}

}  // namespace

std::string name_key(std::string_view name) {
  return key_of(split_name(name));
}

std::string name_word_key(std::string_view word) {
  return key_of(split_name(word));
}

}  // namespace verity
