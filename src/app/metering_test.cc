// AverageDailyGallons: the account's billed usage over the days it was read across.
#include "app/metering.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Date D(const char* text) { return *ParseDate(text, "date"); }

BillUsage Billed(const char* first, const char* last, std::int64_t gallons, int days_read) {
  BillUsage usage;
  usage.period_first = D(first);
  usage.period_last = D(last);
  usage.usage_gallons = Quantity::FromInteger(gallons);
  usage.days_read = days_read;
  return usage;
}

TEST(AverageDailyGallonsTest, NothingBilledHasNoAverage) {
  EXPECT_FALSE(AverageDailyGallons({}).has_value());
}

// A new account turned on October 29 is billed for October on 2 days of readings: its average is
// per day read, not per day of the 31-day period (which made the next month's ordinary reading
// look six times too high).
TEST(AverageDailyGallonsTest, DividesByTheDaysTheUsageWasReadOver) {
  const std::vector<BillUsage> history = {Billed("2026-10-01", "2026-10-31", 600, 2),
                                          Billed("2026-11-01", "2026-11-30", 9000, 30)};
  EXPECT_EQ(AverageDailyGallons(history), Quantity::FromInteger(9600) / Quantity::FromInteger(32));
}

// Without the readings' days (an unmetered bill), the bill's own period counts.
TEST(AverageDailyGallonsTest, FallsBackToThePeriodsDays) {
  const std::vector<BillUsage> history = {Billed("2026-10-01", "2026-10-31", 3100, 0)};
  EXPECT_EQ(AverageDailyGallons(history), Quantity::FromInteger(100));
}

}  // namespace
}  // namespace cistern
