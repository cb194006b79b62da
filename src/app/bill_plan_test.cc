// PlanBill on hand-made inputs under the shipped Moore rates: usage from readings (rollover,
// exchange, estimate), the money summary, and what it flags.
#include "app/bill_plan.h"

#include <gtest/gtest.h>

#include "config/rate_config.h"

namespace cistern {
namespace {

Date D(const char* text) { return *ParseDate(text, "date"); }

class PlanBillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto book = LoadRateBook({DefaultRatesPath()});
    ASSERT_TRUE(book.ok()) << book.error().message;
    book_ = std::move(*book);
  }

  static MeterToBill Meter(std::int64_t id, std::int64_t previous, std::int64_t current,
                           ReadingKind kind = ReadingKind::kActual) {
    MeterToBill meter;
    meter.meter.id = MeterId(id);
    meter.meter.serial = "M" + std::to_string(id);
    meter.meter.size = "5/8";
    meter.meter.dials = 6;
    meter.previous =
        ReadingRef{ReadingId(id * 10), D("2026-09-30"), previous, ReadingKind::kActual};
    meter.current = ReadingRef{ReadingId(id * 10 + 1), D("2026-10-31"), current, kind};
    return meter;
  }

  static AccountToBill Home() {
    AccountToBill account;
    account.account_id = AccountId(7);
    account.number = AccountNumber::FromSequence(7);
    for (const char* service : {"water", "sewer", "sanitation", "stormwater"}) {
      ServiceRecord record;
      record.service = service;
      record.rate_class = "residential";
      record.starts_on = D("2020-01-01");
      account.services.push_back(record);
    }
    account.winter_average_gallons = Quantity::FromInteger(5000);
    account.meters.push_back(Meter(1, 100000, 106000));
    return account;
  }

  BillDates October() const {
    return BillDates{*Period::Make(D("2026-10-01"), D("2026-10-31")), D("2026-11-01"),
                     D("2026-11-23"), BillingRunId(3)};
  }

  RateBook book_;
  BillingSettings settings_;
};

TEST_F(PlanBillTest, BillsTheUsageBetweenReadingsAndAddsUpTheBalance) {
  AccountToBill account = Home();
  account.previous_total_due = Money::FromCents(8000);
  account.payments_since = Money::FromCents(-8000);
  account.balance_since = Money::FromCents(-8000 + 3000);  // the payment and a $30 fee
  BillPlan plan = PlanBill(book_, settings_, account, October());
  ASSERT_TRUE(plan.billable);
  const Bill& bill = plan.bill;
  EXPECT_EQ(bill.usage_gallons, Quantity::FromInteger(6000));
  ASSERT_EQ(bill.readings.size(), 1u);
  EXPECT_EQ(bill.readings[0].usage_gallons, Quantity::FromInteger(6000));
  Money lines;
  for (const BillLine& line : bill.lines) lines += line.amount;
  EXPECT_EQ(lines, bill.current_charges);
  EXPECT_EQ(bill.previous_balance, Money::FromCents(8000));
  EXPECT_EQ(bill.payments, Money::FromCents(-8000));
  EXPECT_EQ(bill.adjustments, Money::FromCents(3000));
  EXPECT_EQ(bill.total_due, Money::FromCents(3000) + bill.current_charges);
  EXPECT_EQ(bill.due_date, D("2026-11-23"));
  EXPECT_EQ(bill.late_amount, LateAmount(settings_, bill.total_due));
  Money by_fund;
  for (const FundAmount& fund : plan.charges_by_fund) by_fund += fund.amount;
  EXPECT_EQ(by_fund, bill.current_charges);
  // Sewer is billed on the winter average (5,000), not the 6,000 used.
  bool capped = false;
  for (const BillLine& line : bill.lines) {
    if (line.service == "sewer" && line.quantity == Quantity::FromInteger(5)) capped = true;
  }
  EXPECT_TRUE(capped);
}

TEST_F(PlanBillTest, AddsEveryMeterAndCountsARollover) {
  AccountToBill account = Home();
  account.meters = {Meter(1, 998000, 1500), Meter(2, 0, 2500)};  // an exchange in the month
  BillPlan plan = PlanBill(book_, settings_, account, October());
  ASSERT_TRUE(plan.billable);
  EXPECT_EQ(plan.bill.usage_gallons, Quantity::FromInteger(3500 + 2500));
  EXPECT_EQ(plan.bill.readings.size(), 2u);
}

TEST_F(PlanBillTest, HoldsBackAnAccountWithNoNewOrAHeldReading) {
  AccountToBill account = Home();
  account.meters[0].current = account.meters[0].previous;
  BillPlan plan = PlanBill(book_, settings_, account, October());
  EXPECT_FALSE(plan.billable);
  ASSERT_EQ(plan.exceptions.size(), 1u);
  EXPECT_EQ(plan.exceptions[0].kind, RunExceptionKind::kNoReading);
  account.meters[0].held_reading = true;
  plan = PlanBill(book_, settings_, account, October());
  EXPECT_EQ(plan.exceptions[0].kind, RunExceptionKind::kHeldReading);
  account.meters.clear();
  plan = PlanBill(book_, settings_, account, October());
  EXPECT_FALSE(plan.billable);
  EXPECT_EQ(plan.exceptions.back().kind, RunExceptionKind::kNoMeter);
}

TEST_F(PlanBillTest, SkipsAnAccountWithNoServiceInThePeriod) {
  AccountToBill account = Home();
  account.services.clear();
  BillPlan plan = PlanBill(book_, settings_, account, October());
  EXPECT_FALSE(plan.billable);
  EXPECT_TRUE(plan.nothing_to_bill);
  EXPECT_TRUE(plan.exceptions.empty());
}

TEST_F(PlanBillTest, FlagsEstimatesCreditsAndBillsFarAboveHistory) {
  AccountToBill account = Home();
  account.meters = {Meter(1, 100000, 106000, ReadingKind::kEstimated)};
  account.balance_since = Money::FromCents(-50000);  // a large credit
  account.recent_bills = 6;
  account.recent_charges = Money::FromCents(6 * 2000);  // $20 a month before
  BillPlan plan = PlanBill(book_, settings_, account, October());
  ASSERT_TRUE(plan.billable);  // none of these holds the bill back
  EXPECT_TRUE(plan.bill.estimated);
  std::vector<RunExceptionKind> kinds;
  for (const RunException& exception : plan.exceptions) kinds.push_back(exception.kind);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), RunExceptionKind::kEstimated), kinds.end());
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), RunExceptionKind::kCreditBill), kinds.end());
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), RunExceptionKind::kFarAboveHistory), kinds.end());
}

TEST_F(PlanBillTest, AnOverEstimateTrueUpBillsNoUsage) {
  AccountToBill account = Home();
  account.meters[0].previous->kind = ReadingKind::kEstimated;
  account.meters[0].previous->value = 106500;  // the estimate ran ahead of the meter
  BillPlan plan = PlanBill(book_, settings_, account, October());
  ASSERT_TRUE(plan.billable);
  EXPECT_EQ(plan.bill.usage_gallons, Quantity());
}

TEST_F(PlanBillTest, ARateTheBookCannotPriceHoldsTheAccountBack) {
  AccountToBill account = Home();
  account.city_limits = CityLimits::kOutside;  // residential water is for inside the city
  BillPlan plan = PlanBill(book_, settings_, account, October());
  EXPECT_FALSE(plan.billable);
  ASSERT_FALSE(plan.exceptions.empty());
  EXPECT_EQ(plan.exceptions[0].kind, RunExceptionKind::kRateProblem);
}

TEST_F(PlanBillTest, APartialPeriodIsProrated) {
  AccountToBill whole = Home();
  AccountToBill half = Home();
  for (ServiceRecord& service : half.services) service.starts_on = D("2026-10-17");  // 15 days
  const Money whole_charges = PlanBill(book_, settings_, whole, October()).bill.current_charges;
  const Money half_charges = PlanBill(book_, settings_, half, October()).bill.current_charges;
  EXPECT_LT(half_charges, whole_charges);
  EXPECT_GT(half_charges, Money());
}

// ---- The winter average, recomputed in April (moore.toml: recompute_month = 4) ---------------

// April 2027, with the meter read at the end of March and of April: 8,000 gal, above every
// average below, so the sewer line shows which cap applied.
BillDates April() {
  return BillDates{*Period::Make(D("2027-04-01"), D("2027-04-30")), D("2027-05-01"),
                   D("2027-05-23"), BillingRunId(9)};
}

AccountToBill HomeBilledIn(AccountToBill account, const char* previous_read,
                           const char* current_read) {
  account.meters[0].previous->read_on = D(previous_read);
  account.meters[0].current->read_on = D(current_read);
  account.meters[0].previous->value = 100000;
  account.meters[0].current->value = 108000;
  return account;
}

// One posted bill per calendar month: `gallons[i]` for the month `first` + i.
std::vector<BillUsage> MonthlyBills(std::chrono::year_month first,
                                    const std::vector<std::int64_t>& gallons) {
  std::vector<BillUsage> bills;
  for (std::size_t index = 0; index < gallons.size(); ++index) {
    const std::chrono::year_month month = first + std::chrono::months(index);
    BillUsage bill;
    bill.period_first = month / 1;
    bill.period_last = month / std::chrono::last;
    bill.usage_gallons = Quantity::FromInteger(gallons[index]);
    bills.push_back(bill);
  }
  return bills;
}

// The thirteen posted bills the store loads for an April 2027 run (March 2026 to March 2027).
// The window is April 2026 to March 2027: March 2026 (200 gal) lies outside it and must not
// count.
std::vector<BillUsage> ThirteenMonths() {
  return MonthlyBills(std::chrono::year(2026) / 3,
                      {200,                                   // 2026-03, before the window
                       5200, 7000, 9000, 12000, 11000, 8000,  // 2026-04 to 2026-09
                       6000, 4800, 4600,                      // 2026-10 to 2026-12
                       1000, 4300, 4500});                    // 2027-01 to 2027-03
}

const BillLine* SewerBlock(const Bill& bill) {
  for (const BillLine& line : bill.lines) {
    if (line.step == "sewer.residential.block.1") return &line;
  }
  return nullptr;
}

// Moore's rule: of the twelve months April-March, the 4 lowest are 1,000 (Jan), 4,300 (Feb),
// 4,500 (Mar) and 4,600 (Dec); dropping the lowest (the vacation month) leaves
// (4,300 + 4,500 + 4,600) / 3 = 13,400/3 = 4,466 2/3 gal. The April bill's sewer is billed on
// it, not on the 5,000 stored last year nor on the 8,000 used: 13.4/3 kgal x $3.45 = $15.41.
TEST_F(PlanBillTest, RecomputesTheWinterAverageInAprilAndBillsSewerOnIt) {
  AccountToBill account = HomeBilledIn(Home(), "2027-03-31", "2027-04-30");
  account.usage_history = ThirteenMonths();
  BillPlan plan = PlanBill(book_, settings_, account, April());
  ASSERT_TRUE(plan.billable);
  ASSERT_TRUE(plan.new_winter_average.has_value());
  EXPECT_EQ(*plan.new_winter_average, Quantity::FromFraction(13'400, 3));
  EXPECT_EQ(plan.winter_average_months, 12);  // the window's months, March 2026 left out
  const BillLine* sewer = SewerBlock(plan.bill);
  ASSERT_NE(sewer, nullptr);
  EXPECT_EQ(sewer->quantity, Quantity::FromFraction(67, 15));  // 13,400/3 gal in kgal
  EXPECT_EQ(sewer->amount, Money::FromCents(1541));
}

// Any other month bills sewer on the stored average and computes nothing, even with the whole
// year of history at hand.
TEST_F(PlanBillTest, DoesNotRecomputeTheWinterAverageOutsideApril) {
  AccountToBill account = HomeBilledIn(Home(), "2027-04-30", "2027-05-31");
  account.usage_history =
      MonthlyBills(std::chrono::year(2026) / 5, {7000, 9000, 12000, 11000, 8000, 6000, 4800, 4600,
                                                 1000, 4300, 4500, 8000});  // May 2026 - April 2027
  const BillDates may{*Period::Make(D("2027-05-01"), D("2027-05-31")), D("2027-06-01"),
                      D("2027-06-23"), BillingRunId(10)};
  BillPlan plan = PlanBill(book_, settings_, account, may);
  ASSERT_TRUE(plan.billable);
  EXPECT_FALSE(plan.new_winter_average.has_value());
  EXPECT_EQ(plan.winter_average_months, 0);
  const BillLine* sewer = SewerBlock(plan.bill);
  ASSERT_NE(sewer, nullptr);
  EXPECT_EQ(sewer->quantity, Quantity::FromInteger(5));  // the stored 5,000 gal
  EXPECT_EQ(sewer->amount, Money::FromCents(1725));      // 5 x $3.45
}

// Fewer than the 4 months the rule keeps: no new average is stored
// (WINTER_AVERAGE_HISTORY_SHORT). A new account is capped at the default 6,000 gal; an account
// with an average from an earlier year keeps it.
TEST_F(PlanBillTest, TooLittleHistoryInAprilKeepsTheCapItHad) {
  AccountToBill account = HomeBilledIn(Home(), "2027-03-31", "2027-04-30");
  account.winter_average_gallons.reset();  // a new account: no average yet
  account.usage_history = MonthlyBills(std::chrono::year(2027) / 1, {1000, 4300, 4500});
  BillPlan plan = PlanBill(book_, settings_, account, April());
  ASSERT_TRUE(plan.billable);
  EXPECT_FALSE(plan.new_winter_average.has_value());
  EXPECT_EQ(plan.winter_average_months, 0);
  const BillLine* sewer = SewerBlock(plan.bill);
  ASSERT_NE(sewer, nullptr);
  EXPECT_EQ(sewer->quantity, Quantity::FromInteger(6));  // default_cap = "6000"
  EXPECT_EQ(sewer->amount, Money::FromCents(2070));      // 6 x $3.45

  account.winter_average_gallons = Quantity::FromInteger(5000);
  plan = PlanBill(book_, settings_, account, April());
  ASSERT_TRUE(plan.billable);
  EXPECT_FALSE(plan.new_winter_average.has_value());
  sewer = SewerBlock(plan.bill);
  ASSERT_NE(sewer, nullptr);
  EXPECT_EQ(sewer->amount, Money::FromCents(1725));  // the stored 5,000 gal
}

// A period between the last bill and this one that was never billed (its run held the account
// back and its reading can no longer be had) is billed with this one: the bill reaches back to
// the day after the last bill, prices both months and says so. A service that started since
// has no such gap.
TEST_F(PlanBillTest, ACatchUpBillCoversAPeriodLeftUnbilledSinceTheLastBill) {
  AccountToBill account = Home();
  account.previous_period_last = D("2026-09-30");  // billed through the day before
  const BillPlan october = PlanBill(book_, settings_, account, October());
  ASSERT_TRUE(october.billable);
  EXPECT_EQ(october.bill.period_first, D("2026-10-01"));

  account.previous_period_last = D("2026-08-31");  // September was never billed
  const BillPlan plan = PlanBill(book_, settings_, account, October());
  ASSERT_TRUE(plan.billable);
  EXPECT_EQ(plan.bill.period_first, D("2026-09-01"));
  EXPECT_EQ(plan.bill.period_last, D("2026-10-31"));
  ASSERT_EQ(plan.exceptions.size(), 1u);
  EXPECT_EQ(plan.exceptions[0].kind, RunExceptionKind::kMissedPeriod);
  EXPECT_FALSE(RunExceptionBlocks(RunExceptionKind::kMissedPeriod));
  EXPECT_NE(plan.exceptions[0].detail.find("2026-09-01 to 2026-09-30"), std::string::npos)
      << plan.exceptions[0].detail;
  // Two months of fixed charges: the base charge line is twice October's.
  const auto base_of = [](const BillPlan& planned) {
    for (const BillLine& line : planned.bill.lines) {
      if (line.step == "water.residential.base") return line.amount;
    }
    return Money();
  };
  EXPECT_GT(base_of(october), Money());
  EXPECT_EQ(base_of(plan), base_of(october) + base_of(october));
  EXPECT_GT(plan.bill.current_charges, october.bill.current_charges);

  // Nothing was on in September: no gap to bill.
  for (ServiceRecord& service : account.services) service.starts_on = D("2026-10-01");
  const BillPlan started = PlanBill(book_, settings_, account, October());
  EXPECT_TRUE(started.billable);
  EXPECT_EQ(started.bill.period_first, D("2026-10-01"));
  for (const RunException& exception : started.exceptions) {
    EXPECT_NE(exception.kind, RunExceptionKind::kMissedPeriod);
  }
}

}  // namespace
}  // namespace cistern
