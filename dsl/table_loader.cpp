// CSV and JSON Lines readers for reference tables, and the typing of their columns. Both
// readers produce the same raw rows (text cells with their byte spans); typing, the check of
// declared types and the reporting of bad rows are shared.
#include "dsl/table_loader.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace verity::dsl {
namespace {

// After this many bad rows in one table, the rest are counted, not listed: a file saved in the
// wrong encoding or with the wrong separator would otherwise print one warning per line.
constexpr std::size_t kMaxRowWarnings = 20;

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A cell as it appears in a message: quoted, and cut when long.
std::string shown(std::string_view cell) {
  if (cell.size() > 40) return fmt::format("'{}…'", cell.substr(0, 37));
  return fmt::format("'{}'", cell);
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += len;
  }
  return true;
}

// What a rule can write after '.': the grammar's identifier.
bool is_field_name(std::string_view s) {
  const auto letter = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (s.empty() || !letter(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

// "full name" -> "full_name": the name to suggest for a column a rule cannot name.
std::string as_field_name(std::string_view s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += ok ? c : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(out.begin(), '_');
  return out;
}

const char* type_word(const Type& t) {
  switch (t.base) {
    case BaseType::number:
      return "number";
    case BaseType::date:
      return "date";
    case BaseType::boolean:
      return "boolean";
    default:
      return "text";
  }
}

// Spreadsheet programs write a UTF-8 byte order mark; it is not part of the first column name.
std::size_t bom_length(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

struct RawCell {
  std::string text;  // empty: unset
  Span span;         // where a message about the cell points
  bool json_bool = false;
};

struct RawRow {
  Span span;
  std::vector<RawCell> cells;  // by column index; shorter than the column count in JSON Lines
};

struct RawColumn {
  std::string name;
  bool keep = true;  // false for a column that cannot become a field (a duplicate, `doc`)
  bool all_json_bool = true;
  bool any_value = false;
};

// Collects a table's rows, reporting the bad ones.
class TableBuilder {
 public:
  TableBuilder(const SourceText& src, const std::vector<TableColumnType>& declared,
               Diagnostics& diags)
      : src_(src), declared_(declared), diags_(diags) {}

  // Adds a column; problems with its name are reported at `where`.
  std::size_t add_column(std::string name, Span where) {
    RawColumn col;
    col.name = std::move(name);
    if (col.name.empty()) {
      diags_.error(
          src_, where,
          fmt::format("column {} has no name; give every column a name", columns_.size() + 1));
      col.keep = false;
    } else if (col.name == "doc") {
      diags_.error(src_, where,
                   "a column cannot be named 'doc': every fact has a field 'doc' (its "
                   "document); rename the column");
      col.keep = false;
    } else if (std::any_of(columns_.begin(), columns_.end(),
                           [&](const RawColumn& c) { return c.name == col.name; })) {
      diags_.error(src_, where,
                   fmt::format("column '{}' appears twice in the header; give each column its "
                               "own name",
                               col.name));
      col.keep = false;
    } else if (!is_field_name(col.name)) {
      diags_.warning(src_, where,
                     fmt::format("column '{}' cannot be read by a rule: a field name is letters, "
                                 "digits and _, not starting with a digit; rename it (as '{}') "
                                 "to use it",
                                 col.name, as_field_name(col.name)));
    }
    columns_.push_back(std::move(col));
    return columns_.size() - 1;
  }

  std::size_t column_count() const { return columns_.size(); }
  std::optional<std::size_t> column_index(std::string_view name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i].name == name) return i;
    }
    return std::nullopt;
  }

  // Reports a bad row (the first kMaxRowWarnings of them; then only counts).
  void bad_row(Span where, const std::string& message) {
    ++bad_rows_;
    if (bad_rows_ <= kMaxRowWarnings) {
      diags_.warning(src_, where, message + "; the row is skipped");
    } else if (bad_rows_ == kMaxRowWarnings + 1) {
      first_unlisted_ = where;
    }
  }

  // Adds a row whose cells have been read; checks the cells of declared columns.
  void add_row(RawRow row) {
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      RawCell& cell = row.cells[i];
      const std::string_view value = trim(cell.text);
      if (value.empty()) {
        cell.text.clear();
        continue;
      }
      if (!columns_[i].keep) continue;
      const TableColumnType* decl = declared(columns_[i].name);
      if (decl && !fits(value, decl->type)) {
        bad_row(cell.span, fmt::format("{} in column '{}' is not {} (the table declares '{}: {}')",
                                       shown(value), columns_[i].name,
                                       decl->type.base == BaseType::boolean
                                           ? std::string("true or false")
                                           : "a " + std::string(type_word(decl->type)),
                                       columns_[i].name, type_word(decl->type)));
        return;
      }
      columns_[i].any_value = true;
      if (!cell.json_bool) columns_[i].all_json_bool = false;
    }
    rows_.push_back(std::move(row));
  }

  LoadedTable finish(std::string name, TableFormat format) {
    if (bad_rows_ > kMaxRowWarnings) {
      diags_.warning(src_, first_unlisted_,
                     fmt::format("{} more bad rows of this table were skipped, from here on; fix "
                                 "the rows listed above and run again to see them",
                                 bad_rows_ - kMaxRowWarnings));
    }
    LoadedTable table;
    table.name = std::move(name);
    table.path = src_.name();
    table.source = &src_;
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (!columns_[i].keep) continue;
      kept.push_back(i);
      const TableColumnType* decl = declared(columns_[i].name);
      table.columns.push_back({columns_[i].name, decl ? decl->type : infer(i, format)});
    }
    table.rows.reserve(rows_.size());
    for (RawRow& raw : rows_) {
      TableRow row;
      row.span = raw.span;
      row.line = src_.line_col(raw.span.begin).line;
      row.cells.resize(kept.size());
      for (std::size_t k = 0; k < kept.size(); ++k) {
        if (kept[k] >= raw.cells.size() || raw.cells[kept[k]].text.empty()) continue;
        std::string& text = raw.cells[kept[k]].text;
        if (table.columns[k].type.base == BaseType::text) {
          row.cells[k] = std::move(text);
        } else {
          row.cells[k] = std::string(trim(text));
        }
      }
      table.rows.push_back(std::move(row));
    }
    return table;
  }

 private:
  const TableColumnType* declared(std::string_view column) const {
    for (const auto& d : declared_) {
      if (d.name == column) return &d;
    }
    return nullptr;
  }

  static bool fits(std::string_view value, const Type& type) {
    double number = 0;
    bool boolean = false;
    switch (type.base) {
      case BaseType::number:
        return parse_table_number(value, number);
      case BaseType::date:
        return is_table_date(value);
      case BaseType::boolean:
        return parse_table_boolean(value, boolean);
      default:
        return true;
    }
  }

  Type infer(std::size_t column, TableFormat format) const {
    if (!columns_[column].any_value) return Type::text();
    if (format == TableFormat::jsonl && columns_[column].all_json_bool) return Type::boolean();
    bool numbers = true, dates = true;
    for (const RawRow& row : rows_) {
      if (column >= row.cells.size() || row.cells[column].text.empty()) continue;
      const std::string_view value = trim(row.cells[column].text);
      double number = 0;
      numbers = numbers && parse_table_number(value, number);
      dates = dates && is_table_date(value);
      if (!numbers && !dates) break;
    }
    if (numbers) return Type::number();
    if (dates) return Type::date();
    return Type::text();
  }

  const SourceText& src_;
  const std::vector<TableColumnType>& declared_;
  Diagnostics& diags_;
  std::vector<RawColumn> columns_;
  std::vector<RawRow> rows_;
  std::size_t bad_rows_ = 0;
  Span first_unlisted_;
};

// One record of a CSV file, or what went wrong reading it.
struct CsvRecord {
  Span span;  // line break excluded
  std::vector<RawCell> fields;
  std::string error;  // non-empty: the record is malformed
  Span error_span;
};

// RFC 4180: fields separated by commas, records by LF or CRLF; a field in double quotes may hold
// commas, line breaks and "" (one quote). Lines with no characters at all are skipped.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : pos_(bom_length(text)), text_(text) {}

  bool next(CsvRecord& rec) {
    const std::size_t n = text_.size();
    while (pos_ < n && (text_[pos_] == '\n' || text_.substr(pos_, 2) == "\r\n")) {
      pos_ += text_[pos_] == '\n' ? 1 : 2;
    }
    if (pos_ >= n) return false;
    rec = CsvRecord{};
    const std::size_t start = pos_;
    for (;;) {
      RawCell field;
      const std::size_t field_start = pos_;
      std::size_t record_end = 0;
      if (text_[pos_] == '"') {
        ++pos_;
        bool closed = false;
        while (pos_ < n) {
          const char c = text_[pos_];
          if (c == '"') {
            if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
              field.text += '"';
              pos_ += 2;
              continue;
            }
            ++pos_;
            closed = true;
            break;
          }
          // A line break inside a field is kept as LF, as documents fold CRLF.
          if (c == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') {
            field.text += '\n';
            pos_ += 2;
            continue;
          }
          field.text += c;
          ++pos_;
        }
        if (!closed) {
          return fail(rec, start, {off(field_start), off(field_start + 1)},
                      "a quoted field is not closed before the end of the file; end it with \" "
                      "(and write a \" inside a field as \"\")");
        }
        field.span = {off(field_start), off(pos_)};
        record_end = pos_;
        if (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\n' &&
            !(text_[pos_] == '\r' && (pos_ + 1 == n || text_[pos_ + 1] == '\n'))) {
          return fail(rec, start, {off(pos_), off(pos_ + 1)},
                      "text after the closing quote of a field; inside a quoted field write \" "
                      "as \"\"");
        }
      } else {
        while (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\n') ++pos_;
        std::size_t field_end = pos_;
        if (field_end > field_start && text_[field_end - 1] == '\r' &&
            (pos_ == n || text_[pos_] == '\n')) {
          --field_end;
        }
        field.text.assign(text_.substr(field_start, field_end - field_start));
        field.span = {off(field_start), off(field_end)};
        record_end = field_end;
      }
      rec.fields.push_back(std::move(field));
      if (pos_ < n && text_[pos_] == ',') {
        ++pos_;
        if (pos_ == n) {  // a trailing comma at the very end: one more, empty field
          rec.fields.push_back({{}, {off(n), off(n)}, false});
          record_end = n;
        } else {
          continue;
        }
      }
      if (pos_ < n && text_[pos_] == '\r') ++pos_;
      if (pos_ < n && text_[pos_] == '\n') ++pos_;
      rec.span = {off(start), off(record_end)};
      return true;
    }
  }

 private:
  static std::uint32_t off(std::size_t p) { return static_cast<std::uint32_t>(p); }

  // Marks `rec` malformed and resumes at the next line.
  bool fail(CsvRecord& rec, std::size_t start, Span where, std::string message) {
    std::size_t eol = text_.find('\n', where.begin);
    if (eol == std::string_view::npos) eol = text_.size();
    std::size_t end = eol;
    if (end > start && text_[end - 1] == '\r') --end;
    rec.span = {off(start), off(end)};
    rec.error = std::move(message);
    rec.error_span = where;
    pos_ = eol < text_.size() ? eol + 1 : eol;
    return true;
  }

  std::size_t pos_ = 0;
  std::string_view text_;
};

void read_csv(const SourceText& src, TableBuilder& table, Diagnostics& diags) {
  CsvReader reader(src.text());
  CsvRecord header;
  if (!reader.next(header)) {
    diags.error(src, {0, 0},
                "the file is empty; a CSV table starts with a header row of column names");
    return;
  }
  if (!header.error.empty()) {
    diags.error(src, header.error_span, "in the header row: " + header.error);
    return;
  }
  const std::string_view text = src.text();
  if (!valid_utf8(text.substr(header.span.begin, header.span.end - header.span.begin))) {
    diags.error(src, header.span, "the header row is not valid UTF-8; save the file as UTF-8");
    return;
  }
  for (const RawCell& f : header.fields) table.add_column(std::string(trim(f.text)), f.span);

  CsvRecord rec;
  while (reader.next(rec)) {
    if (!rec.error.empty()) {
      table.bad_row(rec.error_span, rec.error);
    } else if (!valid_utf8(text.substr(rec.span.begin, rec.span.end - rec.span.begin))) {
      table.bad_row(rec.span, "this row is not valid UTF-8; save the file as UTF-8");
    } else if (rec.fields.size() != table.column_count()) {
      table.bad_row(rec.span,
                    fmt::format("this row has {} field{} but the header has {} column{}; quote a "
                                "field that holds a comma (\"Smith, J.\")",
                                rec.fields.size(), rec.fields.size() == 1 ? "" : "s",
                                table.column_count(), table.column_count() == 1 ? "" : "s"));
    } else {
      table.add_row({rec.span, std::move(rec.fields)});
    }
  }
}

const char* json_type_name(const nlohmann::ordered_json& j) {
  if (j.is_array()) return "an array";
  if (j.is_object()) return "an object";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "true/false";
  if (j.is_null()) return "null";
  return "a number";
}

void read_jsonl(const SourceText& src, TableBuilder& table) {
  const std::string_view text = src.text();
  std::size_t pos = bom_length(text);
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::size_t end = eol;
    if (end > pos && text[end - 1] == '\r') --end;
    const std::string_view line = text.substr(pos, end - pos);
    const Span span{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(end)};
    const std::size_t line_start = pos;
    pos = eol + 1;
    if (trim(line).empty()) continue;

    // ordered_json keeps the keys in the order written: the columns' order in messages and
    // output is the file's.
    nlohmann::ordered_json j;
    try {
      j = nlohmann::ordered_json::parse(line);
    } catch (const nlohmann::ordered_json::parse_error& e) {
      // e.g. "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error
      // while parsing object - …": keep what follows the position.
      std::string reason = e.what();
      const auto at = reason.find(": ", reason.find("column"));
      if (at != std::string::npos) reason = reason.substr(at + 2);
      const std::size_t byte = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, line.size());
      // An error at the end of the line (a missing closing quote) marks the empty end of it:
      // one byte more would lie past the last line of the file.
      const std::size_t width = byte < line.size() ? 1 : 0;
      table.bad_row({static_cast<std::uint32_t>(line_start + byte),
                     static_cast<std::uint32_t>(line_start + byte + width)},
                    fmt::format("this line is not valid JSON ({}); a JSON Lines table holds one "
                                "object per line",
                                reason));
      continue;
    } catch (const nlohmann::ordered_json::out_of_range& e) {  // "1e400": too large a number
      std::string reason = e.what();
      if (const auto at = reason.find("] "); at != std::string::npos) reason.erase(0, at + 2);
      table.bad_row(span, fmt::format("this line is not valid JSON ({}); a JSON Lines table "
                                      "holds one object per line",
                                      reason));
      continue;
    }
    if (!j.is_object()) {
      table.bad_row(span, fmt::format("this line is {}, not a JSON object; a JSON Lines table "
                                      "holds one object ({{\"column\": value, …}}) per line",
                                      json_type_name(j)));
      continue;
    }
    RawRow row;
    row.span = span;
    bool ok = true;
    for (const auto& [key, value] : j.items()) {
      if (value.is_array() || value.is_object()) {
        table.bad_row(span, fmt::format("the value of '{}' is {}; a table cell is a string, a "
                                        "number, true/false or null",
                                        key, json_type_name(value)));
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    for (const auto& [key, value] : j.items()) {
      std::size_t index = 0;
      if (auto existing = table.column_index(key)) {
        index = *existing;
      } else {
        index = table.add_column(key, span);
      }
      if (row.cells.size() <= index) row.cells.resize(index + 1);
      RawCell& cell = row.cells[index];
      cell.span = span;
      if (value.is_string()) {
        cell.text = value.get<std::string>();
      } else if (value.is_boolean()) {
        cell.text = value.get<bool>() ? "true" : "false";
        cell.json_bool = true;
      } else if (!value.is_null()) {
        cell.text = value.dump();
      }
    }
    table.add_row(std::move(row));
  }
}

}  // namespace

std::optional<TableFormat> table_format_of(std::string_view path) {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string ext = lower_ascii(path.substr(dot));
  if (ext == ".csv") return TableFormat::csv;
  if (ext == ".jsonl") return TableFormat::jsonl;
  return std::nullopt;
}

LoadedTable read_table(std::string name, const SourceText& source, TableFormat format,
                       const std::vector<TableColumnType>& declared, Diagnostics& diags) {
  TableBuilder builder(source, declared, diags);
  if (format == TableFormat::csv) {
    read_csv(source, builder, diags);
  } else {
    read_jsonl(source, builder);
  }
  return builder.finish(std::move(name), format);
}

bool parse_table_number(std::string_view text, double& out) {
  text = trim(text);
  // Check the shape first: from_chars alone would accept "inf", "nan" and hex digits after
  // some prefixes, which are not what a table author means by a number.
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != text.size()) return false;
  // from_chars takes no leading '+'.
  const std::size_t from = text[0] == '+' ? 1 : 0;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data() + from, text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  out = value;
  return true;
}

bool parse_table_boolean(std::string_view text, bool& out) {
  const std::string word = lower_ascii(trim(text));
  if (word == "true" || word == "false") {
    out = word == "true";
    return true;
  }
  return false;
}

bool is_table_date(std::string_view text) {
  text = trim(text);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const auto num = [&](std::size_t from, std::size_t len) {
    int v = 0;
    for (std::size_t i = from; i < from + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace verity::dsl
