// The Luhn (mod 10) check digit, used by card networks and by the remittance scan line. `digits`
// is ASCII digits only (a CISTERN_CHECK); the rightmost digit of a checked number is its check
// digit.
#pragma once

#include <string_view>

namespace cistern {

// True when `digits` (check digit included, last) passes the Luhn check.
bool PassesLuhn(std::string_view digits);

// The check digit (0-9) that makes `digits` followed by it pass the Luhn check.
int LuhnCheckDigit(std::string_view digits);

}  // namespace cistern
