#include "core/rounding.h"

#include <gtest/gtest.h>

#include "core/check.h"

namespace cistern {
namespace {

// Shorthand: numerator / denominator rounded, as a long long for readable expectations.
long long Div(long long numerator, long long denominator, RoundingRule rule) {
  return static_cast<long long>(DivideRounded(numerator, denominator, rule));
}

TEST(DivideRoundedTest, HalfUpGoesAwayFromZero) {
  EXPECT_EQ(Div(25, 10, RoundingRule::kHalfUp), 3);
  EXPECT_EQ(Div(-25, 10, RoundingRule::kHalfUp), -3);
  EXPECT_EQ(Div(24, 10, RoundingRule::kHalfUp), 2);
  EXPECT_EQ(Div(-24, 10, RoundingRule::kHalfUp), -2);
  EXPECT_EQ(Div(26, 10, RoundingRule::kHalfUp), 3);
  EXPECT_EQ(Div(1, 3, RoundingRule::kHalfUp), 0);
  EXPECT_EQ(Div(2, 3, RoundingRule::kHalfUp), 1);
}

TEST(DivideRoundedTest, HalfEvenGoesToTheEvenNeighbour) {
  EXPECT_EQ(Div(25, 10, RoundingRule::kHalfEven), 2);
  EXPECT_EQ(Div(35, 10, RoundingRule::kHalfEven), 4);
  EXPECT_EQ(Div(-25, 10, RoundingRule::kHalfEven), -2);
  EXPECT_EQ(Div(-35, 10, RoundingRule::kHalfEven), -4);
  EXPECT_EQ(Div(5, 10, RoundingRule::kHalfEven), 0);
  EXPECT_EQ(Div(251, 100, RoundingRule::kHalfEven), 3);  // above half: not a tie
  EXPECT_EQ(Div(26, 10, RoundingRule::kHalfEven), 3);
}

TEST(DivideRoundedTest, DownAndUpAreTowardAndAwayFromZero) {
  EXPECT_EQ(Div(29, 10, RoundingRule::kDown), 2);
  EXPECT_EQ(Div(-29, 10, RoundingRule::kDown), -2);
  EXPECT_EQ(Div(21, 10, RoundingRule::kUp), 3);
  EXPECT_EQ(Div(-21, 10, RoundingRule::kUp), -3);
  EXPECT_EQ(Div(20, 10, RoundingRule::kUp), 2);  // exact values never move
  EXPECT_EQ(Div(-20, 10, RoundingRule::kDown), -2);
}

TEST(DivideRoundedTest, IsSymmetricAroundZero) {
  for (RoundingRule rule :
       {RoundingRule::kHalfUp, RoundingRule::kHalfEven, RoundingRule::kDown, RoundingRule::kUp}) {
    for (long long numerator = 0; numerator < 200; ++numerator) {
      EXPECT_EQ(Div(-numerator, 8, rule), -Div(numerator, 8, rule)) << numerator;
    }
  }
}

TEST(DivideRoundedTest, RefusesNonPositiveDenominator) {
  EXPECT_THROW(DivideRounded(1, 0, RoundingRule::kHalfUp), InvariantViolation);
  EXPECT_THROW(DivideRounded(1, -2, RoundingRule::kHalfUp), InvariantViolation);
}

TEST(RoundingRuleNameTest, RoundTripsAndRefusesUnknownNames) {
  for (RoundingRule rule :
       {RoundingRule::kHalfUp, RoundingRule::kHalfEven, RoundingRule::kDown, RoundingRule::kUp}) {
    const Result<RoundingRule> parsed = ParseRoundingRule(RoundingRuleName(rule));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, rule);
  }
  const Result<RoundingRule> bad = ParseRoundingRule("HALF_UP", "rate.rounding");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason, "ROUNDING_RULE_UNKNOWN");
  EXPECT_EQ(bad.error().field, "rate.rounding");
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cistern
