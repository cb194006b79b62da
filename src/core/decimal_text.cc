#include "core/decimal_text.h"

#include <limits>

#include "core/check.h"
#include "core/text.h"

namespace cistern {
namespace {

constexpr int kMaxScalePlaces = 18;  // 10^18 is the largest power of ten in int64

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// True when `integer` is digits with commas exactly every three places from the right.
bool IsWellGrouped(std::string_view integer) {
  const std::size_t first_comma = integer.find(',');
  const std::string_view lead = integer.substr(0, first_comma);
  if (lead.empty() || lead.size() > 3 || !AllDigits(lead) || lead.front() == '0') return false;
  std::string_view rest = integer.substr(first_comma);
  while (!rest.empty()) {
    if (rest.size() < 4 || rest[0] != ',' || !AllDigits(rest.substr(1, 3))) return false;
    rest.remove_prefix(4);
  }
  return true;
}

// magnitude = magnitude * 10 + digit, or false on overflow.
bool AppendDigit(std::uint64_t& magnitude, char digit) {
  std::uint64_t next = 0;
  if (__builtin_mul_overflow(magnitude, std::uint64_t{10}, &next)) return false;
  if (__builtin_add_overflow(next, static_cast<std::uint64_t>(digit - '0'), &next)) return false;
  magnitude = next;
  return true;
}

}  // namespace

ParsedDecimal ParseScaledDecimal(std::string_view text, int scale_places, DollarSign dollar_sign) {
  CISTERN_CHECK(scale_places >= 0 && scale_places <= kMaxScalePlaces, "scale out of range");
  std::string_view rest = Trim(text);
  const bool negative = !rest.empty() && rest.front() == '-';
  if (negative) rest.remove_prefix(1);
  if (dollar_sign == DollarSign::kDollar && !rest.empty() && rest.front() == '$') {
    rest.remove_prefix(1);
  }

  const std::size_t point = rest.find('.');
  const std::string_view integer = rest.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : rest.substr(point + 1);
  const bool grouped = integer.find(',') != std::string_view::npos;
  if (integer.empty() || (grouped ? !IsWellGrouped(integer) : !AllDigits(integer))) {
    return {DecimalParseOutcome::kMalformed, 0};
  }
  if (point != std::string_view::npos && (fraction.empty() || !AllDigits(fraction))) {
    return {DecimalParseOutcome::kMalformed, 0};
  }
  if (fraction.size() > static_cast<std::size_t>(scale_places)) {
    return {DecimalParseOutcome::kTooManyDecimals, 0};
  }

  std::uint64_t magnitude = 0;
  for (char c : integer) {
    if (c != ',' && !AppendDigit(magnitude, c)) return {DecimalParseOutcome::kOutOfRange, 0};
  }
  for (int place = 0; place < scale_places; ++place) {
    const char digit = static_cast<std::size_t>(place) < fraction.size() ? fraction[place] : '0';
    if (!AppendDigit(magnitude, digit)) return {DecimalParseOutcome::kOutOfRange, 0};
  }

  // A negative value may reach one further than a positive one (INT64_MIN).
  constexpr auto kMaxPositive =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (magnitude > kMaxPositive + (negative ? 1 : 0)) return {DecimalParseOutcome::kOutOfRange, 0};
  const std::int64_t scaled =
      negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
  return {DecimalParseOutcome::kOk, scaled};
}

std::string FormatScaledDecimal(std::int64_t scaled, int scale_places, int min_places,
                                DollarSign dollar_sign, Grouping grouping) {
  CISTERN_CHECK(scale_places >= 0 && scale_places <= kMaxScalePlaces, "scale out of range");
  CISTERN_CHECK(min_places >= 0 && min_places <= scale_places, "min_places out of range");
  // Work on the unsigned magnitude so that INT64_MIN has a positive counterpart.
  const bool negative = scaled < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
  std::uint64_t divisor = 1;
  for (int place = 0; place < scale_places; ++place) divisor *= 10;

  const std::string integer_digits = std::to_string(magnitude / divisor);
  std::string fraction_digits;
  if (scale_places > 0) {
    fraction_digits = std::to_string(magnitude % divisor);
    fraction_digits.insert(0, static_cast<std::size_t>(scale_places) - fraction_digits.size(), '0');
  }
  while (fraction_digits.size() > static_cast<std::size_t>(min_places) &&
         fraction_digits.back() == '0') {
    fraction_digits.pop_back();
  }

  std::string out;
  if (negative) out += '-';
  if (dollar_sign == DollarSign::kDollar) out += '$';
  for (std::size_t index = 0; index < integer_digits.size(); ++index) {
    const std::size_t remaining = integer_digits.size() - index;
    if (grouping == Grouping::kThousands && index > 0 && remaining % 3 == 0) out += ',';
    out += integer_digits[index];
  }
  if (!fraction_digits.empty()) out += "." + fraction_digits;
  return out;
}

}  // namespace cistern
