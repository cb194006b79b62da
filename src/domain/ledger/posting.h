// How each financial event becomes a balanced journal entry. Pure functions: the app layer
// supplies the settings, amounts and allocation, and writes the result.
#pragma once

#include <string>
#include <vector>

#include "domain/ledger/allocation.h"
#include "domain/ledger/finance_settings.h"
#include "domain/ledger/journal.h"

namespace cistern {

// What every entry carries besides its lines.
struct EntryHeader {
  Date effective_on;
  Instant posted_at;
  UserId posted_by;
  std::string memo;
};

// Debit cash (the deposit bank); credit each fund's receivable by its share of the allocation
// and unapplied credits by the remainder.
JournalEntry PaymentEntry(const FinanceSettings& settings, AccountId account,
                          const Allocation& allocation, const EntryHeader& header);

// Debit the fee's fund receivable; credit fee revenue.
JournalEntry FeeEntry(const FinanceSettings& settings, AccountId account, const Fee& fee,
                      const EntryHeader& header);

// A debit adjustment raises what is owed in a fund (debit receivable, credit the fund's
// revenue); a credit adjustment lowers it (the reverse). `excess_to_credit` (credits only, at
// most `amount`) is the part beyond what the fund owes: it goes to unapplied credits instead of
// driving the fund's receivable below zero.
JournalEntry AdjustmentEntry(const FinanceSettings& settings, AccountId account, bool debit,
                             const std::string& fund, Money amount, Money excess_to_credit,
                             const EntryHeader& header);

// Debit unapplied credits; credit refunds payable.
JournalEntry RefundEntry(const FinanceSettings& settings, AccountId account, Money amount,
                         const EntryHeader& header);

// Applies an account's credit balance to what it owes: debit unapplied credits; credit each
// fund's receivable per the allocation (whose unapplied part must be zero).
JournalEntry CreditAppliedEntry(const FinanceSettings& settings, AccountId account,
                                const Allocation& allocation, const EntryHeader& header);

// Moves every open receivable fund balance and the unapplied credit of one account to another:
// each line on `from` is mirrored by an opposite line on `to`. `fund_balances` holds the
// per-fund receivable sums (non-zero), `credit` the unapplied credit sum (<= 0 from the
// account's point of view; zero to skip).
JournalEntry TransferEntry(const FinanceSettings& settings, AccountId from, AccountId to,
                           const std::vector<FundAmount>& fund_balances, Money credit,
                           const EntryHeader& header);

// An opening balance brought from the previous system: debit a fund's receivable, credit the
// fund's revenue (a negative amount is a credit balance: debit revenue, credit unapplied).
JournalEntry OpeningBalanceEntry(const FinanceSettings& settings, AccountId account,
                                 const std::string& fund, Money amount, const EntryHeader& header);

// Writes off what a final account owes as uncollectible: debit bad debt; credit each fund's
// receivable by its (positive) balance.
JournalEntry WriteOffEntry(const FinanceSettings& settings, AccountId account,
                           const std::vector<FundAmount>& owed, const EntryHeader& header);

// A service charge (later issues: from a bill): debit the fund's receivable, credit its revenue.
JournalEntry ChargeEntry(const FinanceSettings& settings, AccountId account,
                         const std::vector<FundAmount>& charges, const EntryHeader& header);

}  // namespace cistern
