// The scan line: the row of digits printed along the bottom of a bill's remittance stub, which the
// city's lockbox scanner reads by OCR so that a payment posts without anyone keying the account.
//
// Layout, 20 digits in three space-separated groups (22 characters):
//
//   AAAAAAAAAA DDDDDDDDD C
//   1000001543 000012345 7
//
//   A  the 10-digit account number, with its own Damm check digit (core/account_number.h)
//   D  the amount due in cents, zero-padded to 9 digits (at most $9,999,999.99). A credit or zero
//      balance prints as 000000000: the scanner then takes the amount from the check.
//   C  a check digit over the 19 digits before it, by the Luhn scheme (mod 10, weights 2,1,2,...
//      from the rightmost payload digit; a doubled digit above 9 counts as its digit sum). Luhn
//      is what lockbox processors configure by default; the account number's Damm digit covers
//      the transpositions Luhn misses (09 <-> 90) in the part that matters most.
//
// The groups are separated by single spaces so that a person can read the line back on the
// phone; the parser accepts the line with or without them.
#pragma once

#include <string>
#include <string_view>

#include "core/account_number.h"
#include "core/luhn.h"  // LuhnCheckDigit, the scan line's check digit
#include "core/money.h"
#include "core/result.h"

namespace cistern {

inline constexpr int kScanLineAmountDigits = 9;
inline constexpr std::int64_t kScanLineMaxAmountCents = 999'999'999;  // $9,999,999.99

// The scan line for a bill. Refusals are INVALID_ARGUMENT: reason SCAN_LINE_ACCOUNT_MISSING
// (field "account_number") for the unnumbered placeholder account, and SCAN_LINE_AMOUNT_TOO_LARGE
// (field "amount_due") above kScanLineMaxAmountCents, which no utility bill reaches: printing a
// wrong amount for the scanner to trust would be worse than refusing the bill.
Result<std::string> ScanLine(const AccountNumber& account, Money amount_due);

// What a scan line says.
struct ScanLineParts {
  AccountNumber account;
  Money amount_due;  // never negative: a credit was printed as zero
};

// Reads a scan line back, as the lockbox file reports it. Spaces anywhere are ignored. Refusals
// are INVALID_ARGUMENT naming field "scan_line", with reason SCAN_LINE_MALFORMED (a character
// other than a digit or a space), SCAN_LINE_LENGTH (not 20 digits), SCAN_LINE_CHECK_DIGIT (the
// Luhn digit does not match: a misread digit) or SCAN_LINE_ACCOUNT_NUMBER (the account part
// fails its own check digit, or is the all-zero number).
Result<ScanLineParts> ParseScanLine(std::string_view text);

// True when ParseScanLine would accept `text`.
bool ScanLineValid(std::string_view text);

}  // namespace cistern
