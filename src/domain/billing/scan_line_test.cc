#include "domain/billing/scan_line.h"

#include <gtest/gtest.h>

#include <string>

namespace cistern {
namespace {

AccountNumber Account() { return AccountNumber::FromSequence(100000154); }

std::string ScanLineOrFail(const AccountNumber& account, Money amount_due) {
  Result<std::string> line = ScanLine(account, amount_due);
  EXPECT_TRUE(line.ok()) << (line.ok() ? "" : line.error().message);
  return line.ok() ? *line : std::string();
}

void ExpectRefused(std::string_view text, const std::string& reason) {
  Result<ScanLineParts> parts = ParseScanLine(text);
  ASSERT_FALSE(parts.ok()) << "expected " << reason << " for \"" << text << "\"";
  EXPECT_EQ(parts.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parts.error().field, "scan_line");
  EXPECT_EQ(parts.error().reason, reason);
  EXPECT_FALSE(parts.error().message.empty());
  EXPECT_FALSE(ScanLineValid(text));
}

TEST(ScanLineLuhnTest, MatchesTheTextbookExample) {
  // The example from ISO/IEC 7812-1 and every description of Luhn: 7992739871 -> 3.
  EXPECT_EQ(LuhnCheckDigit("7992739871"), 3);
  EXPECT_EQ(LuhnCheckDigit("0"), 0);
  EXPECT_EQ(LuhnCheckDigit(""), 0);
}

TEST(ScanLineTest, HasAccountAmountAndCheckDigitInFixedColumns) {
  const std::string line = ScanLineOrFail(Account(), Money::FromCents(12345));
  ASSERT_EQ(line.size(), 22u);
  EXPECT_EQ(line.substr(0, 11), Account().text() + " ");
  EXPECT_EQ(line.substr(11, 10), "000012345 ");
  const std::string payload = Account().text() + "000012345";
  EXPECT_EQ(line.back() - '0', LuhnCheckDigit(payload));
}

TEST(ScanLineTest, ReadsBackWhatItWrote) {
  for (std::int64_t cents : {0LL, 1LL, 4595LL, 12345LL, 999'999'999LL}) {
    const std::string line = ScanLineOrFail(Account(), Money::FromCents(cents));
    Result<ScanLineParts> parts = ParseScanLine(line);
    ASSERT_TRUE(parts.ok()) << line << ": " << parts.error().message;
    EXPECT_EQ(parts->account, Account());
    EXPECT_EQ(parts->amount_due, Money::FromCents(cents));
    EXPECT_TRUE(ScanLineValid(line));
  }
}

TEST(ScanLineTest, ParsesWithoutSpacesToo) {
  std::string line = ScanLineOrFail(Account(), Money::FromCents(4595));
  std::erase(line, ' ');
  ASSERT_EQ(line.size(), 20u);
  EXPECT_TRUE(ScanLineValid(line));
}

TEST(ScanLineTest, ACreditPrintsAsNothingDue) {
  const std::string credit = ScanLineOrFail(Account(), Money::FromCents(-2500));
  EXPECT_EQ(credit, ScanLineOrFail(Account(), Money()));
  EXPECT_EQ(credit.substr(11, 9), "000000000");
  EXPECT_EQ(ParseScanLine(credit)->amount_due, Money());
}

TEST(ScanLineTest, RefusesAnAmountTooLargeForItsColumns) {
  Result<std::string> line = ScanLine(Account(), Money::FromCents(kScanLineMaxAmountCents + 1));
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(line.error().field, "amount_due");
  EXPECT_EQ(line.error().reason, "SCAN_LINE_AMOUNT_TOO_LARGE");
}

TEST(ScanLineTest, RefusesTheUnnumberedAccount) {
  Result<std::string> line = ScanLine(AccountNumber(), Money::FromCents(100));
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.error().field, "account_number");
  EXPECT_EQ(line.error().reason, "SCAN_LINE_ACCOUNT_MISSING");
}

TEST(ScanLineParseTest, RefusesCharactersOtherThanDigitsAndSpaces) {
  const std::string line = ScanLineOrFail(Account(), Money::FromCents(4595));
  std::string dashed = line;
  dashed[10] = '-';
  ExpectRefused(dashed, "SCAN_LINE_MALFORMED");
  std::string letter = line;
  letter[3] = 'O';  // the OCR confusion the check exists for
  ExpectRefused(letter, "SCAN_LINE_MALFORMED");
  ExpectRefused("", "SCAN_LINE_LENGTH");
}

TEST(ScanLineParseTest, RefusesTheWrongNumberOfDigits) {
  const std::string line = ScanLineOrFail(Account(), Money::FromCents(4595));
  ExpectRefused(line.substr(0, line.size() - 1), "SCAN_LINE_LENGTH");
  ExpectRefused(line + "0", "SCAN_LINE_LENGTH");
}

TEST(ScanLineParseTest, RefusesEverySingleMisreadDigit) {
  const std::string line = ScanLineOrFail(Account(), Money::FromCents(4595));
  for (std::size_t position = 0; position < line.size(); ++position) {
    if (line[position] == ' ') continue;
    for (char digit = '0'; digit <= '9'; ++digit) {
      if (digit == line[position]) continue;
      std::string misread = line;
      misread[position] = digit;
      EXPECT_FALSE(ScanLineValid(misread)) << misread;
      EXPECT_EQ(ParseScanLine(misread).error().reason, "SCAN_LINE_CHECK_DIGIT") << misread;
    }
  }
}

TEST(ScanLineParseTest, RefusesAnAccountNumberThatFailsItsOwnCheckDigit) {
  // A line whose Luhn digit was computed over a wrong account number (say, one keyed by hand
  // into another system) passes Luhn; the account's Damm digit still refuses it.
  std::string account = Account().text();
  account.back() = static_cast<char>('0' + (account.back() - '0' + 1) % 10);
  const std::string payload = account + "000004595";
  ExpectRefused(payload + std::to_string(LuhnCheckDigit(payload)), "SCAN_LINE_ACCOUNT_NUMBER");
  const std::string zero_payload = std::string(10, '0') + "000004595";
  ExpectRefused(zero_payload + std::to_string(LuhnCheckDigit(zero_payload)),
                "SCAN_LINE_ACCOUNT_NUMBER");
}

}  // namespace
}  // namespace cistern
