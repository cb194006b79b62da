#include <map>

#include "app/ledger_common.h"

namespace cistern {
namespace {

constexpr std::size_t kPositionsCheckedTogether = 1000;

// Two positions owe the same: the same amounts open per fund and charge date, the same credit
// left per fund, and the same unapplied credit. (A fund's leftover credit is dated at the last
// credit replayed; its date counts in no aging bucket but "current" and pays nothing, so it is
// not compared.)
bool SamePosition(const ReceivablePosition& a, const ReceivablePosition& b) {
  const auto owed = [](const ReceivablePosition& position) {
    std::map<std::pair<std::string, Date>, Money> open;
    for (const OpenItem& item : position.open) {
      open[{item.fund, item.amount > Money() ? item.charged_on : Date{}}] += item.amount;
    }
    return open;
  };
  return owed(a) == owed(b) && a.credit == b.credit;
}

}  // namespace

Result<LedgerCheckReport> CheckLedger(const AppContext& context, const Caller& caller,
                                      int violations_max) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  const FinanceSettings& settings = context.finance;
  const Chart& chart = settings.chart;
  LedgerCheckReport report;
  auto violation = [&](std::string text) {
    if (static_cast<int>(report.violations.size()) < violations_max) {
      report.violations.push_back(std::move(text));
    }
  };
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  LedgerRepository& ledger = transaction->ledger();

  // 1. Every entry obeys ValidateEntry (balanced, known GL codes, accounts on customer lines).
  CISTERN_RETURN_IF_ERROR(ledger.ForEachEntry([&](const JournalEntry& entry) {
    ++report.entries_checked;
    Status valid = ValidateEntry(entry, chart);
    if (!valid.ok()) {
      violation("entry je_" + std::to_string(entry.id.value()) + ": " + valid.error().message);
    }
    return OkStatus();
  }));
  // 2. The same, asked of the database directly, in case an entry has no lines at all.
  CISTERN_ASSIGN_OR_RETURN(auto unbalanced, ledger.UnbalancedEntries(violations_max));
  for (JournalEntryId id : unbalanced) {
    violation("entry je_" + std::to_string(id.value()) +
              " does not balance or has fewer than two lines");
  }
  CISTERN_ASSIGN_OR_RETURN(auto codes, ledger.GlCodesInUse());
  for (const std::string& code : codes) {
    if (chart.Find(code) == nullptr) violation("GL code " + code + " is not in the chart");
  }
  // Lines carry a copy of their entry's date (for allocation and aging); it must not drift.
  CISTERN_ASSIGN_OR_RETURN(auto drifted, ledger.LinesWithDriftedDates(violations_max));
  for (JournalEntryId id : drifted) {
    violation("entry je_" + std::to_string(id.value()) +
              " has a line whose effective date differs from the entry's");
  }
  // 3. Customer-money lines always name an account.
  std::set<std::string> customer_codes = BalanceGlCodes(chart);
  if (const GlAccount* deposits = chart.OfKind(GlKind::kDepositsHeld)) {
    customer_codes.insert(deposits->code);
  }
  CISTERN_ASSIGN_OR_RETURN(auto orphans,
                           ledger.LinesWithoutAccount(customer_codes, violations_max));
  for (JournalEntryId id : orphans) {
    violation("entry je_" + std::to_string(id.value()) +
              " has a customer-money line that names no account");
  }
  // 4. Receivables control per fund (the GL's view) equals the sum of account balances per fund
  // (the subledger's view).
  CISTERN_ASSIGN_OR_RETURN(auto totals, ledger.Totals(std::nullopt, std::nullopt));
  std::map<std::string, Money> control;
  for (const GlTotal& total : totals) {
    const GlAccount* gl = chart.Find(total.gl_code);
    if (gl != nullptr && gl->kind == GlKind::kReceivable) {
      control[gl->fund] += total.debits + total.credits;
    }
  }
  CISTERN_ASSIGN_OR_RETURN(auto sums, ledger.SumsByAccountAndFund(ReceivableGlCodes(chart)));
  std::map<std::string, Money> subledger;
  for (const auto& sum : sums) subledger[sum.fund] += sum.amount;
  for (const std::string& fund : chart.Funds()) {
    if (control[fund] != subledger[fund]) {
      violation("fund " + fund + ": receivables control " + control[fund].Format() +
                " differs from the sum of account balances " + subledger[fund].Format());
    }
  }
  // 4b. Each account's position as read (from the position its latest bill carries and the
  // lines after it, decision 0007) equals the replay of its whole history.
  // A thousand accounts at a time: their positions as read, then their whole histories.
  const std::set<std::string> balance_codes = BalanceGlCodes(chart);
  std::vector<AccountId> batch;
  std::vector<ReceivablePosition> as_read;
  auto compare_batch = [&]() -> Status {
    CISTERN_ASSIGN_OR_RETURN(auto every, ledger.AccountLinesFor(batch, balance_codes));
    for (std::size_t index = 0; index < batch.size(); ++index) {
      ++report.positions_checked;
      const ReceivablePosition replayed = PositionFromLines(settings, every[batch[index].value()]);
      if (!SamePosition(as_read[index], replayed)) {
        violation("account " + std::to_string(batch[index].value()) +
                  ": the position carried on its bills differs from the replay of its lines");
      }
    }
    batch.clear();
    as_read.clear();
    return OkStatus();
  };
  CISTERN_RETURN_IF_ERROR(ledger.ForEachAccountPosition(
      balance_codes, std::nullopt, [&](AccountId account, const PositionLines& read) -> Status {
        batch.push_back(account);
        as_read.push_back(PositionFromLines(settings, read.lines));
        return batch.size() < kPositionsCheckedTogether ? OkStatus() : compare_batch();
      }));
  CISTERN_RETURN_IF_ERROR(compare_batch());
  // 5. Nothing is reversed twice, and every payment's entry is a payment of its amount.
  CISTERN_ASSIGN_OR_RETURN(auto twice, ledger.EntriesReversedTwice(violations_max));
  for (JournalEntryId id : twice) {
    violation("entry je_" + std::to_string(id.value()) + " is reversed more than once");
  }
  std::set<std::string> cash_codes;
  for (const GlAccount& account : chart.accounts()) {
    if (account.kind == GlKind::kCash) cash_codes.insert(account.code);
  }
  CISTERN_ASSIGN_OR_RETURN(auto mismatched, transaction->payments().PaymentsNotMatchingTheirEntries(
                                                cash_codes, violations_max));
  for (PaymentId id : mismatched) {
    violation("payment pay_" + std::to_string(id.value()) +
              " does not match its entry (kind, cash amount, or reversal link)");
  }
  // 6. Every stored reference names a row: a billing run writes its chunks without the store
  // checking each one (TransactionMode::kBulkWrite), so they are checked here.
  CISTERN_ASSIGN_OR_RETURN(auto broken, ledger.BrokenReferences(violations_max));
  for (std::string& sentence : broken) violation(std::move(sentence));
  return report;
}

}  // namespace cistern
