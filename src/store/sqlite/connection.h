// A thin, RAII wrapper over one SQLite connection and its prepared statements.
//
// Only store/sqlite includes this header. Statements are prepared once per connection and cached
// by their SQL text, so every query is a prepared statement and nothing is built from user text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace cistern::sqlite {

class Connection;

class Statement {
 public:
  Statement(Connection& connection, sqlite3_stmt* statement);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds parameters 1..N in order; std::nullopt binds NULL.
  template <typename... Values>
  Statement& BindAll(const Values&... values) {
    int index = 0;
    (Bind(++index, values), ...);
    return *this;
  }
  void Bind(int index, std::int64_t value);
  void Bind(int index, int value) { Bind(index, static_cast<std::int64_t>(value)); }
  void Bind(int index, bool value) { Bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  void Bind(int index, std::string_view value);
  void Bind(int index, const std::string& value) { Bind(index, std::string_view(value)); }
  void Bind(int index, const char* value) { Bind(index, std::string_view(value)); }
  void Bind(int index, std::nullopt_t);
  // Binds text without copying it (Bind copies). The caller keeps `value` alive and unchanged
  // until the statement has run; for the hot multi-row INSERTs of a billing run, whose copies
  // (a malloc and a free each) were a measurable part of its writing. Never a temporary.
  void BindUnowned(int index, const std::string& value);
  void BindUnowned(int index, std::string&&) = delete;
  template <typename T>
  void Bind(int index, const std::optional<T>& value) {
    if (value) {
      Bind(index, *value);
    } else {
      Bind(index, std::nullopt);
    }
  }

  // Advances to the next row: true when there is one, false when done.
  Result<bool> Step();
  // Runs a statement that returns no rows.
  Status Run();

  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  // The same text without a copy: valid until the next Step or Reset.
  std::string_view TextView(int column) const;
  bool IsNull(int column) const;
  std::optional<std::string> OptionalText(int column) const;

  // Clears bindings and rewinds, ready for reuse. Called by Connection::Prepare.
  void Reset();

 private:
  Connection& connection_;
  sqlite3_stmt* statement_;
};

// How many pages a connection keeps in memory. A reader's cache is small: in WAL mode a reader
// drops its whole cache whenever another connection has committed, so a large one bought
// nothing but fresh memory to fill and free (about 7% of a billing run). The writer keeps its
// cache between transactions, and a billing run's chunk dirties about 8 MiB of pages.
enum class CacheSize { kReader, kWriter };

// How long a connection waits for another process's lock before giving up with SQLITE_BUSY.
constexpr int kBusyTimeoutMs = 10000;

class Connection {
 public:
  // Opens (creating if needed) the database file and applies the connection settings: WAL
  // (kept on disk between processes), foreign keys on, a busy timeout, synchronous FULL.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  CacheSize cache = CacheSize::kReader);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The cached prepared statement for `sql`, reset and ready to bind. The reference stays valid
  // for the connection's life; do not hold it across another Prepare of the same text.
  Result<Statement*> Prepare(std::string_view sql);
  // Runs one or more statements without parameters (schema, BEGIN, COMMIT).
  Status Execute(const char* sql);

  // Resets every statement prepared since the last call. A statement left on a row holds its
  // read snapshot open; the store calls this before COMMIT and ROLLBACK so that the next
  // transaction on this connection sees the latest data.
  void ResetStatements();

  std::int64_t LastInsertRowId() const;
  int Changes() const;

  // Waits up to `timeout_ms` for another connection's lock before giving up with SQLITE_BUSY,
  // trying again every millisecond. SQLite's own busy timeout sleeps longer and longer between
  // tries (up to 100 ms), so a waiter slept through the short moments in which a bulk writer in
  // another process (a billing run from the command line) frees the lock between its chunks,
  // and in effect waited for the whole run. Open sets kBusyTimeoutMs.
  void WaitWhenBusy(int timeout_ms);

  // The error for the connection's last failure, with `context` naming what was attempted.
  Error LastError(int result_code, std::string_view context) const;
  sqlite3* handle() { return database_; }

 private:
  explicit Connection(sqlite3* database) : database_(database) {}
  sqlite3* database_;
  int busy_timeout_ms_ = 0;  // read by the busy handler WaitWhenBusy installs
  // Looked up by string_view without building a std::string: Prepare runs on every query.
  // A long text is hashed by its length and its two ends only: a billing run's multi-row
  // INSERTs are kilobytes long, differ in length from one another, and hashing all of each on
  // every Prepare was a measurable part of its writing. Equal texts are still compared whole.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      constexpr std::size_t kEnds = 64;
      if (text.size() <= 2 * kEnds) return std::hash<std::string_view>()(text);
      const std::size_t head = std::hash<std::string_view>()(text.substr(0, kEnds));
      const std::size_t tail = std::hash<std::string_view>()(text.substr(text.size() - kEnds));
      return head ^ (tail * 31) ^ (text.size() * 0x9e3779b97f4a7c15ULL);
    }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, TextHash, std::equal_to<>>
      statements_;
  std::vector<Statement*> used_;  // prepared since the last ResetStatements
};

}  // namespace cistern::sqlite
