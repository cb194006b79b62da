#include "store/sqlite/sqlite_store.h"

#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/check.h"
#include "core/clock.h"
#include "core/date.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/migrations_data.h"
#include "store/sqlite/repositories.h"

namespace cistern {
namespace {

using sqlite::Connection;

int VersionOf(const char* migration_name) { return std::atoi(migration_name); }

Result<int> CurrentVersion(Connection& connection) {
  CISTERN_RETURN_IF_ERROR(connection.Execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
  CISTERN_ASSIGN_OR_RETURN(
      auto* statement,
      connection.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  CISTERN_ASSIGN_OR_RETURN(bool row, statement->Step());
  return row ? static_cast<int>(statement->Int(0)) : 0;
}

int LatestKnownVersion() {
  int latest = 0;
  for (const auto& source : sqlite::MigrationSources())
    latest = std::max(latest, VersionOf(source.name));
  return latest;
}

Result<MigrationReport> Migrate(Connection& connection) {
  MigrationReport report;
  CISTERN_ASSIGN_OR_RETURN(report.version_before, CurrentVersion(connection));
  report.version_after = report.version_before;
  if (report.version_before > LatestKnownVersion()) {
    return Error::FailedPrecondition("SCHEMA_TOO_NEW", "The database schema is version " +
                                                           std::to_string(report.version_before) +
                                                           ", newer than this program knows (" +
                                                           std::to_string(LatestKnownVersion()) +
                                                           "). Upgrade Cistern.");
  }
  for (const auto& source : sqlite::MigrationSources()) {
    const int version = VersionOf(source.name);
    if (version <= report.version_after) continue;
    CISTERN_RETURN_IF_ERROR(connection.Execute("BEGIN IMMEDIATE"));
    // Another process (a server and a demo started together) may have applied it meanwhile:
    // read the version again now that this connection holds the write lock.
    auto current = CurrentVersion(connection);
    if (!current.ok() || *current >= version) {
      connection.ResetStatements();
      (void)connection.Execute(current.ok() ? "COMMIT" : "ROLLBACK");
      if (!current.ok()) return current.error();
      report.version_after = *current;
      continue;
    }
    Status applied = connection.Execute(source.sql);
    if (applied.ok()) {
      auto statement = connection.Prepare(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      applied = statement.ok()
                    ? (*statement)
                          ->BindAll(version, source.name, FormatInstant(SystemClock().Now()))
                          .Run()
                    : Status(statement.error());
    }
    connection.ResetStatements();
    if (!applied.ok()) {
      (void)connection.Execute("ROLLBACK");
      Error error = applied.error();
      error.message = std::string("Migration ") + source.name + " failed: " + error.message;
      return error;
    }
    CISTERN_RETURN_IF_ERROR(connection.Execute("COMMIT"));
    report.version_after = version;
  }
  return report;
}

class SqliteStore;

// One transaction on one pooled connection. Destroying it without Commit rolls back.
class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteStore& store, std::unique_ptr<Connection> connection,
                    std::unique_lock<std::mutex> write_lock)
      : store_(store),
        connection_(std::move(connection)),
        write_lock_(std::move(write_lock)),
        customers_(*connection_),
        premises_(*connection_),
        accounts_(*connection_),
        notes_(*connection_),
        users_(*connection_),
        sessions_(*connection_),
        audit_(*connection_),
        search_(*connection_),
        reference_(*connection_),
        ledger_(*connection_),
        payments_(*connection_),
        drawers_(*connection_),
        approvals_(*connection_),
        idempotency_(*connection_) {}
  ~SqliteTransaction() override;

  CustomerRepository& customers() override { return customers_; }
  PremiseRepository& premises() override { return premises_; }
  AccountRepository& accounts() override { return accounts_; }
  NoteRepository& notes() override { return notes_; }
  UserRepository& users() override { return users_; }
  SessionRepository& sessions() override { return sessions_; }
  AuditRepository& audit() override { return audit_; }
  AccountSearch& search() override { return search_; }
  ReferenceRepository& reference() override { return reference_; }
  LedgerRepository& ledger() override { return ledger_; }
  PaymentRepository& payments() override { return payments_; }
  DrawerRepository& drawers() override { return drawers_; }
  ApprovalRepository& approvals() override { return approvals_; }
  IdempotencyRepository& idempotency() override { return idempotency_; }

  Status Commit() override {
    CISTERN_CHECK(!finished_, "Commit on a finished transaction");
    connection_->ResetStatements();
    Status committed = connection_->Execute("COMMIT");
    if (!committed.ok()) return committed;  // the destructor rolls back
    finished_ = true;
    return OkStatus();
  }

 private:
  SqliteStore& store_;
  std::unique_ptr<Connection> connection_;
  std::unique_lock<std::mutex> write_lock_;
  bool finished_ = false;
  sqlite::SqliteCustomers customers_;
  sqlite::SqlitePremises premises_;
  sqlite::SqliteAccounts accounts_;
  sqlite::SqliteNotes notes_;
  sqlite::SqliteUsers users_;
  sqlite::SqliteSessions sessions_;
  sqlite::SqliteAudit audit_;
  sqlite::SqliteAccountSearch search_;
  sqlite::SqliteReference reference_;
  sqlite::SqliteLedger ledger_;
  sqlite::SqlitePayments payments_;
  sqlite::SqliteDrawers drawers_;
  sqlite::SqliteApprovals approvals_;
  sqlite::SqliteIdempotency idempotency_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, int connections_max)
      : path_(std::move(path)), connections_max_(connections_max) {}

  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override {
    // Writers queue here rather than spinning in SQLite's busy handler: one writer at a time is
    // SQLite's rule anyway, and a fair queue keeps latency even.
    std::unique_lock<std::mutex> write_lock;
    if (mode == TransactionMode::kWrite) write_lock = std::unique_lock<std::mutex>(write_mutex_);
    CISTERN_ASSIGN_OR_RETURN(auto connection, Acquire());
    Status begun =
        connection->Execute(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    if (!begun.ok()) {
      Release(std::move(connection));
      return begun.error();
    }
    return std::unique_ptr<Transaction>(
        new SqliteTransaction(*this, std::move(connection), std::move(write_lock)));
  }

  Status Ping() override {
    CISTERN_ASSIGN_OR_RETURN(auto connection, Acquire());
    auto statement = connection->Prepare("SELECT 1");
    Status status = statement.ok() ? (*statement)->Run() : Status(statement.error());
    connection->ResetStatements();
    Release(std::move(connection));
    return status;
  }

  Result<std::unique_ptr<Connection>> Acquire() {
    std::unique_lock<std::mutex> lock(pool_mutex_);
    pool_available_.wait(lock, [&] { return !idle_.empty() || open_count_ < connections_max_; });
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_count_;
    lock.unlock();
    auto opened = Connection::Open(path_);
    if (!opened.ok()) {
      std::lock_guard<std::mutex> relock(pool_mutex_);
      --open_count_;
      pool_available_.notify_one();
    }
    return opened;
  }

  // Takes a connection opened outside the pool (the one that ran the migrations).
  void Adopt(std::unique_ptr<Connection> connection) {
    {
      std::lock_guard<std::mutex> lock(pool_mutex_);
      ++open_count_;
    }
    Release(std::move(connection));
  }

  void Release(std::unique_ptr<Connection> connection) {
    {
      std::lock_guard<std::mutex> lock(pool_mutex_);
      idle_.push_back(std::move(connection));
    }
    pool_available_.notify_one();
  }

 private:
  std::string path_;
  int connections_max_;
  std::mutex write_mutex_;
  std::mutex pool_mutex_;
  std::condition_variable pool_available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_count_ = 0;
};

SqliteTransaction::~SqliteTransaction() {
  connection_->ResetStatements();
  if (!finished_) (void)connection_->Execute("ROLLBACK");
  store_.Release(std::move(connection_));
}

}  // namespace

Result<MigrationReport> MigrateSqliteDatabase(const std::string& path) {
  CISTERN_ASSIGN_OR_RETURN(auto connection, Connection::Open(path));
  return Migrate(*connection);
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options) {
  CISTERN_ASSIGN_OR_RETURN(auto connection, Connection::Open(path));
  if (options.migrate) {
    CISTERN_RETURN_IF_ERROR(Migrate(*connection));
  } else {
    CISTERN_ASSIGN_OR_RETURN(int version, CurrentVersion(*connection));
    if (version != LatestKnownVersion()) {
      return Error::FailedPrecondition("SCHEMA_NOT_CURRENT",
                                       "The database schema is version " + std::to_string(version) +
                                           "; run `cistern migrate --db " + path + "` first.");
    }
  }
  connection->ResetStatements();
  auto store = std::make_unique<SqliteStore>(path, options.connections_max);
  store->Adopt(std::move(connection));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace cistern
