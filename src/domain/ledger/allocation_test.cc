#include "domain/ledger/allocation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/check.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

// Results as text, so EXPECT_EQ compares whole lists and prints them readably when they differ.
std::vector<std::string> Texts(const std::vector<OpenItem>& items) {
  std::vector<std::string> texts;
  for (const OpenItem& item : items) {
    texts.push_back(item.fund + " " + FormatDate(item.charged_on) + " " + item.amount.Format());
  }
  return texts;
}
std::vector<std::string> Texts(const std::vector<FundAmount>& parts) {
  std::vector<std::string> texts;
  for (const FundAmount& part : parts) texts.push_back(part.fund + " " + part.amount.Format());
  return texts;
}

const std::vector<std::string> kNoPriority;

// ---- OpenItems ----

TEST(OpenItemsTest, NoLinesHaveNoOpenItems) { EXPECT_TRUE(OpenItems({}).empty()); }

TEST(OpenItemsTest, ChargesWithoutCreditsStayOpenOldestFirst) {
  const std::vector<DatedLine> lines = {{2026y / 3 / 1, "water", Cents(300)},
                                        {2026y / 1 / 1, "water", Cents(100)},
                                        {2026y / 2 / 1, "sewer", Cents(200)}};
  const std::vector<OpenItem> expected = {{"water", 2026y / 1 / 1, Cents(100)},
                                          {"sewer", 2026y / 2 / 1, Cents(200)},
                                          {"water", 2026y / 3 / 1, Cents(300)}};
  EXPECT_EQ(Texts(OpenItems(lines)), Texts(expected));
}

TEST(OpenItemsTest, CreditsPayTheOldestDebitsOfTheirFundFirst) {
  // Jan is paid off by the first credit, which then pays half of Feb; the second credit takes
  // another 30 from Feb. Mar is untouched.
  const std::vector<DatedLine> lines = {{2026y / 1 / 1, "water", Cents(100)},
                                        {2026y / 2 / 1, "water", Cents(100)},
                                        {2026y / 3 / 1, "water", Cents(100)},
                                        {2026y / 2 / 15, "water", Cents(-150)},
                                        {2026y / 3 / 15, "water", Cents(-30)}};
  const std::vector<OpenItem> expected = {{"water", 2026y / 2 / 1, Cents(20)},
                                          {"water", 2026y / 3 / 1, Cents(100)}};
  EXPECT_EQ(Texts(OpenItems(lines)), Texts(expected));
}

TEST(OpenItemsTest, ACreditPaysOnlyItsOwnFund) {
  const std::vector<DatedLine> lines = {{2026y / 1 / 1, "water", Cents(100)},
                                        {2026y / 1 / 1, "sewer", Cents(80)},
                                        {2026y / 2 / 1, "sewer", Cents(-50)}};
  const std::vector<OpenItem> expected = {{"water", 2026y / 1 / 1, Cents(100)},
                                          {"sewer", 2026y / 1 / 1, Cents(30)}};
  EXPECT_EQ(Texts(OpenItems(lines)), Texts(expected));
}

TEST(OpenItemsTest, CreditsBeyondAllDebitsLeaveOneNegativeItemAtTheLastCredit) {
  const std::vector<DatedLine> lines = {{2026y / 1 / 1, "water", Cents(100)},
                                        {2026y / 2 / 1, "water", Cents(-80)},
                                        {2026y / 3 / 1, "water", Cents(-50)},
                                        {2026y / 1 / 5, "sewer", Cents(40)}};
  const std::vector<OpenItem> expected = {{"sewer", 2026y / 1 / 5, Cents(40)},
                                          {"water", 2026y / 3 / 1, Cents(-30)}};
  EXPECT_EQ(Texts(OpenItems(lines)), Texts(expected));
}

TEST(OpenItemsTest, AnEarlierCreditPaysALaterDebit) {
  const std::vector<DatedLine> partly = {{2026y / 1 / 1, "water", Cents(-100)},
                                         {2026y / 2 / 1, "water", Cents(30)}};
  EXPECT_EQ(Texts(OpenItems(partly)),
            Texts(std::vector<OpenItem>{{"water", 2026y / 1 / 1, Cents(-70)}}));

  const std::vector<DatedLine> exceeded = {{2026y / 1 / 1, "water", Cents(-100)},
                                           {2026y / 2 / 1, "water", Cents(130)}};
  EXPECT_EQ(Texts(OpenItems(exceeded)),
            Texts(std::vector<OpenItem>{{"water", 2026y / 2 / 1, Cents(30)}}));
}

TEST(OpenItemsTest, APaidOffFundAndZeroLinesLeaveNothing) {
  const std::vector<DatedLine> lines = {{2026y / 1 / 1, "water", Cents(100)},
                                        {2026y / 1 / 9, "water", Cents(0)},
                                        {2026y / 2 / 1, "water", Cents(-100)},
                                        {2026y / 2 / 1, "sewer", Cents(0)}};
  EXPECT_TRUE(OpenItems(lines).empty());
}

TEST(OpenItemsTest, SameDateDebitsOfAFundArePaidInInputOrder) {
  const std::vector<DatedLine> lines = {{2026y / 1 / 1, "water", Cents(50)},
                                        {2026y / 1 / 1, "water", Cents(70)},
                                        {2026y / 2 / 1, "water", Cents(-50)}};
  EXPECT_EQ(Texts(OpenItems(lines)),
            Texts(std::vector<OpenItem>{{"water", 2026y / 1 / 1, Cents(70)}}));
}

TEST(OpenItemsTest, SameDateItemsFollowTheFundsFirstAppearance) {
  // Water appears first in the input, so it leads on Feb 1 although "sewer" sorts before it.
  const std::vector<DatedLine> lines = {{2026y / 2 / 1, "water", Cents(10)},
                                        {2026y / 2 / 1, "sewer", Cents(20)},
                                        {2026y / 1 / 1, "sewer", Cents(30)},
                                        {2026y / 2 / 1, "water", Cents(40)}};
  const std::vector<OpenItem> expected = {{"sewer", 2026y / 1 / 1, Cents(30)},
                                          {"water", 2026y / 2 / 1, Cents(10)},
                                          {"water", 2026y / 2 / 1, Cents(40)},
                                          {"sewer", 2026y / 2 / 1, Cents(20)}};
  EXPECT_EQ(Texts(OpenItems(lines)), Texts(expected));
}

// ---- AllocatePayment ----

// Jan: water 100, sewer 50. Feb: water 100.
std::vector<OpenItem> ThreeItems() {
  return {{"water", 2026y / 1 / 1, Cents(100)},
          {"sewer", 2026y / 1 / 1, Cents(50)},
          {"water", 2026y / 2 / 1, Cents(100)}};
}
const std::vector<std::string> kWaterFirst = {"water", "sewer"};

TEST(AllocatePaymentTest, PaymentEqualToTheBalanceLeavesNothingUnapplied) {
  const Allocation allocation = AllocatePayment(Cents(250), ThreeItems(), kWaterFirst);
  EXPECT_EQ(Texts(allocation.to_funds),
            Texts(std::vector<FundAmount>{{"water", Cents(200)}, {"sewer", Cents(50)}}));
  EXPECT_EQ(allocation.unapplied, Cents(0));
}

TEST(AllocatePaymentTest, PaymentBelowTheBalancePaysOldestFirstAndPartOfTheNext) {
  // Jan water and Jan sewer in full, then 20 of Feb water.
  const Allocation allocation = AllocatePayment(Cents(170), ThreeItems(), kWaterFirst);
  EXPECT_EQ(Texts(allocation.to_funds),
            Texts(std::vector<FundAmount>{{"water", Cents(120)}, {"sewer", Cents(50)}}));
  EXPECT_EQ(allocation.unapplied, Cents(0));

  // Only part of the oldest item: the newer ones get nothing.
  const Allocation small = AllocatePayment(Cents(30), ThreeItems(), kWaterFirst);
  EXPECT_EQ(Texts(small.to_funds), Texts(std::vector<FundAmount>{{"water", Cents(30)}}));
}

TEST(AllocatePaymentTest, PaymentAboveTheBalanceLeavesTheRestUnapplied) {
  const Allocation allocation = AllocatePayment(Cents(1000), ThreeItems(), kWaterFirst);
  EXPECT_EQ(Texts(allocation.to_funds),
            Texts(std::vector<FundAmount>{{"water", Cents(200)}, {"sewer", Cents(50)}}));
  EXPECT_EQ(allocation.unapplied, Cents(750));
}

TEST(AllocatePaymentTest, SameDateItemsFollowFundPriority) {
  const Allocation sewer_first = AllocatePayment(Cents(60), ThreeItems(), {"sewer", "water"});
  EXPECT_EQ(Texts(sewer_first.to_funds),
            Texts(std::vector<FundAmount>{{"sewer", Cents(50)}, {"water", Cents(10)}}));
  const Allocation water_first = AllocatePayment(Cents(60), ThreeItems(), kWaterFirst);
  EXPECT_EQ(Texts(water_first.to_funds), Texts(std::vector<FundAmount>{{"water", Cents(60)}}));
}

TEST(AllocatePaymentTest, AnOlderItemComesBeforeAHigherPriorityFund) {
  const std::vector<OpenItem> open = {{"sewer", 2026y / 2 / 1, Cents(100)},
                                      {"water", 2026y / 1 / 1, Cents(100)}};
  const Allocation allocation = AllocatePayment(Cents(100), open, {"sewer", "water"});
  EXPECT_EQ(Texts(allocation.to_funds), Texts(std::vector<FundAmount>{{"water", Cents(100)}}));
}

TEST(AllocatePaymentTest, UnlistedFundsComeAfterListedOnesAlphabetically) {
  const std::vector<OpenItem> open = {{"trash", 2026y / 1 / 1, Cents(10)},
                                      {"fire", 2026y / 1 / 1, Cents(10)},
                                      {"water", 2026y / 1 / 1, Cents(10)},
                                      {"storm", 2026y / 1 / 1, Cents(10)}};
  const Allocation allocation = AllocatePayment(Cents(35), open, {"water"});
  EXPECT_EQ(
      Texts(allocation.to_funds),
      Texts(std::vector<FundAmount>{
          {"water", Cents(10)}, {"fire", Cents(10)}, {"storm", Cents(10)}, {"trash", Cents(5)}}));

  const Allocation no_priority = AllocatePayment(Cents(10), open, kNoPriority);
  EXPECT_EQ(Texts(no_priority.to_funds), Texts(std::vector<FundAmount>{{"fire", Cents(10)}}));
}

TEST(AllocatePaymentTest, NegativeItemsAreIgnored) {
  const std::vector<OpenItem> open = {{"sewer", 2025y / 12 / 1, Cents(-500)},
                                      {"water", 2026y / 1 / 1, Cents(100)},
                                      {"sewer", 2026y / 2 / 1, Cents(-20)}};
  const Allocation allocation = AllocatePayment(Cents(150), open, kWaterFirst);
  EXPECT_EQ(Texts(allocation.to_funds), Texts(std::vector<FundAmount>{{"water", Cents(100)}}));
  EXPECT_EQ(allocation.unapplied, Cents(50));
}

TEST(AllocatePaymentTest, NothingOpenLeavesItAllUnapplied) {
  const Allocation allocation = AllocatePayment(Cents(4200), {}, kNoPriority);
  EXPECT_TRUE(allocation.to_funds.empty());
  EXPECT_EQ(allocation.unapplied, Cents(4200));
}

TEST(AllocatePaymentTest, AZeroOrNegativeAmountIsABug) {
  EXPECT_THROW(AllocatePayment(Cents(0), ThreeItems(), kWaterFirst), InvariantViolation);
  EXPECT_THROW(AllocatePayment(Cents(-1), ThreeItems(), kWaterFirst), InvariantViolation);
  EXPECT_THROW(AllocatePayment(Cents(-5000), {}, kNoPriority), InvariantViolation);
}

// A small deterministic generator: std::mt19937 output is fixed by the standard for a given seed,
// unlike the std distributions, so every platform replays the same cases.
class Cases {
 public:
  explicit Cases(std::uint32_t seed) : engine_(seed) {}
  // A value in [low, high].
  std::int64_t Between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(high - low + 1));
  }

 private:
  std::mt19937 engine_;
};

const std::vector<std::string> kFunds = {"fire", "sewer", "storm", "trash", "water"};

std::vector<OpenItem> RandomOpenItems(Cases& cases) {
  std::vector<OpenItem> open;
  const std::int64_t count = cases.Between(0, 10);
  for (std::int64_t item_idx = 0; item_idx < count; ++item_idx) {
    const std::string& fund = kFunds[cases.Between(0, kFunds.size() - 1)];
    const Date charged_on = AddDays(2026y / 1 / 1, static_cast<int>(cases.Between(0, 90)));
    open.push_back({fund, charged_on, Cents(cases.Between(-3000, 20000))});
  }
  return open;
}

std::vector<std::string> RandomPriority(Cases& cases) {
  std::vector<std::string> priority;
  for (const std::string& fund : kFunds) {
    if (cases.Between(0, 2) == 0) continue;  // leave some funds unlisted
    priority.insert(priority.begin() + cases.Between(0, priority.size()), fund);
  }
  return priority;
}

// What each item must have received if the fund totals were paid oldest first within each fund.
// Items of one fund and date may be filled in any order: the oldest-first rule does not rank them.
std::vector<Money> PaidPerItem(const std::vector<OpenItem>& open, const Allocation& allocation) {
  std::map<std::string, Money> left;
  for (const FundAmount& part : allocation.to_funds) left[part.fund] = part.amount;
  std::vector<std::size_t> by_date;
  for (std::size_t item_idx = 0; item_idx < open.size(); ++item_idx) by_date.push_back(item_idx);
  std::stable_sort(by_date.begin(), by_date.end(), [&open](std::size_t a, std::size_t b) {
    return open[a].charged_on < open[b].charged_on;
  });
  std::vector<Money> paid(open.size());
  for (std::size_t item_idx : by_date) {
    if (open[item_idx].amount <= Money()) continue;
    paid[item_idx] = std::min(left[open[item_idx].fund], open[item_idx].amount);
    left[open[item_idx].fund] -= paid[item_idx];
  }
  return paid;
}

void ExpectAllocationHolds(Money amount, const std::vector<OpenItem>& open,
                           const Allocation& allocation) {
  std::map<std::string, Money> owed;
  Money owed_total;
  for (const OpenItem& item : open) {
    if (item.amount <= Money()) continue;
    owed[item.fund] += item.amount;
    owed_total += item.amount;
  }
  Money allocated;
  std::map<std::string, int> times_listed;
  for (const FundAmount& part : allocation.to_funds) {
    EXPECT_GT(part.amount, Money()) << part.fund;
    EXPECT_LE(part.amount, owed[part.fund]) << part.fund;
    EXPECT_EQ(++times_listed[part.fund], 1) << part.fund;
    allocated += part.amount;
  }
  EXPECT_EQ(allocated + allocation.unapplied, amount);
  EXPECT_GE(allocation.unapplied, Money());
  EXPECT_EQ(allocated, std::min(amount, owed_total));

  const std::vector<Money> paid = PaidPerItem(open, allocation);
  for (std::size_t newer = 0; newer < open.size(); ++newer) {
    if (paid[newer].is_zero()) continue;
    for (std::size_t older = 0; older < open.size(); ++older) {
      if (open[older].amount <= Money() || !(open[older].charged_on < open[newer].charged_on)) {
        continue;
      }
      EXPECT_EQ(paid[older], open[older].amount)
          << "paid " << FormatDate(open[newer].charged_on) << " before "
          << FormatDate(open[older].charged_on) << " was paid off";
    }
  }
}

TEST(AllocatePaymentTest, PartsAlwaysSumToTheAmountOldestFirst) {
  Cases cases(20260308);
  for (int case_idx = 0; case_idx < 2000; ++case_idx) {
    SCOPED_TRACE("case " + std::to_string(case_idx));
    const std::vector<OpenItem> open = RandomOpenItems(cases);
    const std::vector<std::string> priority = RandomPriority(cases);
    const Money amount = Cents(cases.Between(1, 60000));
    ExpectAllocationHolds(amount, open, AllocatePayment(amount, open, priority));
    if (HasFailure()) return;  // one failing case says enough
  }
}

TEST(OpenItemsTest, EachFundKeepsItsBalanceAsEitherDebitsOrOneCredit) {
  Cases cases(7);
  for (int case_idx = 0; case_idx < 2000; ++case_idx) {
    SCOPED_TRACE("case " + std::to_string(case_idx));
    std::vector<DatedLine> lines;
    std::map<std::string, Money> balance;
    const std::int64_t count = cases.Between(0, 12);
    for (std::int64_t line_idx = 0; line_idx < count; ++line_idx) {
      const std::string& fund = kFunds[cases.Between(0, kFunds.size() - 1)];
      const Date effective_on = AddDays(2026y / 1 / 1, static_cast<int>(cases.Between(0, 60)));
      lines.push_back({effective_on, fund, Cents(cases.Between(-15000, 15000))});
      balance[fund] += lines.back().amount;
    }
    std::map<std::string, Money> open_balance;
    std::map<std::string, int> credit_items;
    const std::vector<OpenItem> open = OpenItems(lines);
    for (std::size_t item_idx = 0; item_idx < open.size(); ++item_idx) {
      const OpenItem& item = open[item_idx];
      EXPECT_FALSE(item.amount.is_zero());
      if (item.amount.is_negative()) ++credit_items[item.fund];
      open_balance[item.fund] += item.amount;
      if (item_idx > 0) {
        EXPECT_FALSE(item.charged_on < open[item_idx - 1].charged_on);
      }
    }
    for (const auto& [fund, items] : credit_items) EXPECT_EQ(items, 1) << fund;
    for (const auto& [fund, money] : balance) EXPECT_EQ(open_balance[fund], money) << fund;
    for (const auto& [fund, money] : open_balance) EXPECT_EQ(balance[fund], money) << fund;
    if (HasFailure()) return;
  }
}

// ---- Age ----

TEST(AgeTest, NothingOpenIsAllZero) {
  const AgingBuckets buckets = Age({}, 2026y / 6 / 30);
  EXPECT_EQ(buckets.current, Money());
  EXPECT_EQ(buckets.days_31_60, Money());
  EXPECT_EQ(buckets.days_61_90, Money());
  EXPECT_EQ(buckets.over_90, Money());
  EXPECT_EQ(buckets.total(), Money());
}

TEST(AgeTest, BucketBoundariesFallAt30And60And90Days) {
  // Each age gets its own power of two, so every bucket's sum names exactly which items it holds.
  const Date as_of = 2026y / 6 / 30;
  std::vector<OpenItem> open;
  std::int64_t cents = 1;
  for (int days : {0, 30, 31, 60, 61, 90, 91}) {
    open.push_back({"water", AddDays(as_of, -days), Cents(cents)});
    cents *= 2;
  }
  const AgingBuckets buckets = Age(open, as_of);
  EXPECT_EQ(buckets.current, Cents(1 + 2));       // 0 and 30 days
  EXPECT_EQ(buckets.days_31_60, Cents(4 + 8));    // 31 and 60 days
  EXPECT_EQ(buckets.days_61_90, Cents(16 + 32));  // 61 and 90 days
  EXPECT_EQ(buckets.over_90, Cents(64));          // 91 days
  EXPECT_EQ(buckets.total(), Cents(127));
}

TEST(AgeTest, CreditsCountAsCurrentWhateverTheirAge) {
  const Date as_of = 2026y / 6 / 30;
  const std::vector<OpenItem> open = {{"sewer", AddDays(as_of, -200), Cents(-500)},
                                      {"water", AddDays(as_of, -45), Cents(900)}};
  const AgingBuckets buckets = Age(open, as_of);
  EXPECT_EQ(buckets.current, Cents(-500));
  EXPECT_EQ(buckets.days_31_60, Cents(900));
  EXPECT_EQ(buckets.over_90, Money());
  EXPECT_EQ(buckets.total(), Cents(400));
}

TEST(AgeTest, AnItemChargedAfterTheDateCountsAsCurrent) {
  // The total must still equal the sum of the items, so a future-dated charge cannot be dropped.
  const AgingBuckets buckets = Age({{"water", 2026y / 7 / 15, Cents(300)}}, 2026y / 6 / 30);
  EXPECT_EQ(buckets.current, Cents(300));
  EXPECT_EQ(buckets.total(), Cents(300));
}

TEST(AgeTest, TotalEqualsTheSumOfTheItems) {
  Cases cases(42);
  for (int case_idx = 0; case_idx < 500; ++case_idx) {
    const std::vector<OpenItem> open = RandomOpenItems(cases);
    Money sum;
    for (const OpenItem& item : open) sum += item.amount;
    EXPECT_EQ(Age(open, 2026y / 6 / 1).total(), sum) << "case " << case_idx;
  }
}

}  // namespace
}  // namespace cistern
