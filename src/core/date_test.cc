#include "core/date.h"

#include <gtest/gtest.h>

#include "core/check.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using std::chrono::year_month_day;

Date D(std::string_view text) {
  const Result<Date> parsed = ParseDate(text, "date");
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Date{};
}

Period P(std::string_view first, std::string_view last) {
  const Result<Period> period = Period::Make(D(first), D(last));
  EXPECT_TRUE(period.ok()) << first << ".." << last;
  return *period;
}

Instant I(std::string_view text) {
  const Result<Instant> parsed = ParseInstant(text, "at");
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Instant{};
}

TEST(ParseDateTest, AcceptsStrictIsoDates) {
  EXPECT_EQ(D("2026-03-08"), 2026y / 3 / 8);
  EXPECT_EQ(D("2024-02-29"), 2024y / 2 / 29);  // leap year
  EXPECT_EQ(D("0001-01-01"), 1y / 1 / 1);
  EXPECT_EQ(D("9999-12-31"), 9999y / 12 / 31);
}

TEST(ParseDateTest, RefusesEverythingElse) {
  for (const char* text :
       {"2026-02-30", "2026-2-3", "", "2025-02-29", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-04-31", "0000-01-01", "2026/02/03", "20260203", " 2026-02-03", "2026-02-03 ",
        "2026-02-03T00:00", "+026-02-03", "2026-0a-03", "２０２６-02-03"}) {
    const Result<Date> parsed = ParseDate(text, "read_on");
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().reason, "DATE_INVALID") << text;
    EXPECT_EQ(parsed.error().field, "read_on");
  }
}

TEST(FormatDateTest, PadsAndRoundTrips) {
  EXPECT_EQ(FormatDate(2026y / 3 / 8), "2026-03-08");
  EXPECT_EQ(FormatDate(7y / 1 / 1), "0007-01-01");
  for (const char* text : {"2026-03-08", "2024-02-29", "1999-12-31"}) {
    EXPECT_EQ(FormatDate(D(text)), text);
  }
  EXPECT_THROW(FormatDate(2026y / 2 / 30), InvariantViolation);
}

TEST(DateArithmeticTest, AddDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(AddDays(D("2026-01-31"), 1), D("2026-02-01"));
  EXPECT_EQ(AddDays(D("2024-02-28"), 1), D("2024-02-29"));
  EXPECT_EQ(AddDays(D("2025-02-28"), 1), D("2025-03-01"));
  EXPECT_EQ(AddDays(D("2026-12-31"), 1), D("2027-01-01"));
  EXPECT_EQ(AddDays(D("2026-03-01"), -1), D("2026-02-28"));
  EXPECT_EQ(AddDays(D("2026-03-01"), 0), D("2026-03-01"));
  EXPECT_EQ(AddDays(D("2026-01-01"), 365), D("2027-01-01"));
}

TEST(DateArithmeticTest, AddMonthsClampsToTheMonthsLastDay) {
  EXPECT_EQ(AddMonths(D("2026-01-31"), 1), D("2026-02-28"));
  EXPECT_EQ(AddMonths(D("2024-01-31"), 1), D("2024-02-29"));
  EXPECT_EQ(AddMonths(D("2026-11-01"), 2), D("2027-01-01"));
  EXPECT_EQ(AddMonths(D("2026-03-31"), -1), D("2026-02-28"));
  EXPECT_EQ(AddMonths(D("2026-11-27"), -24), D("2024-11-27"));
}

TEST(DateArithmeticTest, DaysBetweenIsSignedAndExclusiveOfTheStart) {
  EXPECT_EQ(DaysBetween(D("2026-01-01"), D("2026-01-31")), 30);
  EXPECT_EQ(DaysBetween(D("2026-01-31"), D("2026-01-01")), -30);
  EXPECT_EQ(DaysBetween(D("2026-05-05"), D("2026-05-05")), 0);
  EXPECT_EQ(DaysBetween(D("2024-01-01"), D("2025-01-01")), 366);
  EXPECT_EQ(DaysBetween(D("2026-03-07"), D("2026-03-09")), 2);  // across a DST change: no effect
}

TEST(PeriodTest, IsInclusiveOfBothEnds) {
  EXPECT_EQ(P("2026-01-01", "2026-01-31").DayCount(), 31);
  EXPECT_EQ(P("2026-06-15", "2026-06-15").DayCount(), 1);
  EXPECT_EQ(P("2024-02-01", "2024-02-29").DayCount(), 29);
  EXPECT_EQ(P("2026-01-01", "2026-12-31").DayCount(), 365);
  const Period january = P("2026-01-01", "2026-01-31");
  EXPECT_TRUE(january.Contains(D("2026-01-01")));
  EXPECT_TRUE(january.Contains(D("2026-01-31")));
  EXPECT_FALSE(january.Contains(D("2025-12-31")));
  EXPECT_FALSE(january.Contains(D("2026-02-01")));
  EXPECT_EQ(january.ToString(), "2026-01-01..2026-01-31");
}

TEST(PeriodTest, MakeRefusesEndBeforeStartAndInvalidDates) {
  const Result<Period> backwards = Period::Make(D("2026-02-01"), D("2026-01-31"), "service_period");
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(backwards.error().reason, "PERIOD_ENDS_BEFORE_START");
  EXPECT_EQ(backwards.error().field, "service_period");
  EXPECT_NE(backwards.error().message.find("2026-01-31"), std::string::npos);

  const Result<Period> invalid = Period::Make(2026y / 2 / 30, D("2026-03-31"));
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().reason, "DATE_INVALID");
}

TEST(PeriodTest, ForMonthCoversTheWholeMonth) {
  EXPECT_EQ(Period::ForMonth(2026y / 2), P("2026-02-01", "2026-02-28"));
  EXPECT_EQ(Period::ForMonth(2024y / 2).DayCount(), 29);
  EXPECT_EQ(Period::ForMonth(2026y / 12), P("2026-12-01", "2026-12-31"));
}

TEST(PeriodTest, OverlapSharesOnlyCommonDays) {
  const Period january = P("2026-01-01", "2026-01-31");
  EXPECT_EQ(january.Overlap(P("2026-01-20", "2026-02-10")), P("2026-01-20", "2026-01-31"));
  EXPECT_EQ(january.Overlap(P("2025-12-01", "2026-01-01")), P("2026-01-01", "2026-01-01"));
  EXPECT_EQ(january.Overlap(P("2026-01-10", "2026-01-12")), P("2026-01-10", "2026-01-12"));
  EXPECT_EQ(january.Overlap(january), january);
  // Adjacent periods touch but share no day.
  EXPECT_EQ(january.Overlap(P("2026-02-01", "2026-02-28")), std::nullopt);
  EXPECT_EQ(P("2026-02-01", "2026-02-28").Overlap(january), std::nullopt);
  // Proration shape: day counts of the pieces add up to the whole.
  const Period billed = P("2026-01-15", "2026-02-14");
  EXPECT_EQ(
      billed.Overlap(january)->DayCount() + billed.Overlap(Period::ForMonth(2026y / 2))->DayCount(),
      billed.DayCount());
}

TEST(InstantTest, FormatsAsRfc3339Utc) {
  EXPECT_EQ(FormatInstant(std::chrono::sys_days(2026y / 11 / 27) + 14h + 3min),
            "2026-11-27T14:03:00Z");
  EXPECT_EQ(FormatInstant(Instant{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatInstant(Instant{} - 1s), "1969-12-31T23:59:59Z");
}

TEST(InstantTest, ParsesRfc3339) {
  const Instant expected = std::chrono::sys_days(2026y / 11 / 27) + 14h + 3min;
  EXPECT_EQ(I("2026-11-27T14:03:00Z"), expected);
  EXPECT_EQ(I("2026-11-27t14:03:00z"), expected);
  EXPECT_EQ(I("2026-11-27T14:03:00.000Z"), expected);
  EXPECT_EQ(I("2026-11-27T14:03:00.999999Z"), expected);  // fractions are dropped
  EXPECT_EQ(I("2026-11-27T08:03:00-06:00"), expected);
  EXPECT_EQ(I("2026-11-28T00:03:00+10:00"), expected);
  EXPECT_EQ(I("2026-11-27T14:03:00+00:00"), expected);
  EXPECT_EQ(I(FormatInstant(expected)), expected);
}

TEST(InstantTest, RefusesMalformedText) {
  for (const char* text :
       {"", "2026-11-27", "2026-11-27T14:03:00", "2026-11-27 14:03:00Z", "2026-11-27T24:00:00Z",
        "2026-11-27T14:60:00Z", "2026-12-31T23:59:60Z", "2026-02-30T00:00:00Z",
        "2026-11-27T14:03:00.Z", "2026-11-27T14:03Z", "2026-11-27T14:03:00+0600",
        "2026-11-27T14:03:00+24:00", "2026-11-27T14:03:00ZZ", "2026-11-27T14:03:00 Z"}) {
    const Result<Instant> parsed = ParseInstant(text, "posted_at");
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().reason, "INSTANT_INVALID") << text;
    EXPECT_EQ(parsed.error().field, "posted_at");
  }
}

}  // namespace
}  // namespace cistern
