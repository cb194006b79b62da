// The store's interfaces for the receivables ledger, one per area. See repositories.h for the
// error conventions.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/store/ledger_records.h"
#include "app/store/page.h"
#include "core/result.h"

namespace cistern {

class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;
  // Appends a validated entry and its lines; the journal is never updated or deleted.
  virtual Result<JournalEntryId> Post(const JournalEntry& entry) = 0;
  // Appends validated entries in order, with their lines, in as few statements as it can (a
  // billing run writes a chunk's charges together); sets each entry's id. The ids follow the
  // journal's last in order.
  virtual Status PostBatch(const std::vector<JournalEntry*>& entries) = 0;
  virtual Result<JournalEntry> Get(JournalEntryId id) = 0;
  // The entry that reverses `id`, if any.
  virtual Result<std::optional<JournalEntryId>> ReversalOf(JournalEntryId id) = 0;
  // Every line of an account on the given GL codes, in entry order (its whole history: for an
  // account's position, PositionLinesFor reads far less).
  virtual Result<std::vector<AccountLine>> AccountLines(AccountId account,
                                                        const std::set<std::string>& gl_codes) = 0;
  // The same for many accounts: the lines of each account that has any, keyed by account id.
  virtual Result<std::map<std::int64_t, std::vector<AccountLine>>> AccountLinesFor(
      const std::vector<AccountId>& accounts, const std::set<std::string>& gl_codes) = 0;
  // The accounts' receivable positions, keyed by account id (every account asked for), each
  // from the position its latest bill carries and the lines after that bill, or from its whole
  // history when there is no carried position or a later line is dated before what it replayed
  // (decision 0007). `balance_codes` are the receivable codes and the unapplied-credit code,
  // the codes bills carry positions on, or a subset of them. With `as_of`, only lines effective
  // on or before that day count.
  virtual Result<std::map<std::int64_t, PositionLines>> PositionLinesFor(
      const std::vector<AccountId>& accounts, const std::set<std::string>& balance_codes,
      std::optional<Date> as_of) = 0;
  // Entries touching the account, newest first, with their effect on the sum over `gl_codes`
  // and the running sum after each. PageRequest::after is the last entry id of the previous page.
  virtual Result<Page<AccountTransaction>> AccountTransactions(
      AccountId account, const std::set<std::string>& gl_codes, const PageRequest& page) = 0;
  // Entries effective in [from, to], in date order (then id), at most `limit`.
  virtual Result<std::vector<JournalEntry>> EntriesBetween(Date from, Date to, int limit) = 0;
  // Totals by GL code and fund of entries effective in [from, to] (either end may be open), in
  // code then fund order.
  virtual Result<std::vector<GlTotal>> Totals(std::optional<Date> from, std::optional<Date> to) = 0;
  // Sum per account per fund on the given GL codes, in account then fund order; a fund whose
  // sum is zero for the account is left out.
  struct AccountFundSum {
    AccountId account_id;
    std::string fund;
    Money amount;
  };
  virtual Result<std::vector<AccountFundSum>> SumsByAccountAndFund(
      const std::set<std::string>& gl_codes) = 0;

  // For `cistern ledger check`: each returns at most `limit` offenders.
  virtual Result<std::vector<JournalEntryId>> UnbalancedEntries(int limit) = 0;
  virtual Result<std::vector<std::string>> GlCodesInUse() = 0;
  virtual Result<std::vector<JournalEntryId>> EntriesReversedTwice(int limit) = 0;
  // Entries with a line whose copy of the effective date differs from the entry's.
  virtual Result<std::vector<JournalEntryId>> LinesWithDriftedDates(int limit) = 0;
  // Stored references (foreign keys) that name no row, one sentence each, in any table: a
  // billing run's writes skip the store's own check (TransactionMode::kBulkWrite).
  virtual Result<std::vector<std::string>> BrokenReferences(int limit) = 0;
  // Entries with a line on the given codes that names no account.
  virtual Result<std::vector<JournalEntryId>> LinesWithoutAccount(
      const std::set<std::string>& gl_codes, int limit) = 0;
  // PositionLinesFor of every account (with no lines for one that has none), one account at a
  // time in account order: for aging every account in one pass.
  virtual Status ForEachAccountPosition(
      const std::set<std::string>& balance_codes, std::optional<Date> as_of,
      const std::function<Status(AccountId, const PositionLines&)>& visit) = 0;
  // Every entry, streamed in id order, for re-validation.
  virtual Status ForEachEntry(const std::function<Status(const JournalEntry&)>& visit) = 0;
};

class PaymentRepository {
 public:
  virtual ~PaymentRepository() = default;
  virtual Result<PaymentId> Insert(const Payment& payment) = 0;
  virtual Result<Payment> Get(PaymentId id) = 0;
  // Sets the reversal columns once; CONFLICT (PAYMENT_ALREADY_REVERSED) if already set.
  virtual Status MarkReversed(const Payment& reversed) = 0;
  // Newest first; PageRequest::after is the last payment id of the previous page.
  virtual Result<Page<Payment>> List(const PaymentFilter& filter, const PageRequest& page) = 0;
  virtual Result<TenderTotals> DrawerTotals(DrawerId drawer) = 0;
  // Payments per posting user and tender for a received date, including those reversed since
  // (their reversal is the day's own line in the cash report).
  struct UserTenderTotal {
    UserId user_id;
    std::string user_name;
    Tender tender = Tender::kCash;
    Money amount;
    int count = 0;
  };
  virtual Result<std::vector<UserTenderTotal>> TotalsForDate(Date received_on) = 0;
  // Payments whose entry ids are already posted (for safe re-import): the subset of references
  // present with this source.
  // For `cistern ledger check`, in one pass: payments whose entry is not a payment entry whose
  // lines on `cash_codes` sum to the payment's amount, or whose reversal entry does not reverse
  // the payment's entry. At most `limit` payment ids.
  virtual Result<std::vector<PaymentId>> PaymentsNotMatchingTheirEntries(
      const std::set<std::string>& cash_codes, int limit) = 0;
  // Every reference already imported from `source` (an import checks a whole file against it).
  virtual Result<std::set<std::string>> ReferencesFromSource(const std::string& source) = 0;
};

class DrawerRepository {
 public:
  virtual ~DrawerRepository() = default;
  virtual Result<DrawerId> Open(const Drawer& drawer) = 0;  // CONFLICT if the user has one open
  virtual Result<Drawer> Get(DrawerId id) = 0;
  virtual Result<std::optional<Drawer>> OpenDrawerOf(UserId user) = 0;
  virtual Status Close(const Drawer& closed) = 0;
  virtual Result<std::vector<Drawer>> ForDate(Date business_date) = 0;
  virtual Result<bool> DayClosed(Date business_date) = 0;
  virtual Status CloseDay(Date business_date, UserId by, Instant at) = 0;
};

class ApprovalRepository {
 public:
  virtual ~ApprovalRepository() = default;
  virtual Result<AdjustmentId> InsertAdjustment(const Adjustment& adjustment) = 0;
  virtual Result<Adjustment> GetAdjustment(AdjustmentId id) = 0;
  // Records the decision (and entry) of a pending adjustment; CONFLICT if no longer pending.
  virtual Status DecideAdjustment(const Adjustment& decided) = 0;
  virtual Result<Page<Adjustment>> ListAdjustments(std::optional<ApprovalStatus> status,
                                                   std::optional<Date> from, std::optional<Date> to,
                                                   const PageRequest& page) = 0;
  virtual Result<RefundId> InsertRefund(const Refund& refund) = 0;
  virtual Result<Refund> GetRefund(RefundId id) = 0;
  virtual Status DecideRefund(const Refund& decided) = 0;
  virtual Result<Page<Refund>> ListRefunds(std::optional<ApprovalStatus> status,
                                           std::optional<Date> from, std::optional<Date> to,
                                           const PageRequest& page) = 0;
  // The sum of an account's pending refunds, so two requests cannot both claim one credit.
  virtual Result<Money> PendingRefunds(AccountId account) = 0;
  // An account's refund requests, whatever their status, newest first, at most `limit`.
  virtual Result<std::vector<Refund>> RefundsOf(AccountId account, int limit) = 0;
};

struct IdempotencyRecord {
  std::string request_hash;
  std::string resource_type;  // "payment", "entry", "adjustment", ...
  std::int64_t resource_id = 0;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual Result<std::optional<IdempotencyRecord>> Find(UserId user, const std::string& key) = 0;
  virtual Status Save(UserId user, const std::string& key, const IdempotencyRecord& record,
                      Instant at) = 0;
};

}  // namespace cistern
