#include "core/usage.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

#include "core/check.h"

namespace cistern {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Quantity Q(std::int64_t numerator, std::int64_t denominator = 1) {
  return Quantity::FromFraction(numerator, denominator);
}

Quantity ParseOk(std::string_view text) {
  const Result<Quantity> parsed = Quantity::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Quantity();
}

void ExpectRefused(std::string_view text, std::string_view reason) {
  const Result<Quantity> parsed = Quantity::Parse(text, "reading.usage");
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().reason, reason) << text;
  EXPECT_EQ(parsed.error().field, "reading.usage");
}

TEST(QuantityTest, FromFractionReducesAndNormalizesSign) {
  EXPECT_EQ(Q(10, 4).numerator(), 5);
  EXPECT_EQ(Q(10, 4).denominator(), 2);
  EXPECT_EQ(Q(3, -6).numerator(), -1);
  EXPECT_EQ(Q(3, -6).denominator(), 2);
  EXPECT_EQ(Q(0, -7), Quantity());
  EXPECT_EQ(Q(0, 7).denominator(), 1);
  EXPECT_EQ(Q(kMin, 1).numerator(), kMin);
  EXPECT_EQ(Quantity::FromInteger(42), Q(84, 2));
  EXPECT_TRUE(Q(6, 3).is_integer());
}

TEST(QuantityTest, FromFractionRefusesZeroDenominatorAndOverflow) {
  EXPECT_THROW(Q(1, 0), InvariantViolation);
  EXPECT_THROW(Q(kMin, -1), std::overflow_error);  // 2^63 does not fit
}

TEST(QuantityTest, ParsesUpToSixDecimals) {
  EXPECT_EQ(ParseOk("12.345"), Q(12345, 1000));
  EXPECT_EQ(ParseOk("12"), Q(12));
  EXPECT_EQ(ParseOk("-0.5"), Q(-1, 2));
  EXPECT_EQ(ParseOk("0.000001"), Q(1, 1000000));
  EXPECT_EQ(ParseOk("1,234.5"), Q(2469, 2));
  EXPECT_EQ(ParseOk("0"), Quantity());
}

TEST(QuantityTest, ParseRefusesBadText) {
  ExpectRefused("1.0000001", "QUANTITY_TOO_MANY_DECIMALS");
  ExpectRefused("", "QUANTITY_MALFORMED");
  ExpectRefused("abc", "QUANTITY_MALFORMED");
  ExpectRefused("1.2.3", "QUANTITY_MALFORMED");
  ExpectRefused("$12", "QUANTITY_MALFORMED");
  ExpectRefused("1/2", "QUANTITY_MALFORMED");
  ExpectRefused("9223372036854.775808", "QUANTITY_OUT_OF_RANGE");
}

TEST(QuantityTest, ToStringIsExact) {
  EXPECT_EQ(Q(12345, 1000).ToString(), "12.345");
  EXPECT_EQ(Q(25, 2).ToString(), "12.5");
  EXPECT_EQ(Q(-3).ToString(), "-3");
  EXPECT_EQ(Q(1, 1000).ToString(), "0.001");
  EXPECT_EQ(Q(-1, 8).ToString(), "-0.125");
  EXPECT_EQ(Q(0).ToString(), "0");
  EXPECT_EQ(Q(1, 3).ToString(), "1/3");
  EXPECT_EQ(Q(-1, 3).ToString(), "-1/3");
  EXPECT_EQ(Q(172800, 231).ToString(), "57600/77");
  EXPECT_EQ(Q(kMin).ToString(), "-9223372036854775808");
  EXPECT_EQ(Q(1, std::int64_t{1} << 62).ToString().size(), 64u);  // "0." and 62 digits, exact
}

TEST(QuantityTest, ParseAndToStringRoundTrip) {
  for (const char* text : {"0", "1", "-1", "12.345", "0.000001", "-999999.999999", "748.5"}) {
    EXPECT_EQ(ParseOk(text).ToString(), text);
  }
}

TEST(QuantityTest, ArithmeticIsExact) {
  EXPECT_EQ(Q(1, 3) + Q(1, 6), Q(1, 2));
  EXPECT_EQ(Q(1, 3) - Q(1, 2), Q(-1, 6));
  EXPECT_EQ(Q(2, 3) * Q(9, 4), Q(3, 2));
  EXPECT_EQ(Q(2, 3) / Q(4, 9), Q(3, 2));
  EXPECT_EQ(-Q(2, 3), Q(-2, 3));
  EXPECT_EQ(Q(1, 3) + Q(1, 3) + Q(1, 3), Q(1));
  Quantity total;
  total += Q(5, 2);
  total -= Q(1, 2);
  EXPECT_EQ(total, Q(2));
}

TEST(QuantityTest, ArithmeticOverflowThrows) {
  EXPECT_THROW(Q(kMax) + Q(1), std::overflow_error);
  EXPECT_THROW(Q(kMin) - Q(1), std::overflow_error);
  EXPECT_THROW(Q(kMax) * Q(2), std::overflow_error);
  EXPECT_THROW(-Q(kMin), std::overflow_error);
  EXPECT_THROW(Q(1, kMax) + Q(1, kMax - 1), std::overflow_error);  // denominator too large
  EXPECT_THROW(Q(1) / Q(0), InvariantViolation);
  // Intermediates beyond int64 are fine when the reduced result fits.
  EXPECT_EQ(Q(kMax, 2) * Q(2, kMax), Q(1));
}

TEST(QuantityTest, ComparesByValue) {
  EXPECT_LT(Q(1, 3), Q(1, 2));
  EXPECT_GT(Q(-1, 3), Q(-1, 2));
  EXPECT_EQ(Q(2, 4) <=> Q(1, 2), std::strong_ordering::equal);
  EXPECT_LT(Q(kMax - 1, kMax), Q(1));
  EXPECT_GT(Q(kMax), Q(kMin));
}

TEST(QuantityTest, RoundToUsesTheRule) {
  EXPECT_EQ(Q(57600, 77).RoundTo(2, RoundingRule::kHalfUp).ToString(), "748.05");
  EXPECT_EQ(Q(57600, 77).RoundTo(6, RoundingRule::kHalfUp).ToString(), "748.051948");
  EXPECT_EQ(Q(5, 2).RoundTo(0, RoundingRule::kHalfEven), Q(2));
  EXPECT_EQ(Q(5, 2).RoundTo(0, RoundingRule::kHalfUp), Q(3));
  EXPECT_EQ(Q(-5, 2).RoundTo(0, RoundingRule::kHalfUp), Q(-3));
  EXPECT_EQ(Q(21, 10).RoundTo(0, RoundingRule::kUp), Q(3));
  EXPECT_EQ(Q(29, 10).RoundTo(0, RoundingRule::kDown), Q(2));
  EXPECT_THROW(Q(1).RoundTo(19, RoundingRule::kHalfUp), InvariantViolation);
}

TEST(UsageUnitTest, CodesRoundTrip) {
  for (UsageUnit unit : {UsageUnit::kGallon, UsageUnit::kThousandGallons, UsageUnit::kCubicFoot,
                         UsageUnit::kHundredCubicFeet}) {
    const Result<UsageUnit> parsed = ParseUsageUnit(UsageUnitCode(unit));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, unit);
  }
  EXPECT_STREQ(UsageUnitCode(UsageUnit::kHundredCubicFeet), "ccf");
  EXPECT_EQ(*ParseUsageUnit("CCF"), UsageUnit::kHundredCubicFeet);
}

TEST(UsageUnitTest, RefusesUnknownCodes) {
  for (const char* code : {"", "gallons", "m3", "hcf", " ccf"}) {
    const Result<UsageUnit> parsed = ParseUsageUnit(code, "rate.unit");
    ASSERT_FALSE(parsed.ok()) << code;
    EXPECT_EQ(parsed.error().reason, "USAGE_UNIT_UNKNOWN");
    EXPECT_EQ(parsed.error().field, "rate.unit");
  }
}

TEST(UsageTest, ConvertsExactly) {
  const Usage one_ccf{Q(1), UsageUnit::kHundredCubicFeet};
  // A gallon is exactly 231 cubic inches, so 1 ccf = 172,800 / 231 gallons = 748.051948...
  EXPECT_EQ(one_ccf.ConvertTo(UsageUnit::kGallon), (Usage{Q(172800, 231), UsageUnit::kGallon}));
  EXPECT_EQ(one_ccf.ConvertTo(UsageUnit::kCubicFoot), (Usage{Q(100), UsageUnit::kCubicFoot}));
  EXPECT_EQ((Usage{Q(1), UsageUnit::kCubicFoot}).ConvertTo(UsageUnit::kGallon).amount,
            Q(1728, 231));
  EXPECT_EQ((Usage{Q(5), UsageUnit::kThousandGallons}).ConvertTo(UsageUnit::kGallon).amount,
            Q(5000));
  EXPECT_EQ((Usage{Q(1500), UsageUnit::kGallon}).ConvertTo(UsageUnit::kThousandGallons).amount,
            Q(3, 2));
  // 231 gallons are 231 * 231 cubic inches, and a cubic foot is 1,728 of them.
  EXPECT_EQ((Usage{Q(231), UsageUnit::kGallon}).ConvertTo(UsageUnit::kCubicFoot).amount,
            Q(231 * 231, 1728));
  EXPECT_EQ((Usage{Q(7, 2), UsageUnit::kGallon}).ConvertTo(UsageUnit::kGallon),
            (Usage{Q(7, 2), UsageUnit::kGallon}));
}

TEST(UsageTest, SevenHundredFortyEightGallonsIsNotOneCcf) {
  const Usage gallons{Q(748), UsageUnit::kGallon};
  const Usage as_ccf = gallons.ConvertTo(UsageUnit::kHundredCubicFeet);
  EXPECT_NE(as_ccf.amount, Q(1));
  EXPECT_LT(as_ccf.amount, Q(1));
  EXPECT_EQ(as_ccf.amount, Q(748 * 231, 172800));
  EXPECT_EQ((Usage{Q(1), UsageUnit::kHundredCubicFeet}).ConvertTo(UsageUnit::kGallon).ToString(),
            "57600/77 gal");
}

TEST(UsageTest, RoundTripsAreExact) {
  const UsageUnit units[] = {UsageUnit::kGallon, UsageUnit::kThousandGallons, UsageUnit::kCubicFoot,
                             UsageUnit::kHundredCubicFeet};
  for (const char* text : {"0", "1", "748", "12.345", "999999.999999", "0.000001", "-3.5"}) {
    for (UsageUnit from : units) {
      for (UsageUnit via : units) {
        const Usage start{ParseOk(text), from};
        EXPECT_EQ(start.ConvertTo(via).ConvertTo(from), start)
            << text << " " << UsageUnitCode(from) << " via " << UsageUnitCode(via);
      }
    }
  }
}

}  // namespace
}  // namespace cistern
