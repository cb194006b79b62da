// UnitPrice: a price per unit of usage, exact to six decimal places (a millionth of a dollar,
// a "micro").
//
// Water and sewer rates are published with more precision than cents ($4.3725 per ccf), so
// prices keep six decimals and a charge is rounded to cents exactly once, when the price is
// extended by a quantity. The price does not know its unit: the rate schedule pairs it with a
// UsageUnit and converts the usage to that unit before calling Extend.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "core/money.h"
#include "core/result.h"
#include "core/rounding.h"  // RoundingRule and its meaning for negative amounts
#include "core/usage.h"

namespace cistern {

class UnitPrice {
 public:
  // $0 per unit.
  constexpr UnitPrice() = default;

  static constexpr UnitPrice FromMicros(std::int64_t micros) { return UnitPrice(micros); }

  // Parses "4.3725", "$4.3725", "-0.25", "$1,250.000001" (the Money grammar with up to six
  // decimals; negative prices are credits). Refusals are INVALID_ARGUMENT naming `field` with
  // reason UNIT_PRICE_TOO_MANY_DECIMALS (7 or more), UNIT_PRICE_OUT_OF_RANGE or
  // UNIT_PRICE_MALFORMED.
  static Result<UnitPrice> Parse(std::string_view text, std::string_view field = "unit_price");

  constexpr std::int64_t micros() const { return micros_; }

  // For people: "$4.3725", "$4.00", "-$0.125", "$1,250.50"; trailing zeros trimmed, but always
  // at least two decimals.
  std::string Format() const;
  // For files: "4.3725", "-0.125", "1250.50" (no "$" or commas; Parse reads it back).
  std::string ToDecimalString() const;

  // price x quantity, rounded once to whole cents by `rule`. The product is computed exactly in
  // 128 bits, so $4.3725 x 12.5 = $54.65625 exactly before rounding to $54.66 (kHalfUp). A
  // result beyond int64 cents is a bug and throws std::overflow_error.
  Money Extend(const Quantity& quantity, RoundingRule rule = RoundingRule::kHalfUp) const;

  friend constexpr auto operator<=>(UnitPrice, UnitPrice) = default;

 private:
  constexpr explicit UnitPrice(std::int64_t micros) : micros_(micros) {}

  std::int64_t micros_ = 0;
};

void PrintTo(UnitPrice price, std::ostream* out);

}  // namespace cistern
