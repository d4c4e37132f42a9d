// Visible text of an HTML page. Gumbo builds the tree; a walk over it (with an explicit stack:
// hostile pages nest deeper than a call stack goes) emits text runs, collapsing white space and
// turning block elements into paragraph breaks. Each run is aligned with its original text
// (before entity decoding) so that every byte of the result keeps the byte it came from.
#include "engine/html_text.hpp"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "engine/document_meta.hpp"
#include "engine/utf8.hpp"

namespace verity {
namespace {

enum class TagClass : unsigned char { inline_text, block, cell, skip, pre };

// What each tag does to the text. Unlisted tags (a, b, em, span, …) are inline: their text
// joins that of their neighbours.
const std::array<TagClass, GUMBO_TAG_LAST + 1>& tag_classes() {
  static const auto table = [] {
    std::array<TagClass, GUMBO_TAG_LAST + 1> t{};
    t.fill(TagClass::inline_text);
    // Never visible: code, styling, fallback content, the head (title and meta are read apart).
    for (const char* name : {"script", "style", "noscript", "template", "head", "svg", "math",
                             "iframe", "object", "embed", "canvas", "audio", "video", "select"}) {
      t[gumbo_tag_enum(name)] = TagClass::skip;
    }
    for (const char* name :
         {"p",       "div",    "li",       "ul",     "ol",         "dl",      "dt",
          "dd",      "h1",     "h2",       "h3",     "h4",         "h5",      "h6",
          "br",      "hr",     "tr",       "table",  "blockquote", "article", "section",
          "aside",   "header", "footer",   "nav",    "main",       "figure",  "figcaption",
          "address", "form",   "fieldset", "legend", "details",    "summary", "caption",
          "body",    "html",   "center",   "hgroup", "menu",       "dialog",  "title"}) {
      t[gumbo_tag_enum(name)] = TagClass::block;
    }
    for (const char* name : {"td", "th", "img", "input", "button", "label"}) {
      t[gumbo_tag_enum(name)] = TagClass::cell;
    }
    t[GUMBO_TAG_PRE] = TagClass::pre;
    t[GUMBO_TAG_TEXTAREA] = TagClass::pre;
    t[GUMBO_TAG_UNKNOWN] = TagClass::inline_text;
    return t;
  }();
  return table;
}

bool is_html_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

// End of the character reference starting at orig[i] == '&' (past its `;` when it has one).
std::size_t reference_end(std::string_view orig, std::size_t i) {
  std::size_t e = i + 1;
  if (e < orig.size() && orig[e] == '#') {
    ++e;
    if (e < orig.size() && (orig[e] == 'x' || orig[e] == 'X')) ++e;
  }
  while (e < orig.size() && e - i < 40 &&
         ((orig[e] >= '0' && orig[e] <= '9') ||
          ((orig[e] | 0x20) >= 'a' && (orig[e] | 0x20) <= 'z'))) {
    ++e;
  }
  if (e < orig.size() && orig[e] == ';') ++e;
  return e;
}

std::size_t code_point_length(std::string_view s, std::size_t j) {
  std::size_t bad = 0;
  const std::size_t len = utf8_sequence(s, j, bad);
  return len != 0 ? len : std::max<std::size_t>(bad, 1);
}

// Builds the visible text and its map to the original file.
class TextBuilder {
 public:
  TextBuilder(const SourceText& html, const OffsetMap& html_map, HtmlText& out)
      : html_(html), html_map_(html_map), out_(out) {}

  void paragraph_break() { pending_ = 2; }
  void space() { pending_ = std::max(pending_, 1); }

  // A text node: `dec` is gumbo's decoded text, `orig` the source it came from, starting at
  // html offset `start`.
  void add(std::string_view dec, std::string_view orig, std::uint32_t start, bool pre) {
    std::size_t i = 0, j = 0;
    while (j < dec.size()) {
      const char c = dec[j];
      if (i < orig.size() && orig[i] == '&') {
        const std::size_t e = reference_end(orig, i);
        if (dec.substr(j, e - i) == orig.substr(i, e - i)) {  // not a reference gumbo knew
          emit(dec.substr(j, 1), start + i, true);
          ++i, ++j;
          continue;
        }
        // One code point, or two for the few references that name a pair (&NotEqualTilde;).
        std::size_t k = j + code_point_length(dec, j);
        if (k < dec.size() && (e >= orig.size() || dec[k] != orig[e])) {
          const std::size_t two = k + code_point_length(dec, k);
          if (two == dec.size() || (e < orig.size() && two < dec.size() && dec[two] == orig[e])) {
            k = two;
          }
        }
        if (!pre && k == j + 1 && is_html_space(c)) {
          space();
        } else {
          emit(dec.substr(j, k - j), start + i, false, start + e);
        }
        i = e, j = k;
      } else if (is_html_space(c)) {
        if (pre) {
          emit(dec.substr(j, 1), start + i, i < orig.size() && orig[i] == c);
        } else {
          space();
        }
        if (i < orig.size() && orig[i] == c) ++i;
        ++j;
      } else if (i < orig.size() && orig[i] == c) {
        std::size_t len = 1;
        while (j + len < dec.size() && i + len < orig.size() && dec[j + len] == orig[i + len] &&
               dec[j + len] != '&' && !is_html_space(dec[j + len])) {
          ++len;
        }
        emit(dec.substr(j, len), start + i, true);
        i += len, j += len;
      } else if (i < orig.size() && is_html_space(orig[i])) {
        ++i;  // white space gumbo dropped (the line break after <pre>)
      } else {
        // Something gumbo replaced (a control character, CDATA markup): one code point for one.
        const std::size_t k = j + code_point_length(dec, j);
        const auto from = static_cast<std::uint32_t>(std::min(i, orig.size()));
        if (i < orig.size()) i += code_point_length(orig, i);
        emit(dec.substr(j, k - j), start + from, false,
             start + static_cast<std::uint32_t>(std::min(i, orig.size())));
        j = k;
      }
    }
  }

 private:
  static constexpr std::uint32_t kNowhere = std::numeric_limits<std::uint32_t>::max();

  // Appends bytes that came from html offset `h`; `verbatim` when they are the very bytes
  // there, so that the bytes after them continue the same run. `h_end`, when known, is where
  // the html a non-verbatim piece replaced ends.
  void emit(std::string_view bytes, std::uint32_t h, bool verbatim,
            std::uint32_t h_end = kNowhere) {
    if (pending_ != 0 && !out_.text.empty()) {
      out_.text += pending_ == 2 ? "\n\n" : " ";
      continue_at_ = kNowhere;
    }
    pending_ = 0;
    if (!verbatim) {
      point_at(h);
      out_.text.append(bytes);
      // A replacement of another length (U+FFFD for a control byte, `&` for `&amp;`) needs a
      // point after it too: the text's end would otherwise map past the end of the file.
      if (h_end != kNowhere && h_end - h != bytes.size()) point_at(h_end);
      continue_at_ = kNowhere;
      return;
    }
    // Split at the edit points of the HTML's own normalization (a replaced bad byte inside a
    // run): the byte after one is not where the verbatim rule would put it.
    const auto& pts = html_map_.points();
    while (!bytes.empty()) {
      auto it = std::lower_bound(pts.begin(), pts.end(), h,
                                 [](const EditPoint& p, std::uint32_t o) { return p.text < o; });
      if (h != continue_at_ || (it != pts.end() && it->text == h)) point_at(h);
      if (it != pts.end() && it->text == h) ++it;
      std::size_t len = bytes.size();
      if (it != pts.end() && it->text < h + len) len = it->text - h;
      out_.text.append(bytes.substr(0, len));
      bytes.remove_prefix(len);
      h += static_cast<std::uint32_t>(len);
      continue_at_ = h;
      // A piece that ends right after a replacement of the HTML's own normalization (U+FFFD for
      // a bad byte at the end of a page) ends at an edit point too: without it the end of the
      // text would map as a verbatim copy, past the end of the file.
      if (bytes.empty() && it != pts.end() && it->text == h) point_at(h);
    }
  }

  void point_at(std::uint32_t h) {
    const LineCol lc = html_map_.position(html_, h);
    out_.map.add({static_cast<std::uint32_t>(out_.text.size()), html_map_.original_offset(h),
                  lc.line, lc.column});
  }

  const SourceText& html_;
  const OffsetMap& html_map_;
  HtmlText& out_;
  int pending_ = 0;  // 0 nothing, 1 a space, 2 a paragraph break before the next text
  std::uint32_t continue_at_ = kNowhere;  // html offset the next verbatim byte would have
};

std::string collapsed_text(const GumboNode* node) {
  std::string raw;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
      raw += n->v.text.text;
    } else if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboVector& kids = n->v.element.children;
      for (unsigned k = kids.length; k-- > 0;) {
        stack.push_back(static_cast<const GumboNode*>(kids.data[k]));
      }
    }
  }
  std::string out;
  bool space = false;
  for (char c : raw) {
    if (is_html_space(c)) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Reads one <meta> into the metadata: publication date, author, site name, og:* properties.
void read_meta(const GumboElement& el, std::map<std::string, std::string>& meta,
               const std::string& file, const LineCol& where, std::vector<InputProblem>& problems) {
  const GumboAttribute* content = gumbo_get_attribute(&el.attributes, "content");
  if (content == nullptr || *content->value == '\0') return;
  std::string key;
  for (const char* attr : {"property", "name", "itemprop"}) {
    if (const GumboAttribute* a = gumbo_get_attribute(&el.attributes, attr)) {
      key = lowercase(a->value);
      break;
    }
  }
  if (key.empty()) return;
  const std::string value = content->value;
  static const char* const kDateKeys[] = {
      "article:published_time", "datepublished",    "pubdate", "publishdate", "date", "dc.date",
      "dc.date.issued",         "og:published_time"};
  if (std::find_if(std::begin(kDateKeys), std::end(kDateKeys),
                   [&](const char* k) { return key == k; }) != std::end(kDateKeys)) {
    std::string day = value;
    if (!normalize_published(day)) {
      problems.push_back(
          {file, where.line,
           fmt::format("<meta {}> \"{}\" is not a date written YYYY-MM-DD "
                       "(or an ISO 8601 timestamp); not used as the publication date",
                       key, value),
           false, where.column});
    } else if (!meta.count("published")) {
      meta["published"] = day;
    }
  }
  if (key.rfind("og:", 0) == 0 || key.rfind("article:", 0) == 0) meta[meta_key(key)] = value;
  if (key == "author" || key == "article:author") meta.emplace("author", value);
  if (key == "description") meta.emplace("description", value);
  if (key == "og:site_name") meta.emplace("outlet", value);
}

}  // namespace

HtmlText html_visible_text(const SourceText& html, const OffsetMap& html_map,
                           const std::string& file, std::vector<InputProblem>& problems) {
  HtmlText out;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are not ours to report; do not store them
  const std::string& src = html.text();
  GumboOutput* parsed = gumbo_parse_with_options(&options, src.data(), src.size());
  TextBuilder builder(html, html_map, out);
  const auto& classes = tag_classes();

  struct Frame {
    const GumboNode* node;
    unsigned next_child;
    TagClass cls;
  };
  std::vector<Frame> stack{{parsed->document, 0, TagClass::block}};
  int pre_depth = 0;
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector* kids = top.node->type == GUMBO_NODE_DOCUMENT ? &top.node->v.document.children
                                                                    : &top.node->v.element.children;
    if (top.next_child >= kids->length) {
      if (top.cls == TagClass::block || top.cls == TagClass::pre) builder.paragraph_break();
      if (top.cls == TagClass::cell) builder.space();
      if (top.cls == TagClass::pre) --pre_depth;
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(kids->data[top.next_child++]);
    switch (child->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA: {
        if (top.cls == TagClass::skip) break;  // white space between the head's elements
        const GumboText& t = child->v.text;
        std::string_view orig(t.original_text.data, t.original_text.length);
        // Text gumbo made up (none expected) has no source: tie it to its position.
        if (orig.data() < src.data() || orig.data() > src.data() + src.size()) orig = {};
        const auto start = orig.empty() ? static_cast<std::uint32_t>(t.start_pos.offset)
                                        : static_cast<std::uint32_t>(orig.data() - src.data());
        builder.add(t.text, orig, start, pre_depth > 0);
        break;
      }
      case GUMBO_NODE_ELEMENT: {
        const GumboElement& el = child->v.element;
        if (el.tag == GUMBO_TAG_TITLE) {
          std::string title = collapsed_text(child);
          if (!title.empty() && !out.meta.count("title")) out.meta["title"] = std::move(title);
          break;
        }
        if (el.tag == GUMBO_TAG_META) {
          const LineCol where = html_map.position(html, el.start_pos.offset);
          read_meta(el, out.meta, file, where, problems);
          break;
        }
        const TagClass cls = classes[el.tag];
        // The head's title and meta are read, the rest of it is never shown.
        if (cls == TagClass::skip && el.tag != GUMBO_TAG_HEAD) break;
        if (cls == TagClass::block || cls == TagClass::pre) builder.paragraph_break();
        if (cls == TagClass::cell) builder.space();
        if (cls == TagClass::pre) ++pre_depth;
        stack.push_back({child, 0, cls});
        if (el.tag == GUMBO_TAG_HEAD) stack.back().cls = TagClass::skip;
        break;
      }
      default:  // comments, templates' content (GUMBO_NODE_TEMPLATE): not visible
        break;
    }
  }
  gumbo_destroy_output(&options, parsed);
  if (!out.meta.count("title") && out.meta.count("og_title")) {
    out.meta["title"] = out.meta["og_title"];
  }
  return out;
}

}  // namespace verity
