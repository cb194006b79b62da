#include "core/decimal_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace cistern {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

std::int64_t ParseOk(std::string_view text, int places, DollarSign sign = DollarSign::kDollar) {
  const ParsedDecimal parsed = ParseScaledDecimal(text, places, sign);
  EXPECT_EQ(parsed.outcome, DecimalParseOutcome::kOk) << text;
  return parsed.scaled;
}

DecimalParseOutcome Outcome(std::string_view text, int places,
                            DollarSign sign = DollarSign::kDollar) {
  return ParseScaledDecimal(text, places, sign).outcome;
}

TEST(ParseScaledDecimalTest, AcceptsTheGrammar) {
  EXPECT_EQ(ParseOk("1234.56", 2), 123456);
  EXPECT_EQ(ParseOk("-0.05", 2), -5);
  EXPECT_EQ(ParseOk("12", 2), 1200);
  EXPECT_EQ(ParseOk("12.5", 2), 1250);
  EXPECT_EQ(ParseOk("0.00", 2), 0);
  EXPECT_EQ(ParseOk("-$1,234,567.89", 2), -123456789);
  EXPECT_EQ(ParseOk("  $7 ", 2), 700);
  EXPECT_EQ(ParseOk("007", 2), 700);
  EXPECT_EQ(ParseOk("4.3725", 6), 4372500);
  EXPECT_EQ(ParseOk("999", 0), 999);
}

TEST(ParseScaledDecimalTest, RefusesMalformedText) {
  for (const char* text : {"",    " ",    "abc",    "1.2.3", "--1",   "+1",       "12.",     ".5",
                           "$-1", "1,23", "1,2345", ",123",  "0,123", "1,,234",   "1 234",   "1e5",
                           "$",   "-",    "$$1",    "12.3a", "0x10",  "1234,567", "1,234,56"}) {
    EXPECT_EQ(Outcome(text, 2), DecimalParseOutcome::kMalformed) << '"' << text << '"';
  }
  EXPECT_EQ(Outcome("$5", 2, DollarSign::kNone), DecimalParseOutcome::kMalformed);
}

TEST(ParseScaledDecimalTest, RefusesExtraFractionDigitsEvenWhenZero) {
  EXPECT_EQ(Outcome("12.345", 2), DecimalParseOutcome::kTooManyDecimals);
  EXPECT_EQ(Outcome("12.340", 2), DecimalParseOutcome::kTooManyDecimals);
  EXPECT_EQ(Outcome("1.0000001", 6), DecimalParseOutcome::kTooManyDecimals);
  EXPECT_EQ(Outcome("1.5", 0), DecimalParseOutcome::kTooManyDecimals);
}

TEST(ParseScaledDecimalTest, ReachesBothEndsOfInt64AndNoFurther) {
  EXPECT_EQ(ParseOk("92233720368547758.07", 2), kMax);
  EXPECT_EQ(ParseOk("-92233720368547758.08", 2), kMin);
  EXPECT_EQ(Outcome("92233720368547758.08", 2), DecimalParseOutcome::kOutOfRange);
  EXPECT_EQ(Outcome("-92233720368547758.09", 2), DecimalParseOutcome::kOutOfRange);
  EXPECT_EQ(Outcome("184467440737095516.16", 2), DecimalParseOutcome::kOutOfRange);  // 2^64
  EXPECT_EQ(Outcome("99999999999999999999999999999", 2), DecimalParseOutcome::kOutOfRange);
}

TEST(FormatScaledDecimalTest, WritesExactly) {
  EXPECT_EQ(FormatScaledDecimal(123456, 2, 2, DollarSign::kDollar, Grouping::kThousands),
            "$1,234.56");
  EXPECT_EQ(FormatScaledDecimal(-5, 2, 2, DollarSign::kDollar, Grouping::kThousands), "-$0.05");
  EXPECT_EQ(FormatScaledDecimal(-123456, 2, 2, DollarSign::kNone, Grouping::kNone), "-1234.56");
  EXPECT_EQ(FormatScaledDecimal(4372500, 6, 2, DollarSign::kDollar, Grouping::kThousands),
            "$4.3725");
  EXPECT_EQ(FormatScaledDecimal(4000000, 6, 2, DollarSign::kNone, Grouping::kNone), "4.00");
  EXPECT_EQ(FormatScaledDecimal(4000000, 6, 0, DollarSign::kNone, Grouping::kNone), "4");
  EXPECT_EQ(FormatScaledDecimal(100000000, 2, 2, DollarSign::kNone, Grouping::kThousands),
            "1,000,000.00");
  EXPECT_EQ(FormatScaledDecimal(kMin, 2, 2, DollarSign::kDollar, Grouping::kThousands),
            "-$92,233,720,368,547,758.08");
  EXPECT_EQ(FormatScaledDecimal(kMax, 0, 0, DollarSign::kNone, Grouping::kNone),
            "9223372036854775807");
}

TEST(FormatScaledDecimalTest, RoundTripsThroughParse) {
  for (std::int64_t scaled : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{999},
                              std::int64_t{100000}, std::int64_t{-123456789}, kMax, kMin}) {
    const std::string text =
        FormatScaledDecimal(scaled, 2, 2, DollarSign::kDollar, Grouping::kThousands);
    EXPECT_EQ(ParseOk(text, 2), scaled) << text;
  }
}

}  // namespace
}  // namespace cistern
