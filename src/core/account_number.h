// AccountNumber: the 10-digit number printed on bills and typed by customers and CSRs.
//
// Nine digits of sequence (zero-padded) and a check digit computed with the Damm algorithm.
// Damm catches every single mistyped digit and every swap of two adjacent digits, which Luhn
// does not (Luhn misses 09 <-> 90), and it needs no weights or a letter for a remainder of 10.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace cistern {

class AccountNumber {
 public:
  static constexpr std::int64_t kMinSequence = 1;
  static constexpr std::int64_t kMaxSequence = 999'999'999;

  // An empty placeholder (the all-zero number), for records not yet numbered; never valid.
  constexpr AccountNumber() = default;

  // The number for a sequence in [kMinSequence, kMaxSequence]; sequences come from the store, so
  // anything else is a bug (CISTERN_CHECK).
  static AccountNumber FromSequence(std::int64_t sequence);

  // Reads a number as typed: spaces and dashes are ignored ("100-000-0174"). Refusals are
  // INVALID_ARGUMENT naming `field`, with reason ACCOUNT_NUMBER_MALFORMED (any other character,
  // or the all-zero number, which no account has), ACCOUNT_NUMBER_LENGTH (not 10 digits) or
  // ACCOUNT_NUMBER_CHECK_DIGIT (a mistyped or swapped digit).
  static Result<AccountNumber> Parse(std::string_view text,
                                     std::string_view field = "account_number");

  // True when `text` is made of digits, spaces and dashes only and has exactly 10 digits: a
  // search box uses it to treat the query as an account number. The check digit is not checked,
  // so that a mistyped number can still be reported as such.
  static bool LooksLikeAccountNumber(std::string_view text);

  // The Damm check digit (0-9) for a string of ASCII digits.
  static int CheckDigit(std::string_view digits);

  // The 10 digits: sequence 1 is "0000000013", sequence 100000017 is "1000000178".
  std::string text() const;
  std::int64_t sequence() const { return value_ / 10; }

  friend auto operator<=>(const AccountNumber&, const AccountNumber&) = default;

 private:
  explicit AccountNumber(std::int64_t value) : value_(value) {}

  std::int64_t value_ = 0;  // sequence * 10 + check digit
};

}  // namespace cistern

template <>
struct std::hash<cistern::AccountNumber> {
  std::size_t operator()(const cistern::AccountNumber& number) const noexcept {
    return std::hash<std::int64_t>()(number.sequence());
  }
};
