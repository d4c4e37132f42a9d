// Owns reading documents: finding the files behind the command-line arguments, telling their
// format by extension (.txt, .md, .html, .jsonl, .jsonl.gz), refusing what cannot be text (binary,
// UTF-16, too large), normalizing the bytes (engine/text_normalize), parsing Markdown front matter
// and filling the metadata defaults. HTML goes to engine/html_text, archives to
// engine/archive_jsonl. Every problem is reported with the file and, where there is one, the
// line and column; only files that cannot be used at all are fatal, so that one bad byte never
// stops an audit of thousands of articles.
#include "engine/document_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "engine/archive_jsonl.hpp"
#include "engine/document_meta.hpp"
#include "engine/gzip_lines.hpp"
#include "engine/html_text.hpp"
#include "engine/limits.hpp"
#include "engine/sha256.hpp"
#include "engine/text_normalize.hpp"

namespace verity {
namespace fs = std::filesystem;
namespace {

// Offsets are 32-bit throughout verity; the limit keeps a document (even after every byte
// became a 3-byte U+FFFD) far below 4 GB, and an accidental disk image out of memory.
constexpr std::uint64_t kMaxDocumentBytes = limits::kMaxDocumentBytes;
constexpr std::size_t kSniffBytes = 8192;

std::string too_large_message(std::uint64_t size) {
  return fmt::format(
      "is {} MB, larger than the {} MB limit for one document; split it into smaller files",
      (size + (1u << 20) - 1) >> 20, kMaxDocumentBytes >> 20);
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

std::string binary_message() {
  return "contains NUL bytes; is it a binary file? It was skipped: verity reads UTF-8 text "
         "(.txt, .md, .html, .jsonl)";
}

// Refuses what cannot be read as text, with the reason: too large, UTF-16, binary.
bool usable_bytes(std::string_view bytes, const std::string& file,
                  std::vector<InputProblem>& problems) {
  if (bytes.size() > kMaxDocumentBytes) {
    problems.push_back({file, 0, too_large_message(bytes.size()), true});
    return false;
  }
  if (bytes.size() >= 2 &&
      ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    problems.push_back({file, 0, "is UTF-16 text; save it as UTF-8 and run verity again", true});
    return false;
  }
  if (bytes.find('\0') != std::string_view::npos && looks_binary(bytes)) {
    problems.push_back({file, 0, binary_message(), true});
    return false;
  }
  return true;
}

enum class Format { text, markdown, html, archive, other_gzip };

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The format of a file, by its extension; anything unknown is read as plain text. Compressed:
// only archives (.jsonl.gz); another .gz is named as such rather than read as binary text.
Format format_of(const std::string& path) {
  const std::string ext = lowercase(fs::path(path).extension().string());
  if (ext == ".gz") {
    return lowercase(fs::path(path).stem().extension().string()) == ".jsonl" ? Format::archive
                                                                             : Format::other_gzip;
  }
  if (ext == ".md" || ext == ".markdown") return Format::markdown;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::html;
  if (ext == ".jsonl") return Format::archive;
  return Format::text;
}

// Checks that `path` is a regular file verity may read, and not over the size limit.
bool readable_file(const std::string& path, std::vector<InputProblem>& problems) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    problems.push_back({path, 0, "no such file or folder; check the path", true});
    return false;
  }
  if (fs::is_directory(st)) {
    problems.push_back({path, 0, "is a folder, not a file; give it as a folder argument", true});
    return false;
  }
  if (fs::is_regular_file(st) && format_of(path) == Format::other_gzip) {
    problems.push_back({path, 0,
                        "is gzip-compressed; verity reads compressed archives named .jsonl.gz "
                        "only (decompress it with gunzip, or rename a JSON Lines archive to "
                        ".jsonl.gz)",
                        true});
    return false;
  }
  if (fs::is_regular_file(st) && format_of(path) != Format::archive) {
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > kMaxDocumentBytes) {
      problems.push_back({path, 0, too_large_message(size), true});
      return false;
    }
  }
  return true;
}

// Reads a whole file, in chunks rather than trusting the size: pipes and /proc files report
// none.
bool read_file(const std::string& path, std::string& bytes, std::vector<InputProblem>& problems) {
  if (!readable_file(path, problems)) return false;
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(cannot_open(path));
    return false;
  }
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxDocumentBytes) {
      problems.push_back({path, 0, too_large_message(bytes.size()), true});
      return false;
    }
  }
  if (in.bad()) {
    problems.push_back({path, 0, "cannot be read: a read error happened; check the disk", true});
    return false;
  }
  return true;
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
        colon == std::string_view::npos ? std::string() : meta_key(trim(content.substr(0, colon)));
    if (key.empty()) {
      found.push_back({file, line, "front matter line is not `key: value`; line ignored", false});
      continue;
    }
    if (is_reserved_meta_key(key)) {
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
      if (!normalize_published(value)) {
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

// The name of the folder holding the file: the story the documents of one folder share.
std::string folder_name(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(fs::path(path), ec);
  if (ec) return {};
  return absolute.lexically_normal().parent_path().filename().string();
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
  if (ext == ".gz") return lowercase(p.stem().extension().string()) == ".jsonl";
  return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".html" || ext == ".htm" ||
         ext == ".jsonl";
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
    problems.push_back({folder, 0,
                        "folder has no .txt, .md, .html, .jsonl or .jsonl.gz files; nothing in it "
                        "is checked",
                        false});
  }
  std::sort(found.begin(), found.end());
  for (const auto& p : found) out.push_back(p.string());
}

}  // namespace

Document make_document(std::string id, std::string path, std::string_view bytes,
                       std::vector<InputProblem>& problems) {
  Document doc;
  doc.id = std::move(id);
  doc.path = std::move(path);
  const std::string& file = doc.path.empty() ? doc.id : doc.path;
  if (!usable_bytes(bytes, file, problems)) return doc;

  NormalizedText n = normalize_text(bytes);
  report_normalization(n, file, problems);
  const std::string story = doc.path.empty() ? std::string() : folder_name(doc.path);
  if (format_of(file) == Format::html) {
    // Gumbo reads the normalized page; the visible text's map goes through the page's own map
    // straight back to the file.
    const SourceText page(file, std::move(n.text));
    HtmlText html = html_visible_text(page, n.map, file, problems);
    doc.meta = std::move(html.meta);
    fill_meta_defaults(doc.meta, html.text, 0, story);
    doc.sha256 = sha256_hex(html.text);
    doc.map = std::move(html.map);
    doc.text = SourceText(doc.id, std::move(html.text));
    return doc;
  }

  parse_front_matter(n.text, doc, file, problems);
  fill_meta_defaults(doc.meta, n.text, doc.body_begin, story);
  doc.sha256 = sha256_hex(n.text);
  if (format_of(file) == Format::markdown) {
    blank_comments(n.text, doc.body_begin, doc.comments);
  }
  doc.map = std::move(n.map);
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
  if (format_of(path) == Format::archive) {
    problems.push_back({path, 0,
                        "is a JSON Lines archive of many documents; it is read with "
                        "read_documents (give it as a document argument)",
                        true});
    return std::nullopt;
  }
  std::string bytes;
  if (!read_file(path, bytes, problems)) return std::nullopt;
  const std::size_t before = problems.size();
  Document doc = make_document(path, path, bytes, problems);
  for (std::size_t i = before; i < problems.size(); ++i) {
    if (problems[i].fatal) return std::nullopt;
  }
  return doc;
}

void read_documents(const std::string& path, std::vector<InputProblem>& problems,
                    const std::function<void(Document&&)>& sink, const ReadOptions& options) {
  if (format_of(path) != Format::archive) {
    if (auto doc = load_document(path, problems)) sink(std::move(*doc));
    return;
  }
  if (!readable_file(path, problems)) return;
  // Sniff the head of the archive (inflated, for .jsonl.gz) as any document: an image renamed
  // .jsonl would otherwise be reported line by line.
  const std::string head = read_head(path, kSniffBytes);
  if (head.find('\0') != std::string::npos && looks_binary(head)) {
    problems.push_back({path, 0, binary_message(), true});
    return;
  }
  read_jsonl_archive(path, options.archive_story_from_folder ? folder_name(path) : std::string(),
                     problems, sink, options.on_archive_bytes);
}

}  // namespace verity
