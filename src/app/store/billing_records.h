// Records of metering and billing as the store keeps them: services, meter installs, the
// readings exceptions queue, billing runs and bills, and the bulk inputs a billing run reads.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/store/ledger_records.h"
#include "core/account_number.h"
#include "core/date.h"
#include "core/id.h"
#include "core/money.h"
#include "core/unit_price.h"
#include "core/usage.h"
#include "domain/account/account.h"
#include "domain/metering/meter.h"
#include "domain/metering/reading_check.h"
#include "domain/premise/premise.h"

namespace cistern {

struct ServiceRecord {
  ServiceId id;
  AccountId account_id;
  std::string service;     // "water"
  std::string rate_class;  // "residential"
  std::int64_t units = 1;
  Date starts_on{};
  std::optional<Date> ends_on;
};

struct MeterInstall {
  std::int64_t id = 0;
  MeterId meter_id;
  PremiseId premise_id;
  int route_sequence = 0;
  Date installed_on{};
  std::optional<ReadingId> install_reading_id;
  std::optional<Date> removed_on;
  std::optional<ReadingId> removal_reading_id;
};

// A meter as the account page shows it: where it is set and its latest readings.
struct MeterAtPremise {
  Meter meter;
  MeterInstall install;
};

enum class ExceptionStatus {
  kOpen,
  kAccepted,         // the reading was right after all; it is billed as read
  kEdited,           // a corrected reading replaced it (with a reason)
  kRereadRequested,  // waits for the field to read the meter again
  kEstimated,        // an estimated reading replaced it
  kRereadReceived,   // the re-read arrived and was checked on its own
  kDismissed,        // nothing to bill (an unknown meter or a duplicate line)
};
const char* ExceptionStatusCode(ExceptionStatus status);
std::optional<ExceptionStatus> ParseExceptionStatus(std::string_view code);

struct ReadingException {
  ReadingExceptionId id;
  ReadingExceptionKind kind = ReadingExceptionKind::kMissing;
  std::optional<ReadingId> reading_id;  // the held reading, when there is one
  std::optional<MeterId> meter_id;      // none for an unknown meter
  std::string meter_serial;
  std::string route;
  std::optional<Date> read_on;
  std::optional<std::int64_t> value;
  std::string detail;
  std::string source;
  ExceptionStatus status = ExceptionStatus::kOpen;
  Instant raised_at{};
  std::optional<Instant> resolved_at;
  UserId resolved_by;
  std::string resolution_reason;
  std::optional<ReadingId> resolution_reading_id;
  // Filled when listed or resolved: the account at the meter's premise, for the queue's links,
  // and the value of the reading the resolution left to bill (accepted, corrected or estimated).
  std::optional<AccountId> account_id;
  std::string account_number;
  std::string service_address;
  std::optional<std::int64_t> resolution_value;
};

struct ExceptionFilter {
  std::optional<ExceptionStatus> status;  // none = every status
  std::optional<std::string> route;
  std::optional<MeterId> meter_id;
};

enum class RunStatus { kPreviewed, kApproved, kPosting, kPosted, kDiscarded };
const char* RunStatusCode(RunStatus status);
std::optional<RunStatus> ParseRunStatus(std::string_view code);

struct BillingRun {
  BillingRunId id;
  std::string cycle;
  Date period_first{};
  Date period_last{};
  Date bill_date{};
  Date due_date{};
  std::string message;
  RunStatus status = RunStatus::kPreviewed;
  Instant created_at{};
  UserId created_by;
  // The last preview's counts.
  int preview_accounts = 0;
  int preview_bills = 0;
  int preview_exceptions = 0;
  Money preview_charges;
  std::optional<Instant> approved_at;
  UserId approved_by;
  std::optional<Instant> posted_at;
  UserId posted_by;
};

struct BillLine {
  std::string service;
  std::string fund;
  std::string step;
  std::string description;
  std::optional<Quantity> quantity;
  std::string unit;
  std::optional<UnitPrice> price;
  Money amount;
  std::string version;
};

struct BillReading {
  MeterId meter_id;
  ReadingId previous_reading_id;
  ReadingId current_reading_id;
  Quantity usage_gallons;
  // Filled when read: the meter and both readings, for bills and the account page.
  std::string meter_serial;
  Date previous_read_on{};
  std::int64_t previous_value = 0;
  Date current_read_on{};
  std::int64_t current_value = 0;
  bool estimated = false;
};

enum class BillStatus { kPosted, kCancelled };

struct Bill {
  BillId id;
  std::optional<BillingRunId> run_id;
  AccountId account_id;
  Date period_first{};
  Date period_last{};
  Date bill_date{};
  Date due_date{};
  Money previous_balance;
  Money payments;     // since the previous bill; negative lowers the balance
  Money adjustments;  // everything else since the previous bill
  Money current_charges;
  Money total_due;    // previous_balance + payments + adjustments + current_charges
  Money late_amount;  // what is due after late_after
  Date late_after{};
  Quantity usage_gallons;
  bool estimated = false;
  std::optional<JournalEntryId> entry_id;
  JournalEntryId through_entry_id;
  Money credit_after;  // unapplied credit left once the charges consumed what they could
  // The account's position on its balance codes through through_entry_id, carried forward so
  // that reading a position does not replay the whole history (decision 0007). Written with
  // the bill; bills posted before schema version 15 carry none.
  std::optional<PositionLines> position;
  std::optional<BillId> replaces_bill_id;
  BillStatus status = BillStatus::kPosted;
  std::optional<Instant> cancelled_at;
  UserId cancelled_by;
  std::string cancel_reason;
  std::optional<JournalEntryId> cancel_entry_id;
  std::vector<BillLine> lines;
  std::vector<BillReading> readings;
};

// One posted bill's usage, for history charts and averages.
struct BillUsage {
  Date period_first{};
  Date period_last{};
  Quantity usage_gallons;
  bool estimated = false;
  Money current_charges;
  // Days between the readings the usage was measured over (a new account's first bill covers
  // only the days since its turn-on reading); 0 when unknown or unmetered. Filled by
  // MeteringRepository::UsageHistory.
  int days_read = 0;
};

// A reading as a billing run sees it.
struct ReadingRef {
  ReadingId id;
  Date read_on{};
  std::int64_t value = 0;
  ReadingKind kind = ReadingKind::kActual;
};

// A meter at an account's premise during the period, with the reading its last bill ended on
// (or its install reading) and the newest ready reading on or before the period's last day.
struct MeterToBill {
  Meter meter;
  std::optional<ReadingRef> previous;
  std::optional<ReadingRef> current;
  bool held_reading = false;  // a newer reading waits in the exceptions queue
};

// What LoadAccountsToBill reads.
struct BillingLoad {
  std::optional<BillingRunId> run;  // mark accounts this run already billed
  Date period_first{};
  Date period_last{};
  std::set<std::string> balance_codes;  // receivable and unapplied-credit GL codes
  std::string unapplied_code;
  std::string cycle;           // only accounts on this cycle's premises; "" for any
  bool usage_history = false;  // also read AccountToBill::usage_history
  bool positions = false;      // also read AccountToBill::position where the last bill has it
};

// Everything a billing run needs to bill one account, read in bulk.
struct AccountToBill {
  AccountId account_id;
  AccountNumber number;
  AccountStatus status = AccountStatus::kActive;
  CustomerId customer_id;
  PremiseType premise_type = PremiseType::kSingleFamily;
  CityLimits city_limits = CityLimits::kInside;
  int unit_count = 1;
  std::vector<ServiceRecord> services;
  std::vector<MeterToBill> meters;
  std::optional<BillId> billed_in_run;  // this run already billed the account
  // The last posted bill, for "previous balance" and "since".
  std::optional<Money> previous_total_due;
  std::optional<Date> previous_period_last;  // the last posted bill's period end
  JournalEntryId previous_through_entry;
  Money previous_credit_after;
  // Balance lines (receivable and unapplied credit) posted after previous_through_entry.
  Money balance_since;
  Money credit_since;         // unapplied-credit lines only, as credit (positive = more credit)
  Money payments_since;       // payment and payment-reversal lines only
  JournalEntryId last_entry;  // the newest entry touching the account's balance
  Money balance() const { return previous_total_due.value_or(Money()) + balance_since; }
  Money credit() const { return previous_credit_after + credit_since; }
  std::optional<Quantity> winter_average_gallons;
  // Posted bills of the 12 months before the period: how many and their current charges.
  int recent_bills = 0;
  Money recent_charges;
  // Posted bills in the 13 months before the period, oldest first; loaded only when asked
  // (BillingLoad::usage_history), for the winter average's recompute month.
  std::vector<BillUsage> usage_history;
  std::vector<std::string> programs;  // eligibility programs current on the period's last day
  // The last day of service of a requested stop whose final bill is not posted yet: a cycle run
  // whose period reaches it waits for the final read instead of billing the account.
  std::optional<Date> pending_stop_on;
  // The last day of service of the account's completed stop (its final bill is posted, or it was
  // never turned on): cycle runs do not bill a period reaching it.
  std::optional<Date> stopped_on;
  // An open deposit has installments left to bill (one is billed after each bill).
  bool deposit_installment_due = false;
  // The account's receivable position as lines (as LedgerRepository::PositionLinesFor gives):
  // read for posting (BillingLoad::positions), where each bill carries the position on
  // (decision 0007), from the last bill's and the lines since; left unset where that bill
  // carries none, a cancelled bill's charges are newer, or a line since is dated before it.
  std::optional<PositionLines> position;
};

}  // namespace cistern
