#include "domain/rates/rate_text.h"

#include "core/decimal_text.h"

namespace cistern {
namespace {

constexpr int kShownPlaces = 2;
constexpr std::int64_t kShownScale = 100;  // 10^kShownPlaces

const char* UnitPhrase(UsageUnit unit) {
  switch (unit) {
    case UsageUnit::kGallon:
      return "gal";
    case UsageUnit::kThousandGallons:
      return "1,000 gal";
    case UsageUnit::kCubicFoot:
      return "cu ft";
    case UsageUnit::kHundredCubicFeet:
      return "100 cu ft";
  }
  return "gal";
}

}  // namespace

std::string FormatAmount(const Quantity& amount) {
  const Quantity rounded = amount.RoundTo(kShownPlaces, RoundingRule::kHalfUp);
  // After rounding the denominator divides 100, so this is the amount in hundredths exactly.
  const std::int64_t hundredths = rounded.numerator() * (kShownScale / rounded.denominator());
  return FormatScaledDecimal(hundredths, kShownPlaces, 0, DollarSign::kNone, Grouping::kThousands);
}

Quantity GallonsPerUnit(UsageUnit unit) {
  return Usage{Quantity::FromInteger(1), unit}.ConvertTo(UsageUnit::kGallon).amount;
}

std::string FormatUsage(const Quantity& gallons, UsageUnit unit) {
  const Quantity amount = Usage{gallons, UsageUnit::kGallon}.ConvertTo(unit).amount;
  return FormatAmount(amount) + " " + UsageUnitCode(unit);
}

std::string PricePerUnitText(UnitPrice price, UsageUnit unit) {
  return price.Format() + " per " + UnitPhrase(unit);
}

std::string BlockRangeText(const Quantity& lower_gallons, const std::optional<Quantity>& upper,
                           UsageUnit unit) {
  if (!upper) {
    if (lower_gallons.is_zero()) return "All usage";
    return "Over " + FormatUsage(lower_gallons, unit);
  }
  if (lower_gallons.is_zero()) return "First " + FormatUsage(*upper, unit);
  const Quantity lower = Usage{lower_gallons, UsageUnit::kGallon}.ConvertTo(unit).amount;
  if (unit == UsageUnit::kGallon && lower.is_integer() && upper->is_integer()) {
    return FormatAmount(lower + Quantity::FromInteger(1)) + "\u2013" + FormatUsage(*upper, unit);
  }
  return "Over " + FormatAmount(lower) + " up to " + FormatUsage(*upper, unit);
}

}  // namespace cistern
