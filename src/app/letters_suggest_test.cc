// Suggested values for a letter's sender fields (SuggestLetterFields): what the account's records
// answer, formatted as the CSR would type them, only for fields the template uses, and never
// anything a record does not answer. Sending is unchanged: what the CSR sends is what is merged.
#include <gtest/gtest.h>

#include "app/deposits.h"
#include "app/ledger.h"
#include "app/letters.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

class LetterSuggestionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    supervisor_ = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Ortiz");
  }

  LetterFields Suggest(const std::string& code) {
    auto suggested = SuggestLetterFields(app_.context(), csr_, account_, code);
    EXPECT_TRUE(suggested.ok()) << suggested.error().message;
    return suggested.ok() ? *suggested : LetterFields{};
  }

  void SetRenterDeposit(int installments) {
    SetDepositRequest request;
    request.quote.account = account_;
    request.quote.tenure = Tenure::kRenter;
    request.installments = installments;
    auto deposit = SetDeposit(app_.context(), csr_, request);
    ASSERT_TRUE(deposit.ok()) << deposit.error().message;
  }

  // The returned-item fee of the shipped finance settings, as the CSR would type it ("30.00").
  std::string ReturnedItemFee() {
    const FinanceSettings& finance = app_.context().finance;
    return finance.FindFee(finance.returned_item_fee)->amount.ToDecimalString();
  }

  test::TestApp app_;
  AccountId account_;
  Caller csr_;
  Caller supervisor_;
};

TEST_F(LetterSuggestionsTest, TheDepositOnRecordFillsTheWelcomeLetter) {
  SetRenterDeposit(2);
  EXPECT_EQ(Suggest("welcome_deposit"),
            (LetterFields{{"deposit.amount", "100.00"}, {"deposit.installments", "2"}}));

  // The suggestions are what the CSR would type: sending them as they are is accepted, and the
  // letter merges what was sent.
  LetterRequest request{"welcome_deposit", Suggest("welcome_deposit")};
  auto sent = SendLetter(app_.context(), csr_, account_, request);
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_NE(sent->paragraphs[2].find("A utility deposit of $100.00 is required"),
            std::string::npos);
  // A CSR who changes a value sends the changed one; the record does not override it.
  request.fields = {{"deposit.amount", "80"}, {"deposit.installments", "1"}};
  auto changed = SendLetter(app_.context(), csr_, account_, request);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_NE(changed->paragraphs[2].find("A utility deposit of $80.00 is required"),
            std::string::npos);
}

TEST_F(LetterSuggestionsTest, AFieldNoRecordAnswersIsAbsent) {
  EXPECT_TRUE(Suggest("welcome_deposit").empty());    // no deposit set
  EXPECT_TRUE(Suggest("final_bill_notice").empty());  // no stop request, no bill
  EXPECT_TRUE(Suggest("deposit_refund").empty());     // no refund request
  EXPECT_TRUE(Suggest("exemption_renewal").empty());  // no exemption
  // The returned-item fee is the city's, so it is known without a returned payment.
  EXPECT_EQ(Suggest("returned_payment"), (LetterFields{{"fee.amount", ReturnedItemFee()}}));
  // Only the template's own fields: a deposit on record does not leak into another letter.
  SetRenterDeposit(1);
  EXPECT_TRUE(Suggest("deposit_refund").empty());
}

TEST_F(LetterSuggestionsTest, RefusesAnUnknownAccountOrTemplateAsSendingDoes) {
  auto unknown_account =
      SuggestLetterFields(app_.context(), csr_, AccountId(9999), "welcome_deposit");
  ASSERT_FALSE(unknown_account.ok());
  EXPECT_EQ(unknown_account.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown_account.error().reason, "ACCOUNT_NOT_FOUND");

  auto unknown_template = SuggestLetterFields(app_.context(), csr_, account_, "welcome_deposits");
  ASSERT_FALSE(unknown_template.ok());
  const auto sent = SendLetter(app_.context(), csr_, account_, {"welcome_deposits", {}});
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(unknown_template.error().code, sent.error().code);
  EXPECT_EQ(unknown_template.error().reason, "LETTER_TEMPLATE_UNKNOWN");
  EXPECT_EQ(unknown_template.error().field, "template");

  auto none = SuggestLetterFields(app_.context(), csr_, account_, "");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().reason, "FIELD_REQUIRED");
  EXPECT_EQ(none.error().field, "template");
}

TEST_F(LetterSuggestionsTest, StopRefundAndExemptionComeFromTheirRecords) {
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    const Account account = transaction->accounts().Get(account_).value();
    LifecycleRequest stop;
    stop.kind = LifecycleKind::kStop;
    stop.account_id = account_;
    stop.premise_id = account.premise_id;
    stop.requested_on = std::chrono::year(2026) / 12 / 15;
    stop.created_at = app_.clock().Now();
    ASSERT_TRUE(transaction->lifecycle().Insert(stop).ok());

    // The older request waits for a supervisor; the newer one was rejected, so it is not a
    // refund the letter can announce.
    Refund pending;
    pending.account_id = account_;
    pending.amount = Cents(4321);
    pending.requested_at = app_.clock().Now();
    ASSERT_TRUE(transaction->approvals().InsertRefund(pending).ok());
    Refund rejected = pending;
    rejected.amount = Cents(9999);
    rejected.id = transaction->approvals().InsertRefund(rejected).value();
    rejected.status = ApprovalStatus::kRejected;
    rejected.decided_by = supervisor_.user_id;
    rejected.decided_at = app_.clock().Now();
    ASSERT_TRUE(transaction->approvals().DecideRefund(rejected).ok());

    SanitationExemption exemption;
    exemption.account_id = account_;
    exemption.hauler = "Sooner Waste Services";
    exemption.permit = "PH-2291";
    exemption.starts_on = std::chrono::year(2026) / 1 / 1;
    exemption.expires_on = std::chrono::year(2026) / 12 / 31;
    exemption.created_at = app_.clock().Now();
    exemption.updated_at = app_.clock().Now();
    ASSERT_TRUE(transaction->sanitation().InsertExemption(exemption).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  // The stop date, but no due date: the account has no bill.
  EXPECT_EQ(Suggest("final_bill_notice"), (LetterFields{{"stop_date", "2026-12-15"}}));
  EXPECT_EQ(Suggest("deposit_refund"), (LetterFields{{"refund.amount", "43.21"}}));
  EXPECT_EQ(Suggest("exemption_renewal"),
            (LetterFields{{"exemption.expires_on", "2026-12-31"},
                          {"exemption.hauler", "Sooner Waste Services"},
                          {"exemption.permit", "PH-2291"}}));
}

TEST_F(LetterSuggestionsTest, TheNewestReturnedPaymentFillsTheReturnedPaymentLetter) {
  ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(0)).ok());
  ASSERT_TRUE(PostFee(app_.context(), csr_, account_, "reconnect", "", {}).ok());
  PaymentRequest check;
  check.account_id = account_;
  check.amount = Cents(5000);
  check.tender = Tender::kCheck;
  check.check_number = "1042";
  check.bank_name = "First National";
  const Payment returned = PostPayment(app_.context(), csr_, check, {}).value().payment;
  check.amount = Cents(1500);
  check.check_number = "1043";
  const Payment in_error = PostPayment(app_.context(), csr_, check, {}).value().payment;
  app_.clock().Advance(1h);
  ASSERT_TRUE(ReversePayment(app_.context(), supervisor_, returned.id,
                             ReturnReason::kInsufficientFunds, "", {})
                  .ok());
  app_.clock().Advance(1h);
  // Reversed later, but posted in error: not a returned payment.
  ASSERT_TRUE(
      ReversePayment(app_.context(), supervisor_, in_error.id, ReturnReason::kPostedInError, "", {})
          .ok());

  EXPECT_EQ(Suggest("returned_payment"),
            (LetterFields{{"payment.amount", "50.00"},
                          {"payment.date", FormatDate(test::TestToday())},
                          {"payment.reference", "check #1042"},
                          {"payment.reason", "insufficient funds"},
                          {"fee.amount", ReturnedItemFee()}}));
}

TEST_F(LetterSuggestionsTest, AnyRoleThatReadsAccountsMaySeeThem) {
  SetRenterDeposit(2);
  auto auditor = SuggestLetterFields(app_.context(), CallerWithRole(Role::kAuditor), account_,
                                     "welcome_deposit");
  ASSERT_TRUE(auditor.ok()) << auditor.error().message;
  EXPECT_EQ(auditor->size(), 2u);
}

}  // namespace
}  // namespace cistern
