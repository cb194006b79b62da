// Use cases for the receivables ledger: an account's money, payments and their reversal, fees,
// adjustments and refunds with supervisor approval, balance transfers, cash drawers, the day's
// close, and the ledger check. Each checks the caller's permission, validates, and writes in one
// transaction with its audit entry.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/store/ledger_records.h"
#include "app/store/page.h"
#include "domain/auth/roles.h"
#include "domain/ledger/allocation.h"

namespace cistern {

// An Idempotency-Key and a hash of the request it came with (see app/idempotency.h).
struct IdempotencyKey {
  std::string key;
  std::string request_hash;
};

// --- an account's money ----------------------------------------------------------------------

struct AccountLedger {
  Money balance;                        // owed (negative: a credit balance)
  std::vector<FundAmount> by_fund;      // receivable per fund, non-zero
  Money credit;                         // unapplied credit, as a positive amount
  std::optional<Date> cash_only_until;  // set while the restriction lasts
  AgingBuckets aging;
};
Result<AccountLedger> GetAccountLedger(const AppContext& context, const Caller& caller,
                                       AccountId account);
Result<Page<AccountTransaction>> ListAccountTransactions(const AppContext& context,
                                                         const Caller& caller, AccountId account,
                                                         const PageRequest& page);

// --- payments ----------------------------------------------------------------------------------

struct PaymentRequest {
  AccountId account_id;
  Money amount;
  Tender tender = Tender::kCash;
  std::optional<Money> tendered;  // cash
  std::string check_number;
  std::string bank_name;
  std::string card_auth_code;
  std::string card_last4;
  std::string reference;
  std::string memo;
  std::optional<Date> received_on;  // default: today
};

struct PaymentView {
  Payment payment;
  std::string account_number;
  std::string customer_name;
  std::string posted_by_name;
  std::vector<FundAmount> applied;
  Money unapplied;
  Money balance_after;  // the account's balance right after this payment (or now, if reversed)
  std::optional<Date> cash_only_until;  // the account's restriction, if any
  bool replayed = false;                // an idempotent replay of an earlier request
};

Result<PaymentView> PostPayment(const AppContext& context, const Caller& caller,
                                const PaymentRequest& request, const IdempotencyKey& key);
Result<PaymentView> GetPayment(const AppContext& context, const Caller& caller, PaymentId id);
Result<Page<PaymentView>> ListPayments(const AppContext& context, const Caller& caller,
                                       const PaymentFilter& filter, const PageRequest& page);

enum class ReturnReason { kInsufficientFunds, kAccountClosed, kStopPayment, kPostedInError };
const char* ReturnReasonCode(ReturnReason reason);  // "nsf", "account_closed", ...
const char* ReturnReasonName(ReturnReason reason);
std::optional<ReturnReason> ParseReturnReason(std::string_view code);
const std::vector<ReturnReason>& AllReturnReasons();

// Reverses a payment with a linked entry. A returned check or ACH (any reason but posted in
// error) also charges the returned-item fee, marks the account cash-only for the configured
// months, and adds a note. Needs Permission::kReversePayments.
Result<PaymentView> ReversePayment(const AppContext& context, const Caller& caller, PaymentId id,
                                   ReturnReason reason, const std::string& memo,
                                   const IdempotencyKey& key);

// --- fees, adjustments, refunds, transfers -----------------------------------------------------

struct PostedEntry {
  JournalEntry entry;
  bool replayed = false;
};

Result<PostedEntry> PostFee(const AppContext& context, const Caller& caller, AccountId account,
                            const std::string& fee_code, const std::string& memo,
                            const IdempotencyKey& key);
// The fee's entry and audit on the caller's transaction (start service charges its fee with the
// rest of the start). No permission check, no commit.
Result<JournalEntry> PostFeeIn(const AppContext& context, Transaction& transaction,
                               const Caller& caller, AccountId account, const Fee& fee,
                               const std::string& memo);

struct AdjustmentRequest {
  AccountId account_id;
  AdjustmentDirection direction = AdjustmentDirection::kCredit;
  Money amount;
  std::string fund;
  std::string reason_code;
  std::string memo;
  std::optional<JournalEntryId> corrects_entry_id;
};
struct AdjustmentView {
  Adjustment adjustment;
  std::string account_number;
  bool replayed = false;
};
// Posts at once, or waits for approval above the limit or for reasons that always need it.
Result<AdjustmentView> RequestAdjustment(const AppContext& context, const Caller& caller,
                                         const AdjustmentRequest& request,
                                         const IdempotencyKey& key);
enum class Decision { kApprove, kReject };
Result<AdjustmentView> DecideAdjustment(const AppContext& context, const Caller& caller,
                                        AdjustmentId id, Decision decision,
                                        const std::string& memo);
Result<Page<AdjustmentView>> ListAdjustments(const AppContext& context, const Caller& caller,
                                             std::optional<ApprovalStatus> status,
                                             std::optional<Date> from, std::optional<Date> to,
                                             const PageRequest& page);

struct RefundView {
  Refund refund;
  std::string account_number;
  std::string customer_name;
};
Result<RefundView> RequestRefund(const AppContext& context, const Caller& caller, AccountId account,
                                 Money amount, const std::string& memo);
// The refund request and its audit on the caller's transaction (a final bill's credit). The
// caller checks the amount against the refundable credit. No permission check, no commit.
Result<Refund> RequestRefundIn(const AppContext& context, Transaction& transaction,
                               const Caller& caller, AccountId account, Money amount,
                               const std::string& memo);
Result<RefundView> DecideRefund(const AppContext& context, const Caller& caller, RefundId id,
                                Decision decision, const std::string& memo);
Result<Page<RefundView>> ListRefunds(const AppContext& context, const Caller& caller,
                                     std::optional<ApprovalStatus> status, std::optional<Date> from,
                                     std::optional<Date> to, const PageRequest& page);

// Moves the whole balance of one account to another account of the same customer.
Result<PostedEntry> TransferBalance(const AppContext& context, const Caller& caller, AccountId from,
                                    AccountId to, const std::string& memo,
                                    const IdempotencyKey& key);

// The transfer's entry and audits on the caller's transaction (an unpaid final balance moved at
// start of service, a transfer's old balance). Returns the balance moved (debt positive), or
// nullopt when `from` has none; `posted`, when given, receives the entry. No checks of
// permission or customer, no commit.
Result<std::optional<Money>> TransferBalanceIn(const AppContext& context, Transaction& transaction,
                                               const Caller& caller, const Account& from,
                                               const Account& to, const std::string& memo,
                                               JournalEntry* posted = nullptr);

// Writes off what a final account still owes (every fund with a positive balance) to bad debt,
// as one entry. Needs Permission::kDecideApprovals: a supervisor's decision. Only final accounts
// (service stopped, final bill issued) qualify.
Result<PostedEntry> WriteOffBalance(const AppContext& context, const Caller& caller,
                                    AccountId account, const std::string& memo,
                                    const IdempotencyKey& key);

// --- drawers and the day -----------------------------------------------------------------------

struct DrawerView {
  Drawer drawer;
  TenderTotals totals;
  Money expected_cash;  // opening float + cash taken
};
Result<DrawerView> OpenDrawer(const AppContext& context, const Caller& caller, Money opening_float);
Result<DrawerView> CurrentDrawer(const AppContext& context, const Caller& caller);
Result<DrawerView> CloseDrawer(const AppContext& context, const Caller& caller, DrawerId id,
                               Money counted_cash, Money counted_checks);
Result<std::vector<DrawerView>> DrawersForDate(const AppContext& context, const Caller& caller,
                                               Date business_date);
struct ClosedDay {
  Date business_date;
  Instant closed_at;
  std::string closed_by_name;
  TenderTotals totals;
};
Result<ClosedDay> CloseDay(const AppContext& context, const Caller& caller, Date business_date);

// --- the ledger check --------------------------------------------------------------------------

struct LedgerCheckReport {
  std::int64_t entries_checked = 0;
  std::int64_t positions_checked = 0;   // accounts whose carried position was replayed
  std::vector<std::string> violations;  // the first few, each one sentence
  bool ok() const { return violations.empty(); }
};
// Verifies every invariant: each entry valid and balanced; every GL code in the chart;
// receivable control per fund equals the sum of account balances per fund; no customer-money
// line without an account; each account's position read from its bills' carried positions
// equals the replay of its whole history; no entry reversed twice; every payment's entry is a
// payment entry of its amount; every stored reference names a row. Needs
// Permission::kReadReports (the command line runs it as the system).
Result<LedgerCheckReport> CheckLedger(const AppContext& context, const Caller& caller,
                                      int violations_max = 20);

}  // namespace cistern
