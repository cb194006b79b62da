#include <gtest/gtest.h>

#include "app/ledger.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

class RefundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    supervisor_ = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Ortiz");
    ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(0)).ok());
    // A 100.00 payment on an account that owes nothing: a 100.00 credit.
    PaymentRequest payment;
    payment.account_id = account_;
    payment.amount = Cents(10000);
    ASSERT_TRUE(PostPayment(app_.context(), csr_, payment, {}).ok());
    app_.clock().Advance(10min);
  }

  Result<RefundView> Ask(Money amount, const std::string& memo = "Moving away") {
    return RequestRefund(app_.context(), csr_, account_, amount, memo);
  }

  AccountLedger Ledger() {
    return GetAccountLedger(app_.context(), CallerWithRole(Role::kAuditor), account_).value();
  }

  void ExpectRequestRefused(Money amount, ErrorCode code, const std::string& reason,
                            const std::string& memo = "") {
    const auto before = app_.RowCounts();
    const auto asked = Ask(amount, memo);
    ASSERT_FALSE(asked.ok()) << "expected " << reason;
    EXPECT_EQ(asked.error().code, code) << asked.error().message;
    EXPECT_EQ(asked.error().reason, reason);
    EXPECT_EQ(app_.RowCounts(), before);
  }

  test::TestApp app_;
  AccountId account_;
  Caller csr_;
  Caller supervisor_;
};

TEST_F(RefundsTest, ARequestWithinTheCreditWaitsForApproval) {
  const auto asked = Ask(Cents(6000));
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->refund.status, ApprovalStatus::kPending);
  EXPECT_EQ(asked->refund.amount, Cents(6000));
  EXPECT_EQ(asked->refund.requested_by, csr_.user_id);
  EXPECT_FALSE(asked->refund.entry_id.has_value());
  EXPECT_EQ(asked->customer_name, "Maria Lopez");
  EXPECT_EQ(Ledger().credit, Cents(10000)) << "nothing posts until approved";
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "refund.request");
}

TEST_F(RefundsTest, ARequestOverTheCreditIsRefused) {
  ExpectRequestRefused(Cents(10001), ErrorCode::kFailedPrecondition, "REFUND_EXCEEDS_CREDIT");
  const auto refused = Ask(Cents(10001));
  EXPECT_EQ(refused.error().field, "amount_cents");
  EXPECT_NE(refused.error().message.find("$100.00"), std::string::npos) << refused.error().message;
  EXPECT_TRUE(Ask(Cents(10000)).ok()) << "the whole credit may be refunded";
}

TEST_F(RefundsTest, AnAccountThatOwesHasNothingToRefund) {
  const AccountId owing = test::CreateSampleAccount(app_);
  test::PostChargesForTest(app_, owing, {{"water", Cents(4000)}});
  const auto asked = RequestRefund(app_.context(), csr_, owing, Cents(1), "");
  ASSERT_FALSE(asked.ok());
  EXPECT_EQ(asked.error().reason, "REFUND_EXCEEDS_CREDIT");
  EXPECT_NE(asked.error().message.find("$0.00"), std::string::npos) << asked.error().message;
}

TEST_F(RefundsTest, ACreditThatOnlyOffsetsChargesIsNotRefundable) {
  // 70.00 of water charges after the credit: the account's credit balance is 30.00.
  test::PostChargesForTest(app_, account_, {{"water", Cents(7000)}});
  ExpectRequestRefused(Cents(3001), ErrorCode::kFailedPrecondition, "REFUND_EXCEEDS_CREDIT");
  EXPECT_TRUE(Ask(Cents(3000)).ok());
}

TEST_F(RefundsTest, PendingRefundsReduceWhatCanBeRequested) {
  ASSERT_TRUE(Ask(Cents(6000)).ok());
  ExpectRequestRefused(Cents(4001), ErrorCode::kFailedPrecondition, "REFUND_EXCEEDS_CREDIT");
  EXPECT_TRUE(Ask(Cents(4000)).ok());
  ExpectRequestRefused(Cents(1), ErrorCode::kFailedPrecondition, "REFUND_EXCEEDS_CREDIT");
}

TEST_F(RefundsTest, ApprovalPostsTheRefundEntry) {
  const RefundId id = Ask(Cents(6000)).value().refund.id;
  const auto decided = DecideRefund(app_.context(), supervisor_, id, Decision::kApprove, "ok");
  ASSERT_TRUE(decided.ok()) << decided.error().message;
  EXPECT_EQ(decided->refund.status, ApprovalStatus::kPosted);
  EXPECT_EQ(decided->refund.decided_by, supervisor_.user_id);
  ASSERT_TRUE(decided->refund.entry_id.has_value());
  const JournalEntry entry = test::GetEntryForTest(app_, *decided->refund.entry_id);
  EXPECT_EQ(entry.kind, EntryKind::kRefund);
  ASSERT_EQ(entry.lines.size(), 2u);
  EXPECT_EQ(entry.lines[0].gl_code, "2120");
  EXPECT_EQ(entry.lines[0].amount, Cents(6000));
  EXPECT_EQ(entry.lines[0].account_id, account_);
  EXPECT_EQ(entry.lines[1].gl_code, "2130");
  EXPECT_EQ(entry.lines[1].amount, Cents(-6000));
  const AccountLedger ledger = Ledger();
  EXPECT_EQ(ledger.credit, Cents(4000));
  EXPECT_EQ(ledger.balance, Cents(-4000));
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "refund.approve");
  // What was refunded cannot be asked for again.
  ExpectRequestRefused(Cents(4001), ErrorCode::kFailedPrecondition, "REFUND_EXCEEDS_CREDIT");
}

TEST_F(RefundsTest, RejectionPostsNothingAndFreesTheCredit) {
  const RefundId id = Ask(Cents(10000)).value().refund.id;
  const auto entries = test::RowCount(app_, "journal_entries");
  const auto decided = DecideRefund(app_.context(), supervisor_, id, Decision::kReject, "no");
  ASSERT_TRUE(decided.ok()) << decided.error().message;
  EXPECT_EQ(decided->refund.status, ApprovalStatus::kRejected);
  EXPECT_FALSE(decided->refund.entry_id.has_value());
  EXPECT_EQ(test::RowCount(app_, "journal_entries"), entries);
  EXPECT_TRUE(Ask(Cents(10000)).ok());
}

TEST_F(RefundsTest, ApprovalIsRefusedWhenTheCreditWasUsedSinceTheRequest) {
  const RefundId id = Ask(Cents(10000)).value().refund.id;
  ASSERT_TRUE(PostFee(app_.context(), csr_, account_, "reconnect", "", {}).ok());
  const auto before = app_.RowCounts();
  const auto decided = DecideRefund(app_.context(), supervisor_, id, Decision::kApprove, "");
  ASSERT_FALSE(decided.ok());
  EXPECT_EQ(decided.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(decided.error().reason, "REFUND_EXCEEDS_CREDIT");
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(RefundsTest, OwnRequestsAndSecondDecisionsAreRefused) {
  const RefundId own =
      RequestRefund(app_.context(), supervisor_, account_, Cents(100), "").value().refund.id;
  const auto refused = DecideRefund(app_.context(), supervisor_, own, Decision::kApprove, "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().reason, "OWN_REQUEST");

  const RefundId id = Ask(Cents(100)).value().refund.id;
  ASSERT_TRUE(DecideRefund(app_.context(), supervisor_, id, Decision::kApprove, "").ok());
  const auto twice = DecideRefund(app_.context(), supervisor_, id, Decision::kReject, "");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(twice.error().reason, "ALREADY_DECIDED");
}

TEST_F(RefundsTest, InvalidRequestsAreRefused) {
  ExpectRequestRefused(Cents(0), ErrorCode::kInvalidArgument, "AMOUNT_NOT_POSITIVE");
  ExpectRequestRefused(Cents(-100), ErrorCode::kInvalidArgument, "AMOUNT_NOT_POSITIVE");
  ExpectRequestRefused(Cents(100), ErrorCode::kInvalidArgument, "CARD_NUMBER_REFUSED",
                       "send to card 4111111111111111");
  ExpectRequestRefused(Cents(100), ErrorCode::kInvalidArgument, "FIELD_TOO_LONG",
                       std::string(501, 'x'));
  const auto unknown = RequestRefund(app_.context(), csr_, AccountId(999), Cents(100), "");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().field, "account_id");
  const auto auditor =
      RequestRefund(app_.context(), CallerWithRole(Role::kAuditor), account_, Cents(100), "");
  ASSERT_FALSE(auditor.ok());
  EXPECT_EQ(auditor.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(RefundsTest, ARefundRegisterListsApprovedRefunds) {
  const RefundId id = Ask(Cents(2500)).value().refund.id;
  ASSERT_TRUE(Ask(Cents(1000)).ok());  // still pending
  ASSERT_TRUE(DecideRefund(app_.context(), supervisor_, id, Decision::kApprove, "").ok());
  const auto posted = ListRefunds(app_.context(), supervisor_, ApprovalStatus::kPosted,
                                  std::nullopt, std::nullopt, {})
                          .value();
  ASSERT_EQ(posted.items.size(), 1u);
  EXPECT_EQ(posted.items[0].refund.id, id);
}

}  // namespace
}  // namespace cistern
