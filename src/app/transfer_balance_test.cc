#include <gtest/gtest.h>

#include "app/ledger.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

std::vector<std::string> Texts(const std::vector<FundAmount>& parts) {
  std::vector<std::string> texts;
  for (const FundAmount& part : parts) texts.push_back(part.fund + " " + part.amount.Format());
  return texts;
}

class TransferBalanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    from_ = test::CreateSampleAccount(app_);
    to_ = test::CreateAccountForSameCustomer(app_, from_);
    stranger_ = test::CreateSampleAccount(app_);  // another customer
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(0)).ok());
    app_.clock().Advance(5min);
  }

  // `from` holds an 80.00 credit and owes 40.00 water and 50.00 general: it owes 10.00.
  void GiveTheSourceFundsAndCredit() {
    PaymentRequest payment;
    payment.account_id = from_;
    payment.amount = Cents(8000);
    ASSERT_TRUE(PostPayment(app_.context(), csr_, payment, {}).ok());
    test::PostChargesForTest(app_, from_, {{"water", Cents(4000)}});
    ASSERT_TRUE(PostFee(app_.context(), csr_, from_, "reconnect", "", {}).ok());
  }

  AccountLedger Ledger(AccountId account) {
    return GetAccountLedger(app_.context(), CallerWithRole(Role::kAuditor), account).value();
  }

  void ExpectRefusedWritingNothing(AccountId from, AccountId to, ErrorCode code,
                                   const std::string& reason, const std::string& field) {
    const auto before = app_.RowCounts();
    const auto moved = TransferBalance(app_.context(), csr_, from, to, "", {});
    ASSERT_FALSE(moved.ok()) << "expected " << reason;
    EXPECT_EQ(moved.error().code, code) << moved.error().message;
    EXPECT_EQ(moved.error().reason, reason);
    EXPECT_EQ(moved.error().field, field);
    EXPECT_EQ(app_.RowCounts(), before);
  }

  test::TestApp app_;
  AccountId from_;
  AccountId to_;
  AccountId stranger_;
  Caller csr_;
};

TEST_F(TransferBalanceTest, MovesEveryFundAndTheCreditToTheCustomersOtherAccount) {
  GiveTheSourceFundsAndCredit();
  ASSERT_EQ(Ledger(from_).balance, Cents(1000));
  const auto moved = TransferBalance(app_.context(), csr_, from_, to_, "moving", {});
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_FALSE(moved->replayed);
  EXPECT_EQ(moved->entry.kind, EntryKind::kTransfer);
  EXPECT_TRUE(moved->entry.id.valid());
  EXPECT_TRUE(ValidateEntry(moved->entry, app_.context().finance.chart).ok());

  const AccountLedger source = Ledger(from_);
  EXPECT_EQ(source.balance, Cents(0));
  EXPECT_TRUE(source.by_fund.empty());
  EXPECT_EQ(source.credit, Cents(0));

  const AccountLedger target = Ledger(to_);
  EXPECT_EQ(target.balance, Cents(1000));
  EXPECT_EQ(Texts(target.by_fund), (std::vector<std::string>{"water $40.00", "general $50.00"}));
  EXPECT_EQ(target.credit, Cents(8000));

  const auto events = app_.AllAuditEvents();
  EXPECT_EQ(events.at(0).action, "balance.transfer_in");
  EXPECT_EQ(events.at(0).account_id, to_);
  EXPECT_EQ(events.at(1).action, "balance.transfer_out");
  EXPECT_EQ(events.at(1).account_id, from_);
}

TEST_F(TransferBalanceTest, ACreditAloneMoves) {
  PaymentRequest payment;
  payment.account_id = from_;
  payment.amount = Cents(2500);
  ASSERT_TRUE(PostPayment(app_.context(), csr_, payment, {}).ok());
  ASSERT_TRUE(TransferBalance(app_.context(), csr_, from_, to_, "", {}).ok());
  EXPECT_EQ(Ledger(from_).balance, Cents(0));
  EXPECT_EQ(Ledger(to_).credit, Cents(2500));
}

TEST_F(TransferBalanceTest, AnotherCustomersAccountIsRefused) {
  GiveTheSourceFundsAndCredit();
  ExpectRefusedWritingNothing(from_, stranger_, ErrorCode::kFailedPrecondition,
                              "DIFFERENT_CUSTOMER", "to_account_id");
}

TEST_F(TransferBalanceTest, TheSameAccountIsRefused) {
  GiveTheSourceFundsAndCredit();
  ExpectRefusedWritingNothing(from_, from_, ErrorCode::kInvalidArgument, "SAME_ACCOUNT",
                              "to_account_id");
}

TEST_F(TransferBalanceTest, AnAccountWithNoBalanceHasNothingToTransfer) {
  ExpectRefusedWritingNothing(from_, to_, ErrorCode::kFailedPrecondition, "NOTHING_TO_TRANSFER",
                              "from_account_id");
}

TEST_F(TransferBalanceTest, AClosedTargetIsRefusedButAClosedSourceMayBeSettled) {
  GiveTheSourceFundsAndCredit();
  test::PostChargesForTest(app_, to_, {{"sewer", Cents(1500)}});  // a final bill
  test::CloseAccountForTest(app_, to_);
  ExpectRefusedWritingNothing(from_, to_, ErrorCode::kFailedPrecondition, "ACCOUNT_CLOSED",
                              "to_account_id");
  // The other way: the closed account's final bill moves to the open one.
  const auto settled = TransferBalance(app_.context(), csr_, to_, from_, "", {});
  ASSERT_TRUE(settled.ok()) << settled.error().message;
  EXPECT_EQ(Ledger(to_).balance, Cents(0));
  EXPECT_EQ(Ledger(from_).balance, Cents(2500));
}

TEST_F(TransferBalanceTest, UnknownAccountsAreNotFound) {
  ExpectRefusedWritingNothing(AccountId(999), to_, ErrorCode::kNotFound, "ACCOUNT_NOT_FOUND",
                              "from_account_id");
  GiveTheSourceFundsAndCredit();
  ExpectRefusedWritingNothing(from_, AccountId(999), ErrorCode::kNotFound, "ACCOUNT_NOT_FOUND",
                              "to_account_id");
}

TEST_F(TransferBalanceTest, TheSameKeyReplaysTheTransfer) {
  GiveTheSourceFundsAndCredit();
  const IdempotencyKey key = {"xfer-1", "hash-a"};
  const PostedEntry first = TransferBalance(app_.context(), csr_, from_, to_, "", key).value();
  const auto before = app_.RowCounts();
  const auto again = TransferBalance(app_.context(), csr_, from_, to_, "", key);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->entry.id, first.entry.id);
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(TransferBalanceTest, RolesWithoutPostPaymentsAreRefused) {
  GiveTheSourceFundsAndCredit();
  const auto moved =
      TransferBalance(app_.context(), CallerWithRole(Role::kAuditor), from_, to_, "", {});
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace cistern
