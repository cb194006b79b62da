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

class PostPaymentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    drawer_ = OpenDrawer(app_.context(), csr_, Cents(10000)).value().drawer.id;
    app_.clock().Advance(5min);
  }

  PaymentRequest Cash(Money amount) {
    PaymentRequest request;
    request.account_id = account_;
    request.amount = amount;
    request.tender = Tender::kCash;
    return request;
  }
  PaymentRequest Check(Money amount) {
    PaymentRequest request = Cash(amount);
    request.tender = Tender::kCheck;
    request.check_number = "1042";
    request.bank_name = "First National";
    return request;
  }

  Result<PaymentView> Post(const PaymentRequest& request, const IdempotencyKey& key = {}) {
    return PostPayment(app_.context(), csr_, request, key);
  }

  void PostFeeOf(const std::string& code) {
    ASSERT_TRUE(PostFee(app_.context(), csr_, account_, code, "", {}).ok());
  }

  AccountLedger Ledger() {
    return GetAccountLedger(app_.context(), CallerWithRole(Role::kAuditor), account_).value();
  }

  void ExpectRefusedWritingNothing(const Caller& caller, const PaymentRequest& request,
                                   ErrorCode code, const std::string& reason,
                                   const std::string& field = "") {
    const auto before = app_.RowCounts();
    const auto posted = PostPayment(app_.context(), caller, request, {});
    ASSERT_FALSE(posted.ok()) << "expected " << reason;
    EXPECT_EQ(posted.error().code, code) << posted.error().message;
    EXPECT_EQ(posted.error().reason, reason);
    if (!field.empty()) {
      EXPECT_EQ(posted.error().field, field);
    }
    EXPECT_EQ(app_.RowCounts(), before);
  }

  test::TestApp app_;
  AccountId account_;
  Caller csr_;
  DrawerId drawer_;
};

TEST_F(PostPaymentTest, RecordsTheCashPaymentInTheCallersDrawerWithChange) {
  PaymentRequest request = Cash(Cents(8000));
  request.tendered = Cents(10000);
  request.memo = "  paid at counter  ";
  const auto posted = Post(request);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  const Payment& payment = posted->payment;
  EXPECT_TRUE(payment.id.valid());
  EXPECT_EQ(payment.account_id, account_);
  EXPECT_EQ(payment.amount, Cents(8000));
  EXPECT_EQ(payment.tendered, Cents(10000));
  EXPECT_EQ(payment.change_due, Cents(2000));
  EXPECT_EQ(payment.memo, "paid at counter");
  EXPECT_EQ(payment.received_on, test::TestToday());
  EXPECT_EQ(payment.drawer_id, drawer_);
  EXPECT_EQ(payment.source, "counter");
  EXPECT_EQ(payment.posted_by, csr_.user_id);
  EXPECT_EQ(payment.posted_at, test::TestStartInstant() + 5min);
  EXPECT_EQ(posted->posted_by_name, "Casey Reyes");
  EXPECT_EQ(posted->customer_name, "Maria Lopez");
  EXPECT_FALSE(posted->replayed);

  const JournalEntry entry = test::GetEntryForTest(app_, payment.entry_id);
  EXPECT_EQ(entry.kind, EntryKind::kPayment);
  EXPECT_EQ(entry.effective_on, test::TestToday());
  EXPECT_TRUE(ValidateEntry(entry, app_.context().finance.chart).ok());
  ASSERT_FALSE(entry.lines.empty());
  EXPECT_EQ(entry.lines[0].gl_code, "1010") << "the deposit bank's cash account";
  EXPECT_EQ(entry.lines[0].amount, Cents(8000));

  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "payment.post");
  EXPECT_EQ(event.entity_id, payment.id.value());
  EXPECT_EQ(event.account_id, account_);

  const auto drawer = CurrentDrawer(app_.context(), csr_).value();
  EXPECT_EQ(drawer.totals.cash, Cents(8000));
  EXPECT_EQ(drawer.expected_cash, Cents(18000));
}

TEST_F(PostPaymentTest, APartialPaymentPaysGeneralFirstOnTheSameDate) {
  // Today: a 50.00 reconnect fee (general) and debit adjustments of 30.00 water and 20.00 sewer.
  PostFeeOf("reconnect");
  for (const auto& [fund, cents] : {std::pair{"water", 3000}, std::pair{"sewer", 2000}}) {
    AdjustmentRequest adjustment;
    adjustment.account_id = account_;
    adjustment.direction = AdjustmentDirection::kDebit;
    adjustment.amount = Cents(cents);
    adjustment.fund = fund;
    adjustment.reason_code = "billing_error";
    adjustment.memo = "Underbilled";
    ASSERT_EQ(RequestAdjustment(app_.context(), csr_, adjustment, {}).value().adjustment.status,
              ApprovalStatus::kPosted);
  }
  ASSERT_EQ(Ledger().balance, Cents(10000));

  const auto posted = Post(Cash(Cents(6000)));
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(Texts(posted->applied), (std::vector<std::string>{"general $50.00", "water $10.00"}));
  EXPECT_EQ(posted->unapplied, Cents(0));
  EXPECT_EQ(posted->balance_after, Cents(4000));
  const AccountLedger ledger = Ledger();
  EXPECT_EQ(ledger.balance, Cents(4000));
  EXPECT_EQ(Texts(ledger.by_fund), (std::vector<std::string>{"water $20.00", "sewer $20.00"}));
}

TEST_F(PostPaymentTest, OlderChargesArePaidBeforeTodaysGeneralFee) {
  test::PostChargesForTest(app_, account_, {{"water", Cents(4000)}},
                           std::chrono::year(2026) / 11 / 1);
  PostFeeOf("reconnect");
  const auto posted = Post(Cash(Cents(6000)));
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(Texts(posted->applied), (std::vector<std::string>{"water $40.00", "general $20.00"}));
  EXPECT_EQ(posted->balance_after, Cents(3000));
}

TEST_F(PostPaymentTest, AnOverpaymentLeavesAnUnappliedCredit) {
  PostFeeOf("reconnect");
  const auto posted = Post(Cash(Cents(8000)));
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(Texts(posted->applied), (std::vector<std::string>{"general $50.00"}));
  EXPECT_EQ(posted->unapplied, Cents(3000));
  EXPECT_EQ(posted->balance_after, Cents(-3000));
  const AccountLedger ledger = Ledger();
  EXPECT_EQ(ledger.balance, Cents(-3000));
  EXPECT_EQ(ledger.credit, Cents(3000));
  EXPECT_TRUE(ledger.by_fund.empty());
}

TEST_F(PostPaymentTest, APaymentWhenNothingIsOwedIsAllCredit) {
  const auto posted = Post(Cash(Cents(2500)));
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_TRUE(posted->applied.empty());
  EXPECT_EQ(posted->unapplied, Cents(2500));
  EXPECT_EQ(posted->balance_after, Cents(-2500));
}

TEST_F(PostPaymentTest, BalanceAfterIsTheBalanceRightAfterThatPayment) {
  PostFeeOf("reconnect");
  const PaymentView first = Post(Cash(Cents(1000))).value();
  const PaymentView second = Post(Cash(Cents(1500))).value();
  EXPECT_EQ(first.balance_after, Cents(4000));
  EXPECT_EQ(second.balance_after, Cents(2500));
  EXPECT_EQ(GetPayment(app_.context(), csr_, first.payment.id).value().balance_after, Cents(4000))
      << "a later payment does not change what the earlier one's receipt says";
}

TEST_F(PostPaymentTest, EveryTenderWithItsDetailsIsAccepted) {
  EXPECT_TRUE(Post(Check(Cents(100))).ok());
  PaymentRequest money_order = Cash(Cents(100));
  money_order.tender = Tender::kMoneyOrder;
  money_order.reference = "MO-99812";
  EXPECT_TRUE(Post(money_order).ok());
  PaymentRequest card = Cash(Cents(100));
  card.tender = Tender::kCard;
  card.card_auth_code = "A1B2C3";
  card.card_last4 = "1111";
  EXPECT_TRUE(Post(card).ok());
  PaymentRequest ach = Cash(Cents(100));
  ach.tender = Tender::kAch;
  ach.reference = "091000019876543";
  EXPECT_TRUE(Post(ach).ok());
  const auto totals = CurrentDrawer(app_.context(), csr_).value().totals;
  EXPECT_EQ(totals.check, Cents(100));
  EXPECT_EQ(totals.money_order, Cents(100));
  EXPECT_EQ(totals.card, Cents(100));
  EXPECT_EQ(totals.ach, Cents(100));
  EXPECT_EQ(totals.count, 4);
}

TEST_F(PostPaymentTest, AReceivedDateUpToNinetyDaysBackIsTheEntrysDate) {
  PaymentRequest request = Check(Cents(100));
  request.received_on = AddDays(test::TestToday(), -90);
  const PaymentView view = Post(request).value();
  EXPECT_EQ(view.payment.received_on, AddDays(test::TestToday(), -90));
  EXPECT_EQ(test::GetEntryForTest(app_, view.payment.entry_id).effective_on,
            AddDays(test::TestToday(), -90));
}

TEST_F(PostPaymentTest, RolesWithoutPostPaymentsAreRefused) {
  for (Role role : {Role::kAuditor, Role::kField, Role::kAdmin, Role::kAnonymous}) {
    SCOPED_TRACE(RoleCode(role));
    ExpectRefusedWritingNothing(CallerWithRole(role, csr_.user_id), Cash(Cents(100)),
                                ErrorCode::kPermissionDenied, "PERMISSION_REQUIRED");
  }
}

TEST_F(PostPaymentTest, ACallerWithoutAnOpenDrawerIsRefused) {
  const Caller supervisor = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Ortiz");
  ExpectRefusedWritingNothing(supervisor, Cash(Cents(100)), ErrorCode::kFailedPrecondition,
                              "DRAWER_NOT_OPEN");
}

TEST_F(PostPaymentTest, YesterdaysStillOpenDrawerIsRefused) {
  app_.clock().Advance(24h);
  ExpectRefusedWritingNothing(csr_, Cash(Cents(100)), ErrorCode::kFailedPrecondition,
                              "DRAWER_STALE");
  // Closing it and opening today's lets the CSR take payments again.
  ASSERT_TRUE(CloseDrawer(app_.context(), csr_, drawer_, Cents(10000), Cents(0)).ok());
  ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(10000)).ok());
  EXPECT_TRUE(Post(Cash(Cents(100))).ok());
}

TEST_F(PostPaymentTest, AClosedOrUnknownAccountIsRefused) {
  test::CloseAccountForTest(app_, account_);
  ExpectRefusedWritingNothing(csr_, Cash(Cents(100)), ErrorCode::kFailedPrecondition,
                              "ACCOUNT_CLOSED", "account_id");
  PaymentRequest unknown = Cash(Cents(100));
  unknown.account_id = AccountId(999);
  const auto before = app_.RowCounts();
  const auto posted = Post(unknown);
  ASSERT_FALSE(posted.ok());
  EXPECT_EQ(posted.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(posted.error().field, "account_id");
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(PostPaymentTest, AnAmountThatIsNotPositiveOrTooLargeIsRefused) {
  ExpectRefusedWritingNothing(csr_, Cash(Cents(0)), ErrorCode::kInvalidArgument,
                              "AMOUNT_NOT_POSITIVE", "amount_cents");
  ExpectRefusedWritingNothing(csr_, Cash(Cents(-500)), ErrorCode::kInvalidArgument,
                              "AMOUNT_NOT_POSITIVE", "amount_cents");
  ExpectRefusedWritingNothing(csr_, Cash(Cents(100'000'001)), ErrorCode::kInvalidArgument,
                              "AMOUNT_TOO_LARGE", "amount_cents");
  EXPECT_TRUE(Post(Cash(Cents(100'000'000))).ok()) << "exactly $1,000,000.00 is allowed";
}

TEST_F(PostPaymentTest, ACardNumberInAnyTextFieldIsRefusedWithoutEchoingIt) {
  const std::string card = "4111 1111 1111 1111";
  PaymentRequest memo = Cash(Cents(100));
  memo.memo = "card " + card;
  PaymentRequest reference = Cash(Cents(100));
  reference.tender = Tender::kMoneyOrder;
  reference.reference = card;
  PaymentRequest check_number = Check(Cents(100));
  check_number.check_number = "4111111111111111";
  PaymentRequest bank = Check(Cents(100));
  bank.bank_name = "FNB 4242-4242-4242-4242";
  for (const auto& [request, field] :
       {std::pair{memo, "memo"}, std::pair{reference, "reference"},
        std::pair{check_number, "check_number"}, std::pair{bank, "bank_name"}}) {
    SCOPED_TRACE(field);
    ExpectRefusedWritingNothing(csr_, request, ErrorCode::kInvalidArgument, "CARD_NUMBER_REFUSED",
                                field);
    const auto refused = Post(request);
    EXPECT_EQ(refused.error().message.find("1111"), std::string::npos);
    EXPECT_EQ(refused.error().message.find("4242"), std::string::npos);
  }
}

TEST_F(PostPaymentTest, EachTenderNeedsItsDetails) {
  PaymentRequest check = Check(Cents(100));
  check.check_number = "  ";
  ExpectRefusedWritingNothing(csr_, check, ErrorCode::kInvalidArgument, "FIELD_REQUIRED",
                              "check_number");
  check = Check(Cents(100));
  check.bank_name = "";
  ExpectRefusedWritingNothing(csr_, check, ErrorCode::kInvalidArgument, "FIELD_REQUIRED",
                              "bank_name");
  PaymentRequest ach = Cash(Cents(100));
  ach.tender = Tender::kAch;
  ExpectRefusedWritingNothing(csr_, ach, ErrorCode::kInvalidArgument, "FIELD_REQUIRED",
                              "reference");
  PaymentRequest card = Cash(Cents(100));
  card.tender = Tender::kCard;
  card.card_auth_code = "A1";
  card.card_last4 = "1111";
  ExpectRefusedWritingNothing(csr_, card, ErrorCode::kInvalidArgument, "CARD_AUTH_CODE_INVALID",
                              "card_auth_code");
  card.card_auth_code = "A1B2C3";
  card.card_last4 = "11x1";
  ExpectRefusedWritingNothing(csr_, card, ErrorCode::kInvalidArgument, "CARD_LAST4_INVALID",
                              "card_last4");
  PaymentRequest short_cash = Cash(Cents(5000));
  short_cash.tendered = Cents(4999);
  ExpectRefusedWritingNothing(csr_, short_cash, ErrorCode::kInvalidArgument, "TENDERED_TOO_LOW",
                              "tendered_cents");
  check = Check(Cents(100));
  check.tendered = Cents(100);
  ExpectRefusedWritingNothing(csr_, check, ErrorCode::kInvalidArgument, "TENDERED_ONLY_FOR_CASH",
                              "tendered_cents");
}

TEST_F(PostPaymentTest, AReceivedDateInTheFutureOrOverNinetyDaysBackIsRefused) {
  PaymentRequest request = Cash(Cents(100));
  request.received_on = AddDays(test::TestToday(), 1);
  ExpectRefusedWritingNothing(csr_, request, ErrorCode::kInvalidArgument,
                              "RECEIVED_ON_OUT_OF_RANGE", "received_on");
  request.received_on = AddDays(test::TestToday(), -91);
  ExpectRefusedWritingNothing(csr_, request, ErrorCode::kInvalidArgument,
                              "RECEIVED_ON_OUT_OF_RANGE", "received_on");
}

TEST_F(PostPaymentTest, ACashOnlyAccountRefusesChecksAndAchButTakesCertifiedFunds) {
  test::SetCashOnlyUntilForTest(app_, account_, test::TestToday());  // through today
  ExpectRefusedWritingNothing(csr_, Check(Cents(100)), ErrorCode::kFailedPrecondition, "CASH_ONLY",
                              "tender");
  PaymentRequest ach = Cash(Cents(100));
  ach.tender = Tender::kAch;
  ach.reference = "091000019876543";
  ExpectRefusedWritingNothing(csr_, ach, ErrorCode::kFailedPrecondition, "CASH_ONLY", "tender");

  EXPECT_TRUE(Post(Cash(Cents(100))).ok());
  PaymentRequest money_order = Cash(Cents(100));
  money_order.tender = Tender::kMoneyOrder;
  money_order.reference = "MO-1";
  EXPECT_TRUE(Post(money_order).ok());
  const auto view = Post(Cash(Cents(100))).value();
  EXPECT_EQ(view.cash_only_until, test::TestToday());
}

TEST_F(PostPaymentTest, ChecksAreTakenAgainOnceTheRestrictionHasPassed) {
  test::SetCashOnlyUntilForTest(app_, account_, AddDays(test::TestToday(), -1));
  EXPECT_TRUE(Post(Check(Cents(100))).ok());
}

TEST_F(PostPaymentTest, TheSameKeyAndRequestReplaysTheFirstPayment) {
  const IdempotencyKey key = {"key-1", "hash-a"};
  const PaymentView first = Post(Cash(Cents(2500)), key).value();
  const auto before = app_.RowCounts();
  const auto again = Post(Cash(Cents(2500)), key);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_FALSE(first.replayed);
  EXPECT_EQ(again->payment.id, first.payment.id);
  EXPECT_EQ(again->payment.entry_id, first.payment.entry_id);
  EXPECT_EQ(again->balance_after, first.balance_after);
  EXPECT_EQ(app_.RowCounts(), before) << "one payment, one entry";
  EXPECT_EQ(test::RowCount(app_, "payments"), 1);
}

TEST_F(PostPaymentTest, AReplayIsAnsweredEvenAfterTheDrawerIsClosed) {
  const IdempotencyKey key = {"key-1", "hash-a"};
  const PaymentView first = Post(Cash(Cents(2500)), key).value();
  ASSERT_TRUE(CloseDrawer(app_.context(), csr_, drawer_, Cents(12500), Cents(0)).ok());
  const auto again = Post(Cash(Cents(2500)), key);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->payment.id, first.payment.id);
}

TEST_F(PostPaymentTest, TheSameKeyWithAnotherRequestIsAConflict) {
  ASSERT_TRUE(Post(Cash(Cents(2500)), {"key-1", "hash-a"}).ok());
  const auto before = app_.RowCounts();
  const auto reused = Post(Cash(Cents(9900)), {"key-1", "hash-b"});
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(reused.error().reason, "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(PostPaymentTest, KeysBelongToTheirUserAndAnEmptyKeyIsNeverStored) {
  const Caller other = test::InsertCaller(app_, "alex", Role::kCsr, "Alex Kim");
  ASSERT_TRUE(OpenDrawer(app_.context(), other, Cents(0)).ok());
  const PaymentView mine = Post(Cash(Cents(100)), {"key-1", "hash-a"}).value();
  const PaymentView theirs =
      PostPayment(app_.context(), other, Cash(Cents(100)), {"key-1", "hash-a"}).value();
  EXPECT_NE(mine.payment.id, theirs.payment.id);
  EXPECT_FALSE(theirs.replayed);

  const PaymentView one = Post(Cash(Cents(100))).value();
  const PaymentView two = Post(Cash(Cents(100))).value();
  EXPECT_NE(one.payment.id, two.payment.id);
  EXPECT_EQ(test::RowCount(app_, "payments"), 4);
}

}  // namespace
}  // namespace cistern
