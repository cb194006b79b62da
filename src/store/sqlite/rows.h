// Reading a stepped statement's rows into records: all of them, or one page of them. `read` turns
// the statement's current row into a Result<T>. Internal to store/sqlite.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
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

// Rows per multi-row INSERT. A batch goes in as 64 rows, then 32, 16, ... 1 for what is left
// (RowsToInsert), so each table has at most seven distinct statements cached however a batch
// divides. One statement per row cost SQLite a statement's set-up and tear-down each time.
constexpr std::size_t kRowsPerInsert = 64;

// The text of a multi-row INSERT, "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)", for each row
// count from 1 to kRowsPerInsert, built once (keep one in a function-local static): building the
// text each time was a measurable part of a billing run's writing.
class MultiRowInsert {
 public:
  // `head` is everything before the VALUES list, ending in "VALUES ".
  MultiRowInsert(std::string_view head, std::size_t columns) {
    std::string row = "(";
    for (std::size_t column = 0; column < columns; ++column) row += column == 0 ? "?" : ", ?";
    row += ")";
    std::string text(head);
    for (std::size_t rows = 1; rows <= kRowsPerInsert; ++rows) {
      text += rows == 1 ? row : ", " + row;
      texts_.push_back(text);
    }
  }

  // The statement text for `rows` rows, 1..kRowsPerInsert.
  const std::string& Sql(std::size_t rows) const { return texts_.at(rows - 1); }

 private:
  std::vector<std::string> texts_;
};

// How many of `remaining` rows (at least 1) the next statement of a batch inserts: the largest
// power of two no more than `remaining` and kRowsPerInsert.
inline std::size_t RowsToInsert(std::size_t remaining) {
  std::size_t rows = kRowsPerInsert;
  while (rows > remaining) rows /= 2;
  return rows;
}

// Inserts rows 0..count-1 with `insert`'s statements, RowsToInsert rows at a time.
// `bind_row(statement, row, parameter)` binds one row's values after `parameter`, advancing it.
// Text bound without a copy must stay alive until InsertRows returns.
template <typename BindRow>
Status InsertRows(Connection& connection, const MultiRowInsert& insert, std::size_t count,
                  BindRow bind_row) {
  for (std::size_t first = 0; first < count;) {
    const std::size_t rows = RowsToInsert(count - first);
    CISTERN_ASSIGN_OR_RETURN(Statement * statement, connection.Prepare(insert.Sql(rows)));
    int parameter = 0;
    for (std::size_t row = first; row < first + rows; ++row) bind_row(*statement, row, parameter);
    CISTERN_RETURN_IF_ERROR(statement->Run());
    first += rows;
  }
  return OkStatus();
}

// The first id to give new rows of a table whose ids the caller gives: one more than the
// largest. `select_max` is "SELECT COALESCE(MAX(id), 0) FROM <table>". Only inside a write
// transaction, which holds the only writer; a clash would be a primary-key error, never an
// overwrite.
inline Result<std::int64_t> NextId(Connection& connection, const char* select_max) {
  CISTERN_ASSIGN_OR_RETURN(Statement * statement, connection.Prepare(select_max));
  CISTERN_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) return Error::Internal("NEXT_ID_MISSING", "The table's largest id could not be read.");
  return statement->Int(0) + 1;
}

}  // namespace cistern::sqlite
