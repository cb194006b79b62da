#include "domain/ledger/card_number.h"

#include <string>
#include <vector>

#include "core/luhn.h"

namespace cistern {
namespace {

constexpr std::size_t kCardDigitsMin = 13;
constexpr std::size_t kCardDigitsMax = 19;

bool StartsWithRange(std::string_view digits, int length, int low, int high) {
  if (digits.size() < static_cast<std::size_t>(length)) return false;
  const int prefix = std::stoi(std::string(digits.substr(0, length)));
  return prefix >= low && prefix <= high;
}

// The issuer prefixes of the card networks a US city's terminal takes: Visa, Mastercard, American
// Express, Discover, JCB and Diners Club. Requiring one keeps ordinary numbers that happen to
// pass Luhn (a check number run together with a date, an ACH trace) from being refused.
bool HasCardIssuerPrefix(std::string_view digits) {
  return digits[0] == '4' || StartsWithRange(digits, 2, 51, 55) ||
         StartsWithRange(digits, 4, 2221, 2720) || StartsWithRange(digits, 2, 34, 34) ||
         StartsWithRange(digits, 2, 37, 37) || StartsWithRange(digits, 4, 6011, 6011) ||
         StartsWithRange(digits, 2, 65, 65) || StartsWithRange(digits, 3, 644, 649) ||
         StartsWithRange(digits, 2, 35, 35) || StartsWithRange(digits, 2, 36, 36) ||
         StartsWithRange(digits, 2, 38, 39) || StartsWithRange(digits, 3, 300, 305);
}

bool IsCardNumber(const std::string& digits) {
  return digits.size() >= kCardDigitsMin && digits.size() <= kCardDigitsMax &&
         HasCardIssuerPrefix(digits) && PassesLuhn(digits);
}

// A run of digit groups as people type a number: "4111 1111 1111 1111", "4111-1111-...". The
// card may share the run with other digits ("... 1111 12/27"), so every span of whole groups of
// 13 to 19 digits is tested; within one long unbroken group, every 13-19 digit window is.
bool RunHasCardNumber(const std::vector<std::string>& groups) {
  for (std::size_t first = 0; first < groups.size(); ++first) {
    std::string digits;
    for (std::size_t last = first; last < groups.size(); ++last) {
      digits += groups[last];
      if (digits.size() > kCardDigitsMax) break;
      if (IsCardNumber(digits)) return true;
    }
  }
  for (const std::string& group : groups) {
    if (group.size() <= kCardDigitsMax) continue;
    for (std::size_t length = kCardDigitsMin; length <= kCardDigitsMax; ++length) {
      for (std::size_t start = 0; start + length <= group.size(); ++start) {
        if (IsCardNumber(group.substr(start, length))) return true;
      }
    }
  }
  return false;
}

}  // namespace

bool LooksLikeCardNumber(std::string_view text) {
  std::vector<std::string> groups(1);
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : '\0';
    if (c >= '0' && c <= '9') {
      groups.back() += c;
      continue;
    }
    const bool separator = (c == ' ' || c == '-') && !groups.back().empty() &&
                           i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9';
    if (separator) {
      groups.emplace_back();
      continue;
    }
    if (!groups.back().empty() && RunHasCardNumber(groups)) return true;
    groups.assign(1, std::string());
  }
  return false;
}

}  // namespace cistern
