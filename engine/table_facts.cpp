// Conversion of table cells to typed values, with the same parsers the table loader checked
// them with, so that a cell it accepted never turns into an unset value here.
#include "engine/table_facts.hpp"

#include "engine/sha256.hpp"

namespace verity {
namespace {

Value cell_value(const std::string& cell, const Type& type) {
  switch (type.base) {
    case BaseType::number: {
      double n = 0;
      if (dsl::parse_table_number(cell, n)) return n;
      return Value{};
    }
    case BaseType::date: {
      Date d;
      if (parse_iso_date(cell, d)) return d;
      return Value{};
    }
    case BaseType::boolean: {
      bool b = false;
      if (dsl::parse_table_boolean(cell, b)) return b;
      return Value{};
    }
    default:
      return cell;
  }
}

}  // namespace

std::size_t add_table_facts(const dsl::LoadedTable& table, FactStore& store) {
  Document doc;
  doc.id = table.path;
  doc.path = table.path;
  doc.text = *table.source;
  doc.sha256 = sha256_hex(doc.text.text());
  // Not "source": rules that compare sources with summaries must not take a table for one.
  doc.meta["role"] = "table";
  doc.meta["title"] = table.name;
  const std::uint32_t d = store.add_document(std::move(doc));

  const std::string origin = "table:" + table.path;
  for (const dsl::TableRow& row : table.rows) {
    NewFact f;
    f.kind = table.name;
    f.span = row.span;
    for (std::size_t c = 0; c < table.columns.size() && c < row.cells.size(); ++c) {
      if (!row.cells[c]) continue;
      f.fields.emplace_back(table.columns[c].name,
                            cell_value(*row.cells[c], table.columns[c].type));
    }
    store.add_fact(d, f, origin);
  }
  return table.rows.size();
}

std::size_t add_table_facts(const dsl::RuleSet& rules, FactStore& store) {
  std::size_t n = 0;
  for (const auto& table : rules.tables) n += add_table_facts(table, store);
  return n;
}

}  // namespace verity
