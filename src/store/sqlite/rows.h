// Reading a stepped statement's rows into records: all of them, or one page of them. `read` turns
// the statement's current row into a Result<T>. Internal to store/sqlite.
#pragma once

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

// Rows per multi-row INSERT: enough for any journal entry, few distinct statements to cache.
constexpr std::size_t kRowsPerInsert = 16;
// Rows per multi-row INSERT when a billing run writes a chunk's bills and entries together.
// Batches go in as 64 rows, then 32, 16, ... 1 for what is left (RowsToInsert), so each table
// has at most seven distinct statements cached however the chunk divides.
constexpr std::size_t kBatchRowsPerInsert = 64;

// The text of a multi-row INSERT, "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)", for each row
// count from 1 to `max_rows`, built once (keep one in a function-local static): a billing
// run inserts a journal entry's lines for every bill, and building the text each time was a
// measurable part of its writing. Binding runs 1..rows*columns row by row.
class MultiRowInsert {
 public:
  // `head` is everything before the VALUES list, ending in "VALUES ".
  MultiRowInsert(std::string_view head, std::size_t columns,
                 std::size_t max_rows = kRowsPerInsert) {
    std::string row = "(";
    for (std::size_t column = 0; column < columns; ++column) row += column == 0 ? "?" : ", ?";
    row += ")";
    std::string text(head);
    for (std::size_t rows = 1; rows <= max_rows; ++rows) {
      text += rows == 1 ? row : ", " + row;
      texts_.push_back(text);
    }
  }

  // The statement text for `rows` rows, 1..max_rows.
  const std::string& Sql(std::size_t rows) const { return texts_.at(rows - 1); }

 private:
  std::vector<std::string> texts_;
};

// How many of `remaining` rows (at least 1) the next statement of a batch inserts: the largest
// power of two no more than `remaining` and kBatchRowsPerInsert.
inline std::size_t RowsToInsert(std::size_t remaining) {
  std::size_t rows = kBatchRowsPerInsert;
  while (rows > remaining) rows /= 2;
  return rows;
}

}  // namespace cistern::sqlite
