#include "core/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

namespace cistern {
namespace {

constexpr std::int64_t kMaxCents = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMinCents = std::numeric_limits<std::int64_t>::min();

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

Money ParseOk(std::string_view text) {
  const Result<Money> parsed = Money::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().reason);
  return parsed.ok() ? *parsed : Money();
}

void ExpectRefused(std::string_view text, std::string_view reason) {
  const Result<Money> parsed = Money::Parse(text, "payment.amount");
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << text;
  EXPECT_EQ(parsed.error().reason, reason) << text;
  EXPECT_EQ(parsed.error().field, "payment.amount") << text;
  EXPECT_FALSE(parsed.error().message.empty()) << text;
}

TEST(MoneyParseTest, AcceptsPlainAndFormattedAmounts) {
  EXPECT_EQ(ParseOk("1234.56"), Cents(123456));
  EXPECT_EQ(ParseOk("-0.05"), Cents(-5));
  EXPECT_EQ(ParseOk("12"), Cents(1200));
  EXPECT_EQ(ParseOk("12.5"), Cents(1250));
  EXPECT_EQ(ParseOk("0.00"), Cents(0));
  EXPECT_EQ(ParseOk("$1,234.56"), Cents(123456));
  EXPECT_EQ(ParseOk("-$1,234.56"), Cents(-123456));
  EXPECT_EQ(ParseOk("$1,000,000"), Cents(100000000));
  EXPECT_EQ(ParseOk(" 42.10\n"), Cents(4210));
}

TEST(MoneyParseTest, RefusesTooManyDecimals) {
  ExpectRefused("12.345", "MONEY_TOO_MANY_DECIMALS");
  ExpectRefused("12.340", "MONEY_TOO_MANY_DECIMALS");
  ExpectRefused("$0.001", "MONEY_TOO_MANY_DECIMALS");
}

TEST(MoneyParseTest, RefusesMalformedText) {
  for (const char* text : {"abc", "", "1.2.3", "--1", "12.", ".5", "+1", "$-1", "1,23", "12,34.00",
                           "1 000", "1e3", "$", "12.3.", "NaN", "\xEF\xBC\x91"}) {
    ExpectRefused(text, "MONEY_MALFORMED");
  }
}

TEST(MoneyParseTest, RefusesValuesBeyondInt64) {
  ExpectRefused("92233720368547758.08", "MONEY_OUT_OF_RANGE");
  ExpectRefused("-92233720368547758.09", "MONEY_OUT_OF_RANGE");
  ExpectRefused("100000000000000000000", "MONEY_OUT_OF_RANGE");
  EXPECT_EQ(ParseOk("92233720368547758.07"), Cents(kMaxCents));
  EXPECT_EQ(ParseOk("-92233720368547758.08"), Cents(kMinCents));
}

TEST(MoneyParseTest, DefaultFieldIsAmount) {
  const Result<Money> parsed = Money::Parse("x");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "amount");
}

TEST(MoneyFormatTest, FormatsForPeople) {
  EXPECT_EQ(Cents(123456).Format(), "$1,234.56");
  EXPECT_EQ(Cents(-5).Format(), "-$0.05");
  EXPECT_EQ(Cents(0).Format(), "$0.00");
  EXPECT_EQ(Cents(100).Format(), "$1.00");
  EXPECT_EQ(Cents(99999).Format(), "$999.99");
  EXPECT_EQ(Cents(100000).Format(), "$1,000.00");
  EXPECT_EQ(Cents(-123456789).Format(), "-$1,234,567.89");
  EXPECT_EQ(Cents(kMinCents).Format(), "-$92,233,720,368,547,758.08");
}

TEST(MoneyFormatTest, ToDecimalStringIsForFiles) {
  EXPECT_EQ(Cents(-123456).ToDecimalString(), "-1234.56");
  EXPECT_EQ(Cents(0).ToDecimalString(), "0.00");
  EXPECT_EQ(Cents(7).ToDecimalString(), "0.07");
  EXPECT_EQ(Cents(100000000).ToDecimalString(), "1000000.00");
}

TEST(MoneyFormatTest, BothFormsParseBack) {
  for (std::int64_t cents : {std::int64_t{0}, std::int64_t{-5}, std::int64_t{123456},
                             std::int64_t{-100000}, kMaxCents, kMinCents}) {
    EXPECT_EQ(ParseOk(Cents(cents).Format()), Cents(cents));
    EXPECT_EQ(ParseOk(Cents(cents).ToDecimalString()), Cents(cents));
  }
}

TEST(MoneyTest, ComparesByValue) {
  EXPECT_EQ(Money(), Cents(0));
  EXPECT_LT(Cents(-1), Cents(0));
  EXPECT_GT(Cents(1000), Cents(999));
  EXPECT_NE(Cents(1), Cents(2));
  EXPECT_TRUE(Cents(0).is_zero());
  EXPECT_TRUE(Cents(-3).is_negative());
  EXPECT_FALSE(Cents(3).is_negative());
}

TEST(MoneyTest, Arithmetic) {
  EXPECT_EQ(Cents(150) + Cents(275), Cents(425));
  EXPECT_EQ(Cents(150) - Cents(275), Cents(-125));
  EXPECT_EQ(-Cents(150), Cents(-150));
  EXPECT_EQ(Cents(1234) * 3, Cents(3702));
  EXPECT_EQ(3 * Cents(1234), Cents(3702));
  EXPECT_EQ(Cents(1234) * -2, Cents(-2468));
  Money total;
  total += Cents(500);
  total -= Cents(125);
  EXPECT_EQ(total, Cents(375));
}

TEST(MoneyTest, OperatorOverflowIsABugAndThrows) {
  EXPECT_THROW(Cents(kMaxCents) + Cents(1), std::overflow_error);
  EXPECT_THROW(Cents(kMinCents) - Cents(1), std::overflow_error);
  EXPECT_THROW(-Cents(kMinCents), std::overflow_error);
  EXPECT_THROW(Cents(kMaxCents / 2 + 1) * 2, std::overflow_error);
  EXPECT_THROW(Cents(kMinCents) * -1, std::overflow_error);
  Money total = Cents(kMaxCents);
  EXPECT_THROW(total += Cents(1), std::overflow_error);
  EXPECT_EQ(total, Cents(kMaxCents));  // unchanged after the failed add
}

TEST(MoneyTest, CheckedArithmeticReturnsErrors) {
  EXPECT_EQ(*Money::CheckedAdd(Cents(1), Cents(2)), Cents(3));
  EXPECT_EQ(*Money::CheckedSubtract(Cents(1), Cents(2)), Cents(-1));
  EXPECT_EQ(*Money::CheckedMultiply(Cents(250), 4), Cents(1000));

  const Result<Money> sum = Money::CheckedAdd(Cents(kMaxCents), Cents(1), "import.total");
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.error().reason, "MONEY_OUT_OF_RANGE");
  EXPECT_EQ(sum.error().field, "import.total");
  EXPECT_FALSE(Money::CheckedSubtract(Cents(kMinCents), Cents(1)).ok());
  EXPECT_FALSE(Money::CheckedMultiply(Cents(kMaxCents), 2).ok());
  EXPECT_FALSE(Money::CheckedMultiply(Cents(kMinCents), -1).ok());
}

}  // namespace
}  // namespace cistern
