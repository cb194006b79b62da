// Reading a stepped statement's rows into records: all of them, or one page of them. `read` turns
// the statement's current row into a Result<T>. Internal to store/sqlite.
#pragma once

#include <string>
#include <vector>

#include "app/store/page.h"
#include "core/result.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

template <typename T, typename Read>
Result<std::vector<T>> ReadAll(Statement& statement, Read read) {
  std::vector<T> rows;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return rows;
    CISTERN_ASSIGN_OR_RETURN(T item, read(statement));
    rows.push_back(std::move(item));
  }
}

// For a statement bound with LIMIT page_size + 1: at most page_size items, and when another row
// follows, next_after set to the last item's id.
template <typename T, typename Read>
Result<Page<T>> ReadPage(Statement& statement, int page_size, Read read) {
  Page<T> page;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return page;
    if (static_cast<int>(page.items.size()) == page_size) {
      page.next_after = page.items.back().id.value();
      return page;
    }
    CISTERN_ASSIGN_OR_RETURN(T item, read(statement));
    page.items.push_back(std::move(item));
  }
}

// "(?, ?), (?, ?), (?, ?)": the VALUES of a multi-row INSERT of `rows` rows of `columns` each.
// One statement per row count is prepared and cached; binding runs 1..rows*columns row by row.
inline std::string RowPlaceholders(std::size_t columns, std::size_t rows) {
  std::string row = "(";
  for (std::size_t column = 0; column < columns; ++column) row += column == 0 ? "?" : ", ?";
  row += ")";
  std::string text;
  for (std::size_t index = 0; index < rows; ++index) {
    if (index > 0) text += ", ";
    text += row;
  }
  return text;
}

// Rows per multi-row INSERT: enough for any bill or entry, few distinct statements to cache.
constexpr std::size_t kRowsPerInsert = 16;

}  // namespace cistern::sqlite
