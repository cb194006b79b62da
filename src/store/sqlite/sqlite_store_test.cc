// The SQLite store itself: migrations, opening, and what a transaction does when it is committed
// or dropped.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "store/sqlite/connection.h"
#include "store/sqlite/migrations_data.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CountAllRows;
using test::ExecuteRawSql;
using test::TempDir;

TEST(MigrateSqliteDatabaseTest, AppliesEveryMigrationToANewFile) {
  TempDir directory;
  const auto report = MigrateSqliteDatabase(directory.File("new.db"));
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->version_before, 0);
  EXPECT_GE(report->version_after, 1);
  const auto counts = CountAllRows(directory.File("new.db"));
  for (const char* table : {"users", "sessions", "audit_events", "audit_changes", "customers",
                            "customer_phones", "customer_emails", "premises", "accounts", "notes",
                            "cycles", "routes", "schema_migrations"}) {
    EXPECT_EQ(counts.count(table), 1u) << table << " was not created";
  }
  EXPECT_EQ(counts.at("schema_migrations"), report->version_after);
}

TEST(MigrateSqliteDatabaseTest, IsIdempotent) {
  TempDir directory;
  const std::string path = directory.File("twice.db");
  const auto first = MigrateSqliteDatabase(path);
  ASSERT_TRUE(first.ok()) << first.error().message;
  const auto second = MigrateSqliteDatabase(path);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->version_before, first->version_after);
  EXPECT_EQ(second->version_after, first->version_after);
  EXPECT_EQ(CountAllRows(path).at("schema_migrations"), first->version_after);
}

TEST(MigrateSqliteDatabaseTest, RefusesASchemaNewerThanThisProgram) {
  TempDir directory;
  const std::string path = directory.File("future.db");
  ASSERT_TRUE(MigrateSqliteDatabase(path).ok());
  ASSERT_EQ(ExecuteRawSql(path,
                          "INSERT INTO schema_migrations (version, name, applied_at)"
                          " VALUES (9999, '9999_future.sql', '2030-01-01T00:00:00Z')"),
            "");
  const auto report = MigrateSqliteDatabase(path);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(report.error().reason, "SCHEMA_TOO_NEW");
  const auto opened = OpenSqliteStore(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().reason, "SCHEMA_TOO_NEW");
}

// A database built by the migrations up to `version` as they were, with foreign keys off so a
// test can insert rows without their parents; nullptr (and a test failure) if any fails.
std::unique_ptr<sqlite::Connection> DatabaseAtVersion(const std::string& path, int version_max) {
  auto connection = sqlite::Connection::Open(path).value();
  bool ok = connection->Execute("PRAGMA foreign_keys = OFF").ok() &&
            connection
                ->Execute(
                    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
                    " name TEXT NOT NULL, applied_at TEXT NOT NULL)")
                .ok();
  for (const auto& source : sqlite::MigrationSources()) {
    const int version = std::stoi(std::string(source.name).substr(0, 4));
    if (!ok || version > version_max) continue;
    ok =
        connection->Execute(source.sql).ok() &&
        connection
            ->Execute(("INSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
                       std::to_string(version) + ", '" + source.name + "', '2026-11-01T00:00:00Z')")
                          .c_str())
            .ok();
  }
  EXPECT_TRUE(ok) << "building a database at version " << version_max;
  return ok ? std::move(connection) : nullptr;
}

// Schema version 11 moved each bill's lines from the bill_lines table into the bill's row. A
// database written before keeps every line, in position order and with every value, and reads
// them through the bill_lines view as before.
TEST(MigrateSqliteDatabaseTest, Version11KeepsEveryBillLineInOrder) {
  TempDir directory;
  const std::string path = directory.File("v10.db");
  {  // A database at version 10, built by the migrations as they were.
    auto connection = DatabaseAtVersion(path, 10);
    ASSERT_TRUE(connection);
    // Two bills; their lines inserted out of order, one with text to escape and NULLs.
    const std::string bill_values =
        " (account_id, period_first, period_last, bill_date, due_date, previous_balance_cents,"
        " payments_cents, adjustments_cents, current_charges_cents, total_due_cents,"
        " late_amount_cents, late_after, usage_gallons, estimated, through_entry_id,"
        " credit_after_cents, status) VALUES (1, '2026-10-01', '2026-10-31', '2026-11-01',"
        " '2026-11-21', 0, 0, 0, 1200, 1200, 120, '2026-11-21', '5000', 0, 0, 0, 'posted')";
    ASSERT_TRUE(connection->Execute(("INSERT INTO bills" + bill_values).c_str()).ok());
    ASSERT_TRUE(connection->Execute(("INSERT INTO bills" + bill_values).c_str()).ok());
    ASSERT_TRUE(connection
                    ->Execute("INSERT INTO bill_lines VALUES"
                              " (1, 2, 'sewer', 'sewer', 's.1', 'Sewer \"cap\" \\ 6,000', '5',"
                              "  'kgal', 3450000, 1725, 'v1'),"
                              " (1, 1, 'water', 'water', 'w.base', 'Base charge', '1', 'month',"
                              "  9500000, 950, 'v1'),"
                              " (1, 3, 'tax', 'general', 't', 'Tax', NULL, 'percent', NULL, -5,"
                              "  'v1'),"
                              " (2, 1, 'water', 'water', 'w.base', 'Base charge', '1', 'month',"
                              "  9500000, 950, 'v2')")
                    .ok());
  }
  const auto report = MigrateSqliteDatabase(path);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->version_before, 10);
  auto connection = sqlite::Connection::Open(path).value();
  auto* select =
      connection
          ->Prepare(
              "SELECT bill_id, position, service, fund, step, description,"
              " COALESCE(quantity, 'NULL'), unit, COALESCE(price_micros, -1), amount_cents,"
              " version FROM bill_lines ORDER BY bill_id, position")
          .value();
  std::vector<std::string> rows;
  while (select->Step().value()) {
    std::string row;
    for (int column = 0; column < 11; ++column) row += select->Text(column) + "|";
    rows.push_back(row);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "1|1|water|water|w.base|Base charge|1|month|9500000|950|v1|",
                      "1|2|sewer|sewer|s.1|Sewer \"cap\" \\ 6,000|5|kgal|3450000|1725|v1|",
                      "1|3|tax|general|t|Tax|NULL|percent|-1|-5|v1|",
                      "2|1|water|water|w.base|Base charge|1|month|9500000|950|v2|",
                  }));
}

TEST(MigrateSqliteDatabaseTest, Version16MovesEachBillsCarriedPositionToItsOwnTable) {
  TempDir directory;
  const std::string path = directory.File("v15.db");
  {  // A database at version 15, with one bill carrying a position and one without.
    auto connection = DatabaseAtVersion(path, 15);
    ASSERT_TRUE(connection);
    const std::string bill =
        "INSERT INTO bills (account_id, period_first, period_last, bill_date, due_date,"
        " previous_balance_cents, payments_cents, adjustments_cents, current_charges_cents,"
        " total_due_cents, late_amount_cents, late_after, usage_gallons, estimated,"
        " through_entry_id, credit_after_cents, status, position) VALUES (1, '2026-10-01',"
        " '2026-10-31', '2026-11-01', '2026-11-21', 0, 0, 0, 1200, 1200, 120, '2026-11-21',"
        " '5000', 0, 0, 0, 'posted', ";
    ASSERT_TRUE(connection
                    ->Execute((bill + "'{\"as_of\":\"2026-11-01\",\"lines\":[[\"1210\","
                                      "\"water\",\"2026-11-01\",1200]]}')")
                                  .c_str())
                    .ok());
    ASSERT_TRUE(connection->Execute((bill + "NULL)").c_str()).ok());
  }
  const auto report = MigrateSqliteDatabase(path);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->version_before, 15);
  auto connection = sqlite::Connection::Open(path).value();
  auto* select =
      connection->Prepare("SELECT bill_id, position FROM bill_positions ORDER BY bill_id").value();
  ASSERT_TRUE(select->Step().value());
  EXPECT_EQ(select->Int(0), 1);
  EXPECT_EQ(select->Text(1),
            "{\"as_of\":\"2026-11-01\",\"lines\":[[\"1210\",\"water\",\"2026-11-01\",1200]]}");
  EXPECT_FALSE(select->Step().value());  // the bill without one has no row
  // The column is gone from bills.
  EXPECT_FALSE(connection->Prepare("SELECT position FROM bills").ok());
}

TEST(OpenSqliteStoreTest, WithoutMigrateRefusesADatabaseThatIsNotCurrent) {
  TempDir directory;
  const std::string path = directory.File("bare.db");
  SqliteStoreOptions options;
  options.migrate = false;
  const auto refused = OpenSqliteStore(path, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.error().reason, "SCHEMA_NOT_CURRENT");

  ASSERT_TRUE(MigrateSqliteDatabase(path).ok());
  const auto opened = OpenSqliteStore(path, options);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_TRUE((*opened)->Ping().ok());
}

TEST(OpenSqliteStoreTest, MigratesByDefaultAndAnswersPing) {
  TempDir directory;
  const auto opened = OpenSqliteStore(directory.File("fresh.db"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_TRUE((*opened)->Ping().ok());
  const auto again = MigrateSqliteDatabase(directory.File("fresh.db"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version_before, again->version_after);
}

// New databases get 16 KiB pages (fewer, larger writes for a billing run); a database made
// with another page size keeps it.
TEST(OpenSqliteStoreTest, ANewDatabaseHas16KiBPagesAndAnOldOneKeepsItsOwn) {
  TempDir directory;
  auto page_size = [](const std::string& path) {
    auto connection = sqlite::Connection::Open(path).value();
    auto* pragma = connection->Prepare("PRAGMA page_size").value();
    EXPECT_TRUE(pragma->Step().value());
    return pragma->Int(0);
  };
  ASSERT_TRUE(OpenSqliteStore(directory.File("new.db")).ok());
  EXPECT_EQ(page_size(directory.File("new.db")), 16384);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(directory.File("old.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(raw, "PRAGMA page_size = 4096; CREATE TABLE t (x);", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(raw);
  ASSERT_TRUE(OpenSqliteStore(directory.File("old.db")).ok());
  EXPECT_EQ(page_size(directory.File("old.db")), 4096);
}

// The WAL file is kept when the store closes (a CLI command does not delete and regrow it), and
// the database file alone holds everything written: the last close checkpoints it.
TEST(OpenSqliteStoreTest, TheWalFileIsKeptAndTheDatabaseFileIsCompleteAfterClosing) {
  TempDir directory;
  const std::string path = directory.File("kept.db");
  {
    auto store = OpenSqliteStore(path).value();
    auto transaction = store->Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(transaction->reference().InsertCycle({"7", "Cycle 7"}).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
  // A copy of the database file without its WAL has the cycle.
  std::filesystem::copy_file(path, directory.File("copy.db"));
  EXPECT_EQ(CountAllRows(directory.File("copy.db")).at("cycles"), 1);
  // And the store opens again over the kept WAL and writes on.
  auto store = OpenSqliteStore(path).value();
  auto transaction = store->Begin(TransactionMode::kWrite).value();
  ASSERT_TRUE(transaction->reference().InsertCycle({"8", "Cycle 8"}).ok());
  ASSERT_TRUE(transaction->Commit().ok());
  EXPECT_EQ(store->Begin(TransactionMode::kRead).value()->reference().ListCycles().value().size(),
            2u);
}

// A writer waiting for another connection's write lock tries again every millisecond, so it takes
// the lock in the short gap a bulk writer leaves between two chunks (Store::LetOthersWrite), even
// after waiting a long time. SQLite's own busy timeout slept up to 100 ms between tries by then,
// and a payment at the counter waited for a whole billing run posted from the command line.
TEST(OpenSqliteStoreTest, AWaitingWriterTakesTheLockInTheGapBetweenABulkWritersTransactions) {
  TempDir directory;
  const std::string path = directory.File("gap.db");
  ASSERT_TRUE(OpenSqliteStore(path).ok());  // migrated
  auto bulk = sqlite::Connection::Open(path).value();
  auto counter = sqlite::Connection::Open(path).value();
  ASSERT_TRUE(bulk->Execute("BEGIN IMMEDIATE").ok());
  std::thread waiting([&] {
    EXPECT_TRUE(
        counter
            ->Execute(
                "BEGIN IMMEDIATE; INSERT INTO cycles (code, name) VALUES ('9', 'Nine'); COMMIT")
            .ok());
  });
  // Long enough that SQLite's own busy handler would be sleeping 100 ms at a time.
  std::this_thread::sleep_for(std::chrono::milliseconds(460));
  ASSERT_TRUE(bulk->Execute("COMMIT").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(30));  // the gap
  // The bulk writer's next transaction waits for the counter's write, and then sees it.
  ASSERT_TRUE(bulk->Execute("BEGIN IMMEDIATE").ok());
  auto* count = bulk->Prepare("SELECT COUNT(*) FROM cycles WHERE code = '9'").value();
  ASSERT_TRUE(count->Step().value());
  EXPECT_EQ(count->Int(0), 1);
  count->Reset();
  ASSERT_TRUE(bulk->Execute("COMMIT").ok());
  waiting.join();
}

// Frames in the write-ahead log as SQLite reports them (a checkpoint that copies nothing new).
int LogFrames(const std::string& path) {
  auto connection = sqlite::Connection::Open(path).value();
  auto* pragma = connection->Prepare("PRAGMA wal_checkpoint(PASSIVE)").value();
  EXPECT_TRUE(pragma->Step().value());
  return static_cast<int>(pragma->Int(1));
}

// After a bulk write, SettleLog lets the next write start the log over, so the next process
// to open the database reads a short log; a reader on the log makes it a quick no-op.
TEST(OpenSqliteStoreTest, SettleLogStartsTheLogOverUnlessAReaderNeedsIt) {
  TempDir directory;
  const std::string path = directory.File("settle.db");
  auto store = OpenSqliteStore(path).value();
  auto write_cycles = [&](int first, int count) {
    for (int code = first; code < first + count; ++code) {
      auto transaction = store->Begin(TransactionMode::kWrite).value();
      ASSERT_TRUE(transaction->reference()
                      .InsertCycle({std::to_string(code), "Cycle " + std::to_string(code)})
                      .ok());
      ASSERT_TRUE(transaction->Commit().ok());
    }
  };
  write_cycles(100, 50);
  {  // A reader holding its snapshot: the log cannot start over, and SettleLog does not wait.
    auto reader = store->Begin(TransactionMode::kRead).value();
    ASSERT_EQ(reader->reference().ListCycles().value().size(), 50u);
    const auto started = std::chrono::steady_clock::now();
    store->SettleLog();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    write_cycles(150, 1);
  }
  EXPECT_GE(LogFrames(path), 50);
  store->SettleLog();
  write_cycles(151, 1);
  EXPECT_LE(LogFrames(path), 5);
  EXPECT_EQ(store->Begin(TransactionMode::kRead).value()->reference().ListCycles().value().size(),
            52u);
}

// A log left by another process is copied when a store opens, so the store's first write starts
// the log over instead of appending after frames that are already in the database file (SQLite
// forgets that when it reads a log back).
TEST(OpenSqliteStoreTest, AStoreOpenedOverAnotherProcesssLogStartsItOverAtItsFirstWrite) {
  TempDir directory;
  const std::string path = directory.File("left.db");
  {
    auto store = OpenSqliteStore(path).value();
    auto transaction = store->Begin(TransactionMode::kWrite).value();
    for (int index = 0; index < 10000; ++index) {
      ASSERT_TRUE(transaction->reference()
                      .InsertCycle({"c" + std::to_string(index), std::string(200, 'x')})
                      .ok());
    }
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const int left = LogFrames(path);
  ASSERT_GT(left, 100);
  {
    auto store = OpenSqliteStore(path).value();
    auto transaction = store->Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(transaction->reference().InsertCycle({"new", "New"}).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  EXPECT_LT(LogFrames(path), 10) << left << " frames were left";
}

TEST(OpenSqliteStoreTest, AFileThatCannotBeCreatedIsUnavailable) {
  TempDir directory;
  const auto opened = OpenSqliteStore(directory.File("no/such/dir/x.db"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(opened.error().reason, "DATABASE_OPEN_FAILED");
}

class SqliteTransactionTest : public ::testing::Test {
 protected:
  test::TestApp app_;
};

TEST_F(SqliteTransactionTest, ATransactionDestroyedWithoutCommitLeavesNothing) {
  const auto before = app_.RowCounts();
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(transaction->reference().InsertCycle({"1", "Cycle 1"}).ok());
    ASSERT_TRUE(transaction->reference().InsertRoute({"R01", "Route 01", "1"}).ok());
    Customer customer = test::SamplePerson();
    customer.phones = {{"4055550142", "mobile"}};
    ASSERT_TRUE(transaction->customers().Insert(customer).ok());
    // Seen inside the transaction...
    ASSERT_EQ(transaction->reference().ListCycles().value().size(), 1u);
  }
  // ...and gone once it is dropped.
  EXPECT_EQ(app_.RowCounts(), before);
  auto reader = app_.store().Begin(TransactionMode::kRead).value();
  EXPECT_TRUE(reader->reference().ListCycles().value().empty());
  EXPECT_EQ(reader->customers().Get(CustomerId(1)).error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteTransactionTest, ACommittedTransactionIsSeenByTheNext) {
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(transaction->reference().InsertCycle({"1", "Cycle 1"}).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  auto reader = app_.store().Begin(TransactionMode::kRead).value();
  const auto cycles = reader->reference().ListCycles().value();
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].code, "1");
  EXPECT_EQ(cycles[0].name, "Cycle 1");
}

TEST_F(SqliteTransactionTest, AFailedStatementDoesNotPoisonTheConnectionForTheNextTransaction) {
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(transaction->reference().InsertCycle({"1", "Cycle 1"}).ok());
    EXPECT_FALSE(transaction->reference().InsertCycle({"1", "Again"}).ok());
  }
  auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
  ASSERT_TRUE(transaction->reference().InsertCycle({"1", "Cycle 1"}).ok());
  ASSERT_TRUE(transaction->Commit().ok());
}

TEST_F(SqliteTransactionTest, AReadTransactionSeesASnapshot) {
  app_.AddReferenceData();
  auto reader = app_.store().Begin(TransactionMode::kRead).value();
  ASSERT_EQ(reader->reference().ListCycles().value().size(), 2u);
  {
    auto writer = app_.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(writer->reference().InsertCycle({"3", "Cycle 3"}).ok());
    ASSERT_TRUE(writer->Commit().ok());
  }
  EXPECT_EQ(reader->reference().ListCycles().value().size(), 2u);
  auto later = app_.store().Begin(TransactionMode::kRead).value();
  EXPECT_EQ(later->reference().ListCycles().value().size(), 3u);
}

}  // namespace
}  // namespace cistern
