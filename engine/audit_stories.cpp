// Grouping by shared people and figures: for each key (a person key, or an exact figure's value
// and unit), the records naming it sorted by date; each record is paired with the later records
// of the key within the window, and a pair that meets on `shared_keys` keys, `shared_people` of
// them people, is linked. Counting pairs per key keeps the work proportional to the
// pairs that share someone, not to records squared. Links between records without a story
// join them (union-find, so transitively); a group then takes the named story it has the most
// links to (a record with a `story` is never moved, and two named stories never merge), or
// else is named "auto:" + its smallest document id.
#include "engine/audit_stories.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <unordered_map>

#include "engine/value.hpp"

namespace verity {
namespace {

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

}  // namespace

std::vector<std::string> assign_stories(const std::vector<StoryInput>& documents,
                                        const StoryRule& rule) {
  const std::size_t n = documents.size();
  std::vector<std::string> story(n);
  std::vector<bool> open(n, false);  // no story of its own: the audit groups it
  std::unordered_map<std::string, std::vector<std::pair<std::int32_t, std::uint32_t>>> postings;
  for (std::size_t i = 0; i < n; ++i) {
    const StoryInput& d = documents[i];
    const bool named = !d.story_given.empty();
    if (named) story[i] = d.story_given;
    Date date;
    if (!parse_iso_date(d.signature.published, date) || d.signature.person_keys.empty()) {
      if (!named) story[i] = "auto:" + d.uri;  // nothing to group by: a story of its own
      continue;
    }
    open[i] = !named;
    for (const auto& key : d.signature.person_keys) {
      postings[key].emplace_back(date.days, static_cast<std::uint32_t>(i));
    }
    for (const auto& key : d.signature.figure_keys) {
      postings['#' + key].emplace_back(date.days, static_cast<std::uint32_t>(i));
    }
  }

  // Shared keys (all, people) per pair (i < j) where at least one record is open; the pair is
  // packed into 64 bits.
  std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint32_t>> shared;
  for (auto& [key, list] : postings) {
    const bool is_person = key[0] != '#';
    std::sort(list.begin(), list.end());
    std::size_t lo = 0, hi = 0;  // the window [day - w, day + w] of list[a]
    for (std::size_t a = 0; a < list.size(); ++a) {
      while (list[lo].first < list[a].first - rule.window_days) ++lo;
      while (hi < list.size() && list[hi].first <= list[a].first + rule.window_days) ++hi;
      if (hi - lo > rule.too_common) continue;  // too common here to tell stories apart
      for (std::size_t b = a + 1; b < hi; ++b) {
        const std::uint64_t x = std::min(list[a].second, list[b].second);
        const std::uint64_t y = std::max(list[a].second, list[b].second);
        if (open[x] || open[y]) {
          auto& counts = shared[(x << 32) | y];
          ++counts.first;
          if (is_person) ++counts.second;
        }
      }
    }
  }
  UnionFind groups(n);
  std::vector<std::pair<std::size_t, std::size_t>> named_links;  // (open record, named record)
  for (const auto& [pair, counts] : shared) {
    if (counts.first < rule.shared_keys || counts.second < rule.shared_people) continue;
    const std::size_t x = pair >> 32, y = pair & 0xffffffffu;
    if (open[x] && open[y]) {
      groups.unite(x, y);
    } else {
      named_links.emplace_back(open[x] ? x : y, open[x] ? y : x);
    }
  }
  // Links of each group to named stories; std::map so that ties go to the smallest name.
  std::unordered_map<std::size_t, std::map<std::string, std::size_t>> links;
  for (const auto& [o, named] : named_links) ++links[groups.find(o)][documents[named].story_given];
  std::unordered_map<std::size_t, std::string> name;  // group root -> its story
  for (const auto& [root, counts] : links) {
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
      if (it->second > best->second) best = it;
    }
    name[root] = best->first;
  }
  std::unordered_map<std::size_t, std::string> smallest;  // group root -> smallest uri
  for (std::size_t i = 0; i < n; ++i) {
    if (!open[i]) continue;
    auto [it, inserted] = smallest.try_emplace(groups.find(i), documents[i].uri);
    if (!inserted && documents[i].uri < it->second) it->second = documents[i].uri;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!open[i]) continue;
    const std::size_t root = groups.find(i);
    auto it = name.find(root);
    story[i] = it != name.end() ? it->second : "auto:" + smallest[root];
  }
  return story;
}

}  // namespace verity
