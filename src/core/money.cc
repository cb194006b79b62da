#include "core/money.h"

#include <ostream>
#include <stdexcept>

#include "core/decimal_text.h"

namespace cistern {
namespace {

constexpr int kCentPlaces = 2;

Error OutOfRange(std::string_view field) {
  return Error::InvalidArgument(std::string(field), "MONEY_OUT_OF_RANGE",
                                "The amount is too large to handle.");
}

}  // namespace

Result<Money> Money::Parse(std::string_view text, std::string_view field) {
  const ParsedDecimal parsed = ParseScaledDecimal(text, kCentPlaces, DollarSign::kDollar);
  switch (parsed.outcome) {
    case DecimalParseOutcome::kOk:
      return Money(parsed.scaled);
    case DecimalParseOutcome::kTooManyDecimals:
      return Error::InvalidArgument(std::string(field), "MONEY_TOO_MANY_DECIMALS",
                                    "An amount can have at most two decimal places (cents).");
    case DecimalParseOutcome::kOutOfRange:
      return OutOfRange(field);
    case DecimalParseOutcome::kMalformed:
      break;
  }
  return Error::InvalidArgument(std::string(field), "MONEY_MALFORMED",
                                "Enter the amount in dollars and cents, like 1234.56.");
}

Result<Money> Money::CheckedAdd(Money a, Money b, std::string_view field) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.cents_, b.cents_, &sum)) return OutOfRange(field);
  return Money(sum);
}

Result<Money> Money::CheckedSubtract(Money a, Money b, std::string_view field) {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(a.cents_, b.cents_, &difference)) return OutOfRange(field);
  return Money(difference);
}

Result<Money> Money::CheckedMultiply(Money a, std::int64_t count, std::string_view field) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a.cents_, count, &product)) return OutOfRange(field);
  return Money(product);
}

std::string Money::Format() const {
  return FormatScaledDecimal(cents_, kCentPlaces, kCentPlaces, DollarSign::kDollar,
                             Grouping::kThousands);
}

std::string Money::ToDecimalString() const {
  return FormatScaledDecimal(cents_, kCentPlaces, kCentPlaces, DollarSign::kNone, Grouping::kNone);
}

Money Money::operator-() const {
  std::int64_t negated = 0;
  if (__builtin_sub_overflow(std::int64_t{0}, cents_, &negated)) {
    throw std::overflow_error("Money negation overflows int64 cents");
  }
  return Money(negated);
}

Money operator+(Money a, Money b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.cents_, b.cents_, &sum)) {
    throw std::overflow_error("Money addition overflows int64 cents");
  }
  return Money(sum);
}

Money operator-(Money a, Money b) {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(a.cents_, b.cents_, &difference)) {
    throw std::overflow_error("Money subtraction overflows int64 cents");
  }
  return Money(difference);
}

Money operator*(Money a, std::int64_t count) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a.cents_, count, &product)) {
    throw std::overflow_error("Money multiplication overflows int64 cents");
  }
  return Money(product);
}

void PrintTo(Money money, std::ostream* out) { *out << money.Format(); }

}  // namespace cistern
