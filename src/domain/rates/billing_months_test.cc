#include "domain/rates/billing_months.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Period Days(int first_day_offset, int day_count) {
  const Date start = std::chrono::year(2025) / std::chrono::January / std::chrono::day(1);
  const Date first = AddDays(start, first_day_offset);
  return Period::Make(first, AddDays(first, day_count - 1)).value();
}

TEST(RateBillingMonths, EveryNormalMonthBillsExactlyOneMonth) {
  for (int days = 27; days <= 35; ++days) EXPECT_EQ(BillingMonths(Days(0, days)), 1) << days;
  EXPECT_EQ(BillingMonths(Period::ForMonth(std::chrono::year(2025) / std::chrono::February)), 1);
  EXPECT_EQ(BillingMonths(Period::ForMonth(std::chrono::year(2024) / std::chrono::February)), 1);
}

TEST(RateBillingMonths, QuartersBillThreeMonthsAndShortPeriodsAtLeastOne) {
  for (int days = 84; days <= 92; ++days) EXPECT_EQ(BillingMonths(Days(0, days)), 3) << days;
  EXPECT_EQ(BillingMonths(Days(0, 61)), 2);
  EXPECT_EQ(BillingMonths(Days(0, 1)), 1);
  EXPECT_EQ(BillingMonths(Days(0, 45)), 1);  // 1.478 months
  EXPECT_EQ(BillingMonths(Days(0, 46)), 2);  // 1.511 months
  EXPECT_EQ(BillingMonths(Days(0, 365)), 12);
}

}  // namespace
}  // namespace cistern
