// The store's interfaces for metering and billing. See repositories.h for error conventions.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/store/billing_records.h"
#include "app/store/page.h"
#include "core/result.h"
#include "domain/customer/customer.h"

namespace cistern {

class MeteringRepository {
 public:
  virtual ~MeteringRepository() = default;

  virtual Result<ServiceId> InsertService(const ServiceRecord& service) = 0;
  virtual Result<std::vector<ServiceRecord>> ServicesOf(AccountId account) = 0;

  virtual Result<MeterId> InsertMeter(const Meter& meter) = 0;  // CONFLICT on a used serial
  virtual Result<Meter> GetMeter(MeterId id) = 0;
  virtual Result<Meter> FindMeterBySerial(const std::string& serial) = 0;
  virtual Result<std::int64_t> InsertInstall(const MeterInstall& install) = 0;
  // Sets removed_on and the removal reading of the meter's current install.
  virtual Status RemoveInstall(MeterId meter, Date removed_on, ReadingId removal_reading) = 0;
  // The meter's current install, if it is set somewhere.
  virtual Result<std::optional<MeterInstall>> CurrentInstall(MeterId meter) = 0;
  // The account responsible at the premise now: the active one, else the newest.
  struct PremiseAccount {
    AccountId id;
    AccountStatus status = AccountStatus::kActive;
  };
  virtual Result<std::optional<PremiseAccount>> CurrentAccountAt(PremiseId premise) = 0;
  // Every install at the premise, newest first, with its meter.
  virtual Result<std::vector<MeterAtPremise>> MetersAtPremise(PremiseId premise) = 0;
  // Meters set now on a route's premises, in route sequence order, with the premise's route.
  virtual Result<std::vector<MeterAtPremise>> MetersOnRoute(const std::string& route) = 0;

  virtual Result<ReadingId> InsertReading(const Reading& reading, Instant at, UserId by) = 0;
  virtual Result<Reading> GetReading(ReadingId id) = 0;
  virtual Status SetReadingStatus(ReadingId id, ReadingStatus status) = 0;
  // The newest ready reading of the meter (actual, estimated or install) dated before `before`.
  virtual Result<std::optional<Reading>> LatestReadingBefore(MeterId meter, Date before) = 0;
  // The meter's readings, newest first, at most `limit`.
  virtual Result<std::vector<Reading>> ReadingsOf(MeterId meter, int limit) = 0;
  // Whether a posted (not cancelled) bill used this reading.
  virtual Result<bool> ReadingBilled(ReadingId id) = 0;

  virtual Result<ReadingExceptionId> InsertException(const ReadingException& exception) = 0;
  virtual Result<ReadingException> GetException(ReadingExceptionId id) = 0;
  // Records the resolution of an open (or re-read requested) exception; CONFLICT otherwise.
  virtual Status ResolveException(const ReadingException& resolved) = 0;
  // Newest first; PageRequest::after is the last exception id of the previous page.
  virtual Result<Page<ReadingException>> ListExceptions(const ExceptionFilter& filter,
                                                        const PageRequest& page) = 0;
  // Exceptions of a meter still waiting: open, or waiting for a re-read; oldest first.
  virtual Result<std::vector<ReadingException>> PendingExceptionsOf(MeterId meter) = 0;

  // The account's usage by posted bill (oldest first), for averages and charts.
  virtual Result<std::vector<BillUsage>> UsageHistory(AccountId account, Date from) = 0;
  virtual Status SaveWinterAverage(AccountId account, Date computed_on, const Quantity& gallons,
                                   int months_used) = 0;

  // One open service as the rate audit sees it, with its account, customer and premise.
  struct ServiceToAudit {
    ServiceRecord service;
    AccountNumber account_number;
    AccountStatus account_status = AccountStatus::kActive;
    CustomerId customer_id;
    CustomerKind customer_kind = CustomerKind::kPerson;
    std::string customer_name;  // "Maria Lopez", or the business name
    PremiseType premise_type = PremiseType::kSingleFamily;
    CityLimits city_limits = CityLimits::kInside;
    std::string service_address;        // the premise's first address line
    std::vector<std::string> programs;  // eligibilities with verified_on <= as_of <= renews_on
    bool has_winter_average = false;    // a winter average computed on or before as_of
  };
  // Calls `visit` for every service of an active or final account that is open on `as_of`
  // (ends_on NULL or on or after it, including one that starts later: RateAudit checks that one
  // against the rates of its start), in account then service
  // order, and stops at the first error `visit` returns. Reads in a few bulk queries; `visit`
  // must not use this repository while the walk runs.
  virtual Status ForEachServiceToAudit(
      Date as_of, const std::function<Status(const ServiceToAudit&)>& visit) = 0;
};

// A rate file as loaded into the database.
struct RateFileRecord {
  std::int64_t id = 0;
  std::string name;
  std::string sha256;
  std::string text;
  Instant loaded_at{};
  UserId loaded_by;
};

struct RateVersionRecord {
  Date effective_on{};
  std::string name;
  std::string ordinance;
  std::int64_t rate_file_id = 0;
};

class BillingRepository {
 public:
  virtual ~BillingRepository() = default;

  virtual Result<std::vector<RateFileRecord>> RateFiles() = 0;
  virtual Result<std::vector<RateVersionRecord>> RateVersions() = 0;
  // CONFLICT when a file with the same hash, or a version with the same date, is loaded.
  virtual Result<std::int64_t> InsertRateFile(const RateFileRecord& file) = 0;
  virtual Status InsertRateVersion(const RateVersionRecord& version) = 0;

  virtual Result<BillingRunId> InsertRun(const BillingRun& run) = 0;  // CONFLICT: period taken
  virtual Result<BillingRun> GetRun(BillingRunId id) = 0;
  // The cycle's run (not discarded) for the period ending on `period_last`, if there is one.
  virtual Result<std::optional<BillingRun>> FindRun(const std::string& cycle, Date period_last) = 0;
  // A run of the cycle (not discarded) whose period shares a day with first..last but ends on
  // another day than `last`; the oldest when several do.
  virtual Result<std::optional<BillingRun>> OverlappingRun(const std::string& cycle, Date first,
                                                           Date last) = 0;
  virtual Status UpdateRun(const BillingRun& run) = 0;
  virtual Result<Page<BillingRun>> ListRuns(const PageRequest& page) = 0;

  // The ids of accounts in the cycle that a run might bill, ascending: active and final accounts
  // on the cycle's premises.
  virtual Result<std::vector<AccountId>> AccountsInCycle(const std::string& cycle) = 0;
  // Everything needed to bill the given accounts (ascending ids, all on load.cycle when it is
  // set) for the period.
  virtual Result<std::vector<AccountToBill>> LoadAccountsToBill(
      const std::vector<AccountId>& accounts, const BillingLoad& load) = 0;

  // Inserts the bills, each with its lines and readings, in as few statements as it can (a
  // billing run writes a chunk's bills together); sets each bill's id. CONFLICT
  // (ALREADY_BILLED) when the run has billed one of the accounts already.
  virtual Status InsertBills(const std::vector<Bill*>& bills) = 0;
  virtual Result<Bill> GetBill(BillId id) = 0;           // with lines and readings
  virtual Status CancelBill(const Bill& cancelled) = 0;  // CONFLICT when already cancelled
  // Newest first; PageRequest::after is the last bill id of the previous page.
  virtual Result<Page<Bill>> BillsOf(AccountId account, const PageRequest& page) = 0;
  // A run's bills in id order (without lines), from `after`, at most `limit`.
  virtual Result<std::vector<Bill>> BillsOfRun(BillingRunId run, BillId after, int limit) = 0;
  struct RunTotals {
    int bills = 0;
    Money current_charges;
    Money total_due;
  };
  virtual Result<RunTotals> TotalsOfRun(BillingRunId run) = 0;
  // A run's posted bills' current charges by service, from their lines.
  virtual Result<std::map<std::string, Money>> ChargesByServiceOfRun(BillingRunId run) = 0;
  // A run's posted bills worth a look, in bill order, at most `limit`: estimated, no current
  // charges, a credit total, or reaching back before `period_first` (a catch-up bill).
  struct PostedBillNote {
    AccountId account_id;
    std::string account_number;
    BillId bill_id;
    bool estimated = false;
    Money current_charges;
    Money total_due;
    Date period_first{};
  };
  virtual Result<std::vector<PostedBillNote>> PostedBillNotesOfRun(BillingRunId run,
                                                                   Date period_first,
                                                                   int limit) = 0;
};

}  // namespace cistern
