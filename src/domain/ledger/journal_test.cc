#include "domain/ledger/journal.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace cistern {
namespace {

using namespace std::chrono_literals;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

const AccountId kAccount(7);
const AccountId kOtherAccount(8);

Chart TestChart() {
  return Chart::Make({{"1010", "Cash - FNB", GlKind::kCash, "", "FNB"},
                      {"1210", "Receivable - water", GlKind::kReceivable, "water", ""},
                      {"1220", "Receivable - sewer", GlKind::kReceivable, "sewer", ""},
                      {"2110", "Deposits held", GlKind::kDepositsHeld, "", ""},
                      {"2120", "Unapplied credits", GlKind::kUnappliedCredits, "", ""},
                      {"4110", "Water revenue", GlKind::kRevenue, "water", ""},
                      {"4220", "Fee revenue", GlKind::kFeeRevenue, "", ""}})
      .value();
}

// A payment of $100.00: cash in, water and sewer receivables down.
JournalEntry BalancedPayment() {
  JournalEntry entry;
  entry.id = JournalEntryId(41);
  entry.kind = EntryKind::kPayment;
  entry.effective_on = 2026y / 11 / 27;
  entry.posted_at = std::chrono::sys_days(2026y / 11 / 27) + 15h;
  entry.posted_by = UserId(3);
  entry.memo = "Cash payment";
  entry.lines = {{"1010", Cents(10000), std::nullopt, ""},
                 {"1210", Cents(-6000), kAccount, "water"},
                 {"1220", Cents(-4000), kAccount, "sewer"}};
  return entry;
}

void ExpectRefused(const JournalEntry& entry, const std::string& reason, const std::string& field) {
  const Status valid = ValidateEntry(entry, TestChart());
  ASSERT_FALSE(valid.ok()) << "expected " << reason;
  EXPECT_EQ(valid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(valid.error().reason, reason);
  EXPECT_EQ(valid.error().field, field);
}

TEST(ValidateEntryTest, ABalancedEntryPasses) {
  const Status valid = ValidateEntry(BalancedPayment(), TestChart());
  EXPECT_TRUE(valid.ok()) << valid.error().message;
}

TEST(ValidateEntryTest, AnUnbalancedEntryIsRefusedWithTheDifference) {
  JournalEntry entry = BalancedPayment();
  entry.lines[0].amount = Cents(10001);
  ExpectRefused(entry, "ENTRY_UNBALANCED", "lines");
  EXPECT_NE(ValidateEntry(entry, TestChart()).error().message.find("$0.01"), std::string::npos);
}

TEST(ValidateEntryTest, AnEntryOfOneLineOrNoneIsRefused) {
  JournalEntry entry = BalancedPayment();
  entry.lines.resize(1);
  ExpectRefused(entry, "ENTRY_LINE_COUNT", "lines");
  entry.lines.clear();
  ExpectRefused(entry, "ENTRY_LINE_COUNT", "lines");
}

TEST(ValidateEntryTest, SixtyFourLinesPassAndSixtyFiveAreRefused) {
  JournalEntry entry = BalancedPayment();
  entry.lines.clear();
  for (int i = 0; i < 32; ++i) {
    entry.lines.push_back({"1010", Cents(100), std::nullopt, ""});
    entry.lines.push_back({"4220", Cents(-100), std::nullopt, ""});
  }
  ASSERT_EQ(entry.lines.size(), kEntryLinesMax);
  EXPECT_TRUE(ValidateEntry(entry, TestChart()).ok());
  entry.lines.push_back({"1010", Cents(100), std::nullopt, ""});
  ExpectRefused(entry, "ENTRY_LINE_COUNT", "lines");
}

TEST(ValidateEntryTest, AZeroLineIsRefusedNamingIt) {
  JournalEntry entry = BalancedPayment();
  entry.lines.push_back({"4220", Cents(0), std::nullopt, ""});
  ExpectRefused(entry, "ENTRY_LINE_ZERO", "lines[3]");
}

TEST(ValidateEntryTest, AnUnknownGlCodeIsRefused) {
  JournalEntry entry = BalancedPayment();
  entry.lines[0].gl_code = "1099";
  ExpectRefused(entry, "GL_ACCOUNT_UNKNOWN", "lines[0]");
}

TEST(ValidateEntryTest, AReceivableLineWithoutAnAccountIsRefused) {
  JournalEntry entry = BalancedPayment();
  entry.lines[2].account_id.reset();
  ExpectRefused(entry, "ENTRY_LINE_ACCOUNT_REQUIRED", "lines[2]");
}

TEST(ValidateEntryTest, AReceivableLineOfAnotherFundIsRefused) {
  JournalEntry entry = BalancedPayment();
  entry.lines[1].fund = "sewer";  // on the water receivable
  ExpectRefused(entry, "ENTRY_LINE_FUND_MISMATCH", "lines[1]");
  entry.lines[1].fund = "";
  ExpectRefused(entry, "ENTRY_LINE_FUND_MISMATCH", "lines[1]");
}

TEST(ValidateEntryTest, AnUnappliedCreditLineWithoutAnAccountIsRefused) {
  JournalEntry entry = BalancedPayment();
  entry.lines.push_back({"1010", Cents(500), std::nullopt, ""});
  entry.lines.push_back({"2120", Cents(-500), std::nullopt, ""});
  ExpectRefused(entry, "ENTRY_LINE_ACCOUNT_REQUIRED", "lines[4]");
  entry.lines[4].account_id = kAccount;
  EXPECT_TRUE(ValidateEntry(entry, TestChart()).ok());
}

TEST(ValidateEntryTest, ADepositLineWithoutAnAccountIsRefused) {
  JournalEntry entry = BalancedPayment();
  entry.lines = {{"1010", Cents(7500), std::nullopt, ""}, {"2110", Cents(-7500), std::nullopt, ""}};
  ExpectRefused(entry, "ENTRY_LINE_ACCOUNT_REQUIRED", "lines[1]");
}

TEST(ValidateEntryTest, AMemoOfMoreThan500CharactersIsRefused) {
  JournalEntry entry = BalancedPayment();
  entry.memo = std::string(kMemoLengthMax, 'm');
  EXPECT_TRUE(ValidateEntry(entry, TestChart()).ok());
  entry.memo += 'm';
  ExpectRefused(entry, "FIELD_TOO_LONG", "memo");
}

TEST(ValidateEntryTest, LinesWhoseSumOverflowsAreRefusedNotWrapped) {
  JournalEntry entry = BalancedPayment();
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  entry.lines = {{"1010", Cents(max), std::nullopt, ""},
                 {"1010", Cents(max), std::nullopt, ""},
                 {"4220", Cents(-2), std::nullopt, ""}};
  ExpectRefused(entry, "MONEY_OUT_OF_RANGE", "lines[1]");
}

TEST(ReversalOfTest, NegatesEveryLineAndLinksToTheOriginal) {
  const JournalEntry original = BalancedPayment();
  const Date today = 2026y / 12 / 2;
  const Instant now = std::chrono::sys_days(today) + 16h;
  const JournalEntry reversal =
      ReversalOf(original, EntryKind::kPaymentReversal, today, now, UserId(5), "Returned");
  EXPECT_EQ(reversal.kind, EntryKind::kPaymentReversal);
  ASSERT_TRUE(reversal.reverses.has_value());
  EXPECT_EQ(*reversal.reverses, original.id);
  EXPECT_FALSE(reversal.id.valid()) << "the store gives the reversal its own id";
  EXPECT_EQ(reversal.effective_on, today);
  EXPECT_EQ(reversal.posted_at, now);
  EXPECT_EQ(reversal.posted_by, UserId(5));
  EXPECT_EQ(reversal.memo, "Returned");
  ASSERT_EQ(reversal.lines.size(), original.lines.size());
  for (std::size_t i = 0; i < original.lines.size(); ++i) {
    EXPECT_EQ(reversal.lines[i].gl_code, original.lines[i].gl_code);
    EXPECT_EQ(reversal.lines[i].amount, -original.lines[i].amount);
    EXPECT_EQ(reversal.lines[i].account_id, original.lines[i].account_id);
    EXPECT_EQ(reversal.lines[i].fund, original.lines[i].fund);
  }
  EXPECT_TRUE(ValidateEntry(reversal, TestChart()).ok());
}

TEST(ReversalOfTest, TheOriginalAndItsReversalLeaveTheAccountWhereItWas) {
  const JournalEntry original = BalancedPayment();
  const JournalEntry reversal = ReversalOf(original, EntryKind::kPaymentReversal, 2026y / 12 / 2,
                                           original.posted_at, UserId(), "Posted in error");
  std::vector<EntryLine> both = original.lines;
  both.insert(both.end(), reversal.lines.begin(), reversal.lines.end());
  EXPECT_EQ(AccountBalance(original.lines, kAccount, TestChart()), Cents(-10000));
  EXPECT_EQ(AccountBalance(both, kAccount, TestChart()), Cents(0));
}

TEST(AccountBalanceTest, SumsOnlyThatAccountsReceivableAndUnappliedLines) {
  const std::vector<EntryLine> lines = {
      {"1210", Cents(5000), kAccount, "water"},        // counts
      {"1220", Cents(2500), kAccount, "sewer"},        // counts
      {"2120", Cents(-1200), kAccount, ""},            // counts: a credit
      {"2110", Cents(-7500), kAccount, ""},            // a deposit is not part of the balance
      {"4110", Cents(-5000), std::nullopt, "water"},   // revenue names no account
      {"1210", Cents(99900), kOtherAccount, "water"},  // another account
      {"2120", Cents(-300), kOtherAccount, ""},        // another account
      {"9999", Cents(100), kAccount, ""},              // not in the chart: ignored
  };
  EXPECT_EQ(AccountBalance(lines, kAccount, TestChart()), Cents(6300));
  EXPECT_EQ(AccountBalance(lines, kOtherAccount, TestChart()), Cents(99600));
  EXPECT_EQ(AccountBalance(lines, AccountId(9), TestChart()), Cents(0));
  EXPECT_EQ(AccountBalance({}, kAccount, TestChart()), Cents(0));
}

TEST(EntryKindTest, CodesReadBack) {
  for (EntryKind kind : {EntryKind::kOpeningBalance, EntryKind::kCharge, EntryKind::kPayment,
                         EntryKind::kPaymentReversal, EntryKind::kAdjustment, EntryKind::kFee,
                         EntryKind::kDepositBilled, EntryKind::kDepositPaid, EntryKind::kRefund,
                         EntryKind::kTransfer, EntryKind::kWriteOff, EntryKind::kCreditApplied}) {
    const auto parsed = ParseEntryKind(EntryKindCode(kind));
    ASSERT_TRUE(parsed.has_value()) << EntryKindCode(kind);
    EXPECT_EQ(*parsed, kind);
  }
  EXPECT_STREQ(EntryKindCode(EntryKind::kPaymentReversal), "payment_reversal");
  EXPECT_FALSE(ParseEntryKind("reversal").has_value());
  EXPECT_FALSE(ParseEntryKind("").has_value());
}

}  // namespace
}  // namespace cistern
