#include "domain/rates/winter_average.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

using std::chrono::month;
using std::chrono::year;

WinterAverageRule MooreRule() {
  WinterAverageRule rule;
  rule.months = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  rule.lowest = 4;
  rule.drop_lowest = 1;
  rule.recompute_month = 4;
  rule.default_cap_gallons = Quantity::FromInteger(6000);
  return rule;
}

// Twelve months from April 2024, with the given usage in gallons.
std::vector<MonthUsage> Year(std::initializer_list<std::int64_t> gallons) {
  std::vector<MonthUsage> usages;
  std::chrono::year_month month = year(2024) / std::chrono::April;
  for (std::int64_t amount : gallons) {
    usages.push_back({month, Quantity::FromInteger(amount)});
    month += std::chrono::months(1);
  }
  return usages;
}

TEST(WinterAverage, MooreMeanOfThreeOfTheFourLowestMonths) {
  // Apr..Mar: the 4 lowest are 0 (a vacation month), 4,000, 5,000 and 6,000; the lowest is
  // dropped and the other three averaged: 5,000.
  const auto usages =
      Year({9000, 12000, 15000, 20000, 18000, 11000, 7000, 4000, 0, 5000, 6000, 8000});
  const Result<Quantity> average = ComputeWinterAverage(MooreRule(), usages);
  ASSERT_TRUE(average.ok()) << average.error().message;
  EXPECT_EQ(*average, Quantity::FromInteger(5000));
}

TEST(WinterAverage, TheAverageIsExactNotRounded) {
  const auto usages =
      Year({9000, 9000, 9000, 9000, 9000, 9000, 9000, 4000, 1000, 5000, 5001, 9000});
  // Lowest four: 1,000 (dropped), 4,000, 5,000, 5,001 -> 14,001 / 3.
  EXPECT_EQ(ComputeWinterAverage(MooreRule(), usages).value(), Quantity::FromFraction(14001, 3));
}

TEST(WinterAverage, AverageOfNamedMonthsIgnoresTheOthers) {
  WinterAverageRule rule;
  rule.months = {12, 1, 2};
  rule.recompute_month = 3;
  const auto usages = Year({1, 1, 1, 1, 1, 1, 1, 1, 3000, 4000, 5000, 1});
  // December 3,000, January 4,000, February 5,000.
  EXPECT_EQ(ComputeWinterAverage(rule, usages).value(), Quantity::FromInteger(4000));
}

TEST(WinterAverage, LowestNOfMMonths) {
  WinterAverageRule rule;
  rule.months = {11, 12, 1, 2, 3};
  rule.lowest = 3;
  rule.recompute_month = 4;
  const auto usages = Year({0, 0, 0, 0, 0, 0, 0, 6000, 3000, 4000, 5000, 9000});
  // Nov 6,000, Dec 3,000, Jan 4,000, Feb 5,000, Mar 9,000: the 3 lowest average 4,000.
  EXPECT_EQ(ComputeWinterAverage(rule, usages).value(), Quantity::FromInteger(4000));
}

TEST(WinterAverage, RefusesShortHistoryRepeatedMonthsAndNegativeUsage) {
  const Result<Quantity> short_history =
      ComputeWinterAverage(MooreRule(), Year({1000, 2000, 3000}));
  ASSERT_FALSE(short_history.ok());
  EXPECT_EQ(short_history.error().reason, "WINTER_AVERAGE_HISTORY_SHORT");
  EXPECT_EQ(short_history.error().field, "usages");

  auto thirteen = Year({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
  EXPECT_EQ(ComputeWinterAverage(MooreRule(), thirteen).error().reason,
            "WINTER_AVERAGE_MONTH_REPEATED");

  auto negative = Year({1, 2, 3, 4, 5, -6, 7, 8, 9, 10, 11, 12});
  EXPECT_EQ(ComputeWinterAverage(MooreRule(), negative).error().reason, "USAGE_NEGATIVE");
}

TEST(WinterAverage, RecomputeMonthAndWindow) {
  const WinterAverageRule rule = MooreRule();
  EXPECT_TRUE(IsWinterAverageRecomputeMonth(rule, std::chrono::April));
  EXPECT_FALSE(IsWinterAverageRecomputeMonth(rule, std::chrono::May));
  const MonthWindow window = WinterAverageWindow(rule, year(2025));
  EXPECT_EQ(window.first, year(2024) / std::chrono::April);
  EXPECT_EQ(window.last, year(2025) / std::chrono::March);
}

TEST(WinterAverage, ValidationRefusesBadRules) {
  EXPECT_TRUE(ValidateWinterAverageRule(MooreRule(), "w").ok());
  WinterAverageRule rule = MooreRule();
  rule.months = {1, 1};
  EXPECT_EQ(ValidateWinterAverageRule(rule, "w").error().field, "w.months");
  rule = MooreRule();
  rule.months = {13};
  EXPECT_EQ(ValidateWinterAverageRule(rule, "w").error().field, "w.months");
  rule = MooreRule();
  rule.lowest = 13;
  EXPECT_EQ(ValidateWinterAverageRule(rule, "w").error().field, "w.lowest");
  rule = MooreRule();
  rule.drop_lowest = 4;
  EXPECT_EQ(ValidateWinterAverageRule(rule, "w").error().field, "w.drop_lowest");
  rule = MooreRule();
  rule.recompute_month = 0;
  EXPECT_EQ(ValidateWinterAverageRule(rule, "w").error().field, "w.recompute_month");
  rule = MooreRule();
  rule.default_cap_gallons = Quantity::FromInteger(-1);
  EXPECT_EQ(ValidateWinterAverageRule(rule, "w").error().field, "w.default_cap");
}

}  // namespace
}  // namespace cistern
