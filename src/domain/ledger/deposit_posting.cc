#include "domain/ledger/deposit_posting.h"

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

const GlAccount& Held(const Chart& chart) {
  const GlAccount* held = chart.OfKind(GlKind::kDepositsHeld);
  CISTERN_CHECK(held != nullptr, "the chart has no deposits_held account");
  return *held;
}

const GlAccount& ReceivableOf(const Chart& chart, const std::string& fund) {
  const GlAccount* gl = chart.Receivable(fund);
  CISTERN_CHECK(gl != nullptr, "the chart has no receivable for fund " + fund);
  return *gl;
}

}  // namespace

JournalEntry DepositBilledEntry(const FinanceSettings& settings, AccountId account,
                                const std::string& fund, Money amount, EntryKind kind,
                                const EntryHeader& header) {
  CISTERN_CHECK(amount.cents() > 0, "a deposit installment is positive");
  JournalEntry entry = Start(kind, header);
  entry.lines.push_back({ReceivableOf(settings.chart, fund).code, amount, account, fund});
  entry.lines.push_back({Held(settings.chart).code, -amount, account, ""});
  return entry;
}

JournalEntry DepositInterestEntry(const FinanceSettings& settings, AccountId account,
                                  const std::string& expense_gl, Money amount,
                                  const EntryHeader& header) {
  CISTERN_CHECK(amount.cents() > 0, "interest is positive");
  JournalEntry entry = Start(EntryKind::kAdjustment, header);
  entry.lines.push_back({expense_gl, amount, std::nullopt, ""});
  entry.lines.push_back({Held(settings.chart).code, -amount, account, ""});
  return entry;
}

JournalEntry DepositReleaseEntry(const FinanceSettings& settings, AccountId account,
                                 const Allocation& allocation, EntryKind kind,
                                 const EntryHeader& header) {
  JournalEntry entry = Start(kind, header);
  Money total = allocation.unapplied;
  for (const FundAmount& part : allocation.to_funds) total += part.amount;
  CISTERN_CHECK(total.cents() > 0, "a released deposit is positive");
  entry.lines.push_back({Held(settings.chart).code, total, account, ""});
  for (const FundAmount& part : allocation.to_funds) {
    if (part.amount.is_zero()) continue;
    entry.lines.push_back(
        {ReceivableOf(settings.chart, part.fund).code, -part.amount, account, part.fund});
  }
  if (!allocation.unapplied.is_zero()) {
    const GlAccount* unapplied = settings.chart.OfKind(GlKind::kUnappliedCredits);
    CISTERN_CHECK(unapplied != nullptr, "the chart has no unapplied credits account");
    entry.lines.push_back({unapplied->code, -allocation.unapplied, account, ""});
  }
  return entry;
}

JournalEntry DepositTransferEntry(const FinanceSettings& settings, AccountId from, AccountId to,
                                  Money amount, const EntryHeader& header) {
  CISTERN_CHECK(amount.cents() > 0, "a transferred deposit is positive");
  CISTERN_CHECK(from != to, "a deposit moves to another account");
  JournalEntry entry = Start(EntryKind::kTransfer, header);
  entry.lines.push_back({Held(settings.chart).code, amount, from, ""});
  entry.lines.push_back({Held(settings.chart).code, -amount, to, ""});
  return entry;
}

}  // namespace cistern
