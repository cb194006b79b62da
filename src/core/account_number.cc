#include "core/account_number.h"

#include <cstdio>

#include "core/check.h"

namespace cistern {
namespace {

constexpr std::size_t kDigits = 10;

// The Damm operation table: a totally anti-symmetric quasigroup of order 10 (Damm, 2004). Every
// row and column is a permutation, which catches single-digit errors; anti-symmetry catches
// adjacent transpositions.
constexpr int kDammTable[10][10] = {
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3}, {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6}, {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7}, {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSeparator(char c) { return c == ' ' || c == '-'; }

}  // namespace

int AccountNumber::CheckDigit(std::string_view digits) {
  int interim = 0;
  for (char c : digits) {
    CISTERN_CHECK(IsDigit(c), "CheckDigit needs ASCII digits");
    interim = kDammTable[interim][c - '0'];
  }
  return interim;
}

AccountNumber AccountNumber::FromSequence(std::int64_t sequence) {
  CISTERN_CHECK(sequence >= kMinSequence && sequence <= kMaxSequence,
                "account sequence out of range: " + std::to_string(sequence));
  char digits[16];
  std::snprintf(digits, sizeof(digits), "%09lld", static_cast<long long>(sequence));
  return AccountNumber(sequence * 10 + CheckDigit(digits));
}

Result<AccountNumber> AccountNumber::Parse(std::string_view text, std::string_view field) {
  std::string digits;
  for (char c : text) {
    if (IsDigit(c)) {
      digits.push_back(c);
    } else if (!IsSeparator(c)) {
      return Error::InvalidArgument(std::string(field), "ACCOUNT_NUMBER_MALFORMED",
                                    "An account number has only digits, like 1000000174.");
    }
  }
  if (digits.size() != kDigits) {
    return Error::InvalidArgument(
        std::string(field), "ACCOUNT_NUMBER_LENGTH",
        "An account number has 10 digits; this one has " + std::to_string(digits.size()) + ".");
  }
  if (CheckDigit(digits) != 0) {
    return Error::InvalidArgument(
        std::string(field), "ACCOUNT_NUMBER_CHECK_DIGIT",
        "Account number " + digits +
            " has a wrong check digit; check for a mistyped or swapped digit.");
  }
  const std::int64_t value = std::stoll(digits);
  if (value / 10 < kMinSequence) {
    return Error::InvalidArgument(std::string(field), "ACCOUNT_NUMBER_MALFORMED",
                                  "No account has the number 0000000000.");
  }
  return AccountNumber(value);
}

bool AccountNumber::LooksLikeAccountNumber(std::string_view text) {
  std::size_t digit_count = 0;
  for (char c : text) {
    if (IsDigit(c)) {
      ++digit_count;
    } else if (!IsSeparator(c)) {
      return false;
    }
  }
  return digit_count == kDigits;
}

std::string AccountNumber::text() const {
  char digits[16];
  std::snprintf(digits, sizeof(digits), "%010lld", static_cast<long long>(value_));
  return digits;
}

}  // namespace cistern
