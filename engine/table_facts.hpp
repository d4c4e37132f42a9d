// Turns the rows of reference tables (`table officials from "officials.csv"`, read by the rule
// compiler) into facts of the run, so that rules join documents' facts with reference data.
// Each table file becomes a document too, so that every table fact has provenance like an
// extracted one: the file, the row's bytes, its line.
#pragma once

#include <cstddef>

#include "dsl/compiler.hpp"
#include "engine/fact_store.hpp"

namespace verity {

// Adds `table`'s file as a document (id and path = the path as resolved from the rule file,
// text = the file's text, role "table", title = the table's name) and each row as a fact of
// kind table.name: span = the row's bytes, origin "table:PATH". Cells become numbers, dates,
// true/false or text by their column's type; empty cells stay unset. The kind must already be
// in the store's schema: compile the rules against FactStore::schema_for_update().
// Returns the number of facts added.
std::size_t add_table_facts(const dsl::LoadedTable& table, FactStore& store);

// The facts of every table of `rules`.
std::size_t add_table_facts(const dsl::RuleSet& rules, FactStore& store);

}  // namespace verity
