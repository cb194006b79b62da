#include "domain/ledger/posting.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/check.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

const AccountId kAccount(7);
const AccountId kOtherAccount(8);

FinanceSettings TestSettings() {
  FinanceSettings settings;
  settings.chart =
      Chart::Make({{"1010", "Cash - FNB", GlKind::kCash, "", "FNB"},
                   {"1020", "Cash - CIT lockbox", GlKind::kCash, "", "CIT"},
                   {"1210", "Receivable - water", GlKind::kReceivable, "water", ""},
                   {"1220", "Receivable - sewer", GlKind::kReceivable, "sewer", ""},
                   {"1250", "Receivable - general", GlKind::kReceivable, "general", ""},
                   {"2110", "Deposits held", GlKind::kDepositsHeld, "", ""},
                   {"2120", "Unapplied credits", GlKind::kUnappliedCredits, "", ""},
                   {"2130", "Refunds payable", GlKind::kRefundsPayable, "", ""},
                   {"4110", "Water revenue", GlKind::kRevenue, "water", ""},
                   {"4120", "Sewer revenue", GlKind::kRevenue, "sewer", ""},
                   {"4150", "General revenue", GlKind::kRevenue, "general", ""},
                   {"4210", "Penalty revenue", GlKind::kPenaltyRevenue, "", ""},
                   {"4220", "Fee revenue", GlKind::kFeeRevenue, "", ""},
                   {"6510", "Bad debt", GlKind::kBadDebt, "", ""}})
          .value();
  settings.deposit_bank = "FNB";
  settings.fund_priority = {"general", "water", "sewer"};
  settings.fees = {{"returned_item", "Returned item fee", Cents(3000), "general"},
                   {"reconnect", "Reconnect fee", Cents(5000), "general"}};
  settings.adjustment_reasons = {{"billing_error", "Billing error", false}};
  settings.adjustment_approval_over = Cents(5000);
  settings.returned_item_fee = "returned_item";
  return settings;
}

EntryHeader Header() {
  return {2026y / 11 / 27, std::chrono::sys_days(2026y / 11 / 27) + 15h, UserId(3), "Memo"};
}

// Lines as text ("1210 -60.00 acct7 water"), so a whole entry compares and prints at once.
std::vector<std::string> Texts(const JournalEntry& entry) {
  std::vector<std::string> texts;
  for (const EntryLine& line : entry.lines) {
    std::string text = line.gl_code + " " + line.amount.ToDecimalString();
    if (line.account_id) text += " acct" + std::to_string(line.account_id->value());
    if (!line.fund.empty()) text += " " + line.fund;
    texts.push_back(text);
  }
  return texts;
}

// Every builder's entry must pass the ledger's own rules and sum to zero.
void ExpectValidAndBalanced(const JournalEntry& entry) {
  const Status valid = ValidateEntry(entry, TestSettings().chart);
  EXPECT_TRUE(valid.ok()) << valid.error().reason << ": " << valid.error().message;
  Money sum;
  for (const EntryLine& line : entry.lines) sum += line.amount;
  EXPECT_EQ(sum, Money());
}

TEST(PostingTest, EveryEntryCarriesItsHeader) {
  const JournalEntry entry = FeeEntry(TestSettings(), kAccount, TestSettings().fees[0], Header());
  EXPECT_EQ(entry.kind, EntryKind::kFee);
  EXPECT_EQ(entry.effective_on, Header().effective_on);
  EXPECT_EQ(entry.posted_at, Header().posted_at);
  EXPECT_EQ(entry.posted_by, UserId(3));
  EXPECT_EQ(entry.memo, "Memo");
  EXPECT_FALSE(entry.reverses.has_value());
}

TEST(PaymentEntryTest, DebitsTheDepositBankAndCreditsEachFundPaid) {
  const Allocation allocation = {{{"general", Cents(3000)}, {"water", Cents(7000)}}, Cents(0)};
  const JournalEntry entry = PaymentEntry(TestSettings(), kAccount, allocation, Header());
  EXPECT_EQ(entry.kind, EntryKind::kPayment);
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"1010 100.00", "1250 -30.00 acct7 general",
                                                    "1210 -70.00 acct7 water"}));
  ExpectValidAndBalanced(entry);
}

TEST(PaymentEntryTest, TheRemainderBecomesAnUnappliedCredit) {
  const Allocation allocation = {{{"water", Cents(7000)}}, Cents(2550)};
  const JournalEntry entry = PaymentEntry(TestSettings(), kAccount, allocation, Header());
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"1010 95.50", "1210 -70.00 acct7 water",
                                                    "2120 -25.50 acct7"}));
  ExpectValidAndBalanced(entry);
  EXPECT_EQ(AccountBalance(entry.lines, kAccount, TestSettings().chart), Cents(-9550));
}

TEST(PaymentEntryTest, APaymentWhenNothingIsOwedIsAllCredit) {
  const JournalEntry entry = PaymentEntry(TestSettings(), kAccount, {{}, Cents(4000)}, Header());
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"1010 40.00", "2120 -40.00 acct7"}));
  ExpectValidAndBalanced(entry);
}

TEST(PaymentEntryTest, ZeroPartsOfTheAllocationWriteNoLine) {
  const Allocation allocation = {{{"general", Cents(0)}, {"sewer", Cents(1000)}}, Cents(0)};
  const JournalEntry entry = PaymentEntry(TestSettings(), kAccount, allocation, Header());
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"1010 10.00", "1220 -10.00 acct7 sewer"}));
  ExpectValidAndBalanced(entry);
}

TEST(PaymentEntryTest, ADepositBankMissingFromTheChartIsABug) {
  FinanceSettings settings = TestSettings();
  settings.deposit_bank = "XYZ";
  EXPECT_THROW(PaymentEntry(settings, kAccount, {{}, Cents(100)}, Header()), InvariantViolation);
}

TEST(FeeEntryTest, DebitsTheFeesFundAndCreditsFeeRevenue) {
  const JournalEntry entry = FeeEntry(TestSettings(), kAccount, TestSettings().fees[1], Header());
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"1250 50.00 acct7 general", "4220 -50.00"}));
  ExpectValidAndBalanced(entry);
}

TEST(FeeEntryTest, AFeeForAFundWithoutAReceivableIsABug) {
  const Fee fee = {"odd", "Odd fee", Cents(100), "stormwater"};
  EXPECT_THROW(FeeEntry(TestSettings(), kAccount, fee, Header()), InvariantViolation);
}

TEST(AdjustmentEntryTest, ADebitRaisesTheFundAndCreditsItsRevenue) {
  const JournalEntry entry = AdjustmentEntry(TestSettings(), kAccount, /*debit=*/true, "water",
                                             Cents(2000), Cents(0), Header());
  EXPECT_EQ(entry.kind, EntryKind::kAdjustment);
  EXPECT_EQ(Texts(entry),
            (std::vector<std::string>{"1210 20.00 acct7 water", "4110 -20.00 water"}));
  ExpectValidAndBalanced(entry);
}

TEST(AdjustmentEntryTest, ACreditLowersTheFundAndDebitsItsRevenue) {
  const JournalEntry entry = AdjustmentEntry(TestSettings(), kAccount, /*debit=*/false, "sewer",
                                             Cents(2000), Cents(0), Header());
  EXPECT_EQ(Texts(entry),
            (std::vector<std::string>{"1220 -20.00 acct7 sewer", "4120 20.00 sewer"}));
  ExpectValidAndBalanced(entry);
}

TEST(AdjustmentEntryTest, ACreditBeyondWhatTheFundOwesSendsTheExcessToUnappliedCredits) {
  const JournalEntry entry = AdjustmentEntry(TestSettings(), kAccount, /*debit=*/false, "water",
                                             Cents(2000), Cents(500), Header());
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"1210 -15.00 acct7 water", "2120 -5.00 acct7",
                                                    "4110 20.00 water"}));
  ExpectValidAndBalanced(entry);
  EXPECT_EQ(AccountBalance(entry.lines, kAccount, TestSettings().chart), Cents(-2000));
}

TEST(AdjustmentEntryTest, ACreditWhenTheFundOwesNothingIsAllCredit) {
  const JournalEntry entry = AdjustmentEntry(TestSettings(), kAccount, /*debit=*/false, "water",
                                             Cents(2000), Cents(2000), Header());
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"2120 -20.00 acct7", "4110 20.00 water"}));
  ExpectValidAndBalanced(entry);
}

TEST(AdjustmentEntryTest, AnExcessThatIsNotPartOfACreditIsABug) {
  const FinanceSettings settings = TestSettings();
  EXPECT_THROW(
      AdjustmentEntry(settings, kAccount, /*debit=*/true, "water", Cents(2000), Cents(1), Header()),
      InvariantViolation);
  EXPECT_THROW(AdjustmentEntry(settings, kAccount, /*debit=*/false, "water", Cents(2000),
                               Cents(2001), Header()),
               InvariantViolation);
  EXPECT_THROW(AdjustmentEntry(settings, kAccount, /*debit=*/false, "water", Cents(2000), Cents(-1),
                               Header()),
               InvariantViolation);
}

TEST(RefundEntryTest, DebitsUnappliedCreditsAndCreditsRefundsPayable) {
  const JournalEntry entry = RefundEntry(TestSettings(), kAccount, Cents(4000), Header());
  EXPECT_EQ(entry.kind, EntryKind::kRefund);
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"2120 40.00 acct7", "2130 -40.00"}));
  ExpectValidAndBalanced(entry);
  EXPECT_EQ(AccountBalance(entry.lines, kAccount, TestSettings().chart), Cents(4000));
}

TEST(CreditAppliedEntryTest, MovesCreditOntoTheFundsOwed) {
  const Allocation allocation = {{{"water", Cents(3000)}, {"sewer", Cents(1000)}}, Cents(0)};
  const JournalEntry entry = CreditAppliedEntry(TestSettings(), kAccount, allocation, Header());
  EXPECT_EQ(entry.kind, EntryKind::kCreditApplied);
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"2120 40.00 acct7", "1210 -30.00 acct7 water",
                                                    "1220 -10.00 acct7 sewer"}));
  ExpectValidAndBalanced(entry);
  EXPECT_EQ(AccountBalance(entry.lines, kAccount, TestSettings().chart), Cents(0))
      << "applying a credit does not change what the account owes overall";
}

TEST(CreditAppliedEntryTest, AnAllocationWithAnUnappliedRemainderIsABug) {
  const Allocation allocation = {{{"water", Cents(3000)}}, Cents(1)};
  EXPECT_THROW(CreditAppliedEntry(TestSettings(), kAccount, allocation, Header()),
               InvariantViolation);
}

TEST(TransferEntryTest, MirrorsEveryFundAndTheCreditOntoTheOtherAccount) {
  // The source owes 100.00 water and 12.00 sewer and holds a 25.00 credit: it owes 87.00.
  const std::vector<FundAmount> funds = {{"water", Cents(10000)}, {"sewer", Cents(1200)}};
  const JournalEntry entry =
      TransferEntry(TestSettings(), kAccount, kOtherAccount, funds, Cents(-2500), Header());
  EXPECT_EQ(entry.kind, EntryKind::kTransfer);
  EXPECT_EQ(Texts(entry),
            (std::vector<std::string>{"1210 -100.00 acct7 water", "1210 100.00 acct8 water",
                                      "1220 -12.00 acct7 sewer", "1220 12.00 acct8 sewer",
                                      "2120 25.00 acct7", "2120 -25.00 acct8"}));
  ExpectValidAndBalanced(entry);
  const Chart chart = TestSettings().chart;
  EXPECT_EQ(AccountBalance(entry.lines, kAccount, chart), Cents(-8700));
  EXPECT_EQ(AccountBalance(entry.lines, kOtherAccount, chart), Cents(8700));
}

TEST(TransferEntryTest, ZeroFundsAndAZeroCreditWriteNoLines) {
  const std::vector<FundAmount> funds = {{"water", Cents(0)}, {"sewer", Cents(500)}};
  const JournalEntry entry =
      TransferEntry(TestSettings(), kAccount, kOtherAccount, funds, Cents(0), Header());
  EXPECT_EQ(Texts(entry),
            (std::vector<std::string>{"1220 -5.00 acct7 sewer", "1220 5.00 acct8 sewer"}));
  ExpectValidAndBalanced(entry);
}

TEST(TransferEntryTest, ACreditAloneMoves) {
  const JournalEntry entry =
      TransferEntry(TestSettings(), kAccount, kOtherAccount, {}, Cents(-4000), Header());
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"2120 40.00 acct7", "2120 -40.00 acct8"}));
  ExpectValidAndBalanced(entry);
}

TEST(OpeningBalanceEntryTest, AnAmountOwedDebitsTheFundsReceivable) {
  const JournalEntry entry =
      OpeningBalanceEntry(TestSettings(), kAccount, "water", Cents(12345), Header());
  EXPECT_EQ(entry.kind, EntryKind::kOpeningBalance);
  EXPECT_EQ(Texts(entry),
            (std::vector<std::string>{"1210 123.45 acct7 water", "4110 -123.45 water"}));
  ExpectValidAndBalanced(entry);
}

TEST(OpeningBalanceEntryTest, ACreditBalanceBecomesAnUnappliedCredit) {
  const JournalEntry entry =
      OpeningBalanceEntry(TestSettings(), kAccount, "water", Cents(-4000), Header());
  EXPECT_EQ(Texts(entry), (std::vector<std::string>{"4110 40.00 water", "2120 -40.00 acct7"}));
  ExpectValidAndBalanced(entry);
  EXPECT_EQ(AccountBalance(entry.lines, kAccount, TestSettings().chart), Cents(-4000));
}

TEST(ChargeEntryTest, DebitsEachFundsReceivableAndSkipsZeroFunds) {
  const std::vector<FundAmount> charges = {
      {"water", Cents(4250)}, {"sewer", Cents(0)}, {"general", Cents(500)}};
  const JournalEntry entry = ChargeEntry(TestSettings(), kAccount, charges, Header());
  EXPECT_EQ(entry.kind, EntryKind::kCharge);
  EXPECT_EQ(Texts(entry),
            (std::vector<std::string>{"1210 42.50 acct7 water", "4110 -42.50 water",
                                      "1250 5.00 acct7 general", "4150 -5.00 general"}));
  ExpectValidAndBalanced(entry);
  EXPECT_EQ(AccountBalance(entry.lines, kAccount, TestSettings().chart), Cents(4750));
}

TEST(ChargeEntryTest, AChargeForAFundWithoutRevenueIsABug) {
  FinanceSettings settings = TestSettings();
  EXPECT_THROW(ChargeEntry(settings, kAccount, {{"stormwater", Cents(100)}}, Header()),
               InvariantViolation);
}

}  // namespace
}  // namespace cistern
