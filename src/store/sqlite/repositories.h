// The SQLite implementations of app/store/repositories.h, one class per area. Each works on the
// connection of the transaction that owns it. Internal to store/sqlite.
#pragma once

#include "app/store/billing_repositories.h"
#include "app/store/ledger_repositories.h"
#include "app/store/repositories.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

// Instants and dates as stored: RFC 3339 UTC text and YYYY-MM-DD text. A stored value that does
// not parse is a corrupted database, reported as INTERNAL.
Result<Instant> ReadInstant(const Statement& statement, int column);
Result<std::optional<Instant>> ReadOptionalInstant(const Statement& statement, int column);
Result<Date> ReadDate(const Statement& statement, int column);
// A journal entry's header from columns 0-6: id, kind, effective_on, posted_at, posted_by, memo,
// reverses.
Result<JournalEntry> ReadEntryHeader(const Statement& select);

class SqliteCustomers final : public CustomerRepository {
 public:
  explicit SqliteCustomers(Connection& connection) : connection_(connection) {}
  Result<CustomerId> Insert(const Customer& customer) override;
  Result<Customer> Get(CustomerId id) override;

 private:
  Connection& connection_;
};

class SqlitePremises final : public PremiseRepository {
 public:
  explicit SqlitePremises(Connection& connection) : connection_(connection) {}
  Result<PremiseId> Insert(const Premise& premise) override;
  Result<Premise> Get(PremiseId id) override;

 private:
  Connection& connection_;
};

class SqliteAccounts final : public AccountRepository {
 public:
  explicit SqliteAccounts(Connection& connection) : connection_(connection) {}
  Result<std::int64_t> NextNumberSequence() override;
  Result<AccountId> Insert(const Account& account) override;
  Result<Account> Get(AccountId id) override;
  Result<Account> FindByNumber(const AccountNumber& number) override;
  Result<std::vector<Account>> FindByNumbers(const std::vector<AccountNumber>& numbers) override;
  Status SetCashOnlyUntil(AccountId id, Date until) override;

 private:
  Result<Account> ReadOne(Statement& statement, const std::string& what);
  static Result<Account> ReadRow(const Statement& statement);
  Connection& connection_;
};

class SqliteNotes final : public NoteRepository {
 public:
  explicit SqliteNotes(Connection& connection) : connection_(connection) {}
  Result<NoteId> Insert(const Note& note) override;
  Result<Page<NoteView>> ListForAccount(AccountId account, const PageRequest& page) override;

 private:
  Connection& connection_;
};

class SqliteUsers final : public UserRepository {
 public:
  explicit SqliteUsers(Connection& connection) : connection_(connection) {}
  Result<UserId> Insert(const User& user) override;
  Result<User> Get(UserId id) override;
  Result<User> FindByUsername(const std::string& username) override;
  Result<SignInFailures> GetSignInFailures(const std::string& username) override;
  Status SaveSignInFailures(const std::string& username, const SignInFailures& failures) override;
  Result<Page<User>> List(const PageRequest& page) override;

 private:
  Connection& connection_;
};

class SqliteSessions final : public SessionRepository {
 public:
  explicit SqliteSessions(Connection& connection) : connection_(connection) {}
  Result<std::int64_t> Insert(const Session& session) override;
  Result<Session> FindByTokenHash(const std::string& token_hash) override;
  Status Touch(std::int64_t session_id, Instant now) override;
  Status Revoke(std::int64_t session_id, Instant now) override;

 private:
  Connection& connection_;
};

class SqliteAudit final : public AuditRepository {
 public:
  explicit SqliteAudit(Connection& connection) : connection_(connection) {}
  Result<AuditEventId> Append(const AuditEvent& event) override;
  Result<Page<AuditEvent>> List(const AuditFilter& filter, const PageRequest& page) override;

 private:
  Connection& connection_;
};

class SqliteAccountSearch final : public AccountSearch {
 public:
  explicit SqliteAccountSearch(Connection& connection) : connection_(connection) {}
  Status Reindex(AccountId id) override;
  Result<Page<AccountSummary>> Search(const SearchQuery& query, ContactMatching contacts,
                                      const PageRequest& page) override;

 private:
  Result<std::vector<AccountSummary>> Summaries(const std::vector<std::int64_t>& account_ids);
  Connection& connection_;
};

class SqliteReference final : public ReferenceRepository {
 public:
  explicit SqliteReference(Connection& connection) : connection_(connection) {}
  Result<std::vector<Cycle>> ListCycles() override;
  Result<std::vector<Route>> ListRoutes() override;
  Status InsertCycle(const Cycle& cycle) override;
  Status InsertRoute(const Route& route) override;

 private:
  Connection& connection_;
};

class SqliteLedger final : public LedgerRepository {
 public:
  explicit SqliteLedger(Connection& connection) : connection_(connection) {}
  Result<JournalEntryId> Post(const JournalEntry& entry) override;
  Status PostBatch(const std::vector<JournalEntry*>& entries) override;
  Result<JournalEntry> Get(JournalEntryId id) override;
  Result<std::optional<JournalEntryId>> ReversalOf(JournalEntryId id) override;
  Result<std::vector<AccountLine>> AccountLines(AccountId account,
                                                const std::set<std::string>& gl_codes) override;
  Result<std::map<std::int64_t, std::vector<AccountLine>>> AccountLinesFor(
      const std::vector<AccountId>& accounts, const std::set<std::string>& gl_codes) override;
  Result<std::map<std::int64_t, PositionLines>> PositionLinesFor(
      const std::vector<AccountId>& accounts, const std::set<std::string>& balance_codes,
      std::optional<Date> as_of) override;
  Result<Page<AccountTransaction>> AccountTransactions(AccountId account,
                                                       const std::set<std::string>& gl_codes,
                                                       const PageRequest& page) override;
  Result<std::vector<JournalEntry>> EntriesBetween(Date from, Date to, int limit) override;
  Result<std::vector<GlTotal>> Totals(std::optional<Date> from, std::optional<Date> to) override;
  Result<std::vector<AccountFundSum>> SumsByAccountAndFund(
      const std::set<std::string>& gl_codes) override;
  Result<std::vector<JournalEntryId>> UnbalancedEntries(int limit) override;
  Result<std::vector<std::string>> GlCodesInUse() override;
  Result<std::vector<JournalEntryId>> EntriesReversedTwice(int limit) override;
  Result<std::vector<JournalEntryId>> LinesWithDriftedDates(int limit) override;
  Result<std::vector<std::string>> BrokenReferences(int limit) override;
  Result<std::vector<JournalEntryId>> LinesWithoutAccount(const std::set<std::string>& gl_codes,
                                                          int limit) override;
  Status ForEachEntry(const std::function<Status(const JournalEntry&)>& visit) override;
  Status ForEachAccountPosition(
      const std::set<std::string>& balance_codes, std::optional<Date> as_of,
      const std::function<Status(AccountId, const PositionLines&)>& visit) override;

 private:
  // The lines on `gl_codes` of each account after the entry paired with it, keyed by account,
  // each in journal order: from journal_lines_by_account, and with `via_bills` the bills'
  // charge lines too (account_lines.cc).
  Result<std::map<std::int64_t, std::vector<AccountLine>>> LinesAfter(
      const std::vector<std::pair<std::int64_t, std::int64_t>>& accounts_after,
      const std::set<std::string>& gl_codes, bool via_bills);
  // Inserts the entries with their lines, the first with id `first_id` and the rest after it.
  Status InsertEntries(const std::vector<const JournalEntry*>& entries, std::int64_t first_id);
  Result<std::vector<EntryLine>> Lines(JournalEntryId id);
  Connection& connection_;
};

class SqlitePayments final : public PaymentRepository {
 public:
  explicit SqlitePayments(Connection& connection) : connection_(connection) {}
  Result<PaymentId> Insert(const Payment& payment) override;
  Result<Payment> Get(PaymentId id) override;
  Status MarkReversed(const Payment& reversed) override;
  Result<Page<Payment>> List(const PaymentFilter& filter, const PageRequest& page) override;
  Result<TenderTotals> DrawerTotals(DrawerId drawer) override;
  Result<std::vector<UserTenderTotal>> TotalsForDate(Date received_on) override;
  Result<std::vector<PaymentId>> PaymentsNotMatchingTheirEntries(
      const std::set<std::string>& cash_codes, int limit) override;
  Result<std::set<std::string>> ReferencesFromSource(const std::string& source) override;

 private:
  Connection& connection_;
};

class SqliteDrawers final : public DrawerRepository {
 public:
  explicit SqliteDrawers(Connection& connection) : connection_(connection) {}
  Result<DrawerId> Open(const Drawer& drawer) override;
  Result<Drawer> Get(DrawerId id) override;
  Result<std::optional<Drawer>> OpenDrawerOf(UserId user) override;
  Status Close(const Drawer& closed) override;
  Result<std::vector<Drawer>> ForDate(Date business_date) override;
  Result<bool> DayClosed(Date business_date) override;
  Status CloseDay(Date business_date, UserId by, Instant at) override;

 private:
  Connection& connection_;
};

class SqliteApprovals final : public ApprovalRepository {
 public:
  explicit SqliteApprovals(Connection& connection) : connection_(connection) {}
  Result<AdjustmentId> InsertAdjustment(const Adjustment& adjustment) override;
  Result<Adjustment> GetAdjustment(AdjustmentId id) override;
  Status DecideAdjustment(const Adjustment& decided) override;
  Result<Page<Adjustment>> ListAdjustments(std::optional<ApprovalStatus> status,
                                           std::optional<Date> from, std::optional<Date> to,
                                           const PageRequest& page) override;
  Result<RefundId> InsertRefund(const Refund& refund) override;
  Result<Refund> GetRefund(RefundId id) override;
  Status DecideRefund(const Refund& decided) override;
  Result<Page<Refund>> ListRefunds(std::optional<ApprovalStatus> status, std::optional<Date> from,
                                   std::optional<Date> to, const PageRequest& page) override;
  Result<Money> PendingRefunds(AccountId account) override;
  Result<std::vector<Refund>> RefundsOf(AccountId account, int limit) override;

 private:
  Connection& connection_;
};

class SqliteIdempotency final : public IdempotencyRepository {
 public:
  explicit SqliteIdempotency(Connection& connection) : connection_(connection) {}
  Result<std::optional<IdempotencyRecord>> Find(UserId user, const std::string& key) override;
  Status Save(UserId user, const std::string& key, const IdempotencyRecord& record,
              Instant at) override;

 private:
  Connection& connection_;
};

// Exact quantities as stored: Quantity::ToString text ("12.5" or "57600/77").
std::string QuantityText(const Quantity& quantity);
Result<Quantity> ReadQuantity(const Statement& statement, int column);
Result<std::optional<Date>> ReadOptionalDate(const Statement& statement, int column);
// A meter from 8 columns starting at `first`: id, serial, make, model, size, dials, multiplier,
// unit.
Result<Meter> ReadMeter(const Statement& select, int first);
// A service from 7 columns starting at `first`: id, account_id, service, rate_class, units,
// starts_on, ends_on.
Result<ServiceRecord> ReadService(const Statement& select, int first);
// A bill's usage from 5 columns starting at `first`: period_first, period_last, usage_gallons,
// estimated, current_charges_cents.
Result<BillUsage> ReadBillUsage(const Statement& select, int first);

class SqliteMetering final : public MeteringRepository {
 public:
  explicit SqliteMetering(Connection& connection) : connection_(connection) {}
  Result<ServiceId> InsertService(const ServiceRecord& service) override;
  Result<std::vector<ServiceRecord>> ServicesOf(AccountId account) override;
  Result<MeterId> InsertMeter(const Meter& meter) override;
  Result<Meter> GetMeter(MeterId id) override;
  Result<Meter> FindMeterBySerial(const std::string& serial) override;
  Result<std::int64_t> InsertInstall(const MeterInstall& install) override;
  Status RemoveInstall(MeterId meter, Date removed_on, ReadingId removal_reading) override;
  Result<std::optional<MeterInstall>> CurrentInstall(MeterId meter) override;
  Result<std::optional<PremiseAccount>> CurrentAccountAt(PremiseId premise) override;
  Result<std::vector<MeterAtPremise>> MetersAtPremise(PremiseId premise) override;
  Result<std::vector<MeterAtPremise>> MetersOnRoute(const std::string& route) override;
  Result<ReadingId> InsertReading(const Reading& reading, Instant at, UserId by) override;
  Result<Reading> GetReading(ReadingId id) override;
  Status SetReadingStatus(ReadingId id, ReadingStatus status) override;
  Result<std::optional<Reading>> LatestReadingBefore(MeterId meter, Date before) override;
  Result<std::vector<Reading>> ReadingsOf(MeterId meter, int limit) override;
  Result<bool> ReadingBilled(ReadingId id) override;
  Result<ReadingExceptionId> InsertException(const ReadingException& exception) override;
  Result<ReadingException> GetException(ReadingExceptionId id) override;
  Status ResolveException(const ReadingException& resolved) override;
  Result<Page<ReadingException>> ListExceptions(const ExceptionFilter& filter,
                                                const PageRequest& page) override;
  Result<std::vector<ReadingException>> PendingExceptionsOf(MeterId meter) override;
  Result<std::vector<BillUsage>> UsageHistory(AccountId account, Date from) override;
  Status SaveWinterAverage(AccountId account, Date computed_on, const Quantity& gallons,
                           int months_used) override;
  // In rate_audit_repository.cc.
  Status ForEachServiceToAudit(Date as_of,
                               const std::function<Status(const ServiceToAudit&)>& visit) override;

 private:
  Connection& connection_;
};

class SqliteBilling final : public BillingRepository {
 public:
  explicit SqliteBilling(Connection& connection) : connection_(connection) {}
  Result<std::vector<RateFileRecord>> RateFiles() override;
  Result<std::vector<RateVersionRecord>> RateVersions() override;
  Result<std::int64_t> InsertRateFile(const RateFileRecord& file) override;
  Status InsertRateVersion(const RateVersionRecord& version) override;
  Result<BillingRunId> InsertRun(const BillingRun& run) override;
  Result<BillingRun> GetRun(BillingRunId id) override;
  Result<std::optional<BillingRun>> FindRun(const std::string& cycle, Date period_last) override;
  Result<std::optional<BillingRun>> OverlappingRun(const std::string& cycle, Date first,
                                                   Date last) override;
  Result<std::map<std::string, Money>> ChargesByServiceOfRun(BillingRunId run) override;
  Result<std::vector<PostedBillNote>> PostedBillNotesOfRun(BillingRunId run, Date period_first,
                                                           int limit) override;
  Status UpdateRun(const BillingRun& run) override;
  Result<Page<BillingRun>> ListRuns(const PageRequest& page) override;
  Result<std::vector<AccountId>> AccountsInCycle(const std::string& cycle) override;
  Result<std::vector<AccountToBill>> LoadAccountsToBill(const std::vector<AccountId>& accounts,
                                                        const BillingLoad& load) override;
  Status InsertBills(const std::vector<Bill*>& bills) override;
  Result<Bill> GetBill(BillId id) override;
  Status CancelBill(const Bill& cancelled) override;
  Result<Page<Bill>> BillsOf(AccountId account, const PageRequest& page) override;
  Result<std::vector<Bill>> BillsOfRun(BillingRunId run, BillId after, int limit) override;
  Result<RunTotals> TotalsOfRun(BillingRunId run) override;

 private:
  Connection& connection_;
};

}  // namespace cistern::sqlite
