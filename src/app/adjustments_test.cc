#include <gtest/gtest.h>

#include "app/ledger.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

class AdjustmentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    supervisor_ = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Ortiz");
    other_supervisor_ = test::InsertCaller(app_, "pat", Role::kSupervisor, "Pat Doyle");
    app_.clock().Advance(5min);
  }

  AdjustmentRequest Request(AdjustmentDirection direction, Money amount,
                            const std::string& fund = "water",
                            const std::string& reason = "billing_error") {
    AdjustmentRequest request;
    request.account_id = account_;
    request.direction = direction;
    request.amount = amount;
    request.fund = fund;
    request.reason_code = reason;
    request.memo = "Meter read twice";
    return request;
  }

  Result<AdjustmentView> Ask(const AdjustmentRequest& request, const Caller& caller,
                             const IdempotencyKey& key = {}) {
    return RequestAdjustment(app_.context(), caller, request, key);
  }

  AccountLedger Ledger() {
    return GetAccountLedger(app_.context(), CallerWithRole(Role::kAuditor), account_).value();
  }

  void ExpectRequestRefused(const AdjustmentRequest& request, ErrorCode code,
                            const std::string& reason, const std::string& field = "") {
    const auto before = app_.RowCounts();
    const auto asked = Ask(request, csr_);
    ASSERT_FALSE(asked.ok()) << "expected " << reason;
    EXPECT_EQ(asked.error().code, code) << asked.error().message;
    EXPECT_EQ(asked.error().reason, reason);
    if (!field.empty()) {
      EXPECT_EQ(asked.error().field, field);
    }
    EXPECT_EQ(app_.RowCounts(), before);
  }

  void ExpectDecisionRefused(const Caller& caller, AdjustmentId id, Decision decision,
                             ErrorCode code, const std::string& reason) {
    const auto before = app_.RowCounts();
    const auto decided = DecideAdjustment(app_.context(), caller, id, decision, "");
    ASSERT_FALSE(decided.ok()) << "expected " << reason;
    EXPECT_EQ(decided.error().code, code) << decided.error().message;
    EXPECT_EQ(decided.error().reason, reason);
    EXPECT_EQ(app_.RowCounts(), before);
  }

  test::TestApp app_;
  AccountId account_;
  Caller csr_;
  Caller supervisor_;
  Caller other_supervisor_;
};

TEST_F(AdjustmentsTest, AnAdjustmentUpToTheLimitPostsAtOnce) {
  const auto asked = Ask(Request(AdjustmentDirection::kDebit, Cents(5000)), csr_);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  const Adjustment& adjustment = asked->adjustment;
  EXPECT_EQ(adjustment.status, ApprovalStatus::kPosted);
  ASSERT_TRUE(adjustment.entry_id.has_value());
  EXPECT_EQ(adjustment.requested_by, csr_.user_id);
  EXPECT_EQ(adjustment.memo, "Meter read twice");
  const JournalEntry entry = test::GetEntryForTest(app_, *adjustment.entry_id);
  EXPECT_EQ(entry.kind, EntryKind::kAdjustment);
  EXPECT_NE(entry.memo.find("Billing error"), std::string::npos) << entry.memo;
  EXPECT_EQ(Ledger().balance, Cents(5000));
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "adjustment.post");
}

TEST_F(AdjustmentsTest, AnAdjustmentAboveTheLimitWaitsWithoutPosting) {
  const auto before = app_.RowCounts();
  const auto asked = Ask(Request(AdjustmentDirection::kDebit, Cents(5001)), csr_);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->adjustment.status, ApprovalStatus::kPending);
  EXPECT_FALSE(asked->adjustment.entry_id.has_value());
  EXPECT_EQ(app_.RowCounts().at("journal_entries"), before.at("journal_entries"));
  EXPECT_EQ(Ledger().balance, Cents(0));
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "adjustment.request");
}

TEST_F(AdjustmentsTest, AReasonThatAlwaysNeedsApprovalWaitsWhateverTheAmount) {
  for (const char* reason : {"leak_credit", "courtesy", "fee_waiver"}) {
    const auto asked = Ask(Request(AdjustmentDirection::kCredit, Cents(1), "water", reason), csr_);
    ASSERT_TRUE(asked.ok()) << asked.error().message;
    EXPECT_EQ(asked->adjustment.status, ApprovalStatus::kPending) << reason;
  }
  EXPECT_EQ(test::RowCount(app_, "journal_entries"), 0);
}

TEST_F(AdjustmentsTest, ApprovalByAnotherSupervisorPostsIt) {
  test::PostChargesForTest(app_, account_, {{"water", Cents(20000)}});
  const AdjustmentId id =
      Ask(Request(AdjustmentDirection::kCredit, Cents(7500), "water", "leak_credit"), supervisor_)
          .value()
          .adjustment.id;
  app_.clock().Advance(1h);
  const auto decided =
      DecideAdjustment(app_.context(), other_supervisor_, id, Decision::kApprove, "per policy");
  ASSERT_TRUE(decided.ok()) << decided.error().message;
  const Adjustment& adjustment = decided->adjustment;
  EXPECT_EQ(adjustment.status, ApprovalStatus::kPosted);
  ASSERT_TRUE(adjustment.entry_id.has_value());
  EXPECT_EQ(adjustment.decided_by, other_supervisor_.user_id);
  EXPECT_EQ(adjustment.decided_at, test::TestStartInstant() + 5min + 1h);
  EXPECT_EQ(adjustment.decision_memo, "per policy");
  EXPECT_EQ(Ledger().balance, Cents(12500));
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "adjustment.approve");
}

TEST_F(AdjustmentsTest, RejectionPostsNothing) {
  test::PostChargesForTest(app_, account_, {{"water", Cents(20000)}});
  const AdjustmentId id =
      Ask(Request(AdjustmentDirection::kCredit, Cents(7500)), csr_).value().adjustment.id;
  const auto entries_before = test::RowCount(app_, "journal_entries");
  const auto decided =
      DecideAdjustment(app_.context(), supervisor_, id, Decision::kReject, "not a leak");
  ASSERT_TRUE(decided.ok()) << decided.error().message;
  EXPECT_EQ(decided->adjustment.status, ApprovalStatus::kRejected);
  EXPECT_FALSE(decided->adjustment.entry_id.has_value());
  EXPECT_EQ(test::RowCount(app_, "journal_entries"), entries_before);
  EXPECT_EQ(Ledger().balance, Cents(20000));
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "adjustment.reject");
}

TEST_F(AdjustmentsTest, NobodyDecidesTheirOwnRequest) {
  const AdjustmentId id =
      Ask(Request(AdjustmentDirection::kDebit, Cents(9000)), supervisor_).value().adjustment.id;
  ExpectDecisionRefused(supervisor_, id, Decision::kApprove, ErrorCode::kPermissionDenied,
                        "OWN_REQUEST");
  ExpectDecisionRefused(supervisor_, id, Decision::kReject, ErrorCode::kPermissionDenied,
                        "OWN_REQUEST");
}

TEST_F(AdjustmentsTest, OnlySupervisorsDecide) {
  const AdjustmentId id =
      Ask(Request(AdjustmentDirection::kDebit, Cents(9000)), csr_).value().adjustment.id;
  for (Role role : {Role::kCsr, Role::kFinance, Role::kAdmin, Role::kAuditor}) {
    SCOPED_TRACE(RoleCode(role));
    ExpectDecisionRefused(CallerWithRole(role, supervisor_.user_id), id, Decision::kApprove,
                          ErrorCode::kPermissionDenied, "PERMISSION_REQUIRED");
  }
}

TEST_F(AdjustmentsTest, ADecidedAdjustmentCannotBeDecidedAgain) {
  const AdjustmentId approved =
      Ask(Request(AdjustmentDirection::kDebit, Cents(9000)), csr_).value().adjustment.id;
  ASSERT_TRUE(DecideAdjustment(app_.context(), supervisor_, approved, Decision::kApprove, "").ok());
  ExpectDecisionRefused(other_supervisor_, approved, Decision::kApprove, ErrorCode::kConflict,
                        "ALREADY_DECIDED");
  ExpectDecisionRefused(other_supervisor_, approved, Decision::kReject, ErrorCode::kConflict,
                        "ALREADY_DECIDED");

  const AdjustmentId rejected =
      Ask(Request(AdjustmentDirection::kDebit, Cents(9000)), csr_).value().adjustment.id;
  ASSERT_TRUE(DecideAdjustment(app_.context(), supervisor_, rejected, Decision::kReject, "").ok());
  ExpectDecisionRefused(other_supervisor_, rejected, Decision::kApprove, ErrorCode::kConflict,
                        "ALREADY_DECIDED");
  EXPECT_EQ(Ledger().balance, Cents(9000)) << "only the approved one posted";
}

TEST_F(AdjustmentsTest, ACreditBeyondWhatTheFundOwesEndsAsUnappliedCredit) {
  ASSERT_TRUE(Ask(Request(AdjustmentDirection::kDebit, Cents(2000)), csr_).ok());
  const auto asked = Ask(Request(AdjustmentDirection::kCredit, Cents(3000)), csr_);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  const JournalEntry entry = test::GetEntryForTest(app_, *asked->adjustment.entry_id);
  ASSERT_EQ(entry.lines.size(), 3u);
  EXPECT_EQ(entry.lines[0].gl_code, "1210");
  EXPECT_EQ(entry.lines[0].amount, Cents(-2000));
  EXPECT_EQ(entry.lines[1].gl_code, "2120");
  EXPECT_EQ(entry.lines[1].amount, Cents(-1000));
  EXPECT_EQ(entry.lines[2].gl_code, "4110");
  EXPECT_EQ(entry.lines[2].amount, Cents(3000));
  const AccountLedger ledger = Ledger();
  EXPECT_TRUE(ledger.by_fund.empty()) << "the water fund is not driven below zero";
  EXPECT_EQ(ledger.credit, Cents(1000));
  EXPECT_EQ(ledger.balance, Cents(-1000));
}

TEST_F(AdjustmentsTest, ACreditInAFundThatOwesNothingIsAllCredit) {
  test::PostChargesForTest(app_, account_, {{"water", Cents(4000)}});
  const auto asked = Ask(Request(AdjustmentDirection::kCredit, Cents(1500), "sewer"), csr_);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  const AccountLedger ledger = Ledger();
  EXPECT_EQ(ledger.credit, Cents(1500));
  ASSERT_EQ(ledger.by_fund.size(), 1u);
  EXPECT_EQ(ledger.by_fund[0].fund, "water");
  EXPECT_EQ(ledger.balance, Cents(2500));
}

TEST_F(AdjustmentsTest, AnApprovedCreditIsSplitByWhatTheFundOwesWhenApproved) {
  test::PostChargesForTest(app_, account_, {{"water", Cents(10000)}});
  const AdjustmentId id =
      Ask(Request(AdjustmentDirection::kCredit, Cents(8000), "water", "leak_credit"), csr_)
          .value()
          .adjustment.id;
  // Before the decision the customer pays 50.00 of the water charge.
  ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(0)).ok());
  PaymentRequest payment;
  payment.account_id = account_;
  payment.amount = Cents(5000);
  ASSERT_TRUE(PostPayment(app_.context(), csr_, payment, {}).ok());

  const auto decided = DecideAdjustment(app_.context(), supervisor_, id, Decision::kApprove, "");
  ASSERT_TRUE(decided.ok()) << decided.error().message;
  const AccountLedger ledger = Ledger();
  EXPECT_TRUE(ledger.by_fund.empty());
  EXPECT_EQ(ledger.credit, Cents(3000));
  EXPECT_EQ(ledger.balance, Cents(-3000));
}

TEST_F(AdjustmentsTest, ApprovingForAnAccountClosedSinceTheRequestIsRefused) {
  const AdjustmentId id =
      Ask(Request(AdjustmentDirection::kDebit, Cents(9000)), csr_).value().adjustment.id;
  test::CloseAccountForTest(app_, account_);
  ExpectDecisionRefused(supervisor_, id, Decision::kApprove, ErrorCode::kFailedPrecondition,
                        "ACCOUNT_CLOSED");
}

TEST_F(AdjustmentsTest, InvalidRequestsAreRefusedAndWriteNothing) {
  ExpectRequestRefused(Request(AdjustmentDirection::kDebit, Cents(0)), ErrorCode::kInvalidArgument,
                       "AMOUNT_INVALID", "amount_cents");
  ExpectRequestRefused(Request(AdjustmentDirection::kDebit, Cents(10'000'001)),
                       ErrorCode::kInvalidArgument, "AMOUNT_INVALID", "amount_cents");
  ExpectRequestRefused(Request(AdjustmentDirection::kDebit, Cents(100), "parks"),
                       ErrorCode::kInvalidArgument, "FUND_UNKNOWN", "fund");
  ExpectRequestRefused(Request(AdjustmentDirection::kDebit, Cents(100), "water", "goodwill"),
                       ErrorCode::kInvalidArgument, "REASON_UNKNOWN", "reason_code");
  AdjustmentRequest no_memo = Request(AdjustmentDirection::kDebit, Cents(100));
  no_memo.memo = "   ";
  ExpectRequestRefused(no_memo, ErrorCode::kInvalidArgument, "FIELD_REQUIRED", "memo");
  AdjustmentRequest card = Request(AdjustmentDirection::kDebit, Cents(100));
  card.memo = "refund to 5555 5555 5555 4444";
  ExpectRequestRefused(card, ErrorCode::kInvalidArgument, "CARD_NUMBER_REFUSED", "memo");
  AdjustmentRequest unknown = Request(AdjustmentDirection::kDebit, Cents(100));
  unknown.account_id = AccountId(999);
  ExpectRequestRefused(unknown, ErrorCode::kNotFound, "ACCOUNT_NOT_FOUND", "account_id");
}

TEST_F(AdjustmentsTest, AClosedAccountIsRefused) {
  test::CloseAccountForTest(app_, account_);
  ExpectRequestRefused(Request(AdjustmentDirection::kDebit, Cents(100)),
                       ErrorCode::kFailedPrecondition, "ACCOUNT_CLOSED", "account_id");
}

TEST_F(AdjustmentsTest, TheCorrectedEntryMustExistAndBeOnTheAccount) {
  AdjustmentRequest request = Request(AdjustmentDirection::kCredit, Cents(100));
  request.corrects_entry_id = JournalEntryId(999);
  ExpectRequestRefused(request, ErrorCode::kInvalidArgument, "ENTRY_UNKNOWN", "corrects_entry_id");
  const AccountId other = test::CreateSampleAccount(app_);
  request.corrects_entry_id = test::PostChargesForTest(app_, other, {{"water", Cents(100)}});
  ExpectRequestRefused(request, ErrorCode::kInvalidArgument, "ENTRY_OTHER_ACCOUNT",
                       "corrects_entry_id");
  request.corrects_entry_id = test::PostChargesForTest(app_, account_, {{"water", Cents(100)}});
  const auto asked = Ask(request, csr_);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->adjustment.corrects_entry_id, request.corrects_entry_id);
}

TEST_F(AdjustmentsTest, RolesWithoutPostPaymentsCannotRequest) {
  for (Role role : {Role::kAuditor, Role::kField, Role::kAdmin}) {
    const auto asked =
        Ask(Request(AdjustmentDirection::kDebit, Cents(100)), CallerWithRole(role, csr_.user_id));
    ASSERT_FALSE(asked.ok()) << RoleCode(role);
    EXPECT_EQ(asked.error().code, ErrorCode::kPermissionDenied);
  }
}

TEST_F(AdjustmentsTest, TheSameKeyReplaysTheRequest) {
  const IdempotencyKey key = {"adj-1", "hash-a"};
  const AdjustmentView first =
      Ask(Request(AdjustmentDirection::kDebit, Cents(100)), csr_, key).value();
  const auto before = app_.RowCounts();
  const auto again = Ask(Request(AdjustmentDirection::kDebit, Cents(100)), csr_, key);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->adjustment.id, first.adjustment.id);
  EXPECT_EQ(app_.RowCounts(), before);
  const auto reused =
      Ask(Request(AdjustmentDirection::kDebit, Cents(200)), csr_, {"adj-1", "hash-b"});
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().reason, "IDEMPOTENCY_KEY_REUSED");
}

TEST_F(AdjustmentsTest, ListAdjustmentsFiltersByStatus) {
  ASSERT_TRUE(Ask(Request(AdjustmentDirection::kDebit, Cents(100)), csr_).ok());
  ASSERT_TRUE(Ask(Request(AdjustmentDirection::kDebit, Cents(9000)), csr_).ok());
  const auto pending = ListAdjustments(app_.context(), supervisor_, ApprovalStatus::kPending,
                                       std::nullopt, std::nullopt, {})
                           .value();
  ASSERT_EQ(pending.items.size(), 1u);
  EXPECT_EQ(pending.items[0].adjustment.amount, Cents(9000));
  EXPECT_FALSE(pending.items[0].account_number.empty());
}

}  // namespace
}  // namespace cistern
