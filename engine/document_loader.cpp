// Owns reading documents: finding the files behind the command-line arguments, reading them,
// normalizing their bytes (UTF-8 checked, line breaks folded to LF, NUL bytes refused or
// replaced), parsing the front matter and filling the metadata defaults. Every problem is
// reported with the file and, where there is one, the line; only files that cannot be used at
// all are fatal, so that one bad byte never stops an audit of thousands of articles.
#include "engine/document_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "engine/sha256.hpp"
#include "engine/utf8.hpp"
#include "engine/value.hpp"

namespace verity {
namespace fs = std::filesystem;
namespace {

// Offsets are 32-bit throughout verity; the limit keeps a document (even after every byte
// became a 3-byte U+FFFD) far below 4 GB, and an accidental disk image out of memory.
constexpr std::uint64_t kMaxDocumentBytes = std::uint64_t{256} << 20;
constexpr std::size_t kSniffBytes = 8192;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string too_large_message(std::uint64_t size) {
  return fmt::format(
      "is {} MB, larger than the 256 MB limit for one document; split it into smaller files",
      (size + (1u << 20) - 1) >> 20);
}

// Binary files (images, PDFs, word-processor files) have NUL and other control bytes all over
// their first kilobytes; text with a stray NUL has a handful. More than 5% decides.
bool looks_binary(std::string_view bytes) {
  const std::string_view sample = bytes.substr(0, kSniffBytes);
  std::size_t suspicious = 0;
  for (char ch : sample) {
    const auto c = static_cast<unsigned char>(ch);
    const bool text_control = c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
                              c == 0x1B;  // ESC: terminal colours in pasted logs
    if (c < 0x20 && !text_control) ++suspicious;
  }
  return suspicious * 20 > sample.size();
}

struct Normalized {
  std::string text;
  std::size_t invalid_bytes = 0;
  std::uint32_t first_invalid_line = 0;
  std::size_t nul_bytes = 0;
  std::uint32_t first_nul_line = 0;
};

// One pass: line breaks folded to LF (CRLF and a lone CR each count as one line, so line numbers
// stay those an editor shows), NUL and ill-formed UTF-8 replaced by U+FFFD, a leading byte-order
// mark dropped (it would hide the front matter's `---`).
Normalized normalize(std::string_view bytes) {
  Normalized n;
  n.text.reserve(bytes.size());
  std::uint32_t line = 1;
  std::size_t i = bytes.substr(0, 3) == kBom ? 3 : 0;
  while (i < bytes.size()) {
    const char c = bytes[i];
    if (c == '\r' || c == '\n') {
      n.text += '\n';
      ++line;
      i += (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
    } else if (c == '\0') {
      if (n.nul_bytes++ == 0) n.first_nul_line = line;
      n.text += kReplacementChar;
      ++i;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      // Most of a news article is plain ASCII: copy the run up to the next byte that needs a
      // look, rather than byte by byte.
      std::size_t end = i + 1;
      while (end < bytes.size()) {
        const auto b = static_cast<unsigned char>(bytes[end]);
        if (b >= 0x80 || b == '\r' || b == '\n' || b == '\0') break;
        ++end;
      }
      n.text.append(bytes.substr(i, end - i));
      i = end;
    } else {
      std::size_t bad = 0;
      if (const std::size_t len = utf8_sequence(bytes, i, bad)) {
        n.text.append(bytes.substr(i, len));
        i += len;
      } else {
        if (n.invalid_bytes == 0) n.first_invalid_line = line;
        n.invalid_bytes += bad;
        n.text += kReplacementChar;
        i += bad;
      }
    }
  }
  return n;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

// The line starting at `pos` (without its LF) and the offset just past it.
std::string_view line_at(std::string_view text, std::size_t pos, std::size_t& next) {
  const auto nl = text.find('\n', pos);
  const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
  next = nl == std::string_view::npos ? text.size() : nl + 1;
  return text.substr(pos, end - pos);
}

std::string strip_quotes(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    v = v.substr(1, v.size() - 2);
  }
  return std::string(v);
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Parses front matter at the top of `text` into `doc.meta` and sets `doc.body_begin`. Without a
// closing `---` the file is probably a Markdown file that starts with a rule: all of it is body.
void parse_front_matter(std::string_view text, Document& doc, const std::string& file,
                        std::vector<InputProblem>& problems) {
  std::size_t pos = 0;
  if (trim(line_at(text, 0, pos)) != "---") return;
  std::map<std::string, std::string> meta;
  std::vector<InputProblem> found;
  for (std::uint32_t line = 2; pos < text.size(); ++line) {
    const std::string_view raw = line_at(text, pos, pos);
    const std::string_view content = trim(raw);
    if (content == "---") {
      doc.meta = std::move(meta);
      doc.body_begin = static_cast<std::uint32_t>(pos);
      problems.insert(problems.end(), found.begin(), found.end());
      return;
    }
    if (content.empty() || content.front() == '#') continue;
    const auto colon = content.find(':');
    const std::string key =
        colon == std::string_view::npos ? std::string() : lowercase(trim(content.substr(0, colon)));
    if (key.empty()) {
      found.push_back({file, line, "front matter line is not `key: value`; line ignored", false});
      continue;
    }
    if (key == "id" || key == "path" || key == "sha256" || key == "doc") {
      found.push_back({file, line,
                       fmt::format("front matter key `{}` is set by verity itself; line ignored "
                                   "(remove it, or name the key differently)",
                                   key),
                       false});
      continue;
    }
    std::string value = strip_quotes(trim(content.substr(colon + 1)));
    if (value.empty()) continue;  // `title:` with nothing after it leaves the default
    if (key == "published") {
      Date d;
      if (!parse_iso_date(value, d)) {
        found.push_back({file, line,
                         fmt::format("published: \"{}\" is not a date written YYYY-MM-DD; value "
                                     "dropped (write it like 2024-01-29)",
                                     value),
                         false});
        continue;
      }
    }
    meta[key] = std::move(value);
  }
  problems.push_back({file, 1,
                      "front matter opened by `---` on line 1 has no closing `---` line; the whole "
                      "file is read as text (add a `---` line after the last `key: value` line)",
                      false});
}

// The first line of the body with words in it, without Markdown heading marks. Lines of only
// rule characters (`---`, `===`, `***`) are skipped: they underline or separate, never title.
std::string default_title(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    std::string_view line = trim(line_at(text, pos, pos));
    if (line.find_first_not_of("-=*_~# \t") == std::string_view::npos) continue;
    line = trim(line.substr(line.find_first_not_of('#')));
    if (!line.empty()) return std::string(line);
  }
  return {};
}

// The name of the folder holding the file: the story the documents of one folder share.
std::string folder_name(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(fs::path(path), ec);
  if (ec) return {};
  return absolute.lexically_normal().parent_path().filename().string();
}

bool is_markdown(const std::string& path) {
  return fs::path(path).extension() == ".md" || fs::path(path).extension() == ".markdown";
}

// Replaces each `<!-- … -->` from `from` on by spaces (line breaks kept, so lines and columns
// do not move) and records it. An unclosed comment runs to the end, as in HTML.
void blank_comments(std::string& text, std::size_t from, std::vector<DocComment>& comments) {
  std::size_t pos = text.find("<!--", from);
  while (pos != std::string::npos) {
    const std::size_t close = text.find("-->", pos + 4);
    const std::size_t end = close == std::string::npos ? text.size() : close + 3;
    const std::size_t inner_end = close == std::string::npos ? text.size() : close;
    comments.push_back(
        {{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(end)},
         std::string(trim(std::string_view(text).substr(pos + 4, inner_end - pos - 4)))});
    for (std::size_t i = pos; i < end; ++i) {
      if (text[i] != '\n') text[i] = ' ';
    }
    pos = text.find("<!--", end);
  }
}

bool has_document_extension(const fs::path& p) {
  const std::string ext = lowercase(p.extension().string());
  return ext == ".txt" || ext == ".md";
}

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// Walks a folder for documents. Hidden files and folders (.git, .DS_Store) are never articles;
// symlinked folders are not followed, so a link loop cannot make the walk endless.
void walk_folder(const std::string& folder, std::vector<std::string>& out,
                 std::vector<InputProblem>& problems) {
  std::vector<fs::path> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    if (is_hidden(entry.path())) {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (entry.is_regular_file(ec) && has_document_extension(entry.path())) {
      found.push_back(entry.path());
    }
  }
  if (ec) {
    problems.push_back({folder, 0,
                        fmt::format("cannot read the whole folder: {}; the documents found so far "
                                    "are checked (check its permissions)",
                                    ec.message()),
                        false});
  }
  if (found.empty() && !ec) {
    problems.push_back(
        {folder, 0, "folder has no .txt or .md files; nothing in it is checked", false});
  }
  std::sort(found.begin(), found.end());
  for (const auto& p : found) out.push_back(p.string());
}

}  // namespace

std::string render(const InputProblem& p) {
  const char* level = p.fatal ? "error" : "warning";
  if (p.file.empty()) return fmt::format("{}: {}\n", level, p.message);
  if (p.line == 0) return fmt::format("{}: {}: {}\n", p.file, level, p.message);
  return fmt::format("{}:{}: {}: {}\n", p.file, p.line, level, p.message);
}

Document make_document(std::string id, std::string path, std::string_view bytes,
                       std::vector<InputProblem>& problems) {
  Document doc;
  doc.id = std::move(id);
  doc.path = std::move(path);
  const std::string& file = doc.path.empty() ? doc.id : doc.path;
  if (bytes.size() > kMaxDocumentBytes) {
    problems.push_back({file, 0, too_large_message(bytes.size()), true});
    return doc;
  }
  if (bytes.size() >= 2 &&
      ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    problems.push_back({file, 0, "is UTF-16 text; save it as UTF-8 and run verity again", true});
    return doc;
  }
  const bool has_nul = bytes.find('\0') != std::string_view::npos;
  if (has_nul && looks_binary(bytes)) {
    problems.push_back({file, 0,
                        "contains NUL bytes; is it a binary file? It was skipped: verity reads "
                        "UTF-8 text (.txt, .md)",
                        true});
    return doc;
  }

  Normalized n = normalize(bytes);
  if (n.nul_bytes > 0) {
    problems.push_back({file, n.first_nul_line,
                        fmt::format("contains NUL bytes; is it a binary file? {} NUL byte{} "
                                    "replaced by U+FFFD, the first on line {}",
                                    n.nul_bytes, n.nul_bytes == 1 ? "" : "s", n.first_nul_line),
                        false});
  }
  if (n.invalid_bytes > 0) {
    problems.push_back(
        {file, n.first_invalid_line,
         fmt::format("invalid UTF-8: {} byte{} replaced by U+FFFD, the first on "
                     "line {}; save the file as UTF-8",
                     n.invalid_bytes, n.invalid_bytes == 1 ? "" : "s", n.first_invalid_line),
         false});
  }

  parse_front_matter(n.text, doc, file, problems);
  if (!doc.meta.count("title")) {
    std::string title = default_title(n.text, doc.body_begin);
    if (!title.empty()) doc.meta["title"] = std::move(title);
  }
  if (!doc.meta.count("role")) doc.meta["role"] = "source";
  if (!doc.meta.count("story") && !doc.path.empty()) {
    std::string story = folder_name(doc.path);
    if (!story.empty()) doc.meta["story"] = std::move(story);
  }
  doc.sha256 = sha256_hex(n.text);
  if (is_markdown(doc.path.empty() ? doc.id : doc.path)) {
    blank_comments(n.text, doc.body_begin, doc.comments);
  }
  doc.text = SourceText(doc.id, std::move(n.text));
  return doc;
}

std::vector<std::string> expand_document_paths(const std::vector<std::string>& args,
                                               std::vector<InputProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& arg : args) {
    std::error_code ec;
    const fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      problems.push_back({arg, 0, "no such file or folder; check the path", true});
    } else if (fs::is_directory(st)) {
      walk_folder(arg, out, problems);
    } else {
      out.push_back(arg);  // a file named explicitly is read whatever its extension
    }
  }
  return out;
}

std::optional<Document> load_document(const std::string& path,
                                      std::vector<InputProblem>& problems) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    problems.push_back({path, 0, "no such file or folder; check the path", true});
    return std::nullopt;
  }
  if (fs::is_directory(st)) {
    problems.push_back({path, 0, "is a folder, not a file; give it as a folder argument", true});
    return std::nullopt;
  }
  if (fs::is_regular_file(st)) {
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > kMaxDocumentBytes) {
      problems.push_back({path, 0, too_large_message(size), true});
      return std::nullopt;
    }
  }

  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(
        {path, 0,
         fmt::format("cannot be read: {}; check its permissions",
                     errno != 0 ? std::strerror(errno) : "the file could not be opened"),
         true});
    return std::nullopt;
  }
  // Read in chunks rather than trusting the size: pipes and /proc files report none.
  std::string bytes;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxDocumentBytes) {
      problems.push_back({path, 0, too_large_message(bytes.size()), true});
      return std::nullopt;
    }
  }
  if (in.bad()) {
    problems.push_back({path, 0, "cannot be read: a read error happened; check the disk", true});
    return std::nullopt;
  }

  const std::size_t before = problems.size();
  Document doc = make_document(path, path, bytes, problems);
  for (std::size_t i = before; i < problems.size(); ++i) {
    if (problems[i].fatal) return std::nullopt;
  }
  return doc;
}

}  // namespace verity
