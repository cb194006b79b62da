#include "domain/ledger/card_number.h"

#include <string>

namespace cistern {
namespace {

constexpr std::size_t kCardDigitsMin = 13;
constexpr std::size_t kCardDigitsMax = 19;

bool PassesLuhn(std::string_view digits) {
  int sum = 0;
  bool double_it = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int digit = *it - '0';
    if (double_it) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

// Any window of 13..19 consecutive digits within a run that passes Luhn counts, so that a card
// number pasted next to other digits is still caught.
bool RunHasCardNumber(const std::string& run) {
  for (std::size_t length = kCardDigitsMin; length <= kCardDigitsMax; ++length) {
    for (std::size_t start = 0; start + length <= run.size(); ++start) {
      if (PassesLuhn(std::string_view(run).substr(start, length))) return true;
    }
  }
  return false;
}

}  // namespace

bool LooksLikeCardNumber(std::string_view text) {
  std::string run;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : '\0';
    if (c >= '0' && c <= '9') {
      run += c;
      continue;
    }
    // Separators inside a number do not end the run.
    const bool separator = (c == ' ' || c == '-') && !run.empty() && i + 1 < text.size() &&
                           text[i + 1] >= '0' && text[i + 1] <= '9';
    if (separator) continue;
    if (run.size() >= kCardDigitsMin && RunHasCardNumber(run)) return true;
    run.clear();
  }
  return false;
}

}  // namespace cistern
