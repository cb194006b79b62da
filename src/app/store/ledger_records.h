// Records of the receivables ledger as the store keeps them: payments, drawers, adjustments,
// refunds, and views the account page and reports read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/money.h"
#include "domain/ledger/journal.h"

namespace cistern {

enum class Tender { kCash, kCheck, kMoneyOrder, kCard, kAch };
const char* TenderCode(Tender tender);  // "cash", "check", "money_order", "card", "ach"
const char* TenderName(Tender tender);  // "Cash", "Check", ...
std::optional<Tender> ParseTender(std::string_view code);
const std::vector<Tender>& AllTenders();

struct Payment {
  PaymentId id;
  AccountId account_id;
  JournalEntryId entry_id;
  Money amount;
  Tender tender = Tender::kCash;
  std::optional<Money> tendered;    // cash: what the customer handed over
  std::optional<Money> change_due;  // cash: tendered - amount
  std::string check_number;
  std::string bank_name;
  std::string card_auth_code;
  std::string card_last4;
  std::string reference;  // money order serial, ACH trace, lockbox batch
  std::string memo;
  Date received_on;
  std::optional<DrawerId> drawer_id;  // none for imported payments
  std::string source = "counter";
  UserId posted_by;
  Instant posted_at;
  // Set once, when the payment is returned or reversed.
  std::optional<JournalEntryId> reversal_entry_id;
  std::string reversal_reason;
  std::optional<JournalEntryId> reversal_fee_entry_id;
  std::optional<Instant> reversed_at;
  UserId reversed_by;
};

struct PaymentFilter {
  std::optional<AccountId> account_id;
  std::optional<DrawerId> drawer_id;
  std::optional<Date> received_from;
  std::optional<Date> received_to;
  bool reversed_only = false;
};

enum class DrawerStatus { kOpen, kClosed };

struct Drawer {
  DrawerId id;
  UserId user_id;
  std::string user_name;  // filled when read
  Date business_date;
  Instant opened_at;
  Money opening_float;
  DrawerStatus status = DrawerStatus::kOpen;
  std::optional<Instant> closed_at;
  UserId closed_by;
  std::optional<Money> counted_cash;
  std::optional<Money> counted_checks;
  std::optional<Money> expected_cash;
  std::optional<Money> expected_checks;
  std::optional<Money> over_short;
};

// What a drawer took, by tender, from its payments that are not reversed.
struct TenderTotals {
  Money cash;
  Money check;
  Money money_order;
  Money card;
  Money ach;
  int count = 0;
  Money For(Tender tender) const;
  // Adds `count` payments totalling `amount` of one tender.
  void Add(Tender tender, Money amount, int payments = 1);
  void Add(const TenderTotals& other);
};

enum class ApprovalStatus { kPending, kPosted, kRejected };  // refunds: kPosted = approved

enum class AdjustmentDirection { kDebit, kCredit };  // debit raises what is owed

struct Adjustment {
  AdjustmentId id;
  AccountId account_id;
  AdjustmentDirection direction = AdjustmentDirection::kCredit;
  Money amount;  // > 0
  std::string fund;
  std::string reason_code;
  std::string memo;
  std::optional<JournalEntryId> corrects_entry_id;
  ApprovalStatus status = ApprovalStatus::kPending;
  UserId requested_by;
  std::string requested_by_name;
  Instant requested_at;
  UserId decided_by;
  std::string decided_by_name;
  std::optional<Instant> decided_at;
  std::string decision_memo;
  std::optional<JournalEntryId> entry_id;
};

struct Refund {
  RefundId id;
  AccountId account_id;
  Money amount;
  std::string memo;
  ApprovalStatus status = ApprovalStatus::kPending;
  UserId requested_by;
  std::string requested_by_name;
  Instant requested_at;
  UserId decided_by;
  std::string decided_by_name;
  std::optional<Instant> decided_at;
  std::string decision_memo;
  std::optional<JournalEntryId> entry_id;
};

// One journal entry as it touches one account: its effect on the balance and the balance after.
struct AccountTransaction {
  JournalEntry entry;
  std::string posted_by_name;
  Money amount;         // the entry's effect on the account's balance
  Money balance_after;  // the account's balance after this entry (in entry order)
  std::optional<PaymentId> payment_id;
  std::optional<JournalEntryId> reversed_by;
};

// A line of one account's lines on given GL codes, for allocation and aging.
struct AccountLine {
  JournalEntryId entry_id;
  Date effective_on;
  std::string gl_code;
  std::string fund;
  Money amount;
};

// An account's receivable position in lines (decision 0007): replaying `lines` (OpenItems per
// fund, and the sum of the unapplied-credit lines) gives what replaying every one of the
// account's lines gives. `lines` may be the account's whole history, or the position carried on
// its latest bill (lines with no entry id) followed by the lines posted after that bill.
// `latest` is the latest effective date among all the lines the position stands for: a line
// dated before it cannot be replayed after them, so the whole history is replayed instead.
struct PositionLines {
  std::vector<AccountLine> lines;
  std::optional<Date> latest;  // none when the account has no lines
};

// The sum of lines by GL code and fund, for control totals and the GL export.
struct GlTotal {
  std::string gl_code;
  std::string fund;
  Money debits;   // sum of positive lines
  Money credits;  // sum of negative lines (negative)
};

}  // namespace cistern
