// Deposits end to end on a real store: the quote with its reasons, setting and the supervisor's
// approval to lower or waive, installments through the ledger, interest, refund after good
// history, application to the final bill, and the register balancing to the deposits-held GL.
#include "app/deposits.h"

#include <gtest/gtest.h>

#include "app/ledger.h"
#include "app/ledger_common.h"
#include "config/deposit_config.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::InsertCaller;

class DepositsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    rules_ = LoadDepositsConfig(DefaultDepositsConfigPath(), &app_.context().finance).value();
    app_.context().deposits = std::make_shared<const DepositRules>(rules_);
    csr_ = InsertCaller(app_, "csr1", Role::kCsr, "Casey CSR");
    supervisor_ = InsertCaller(app_, "sup1", Role::kSupervisor, "Sam Supervisor");
    other_supervisor_ = InsertCaller(app_, "sup2", Role::kSupervisor, "Pat Supervisor");
    home_ = Insert(PremiseType::kSingleFamily, 100000201);
    shop_ = Insert(PremiseType::kCommercial, 100000202);
  }

  AccountId Insert(PremiseType type, std::int64_t sequence) {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    Premise premise = test::SamplePremise();
    premise.type = type;
    premise.address.line1 = std::to_string(sequence % 1000) + " Main St";
    const Customer customer = test::SamplePerson();
    Account account;
    account.customer_id = transaction->customers().Insert(customer).value();
    account.premise_id = transaction->premises().Insert(premise).value();
    account.number = AccountNumber::FromSequence(sequence);
    account.mailing_address = customer.mailing_address;
    account.opened_on = test::TestToday();
    account.status = AccountStatus::kActive;
    account.version = 1;
    AccountId id = transaction->accounts().Insert(account).value();
    EXPECT_TRUE(transaction->Commit().ok());
    return id;
  }

  DepositQuoteRequest Renter(AccountId account) const {
    DepositQuoteRequest request;
    request.account = account;
    request.tenure = Tenure::kRenter;
    return request;
  }

  Money Balance(AccountId account) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    return LoadPosition(*transaction, app_.context().finance, account).value().balance();
  }

  void ExpectBalanced() {
    auto reg = GetDepositRegister(app_.context(), supervisor_);
    ASSERT_TRUE(reg.ok()) << reg.error().message;
    EXPECT_TRUE(reg->balanced);
    EXPECT_EQ(reg->totals.held(), reg->gl_balance);
    auto check = CheckLedger(app_.context(), supervisor_, 20);
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->violations.empty()) << check->violations.front();
  }

  test::TestApp app_;
  DepositRules rules_;
  Caller csr_, supervisor_, other_supervisor_;
  AccountId home_, shop_;
};

TEST_F(DepositsTest, QuoteShowsTheAmountAndTheReasons) {
  auto renter = QuoteDeposit(app_.context(), csr_, Renter(home_));
  ASSERT_TRUE(renter.ok()) << renter.error().message;
  EXPECT_EQ(renter->quote.amount, Money::FromCents(10000));
  EXPECT_EQ(renter->facts.class_code, "residential");
  ASSERT_EQ(renter->installments.size(), 2u);
  EXPECT_EQ(renter->installments[0], Money::FromCents(5000));

  DepositQuoteRequest owner = Renter(home_);
  owner.tenure = Tenure::kOwner;
  auto missing = QuoteDeposit(app_.context(), csr_, owner);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "credit_rating");
  owner.credit_rating = "fair";
  auto unreferenced = QuoteDeposit(app_.context(), csr_, owner);
  EXPECT_EQ(unreferenced.error().field, "credit_reference");
  owner.credit_reference = "EXP-1";
  auto fair = QuoteDeposit(app_.context(), csr_, owner);
  ASSERT_TRUE(fair.ok());
  EXPECT_EQ(fair->quote.amount, Money::FromCents(5000));
  EXPECT_NE(fair->quote.reasons[0].find("EXP-1"), std::string::npos);

  // A bureau connector plugs in through the same port.
  class Bureau final : public CreditCheck {
   public:
    Result<CreditCheckResult> Check(const Subject&) override {
      return CreditCheckResult{CreditRating::kPoor, "BUREAU-9", "bureau"};
    }
  } bureau;
  owner.credit_check = &bureau;
  auto poor = QuoteDeposit(app_.context(), csr_, owner);
  ASSERT_TRUE(poor.ok());
  EXPECT_EQ(poor->quote.amount, Money::FromCents(10000));
  EXPECT_EQ(poor->facts.credit->source, "bureau");

  auto commercial = QuoteDeposit(app_.context(), csr_, Renter(shop_));
  EXPECT_EQ(commercial->quote.amount, Money::FromCents(20000));
  EXPECT_EQ(QuoteDeposit(app_.context(), test::CallerWithRole(Role::kAuditor), Renter(home_))
                .error()
                .code,
            ErrorCode::kPermissionDenied);
}

TEST_F(DepositsTest, ACsrCannotWaiveALowerAmountWaitsForAnotherSupervisor) {
  SetDepositRequest set;
  set.quote = Renter(home_);
  set.amount = Money();
  auto waived = SetDeposit(app_.context(), csr_, set);
  ASSERT_FALSE(waived.ok());
  EXPECT_EQ(waived.error().reason, "APPROVAL_REQUIRED");
  EXPECT_EQ(waived.error().field, "amount");
  {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    EXPECT_FALSE(transaction->deposits().OfAccount(home_).value().has_value());  // nothing written
  }
  set.amount.reset();
  set.installments = 3;
  EXPECT_EQ(SetDeposit(app_.context(), csr_, set).error().field, "installments");
  set.installments = 2;
  auto deposit = SetDeposit(app_.context(), csr_, set);
  ASSERT_TRUE(deposit.ok()) << deposit.error().message;
  EXPECT_EQ(deposit->required, Money::FromCents(10000));
  EXPECT_FALSE(deposit->reasons.empty());

  EXPECT_EQ(RequestDepositReduction(app_.context(), csr_, home_, Money(), "").error().field,
            "reason");
  auto request =
      RequestDepositReduction(app_.context(), supervisor_, home_, Money(), "Letter of credit");
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(RequestDepositReduction(app_.context(), csr_, home_, Money(), "again").error().reason,
            "APPROVAL_PENDING");
  EXPECT_EQ(DecideDepositReduction(app_.context(), csr_, request->id, true, "").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(
      DecideDepositReduction(app_.context(), supervisor_, request->id, true, "").error().reason,
      "OWN_REQUEST");
  auto decided = DecideDepositReduction(app_.context(), other_supervisor_, request->id, true, "ok");
  ASSERT_TRUE(decided.ok()) << decided.error().message;
  EXPECT_EQ(decided->status, DepositApprovalStatus::kApproved);
  auto view = GetAccountDeposit(app_.context(), csr_, home_);
  EXPECT_EQ(view->deposit->required, Money());
  EXPECT_EQ(BillDepositInstallment(app_.context(), csr_, home_).error().reason, "NOTHING_TO_BILL");
  EXPECT_EQ(DecideDepositReduction(app_.context(), other_supervisor_, request->id, false, "")
                .error()
                .reason,
            "ALREADY_DECIDED");
}

TEST_F(DepositsTest, InstallmentsPostThroughTheLedgerAndTheRegisterBalances) {
  SetDepositRequest set;
  set.quote = Renter(home_);
  set.installments = 2;
  ASSERT_TRUE(SetDeposit(app_.context(), csr_, set).ok());
  auto first = BillDepositInstallment(app_.context(), csr_, home_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->event.amount, Money::FromCents(5000));
  EXPECT_EQ(Balance(home_), Money::FromCents(5000));  // shows on the next bill
  ExpectBalanced();
  ASSERT_TRUE(BillDepositInstallment(app_.context(), csr_, home_).ok());
  EXPECT_EQ(BillDepositInstallment(app_.context(), csr_, home_).error().reason, "NOTHING_TO_BILL");
  EXPECT_EQ(Balance(home_), Money::FromCents(10000));
  // Set again once billed: refused.
  EXPECT_EQ(SetDeposit(app_.context(), csr_, set).error().reason, "DEPOSIT_BILLED");

  SetDepositRequest shop;
  shop.quote = Renter(shop_);
  ASSERT_TRUE(SetDeposit(app_.context(), csr_, shop).ok());
  auto paid = RecordDepositPaid(app_.context(), csr_, shop_);
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  EXPECT_EQ(paid->event.amount, Money::FromCents(20000));
  ExpectBalanced();
  auto reg = GetDepositRegister(app_.context(), supervisor_).value();
  EXPECT_EQ(reg.gl_balance, Money::FromCents(30000));
  ASSERT_EQ(reg.lines.size(), 2u);
  EXPECT_EQ(GetDepositRegister(app_.context(), csr_).error().code, ErrorCode::kPermissionDenied);

  // Stop service: the held deposit pays the final bill (here: the billed installments).
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    auto applied =
        ApplyDepositInTransaction(app_.context(), csr_, *transaction, home_, test::TestToday());
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    ASSERT_TRUE(applied->has_value());
    EXPECT_EQ((*applied)->event.amount, Money::FromCents(10000));
    ASSERT_TRUE(transaction->Commit().ok());
  }
  EXPECT_EQ(Balance(home_), Money());
  EXPECT_EQ(ApplyDepositToFinalBill(app_.context(), csr_, shop_).error().reason,
            "ACCOUNT_NOT_FINAL");
  ExpectBalanced();
  reg = GetDepositRegister(app_.context(), supervisor_).value();
  EXPECT_EQ(reg.gl_balance, Money::FromCents(20000));
}

TEST_F(DepositsTest, InterestAccruesExactlyAndGoodHistoryEarnsARefund) {
  DepositRules paying = rules_;
  paying.interest_rate_ppm = 15000;  // 1.5% a year
  paying.interest_expense_gl = "6510";
  app_.context().deposits = std::make_shared<const DepositRules>(paying);
  SetDepositRequest set;
  set.quote = Renter(home_);
  ASSERT_TRUE(SetDeposit(app_.context(), csr_, set).ok());
  ASSERT_TRUE(RecordDepositPaid(app_.context(), csr_, home_).ok());
  // The customer pays the billed deposit at the counter: model it as a credit that clears it.
  app_.clock().Advance(std::chrono::hours(24 * 365));
  auto accrued = AccrueDepositInterest(app_.context(), supervisor_, app_.context().Today());
  ASSERT_TRUE(accrued.ok()) << accrued.error().message;
  ASSERT_EQ(accrued->size(), 1u);
  EXPECT_EQ((*accrued)[0].event.amount, Money::FromCents(150));
  // Accruing again for the same day adds nothing.
  EXPECT_TRUE(AccrueDepositInterest(app_.context(), supervisor_, app_.context().Today())->empty());
  ExpectBalanced();
  EXPECT_EQ(AccrueDepositInterest(app_.context(), csr_, app_.context().Today()).error().code,
            ErrorCode::kPermissionDenied);

  EXPECT_EQ(RefundDeposit(app_.context(), csr_, home_).error().reason, "NOT_ELIGIBLE");
  app_.clock().Advance(std::chrono::hours(24 * 400));
  auto eligible = ListRefundableDeposits(app_.context(), supervisor_);
  ASSERT_TRUE(eligible.ok());
  ASSERT_EQ(eligible->size(), 1u);
  EXPECT_EQ((*eligible)[0].held, Money::FromCents(10150));
  auto refunded = RefundDeposit(app_.context(), csr_, home_);
  ASSERT_TRUE(refunded.ok()) << refunded.error().message;
  EXPECT_EQ(refunded->deposit.status, DepositStatus::kRefunded);
  // The $100 billed is paid from the deposit; the interest is left as a credit balance.
  EXPECT_EQ(Balance(home_), Money::FromCents(-150));
  ExpectBalanced();
}

}  // namespace
}  // namespace cistern
