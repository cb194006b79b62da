#include "core/account_number.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/check.h"

namespace cistern {
namespace {

void ExpectRefused(std::string_view text, std::string_view reason) {
  const Result<AccountNumber> parsed = AccountNumber::Parse(text, "lookup.account_number");
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().reason, reason) << text;
  EXPECT_EQ(parsed.error().field, "lookup.account_number");
  EXPECT_FALSE(parsed.error().message.empty());
}

// A few thousand sequences: the first thousand, the last, and an even spread in between.
std::vector<std::int64_t> SampleSequences() {
  std::vector<std::int64_t> sequences;
  for (std::int64_t sequence = 1; sequence <= 1000; ++sequence) sequences.push_back(sequence);
  constexpr std::int64_t kSpread = 2000;
  for (std::int64_t step = 0; step < kSpread; ++step) {
    sequences.push_back(1001 + step * ((AccountNumber::kMaxSequence - 2000) / kSpread));
  }
  for (std::int64_t sequence = AccountNumber::kMaxSequence - 999;
       sequence <= AccountNumber::kMaxSequence; ++sequence) {
    sequences.push_back(sequence);
  }
  return sequences;
}

TEST(AccountNumberTest, FromSequencePadsAndAppendsTheCheckDigit) {
  const AccountNumber first = AccountNumber::FromSequence(1);
  EXPECT_EQ(first.text().size(), 10u);
  EXPECT_EQ(first.text().substr(0, 9), "000000001");
  EXPECT_EQ(first.sequence(), 1);
  // Damm's published example: the check digit of 572 is 4.
  EXPECT_EQ(AccountNumber::CheckDigit("572"), 4);
  EXPECT_EQ(AccountNumber::CheckDigit("5724"), 0);
  // Pinned so that documents and other layers' tests can rely on these examples.
  EXPECT_EQ(first.text(), "0000000013");
  EXPECT_EQ(AccountNumber::FromSequence(100000017).text(), "1000000178");
  const AccountNumber last = AccountNumber::FromSequence(AccountNumber::kMaxSequence);
  EXPECT_EQ(last.text().substr(0, 9), "999999999");
  EXPECT_EQ(last.sequence(), AccountNumber::kMaxSequence);
}

TEST(AccountNumberTest, FromSequenceRefusesOutOfRange) {
  EXPECT_THROW(AccountNumber::FromSequence(0), InvariantViolation);
  EXPECT_THROW(AccountNumber::FromSequence(-5), InvariantViolation);
  EXPECT_THROW(AccountNumber::FromSequence(1'000'000'000), InvariantViolation);
}

TEST(AccountNumberTest, ParseReadsWhatFromSequenceWrites) {
  for (std::int64_t sequence : SampleSequences()) {
    const AccountNumber number = AccountNumber::FromSequence(sequence);
    const Result<AccountNumber> parsed = AccountNumber::Parse(number.text());
    ASSERT_TRUE(parsed.ok()) << number.text();
    EXPECT_EQ(*parsed, number);
    EXPECT_EQ(parsed->sequence(), sequence);
  }
}

TEST(AccountNumberTest, ParseIgnoresSpacesAndDashes) {
  const std::string text = AccountNumber::FromSequence(100000017).text();
  const std::string typed = text.substr(0, 3) + "-" + text.substr(3, 3) + " " + text.substr(6);
  const Result<AccountNumber> parsed = AccountNumber::Parse(" " + typed + " ");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->text(), text);
}

TEST(AccountNumberTest, ParseRefusesMalformedText) {
  const std::string valid = AccountNumber::FromSequence(100000017).text();
  ExpectRefused(valid.substr(0, 9) + "x", "ACCOUNT_NUMBER_MALFORMED");
  ExpectRefused("acct " + valid, "ACCOUNT_NUMBER_MALFORMED");
  ExpectRefused(valid.substr(0, 5) + "." + valid.substr(5), "ACCOUNT_NUMBER_MALFORMED");
  ExpectRefused(valid + "\n", "ACCOUNT_NUMBER_MALFORMED");
  ExpectRefused("0000000000", "ACCOUNT_NUMBER_MALFORMED");  // valid check digit, no account
}

TEST(AccountNumberTest, ParseRefusesWrongLength) {
  const std::string valid = AccountNumber::FromSequence(100000017).text();
  ExpectRefused("", "ACCOUNT_NUMBER_LENGTH");
  ExpectRefused(valid.substr(0, 9), "ACCOUNT_NUMBER_LENGTH");
  ExpectRefused(valid + "0", "ACCOUNT_NUMBER_LENGTH");
  ExpectRefused("- -", "ACCOUNT_NUMBER_LENGTH");
}

TEST(AccountNumberTest, ParseRefusesAWrongCheckDigitWithAHelpfulMessage) {
  const std::string valid = AccountNumber::FromSequence(100000017).text();
  std::string wrong = valid;
  wrong.back() = wrong.back() == '9' ? '0' : static_cast<char>(wrong.back() + 1);
  const Result<AccountNumber> parsed = AccountNumber::Parse(wrong);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().reason, "ACCOUNT_NUMBER_CHECK_DIGIT");
  EXPECT_EQ(parsed.error().field, "account_number");
  EXPECT_EQ(parsed.error().message, "Account number " + wrong +
                                        " has a wrong check digit; check for a mistyped or "
                                        "swapped digit.");
}

// The reason for Damm: every single-digit substitution and every adjacent transposition of two
// different digits, anywhere in the full 10-digit number, is refused.
TEST(AccountNumberTest, EverySingleDigitErrorIsCaught) {
  int checked = 0;
  for (std::int64_t sequence : SampleSequences()) {
    const std::string valid = AccountNumber::FromSequence(sequence).text();
    for (std::size_t position = 0; position < valid.size(); ++position) {
      for (char digit = '0'; digit <= '9'; ++digit) {
        if (digit == valid[position]) continue;
        std::string typo = valid;
        typo[position] = digit;
        const Result<AccountNumber> parsed = AccountNumber::Parse(typo);
        ASSERT_FALSE(parsed.ok()) << valid << " -> " << typo;
        ASSERT_EQ(parsed.error().reason, "ACCOUNT_NUMBER_CHECK_DIGIT") << typo;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(SampleSequences().size()) * 10 * 9);
}

TEST(AccountNumberTest, EveryAdjacentTranspositionIsCaught) {
  int checked = 0;
  for (std::int64_t sequence : SampleSequences()) {
    const std::string valid = AccountNumber::FromSequence(sequence).text();
    for (std::size_t position = 0; position + 1 < valid.size(); ++position) {
      if (valid[position] == valid[position + 1]) continue;
      std::string swapped = valid;
      std::swap(swapped[position], swapped[position + 1]);
      const Result<AccountNumber> parsed = AccountNumber::Parse(swapped);
      ASSERT_FALSE(parsed.ok()) << valid << " -> " << swapped;
      ASSERT_EQ(parsed.error().reason, "ACCOUNT_NUMBER_CHECK_DIGIT") << swapped;
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000);
}

TEST(AccountNumberTest, LooksLikeAccountNumber) {
  EXPECT_TRUE(AccountNumber::LooksLikeAccountNumber("1000000174"));
  EXPECT_TRUE(AccountNumber::LooksLikeAccountNumber("100-000-0174"));
  EXPECT_TRUE(AccountNumber::LooksLikeAccountNumber(" 100 000 0174 "));
  EXPECT_FALSE(AccountNumber::LooksLikeAccountNumber("100000017"));
  EXPECT_FALSE(AccountNumber::LooksLikeAccountNumber("10000001745"));
  EXPECT_FALSE(AccountNumber::LooksLikeAccountNumber("(405) 555-0142"));  // a phone number
  EXPECT_FALSE(AccountNumber::LooksLikeAccountNumber("Smith 1000000174"));
  EXPECT_FALSE(AccountNumber::LooksLikeAccountNumber(""));
}

TEST(AccountNumberTest, OrdersBySequenceAndHashes) {
  EXPECT_LT(AccountNumber::FromSequence(9), AccountNumber::FromSequence(10));
  std::unordered_set<AccountNumber> seen;
  for (std::int64_t sequence = 1; sequence <= 100; ++sequence) {
    seen.insert(AccountNumber::FromSequence(sequence));
  }
  seen.insert(AccountNumber::FromSequence(50));
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace cistern
