#include <gtest/gtest.h>

#include "app/ledger.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

class WriteOffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    supervisor_ = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Whitehorse");
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    test::PostChargesForTest(app_, account_, {{"water", Cents(4000)}, {"sewer", Cents(2500)}});
  }

  void MakeFinal() {
    test::ExecuteRawSql(app_.database_path(), "UPDATE accounts SET status = 'final' WHERE id = " +
                                                  std::to_string(account_.value()));
  }

  Money Balance() { return GetAccountLedger(app_.context(), supervisor_, account_)->balance; }

  test::TestApp app_;
  AccountId account_;
  Caller supervisor_;
  Caller csr_;
};

TEST_F(WriteOffTest, WritesOffEveryFundOwedToBadDebtInOneBalancedEntry) {
  MakeFinal();
  auto posted = WriteOffBalance(app_.context(), supervisor_, account_, "Estate closed", {});
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(posted->entry.kind, EntryKind::kWriteOff);
  EXPECT_TRUE(ValidateEntry(posted->entry, app_.context().finance.chart).ok());
  Money bad_debt;
  for (const EntryLine& line : posted->entry.lines) {
    const GlAccount* gl = app_.context().finance.chart.Find(line.gl_code);
    if (gl->kind == GlKind::kBadDebt) bad_debt += line.amount;
  }
  EXPECT_EQ(bad_debt, Cents(6500));
  EXPECT_EQ(Balance(), Cents(0));
  auto check = CheckLedger(app_.context(), supervisor_);
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok());
}

TEST_F(WriteOffTest, RefusesAnAccountThatIsNotFinalAndWritesNothing) {
  const auto entries = test::RowCount(app_, "journal_entries");
  auto posted = WriteOffBalance(app_.context(), supervisor_, account_, "Estate closed", {});
  ASSERT_FALSE(posted.ok());
  EXPECT_EQ(posted.error().reason, "ACCOUNT_NOT_FINAL");
  EXPECT_EQ(test::RowCount(app_, "journal_entries"), entries);
  EXPECT_EQ(Balance(), Cents(6500));
}

TEST_F(WriteOffTest, NeedsASupervisorAndAMemo) {
  MakeFinal();
  auto by_csr = WriteOffBalance(app_.context(), csr_, account_, "Estate closed", {});
  ASSERT_FALSE(by_csr.ok());
  EXPECT_EQ(by_csr.error().code, ErrorCode::kPermissionDenied);
  auto blank = WriteOffBalance(app_.context(), supervisor_, account_, "   ", {});
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().field, "memo");
  EXPECT_EQ(Balance(), Cents(6500));
}

TEST_F(WriteOffTest, RefusesWhenNothingIsOwedAndReplaysAnIdempotentRequest) {
  MakeFinal();
  const IdempotencyKey key{"write-off-1", "hash-1"};
  auto first = WriteOffBalance(app_.context(), supervisor_, account_, "Estate closed", key);
  ASSERT_TRUE(first.ok());
  auto again = WriteOffBalance(app_.context(), supervisor_, account_, "Estate closed", key);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->entry.id, first->entry.id);
  // Nothing is owed any more, so the final account closed (service_lifecycle.h, CloseIfSettled).
  auto nothing = WriteOffBalance(app_.context(), supervisor_, account_, "Again", {});
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().reason, "ACCOUNT_CLOSED");
}

}  // namespace
}  // namespace cistern
