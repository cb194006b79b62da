// Bulk writes (TransactionMode::kBulkWrite): the store skips SQLite's foreign-key lookups for
// them, for them only, and `cistern ledger check` finds a reference they left broken.
#include <gtest/gtest.h>

#include "app/ledger.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

// A route names its cycle (routes.cycle REFERENCES cycles): "none" is no cycle's code.
Status AddRouteOnMissingCycle(Store& store, TransactionMode mode, const std::string& code) {
  CISTERN_ASSIGN_OR_RETURN(auto transaction, store.Begin(mode));
  CISTERN_RETURN_IF_ERROR(transaction->reference().InsertRoute({code, "Route " + code, "none"}));
  return transaction->Commit();
}

TEST(BulkWriteTest, AnOrdinaryWriteRefusesAReferenceToNoRow) {
  test::TestApp app;
  EXPECT_FALSE(AddRouteOnMissingCycle(app.store(), TransactionMode::kWrite, "R1").ok());
}

TEST(BulkWriteTest, ABulkWriteIsNotCheckedAndTheNextOrdinaryWriteIsAgain) {
  test::TestApp app;
  ASSERT_TRUE(AddRouteOnMissingCycle(app.store(), TransactionMode::kBulkWrite, "R1").ok());
  // The bulk write committed by itself: another connection sees it.
  EXPECT_EQ(test::QueryRawInt(app.database_path(), "SELECT COUNT(*) FROM routes WHERE code = 'R1'"),
            1);
  EXPECT_FALSE(AddRouteOnMissingCycle(app.store(), TransactionMode::kWrite, "R2").ok());
  EXPECT_EQ(test::QueryRawInt(app.database_path(), "SELECT COUNT(*) FROM routes WHERE code = 'R2'"),
            0);
}

TEST(BulkWriteTest, AnAbandonedBulkWriteLeavesNothingAndTheChecksOn) {
  test::TestApp app;
  {
    auto transaction = app.store().Begin(TransactionMode::kBulkWrite).value();
    ASSERT_TRUE(transaction->reference().InsertRoute({"R1", "Route R1", "none"}).ok());
  }  // never committed
  EXPECT_EQ(test::QueryRawInt(app.database_path(), "SELECT COUNT(*) FROM routes"), 0);
  EXPECT_FALSE(AddRouteOnMissingCycle(app.store(), TransactionMode::kWrite, "R2").ok());
}

TEST(BulkWriteTest, TheLedgerCheckNamesAReferenceABulkWriteLeftBroken) {
  test::TestApp app;
  const Caller auditor{UserId(), Role::kAuditor, "Ledger check"};
  ASSERT_TRUE(CheckLedger(app.context(), auditor).value().ok());
  ASSERT_TRUE(AddRouteOnMissingCycle(app.store(), TransactionMode::kBulkWrite, "R1").ok());
  auto report = CheckLedger(app.context(), auditor);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->violations.size(), 1u);
  EXPECT_EQ(report->violations.front(), "routes row 1 names a cycles row that does not exist");
}

}  // namespace
}  // namespace cistern
