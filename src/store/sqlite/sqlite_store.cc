#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "core/check.h"
#include "core/clock.h"
#include "core/date.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/customer_change_repository.h"
#include "store/sqlite/deposit_repository.h"
#include "store/sqlite/letter_repository.h"
#include "store/sqlite/lifecycle_repository.h"
#include "store/sqlite/migrations_data.h"
#include "store/sqlite/repositories.h"
#include "store/sqlite/sanitation_repository.h"
#include "store/sqlite/service_order_repository.h"

namespace cistern {
namespace {

using sqlite::CacheSize;
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
    // No statement may be left mid-step: SQLite refuses to drop a table or an index while one is.
    connection.ResetStatements();
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

// One transaction. A read transaction has a pooled connection of its own. A write transaction is
// a SAVEPOINT on the store's single writer connection, inside the group's open transaction (see
// SqliteStore); it holds the write mutex until it is committed or rolled back.
class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteStore& store, Connection& connection, std::unique_ptr<Connection> pooled,
                    std::unique_lock<std::mutex> write_lock, bool savepoint, WriteStamp stamp = {},
                    bool unchecked = false)
      : store_(store),
        stamp_(stamp),
        unchecked_(unchecked),
        connection_(connection),
        pooled_(std::move(pooled)),
        write_lock_(std::move(write_lock)),
        savepoint_(savepoint),
        customers_(connection_),
        premises_(connection_),
        accounts_(connection_),
        notes_(connection_),
        users_(connection_),
        sessions_(connection_),
        audit_(connection_),
        search_(connection_),
        reference_(connection_),
        ledger_(connection_),
        payments_(connection_),
        drawers_(connection_),
        approvals_(connection_),
        idempotency_(connection_),
        metering_(connection_),
        billing_(connection_),
        letters_(connection_),
        customer_changes_(connection_),
        service_orders_(connection_),
        sanitation_(connection_),
        deposits_(connection_),
        lifecycle_(connection_) {}
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
  MeteringRepository& metering() override { return metering_; }
  BillingRepository& billing() override { return billing_; }
  LetterRepository& letters() override { return letters_; }
  CustomerChangeRepository& customer_changes() override { return customer_changes_; }
  ServiceOrderRepository& service_orders() override { return service_orders_; }
  SanitationRepository& sanitation() override { return sanitation_; }
  DepositRepository& deposits() override { return deposits_; }
  LifecycleRepository& lifecycle() override { return lifecycle_; }

  Status Commit() override;
  WriteStamp Stamp() const override { return stamp_; }

 private:
  bool writing() const { return pooled_ == nullptr; }

  SqliteStore& store_;
  WriteStamp stamp_;
  bool unchecked_ = false;  // a bulk write's own group, foreign keys unchecked: commits at once
  Connection& connection_;
  std::unique_ptr<Connection> pooled_;  // set for a read transaction
  std::unique_lock<std::mutex> write_lock_;
  // A writer that opened its group works in the group's transaction directly; one that joined a
  // group with work already in it works in a savepoint, so that abandoning it spares the rest.
  bool savepoint_ = false;
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
  sqlite::SqliteMetering metering_;
  sqlite::SqliteBilling billing_;
  sqlite::SqliteLetters letters_;
  sqlite::SqliteCustomerChanges customer_changes_;
  sqlite::SqliteServiceOrders service_orders_;
  sqlite::SqliteSanitation sanitation_;
  sqlite::SqliteDeposits deposits_;
  sqlite::SqliteLifecycle lifecycle_;
};

// Writes go through one connection with group commit. SQLite allows one writer at a time and a
// durable COMMIT costs an fsync, so instead of one transaction and one fsync per request:
//
// - the first writer opens a transaction (BEGIN IMMEDIATE) on the writer connection, and every
//   write transaction is a SAVEPOINT inside it, taken and released under the write mutex;
// - after releasing its savepoint, a writer waits until the group it joined is durable. One
//   waiter at a time becomes the leader: it takes the write mutex (so no savepoint is half done)
//   and COMMITs the whole group with one fsync, then wakes every waiter of that group;
// - a request is acknowledged only after its group's COMMIT, so every acknowledged write is as
//   durable as before; a failed COMMIT fails the whole group, and none of it was acknowledged.
//
// Under load, groups grow by themselves while the previous COMMIT is in progress; alone, a
// writer commits at once.
//
// Checkpoints (copying the WAL back into the database file) run on a thread of their own, on a
// connection of their own, instead of inside the COMMIT that crossed the WAL's size threshold:
// the writer then only appends to the WAL. A PASSIVE checkpoint never blocks the writer or
// readers; as before, it copies what no reader still needs, and the writer starts the WAL over
// once everything is copied.
class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, int connections_max, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), connections_max_(connections_max), writer_(std::move(writer)) {
    auto checkpoints = Connection::Open(path_);
    if (!checkpoints.ok()) return;  // the writer keeps checkpointing in its COMMITs
    // Replaces the writer's automatic checkpoint (sqlite3_wal_autocheckpoint is a WAL hook too).
    sqlite3_wal_hook(writer_->handle(), &SqliteStore::OnWalCommit, this);
    checkpointer_ = std::thread(
        [this, connection = std::move(*checkpoints)]() mutable { CheckpointLoop(*connection); });
  }

  ~SqliteStore() override {
    if (!checkpointer_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(checkpoint_mutex_);
      checkpoint_stop_ = true;
    }
    checkpoint_wanted_.notify_all();
    checkpointer_.join();
    sqlite3_wal_hook(writer_->handle(), nullptr, nullptr);
  }

  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override {
    if (mode != TransactionMode::kRead) {
      writers_waiting_.fetch_add(1);
      std::unique_lock<std::mutex> write_lock(write_mutex_);
      writers_waiting_.fetch_sub(1);
      const bool joining = group_open_;
      // A bulk write skips SQLite's foreign-key lookups (a billing run's chunk spent about a
      // third of its writing time on them, in pages of accounts, meters and readings that only
      // the read-ahead had read) when it opens a group of its own. No one can join that group:
      // it holds the write mutex until its own COMMIT (SqliteTransaction::Commit), and the
      // next group turns the checks back on before it begins.
      const bool unchecked = mode == TransactionMode::kBulkWrite && !joining;
      WriteStamp stamp;
      stamp.sequence = ++write_sequence_;
      if (joining) {
        CISTERN_RETURN_IF_ERROR(writer_->Execute("SAVEPOINT request"));
      } else {
        // PRAGMA foreign_keys is a no-op inside a transaction: set before BEGIN.
        if (references_unchecked_ != unchecked) {
          CISTERN_RETURN_IF_ERROR(writer_->Execute(unchecked ? "PRAGMA foreign_keys = OFF"
                                                             : "PRAGMA foreign_keys = ON"));
          references_unchecked_ = unchecked;
        }
        CISTERN_RETURN_IF_ERROR(writer_->Execute("BEGIN IMMEDIATE"));
        group_open_ = true;
        // Read under the write lock just taken: it changes whenever another connection (another
        // process) has committed since this connection last asked.
        auto version = DataVersion();
        if (!version.ok()) {
          AbandonGroup();
          return version.error();
        }
        stamp.data_version = *version;
        stamp.alone = true;
      }
      return std::unique_ptr<Transaction>(new SqliteTransaction(
          *this, *writer_, nullptr, std::move(write_lock), joining, stamp, unchecked));
    }
    CISTERN_ASSIGN_OR_RETURN(auto connection, Acquire());
    Status begun = connection->Execute("BEGIN DEFERRED");
    if (!begun.ok()) {
      Release(std::move(connection));
      return begun.error();
    }
    Connection& reader = *connection;
    return std::unique_ptr<Transaction>(
        new SqliteTransaction(*this, reader, std::move(connection), {}, false));
  }

  void SettleLog() override {
    {  // The checkpointer may still be copying the last commits; let it finish first.
      std::unique_lock<std::mutex> lock(checkpoint_mutex_);
      checkpoint_idle_.wait_for(lock, kSettleWaitMax,
                                [&] { return !checkpoint_running_ && !checkpoint_pending_; });
    }
    std::lock_guard<std::mutex> write_lock(write_mutex_);
    if (group_open_) return;  // someone's writes wait for their COMMIT
    // Waits briefly at most: a reader still on the log (another process's, say) makes this a
    // no-op, and meanwhile no one could write.
    writer_->WaitWhenBusy(static_cast<int>(kSettleWaitMax.count()));
    (void)sqlite3_wal_checkpoint_v2(writer_->handle(), nullptr, SQLITE_CHECKPOINT_RESTART, nullptr,
                                    nullptr);
    writer_->WaitWhenBusy(sqlite::kBusyTimeoutMs);
  }

  void LetOthersWrite() override {
    // Nothing is held here: this process's writers wait on the write mutex, and another
    // process's try for the lock every millisecond (Connection::WaitWhenBusy).
    std::this_thread::sleep_for(kLetOthersWrite);
    // The mutex is not first come, first served: this process's writers still queued for it
    // go first, so that none of them waits for another chunk (within a bound).
    const auto until = std::chrono::steady_clock::now() + kLetOthersWriteMax;
    while (writers_waiting_.load() > 0 && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  }

  Status Ping() override {
    CISTERN_ASSIGN_OR_RETURN(auto connection, Acquire());
    auto statement = connection->Prepare("SELECT 1");
    Status status = statement.ok() ? (*statement)->Run() : Status(statement.error());
    connection->ResetStatements();
    Release(std::move(connection));
    return status;
  }

  // PRAGMA data_version on the writer connection. Call with the write mutex held.
  Result<std::int64_t> DataVersion() {
    CISTERN_ASSIGN_OR_RETURN(auto* pragma, writer_->Prepare("PRAGMA data_version"));
    CISTERN_ASSIGN_OR_RETURN(bool row, pragma->Step());
    if (!row) return Error::Internal("DATA_VERSION_MISSING", "PRAGMA data_version gave no row.");
    const std::int64_t version = pragma->Int(0);
    pragma->Reset();
    return version;
  }

  // The group the caller's released savepoint belongs to. Call with the write mutex held.
  std::uint64_t CurrentGroup() const { return open_group_; }

  // Rolls back the whole open group: only for the writer that opened it, before anyone joined.
  // Call with the write mutex held.
  void AbandonGroup() {
    (void)writer_->Execute("ROLLBACK");
    group_open_ = false;
  }

  // COMMITs the open group at once: only for the writer that opened it, holding the write mutex
  // since (so nobody joined). Call with the write mutex held.
  Status CommitAlone() {
    const std::uint64_t committed_group = open_group_;
    writer_->ResetStatements();
    Status result = writer_->Execute("COMMIT");
    if (!result.ok()) (void)writer_->Execute("ROLLBACK");
    group_open_ = false;
    ++open_group_;
    if (!result.ok()) return result;
    std::lock_guard<std::mutex> lock(commit_mutex_);
    durable_group_ = std::max(durable_group_, committed_group);
    group_committed_.notify_all();
    return OkStatus();
  }

  // Waits until `group` is committed, committing it as the leader when nobody else is.
  Status WaitDurable(std::uint64_t group) {
    std::unique_lock<std::mutex> lock(commit_mutex_);
    while (durable_group_ < group) {
      if (leader_active_) {
        group_committed_.wait(lock);
        continue;
      }
      leader_active_ = true;
      lock.unlock();
      // Writers already queued for the write mutex (they arrived during the last COMMIT) join
      // this group before it commits; otherwise the leader, taking the mutex first, would
      // commit alone and they would each wait for this COMMIT and then need another. Bounded,
      // so that a steady stream of writers cannot hold a group open.
      const auto gather_until = std::chrono::steady_clock::now() + kGatherMax;
      while (writers_waiting_.load() > 0 && std::chrono::steady_clock::now() < gather_until) {
        std::this_thread::yield();
      }
      std::uint64_t committed_group = 0;
      Status result;
      {
        std::lock_guard<std::mutex> write_lock(write_mutex_);
        committed_group = open_group_;
        if (group_open_) {
          writer_->ResetStatements();
          result = writer_->Execute("COMMIT");
          if (!result.ok()) (void)writer_->Execute("ROLLBACK");
          group_open_ = false;
        }
        ++open_group_;
      }
      lock.lock();
      // A bulk write may have committed a later group meanwhile (CommitAlone).
      durable_group_ = std::max(durable_group_, committed_group);
      if (!result.ok()) {
        failed_groups_[committed_group] = result.error();
        while (failed_groups_.size() > kFailedGroupsKept)
          failed_groups_.erase(failed_groups_.begin());
      }
      leader_active_ = false;
      group_committed_.notify_all();
    }
    auto failed = failed_groups_.find(group);
    if (failed != failed_groups_.end()) return failed->second;
    return OkStatus();
  }

  // The writer's WAL hook, after each COMMIT: past SQLite's usual threshold, wake the
  // checkpointer. Runs on the writer's thread; must not touch the writer connection.
  static int OnWalCommit(void* store, sqlite3*, const char*, int frames) {
    if (frames >= kCheckpointFrames) {
      auto* self = static_cast<SqliteStore*>(store);
      {
        std::lock_guard<std::mutex> lock(self->checkpoint_mutex_);
        self->checkpoint_pending_ = true;
      }
      self->checkpoint_wanted_.notify_one();
    }
    return SQLITE_OK;
  }

  void CheckpointLoop(Connection& connection) {
    std::unique_lock<std::mutex> lock(checkpoint_mutex_);
    while (true) {
      checkpoint_wanted_.wait(lock, [&] { return checkpoint_pending_ || checkpoint_stop_; });
      if (checkpoint_stop_) return;
      checkpoint_pending_ = false;
      checkpoint_running_ = true;
      lock.unlock();
      // A failure (another process checkpointing, say) is left to the next commit past the
      // threshold, which wakes this thread again.
      (void)sqlite3_wal_checkpoint_v2(connection.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                      nullptr, nullptr);
      lock.lock();
      checkpoint_running_ = false;
      checkpoint_idle_.notify_all();
    }
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

  void Release(std::unique_ptr<Connection> connection) {
    {
      std::lock_guard<std::mutex> lock(pool_mutex_);
      idle_.push_back(std::move(connection));
    }
    pool_available_.notify_one();
  }

 private:
  static constexpr std::size_t kFailedGroupsKept = 64;
  static constexpr int kCheckpointFrames = 1000;  // SQLite's default automatic checkpoint
  // The longest SettleLog waits, for the checkpointer and then for readers.
  static constexpr std::chrono::milliseconds kSettleWaitMax{100};
  // How long LetOthersWrite leaves the write lock free: longer than another process's wait
  // between tries (a millisecond), so that one waiting is sure to try inside it.
  static constexpr std::chrono::microseconds kLetOthersWrite{1100};
  // The longest LetOthersWrite waits for this process's queued writers.
  static constexpr std::chrono::milliseconds kLetOthersWriteMax{50};
  // The longest a commit leader lets queued writers join its group first.
  static constexpr std::chrono::microseconds kGatherMax{500};

  std::string path_;
  int connections_max_;

  // The writer connection and its group, guarded by write_mutex_.
  std::mutex write_mutex_;
  std::unique_ptr<Connection> writer_;
  bool group_open_ = false;
  std::uint64_t open_group_ = 1;
  std::uint64_t write_sequence_ = 0;     // write transactions begun
  bool references_unchecked_ = false;    // PRAGMA foreign_keys is OFF (a bulk write's group)
  std::atomic<int> writers_waiting_{0};  // blocked on write_mutex_ in Begin (not guarded by it)

  // Commit progress, guarded by commit_mutex_.
  std::mutex commit_mutex_;
  std::condition_variable group_committed_;
  std::uint64_t durable_group_ = 0;
  bool leader_active_ = false;
  std::map<std::uint64_t, Error> failed_groups_;

  // The checkpointer thread, woken by the writer's WAL hook.
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wanted_;
  bool checkpoint_pending_ = false;
  bool checkpoint_running_ = false;
  bool checkpoint_stop_ = false;
  std::condition_variable checkpoint_idle_;  // notified when a checkpoint ends
  std::thread checkpointer_;

  // Readers' connections.
  std::mutex pool_mutex_;
  std::condition_variable pool_available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_count_ = 0;
};

Status SqliteTransaction::Commit() {
  CISTERN_CHECK(!finished_, "Commit on a finished transaction");
  connection_.ResetStatements();
  if (!writing()) {
    Status committed = connection_.Execute("COMMIT");
    if (!committed.ok()) return committed;  // the destructor rolls back
    finished_ = true;
    return OkStatus();
  }
  if (unchecked_) {
    finished_ = true;  // committed or rolled back, either way
    Status committed = store_.CommitAlone();
    write_lock_.unlock();
    return committed;
  }
  if (savepoint_) {
    Status released = connection_.Execute("RELEASE request");
    if (!released.ok()) return released;  // the destructor rolls back to the savepoint
  }
  finished_ = true;
  const std::uint64_t group = store_.CurrentGroup();
  write_lock_.unlock();
  return store_.WaitDurable(group);
}

SqliteTransaction::~SqliteTransaction() {
  if (!writing()) {
    if (!finished_) {
      connection_.ResetStatements();
      (void)connection_.Execute("ROLLBACK");
    }
    store_.Release(std::move(pooled_));
    return;
  }
  if (finished_) return;
  connection_.ResetStatements();
  if (!savepoint_) {
    // Nobody joined this group while this transaction held the write mutex: it is all ours.
    store_.AbandonGroup();
    return;
  }
  (void)connection_.Execute("ROLLBACK TO request");
  (void)connection_.Execute("RELEASE request");
  // This transaction may have read writes of its group that are not yet durable (a replayed
  // idempotency key, say): whatever it answers waits for them too.
  const std::uint64_t group = store_.CurrentGroup();
  write_lock_.unlock();
  (void)store_.WaitDurable(group);
}

}  // namespace

Result<MigrationReport> MigrateSqliteDatabase(const std::string& path) {
  CISTERN_ASSIGN_OR_RETURN(auto connection, Connection::Open(path));
  return Migrate(*connection);
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options) {
  CISTERN_ASSIGN_OR_RETURN(auto connection, Connection::Open(path, CacheSize::kWriter));
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
  // A log that another process left behind (a readings import is one large transaction) was
  // read back when this connection first queried, and SQLite no longer knows that its frames are
  // already in the database file. Copied now, before anything is written, this process's first
  // write starts the log over; copied later by the checkpointer, that write appended after them
  // and grew the file (about 1 s of a 13-month city's first billing cycle after an import).
  (void)sqlite3_wal_checkpoint_v2(connection->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                  nullptr);
  // The connection that ran the migrations becomes the writer; readers open as needed.
  auto store = std::make_unique<SqliteStore>(path, options.connections_max, std::move(connection));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace cistern
