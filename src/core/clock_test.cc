#include "core/clock.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

using namespace std::chrono_literals;

TEST(FixedClockTest, SaysWhatItIsTold) {
  const Instant start = std::chrono::sys_days(2026y / 11 / 27) + 14h;
  FixedClock clock(start);
  const Clock& as_clock = clock;
  EXPECT_EQ(as_clock.Now(), start);
  EXPECT_EQ(as_clock.Now(), start);  // time does not pass by itself
  clock.Advance(90s);
  EXPECT_EQ(as_clock.Now(), start + 90s);
  clock.Set(start - 24h);
  EXPECT_EQ(FormatInstant(as_clock.Now()), "2026-11-26T14:00:00Z");
}

TEST(SystemClockTest, IsInWholeSecondsAndPlausible) {
  // No wall-clock assertion beyond sanity: the build machine's clock is past 2020.
  const Instant now = SystemClock().Now();
  EXPECT_GT(now, std::chrono::sys_days(2020y / 1 / 1));
}

}  // namespace
}  // namespace cistern
