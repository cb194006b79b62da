#include "app/reports.h"

#include <gtest/gtest.h>

#include "app/payment_import.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using std::chrono::year;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

class ReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    supervisor_ = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Ortiz");
    finance_ = test::InsertCaller(app_, "fran", Role::kFinance, "Fran Lee");
    ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(10000)).ok());
    app_.clock().Advance(10min);
  }

  PaymentView Take(Tender tender, Money amount) {
    PaymentRequest request;
    request.account_id = account_;
    request.amount = amount;
    request.tender = tender;
    if (tender == Tender::kCheck) {
      request.check_number = "1042";
      request.bank_name = "First National";
    } else if (tender == Tender::kCard) {
      request.card_auth_code = "A1B2C3";
      request.card_last4 = "1111";
    }
    return PostPayment(app_.context(), csr_, request, {}).value();
  }

  void Reverse(PaymentId id, ReturnReason reason) {
    ASSERT_TRUE(ReversePayment(app_.context(), supervisor_, id, reason, "", {}).ok());
  }

  DailyCashReport Daily(Date date) {
    return GetDailyCashReport(app_.context(), finance_, date).value();
  }

  test::TestApp app_;
  AccountId account_;
  Caller csr_;
  Caller supervisor_;
  Caller finance_;
};

TEST_F(ReportsTest, TheDailyCashReportBalancesAfterPaymentsAndASameDayReversal) {
  test::PostChargesForTest(app_, account_, {{"water", Cents(6000)}});
  Take(Tender::kCash, Cents(5000));
  const PaymentView check = Take(Tender::kCheck, Cents(3000));
  Take(Tender::kCard, Cents(2000));
  Reverse(check.payment.id, ReturnReason::kInsufficientFunds);

  const DailyCashReport report = Daily(test::TestToday());
  EXPECT_EQ(report.business_date, test::TestToday());
  EXPECT_EQ(report.payments_total, Cents(10000)) << "the day's payments, reversed or not";
  EXPECT_EQ(report.reversals, Cents(3000));
  EXPECT_EQ(report.cash_gl_net, Cents(7000));
  EXPECT_TRUE(report.balanced);
  EXPECT_EQ(report.by_tender.cash, Cents(5000));
  EXPECT_EQ(report.by_tender.check, Cents(3000));
  EXPECT_EQ(report.by_tender.card, Cents(2000));
  EXPECT_EQ(report.by_tender.count, 3);
  ASSERT_EQ(report.by_user.size(), 3u);
  EXPECT_EQ(report.by_user[0].user_name, "Casey Reyes");
  ASSERT_EQ(report.drawers.size(), 1u);
  EXPECT_EQ(report.drawers[0].expected_cash, Cents(15000));
  EXPECT_FALSE(report.day_closed);
}

TEST_F(ReportsTest, AReversalOnALaterDayBalancesBothDays) {
  const PaymentView cash = Take(Tender::kCash, Cents(4000));
  Take(Tender::kCash, Cents(600));
  app_.clock().Advance(24h);
  Reverse(cash.payment.id, ReturnReason::kPostedInError);

  const DailyCashReport first = Daily(test::TestToday());
  EXPECT_EQ(first.payments_total, Cents(4600));
  EXPECT_EQ(first.reversals, Cents(0));
  EXPECT_EQ(first.cash_gl_net, Cents(4600));
  EXPECT_TRUE(first.balanced);

  const DailyCashReport second = Daily(AddDays(test::TestToday(), 1));
  EXPECT_EQ(second.payments_total, Cents(0));
  EXPECT_EQ(second.reversals, Cents(4000));
  EXPECT_EQ(second.cash_gl_net, Cents(-4000));
  EXPECT_TRUE(second.balanced);
}

TEST_F(ReportsTest, ImportedPaymentsCountOnTheDayTheyWereReceived) {
  const std::string number = test::CreateSampleAccountDetail(app_).account.number.text();
  const ParsedImport parsed =
      ParsePaymentCsv("account_number,amount,date,reference\n" + number + ",12.34,2026-11-25,L1\n",
                      test::TestToday());
  ASSERT_EQ(ImportPayments(app_.context(), finance_, parsed, "lockbox.csv", Tender::kCheck,
                           ImportMode::kAllOrNothing)
                .value()
                .posted,
            1);
  const DailyCashReport report = Daily(year(2026) / 11 / 25);
  EXPECT_EQ(report.payments_total, Cents(1234));
  EXPECT_EQ(report.cash_gl_net, Cents(1234));
  EXPECT_TRUE(report.balanced);
  EXPECT_TRUE(report.drawers.empty());
  EXPECT_EQ(Daily(test::TestToday()).payments_total, Cents(0));
}

TEST_F(ReportsTest, TheDailyCashReportShowsWhenTheDayIsClosed) {
  const auto drawer = CurrentDrawer(app_.context(), csr_).value();
  ASSERT_TRUE(CloseDrawer(app_.context(), csr_, drawer.drawer.id, Cents(10000), Cents(0)).ok());
  ASSERT_TRUE(CloseDay(app_.context(), supervisor_, test::TestToday()).ok());
  EXPECT_TRUE(Daily(test::TestToday()).day_closed);
  EXPECT_FALSE(Daily(AddDays(test::TestToday(), -1)).day_closed);
}

TEST_F(ReportsTest, AgedReceivablesBucketEachItemAndTieToTheReceivablesControl) {
  test::PostChargesForTest(app_, account_, {{"sanitation", Cents(4000)}}, year(2026) / 7 / 1);
  test::PostChargesForTest(app_, account_, {{"water", Cents(3000)}}, year(2026) / 9 / 1);
  test::PostChargesForTest(app_, account_, {{"sewer", Cents(2000)}}, year(2026) / 10 / 1);
  test::PostChargesForTest(app_, account_, {{"water", Cents(1000)}}, year(2026) / 11 / 1);
  Take(Tender::kCash, Cents(1500));  // pays the oldest item first
  // A second account that only holds a credit has no receivable to age.
  const AccountId credit_only = test::CreateSampleAccount(app_);
  PaymentRequest prepayment;
  prepayment.account_id = credit_only;
  prepayment.amount = Cents(700);
  ASSERT_TRUE(PostPayment(app_.context(), csr_, prepayment, {}).ok());

  const auto report = GetAgedReceivables(app_.context(), finance_, test::TestToday());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->total.current, Cents(1000));
  EXPECT_EQ(report->total.days_31_60, Cents(2000));
  EXPECT_EQ(report->total.days_61_90, Cents(3000));
  EXPECT_EQ(report->total.over_90, Cents(2500));
  EXPECT_EQ(report->total.total(), Cents(8500));
  EXPECT_EQ(report->total.total(), report->receivables_control);
  EXPECT_EQ(report->accounts, 1);
  EXPECT_EQ(report->by_fund.at("water").total(), Cents(4000));
  EXPECT_EQ(report->by_fund.at("sanitation").over_90, Cents(2500));
}

TEST_F(ReportsTest, AgedReceivablesAsOfAnEarlierDateIgnoreLaterEntries) {
  test::PostChargesForTest(app_, account_, {{"sanitation", Cents(4000)}}, year(2026) / 7 / 1);
  test::PostChargesForTest(app_, account_, {{"water", Cents(3000)}}, year(2026) / 9 / 1);
  test::PostChargesForTest(app_, account_, {{"sewer", Cents(2000)}}, year(2026) / 10 / 1);
  Take(Tender::kCash, Cents(1500));
  const auto report = GetAgedReceivables(app_.context(), finance_, year(2026) / 10 / 15);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->total.current, Cents(2000));
  EXPECT_EQ(report->total.days_31_60, Cents(3000));
  EXPECT_EQ(report->total.over_90, Cents(4000));
  EXPECT_EQ(report->total.total(), Cents(9000));
  EXPECT_EQ(report->receivables_control, Cents(9000));
}

TEST_F(ReportsTest, AgedReceivablesTieToTheControlOnABusyLedger) {
  const AccountId second = test::CreateAccountForSameCustomer(app_, account_);
  test::PostChargesForTest(app_, account_, {{"water", Cents(4321)}, {"sewer", Cents(1234)}},
                           year(2026) / 8 / 15);
  test::PostChargesForTest(app_, second, {{"stormwater", Cents(350)}}, year(2026) / 10 / 20);
  ASSERT_TRUE(PostFee(app_.context(), csr_, account_, "door_hanger", "", {}).ok());
  const PaymentView check = Take(Tender::kCheck, Cents(2000));
  Take(Tender::kCash, Cents(999));
  Reverse(check.payment.id, ReturnReason::kStopPayment);
  AdjustmentRequest credit;
  credit.account_id = account_;
  credit.amount = Cents(4000);
  credit.fund = "sewer";
  credit.reason_code = "billing_error";
  credit.memo = "Sewer cap";
  ASSERT_TRUE(RequestAdjustment(app_.context(), csr_, credit, {}).ok());
  ASSERT_TRUE(TransferBalance(app_.context(), csr_, second, account_, "", {}).ok());

  const auto report = GetAgedReceivables(app_.context(), finance_, test::TestToday());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->total.total(), report->receivables_control);
  EXPECT_NE(report->receivables_control, Cents(0));
}

TEST_F(ReportsTest, ReportsNeedTheReportsPermission) {
  const auto daily = GetDailyCashReport(app_.context(), csr_, test::TestToday());
  ASSERT_FALSE(daily.ok());
  EXPECT_EQ(daily.error().code, ErrorCode::kPermissionDenied);
  const auto aged = GetAgedReceivables(app_.context(), csr_, test::TestToday());
  ASSERT_FALSE(aged.ok());
  EXPECT_EQ(aged.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(
      GetDailyCashReport(app_.context(), CallerWithRole(Role::kAuditor), test::TestToday()).ok());
}

TEST_F(ReportsTest, RangesMustRunForwardAndAtMostAYear) {
  const auto backwards =
      GetJournal(app_.context(), finance_, test::TestToday(), AddDays(test::TestToday(), -1));
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.error().reason, "RANGE_INVALID");
  const auto too_long =
      GetGlActivity(app_.context(), finance_, AddDays(test::TestToday(), -367), test::TestToday());
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().reason, "RANGE_TOO_LONG");
}

TEST_F(ReportsTest, TheReturnedPaymentsReportListsReversalsInTheRange) {
  const PaymentView check = Take(Tender::kCheck, Cents(3000));
  Take(Tender::kCheck, Cents(100));
  app_.clock().Advance(48h);
  Reverse(check.payment.id, ReturnReason::kInsufficientFunds);
  const Date reversed_on = AddDays(test::TestToday(), 2);
  const auto listed = GetReturnedPayments(app_.context(), finance_, reversed_on, reversed_on);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].payment.id, check.payment.id);
  EXPECT_TRUE(GetReturnedPayments(app_.context(), finance_, test::TestToday(), test::TestToday())
                  .value()
                  .empty())
      << "the payment was received that day but reversed later";
}

}  // namespace
}  // namespace cistern
