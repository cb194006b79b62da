// RoundingRule: how an exact amount becomes whole cents (or whole units), and the one exact
// rounded division that applies it.
//
// Rules are symmetric around zero: a credit rounds to exactly the negative of the matching
// charge, so reversing a line always cancels it to the cent.
#pragma once

#include <string_view>

#include "core/result.h"

namespace cistern {

enum class RoundingRule {
  kHalfUp,    // nearest; a half goes away from zero (2.5 -> 3, -2.5 -> -3). The project default.
  kHalfEven,  // nearest; a half goes to the even neighbour (2.5 -> 2, 3.5 -> 4, -2.5 -> -2).
  kDown,      // toward zero: drop the fraction (2.9 -> 2, -2.9 -> -2).
  kUp,        // away from zero: any fraction adds one (2.1 -> 3, -2.1 -> -3).
};

// Stable names used in rate schedules and the API: "half_up", "half_even", "down", "up".
const char* RoundingRuleName(RoundingRule rule);

// Parses one of the names above; anything else is INVALID_ARGUMENT with reason
// ROUNDING_RULE_UNKNOWN.
Result<RoundingRule> ParseRoundingRule(std::string_view name,
                                       std::string_view field = "rounding_rule");

// numerator / denominator rounded by `rule`, exactly. The denominator must be positive (a zero or
// negative one is a bug and fails a CISTERN_CHECK). Callers keep |numerator| and denominator well
// inside 2^126 so no intermediate can overflow.
__int128 DivideRounded(__int128 numerator, __int128 denominator, RoundingRule rule);

}  // namespace cistern
