#include "store/sqlite/connection.h"

#include <sqlite3.h>

namespace cistern::sqlite {

Statement::Statement(Connection& connection, sqlite3_stmt* statement)
    : connection_(connection), statement_(statement) {}

Statement::~Statement() { sqlite3_finalize(statement_); }

void Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
}

void Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
}

void Statement::BindUnowned(int index, const std::string& value) {
  sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
}

void Statement::Bind(int index, std::nullopt_t) { sqlite3_bind_null(statement_, index); }

Result<bool> Statement::Step() {
  const int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  return connection_.LastError(result, sqlite3_sql(statement_));
}

Status Statement::Run() {
  auto stepped = Step();
  if (!stepped.ok()) return stepped.error();
  return OkStatus();
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::string_view Statement::TextView(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(text),
                          static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

void Statement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

namespace {

// SQLite's busy handler: `timeout_ms` is the connection's limit and `tries` how many times SQLite
// has already called. Each call sleeps a millisecond, so the tries bound the wait from below.
int TryAgainInAMillisecond(void* timeout_ms, int tries) {
  if (tries >= *static_cast<const int*>(timeout_ms)) return 0;  // give up: SQLITE_BUSY
  sqlite3_sleep(1);
  return 1;
}

}  // namespace

void Connection::WaitWhenBusy(int timeout_ms) {
  busy_timeout_ms_ = timeout_ms;
  sqlite3_busy_handler(database_, &TryAgainInAMillisecond, &busy_timeout_ms_);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, CacheSize cache) {
  // SQLite's memory statistics take one process-wide mutex on every allocation, which threads
  // working on their own connections (a billing run's reader and writer, the server's workers)
  // then contend for. Nothing reads the statistics. Set before SQLite initializes, once.
  static const bool configured = [] {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  sqlite3* database = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int result = sqlite3_open_v2(path.c_str(), &database, flags, nullptr);
  if (result != SQLITE_OK) {
    std::string message = database ? sqlite3_errmsg(database) : sqlite3_errstr(result);
    sqlite3_close(database);
    return Error::Unavailable("DATABASE_OPEN_FAILED",
                              "Cannot open database " + path + ": " + message);
  }
  std::unique_ptr<Connection> connection(new Connection(database));
  sqlite3_extended_result_codes(database, 1);
  // The WAL file stays when the last connection closes (checkpointed, so the database file is
  // complete). Deleting it and growing it again from nothing cost every CLI command, such as
  // each cycle's `bill run`, about 5% (a billing run writes some 100 MiB of WAL).
  int persist_wal = 1;
  sqlite3_file_control(database, "main", SQLITE_FCNTL_PERSIST_WAL, &persist_wal);
  // The busy timeout covers other processes (a CLI command next to the server); within one
  // process the store serializes writers itself.
  connection->WaitWhenBusy(kBusyTimeoutMs);
  // A new database gets 16 KiB pages (an existing one keeps the size it was made with). A
  // billing run writes about one page per bill, mostly index pages scattered over the city's
  // accounts; with pages four times the default size it writes a quarter as many and ran about
  // 17% faster end to end, while small transactions (payments) lost up to 10% (decision 0006).
  CISTERN_RETURN_IF_ERROR(
      connection->Execute("PRAGMA page_size = 16384;"
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA foreign_keys = ON;"
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA temp_store = MEMORY;"));
  CISTERN_RETURN_IF_ERROR(connection->Execute(cache == CacheSize::kWriter
                                                  ? "PRAGMA cache_size = -32768;"    // 32 MiB
                                                  : "PRAGMA cache_size = -4096;"));  // 4 MiB
  return connection;
}

Connection::~Connection() {
  used_.clear();
  statements_.clear();  // finalize every statement before closing
  sqlite3_close(database_);
}

Result<Statement*> Connection::Prepare(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) {
    found->second->Reset();
    used_.push_back(found->second.get());
    return found->second.get();
  }
  sqlite3_stmt* raw = nullptr;
  const int result = sqlite3_prepare_v3(database_, sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  if (result != SQLITE_OK) return LastError(result, sql);
  auto statement = std::make_unique<Statement>(*this, raw);
  Statement* pointer = statement.get();
  statements_.emplace(std::string(sql), std::move(statement));
  used_.push_back(pointer);
  return pointer;
}

void Connection::ResetStatements() {
  for (Statement* statement : used_) statement->Reset();
  used_.clear();
}

Status Connection::Execute(const char* sql) {
  char* message = nullptr;
  const int result = sqlite3_exec(database_, sql, nullptr, nullptr, &message);
  if (result != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errstr(result);
    sqlite3_free(message);
    Error error = LastError(result, sql);
    error.message = text;
    return error;
  }
  return OkStatus();
}

std::int64_t Connection::LastInsertRowId() const { return sqlite3_last_insert_rowid(database_); }

int Connection::Changes() const { return sqlite3_changes(database_); }

Error Connection::LastError(int result_code, std::string_view context) const {
  const int primary = result_code & 0xff;
  std::string message =
      std::string(sqlite3_errmsg(database_)) + " (in: " + std::string(context.substr(0, 120)) + ")";
  if (result_code == SQLITE_CONSTRAINT_UNIQUE || result_code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Error::Conflict("ALREADY_EXISTS", message);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Error::Unavailable("DATABASE_BUSY", "The database is busy; try again. " + message);
  }
  if (primary == SQLITE_CONSTRAINT) return Error::FailedPrecondition("CONSTRAINT_FAILED", message);
  return Error::Internal("DATABASE_ERROR", message);
}

}  // namespace cistern::sqlite
