// Positions carried forward on bills (decision 0007): a bill's charge lines are reached through
// the bill, each bill carries its account's position, and reading a position from the latest
// bill and the lines after it gives what replaying the account's whole history gives, including
// after payments, a cancelled and rebilled bill, and a charge dated before the last bill.
#include <gtest/gtest.h>

#include <map>

#include "app/billing.h"
#include "app/demo/demo_city.h"
#include "app/demo/testing/moore_demo.h"
#include "app/ledger.h"
#include "app/ledger_common.h"
#include "domain/ledger/posting.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

Date D(const char* text) { return *ParseDate(text, "date"); }

// What a position owes: open amounts by fund and charge date (a fund's leftover credit under
// no date), and the unapplied credit.
std::map<std::pair<std::string, Date>, Money> Owed(const ReceivablePosition& position) {
  std::map<std::pair<std::string, Date>, Money> owed;
  for (const OpenItem& item : position.open) {
    owed[{item.fund, item.amount > Money() ? item.charged_on : Date{}}] += item.amount;
  }
  owed[{"unapplied credit", Date{}}] = position.credit;
  return owed;
}

class CarriedPositionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Two months of history, billed by real runs: every bill of them carries a position.
    ASSERT_TRUE(GenerateDemoCity(app_.context(), test::MooreDemo(60, 5, 2)).ok());
  }

  std::vector<AccountId> Accounts() {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    std::vector<AccountId> accounts;
    for (const char* cycle : {"1", "2", "3", "4"}) {
      for (AccountId id : transaction->billing().AccountsInCycle(cycle).value()) {
        accounts.push_back(id);
      }
    }
    return accounts;
  }

  // Checks every account: the position read equals the replay of every line. Returns how many
  // were read from a carried position (lines with no entry of their own).
  int ExpectPositionsMatchTheWholeHistory() {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    const FinanceSettings& settings = app_.context().finance;
    const std::vector<AccountId> accounts = Accounts();
    auto read = transaction->ledger()
                    .PositionLinesFor(accounts, BalanceGlCodes(settings.chart), std::nullopt)
                    .value();
    int carried = 0;
    for (AccountId account : accounts) {
      const auto every =
          transaction->ledger().AccountLines(account, BalanceGlCodes(settings.chart)).value();
      const std::vector<AccountLine>& lines = read[account.value()].lines;
      EXPECT_EQ(Owed(PositionFromLines(settings, lines)), Owed(PositionFromLines(settings, every)))
          << "account " << account.value();
      for (const AccountLine& line : lines) {
        if (!line.entry_id.valid()) {
          ++carried;
          break;
        }
      }
    }
    return carried;
  }

  test::TestApp app_;
  const Caller supervisor_ = CallerWithRole(Role::kSupervisor);
};

TEST_F(CarriedPositionTest, BillsCarryTheirAccountsPositionAndTheirChargesLeaveTheAccountIndex) {
  const std::string& db = app_.database_path();
  // Every bill carries a position; its charge lines are marked and found through the bill.
  EXPECT_GT(test::QueryRawInt(db, "SELECT COUNT(*) FROM bills"), 0);
  EXPECT_EQ(test::QueryRawInt(db,
                              "SELECT COUNT(*) FROM bills b WHERE NOT EXISTS (SELECT 1 FROM"
                              " bill_positions p WHERE p.bill_id = b.id)"),
            0);
  EXPECT_EQ(test::QueryRawInt(db,
                              "SELECT COUNT(*) FROM bills b WHERE b.entry_id IS NOT NULL AND"
                              " NOT EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id ="
                              " b.entry_id AND l.via_bill = 1)"),
            0);
  // Only a bill's receivable lines are marked: the revenue lines name no account.
  EXPECT_EQ(test::QueryRawInt(db,
                              "SELECT COUNT(*) FROM journal_lines WHERE via_bill = 1 AND"
                              " account_id IS NULL"),
            0);
  EXPECT_EQ(test::QueryRawInt(db,
                              "SELECT COUNT(*) FROM journal_lines l JOIN journal_entries e"
                              " ON e.id = l.entry_id WHERE l.via_bill = 1 AND e.kind != 'charge'"),
            0);
  // Demo payments come after the bills they pay: most positions are read from a carried one.
  const int carried = ExpectPositionsMatchTheWholeHistory();
  EXPECT_GT(carried, 30);
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

TEST_F(CarriedPositionTest, PaymentsARebillAndABackdatedChargeReadTheSameAsTheWholeHistory) {
  const FinanceSettings& settings = app_.context().finance;
  const std::vector<AccountId> accounts = Accounts();
  ASSERT_GE(accounts.size(), 3u);
  // A check taken at the counter on the first account.
  const Caller csr = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
  ASSERT_TRUE(OpenDrawer(app_.context(), csr, Money::FromCents(10000)).ok());
  PaymentRequest payment;
  payment.account_id = accounts[0];
  payment.amount = Money::FromCents(2345);
  payment.tender = Tender::kCheck;
  payment.check_number = "1042";
  payment.bank_name = "First National";
  auto paid = PostPayment(app_.context(), csr, payment, {});
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  // The second account's newest bill cancelled and billed again.
  {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    PageRequest newest;
    newest.page_size = 1;
    auto bills = transaction->billing().BillsOf(accounts[1], newest).value();
    ASSERT_FALSE(bills.items.empty());
    transaction.reset();
    auto rebill =
        CancelAndRebill(app_.context(), supervisor_, bills.items.front().id, {"Checked again", {}});
    ASSERT_TRUE(rebill.ok()) << rebill.error().message;
  }
  // A charge on the third account dated a month before its last bill: it cannot be replayed
  // after the carried position, so its position is read from the whole history.
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    EntryHeader header{D("2026-09-15"), app_.clock().Now(), UserId(), "Backdated charge"};
    JournalEntry entry =
        ChargeEntry(settings, accounts[2], {{"water", Money::FromCents(1000)}}, header);
    ASSERT_TRUE(PostEntry(*transaction, settings, entry).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  ExpectPositionsMatchTheWholeHistory();
  {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    auto read = transaction->ledger()
                    .PositionLinesFor({accounts[2]}, BalanceGlCodes(settings.chart), std::nullopt)
                    .value();
    for (const AccountLine& line : read[accounts[2].value()].lines) {
      EXPECT_TRUE(line.entry_id.valid()) << "a carried line where the whole history was due";
    }
  }
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

TEST_F(CarriedPositionTest, TheAccountHistoryListsItsBillsChargesWithARunningBalance) {
  // A bill's charge entry is found through the bill, not the account's index of lines: the
  // history still lists it, and each entry's balance after it adds up, page by page.
  const Caller auditor = CallerWithRole(Role::kAuditor);
  for (AccountId account : Accounts()) {
    const AccountLedger ledger = GetAccountLedger(app_.context(), auditor, account).value();
    PageRequest page;
    page.page_size = 3;
    std::vector<AccountTransaction> history;
    while (true) {
      auto listed = ListAccountTransactions(app_.context(), auditor, account, page);
      ASSERT_TRUE(listed.ok()) << listed.error().message;
      for (AccountTransaction& item : listed->items) history.push_back(std::move(item));
      if (!listed->next_after) break;
      page.after = *listed->next_after;
    }
    int charges = 0;
    for (std::size_t index = 0; index < history.size(); ++index) {
      if (history[index].entry.kind == EntryKind::kCharge) ++charges;
      const Money before = index + 1 < history.size() ? history[index + 1].balance_after : Money();
      EXPECT_EQ(history[index].balance_after, before + history[index].amount)
          << "account " << account.value() << ", entry " << history[index].entry.id.value();
    }
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    PageRequest bills_page;
    bills_page.page_size = 100;
    int charged_bills = 0;
    for (const Bill& bill : transaction->billing().BillsOf(account, bills_page).value().items) {
      if (bill.entry_id) ++charged_bills;
    }
    EXPECT_GE(charges, charged_bills) << "account " << account.value();
    if (!history.empty()) {
      EXPECT_EQ(history.front().balance_after, ledger.balance) << "account " << account.value();
    }
  }
}

TEST_F(CarriedPositionTest, TheLedgerCheckReportsACarriedPositionThatDiffersFromTheJournal) {
  ASSERT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
  // Someone edits a bill's carried position behind Cistern's back: $1.00 more open.
  const std::string& db = app_.database_path();
  const std::int64_t bill =
      test::QueryRawInt(db,
                        "SELECT MAX(b.id) FROM bills b JOIN bill_positions p ON p.bill_id = b.id"
                        " WHERE json_array_length(p.position, '$.lines') > 0"
                        " AND b.id = (SELECT MAX(id) FROM bills WHERE account_id = b.account_id)");
  ASSERT_GT(bill, 0);
  ASSERT_EQ(test::ExecuteRawSql(db,
                                "UPDATE bill_positions SET position = json_set(position,"
                                " '$.lines[0][3]', json_extract(position, '$.lines[0][3]')"
                                " + 100) WHERE bill_id = " +
                                    std::to_string(bill)),
            "");
  auto report = CheckLedger(app_.context(), CallerWithRole(Role::kAuditor));
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_NE(report->violations.front().find("position carried on its bills"), std::string::npos)
      << report->violations.front();
}

TEST_F(CarriedPositionTest, ADatabaseFromBeforeCarriedPositionsReadsWholeHistoriesUntilRebilled) {
  // As a database migrated from version 14 is: no bill carries a position and every charge
  // line is in the account index (the journal's triggers lifted for the test's edit only).
  const std::string& db = app_.database_path();
  ASSERT_EQ(test::ExecuteRawSql(db,
                                "DROP TRIGGER journal_lines_no_update;"
                                " UPDATE journal_lines SET via_bill = 0;"
                                " DELETE FROM bill_positions;"
                                " CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON"
                                " journal_lines BEGIN SELECT RAISE(ABORT, 'append-only'); END;"),
            "");
  EXPECT_EQ(ExpectPositionsMatchTheWholeHistory(), 0);
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
  // The account's next bill carries its position, replayed from the whole history.
  const AccountId account = Accounts().front();
  {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    PageRequest newest;
    newest.page_size = 1;
    auto bills = transaction->billing().BillsOf(account, newest).value();
    ASSERT_FALSE(bills.items.empty());
    transaction.reset();
    ASSERT_TRUE(
        CancelAndRebill(app_.context(), supervisor_, bills.items.front().id, {"Again", {}}).ok());
  }
  EXPECT_EQ(ExpectPositionsMatchTheWholeHistory(), 1);
  EXPECT_TRUE(CheckLedger(app_.context(), CallerWithRole(Role::kAuditor)).value().ok());
}

}  // namespace
}  // namespace cistern
