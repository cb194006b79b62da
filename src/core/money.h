// Money: an amount of US dollars as a signed 64-bit count of cents.
//
// Built from cents or parsed from decimal text, never from a double, so every amount is exact.
// The range (about +/- 92 quadrillion dollars) is far beyond any real utility amount, so the
// operators treat overflow as a bug and throw std::overflow_error; code that adds up untrusted
// input (an import file, an API body) uses the Checked* functions, which return an Error instead.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "core/result.h"

namespace cistern {

class Money {
 public:
  // Zero dollars.
  constexpr Money() = default;

  static constexpr Money FromCents(std::int64_t cents) { return Money(cents); }

  // Parses "1234.56", "-0.05", "12", "12.5", "0.00", "$1,234.56" or "-$1,234.56" (surrounding
  // whitespace is ignored; commas must sit every three digits). Refusals are INVALID_ARGUMENT
  // naming `field`, with reason MONEY_TOO_MANY_DECIMALS ("12.345", also "12.340"),
  // MONEY_OUT_OF_RANGE (beyond int64 cents) or MONEY_MALFORMED (everything else: "", "abc",
  // "1.2.3", "--1", "12.", ".5", "+1", "$-1", "1,23").
  static Result<Money> Parse(std::string_view text, std::string_view field = "amount");

  // Sums for untrusted input: INVALID_ARGUMENT with reason MONEY_OUT_OF_RANGE on overflow.
  static Result<Money> CheckedAdd(Money a, Money b, std::string_view field = "amount");
  static Result<Money> CheckedSubtract(Money a, Money b, std::string_view field = "amount");
  static Result<Money> CheckedMultiply(Money a, std::int64_t count,
                                       std::string_view field = "amount");

  constexpr std::int64_t cents() const { return cents_; }
  constexpr bool is_zero() const { return cents_ == 0; }
  constexpr bool is_negative() const { return cents_ < 0; }

  // For people: "$1,234.56", "-$0.05", "$0.00".
  std::string Format() const;
  // For files and CSV: "-1234.56", "0.00" (no "$", no commas; Parse reads it back).
  std::string ToDecimalString() const;

  friend constexpr auto operator<=>(Money, Money) = default;

  // These throw std::overflow_error when the result does not fit; see the file comment.
  Money operator-() const;
  friend Money operator+(Money a, Money b);
  friend Money operator-(Money a, Money b);
  friend Money operator*(Money a, std::int64_t count);
  friend Money operator*(std::int64_t count, Money a) { return a * count; }
  Money& operator+=(Money other) { return *this = *this + other; }
  Money& operator-=(Money other) { return *this = *this - other; }

 private:
  constexpr explicit Money(std::int64_t cents) : cents_(cents) {}

  std::int64_t cents_ = 0;
};

// Lets GoogleTest print "$1,234.56" instead of raw bytes.
void PrintTo(Money money, std::ostream* out);

}  // namespace cistern
