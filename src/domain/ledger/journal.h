// Journal entries: every financial event is one entry whose lines balance.
//
// A line's amount is signed: a debit is positive, a credit negative, so an entry balances when
// its lines sum to zero. Lines that touch a customer's money (receivable, unapplied credits,
// deposits held) name the customer account, and receivable lines name the fund, so that the
// account's subledger and the GL move together. Entries are never changed or deleted: a
// correction is a new entry that reverses the old one and names it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/money.h"
#include "core/result.h"
#include "domain/ledger/chart.h"

namespace cistern {

enum class EntryKind {
  kOpeningBalance,  // a balance brought over from the city's previous system
  kCharge,          // service charges from a bill
  kPayment,
  kPaymentReversal,  // a returned check or ACH, or a payment posted in error
  kAdjustment,
  kFee,
  kDepositBilled,
  kDepositPaid,
  kRefund,
  kTransfer,  // a balance moved between two accounts of one customer
  kWriteOff,
  kCreditApplied,  // an account's credit balance applied to what it owes
};

const char* EntryKindCode(EntryKind kind);  // "payment", "payment_reversal", ...
std::optional<EntryKind> ParseEntryKind(std::string_view code);

struct EntryLine {
  std::string gl_code;
  Money amount;                         // debit > 0, credit < 0, never zero
  std::optional<AccountId> account_id;  // the customer account, for customer-money lines
  std::string fund;                     // receivable lines: the fund
  // A bill's charge line: stored with the bill's position carried forward and reached through
  // the bill, not through the account's index of lines (decision 0007). Set by billing only.
  bool via_bill = false;
};

struct JournalEntry {
  JournalEntryId id;
  EntryKind kind = EntryKind::kCharge;
  Date effective_on;  // the city's business date the event belongs to
  Instant posted_at;
  UserId posted_by;  // invalid (0) for the system
  std::string memo;
  std::optional<JournalEntryId> reverses;  // set on a reversing entry
  std::vector<EntryLine> lines;
};

// Limits that keep every entry reviewable by a person.
constexpr std::size_t kEntryLinesMax = 64;
constexpr std::size_t kMemoLengthMax = 500;

// The rules every entry obeys, checked before it is written and after it is read: at least two
// lines, none zero, each GL code in the chart, receivable lines with an account and the fund of
// their GL account, unapplied-credit and deposit lines with an account, and debits equal to
// credits. INVALID_ARGUMENT naming the first broken rule; the caller treats a failure on a
// stored entry as corruption.
Status ValidateEntry(const JournalEntry& entry, const Chart& chart);

// The reversing entry for `original`: every line negated, kind and memo given, linked back.
JournalEntry ReversalOf(const JournalEntry& original, EntryKind kind, Date effective_on,
                        Instant posted_at, UserId posted_by, std::string memo);

// The sum of a customer account's lines on receivable and unapplied-credit accounts: what the
// customer owes (negative: a credit balance). Deposits held are not part of the balance.
Money AccountBalance(const std::vector<EntryLine>& lines, AccountId account, const Chart& chart);

}  // namespace cistern
