#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "app/ledger.h"
#include "app/ledger_common.h"
#include "app/payment_import.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

bool AnyMentions(const std::vector<std::string>& violations, const std::string& text) {
  for (const std::string& violation : violations) {
    if (violation.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& violations) {
  std::string text;
  for (const std::string& violation : violations) text += violation + "\n";
  return text;
}

// A ledger with every kind of entry the use cases write.
class LedgerCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    second_ = test::CreateAccountForSameCustomer(app_, account_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    supervisor_ = test::InsertCaller(app_, "sam", Role::kSupervisor, "Sam Ortiz");
    auditor_ = CallerWithRole(Role::kAuditor);
    ASSERT_TRUE(OpenDrawer(app_.context(), csr_, Cents(0)).ok());
  }

  void MakeBusy() {
    test::PostChargesForTest(app_, account_,
                             {{"water", Cents(4210)},
                              {"sewer", Cents(3300)},
                              {"sanitation", Cents(1150)},
                              {"stormwater", Cents(350)}},
                             std::chrono::year(2026) / 10 / 28);
    ASSERT_TRUE(PostFee(app_.context(), csr_, account_, "reconnect", "", {}).ok());
    check_ = PostPayment(app_.context(), csr_, Check(Cents(6000)), {}).value().payment;
    ASSERT_TRUE(PostPayment(app_.context(), csr_, Cash(Cents(9999)), {}).ok());
    AdjustmentRequest adjustment;
    adjustment.account_id = account_;
    adjustment.direction = AdjustmentDirection::kCredit;
    adjustment.amount = Cents(2500);
    adjustment.fund = "water";
    adjustment.reason_code = "billing_error";
    adjustment.memo = "Misread";
    ASSERT_TRUE(RequestAdjustment(app_.context(), csr_, adjustment, {}).ok());
    const auto refund = RequestRefund(app_.context(), csr_, account_, Cents(100), "").value();
    ASSERT_TRUE(
        DecideRefund(app_.context(), supervisor_, refund.refund.id, Decision::kApprove, "").ok());
    ASSERT_TRUE(ReversePayment(app_.context(), supervisor_, check_.id,
                               ReturnReason::kInsufficientFunds, "", {})
                    .ok());
    ASSERT_TRUE(TransferBalance(app_.context(), csr_, account_, second_, "", {}).ok());
  }

  PaymentRequest Cash(Money amount) {
    PaymentRequest request;
    request.account_id = account_;
    request.amount = amount;
    return request;
  }
  PaymentRequest Check(Money amount) {
    PaymentRequest request = Cash(amount);
    request.tender = Tender::kCheck;
    request.check_number = "77";
    request.bank_name = "FNB";
    return request;
  }

  LedgerCheckReport Check() { return CheckLedger(app_.context(), auditor_).value(); }

  std::string Corrupt(const std::string& sql) {
    return test::ExecuteRawSql(app_.database_path(), sql);
  }

  test::TestApp app_;
  AccountId account_;
  AccountId second_;
  Caller csr_;
  Caller supervisor_;
  Caller auditor_;
  Payment check_;
};

TEST_F(LedgerCheckTest, AnEmptyLedgerPasses) {
  const LedgerCheckReport report = Check();
  EXPECT_TRUE(report.ok()) << Joined(report.violations);
  EXPECT_EQ(report.entries_checked, 0);
}

TEST_F(LedgerCheckTest, ABusyLedgerPassesAndEveryEntryIsChecked) {
  MakeBusy();
  const LedgerCheckReport report = Check();
  EXPECT_TRUE(report.ok()) << Joined(report.violations);
  EXPECT_EQ(report.entries_checked, test::RowCount(app_, "journal_entries"));
  EXPECT_GE(report.entries_checked, 9);
}

TEST_F(LedgerCheckTest, TheJournalRefusesUpdatesAndDeletes) {
  MakeBusy();
  EXPECT_NE(Corrupt("UPDATE journal_lines SET amount_cents = 1 WHERE entry_id = 1"
                    " AND position = 0")
                .find("append-only"),
            std::string::npos);
  EXPECT_NE(Corrupt("DELETE FROM journal_entries WHERE id = 1").find("append-only"),
            std::string::npos);
  EXPECT_NE(Corrupt("UPDATE journal_entries SET memo = 'x' WHERE id = 1").find("append-only"),
            std::string::npos);
  EXPECT_TRUE(Check().ok());
}

TEST_F(LedgerCheckTest, ALineChangedBehindItsBackIsReportedNamingTheEntry) {
  MakeBusy();
  const std::int64_t entry = check_.entry_id.value();
  ASSERT_EQ(Corrupt("DROP TRIGGER journal_lines_no_update"), "");
  ASSERT_EQ(Corrupt("UPDATE journal_lines SET amount_cents = amount_cents + 1 WHERE entry_id = " +
                    std::to_string(entry) + " AND position = 0"),
            "");
  const LedgerCheckReport report = Check();
  EXPECT_FALSE(report.ok());
  const std::string name = "je_" + std::to_string(entry);
  EXPECT_TRUE(AnyMentions(report.violations, "entry " + name)) << Joined(report.violations);
  // The payment register no longer matches its entry's cash line either.
  EXPECT_TRUE(AnyMentions(report.violations, "payment pay_" + std::to_string(check_.id.value())))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, AReceivableLineWithoutAnAccountIsReported) {
  MakeBusy();
  ASSERT_EQ(Corrupt("DROP TRIGGER journal_lines_no_update"), "");
  // A receivable line that names no account: the GL control and the subledger disagree.
  const JournalEntryId charge = test::PostChargesForTest(app_, account_, {{"water", Cents(500)}});
  ASSERT_EQ(Corrupt("UPDATE journal_lines SET account_id = NULL WHERE entry_id = " +
                    std::to_string(charge.value()) + " AND position = 0"),
            "");
  const LedgerCheckReport report = Check();
  const std::string name = "je_" + std::to_string(charge.value());
  EXPECT_TRUE(AnyMentions(report.violations, name + " has a customer-money line that names no"))
      << Joined(report.violations);
  EXPECT_TRUE(AnyMentions(report.violations, "fund water: receivables control"))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, AGlCodeOutsideTheChartIsReported) {
  MakeBusy();
  const JournalEntryId fee = test::PostChargesForTest(app_, account_, {{"water", Cents(500)}});
  ASSERT_EQ(Corrupt("DROP TRIGGER journal_lines_no_update"), "");
  ASSERT_EQ(Corrupt("UPDATE journal_lines SET gl_code = '4999' WHERE entry_id = " +
                    std::to_string(fee.value()) + " AND position = 1"),
            "");
  const LedgerCheckReport report = Check();
  EXPECT_TRUE(AnyMentions(report.violations, "GL code 4999 is not in the chart"))
      << Joined(report.violations);
  EXPECT_TRUE(AnyMentions(report.violations, "entry je_" + std::to_string(fee.value())))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, AnEntryReversedTwiceIsReported) {
  MakeBusy();
  // A second reversal of the returned check's entry, written behind the use cases' back.
  const std::string original = std::to_string(check_.entry_id.value());
  ASSERT_EQ(
      Corrupt("INSERT INTO journal_entries (kind, effective_on, posted_at, memo, reverses)"
              " VALUES ('payment_reversal', '2026-11-27', '2026-11-27T16:00:00Z', 'again', " +
              original +
              ");"
              "INSERT INTO journal_lines (entry_id, position, gl_code, amount_cents,"
              " account_id, fund, effective_on) SELECT last_insert_rowid(), position, gl_code,"
              " -amount_cents, account_id, fund, '2026-11-27' FROM journal_lines"
              " WHERE entry_id = " +
              original),
      "");
  const LedgerCheckReport report = Check();
  EXPECT_TRUE(
      AnyMentions(report.violations, "entry je_" + original + " is reversed more than once"))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, ALineWhoseCopyOfTheEntryDateDriftedIsReported) {
  // Lines repeat their entry's effective date for fast reads (allocation and aging read the
  // line's copy; GL totals read the entry's). A copy that disagrees is corruption the check
  // must name, or aged receivables silently stop tying to the receivables control.
  MakeBusy();
  const JournalEntryId charge = test::PostChargesForTest(app_, account_, {{"water", Cents(500)}});
  ASSERT_EQ(Corrupt("DROP TRIGGER journal_lines_no_update"), "");
  ASSERT_EQ(Corrupt("UPDATE journal_lines SET effective_on = '2026-01-01' WHERE entry_id = " +
                    std::to_string(charge.value())),
            "");
  const LedgerCheckReport report = Check();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(AnyMentions(report.violations, "je_" + std::to_string(charge.value())))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, AnEntryWithoutLinesIsReported) {
  ASSERT_EQ(Corrupt("INSERT INTO journal_entries (kind, effective_on, posted_at, memo)"
                    " VALUES ('charge', '2026-11-27', '2026-11-27T16:00:00Z', 'empty')"),
            "");
  const LedgerCheckReport report = Check();
  EXPECT_EQ(report.entries_checked, 1);
  EXPECT_TRUE(AnyMentions(report.violations, "je_1 does not balance or has fewer than two lines"))
      << Joined(report.violations);
}

TEST_F(LedgerCheckTest, ViolationsStopAtTheLimit) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Corrupt("INSERT INTO journal_entries (kind, effective_on, posted_at, memo)"
                      " VALUES ('charge', '2026-11-27', '2026-11-27T16:00:00Z', 'empty')"),
              "");
  }
  const LedgerCheckReport report = CheckLedger(app_.context(), auditor_, 3).value();
  EXPECT_EQ(report.violations.size(), 3u);
  EXPECT_EQ(report.entries_checked, 5);
}

TEST_F(LedgerCheckTest, OnlyReportRolesMayRunIt) {
  for (Role role : {Role::kCsr, Role::kField}) {
    const auto refused = CheckLedger(app_.context(), CallerWithRole(role));
    ASSERT_FALSE(refused.ok()) << RoleCode(role);
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  }
  for (Role role : {Role::kSupervisor, Role::kFinance, Role::kAdmin, Role::kAuditor}) {
    EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(role)).ok()) << RoleCode(role);
  }
}

}  // namespace
}  // namespace cistern

namespace cistern {
namespace {

// A billing run posts a chunk's charge entries together (PostBatch): 64 rows to a statement,
// then 32, 16, ... for the rest. 101 entries of 2 to 8 lines cover every statement size.
TEST_F(LedgerCheckTest, EntriesPostedTogetherGetTheNextIdsInOrderWithEveryLine) {
  const JournalEntryId before = test::PostChargesForTest(app_, account_, {{"water", Cents(100)}});
  const FinanceSettings& settings = app_.context().finance;
  const std::vector<std::string> funds = {"water", "sewer", "sanitation", "stormwater"};
  std::vector<JournalEntry> entries;
  for (int index = 0; index < 101; ++index) {
    std::vector<FundAmount> charges;
    for (int fund = 0; fund <= index % 4; ++fund) {
      charges.push_back({funds[fund], Cents(100 * index + fund + 1)});
    }
    entries.push_back(ChargeEntry(settings, index % 2 == 0 ? account_ : second_, charges,
                                  {test::TestToday(), app_.clock().Now(), supervisor_.user_id,
                                   "Batch \"" + std::to_string(index) + "\""}));
  }
  std::vector<JournalEntry*> pointers;
  for (JournalEntry& entry : entries) pointers.push_back(&entry);
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(PostEntries(*transaction, settings, pointers).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  for (std::size_t index = 0; index < entries.size(); ++index) {
    const JournalEntry& posted = entries[index];
    EXPECT_EQ(posted.id.value(), before.value() + 1 + static_cast<std::int64_t>(index));
    const JournalEntry read = transaction->ledger().Get(posted.id).value();
    EXPECT_EQ(read.memo, posted.memo);
    EXPECT_EQ(read.posted_by, supervisor_.user_id);
    EXPECT_EQ(read.effective_on, posted.effective_on);
    ASSERT_EQ(read.lines.size(), posted.lines.size()) << index;
    for (std::size_t line = 0; line < posted.lines.size(); ++line) {
      EXPECT_EQ(read.lines[line].gl_code, posted.lines[line].gl_code);
      EXPECT_EQ(read.lines[line].amount, posted.lines[line].amount);
      EXPECT_EQ(read.lines[line].account_id, posted.lines[line].account_id);
      EXPECT_EQ(read.lines[line].fund, posted.lines[line].fund);
    }
  }
  transaction.reset();
  const LedgerCheckReport report = Check();
  EXPECT_TRUE(report.ok()) << Joined(report.violations);
  EXPECT_EQ(report.entries_checked, 102);
}

// A batch is validated whole before anything is written: one bad entry writes none of them.
TEST_F(LedgerCheckTest, ABatchWithAnUnbalancedEntryWritesNothing) {
  const FinanceSettings& settings = app_.context().finance;
  const int entries_before = test::RowCount(app_, "journal_entries");
  std::vector<JournalEntry> entries;
  for (int index = 0; index < 3; ++index) {
    entries.push_back(ChargeEntry(settings, account_, {{"water", Cents(500)}},
                                  {test::TestToday(), app_.clock().Now(), UserId(), "Charge"}));
  }
  entries[2].lines[0].amount = Cents(499);
  std::vector<JournalEntry*> pointers;
  for (JournalEntry& entry : entries) pointers.push_back(&entry);
  auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
  const Status posted = PostEntries(*transaction, settings, pointers);
  ASSERT_FALSE(posted.ok());
  EXPECT_EQ(posted.error().reason, "ENTRY_INVALID");
  transaction.reset();
  EXPECT_EQ(test::RowCount(app_, "journal_entries"), entries_before);
}

// The control totals and the per-account sums are taken in C++ over the lines (not by SQL GROUP
// BY, which sorted every line); they must equal a plain sum over every entry's lines, for all
// time, up to a date and over a range, in code-and-fund and account-and-fund order.
TEST_F(LedgerCheckTest, TotalsAndAccountSumsEqualASumOverEveryLine) {
  MakeBusy();
  const Date earlier = std::chrono::year(2026) / 9 / 15;
  test::PostChargesForTest(app_, second_, {{"water", Cents(777)}, {"sewer", Cents(222)}}, earlier);
  test::PostChargesForTest(app_, account_, {{"stormwater", Cents(45)}}, earlier);
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  LedgerRepository& ledger = transaction->ledger();
  const std::set<std::string> receivable = ReceivableGlCodes(app_.context().finance.chart);

  using Key = std::pair<std::string, std::string>;
  auto expected_totals = [&](std::optional<Date> from, std::optional<Date> to) {
    std::map<Key, std::pair<Money, Money>> sums;
    EXPECT_TRUE(ledger
                    .ForEachEntry([&](const JournalEntry& entry) {
                      if (from && entry.effective_on < *from) return OkStatus();
                      if (to && entry.effective_on > *to) return OkStatus();
                      for (const EntryLine& line : entry.lines) {
                        auto& [debits, credits] = sums[{line.gl_code, line.fund}];
                        (line.amount > Money() ? debits : credits) += line.amount;
                      }
                      return OkStatus();
                    })
                    .ok());
    return sums;
  };
  auto actual_totals = [&](std::optional<Date> from, std::optional<Date> to) {
    std::map<Key, std::pair<Money, Money>> sums;
    const std::vector<GlTotal> totals = ledger.Totals(from, to).value();
    for (std::size_t index = 0; index < totals.size(); ++index) {
      const GlTotal& total = totals[index];
      if (index > 0) {
        EXPECT_LT(std::tie(totals[index - 1].gl_code, totals[index - 1].fund),
                  std::tie(total.gl_code, total.fund));
      }
      sums[{total.gl_code, total.fund}] = {total.debits, total.credits};
    }
    return sums;
  };
  const Date today = test::TestToday();
  for (const auto& [from, to] : std::vector<std::pair<std::optional<Date>, std::optional<Date>>>{
           {std::nullopt, std::nullopt},
           {std::nullopt, earlier},
           {std::nullopt, today},
           {earlier, today},
           {today, today},
           {AddDays(earlier, 1), std::nullopt}}) {
    const auto expected = expected_totals(from, to);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(actual_totals(from, to), expected)
        << (from ? FormatDate(*from) : "open") << ".." << (to ? FormatDate(*to) : "open");
  }

  std::map<std::pair<std::int64_t, std::string>, Money> expected_sums;
  ASSERT_TRUE(ledger
                  .ForEachEntry([&](const JournalEntry& entry) {
                    for (const EntryLine& line : entry.lines) {
                      if (!line.account_id || !receivable.count(line.gl_code)) continue;
                      expected_sums[{line.account_id->value(), line.fund}] += line.amount;
                    }
                    return OkStatus();
                  })
                  .ok());
  std::erase_if(expected_sums, [](const auto& sum) { return sum.second.is_zero(); });
  // The balance transfer moved everything the first account owed, except what was charged after
  // it: some of its funds sum to zero and must be left out.
  ASSERT_FALSE(expected_sums.empty());
  const auto sums = ledger.SumsByAccountAndFund(receivable).value();
  std::map<std::pair<std::int64_t, std::string>, Money> actual_sums;
  for (std::size_t index = 0; index < sums.size(); ++index) {
    if (index > 0) {
      EXPECT_LT(std::make_pair(sums[index - 1].account_id.value(), sums[index - 1].fund),
                std::make_pair(sums[index].account_id.value(), sums[index].fund));
    }
    EXPECT_FALSE(sums[index].amount.is_zero());
    actual_sums[{sums[index].account_id.value(), sums[index].fund}] = sums[index].amount;
  }
  EXPECT_EQ(actual_sums, expected_sums);
}

}  // namespace
}  // namespace cistern
