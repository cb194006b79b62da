#include <gtest/gtest.h>

#include "app/ledger.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

class DrawersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    other_csr_ = test::InsertCaller(app_, "alex", Role::kCsr, "Alex Kim");
    supervisor_ = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Ortiz");
  }

  PaymentRequest Payment(Tender tender, Money amount) {
    PaymentRequest request;
    request.account_id = account_;
    request.amount = amount;
    request.tender = tender;
    if (tender == Tender::kCheck) {
      request.check_number = "1042";
      request.bank_name = "First National";
    } else if (tender == Tender::kMoneyOrder || tender == Tender::kAch) {
      request.reference = "REF-1";
    } else if (tender == Tender::kCard) {
      request.card_auth_code = "A1B2C3";
      request.card_last4 = "1111";
    }
    return request;
  }

  PaymentView Take(const Caller& caller, Tender tender, Money amount) {
    return PostPayment(app_.context(), caller, Payment(tender, amount), {}).value();
  }

  test::TestApp app_;
  AccountId account_;
  Caller csr_;
  Caller other_csr_;
  Caller supervisor_;
};

TEST_F(DrawersTest, OpeningADrawerStartsTodaysBatchWithTheFloat) {
  const auto opened = OpenDrawer(app_.context(), csr_, Cents(15000));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_TRUE(opened->drawer.id.valid());
  EXPECT_EQ(opened->drawer.user_id, csr_.user_id);
  EXPECT_EQ(opened->drawer.user_name, "Casey Reyes");
  EXPECT_EQ(opened->drawer.business_date, test::TestToday());
  EXPECT_EQ(opened->drawer.status, DrawerStatus::kOpen);
  EXPECT_EQ(opened->drawer.opening_float, Cents(15000));
  EXPECT_EQ(opened->expected_cash, Cents(15000));
  EXPECT_EQ(opened->totals.count, 0);
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "drawer.open");
  const auto current = CurrentDrawer(app_.context(), csr_);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->drawer.id, opened->drawer.id);
}

TEST_F(DrawersTest, OpeningASecondDrawerIsAConflict) {
  ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(0)).ok());
  const auto before = app_.RowCounts();
  const auto again = OpenDrawer(app_.context(), csr_, Cents(0));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().reason, "DRAWER_ALREADY_OPEN");
  EXPECT_EQ(app_.RowCounts(), before);
  EXPECT_TRUE(OpenDrawer(app_.context(), other_csr_, Cents(0)).ok()) << "one drawer per user";
}

TEST_F(DrawersTest, AFloatOutsideZeroToTenThousandDollarsIsRefused) {
  for (Money bad : {Cents(-1), Cents(1'000'001)}) {
    const auto opened = OpenDrawer(app_.context(), csr_, bad);
    ASSERT_FALSE(opened.ok()) << bad.Format();
    EXPECT_EQ(opened.error().reason, "FLOAT_INVALID");
    EXPECT_EQ(opened.error().field, "opening_float_cents");
  }
  EXPECT_TRUE(OpenDrawer(app_.context(), csr_, Cents(1'000'000)).ok());
}

TEST_F(DrawersTest, WithoutAnOpenDrawerThereIsNoCurrentDrawer) {
  const auto current = CurrentDrawer(app_.context(), csr_);
  ASSERT_FALSE(current.ok());
  EXPECT_EQ(current.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(current.error().reason, "DRAWER_NOT_OPEN");
  const auto auditor = OpenDrawer(app_.context(), CallerWithRole(Role::kAuditor), Cents(0));
  ASSERT_FALSE(auditor.ok());
  EXPECT_EQ(auditor.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(DrawersTest, ClosingComputesOverShortFromCashAndChecksWithMoneyOrders) {
  const DrawerId id = OpenDrawer(app_.context(), csr_, Cents(10000)).value().drawer.id;
  Take(csr_, Tender::kCash, Cents(5000));
  Take(csr_, Tender::kCheck, Cents(3000));
  Take(csr_, Tender::kMoneyOrder, Cents(2000));
  Take(csr_, Tender::kCard, Cents(4000));  // settles through the terminal, not counted
  app_.clock().Advance(8h);
  // Two dollars short in cash; checks and money orders exactly right.
  const auto closed = CloseDrawer(app_.context(), csr_, id, Cents(14800), Cents(5000));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  const Drawer& drawer = closed->drawer;
  EXPECT_EQ(drawer.status, DrawerStatus::kClosed);
  EXPECT_EQ(drawer.expected_cash, Cents(15000));
  EXPECT_EQ(drawer.expected_checks, Cents(5000));
  EXPECT_EQ(drawer.counted_cash, Cents(14800));
  EXPECT_EQ(drawer.counted_checks, Cents(5000));
  EXPECT_EQ(drawer.over_short, Cents(-200));
  EXPECT_EQ(drawer.closed_by, csr_.user_id);
  EXPECT_EQ(drawer.closed_at, test::TestStartInstant() + 8h);
  EXPECT_EQ(closed->totals.count, 4);
  EXPECT_EQ(closed->totals.card, Cents(4000));
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "drawer.close");
}

TEST_F(DrawersTest, ACountOverWhatIsExpectedIsOver) {
  const DrawerId id = OpenDrawer(app_.context(), csr_, Cents(0)).value().drawer.id;
  Take(csr_, Tender::kCheck, Cents(3000));
  const auto closed = CloseDrawer(app_.context(), csr_, id, Cents(100), Cents(3000));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->drawer.over_short, Cents(100));
}

TEST_F(DrawersTest, AReversedPaymentIsNotExpectedInTheDrawer) {
  const DrawerId id = OpenDrawer(app_.context(), csr_, Cents(0)).value().drawer.id;
  const PaymentView wrong = Take(csr_, Tender::kCash, Cents(5000));
  Take(csr_, Tender::kCash, Cents(1000));
  ASSERT_TRUE(ReversePayment(app_.context(), supervisor_, wrong.payment.id,
                             ReturnReason::kPostedInError, "", {})
                  .ok());
  const auto closed = CloseDrawer(app_.context(), csr_, id, Cents(1000), Cents(0));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->drawer.expected_cash, Cents(1000));
  EXPECT_EQ(closed->drawer.over_short, Cents(0));
}

TEST_F(DrawersTest, ADrawerClosesOnceAndOnlyByItsOwnerOrASupervisor) {
  const DrawerId id = OpenDrawer(app_.context(), csr_, Cents(0)).value().drawer.id;
  const auto not_mine = CloseDrawer(app_.context(), other_csr_, id, Cents(0), Cents(0));
  ASSERT_FALSE(not_mine.ok());
  EXPECT_EQ(not_mine.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(not_mine.error().reason, "NOT_YOUR_DRAWER");

  const auto by_supervisor = CloseDrawer(app_.context(), supervisor_, id, Cents(0), Cents(0));
  ASSERT_TRUE(by_supervisor.ok()) << by_supervisor.error().message;
  EXPECT_EQ(by_supervisor->drawer.closed_by, supervisor_.user_id);

  const auto before = app_.RowCounts();
  const auto twice = CloseDrawer(app_.context(), csr_, id, Cents(0), Cents(0));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(twice.error().reason, "DRAWER_ALREADY_CLOSED");
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(DrawersTest, NegativeCountsAreRefused) {
  const DrawerId id = OpenDrawer(app_.context(), csr_, Cents(0)).value().drawer.id;
  const auto cash = CloseDrawer(app_.context(), csr_, id, Cents(-1), Cents(0));
  ASSERT_FALSE(cash.ok());
  EXPECT_EQ(cash.error().field, "counted_cash_cents");
  const auto checks = CloseDrawer(app_.context(), csr_, id, Cents(0), Cents(-1));
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.error().field, "counted_checks_cents");
}

TEST_F(DrawersTest, CloseDayIsRefusedWhileADrawerOfTheDayIsOpen) {
  const DrawerId id = OpenDrawer(app_.context(), csr_, Cents(0)).value().drawer.id;
  ASSERT_TRUE(OpenDrawer(app_.context(), other_csr_, Cents(0)).ok());
  ASSERT_TRUE(CloseDrawer(app_.context(), csr_, id, Cents(0), Cents(0)).ok());
  const auto before = app_.RowCounts();
  const auto closed = CloseDay(app_.context(), supervisor_, test::TestToday());
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(closed.error().reason, "DRAWERS_OPEN");
  EXPECT_NE(closed.error().message.find("Alex Kim"), std::string::npos) << closed.error().message;
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(DrawersTest, CloseDayTotalsEveryDrawersPayments) {
  const DrawerId first = OpenDrawer(app_.context(), csr_, Cents(5000)).value().drawer.id;
  const DrawerId second = OpenDrawer(app_.context(), other_csr_, Cents(0)).value().drawer.id;
  Take(csr_, Tender::kCash, Cents(1000));
  Take(csr_, Tender::kCheck, Cents(2000));
  Take(other_csr_, Tender::kCash, Cents(300));
  Take(other_csr_, Tender::kCard, Cents(400));
  Take(other_csr_, Tender::kCard, Cents(500));
  const PaymentView reversed = Take(other_csr_, Tender::kCash, Cents(9900));
  ASSERT_TRUE(ReversePayment(app_.context(), supervisor_, reversed.payment.id,
                             ReturnReason::kPostedInError, "", {})
                  .ok());
  ASSERT_TRUE(CloseDrawer(app_.context(), csr_, first, Cents(6000), Cents(2000)).ok());
  ASSERT_TRUE(CloseDrawer(app_.context(), other_csr_, second, Cents(300), Cents(0)).ok());
  app_.clock().Advance(9h);

  const auto closed = CloseDay(app_.context(), supervisor_, test::TestToday());
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->business_date, test::TestToday());
  EXPECT_EQ(closed->closed_at, test::TestStartInstant() + 9h);
  EXPECT_EQ(closed->closed_by_name, "Sam Ortiz");
  EXPECT_EQ(closed->totals.cash, Cents(1300));
  EXPECT_EQ(closed->totals.check, Cents(2000));
  EXPECT_EQ(closed->totals.card, Cents(900));
  EXPECT_EQ(closed->totals.count, 5) << "five payments stand; the reversed one is not counted";
  EXPECT_EQ(app_.AllAuditEvents().at(0).action, "cash_day.close");
}

TEST_F(DrawersTest, ADayClosesOnce) {
  ASSERT_TRUE(CloseDay(app_.context(), supervisor_, test::TestToday()).ok());
  const auto before = app_.RowCounts();
  const auto twice = CloseDay(app_.context(), supervisor_, test::TestToday());
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(twice.error().reason, "DAY_ALREADY_CLOSED");
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(DrawersTest, NoDrawerOpensOnAClosedDay) {
  ASSERT_TRUE(CloseDay(app_.context(), supervisor_, test::TestToday()).ok());
  const auto opened = OpenDrawer(app_.context(), csr_, Cents(0));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(opened.error().reason, "DAY_CLOSED");
  app_.clock().Advance(24h);
  EXPECT_TRUE(OpenDrawer(app_.context(), csr_, Cents(0)).ok()) << "tomorrow is another day";
}

TEST_F(DrawersTest, AFutureDayCannotCloseAndOnlySupervisorsCloseDays) {
  const auto future = CloseDay(app_.context(), supervisor_, AddDays(test::TestToday(), 1));
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(future.error().reason, "DATE_IN_FUTURE");
  const auto csr = CloseDay(app_.context(), csr_, test::TestToday());
  ASSERT_FALSE(csr.ok());
  EXPECT_EQ(csr.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(DrawersTest, YesterdaysOpenDrawerBlocksClosingYesterday) {
  const DrawerId id = OpenDrawer(app_.context(), csr_, Cents(0)).value().drawer.id;
  app_.clock().Advance(24h);
  const auto refused = CloseDay(app_.context(), supervisor_, test::TestToday());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, "DRAWERS_OPEN");
  EXPECT_TRUE(CloseDay(app_.context(), supervisor_, AddDays(test::TestToday(), 1)).ok())
      << "today has no drawers of its own";
  ASSERT_TRUE(CloseDrawer(app_.context(), csr_, id, Cents(0), Cents(0)).ok());
  EXPECT_TRUE(CloseDay(app_.context(), supervisor_, test::TestToday()).ok());
}

TEST_F(DrawersTest, DrawersForDateListsTheDaysDrawersWithTheirTotals) {
  ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(2000)).ok());
  ASSERT_TRUE(OpenDrawer(app_.context(), other_csr_, Cents(0)).ok());
  Take(csr_, Tender::kCash, Cents(700));
  const auto drawers = DrawersForDate(app_.context(), supervisor_, test::TestToday());
  ASSERT_TRUE(drawers.ok()) << drawers.error().message;
  ASSERT_EQ(drawers->size(), 2u);
  EXPECT_EQ((*drawers)[0].drawer.user_id, csr_.user_id);
  EXPECT_EQ((*drawers)[0].expected_cash, Cents(2700));
  EXPECT_EQ((*drawers)[1].totals.count, 0);
  EXPECT_TRUE(
      DrawersForDate(app_.context(), supervisor_, AddDays(test::TestToday(), -1)).value().empty());
  EXPECT_FALSE(DrawersForDate(app_.context(), csr_, test::TestToday()).ok())
      << "reports permission";
}

}  // namespace
}  // namespace cistern
