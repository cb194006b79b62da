// Use cases for services, meters and readings: what an account takes, the meters at its premise
// and their exchanges, readings entered by hand or imported from route files, and the readings
// exceptions queue. Each checks the caller's permission and writes in one transaction with its
// audit entry.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/store/billing_records.h"
#include "app/store/page.h"
#include "domain/auth/roles.h"

namespace cistern {

// --- services ---------------------------------------------------------------------------------

struct ServiceRequest {
  std::string service;     // a service of the loaded rates: "water"
  std::string rate_class;  // one of its classes: "residential"
  std::int64_t units = 1;
  std::optional<Date> starts_on;  // default: today
};

// Refuses an unknown service or class in the rates in effect on starts_on (field "service" /
// "rate_class"), units outside 1..the class's maximum, a second open service of the same kind,
// and a closed account.
Result<ServiceRecord> AddService(const AppContext& context, const Caller& caller, AccountId account,
                                 const ServiceRequest& request);

// AddService on the caller's transaction (start service), without the permission check (the
// caller checked its own) and without commit.
Result<ServiceRecord> AddServiceIn(const AppContext& context, Transaction& transaction,
                                   const Caller& caller, AccountId account,
                                   const ServiceRequest& request);

// --- meters -----------------------------------------------------------------------------------

struct MeterSetRequest {
  Meter meter;                       // serial, make, model, size, dials, multiplier, unit
  int route_sequence = 0;            // the reader's walking order on the premise's route (>= 1)
  std::optional<Date> set_on;        // default: today
  std::int64_t initial_reading = 0;  // the register when set
};

// Sets a new meter at the account's premise with its install reading.
Result<MeterAtPremise> SetMeter(const AppContext& context, const Caller& caller, AccountId account,
                                const MeterSetRequest& request);

struct MeterExchangeRequest {
  MeterId old_meter;
  std::int64_t removal_reading = 0;  // the old register when pulled
  MeterSetRequest new_meter;         // set_on is the exchange date for both
};

// Pulls the old meter with its final reading (checked like any reading, so its usage is billed
// on the next bill) and sets the new one in its place, in one transaction.
Result<MeterAtPremise> ExchangeMeter(const AppContext& context, const Caller& caller,
                                     AccountId account, const MeterExchangeRequest& request);

// --- readings ---------------------------------------------------------------------------------

struct ReadingEntry {
  std::string meter_serial;
  Date read_on;
  std::int64_t value = 0;
  std::string reader;
};

struct ReadingOutcome {
  Reading reading;
  std::optional<ReadingException> exception;  // set when the reading was held
  Quantity usage_gallons;
  bool rolled_over = false;
};

// Enters one reading by hand: checked like an imported one (held with an exception when a check
// fails). Refuses an unknown meter (field "meter_serial"), a meter not set anywhere, a date
// before the previous reading or in the future, a value outside the register, and a second
// reading the same day.
Result<ReadingOutcome> EnterReading(const AppContext& context, const Caller& caller,
                                    const ReadingEntry& entry);

// EnterReading's checks and recording on the caller's own transaction, with `source` saying where
// the reading came from ("service_order:so_12"): no audit entry and no commit, for use cases
// (completing a service order) that record a reading as one part of their write. A reading that
// answers a re-read resolves the exception waiting for it, as in EnterReading.
Result<ReadingOutcome> RecordReadingIn(const AppContext& context, Transaction& transaction,
                                       const Caller& caller, const ReadingEntry& entry,
                                       const std::string& source);

// A line of a route reading file that could not be read.
struct ReadingFileProblem {
  int line = 0;
  std::string field;
  std::string message;
};

struct ReadingImportReport {
  int lines = 0;    // data lines in the file
  int ready = 0;    // readings accepted for billing
  int held = 0;     // readings held with an exception
  int skipped = 0;  // skip codes (no access, dog, ...), each raised as a missing reading
  int unknown_meters = 0;
  int duplicates = 0;
  // Lines the database already holds exactly (same meter, day and value): a file imported twice.
  // Counted, not raised as duplicates for a person to dismiss one by one.
  int already_imported = 0;
  int missing = 0;                           // meters on the file's routes with no line
  std::vector<ReadingFileProblem> problems;  // malformed lines: when any, nothing was imported
  bool imported() const { return problems.empty(); }
};

// Imports a route reading file (CSV, docs/billing.md): all of it or, when a line is malformed,
// nothing (the report lists each malformed line by number). Lines that parse but fail a check
// go to the exceptions queue; meters on the file's routes that the file does not mention are
// raised as missing.
Result<ReadingImportReport> ImportReadings(const AppContext& context, const Caller& caller,
                                           const std::string& file_name, const std::string& text);

// --- the exceptions queue ----------------------------------------------------------------------

Result<Page<ReadingException>> ListReadingExceptions(const AppContext& context,
                                                     const Caller& caller,
                                                     const ExceptionFilter& filter,
                                                     const PageRequest& page);

enum class ExceptionAction {
  kAccept,    // bill the reading as read
  kEdit,      // replace it with a corrected value (reason required)
  kReread,    // ask the field to read the meter again; the next reading resolves it
  kEstimate,  // replace it with an estimate from average daily usage
  kDismiss,   // nothing to bill: an unknown meter, a duplicate line, a skip
};
std::optional<ExceptionAction> ParseExceptionAction(std::string_view code);

struct ExceptionDecision {
  ExceptionAction action = ExceptionAction::kAccept;
  std::optional<std::int64_t> value;  // kEdit
  std::optional<Date> read_on;        // kEstimate for a missing reading (default: today)
  std::string reason;                 // required for kEdit and kDismiss
};

Result<ReadingException> ResolveReadingException(const AppContext& context, const Caller& caller,
                                                 ReadingExceptionId id,
                                                 const ExceptionDecision& decision);

// --- the account page --------------------------------------------------------------------------

struct MeterView {
  Meter meter;
  MeterInstall install;
  std::vector<Reading> readings;  // newest first, at most 13
};

struct AccountMetering {
  std::vector<ServiceRecord> services;
  std::vector<MeterView> meters;  // current first, then removed ones
  std::vector<BillUsage> usage;   // by posted bill, last 13 months, oldest first
};

Result<AccountMetering> GetAccountMetering(const AppContext& context, const Caller& caller,
                                           AccountId account);

// Average daily usage in gallons over the bills in `history` (nullopt when there is none): their
// usage over the days it was read across (BillUsage::days_read, else the bill's period).
std::optional<Quantity> AverageDailyGallons(const std::vector<BillUsage>& history);

}  // namespace cistern
