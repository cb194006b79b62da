#include "domain/metering/reading_check.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Date D(const char* text) { return *ParseDate(text, "date"); }

Meter GallonMeter() {
  Meter meter;
  meter.serial = "M1";
  meter.size = "5/8";
  meter.dials = 6;  // 0..999,999 gallons
  meter.multiplier = 1;
  meter.unit = UsageUnit::kGallon;
  return meter;
}

ReadingCheckInput Input(std::int64_t previous, std::int64_t value) {
  ReadingCheckInput input;
  input.meter = GallonMeter();
  input.previous_value = previous;
  input.previous_read_on = D("2026-09-30");
  input.value = value;
  input.read_on = D("2026-10-31");                           // 31 days
  input.average_daily_gallons = Quantity::FromInteger(150);  // about 4,650 for 31 days
  return input;
}

TEST(CheckReadingTest, ANormalReadingPassesWithItsUsage) {
  auto check = CheckReading(Input(100000, 104500), {});
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->exception);
  EXPECT_EQ(check->register_steps, 4500);
  EXPECT_EQ(check->usage_gallons, Quantity::FromInteger(4500));
  EXPECT_FALSE(check->rolled_over);
}

TEST(CheckReadingTest, AcceptsARolloverNearTheTopOfTheRegister) {
  auto check = CheckReading(Input(998000, 2500), {});
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->exception);
  EXPECT_TRUE(check->rolled_over);
  EXPECT_EQ(check->register_steps, 4500);  // 2,000 to the top, 2,500 after zero
}

TEST(CheckReadingTest, HoldsALowerReadingThatIsNotARollover) {
  auto check = CheckReading(Input(500000, 499000), {});
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->exception, ReadingExceptionKind::kLowerThanPrevious);
  EXPECT_NE(check->detail.find("499,000"), std::string::npos);
}

TEST(CheckReadingTest, AnEstimateOvershotIsHeldNotTakenForARollover) {
  ReadingCheckInput input = Input(999500, 1000);
  input.previous_estimated = true;
  auto check = CheckReading(input, {});
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->exception, ReadingExceptionKind::kLowerThanPrevious);
  EXPECT_NE(check->detail.find("estimate"), std::string::npos);
}

TEST(CheckReadingTest, HoldsZeroUsageOnlyOnAnActiveAccount) {
  auto occupied = CheckReading(Input(100000, 100000), {});
  ASSERT_TRUE(occupied.ok());
  EXPECT_EQ(occupied->exception, ReadingExceptionKind::kZeroUsage);
  ReadingCheckInput vacant = Input(100000, 100000);
  vacant.account_active_and_occupied = false;
  auto check = CheckReading(vacant, {});
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->exception);
}

TEST(CheckReadingTest, HoldsUsageFarAboveOrBelowTheAverage) {
  ReadingLimits limits;  // 300% and 25% of 4,650
  auto high = CheckReading(Input(100000, 100000 + 14000), limits);
  EXPECT_EQ(high->exception, ReadingExceptionKind::kHighUsage);
  auto just_under = CheckReading(Input(100000, 100000 + 13950), limits);  // exactly 300%
  EXPECT_FALSE(just_under->exception);
  auto low = CheckReading(Input(100000, 100000 + 1100), limits);
  EXPECT_EQ(low->exception, ReadingExceptionKind::kLowUsage);
  ReadingCheckInput no_history = Input(100000, 100000 + 50000);
  no_history.average_daily_gallons.reset();
  EXPECT_FALSE(CheckReading(no_history, limits)->exception);
}

TEST(CheckReadingTest, ConvertsRegisterStepsExactly) {
  ReadingCheckInput input = Input(1000, 1010);
  input.meter.unit = UsageUnit::kHundredCubicFeet;  // 10 ccf = 1,000 cf = 7,480.5... gal
  input.average_daily_gallons.reset();
  auto check = CheckReading(input, {});
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->usage_gallons, Quantity::FromFraction(1728000, 231));
}

TEST(CheckReadingTest, RefusesAValueOutsideTheRegisterOrADateNotAfterThePrevious) {
  auto beyond = CheckReading(Input(100, 1000000), {});
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().field, "value");
  auto negative = CheckReading(Input(100, -1), {});
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().field, "value");
  ReadingCheckInput same_day = Input(100, 200);
  same_day.read_on = same_day.previous_read_on;
  auto dated = CheckReading(same_day, {});
  ASSERT_FALSE(dated.ok());
  EXPECT_EQ(dated.error().field, "read_on");
}

TEST(EstimateRegisterStepsTest, RoundsTheAverageForTheDaysToWholeSteps) {
  Meter meter = GallonMeter();
  meter.multiplier = 10;  // a step is 10 gallons
  EXPECT_EQ(EstimateRegisterSteps(meter, Quantity::FromInteger(151), 30), 453);  // 4,530 gal
  EXPECT_EQ(EstimateRegisterSteps(meter, Quantity::FromFraction(1, 3), 15), 1);  // 5 gal: half up
  EXPECT_EQ(EstimateRegisterSteps(meter, Quantity::FromInteger(0), 30), 0);
}

TEST(ReadingExceptionKindTest, CodesRoundTrip) {
  for (ReadingExceptionKind kind :
       {ReadingExceptionKind::kLowerThanPrevious, ReadingExceptionKind::kZeroUsage,
        ReadingExceptionKind::kHighUsage, ReadingExceptionKind::kLowUsage,
        ReadingExceptionKind::kMissing, ReadingExceptionKind::kUnknownMeter,
        ReadingExceptionKind::kDuplicate}) {
    EXPECT_EQ(ParseReadingExceptionKind(ReadingExceptionKindCode(kind)), kind);
    EXPECT_STRNE(ReadingExceptionKindName(kind), "");
  }
  EXPECT_FALSE(ParseReadingExceptionKind("leak"));
}

}  // namespace
}  // namespace cistern
