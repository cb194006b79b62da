// Quantity, UsageUnit and Usage: metered amounts, kept exact.
//
// A Quantity is a rational number, so unit conversions never round: one cubic foot is exactly
// 1728/231 US gallons (a gallon is defined as 231 cubic inches), and converting cubic feet to
// gallons and back returns the very same value. Rounding happens once, when a charge is priced
// (UnitPrice::Extend), or explicitly for display (Quantity::RoundTo).
//
// Overflow (a numerator or denominator beyond int64 after reduction) is a bug for metered
// amounts and throws std::overflow_error.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/rounding.h"

namespace cistern {

class Quantity {
 public:
  // Zero.
  constexpr Quantity() = default;

  static constexpr Quantity FromInteger(std::int64_t value) { return Quantity(value, 1); }

  // numerator / denominator, reduced and with the sign on the numerator. A zero denominator is a
  // bug (CISTERN_CHECK); a result beyond int64 throws std::overflow_error.
  static Quantity FromFraction(std::int64_t numerator, std::int64_t denominator);

  // Parses decimal text with up to six decimals: "12", "12.345", "-0.5", "1,234.5". Refusals are
  // INVALID_ARGUMENT naming `field` with reason QUANTITY_TOO_MANY_DECIMALS (7 or more),
  // QUANTITY_OUT_OF_RANGE or QUANTITY_MALFORMED (same grammar as Money, without "$").
  static Result<Quantity> Parse(std::string_view text, std::string_view field = "quantity");

  // Always reduced: gcd(|numerator|, denominator) == 1 and denominator >= 1.
  constexpr std::int64_t numerator() const { return numerator_; }
  constexpr std::int64_t denominator() const { return denominator_; }
  constexpr bool is_zero() const { return numerator_ == 0; }
  constexpr bool is_negative() const { return numerator_ < 0; }
  constexpr bool is_integer() const { return denominator_ == 1; }

  // Exact text. When the value has a finite decimal expansion (the denominator has no prime
  // factors but 2 and 5) it is written as a decimal with no trailing zeros ("12.345", "12.5",
  // "-3", "0.001"); otherwise as "numerator/denominator" ("57600/77", "-1/3").
  std::string ToString() const;

  // The nearest multiple of 10^-decimal_places (0..18) by `rule`; for display and for billing
  // in whole units. RoundTo(2, kHalfUp).ToString() of 57600/77 is "748.05".
  Quantity RoundTo(int decimal_places, RoundingRule rule) const;

  Quantity operator-() const;
  friend Quantity operator+(const Quantity& a, const Quantity& b);
  friend Quantity operator-(const Quantity& a, const Quantity& b);
  friend Quantity operator*(const Quantity& a, const Quantity& b);
  // Dividing by zero is a bug (CISTERN_CHECK).
  friend Quantity operator/(const Quantity& a, const Quantity& b);
  Quantity& operator+=(const Quantity& other) { return *this = *this + other; }
  Quantity& operator-=(const Quantity& other) { return *this = *this - other; }

  // Equal values have equal (reduced) representations, so == compares members.
  friend constexpr bool operator==(const Quantity&, const Quantity&) = default;
  friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b);

 private:
  constexpr Quantity(std::int64_t numerator, std::int64_t denominator)
      : numerator_(numerator), denominator_(denominator) {}

  // Reduces numerator / denominator computed in 128 bits; throws if it does not fit int64.
  static Quantity Reduce(__int128 numerator, __int128 denominator);

  std::int64_t numerator_ = 0;
  std::int64_t denominator_ = 1;
};

void PrintTo(const Quantity& quantity, std::ostream* out);

enum class UsageUnit {
  kGallon,            // "gal": one US gallon, 231 cubic inches
  kThousandGallons,   // "kgal": 1,000 gallons
  kCubicFoot,         // "cf": 1,728 cubic inches
  kHundredCubicFeet,  // "ccf": 100 cubic feet, the common water billing unit
};

// Stable lower-case codes used in rate schedules, the API and on bills: "gal", "kgal", "cf",
// "ccf".
const char* UsageUnitCode(UsageUnit unit);

// Parses a code above, ignoring ASCII case ("CCF" is fine); anything else is INVALID_ARGUMENT
// with reason USAGE_UNIT_UNKNOWN.
Result<UsageUnit> ParseUsageUnit(std::string_view code, std::string_view field = "unit");

// An amount of water in a unit. Two Usages are == only when both amount and unit match; compare
// across units by converting one first.
struct Usage {
  Quantity amount;
  UsageUnit unit = UsageUnit::kGallon;

  // The same amount in `target` units, exactly (a rational, never rounded).
  Usage ConvertTo(UsageUnit target) const;

  // "12.5 ccf", "57600/77 gal".
  std::string ToString() const;

  friend bool operator==(const Usage&, const Usage&) = default;
};

void PrintTo(const Usage& usage, std::ostream* out);

}  // namespace cistern
