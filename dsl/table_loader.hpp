// Reads the reference tables of `table NAME from "file"` statements: CSV (RFC 4180) and JSON
// Lines, into rows of text cells, and gives each column a type (declared in the statement, or
// inferred from the data). It lives in the dsl because the compiler needs a table's columns and
// their types before it checks the rules that read them; the engine turns the rows into facts
// (engine/table_facts.hpp). Problems with one row are warnings and the row is skipped, so one
// bad line of a large file does not stop a run; problems with the whole file are errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "dsl/source.hpp"
#include "dsl/types.hpp"

namespace verity::dsl {

enum class TableFormat { csv, jsonl };

// The format a table file's name says: `.csv` or `.jsonl` (any case); nullopt otherwise.
std::optional<TableFormat> table_format_of(std::string_view path);

struct TableColumnType {
  std::string name;
  Type type;  // number, text, date or boolean
};

struct TableRow {
  Span span;               // the row's bytes in the table file, line break excluded
  std::uint32_t line = 0;  // 1-based line where the row starts
  // One cell per column, in column order; nullopt when the cell is empty or only spaces (the
  // field is unset). Text cells are as written (quotes and "" escapes undone); cells of number,
  // date and boolean columns are trimmed and known to parse as their column's type.
  std::vector<std::optional<std::string>> cells;
};

struct LoadedTable {
  std::string name;  // the kind of its facts
  std::string path;  // the file as resolved from the rule file: the id of the facts' document
  const SourceText* source = nullptr;  // the file's text; row spans point into it (not owned)
  std::vector<TableColumnType> columns;
  std::vector<TableRow> rows;  // the good rows, in file order
};

// Reads the rows of `source` (its name is the table file's path, used in messages). Columns
// named in `declared` get that type and each of their cells must fit it; the other columns are
// inferred: number when every non-empty cell is a number, date when every one is YYYY-MM-DD,
// else text (in JSON Lines, also boolean when every value is JSON true or false). Declared
// names that are not columns of the file are ignored here: the caller reports them, at the
// place in the rule file that names them. `source` must outlive the result and `diags`.
LoadedTable read_table(std::string name, const SourceText& source, TableFormat format,
                       const std::vector<TableColumnType>& declared, Diagnostics& diags);

// How cells are read as values. The engine converts cells with the same functions, so a cell
// the loader accepted always converts.
// A decimal number with optional sign, fraction and exponent ("-1.5e3"; not "0x1A", "inf" or
// "1,000"), after trimming spaces and tabs.
bool parse_table_number(std::string_view text, double& out);
// `true` or `false`, in any case, after trimming.
bool parse_table_boolean(std::string_view text, bool& out);
// YYYY-MM-DD naming a day that exists (as engine/value.hpp's parse_iso_date), after trimming.
bool is_table_date(std::string_view text);

}  // namespace verity::dsl
