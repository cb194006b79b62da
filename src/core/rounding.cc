#include "core/rounding.h"

#include <string>

#include "core/check.h"

namespace cistern {

const char* RoundingRuleName(RoundingRule rule) {
  switch (rule) {
    case RoundingRule::kHalfUp:
      return "half_up";
    case RoundingRule::kHalfEven:
      return "half_even";
    case RoundingRule::kDown:
      return "down";
    case RoundingRule::kUp:
      return "up";
  }
  return "half_up";
}

Result<RoundingRule> ParseRoundingRule(std::string_view name, std::string_view field) {
  for (RoundingRule rule :
       {RoundingRule::kHalfUp, RoundingRule::kHalfEven, RoundingRule::kDown, RoundingRule::kUp}) {
    if (name == RoundingRuleName(rule)) return rule;
  }
  return Error::InvalidArgument(std::string(field), "ROUNDING_RULE_UNKNOWN",
                                "The rounding rule must be one of half_up, half_even, down or up.");
}

__int128 DivideRounded(__int128 numerator, __int128 denominator, RoundingRule rule) {
  CISTERN_CHECK(denominator > 0, "DivideRounded needs a positive denominator");
  const __int128 quotient = numerator / denominator;   // truncated toward zero
  const __int128 remainder = numerator % denominator;  // same sign as the numerator
  if (remainder == 0) return quotient;
  const __int128 away = numerator < 0 ? -1 : 1;
  const __int128 remainder_magnitude = remainder < 0 ? -remainder : remainder;
  // Compare |remainder| with denominator / 2 without doubling, which could overflow.
  const __int128 rest = denominator - remainder_magnitude;
  switch (rule) {
    case RoundingRule::kDown:
      return quotient;
    case RoundingRule::kUp:
      return quotient + away;
    case RoundingRule::kHalfUp:
      return remainder_magnitude >= rest ? quotient + away : quotient;
    case RoundingRule::kHalfEven:
      if (remainder_magnitude > rest) return quotient + away;
      if (remainder_magnitude < rest) return quotient;
      return quotient % 2 == 0 ? quotient : quotient + away;
  }
  return quotient;
}

}  // namespace cistern
