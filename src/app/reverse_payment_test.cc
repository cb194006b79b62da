#include <gtest/gtest.h>

#include "app/ledger.h"
#include "app/notes.h"
#include "app/reports.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

class ReversePaymentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    supervisor_ = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Ortiz");
    ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(0)).ok());
    // The account owes a 50.00 reconnect fee and pays it by check.
    ASSERT_TRUE(PostFee(app_.context(), csr_, account_, "reconnect", "", {}).ok());
    check_ = PostPayment(app_.context(), csr_, CheckOf(Cents(5000)), {}).value().payment;
    cash_ = PostPayment(app_.context(), csr_, CashOf(Cents(1000)), {}).value().payment;
    app_.clock().Advance(2h);
  }

  PaymentRequest CashOf(Money amount) {
    PaymentRequest request;
    request.account_id = account_;
    request.amount = amount;
    return request;
  }
  PaymentRequest CheckOf(Money amount) {
    PaymentRequest request = CashOf(amount);
    request.tender = Tender::kCheck;
    request.check_number = "1042";
    request.bank_name = "First National";
    return request;
  }

  Result<PaymentView> Reverse(PaymentId id, ReturnReason reason, const IdempotencyKey& key = {},
                              const std::string& memo = "") {
    return ReversePayment(app_.context(), supervisor_, id, reason, memo, key);
  }

  AccountLedger Ledger() {
    return GetAccountLedger(app_.context(), CallerWithRole(Role::kAuditor), account_).value();
  }

  void ExpectRefusedWritingNothing(const Caller& caller, PaymentId id, ReturnReason reason,
                                   ErrorCode code, const std::string& error_reason,
                                   const std::string& memo = "") {
    const auto before = app_.RowCounts();
    const auto reversed = ReversePayment(app_.context(), caller, id, reason, memo, {});
    ASSERT_FALSE(reversed.ok()) << "expected " << error_reason;
    EXPECT_EQ(reversed.error().code, code) << reversed.error().message;
    EXPECT_EQ(reversed.error().reason, error_reason);
    EXPECT_EQ(app_.RowCounts(), before);
  }

  test::TestApp app_;
  AccountId account_;
  Caller csr_;
  Caller supervisor_;
  Payment check_;
  Payment cash_;
};

TEST_F(ReversePaymentTest, AReturnedCheckIsReversedByANegatingEntryLinkedToIt) {
  const auto reversed = Reverse(check_.id, ReturnReason::kInsufficientFunds, {}, "bank notice");
  ASSERT_TRUE(reversed.ok()) << reversed.error().message;
  const Payment& payment = reversed->payment;
  ASSERT_TRUE(payment.reversal_entry_id.has_value());
  EXPECT_EQ(payment.reversal_reason, "nsf");
  EXPECT_EQ(payment.reversed_by, supervisor_.user_id);
  EXPECT_EQ(payment.reversed_at, test::TestStartInstant() + 2h);

  const JournalEntry original = test::GetEntryForTest(app_, check_.entry_id);
  const JournalEntry reversal = test::GetEntryForTest(app_, *payment.reversal_entry_id);
  EXPECT_EQ(reversal.kind, EntryKind::kPaymentReversal);
  EXPECT_EQ(reversal.reverses, check_.entry_id);
  EXPECT_EQ(reversal.effective_on, test::TestToday());
  EXPECT_NE(reversal.memo.find("Insufficient funds: bank notice"), std::string::npos)
      << reversal.memo;
  ASSERT_EQ(reversal.lines.size(), original.lines.size());
  for (std::size_t i = 0; i < original.lines.size(); ++i) {
    EXPECT_EQ(reversal.lines[i].gl_code, original.lines[i].gl_code);
    EXPECT_EQ(reversal.lines[i].amount, -original.lines[i].amount);
    EXPECT_EQ(reversal.lines[i].account_id, original.lines[i].account_id);
  }
}

TEST_F(ReversePaymentTest, AReturnedCheckChargesTheFeeAndRestrictsTheAccountForAYear) {
  ASSERT_EQ(Ledger().balance, Cents(-1000));
  const auto reversed = Reverse(check_.id, ReturnReason::kInsufficientFunds);
  ASSERT_TRUE(reversed.ok()) << reversed.error().message;

  ASSERT_TRUE(reversed->payment.reversal_fee_entry_id.has_value());
  const JournalEntry fee = test::GetEntryForTest(app_, *reversed->payment.reversal_fee_entry_id);
  EXPECT_EQ(fee.kind, EntryKind::kFee);
  ASSERT_EQ(fee.lines.size(), 2u);
  EXPECT_EQ(fee.lines[0].gl_code, "1250");
  EXPECT_EQ(fee.lines[0].amount, Cents(3000));
  EXPECT_EQ(fee.lines[0].account_id, account_);

  const Date year_later = std::chrono::year(2027) / 11 / 27;
  EXPECT_EQ(reversed->cash_only_until, year_later);
  const AccountLedger ledger = Ledger();
  EXPECT_EQ(ledger.cash_only_until, year_later);
  // -10.00 before; the 50.00 check comes back and a 30.00 fee is added.
  EXPECT_EQ(ledger.balance, Cents(7000));

  const auto notes = ListNotes(app_.context(), csr_, account_, {}).value();
  ASSERT_EQ(notes.items.size(), 1u);
  const std::string& text = notes.items[0].note.text;
  EXPECT_NE(text.find("Returned payment"), std::string::npos) << text;
  EXPECT_NE(text.find("$50.00"), std::string::npos) << text;
  EXPECT_NE(text.find("$30.00"), std::string::npos) << text;
  EXPECT_NE(text.find("2027-11-27"), std::string::npos) << text;
  EXPECT_EQ(notes.items[0].note.author_id, supervisor_.user_id);

  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "payment.reverse");
  EXPECT_EQ(event.entity_id, check_.id.value());
}

TEST_F(ReversePaymentTest, AfterAReturnedCheckTheAccountRefusesChecksButTakesCash) {
  ASSERT_TRUE(Reverse(check_.id, ReturnReason::kInsufficientFunds).ok());
  const auto refused = PostPayment(app_.context(), csr_, CheckOf(Cents(8000)), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, "CASH_ONLY");
  EXPECT_TRUE(PostPayment(app_.context(), csr_, CashOf(Cents(8000)), {}).ok());
}

TEST_F(ReversePaymentTest, TheCashOnlyDateIsClampedToTheEndOfAShorterMonth) {
  // Returned on Feb 29, 2028: twelve months later there is no Feb 29.
  app_.clock().Set(std::chrono::sys_days(std::chrono::year(2028) / 2 / 29) + 18h);
  const auto reversed = Reverse(check_.id, ReturnReason::kStopPayment);
  ASSERT_TRUE(reversed.ok()) << reversed.error().message;
  EXPECT_EQ(reversed->cash_only_until, std::chrono::year(2029) / 2 / 28);
  EXPECT_EQ(test::GetEntryForTest(app_, *reversed->payment.reversal_entry_id).effective_on,
            std::chrono::year(2028) / 2 / 29)
      << "a reversal belongs to the day it is posted, not the payment's day";
}

TEST_F(ReversePaymentTest, AReversedPaymentCannotBeReversedAgain) {
  ASSERT_TRUE(Reverse(check_.id, ReturnReason::kInsufficientFunds).ok());
  ExpectRefusedWritingNothing(supervisor_, check_.id, ReturnReason::kInsufficientFunds,
                              ErrorCode::kConflict, "PAYMENT_ALREADY_REVERSED");
  ExpectRefusedWritingNothing(supervisor_, check_.id, ReturnReason::kPostedInError,
                              ErrorCode::kConflict, "PAYMENT_ALREADY_REVERSED");
}

TEST_F(ReversePaymentTest, TheSameKeyReplaysTheReversalWithoutPostingAgain) {
  const IdempotencyKey key = {"rev-1", "hash-a"};
  const PaymentView first = Reverse(check_.id, ReturnReason::kInsufficientFunds, key).value();
  const auto before = app_.RowCounts();
  const auto again = Reverse(check_.id, ReturnReason::kInsufficientFunds, key);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->payment.reversal_entry_id, first.payment.reversal_entry_id);
  EXPECT_EQ(app_.RowCounts(), before);

  const auto reused = Reverse(cash_.id, ReturnReason::kPostedInError, {"rev-1", "hash-b"});
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(reused.error().reason, "IDEMPOTENCY_KEY_REUSED");
}

TEST_F(ReversePaymentTest, CashOrCardCannotComeBackReturned) {
  for (ReturnReason reason : {ReturnReason::kInsufficientFunds, ReturnReason::kAccountClosed,
                              ReturnReason::kStopPayment}) {
    SCOPED_TRACE(ReturnReasonCode(reason));
    ExpectRefusedWritingNothing(supervisor_, cash_.id, reason, ErrorCode::kFailedPrecondition,
                                "NOT_A_RETURNABLE_TENDER");
  }
}

TEST_F(ReversePaymentTest, CashPostedInErrorIsReversedWithoutFeeOrRestriction) {
  const auto before = app_.RowCounts();
  const auto reversed = Reverse(cash_.id, ReturnReason::kPostedInError);
  ASSERT_TRUE(reversed.ok()) << reversed.error().message;
  EXPECT_EQ(reversed->payment.reversal_reason, "posted_in_error");
  EXPECT_FALSE(reversed->payment.reversal_fee_entry_id.has_value());
  EXPECT_FALSE(reversed->cash_only_until.has_value());
  const auto after = app_.RowCounts();
  EXPECT_EQ(after.at("journal_entries"), before.at("journal_entries") + 1) << "no fee entry";
  EXPECT_EQ(after.at("notes"), before.at("notes")) << "no returned-payment note";
  const AccountLedger ledger = Ledger();
  EXPECT_EQ(ledger.balance, Cents(0)) << "the 10.00 credit from the cash payment is gone";
  EXPECT_FALSE(ledger.cash_only_until.has_value());
  // The drawer no longer expects the reversed cash.
  EXPECT_EQ(CurrentDrawer(app_.context(), csr_).value().totals.cash, Cents(0));
}

TEST_F(ReversePaymentTest, TheReversedPaymentsBalanceAfterIsTheBalanceNow) {
  // PaymentView::balance_after promises "the account's balance right after this payment (or
  // now, if reversed)".
  const auto reversed = Reverse(check_.id, ReturnReason::kInsufficientFunds);
  ASSERT_TRUE(reversed.ok()) << reversed.error().message;
  EXPECT_EQ(reversed->balance_after, Ledger().balance);
  EXPECT_EQ(GetPayment(app_.context(), csr_, check_.id).value().balance_after, Ledger().balance);
}

TEST_F(ReversePaymentTest, ACheckReturnedAfterItsCreditWasRefundedLeavesADebtThatAges) {
  // The 10.00 cash credit is refunded; then a 40.00 check that only made a credit comes back.
  const Payment overpaid =
      PostPayment(app_.context(), csr_, CheckOf(Cents(4000)), {}).value().payment;
  const RefundId refund =
      RequestRefund(app_.context(), csr_, account_, Cents(5000), "").value().refund.id;
  ASSERT_TRUE(DecideRefund(app_.context(), supervisor_, refund, Decision::kApprove, "").ok());
  ASSERT_EQ(Ledger().balance, Cents(0));
  ASSERT_TRUE(Reverse(overpaid.id, ReturnReason::kInsufficientFunds).ok());

  // The customer owes the 40.00 that came back and the 30.00 fee. "credit" is the unapplied
  // credit "as a positive amount": it cannot be negative, and what is owed must show in aging.
  const AccountLedger ledger = Ledger();
  EXPECT_EQ(ledger.balance, Cents(7000));
  EXPECT_GE(ledger.credit, Cents(0));
  const auto aged = GetAgedReceivables(app_.context(), supervisor_, test::TestToday()).value();
  EXPECT_EQ(aged.total.total(), Cents(7000));
}

TEST_F(ReversePaymentTest, OnlySupervisorsAndFinanceMayReverse) {
  for (Role role : {Role::kCsr, Role::kAuditor, Role::kField, Role::kAdmin}) {
    SCOPED_TRACE(RoleCode(role));
    ExpectRefusedWritingNothing(CallerWithRole(role, csr_.user_id), check_.id,
                                ReturnReason::kInsufficientFunds, ErrorCode::kPermissionDenied,
                                "PERMISSION_REQUIRED");
  }
  const Caller finance = test::InsertCaller(app_, "fin", Role::kFinance, "Fran Lee");
  EXPECT_TRUE(
      ReversePayment(app_.context(), finance, check_.id, ReturnReason::kPostedInError, "", {})
          .ok());
}

TEST_F(ReversePaymentTest, AnUnknownPaymentOrACardNumberInTheMemoIsRefused) {
  ExpectRefusedWritingNothing(supervisor_, PaymentId(999), ReturnReason::kPostedInError,
                              ErrorCode::kNotFound, "PAYMENT_NOT_FOUND");
  ExpectRefusedWritingNothing(supervisor_, check_.id, ReturnReason::kInsufficientFunds,
                              ErrorCode::kInvalidArgument, "CARD_NUMBER_REFUSED",
                              "customer gave 4111111111111111");
  ExpectRefusedWritingNothing(supervisor_, check_.id, ReturnReason::kInsufficientFunds,
                              ErrorCode::kInvalidArgument, "FIELD_TOO_LONG", std::string(501, 'x'));
}

TEST_F(ReversePaymentTest, ReturnReasonCodesReadBack) {
  for (ReturnReason reason : AllReturnReasons()) {
    EXPECT_EQ(ParseReturnReason(ReturnReasonCode(reason)), reason);
  }
  EXPECT_FALSE(ParseReturnReason("NSF").has_value());
}

}  // namespace
}  // namespace cistern
