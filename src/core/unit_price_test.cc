#include "core/unit_price.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

namespace cistern {
namespace {

UnitPrice Price(std::string_view text) {
  const Result<UnitPrice> parsed = UnitPrice::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : UnitPrice();
}

Quantity Qty(std::string_view text) { return *Quantity::Parse(text); }

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

void ExpectRefused(std::string_view text, std::string_view reason) {
  const Result<UnitPrice> parsed = UnitPrice::Parse(text, "rate.price");
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().reason, reason) << text;
  EXPECT_EQ(parsed.error().field, "rate.price");
}

TEST(UnitPriceTest, ParsesUpToSixDecimals) {
  EXPECT_EQ(Price("4.3725").micros(), 4372500);
  EXPECT_EQ(Price("$4.3725").micros(), 4372500);
  EXPECT_EQ(Price("0.000001").micros(), 1);
  EXPECT_EQ(Price("-0.25").micros(), -250000);
  EXPECT_EQ(Price("$1,250.5").micros(), 1250500000);
  EXPECT_EQ(Price("12").micros(), 12000000);
}

TEST(UnitPriceTest, RefusesBadText) {
  ExpectRefused("4.3725001", "UNIT_PRICE_TOO_MANY_DECIMALS");
  ExpectRefused("0.0000001", "UNIT_PRICE_TOO_MANY_DECIMALS");
  for (const char* text : {"", "abc", "4.37.25", "--1", "4.", "$-4", "4,3725"}) {
    ExpectRefused(text, "UNIT_PRICE_MALFORMED");
  }
  ExpectRefused("9223372036854.775808", "UNIT_PRICE_OUT_OF_RANGE");
  EXPECT_EQ(Price("9223372036854.775807").micros(), std::numeric_limits<std::int64_t>::max());
}

TEST(UnitPriceTest, FormatTrimsToAtLeastCents) {
  EXPECT_EQ(Price("4.3725").Format(), "$4.3725");
  EXPECT_EQ(Price("4").Format(), "$4.00");
  EXPECT_EQ(Price("4.5").Format(), "$4.50");
  EXPECT_EQ(Price("0.000001").Format(), "$0.000001");
  EXPECT_EQ(Price("-0.125").Format(), "-$0.125");
  EXPECT_EQ(Price("1250.5").Format(), "$1,250.50");
  EXPECT_EQ(Price("1250.5").ToDecimalString(), "1250.50");
  EXPECT_EQ(Price(Price("-$1,250.123456").Format()).micros(), -1250123456);
}

TEST(UnitPriceTest, ComparesByValue) {
  EXPECT_LT(Price("4.3725"), Price("4.3726"));
  EXPECT_EQ(Price("4.50"), Price("4.5"));
}

TEST(UnitPriceExtendTest, RoundsOnceHalfUpByDefault) {
  // $4.3725 x 12.5 = $54.65625 exactly, which rounds to $54.66.
  EXPECT_EQ(Price("4.3725").Extend(Qty("12.5")), Cents(5466));
  EXPECT_EQ(Price("4.3725").Extend(Qty("12.5"), RoundingRule::kDown), Cents(5465));
  EXPECT_EQ(Price("4.3725").Extend(Qty("12.5"), RoundingRule::kHalfEven), Cents(5466));
  EXPECT_EQ(Price("4.3725").Extend(Qty("0")), Cents(0));
  EXPECT_EQ(Price("2.00").Extend(Qty("3")), Cents(600));
}

TEST(UnitPriceExtendTest, HalfEvenOnExactHalves) {
  // $0.125 x 1 = 12.5 cents: half-even keeps 12 (even), half-up gives 13.
  EXPECT_EQ(Price("0.125").Extend(Qty("1"), RoundingRule::kHalfEven), Cents(12));
  EXPECT_EQ(Price("0.125").Extend(Qty("1"), RoundingRule::kHalfUp), Cents(13));
  // $0.135 x 1 = 13.5 cents: both go to 14.
  EXPECT_EQ(Price("0.135").Extend(Qty("1"), RoundingRule::kHalfEven), Cents(14));
  EXPECT_EQ(Price("0.135").Extend(Qty("1"), RoundingRule::kHalfUp), Cents(14));
  // $1.005 x 3 = 301.5 cents -> 302 (302 is even).
  EXPECT_EQ(Price("1.005").Extend(Qty("3"), RoundingRule::kHalfEven), Cents(302));
}

TEST(UnitPriceExtendTest, NegativeAmountsMirrorPositiveOnes) {
  EXPECT_EQ(Price("-4.3725").Extend(Qty("12.5")), Cents(-5466));
  EXPECT_EQ(Price("4.3725").Extend(Qty("-12.5")), Cents(-5466));
  EXPECT_EQ(Price("-4.3725").Extend(Qty("-12.5")), Cents(5466));
  EXPECT_EQ(Price("-0.125").Extend(Qty("1"), RoundingRule::kHalfEven), Cents(-12));
  EXPECT_EQ(Price("-0.001").Extend(Qty("1"), RoundingRule::kUp), Cents(-1));
  EXPECT_EQ(Price("-0.009").Extend(Qty("1"), RoundingRule::kDown), Cents(0));
}

TEST(UnitPriceExtendTest, RationalQuantitiesRoundOnce) {
  // 1 ccf priced per gallon: $0.01 x 172800/231 gal = 748.0519... cents -> $7.48.
  const Quantity gallons_per_ccf = Quantity::FromFraction(172800, 231);
  EXPECT_EQ(Price("0.01").Extend(gallons_per_ccf), Cents(748));
  EXPECT_EQ(Price("0.01").Extend(gallons_per_ccf, RoundingRule::kUp), Cents(749));
  // A third of $1 is 33.33... cents.
  EXPECT_EQ(Price("1").Extend(Quantity::FromFraction(1, 3)), Cents(33));
  EXPECT_EQ(Price("1").Extend(Quantity::FromFraction(2, 3)), Cents(67));
}

TEST(UnitPriceExtendTest, OverflowThrows) {
  const UnitPrice huge = UnitPrice::FromMicros(std::numeric_limits<std::int64_t>::max());
  EXPECT_THROW(huge.Extend(Quantity::FromInteger(1'000'000)), std::overflow_error);
  EXPECT_THROW(huge.Extend(Quantity::FromInteger(std::numeric_limits<std::int64_t>::max())),
               std::overflow_error);
  // The largest price times one unit still fits once divided down to cents.
  EXPECT_EQ(huge.Extend(Quantity::FromInteger(1), RoundingRule::kDown),
            Cents(std::numeric_limits<std::int64_t>::max() / 10'000));
}

}  // namespace
}  // namespace cistern
