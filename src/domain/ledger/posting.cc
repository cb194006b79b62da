#include "domain/ledger/posting.h"

#include "core/check.h"

namespace cistern {
namespace {

JournalEntry Start(EntryKind kind, const EntryHeader& header) {
  JournalEntry entry;
  entry.kind = kind;
  entry.effective_on = header.effective_on;
  entry.posted_at = header.posted_at;
  entry.posted_by = header.posted_by;
  entry.memo = header.memo;
  return entry;
}

const GlAccount& Required(const GlAccount* account, const std::string& what) {
  // Settings are validated at start-up (ValidateFinanceSettings), so a missing account is a bug.
  CISTERN_CHECK(account != nullptr, "the chart has no " + what);
  return *account;
}

void Receivable(JournalEntry& entry, const Chart& chart, AccountId account, const std::string& fund,
                Money amount) {
  const GlAccount& gl = Required(chart.Receivable(fund), "receivable for fund " + fund);
  entry.lines.push_back({gl.code, amount, account, fund});
}

void Revenue(JournalEntry& entry, const Chart& chart, const std::string& fund, Money amount) {
  const GlAccount& gl = Required(chart.Revenue(fund), "revenue for fund " + fund);
  entry.lines.push_back({gl.code, amount, std::nullopt, fund});
}

void OfKind(JournalEntry& entry, const Chart& chart, GlKind kind, std::optional<AccountId> account,
            Money amount) {
  const GlAccount& gl = Required(chart.OfKind(kind), GlKindCode(kind));
  entry.lines.push_back({gl.code, amount, account, ""});
}

}  // namespace

JournalEntry PaymentEntry(const FinanceSettings& settings, AccountId account,
                          const Allocation& allocation, const EntryHeader& header) {
  JournalEntry entry = Start(EntryKind::kPayment, header);
  Money total = allocation.unapplied;
  for (const FundAmount& part : allocation.to_funds) total += part.amount;
  const GlAccount& cash = Required(settings.chart.Cash(settings.deposit_bank), "deposit bank");
  entry.lines.push_back({cash.code, total, std::nullopt, ""});
  for (const FundAmount& part : allocation.to_funds) {
    if (!part.amount.is_zero()) Receivable(entry, settings.chart, account, part.fund, -part.amount);
  }
  if (!allocation.unapplied.is_zero()) {
    OfKind(entry, settings.chart, GlKind::kUnappliedCredits, account, -allocation.unapplied);
  }
  return entry;
}

JournalEntry FeeEntry(const FinanceSettings& settings, AccountId account, const Fee& fee,
                      const EntryHeader& header) {
  JournalEntry entry = Start(EntryKind::kFee, header);
  Receivable(entry, settings.chart, account, fee.fund, fee.amount);
  OfKind(entry, settings.chart, GlKind::kFeeRevenue, std::nullopt, -fee.amount);
  return entry;
}

JournalEntry AdjustmentEntry(const FinanceSettings& settings, AccountId account, bool debit,
                             const std::string& fund, Money amount, Money excess_to_credit,
                             const EntryHeader& header) {
  CISTERN_CHECK(!excess_to_credit.is_negative() && excess_to_credit <= amount &&
                    (!debit || excess_to_credit.is_zero()),
                "the excess is part of a credit adjustment");
  JournalEntry entry = Start(EntryKind::kAdjustment, header);
  if (debit) {
    Receivable(entry, settings.chart, account, fund, amount);
    Revenue(entry, settings.chart, fund, -amount);
    return entry;
  }
  const Money to_fund = amount - excess_to_credit;
  if (!to_fund.is_zero()) Receivable(entry, settings.chart, account, fund, -to_fund);
  if (!excess_to_credit.is_zero()) {
    OfKind(entry, settings.chart, GlKind::kUnappliedCredits, account, -excess_to_credit);
  }
  Revenue(entry, settings.chart, fund, amount);
  return entry;
}

JournalEntry RefundEntry(const FinanceSettings& settings, AccountId account, Money amount,
                         const EntryHeader& header) {
  JournalEntry entry = Start(EntryKind::kRefund, header);
  OfKind(entry, settings.chart, GlKind::kUnappliedCredits, account, amount);
  OfKind(entry, settings.chart, GlKind::kRefundsPayable, std::nullopt, -amount);
  return entry;
}

JournalEntry CreditAppliedEntry(const FinanceSettings& settings, AccountId account,
                                const Allocation& allocation, const EntryHeader& header) {
  CISTERN_CHECK(allocation.unapplied.is_zero(), "a credit is applied only to what is owed");
  JournalEntry entry = Start(EntryKind::kCreditApplied, header);
  Money total;
  for (const FundAmount& part : allocation.to_funds) total += part.amount;
  OfKind(entry, settings.chart, GlKind::kUnappliedCredits, account, total);
  for (const FundAmount& part : allocation.to_funds) {
    if (!part.amount.is_zero()) Receivable(entry, settings.chart, account, part.fund, -part.amount);
  }
  return entry;
}

JournalEntry TransferEntry(const FinanceSettings& settings, AccountId from, AccountId to,
                           const std::vector<FundAmount>& fund_balances, Money credit,
                           const EntryHeader& header) {
  JournalEntry entry = Start(EntryKind::kTransfer, header);
  for (const FundAmount& balance : fund_balances) {
    if (balance.amount.is_zero()) continue;
    Receivable(entry, settings.chart, from, balance.fund, -balance.amount);
    Receivable(entry, settings.chart, to, balance.fund, balance.amount);
  }
  if (!credit.is_zero()) {
    OfKind(entry, settings.chart, GlKind::kUnappliedCredits, from, -credit);
    OfKind(entry, settings.chart, GlKind::kUnappliedCredits, to, credit);
  }
  return entry;
}

JournalEntry OpeningBalanceEntry(const FinanceSettings& settings, AccountId account,
                                 const std::string& fund, Money amount, const EntryHeader& header) {
  JournalEntry entry = Start(EntryKind::kOpeningBalance, header);
  if (amount.is_negative()) {
    Revenue(entry, settings.chart, fund, -amount);
    OfKind(entry, settings.chart, GlKind::kUnappliedCredits, account, amount);
  } else {
    Receivable(entry, settings.chart, account, fund, amount);
    Revenue(entry, settings.chart, fund, -amount);
  }
  return entry;
}

JournalEntry WriteOffEntry(const FinanceSettings& settings, AccountId account,
                           const std::vector<FundAmount>& owed, const EntryHeader& header) {
  JournalEntry entry = Start(EntryKind::kWriteOff, header);
  Money total;
  for (const FundAmount& fund : owed) {
    CISTERN_CHECK(!fund.amount.is_negative(), "only money owed is written off");
    if (fund.amount.is_zero()) continue;
    Receivable(entry, settings.chart, account, fund.fund, -fund.amount);
    total += fund.amount;
  }
  OfKind(entry, settings.chart, GlKind::kBadDebt, std::nullopt, total);
  return entry;
}

JournalEntry ChargeEntry(const FinanceSettings& settings, AccountId account,
                         const std::vector<FundAmount>& charges, const EntryHeader& header) {
  JournalEntry entry = Start(EntryKind::kCharge, header);
  for (const FundAmount& charge : charges) {
    if (charge.amount.is_zero()) continue;
    Receivable(entry, settings.chart, account, charge.fund, charge.amount);
    Revenue(entry, settings.chart, charge.fund, -charge.amount);
  }
  return entry;
}

}  // namespace cistern
