#include "domain/billing/scan_line.h"

#include <cstdio>

#include "core/check.h"
#include "core/luhn.h"

namespace cistern {
namespace {

constexpr std::size_t kAccountDigits = 10;
constexpr std::size_t kPayloadDigits = kAccountDigits + kScanLineAmountDigits;
constexpr std::size_t kTotalDigits = kPayloadDigits + 1;

constexpr std::string_view kField = "scan_line";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<std::string> ScanLine(const AccountNumber& account, Money amount_due) {
  if (account == AccountNumber()) {
    return Error::InvalidArgument("account_number", "SCAN_LINE_ACCOUNT_MISSING",
                                  "A scan line needs a numbered account.");
  }
  // A credit is nothing to pay: the scanner must not read it as an amount owed.
  const std::int64_t cents = amount_due.is_negative() ? 0 : amount_due.cents();
  if (cents > kScanLineMaxAmountCents) {
    return Error::InvalidArgument(
        "amount_due", "SCAN_LINE_AMOUNT_TOO_LARGE",
        "An amount due of " + amount_due.Format() +
            " does not fit the scan line, which holds at most $9,999,999.99.");
  }
  char amount[16];
  std::snprintf(amount, sizeof(amount), "%0*lld", kScanLineAmountDigits,
                static_cast<long long>(cents));
  const std::string account_digits = account.text();
  const std::string payload = account_digits + amount;
  const char check = static_cast<char>('0' + LuhnCheckDigit(payload));
  return account_digits + " " + amount + " " + check;
}

Result<ScanLineParts> ParseScanLine(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (IsDigit(c)) {
      digits.push_back(c);
    } else if (c != ' ') {
      return Error::InvalidArgument(std::string(kField), "SCAN_LINE_MALFORMED",
                                    "A scan line has only digits and spaces.");
    }
  }
  if (digits.size() != kTotalDigits) {
    return Error::InvalidArgument(
        std::string(kField), "SCAN_LINE_LENGTH",
        "A scan line has 20 digits; this one has " + std::to_string(digits.size()) + ".");
  }
  const std::string_view payload = std::string_view(digits).substr(0, kPayloadDigits);
  if (LuhnCheckDigit(payload) != digits.back() - '0') {
    return Error::InvalidArgument(std::string(kField), "SCAN_LINE_CHECK_DIGIT",
                                  "The scan line's check digit does not match; a digit was "
                                  "misread.");
  }
  Result<AccountNumber> account = AccountNumber::Parse(payload.substr(0, kAccountDigits), kField);
  if (!account.ok()) {
    return Error::InvalidArgument(
        std::string(kField), "SCAN_LINE_ACCOUNT_NUMBER",
        "The scan line's account number is not valid: " + account.error().message);
  }
  std::int64_t cents = 0;
  for (char c : payload.substr(kAccountDigits)) cents = cents * 10 + (c - '0');
  return ScanLineParts{.account = *account, .amount_due = Money::FromCents(cents)};
}

bool ScanLineValid(std::string_view text) { return ParseScanLine(text).ok(); }

}  // namespace cistern
