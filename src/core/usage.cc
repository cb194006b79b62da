#include "core/usage.h"

#include <limits>
#include <ostream>
#include <stdexcept>

#include "core/check.h"
#include "core/decimal_text.h"
#include "core/text.h"

namespace cistern {
namespace {

constexpr int kParsePlaces = 6;
constexpr std::int64_t kParseScale = 1'000'000;  // 10^kParsePlaces
constexpr int kMaxRoundPlaces = 18;

__int128 Abs(__int128 value) { return value < 0 ? -value : value; }

// std::gcd is not specified for __int128, so this is the Euclidean algorithm by hand.
__int128 Gcd(__int128 a, __int128 b) {
  a = Abs(a);
  b = Abs(b);
  while (b != 0) {
    const __int128 rest = a % b;
    a = b;
    b = rest;
  }
  return a;
}

bool FitsInt64(__int128 value) {
  return value >= std::numeric_limits<std::int64_t>::min() &&
         value <= std::numeric_limits<std::int64_t>::max();
}

__int128 PowerOfTen(int exponent) {
  __int128 power = 1;
  for (int step = 0; step < exponent; ++step) power *= 10;
  return power;
}

// Gallons in one `unit`, as numerator / denominator.
struct Ratio {
  std::int64_t numerator;
  std::int64_t denominator;
};

Ratio GallonsPer(UsageUnit unit) {
  constexpr std::int64_t kCubicInchesPerGallon = 231;
  constexpr std::int64_t kCubicInchesPerCubicFoot = 12 * 12 * 12;
  switch (unit) {
    case UsageUnit::kGallon:
      return {1, 1};
    case UsageUnit::kThousandGallons:
      return {1000, 1};
    case UsageUnit::kCubicFoot:
      return {kCubicInchesPerCubicFoot, kCubicInchesPerGallon};
    case UsageUnit::kHundredCubicFeet:
      return {100 * kCubicInchesPerCubicFoot, kCubicInchesPerGallon};
  }
  CISTERN_CHECK(false, "unknown UsageUnit");
}

}  // namespace

Quantity Quantity::Reduce(__int128 numerator, __int128 denominator) {
  CISTERN_CHECK(denominator != 0, "Quantity with a zero denominator");
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const __int128 divisor = numerator == 0 ? denominator : Gcd(numerator, denominator);
  numerator /= divisor;
  denominator /= divisor;
  if (!FitsInt64(numerator) || !FitsInt64(denominator)) {
    throw std::overflow_error("Quantity does not fit in int64 numerator and denominator");
  }
  return Quantity(static_cast<std::int64_t>(numerator), static_cast<std::int64_t>(denominator));
}

Quantity Quantity::FromFraction(std::int64_t numerator, std::int64_t denominator) {
  return Reduce(numerator, denominator);
}

Result<Quantity> Quantity::Parse(std::string_view text, std::string_view field) {
  const ParsedDecimal parsed = ParseScaledDecimal(text, kParsePlaces, DollarSign::kNone);
  switch (parsed.outcome) {
    case DecimalParseOutcome::kOk:
      return Reduce(parsed.scaled, kParseScale);
    case DecimalParseOutcome::kTooManyDecimals:
      return Error::InvalidArgument(std::string(field), "QUANTITY_TOO_MANY_DECIMALS",
                                    "A quantity can have at most six decimal places.");
    case DecimalParseOutcome::kOutOfRange:
      return Error::InvalidArgument(std::string(field), "QUANTITY_OUT_OF_RANGE",
                                    "The quantity is too large to handle.");
    case DecimalParseOutcome::kMalformed:
      break;
  }
  return Error::InvalidArgument(std::string(field), "QUANTITY_MALFORMED",
                                "Enter the quantity as a number, like 12.345.");
}

std::string Quantity::ToString() const {
  // The decimal expansion terminates exactly when the denominator is 2^a * 5^b.
  std::int64_t rest = denominator_;
  while (rest % 2 == 0) rest /= 2;
  while (rest % 5 == 0) rest /= 5;
  if (rest != 1) return std::to_string(numerator_) + "/" + std::to_string(denominator_);

  // Long division on the magnitude; each step keeps the remainder below the denominator, so it
  // stops after at most max(a, b) digits.
  const __int128 magnitude = Abs(numerator_);
  const __int128 integer_part = magnitude / denominator_;
  __int128 remainder = magnitude % denominator_;
  std::string out = numerator_ < 0 ? "-" : "";
  out += std::to_string(static_cast<unsigned long long>(integer_part));
  if (remainder != 0) out += '.';
  while (remainder != 0) {
    remainder *= 10;
    out += static_cast<char>('0' + static_cast<int>(remainder / denominator_));
    remainder %= denominator_;
  }
  return out;
}

Quantity Quantity::RoundTo(int decimal_places, RoundingRule rule) const {
  CISTERN_CHECK(decimal_places >= 0 && decimal_places <= kMaxRoundPlaces,
                "RoundTo places out of range");
  const __int128 scale = PowerOfTen(decimal_places);
  return Reduce(DivideRounded(numerator_ * scale, denominator_, rule), scale);
}

Quantity Quantity::operator-() const {
  return Reduce(-static_cast<__int128>(numerator_), denominator_);
}

// Sums and products stay well inside 128 bits: each operand is below 2^63, so a product of two
// is below 2^126 and a sum of two such products below 2^127.
Quantity operator+(const Quantity& a, const Quantity& b) {
  return Quantity::Reduce(static_cast<__int128>(a.numerator_) * b.denominator_ +
                              static_cast<__int128>(b.numerator_) * a.denominator_,
                          static_cast<__int128>(a.denominator_) * b.denominator_);
}

Quantity operator-(const Quantity& a, const Quantity& b) {
  return Quantity::Reduce(static_cast<__int128>(a.numerator_) * b.denominator_ -
                              static_cast<__int128>(b.numerator_) * a.denominator_,
                          static_cast<__int128>(a.denominator_) * b.denominator_);
}

Quantity operator*(const Quantity& a, const Quantity& b) {
  return Quantity::Reduce(static_cast<__int128>(a.numerator_) * b.numerator_,
                          static_cast<__int128>(a.denominator_) * b.denominator_);
}

Quantity operator/(const Quantity& a, const Quantity& b) {
  CISTERN_CHECK(!b.is_zero(), "Quantity division by zero");
  return Quantity::Reduce(static_cast<__int128>(a.numerator_) * b.denominator_,
                          static_cast<__int128>(a.denominator_) * b.numerator_);
}

std::strong_ordering operator<=>(const Quantity& a, const Quantity& b) {
  const __int128 left = static_cast<__int128>(a.numerator_) * b.denominator_;
  const __int128 right = static_cast<__int128>(b.numerator_) * a.denominator_;
  if (left < right) return std::strong_ordering::less;
  if (left > right) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

void PrintTo(const Quantity& quantity, std::ostream* out) { *out << quantity.ToString(); }

const char* UsageUnitCode(UsageUnit unit) {
  switch (unit) {
    case UsageUnit::kGallon:
      return "gal";
    case UsageUnit::kThousandGallons:
      return "kgal";
    case UsageUnit::kCubicFoot:
      return "cf";
    case UsageUnit::kHundredCubicFeet:
      return "ccf";
  }
  return "gal";
}

Result<UsageUnit> ParseUsageUnit(std::string_view code, std::string_view field) {
  const std::string lower = ToLowerAscii(code);
  for (UsageUnit unit : {UsageUnit::kGallon, UsageUnit::kThousandGallons, UsageUnit::kCubicFoot,
                         UsageUnit::kHundredCubicFeet}) {
    if (lower == UsageUnitCode(unit)) return unit;
  }
  return Error::InvalidArgument(std::string(field), "USAGE_UNIT_UNKNOWN",
                                "The unit must be one of gal, kgal, cf or ccf.");
}

Usage Usage::ConvertTo(UsageUnit target) const {
  if (target == unit) return *this;
  // Combine the two factors first so the amount is multiplied once by a reduced ratio
  // (ccf -> cf is a plain 100, not 172800/231 then 231/1728).
  const Ratio from = GallonsPer(unit);
  const Ratio to = GallonsPer(target);
  const Quantity factor =
      Quantity::FromFraction(from.numerator * to.denominator, from.denominator * to.numerator);
  return Usage{amount * factor, target};
}

std::string Usage::ToString() const { return amount.ToString() + " " + UsageUnitCode(unit); }

void PrintTo(const Usage& usage, std::ostream* out) { *out << usage.ToString(); }

}  // namespace cistern
