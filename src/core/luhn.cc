#include "core/luhn.h"

#include "core/check.h"

namespace cistern {
namespace {

// The Luhn sum of `digits`, doubling every second digit from the right, starting with the
// rightmost when `double_rightmost` (the check digit is still to come) and with the one before it
// otherwise (the check digit is the rightmost).
int LuhnSum(std::string_view digits, bool double_rightmost) {
  int sum = 0;
  bool doubled = double_rightmost;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    CISTERN_CHECK(*it >= '0' && *it <= '9', "Luhn needs ASCII digits");
    int digit = *it - '0';
    if (doubled) {
      digit *= 2;
      if (digit > 9) digit -= 9;  // the sum of the two digits of 10..18
    }
    sum += digit;
    doubled = !doubled;
  }
  return sum;
}

}  // namespace

bool PassesLuhn(std::string_view digits) { return LuhnSum(digits, false) % 10 == 0; }

int LuhnCheckDigit(std::string_view digits) { return (10 - LuhnSum(digits, true) % 10) % 10; }

}  // namespace cistern
