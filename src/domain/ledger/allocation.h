// Payment allocation and aging over an account's receivable lines (balance-forward).
//
// A payment is not tied to one bill: it pays down what the account owes, oldest first, and on
// the same date in the city's fund priority. What is left over becomes an unapplied credit.
// Pure functions; the app layer loads the lines and posts the result as one journal entry.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"

namespace cistern {

// One receivable line of one customer account, as the allocation sees it.
struct DatedLine {
  Date effective_on;
  std::string fund;
  Money amount;  // debit (a charge) > 0, credit (a payment, credit adjustment) < 0
};

// Part of what an account owes in one fund, from one date.
struct OpenItem {
  std::string fund;
  Date charged_on;
  Money amount;  // > 0 owed; < 0 a fund's credit left over after every debit was paid
};

// Replays the lines in date order (ties in input order), per fund, first in first out: each
// credit pays the fund's oldest open debits first. Returns what is still open, oldest first
// (ties by fund priority order of first appearance). A fund whose credits exceed its debits
// yields one negative item dated at its last credit.
std::vector<OpenItem> OpenItems(const std::vector<DatedLine>& lines);

struct FundAmount {
  std::string fund;
  Money amount;
};

struct Allocation {
  std::vector<FundAmount> to_funds;  // what the payment pays per fund, in allocation order
  Money unapplied;                   // the rest, kept as a credit balance
};

// Splits `amount` (> 0) across the positive open items: oldest first; items of the same date in
// `fund_priority` order (funds not listed come after, alphabetically). Amounts per fund are
// summed; the remainder is unapplied. Exact to the cent: the parts always sum to `amount`.
Allocation AllocatePayment(Money amount, const std::vector<OpenItem>& open,
                           const std::vector<std::string>& fund_priority);

// Receivables by age on `as_of`: 0-30 days since charged is current, then 31-60, 61-90 and
// over 90. Negative items (credits) count in current. total() equals the sum of all items.
struct AgingBuckets {
  Money current;
  Money days_31_60;
  Money days_61_90;
  Money over_90;
  Money total() const { return current + days_31_60 + days_61_90 + over_90; }
};
AgingBuckets Age(const std::vector<OpenItem>& open, Date as_of);

}  // namespace cistern
