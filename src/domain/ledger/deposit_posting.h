// Posting rules for customer deposits (docs/ledger.md, "Deposits"). Every line on the
// deposits-held GL account names the customer account, so the deposit register is the sum of an
// account's deposits-held lines and the register's total is the GL balance.
#pragma once

#include <string>

#include "domain/ledger/allocation.h"
#include "domain/ledger/finance_settings.h"
#include "domain/ledger/journal.h"
#include "domain/ledger/posting.h"

namespace cistern {

// An installment billed on the account: debit the fund's receivable (it shows on the next bill
// and is paid like any charge); credit deposits held. `kind` is kDepositBilled, or kDepositPaid
// for a deposit taken up front (same lines: the cash goes through the payment screen, which pays
// the receivable, so drawers and tenders stay in one place).
JournalEntry DepositBilledEntry(const FinanceSettings& settings, AccountId account,
                                const std::string& fund, Money amount, EntryKind kind,
                                const EntryHeader& header);

// Interest accrued on a held deposit: debit the city's interest expense GL account; credit
// deposits held.
JournalEntry DepositInterestEntry(const FinanceSettings& settings, AccountId account,
                                  const std::string& expense_gl, Money amount,
                                  const EntryHeader& header);

// The deposit (with its interest) given back: debit deposits held by `amount`; credit each
// fund's receivable per `allocation` (what the account owes, oldest first) and unapplied credits
// by the rest. Used both for a refund after good history (kind kRefund: whatever the account does
// not owe becomes a credit balance, refunded through the refund request) and for application to
// the final bill (kind kCreditApplied).
JournalEntry DepositReleaseEntry(const FinanceSettings& settings, AccountId account,
                                 const Allocation& allocation, EntryKind kind,
                                 const EntryHeader& header);

// A deposit carried over to another account of the same customer (transfer of service): debit
// deposits held on the old account, credit deposits held on the new one. The GL balance does not
// move; each account's share of it does.
JournalEntry DepositTransferEntry(const FinanceSettings& settings, AccountId from, AccountId to,
                                  Money amount, const EntryHeader& header);

}  // namespace cistern
