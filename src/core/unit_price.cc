#include "core/unit_price.h"

#include <limits>
#include <ostream>
#include <stdexcept>

#include "core/decimal_text.h"

namespace cistern {
namespace {

constexpr int kMicroPlaces = 6;
constexpr int kMinShownPlaces = 2;  // a price always shows at least cents
constexpr std::int64_t kMicrosPerCent = 10'000;

}  // namespace

Result<UnitPrice> UnitPrice::Parse(std::string_view text, std::string_view field) {
  const ParsedDecimal parsed = ParseScaledDecimal(text, kMicroPlaces, DollarSign::kDollar);
  switch (parsed.outcome) {
    case DecimalParseOutcome::kOk:
      return UnitPrice(parsed.scaled);
    case DecimalParseOutcome::kTooManyDecimals:
      return Error::InvalidArgument(std::string(field), "UNIT_PRICE_TOO_MANY_DECIMALS",
                                    "A unit price can have at most six decimal places.");
    case DecimalParseOutcome::kOutOfRange:
      return Error::InvalidArgument(std::string(field), "UNIT_PRICE_OUT_OF_RANGE",
                                    "The unit price is too large to handle.");
    case DecimalParseOutcome::kMalformed:
      break;
  }
  return Error::InvalidArgument(std::string(field), "UNIT_PRICE_MALFORMED",
                                "Enter the unit price in dollars, like 4.3725.");
}

std::string UnitPrice::Format() const {
  return FormatScaledDecimal(micros_, kMicroPlaces, kMinShownPlaces, DollarSign::kDollar,
                             Grouping::kThousands);
}

std::string UnitPrice::ToDecimalString() const {
  return FormatScaledDecimal(micros_, kMicroPlaces, kMinShownPlaces, DollarSign::kNone,
                             Grouping::kNone);
}

Money UnitPrice::Extend(const Quantity& quantity, RoundingRule rule) const {
  // micros * numerator < 2^126 and denominator * 10^4 < 2^77, so neither overflows 128 bits.
  const __int128 numerator = static_cast<__int128>(micros_) * quantity.numerator();
  const __int128 denominator = static_cast<__int128>(quantity.denominator()) * kMicrosPerCent;
  const __int128 cents = DivideRounded(numerator, denominator, rule);
  if (cents < std::numeric_limits<std::int64_t>::min() ||
      cents > std::numeric_limits<std::int64_t>::max()) {
    throw std::overflow_error("UnitPrice::Extend overflows int64 cents");
  }
  return Money::FromCents(static_cast<std::int64_t>(cents));
}

void PrintTo(UnitPrice price, std::ostream* out) { *out << price.Format(); }

}  // namespace cistern
