#include "app/metering.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/audit.h"
#include "app/ledger_common.h"
#include "app/rate_book.h"
#include "app/service_lifecycle.h"
#include "app/service_orders.h"
#include "core/text.h"

namespace cistern {
namespace {

constexpr int kHistoryDays = 365;
constexpr std::size_t kReasonLengthMax = 500;
constexpr std::size_t kReaderLengthMax = 40;

FieldValues MeterFields(const Meter& meter, const MeterInstall& install) {
  return {{"serial", meter.serial},
          {"make", meter.make},
          {"model", meter.model},
          {"size", meter.size},
          {"dials", std::to_string(meter.dials)},
          {"multiplier", std::to_string(meter.multiplier)},
          {"unit", UsageUnitCode(meter.unit)},
          {"premise_id", std::to_string(install.premise_id.value())},
          {"route_sequence", std::to_string(install.route_sequence)},
          {"set_on", FormatDate(install.installed_on)}};
}

Status CheckReadingDate(const AppContext& context, Date read_on) {
  if (read_on > context.Today()) {
    return Error::InvalidArgument("read_on", "READING_IN_FUTURE",
                                  "A reading cannot be dated after today.");
  }
  return OkStatus();
}

// The meter set at a premise, with the premise's route.
struct PlacedMeter {
  Meter meter;
  MeterInstall install;
  std::string route;
};

Result<PlacedMeter> FindPlacedMeter(Transaction& transaction, const std::string& serial,
                                    const std::string& field) {
  auto meter = transaction.metering().FindMeterBySerial(serial);
  if (!meter.ok()) {
    if (meter.error().code == ErrorCode::kNotFound) {
      return Error::InvalidArgument(field, "METER_UNKNOWN",
                                    "No meter has serial \"" + serial + "\".");
    }
    return meter.error();
  }
  CISTERN_ASSIGN_OR_RETURN(auto install, transaction.metering().CurrentInstall(meter->id));
  if (!install) {
    return Error::FailedPrecondition("METER_NOT_SET",
                                     "Meter " + serial + " is not set at any premise.", field);
  }
  CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction.premises().Get(install->premise_id));
  return PlacedMeter{*meter, *install, premise.route};
}

// Checks one reading against the meter's previous one and the account's history, and stores it:
// ready, or held with an exception. A re-read the field was asked for resolves its exception.
Result<ReadingOutcome> RecordReading(const AppContext& context, Transaction& transaction,
                                     const Caller& caller, const PlacedMeter& placed, Date read_on,
                                     std::int64_t value, const std::string& reader,
                                     const std::string& source) {
  // The newest reading of any status but void: a new one must come after it.
  CISTERN_ASSIGN_OR_RETURN(auto newest, transaction.metering().ReadingsOf(placed.meter.id, 8));
  for (const Reading& existing : newest) {
    if (existing.status == ReadingStatus::kVoid) continue;
    if (existing.read_on == read_on) {
      return Error::Conflict(
          "READING_DUPLICATE",
          "Meter " + placed.meter.serial + " already has a reading on " + FormatDate(read_on) + ".",
          "read_on");
    }
    if (existing.read_on > read_on) {
      return Error::InvalidArgument("read_on", "READING_NOT_AFTER_PREVIOUS",
                                    "Meter " + placed.meter.serial + " has a later reading (" +
                                        FormatDate(existing.read_on) +
                                        "); a reading must be dated after it.");
    }
    break;
  }
  CISTERN_ASSIGN_OR_RETURN(auto previous,
                           transaction.metering().LatestReadingBefore(placed.meter.id, read_on));
  ReadingCheckInput input;
  input.meter = placed.meter;
  input.value = value;
  input.read_on = read_on;
  if (previous) {
    input.previous_value = previous->value;
    input.previous_read_on = previous->read_on;
    input.previous_estimated = previous->kind == ReadingKind::kEstimated;
  } else {
    input.previous_read_on = AddDays(placed.install.installed_on, -1);
  }
  CISTERN_ASSIGN_OR_RETURN(auto account,
                           transaction.metering().CurrentAccountAt(placed.install.premise_id));
  input.account_active_and_occupied = account && account->status == AccountStatus::kActive;
  if (account) {
    CISTERN_ASSIGN_OR_RETURN(auto history, transaction.metering().UsageHistory(
                                               account->id, AddDays(read_on, -kHistoryDays)));
    input.average_daily_gallons = AverageDailyGallons(history);
  }
  CISTERN_ASSIGN_OR_RETURN(ReadingCheck check, CheckReading(input, context.billing.reading_limits));

  ReadingOutcome outcome;
  outcome.usage_gallons = check.usage_gallons;
  outcome.rolled_over = check.rolled_over;
  outcome.reading.meter_id = placed.meter.id;
  outcome.reading.read_on = read_on;
  outcome.reading.value = value;
  outcome.reading.kind = ReadingKind::kActual;
  outcome.reading.status = check.exception ? ReadingStatus::kHeld : ReadingStatus::kReady;
  outcome.reading.source = source;
  outcome.reading.reader = reader;
  CISTERN_ASSIGN_OR_RETURN(
      outcome.reading.id,
      transaction.metering().InsertReading(outcome.reading, context.clock.Now(), caller.user_id));
  // A re-read the field was sent for: this reading answers it, and the held one is void. A
  // ready reading also supersedes older readings still held in the queue: billing measures from
  // the last billed reading to this one, so the held ones would never be billed anyway.
  CISTERN_ASSIGN_OR_RETURN(auto pending,
                           transaction.metering().PendingExceptionsOf(placed.meter.id));
  std::vector<ReadingException> waiting;
  for (ReadingException& exception : pending) {
    const bool asked = exception.status == ExceptionStatus::kRereadRequested;
    // A missing reading (no date) is answered by any ready reading.
    const bool superseded =
        !check.exception && (!exception.read_on || *exception.read_on < read_on);
    if (asked || superseded) waiting.push_back(std::move(exception));
  }
  for (ReadingException exception : waiting) {
    if (exception.reading_id) {
      CISTERN_RETURN_IF_ERROR(
          transaction.metering().SetReadingStatus(*exception.reading_id, ReadingStatus::kVoid));
    }
    const bool asked = exception.status == ExceptionStatus::kRereadRequested;
    exception.status = ExceptionStatus::kRereadReceived;
    exception.resolved_at = context.clock.Now();
    exception.resolved_by = caller.user_id;
    exception.resolution_reason =
        asked ? "Re-read received" : "Superseded by the reading of " + FormatDate(read_on);
    exception.resolution_reading_id = outcome.reading.id;
    CISTERN_RETURN_IF_ERROR(transaction.metering().ResolveException(exception));
    if (!check.exception) {
      // A held turn-on or final reading answered: its start or stop goes on.
      CISTERN_RETURN_IF_ERROR(ResumeAfterHeldReading(context, transaction, caller, exception));
    }
  }
  if (check.exception) {
    ReadingException exception;
    exception.kind = *check.exception;
    exception.reading_id = outcome.reading.id;
    exception.meter_id = placed.meter.id;
    exception.meter_serial = placed.meter.serial;
    exception.route = placed.route;
    exception.read_on = read_on;
    exception.value = value;
    exception.detail = check.detail;
    exception.source = source;
    exception.raised_at = context.clock.Now();
    CISTERN_ASSIGN_OR_RETURN(exception.id, transaction.metering().InsertException(exception));
    outcome.exception = std::move(exception);
  }
  return outcome;
}

Status RaiseException(const AppContext& context, Transaction& transaction,
                      ReadingExceptionKind kind, std::optional<MeterId> meter,
                      const std::string& serial, const std::string& route,
                      std::optional<Date> read_on, std::optional<std::int64_t> value,
                      const std::string& detail, const std::string& source) {
  ReadingException exception;
  exception.kind = kind;
  exception.meter_id = meter;
  exception.meter_serial = serial;
  exception.route = route;
  exception.read_on = read_on;
  exception.value = value;
  exception.detail = detail;
  exception.source = source;
  exception.raised_at = context.clock.Now();
  CISTERN_RETURN_IF_ERROR(transaction.metering().InsertException(exception));
  return OkStatus();
}

Status ValidateSetRequest(const AppContext& context, const MeterSetRequest& request,
                          const std::string& field) {
  CISTERN_RETURN_IF_ERROR(ValidateMeter(request.meter, field));
  if (request.route_sequence < 1 || request.route_sequence > 999999) {
    return Error::InvalidArgument(field + "route_sequence", "ROUTE_SEQUENCE_INVALID",
                                  "The route sequence is a whole number from 1 to 999,999.");
  }
  if (request.initial_reading < 0 || request.initial_reading >= request.meter.RegisterLimit()) {
    return Error::InvalidArgument(field + "initial_reading", "READING_OUT_OF_RANGE",
                                  "The initial reading must fit the meter's dials.");
  }
  if (request.set_on && *request.set_on > context.Today()) {
    return Error::InvalidArgument(field + "set_on", "DATE_IN_FUTURE",
                                  "A meter cannot be set after today.");
  }
  return OkStatus();
}

// Sets a meter with its install reading, inside the caller's transaction.
Result<MeterAtPremise> SetMeterIn(const AppContext& context, Transaction& transaction,
                                  const Caller& caller, const Account& account,
                                  const MeterSetRequest& request) {
  Meter meter = request.meter;
  CISTERN_ASSIGN_OR_RETURN(meter.id, transaction.metering().InsertMeter(meter));
  const Date set_on = request.set_on.value_or(context.Today());
  Reading install;
  install.meter_id = meter.id;
  install.read_on = set_on;
  install.value = request.initial_reading;
  install.kind = ReadingKind::kInstall;
  install.status = ReadingStatus::kReady;
  install.source = "install";
  CISTERN_ASSIGN_OR_RETURN(install.id, transaction.metering().InsertReading(
                                           install, context.clock.Now(), caller.user_id));
  MeterInstall placed;
  placed.meter_id = meter.id;
  placed.premise_id = account.premise_id;
  placed.route_sequence = request.route_sequence;
  placed.installed_on = set_on;
  placed.install_reading_id = install.id;
  CISTERN_ASSIGN_OR_RETURN(placed.id, transaction.metering().InsertInstall(placed));
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, transaction, caller,
      {"meter.set", "meter", meter.id.value(), account.id, {}, MeterFields(meter, placed)}));
  return MeterAtPremise{meter, placed};
}

// Splits a CSV line on commas, honouring double quotes ("a ""b""" is a "b").
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t index = 0; index < line.size(); ++index) {
    const char character = line[index];
    if (quoted) {
      if (character == '"' && index + 1 < line.size() && line[index + 1] == '"') {
        fields.back() += '"';
        ++index;
      } else if (character == '"') {
        quoted = false;
      } else {
        fields.back() += character;
      }
    } else if (character == '"') {
      quoted = true;
    } else if (character == ',') {
      fields.emplace_back();
    } else {
      fields.back() += character;
    }
  }
  for (std::string& field : fields) field = std::string(Trim(field));
  return fields;
}

const std::set<std::string>& SkipCodes() {
  static const std::set<std::string> codes = {"no_access", "dog",    "locked",
                                              "damaged",   "buried", "vehicle"};
  return codes;
}

struct ParsedLine {
  int line = 0;
  std::string route;
  int sequence = 0;
  std::string serial;
  Date read_on{};
  std::optional<std::int64_t> value;
  std::string code;  // "" or "read", or a skip code
  std::string reader;
};

std::optional<std::int64_t> ParseWhole(const std::string& text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::int64_t value = 0;
  for (char character : text) {
    if (character < '0' || character > '9') return std::nullopt;
    value = value * 10 + (character - '0');
  }
  return value;
}

}  // namespace

std::optional<Quantity> AverageDailyGallons(const std::vector<BillUsage>& history) {
  Quantity gallons;
  int days = 0;
  for (const BillUsage& usage : history) {
    gallons += usage.usage_gallons;
    // The days the usage was read over: a new account's first bill covers its whole period but
    // measures only the days since its turn-on reading.
    days += usage.days_read > 0 ? usage.days_read
                                : DaysBetween(usage.period_first, usage.period_last) + 1;
  }
  if (days == 0) return std::nullopt;
  return gallons / Quantity::FromInteger(days);
}

std::optional<ExceptionAction> ParseExceptionAction(std::string_view code) {
  if (code == "accept") return ExceptionAction::kAccept;
  if (code == "edit") return ExceptionAction::kEdit;
  if (code == "reread") return ExceptionAction::kReread;
  if (code == "estimate") return ExceptionAction::kEstimate;
  if (code == "dismiss") return ExceptionAction::kDismiss;
  return std::nullopt;
}

Result<ServiceRecord> AddService(const AppContext& context, const Caller& caller,
                                 AccountId account_id, const ServiceRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(ServiceRecord record,
                           AddServiceIn(context, *transaction, caller, account_id, request));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return record;
}

Result<ServiceRecord> AddServiceIn(const AppContext& context, Transaction& transaction_ref,
                                   const Caller& caller, AccountId account_id,
                                   const ServiceRequest& request) {
  Transaction* transaction = &transaction_ref;
  const Date starts_on = request.starts_on.value_or(context.Today());
  CISTERN_ASSIGN_OR_RETURN(Account account,
                           LoadOpenAccount(*transaction, account_id, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(auto book, LoadedRateBook(context, *transaction));
  const RateVersion* version = book->InEffectOn(starts_on);
  if (version == nullptr) {
    return Error::InvalidArgument("starts_on", "RATE_NO_VERSION",
                                  "No rates are in effect on " + FormatDate(starts_on) + ".");
  }
  const RateService* service = version->FindService(request.service);
  if (service == nullptr) {
    return Error::InvalidArgument("service", "SERVICE_UNKNOWN",
                                  "The city's rates have no service \"" + request.service + "\".");
  }
  const RateClass* rate_class = service->FindClass(request.rate_class);
  if (rate_class == nullptr) {
    return Error::InvalidArgument(
        "rate_class", "RATE_CLASS_UNKNOWN",
        service->name + " has no rate class \"" + request.rate_class + "\".");
  }
  if (request.units < 1 || request.units > rate_class->units_max) {
    return Error::InvalidArgument("units", "UNITS_INVALID",
                                  "Units (" + rate_class->unit_name + ") are from 1 to " +
                                      std::to_string(rate_class->units_max) + ".");
  }
  CISTERN_ASSIGN_OR_RETURN(auto existing, transaction->metering().ServicesOf(account_id));
  for (const ServiceRecord& other : existing) {
    if (other.service == request.service && (!other.ends_on || *other.ends_on >= starts_on)) {
      return Error::Conflict("SERVICE_ALREADY_ON",
                             "The account already has " + service->name + " service.", "service");
    }
  }
  ServiceRecord record;
  record.account_id = account_id;
  record.service = request.service;
  record.rate_class = request.rate_class;
  record.units = request.units;
  record.starts_on = starts_on;
  CISTERN_ASSIGN_OR_RETURN(record.id, transaction->metering().InsertService(record));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"service.start",
                                       "service",
                                       record.id.value(),
                                       account.id,
                                       {},
                                       {{"service", record.service},
                                        {"rate_class", record.rate_class},
                                        {"units", std::to_string(record.units)},
                                        {"starts_on", FormatDate(starts_on)}}}));
  return record;
}

Result<MeterAtPremise> SetMeter(const AppContext& context, const Caller& caller,
                                AccountId account_id, const MeterSetRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  CISTERN_RETURN_IF_ERROR(ValidateSetRequest(context, request, ""));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Account account,
                           LoadOpenAccount(*transaction, account_id, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(MeterAtPremise set,
                           SetMeterIn(context, *transaction, caller, account, request));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return set;
}

Result<MeterAtPremise> ExchangeMeter(const AppContext& context, const Caller& caller,
                                     AccountId account_id, const MeterExchangeRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  CISTERN_RETURN_IF_ERROR(ValidateSetRequest(context, request.new_meter, "new_meter."));
  const Date on = request.new_meter.set_on.value_or(context.Today());
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Account account,
                           LoadOpenAccount(*transaction, account_id, "account_id"));
  auto old_meter = transaction->metering().GetMeter(request.old_meter);
  if (!old_meter.ok()) {
    return Error::InvalidArgument("old_meter_id", "METER_UNKNOWN", "No such meter.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto install, transaction->metering().CurrentInstall(old_meter->id));
  if (!install || install->premise_id != account.premise_id) {
    return Error::InvalidArgument(
        "old_meter_id", "METER_NOT_HERE",
        "Meter " + old_meter->serial + " is not set at this account's premise.");
  }
  CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction->premises().Get(account.premise_id));
  // The old meter's final reading is checked like any other, so a bad one is held for review.
  PlacedMeter placed{*old_meter, *install, premise.route};
  auto final_reading = RecordReading(context, *transaction, caller, placed, on,
                                     request.removal_reading, "", "exchange");
  if (!final_reading.ok()) {
    Error error = final_reading.error();
    if (error.field == "value") error.field = "removal_reading";
    if (error.field == "read_on") error.field = "new_meter.set_on";
    return error;
  }
  CISTERN_RETURN_IF_ERROR(
      transaction->metering().RemoveInstall(old_meter->id, on, final_reading->reading.id));
  MeterSetRequest replacement = request.new_meter;
  replacement.set_on = on;
  CISTERN_ASSIGN_OR_RETURN(MeterAtPremise set,
                           SetMeterIn(context, *transaction, caller, account, replacement));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {"meter.remove",
                   "meter",
                   old_meter->id.value(),
                   account.id,
                   {{"premise_id", std::to_string(account.premise_id.value())}},
                   {{"removed_on", FormatDate(on)},
                    {"removal_reading", std::to_string(request.removal_reading)},
                    {"replaced_by", set.meter.serial}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return set;
}

Result<ReadingOutcome> EnterReading(const AppContext& context, const Caller& caller,
                                    const ReadingEntry& entry) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  CISTERN_RETURN_IF_ERROR(CheckReadingDate(context, entry.read_on));
  if (entry.reader.size() > kReaderLengthMax) {
    return Error::InvalidArgument("reader", "FIELD_TOO_LONG", "Reader is at most 40 characters.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(PlacedMeter placed,
                           FindPlacedMeter(*transaction, entry.meter_serial, "meter_serial"));
  CISTERN_ASSIGN_OR_RETURN(ReadingOutcome outcome,
                           RecordReading(context, *transaction, caller, placed, entry.read_on,
                                         entry.value, entry.reader, "manual"));
  CISTERN_ASSIGN_OR_RETURN(auto account,
                           transaction->metering().CurrentAccountAt(placed.install.premise_id));
  std::optional<AccountId> account_id;
  if (account) account_id = account->id;
  if (account && outcome.exception) {
    CISTERN_ASSIGN_OR_RETURN(Account held_account, transaction->accounts().Get(account->id));
    CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction->premises().Get(held_account.premise_id));
    outcome.exception->account_id = account->id;
    outcome.exception->account_number = held_account.number.text();
    outcome.exception->service_address = premise.address.line1;
  }
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, caller,
      {"reading.enter",
       "reading",
       outcome.reading.id.value(),
       account_id,
       {},
       {{"meter", placed.meter.serial},
        {"read_on", FormatDate(entry.read_on)},
        {"value", std::to_string(entry.value)},
        {"status", ReadingStatusCode(outcome.reading.status)},
        {"exception",
         outcome.exception ? ReadingExceptionKindCode(outcome.exception->kind) : ""}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return outcome;
}

Result<ReadingOutcome> RecordReadingIn(const AppContext& context, Transaction& transaction,
                                       const Caller& caller, const ReadingEntry& entry,
                                       const std::string& source) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  CISTERN_RETURN_IF_ERROR(CheckReadingDate(context, entry.read_on));
  if (entry.reader.size() > kReaderLengthMax) {
    return Error::InvalidArgument("reader", "FIELD_TOO_LONG", "Reader is at most 40 characters.");
  }
  CISTERN_ASSIGN_OR_RETURN(PlacedMeter placed,
                           FindPlacedMeter(transaction, entry.meter_serial, "meter_serial"));
  CISTERN_ASSIGN_OR_RETURN(ReadingOutcome outcome,
                           RecordReading(context, transaction, caller, placed, entry.read_on,
                                         entry.value, entry.reader, source));
  if (outcome.exception) {
    CISTERN_ASSIGN_OR_RETURN(auto account,
                             transaction.metering().CurrentAccountAt(placed.install.premise_id));
    if (account) {
      CISTERN_ASSIGN_OR_RETURN(Account held_account, transaction.accounts().Get(account->id));
      CISTERN_ASSIGN_OR_RETURN(Premise premise,
                               transaction.premises().Get(held_account.premise_id));
      outcome.exception->account_id = account->id;
      outcome.exception->account_number = held_account.number.text();
      outcome.exception->service_address = premise.address.line1;
    }
  }
  return outcome;
}

Result<ReadingImportReport> ImportReadings(const AppContext& context, const Caller& caller,
                                           const std::string& file_name, const std::string& text) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  ReadingImportReport report;
  std::vector<ParsedLine> lines;
  const Date today = context.Today();
  // A byte order mark, as spreadsheet programs write one, is not part of the header.
  std::size_t start = std::string_view(text).starts_with("\xEF\xBB\xBF") ? 3 : 0;
  int number = 0;
  bool header_seen = false;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string raw = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (Trim(raw).empty()) continue;
    std::vector<std::string> fields = SplitCsv(raw);
    if (!header_seen) {
      header_seen = true;
      const std::vector<std::string> expected = {
          "route", "sequence", "meter_serial", "read_date", "reading", "read_code", "reader"};
      if (fields != expected) {
        report.problems.push_back(
            {number, "header",
             "The first line must be the header: "
             "route,sequence,meter_serial,read_date,reading,read_code,reader"});
        return report;
      }
      continue;
    }
    ++report.lines;
    auto problem = [&](const std::string& field, const std::string& message) {
      report.problems.push_back({number, field, message});
    };
    if (fields.size() != 7) {
      problem("line", "Expected 7 fields, found " + std::to_string(fields.size()) + ".");
      continue;
    }
    ParsedLine line;
    line.line = number;
    line.route = fields[0];
    line.serial = fields[2];
    line.code = fields[5];
    line.reader = fields[6];
    if (line.route.empty()) problem("route", "Route is required.");
    auto sequence = ParseWhole(fields[1]);
    if (!sequence) {
      problem("sequence", "Sequence must be a whole number.");
    } else {
      line.sequence = static_cast<int>(*sequence);
    }
    if (line.serial.empty()) problem("meter_serial", "Meter serial is required.");
    auto read_on = ParseDate(fields[3], "read_date");
    if (!read_on.ok()) {
      // ParseDate's own words ("Enter a real calendar date as YYYY-MM-DD ..."), with the text.
      problem("read_date", "Read date \"" + fields[3] + "\": " + read_on.error().message);
    } else if (*read_on > today) {
      problem("read_date", "Read date is after today.");
    } else {
      line.read_on = *read_on;
    }
    const bool is_read = line.code.empty() || line.code == "read";
    if (!is_read && !SkipCodes().count(line.code)) {
      problem("read_code",
              "Read code must be empty, read, or a skip code: no_access, dog, locked, damaged, "
              "buried, vehicle.");
    }
    if (is_read) {
      auto value = ParseWhole(fields[4]);
      if (!value) {
        problem("reading", "Reading must be a whole number of register units.");
      } else {
        line.value = *value;
      }
    } else if (SkipCodes().count(line.code) && !fields[4].empty()) {
      problem("reading", "A skipped meter has no reading.");
    }
    if (line.reader.size() > kReaderLengthMax)
      problem("reader", "Reader is at most 40 characters.");
    lines.push_back(std::move(line));
  }
  if (!header_seen) {
    report.problems.push_back({1, "header", "The file is empty."});
  }
  if (!report.problems.empty()) return report;

  const std::string source = "import:" + file_name;
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  std::set<std::string> routes;
  std::set<std::int64_t> meters_in_file;
  std::set<std::pair<std::int64_t, std::string>> seen;  // meter, date
  for (const ParsedLine& line : lines) {
    routes.insert(line.route);
    auto placed = FindPlacedMeter(*transaction, line.serial, "meter_serial");
    if (!placed.ok()) {
      if (placed.error().code != ErrorCode::kInvalidArgument &&
          placed.error().code != ErrorCode::kFailedPrecondition) {
        return placed.error();
      }
      ++report.unknown_meters;
      CISTERN_RETURN_IF_ERROR(RaiseException(
          context, *transaction, ReadingExceptionKind::kUnknownMeter, std::nullopt, line.serial,
          line.route, line.read_on, line.value,
          "Line " + std::to_string(line.line) + ": " + placed.error().message, source));
      continue;
    }
    meters_in_file.insert(placed->meter.id.value());
    if (placed->route != line.route) {
      ++report.unknown_meters;
      CISTERN_RETURN_IF_ERROR(
          RaiseException(context, *transaction, ReadingExceptionKind::kUnknownMeter,
                         placed->meter.id, line.serial, line.route, line.read_on, line.value,
                         "Line " + std::to_string(line.line) + ": meter " + line.serial +
                             " is on route " + placed->route + ", not " + line.route + ".",
                         source));
      continue;
    }
    if (!line.value) {
      ++report.skipped;
      CISTERN_RETURN_IF_ERROR(RaiseException(
          context, *transaction, ReadingExceptionKind::kMissing, placed->meter.id, line.serial,
          line.route, line.read_on, std::nullopt,
          "Skipped by the reader (" + line.code + ") on line " + std::to_string(line.line) + ".",
          source));
      continue;
    }
    const auto key = std::make_pair(placed->meter.id.value(), FormatDate(line.read_on));
    auto latest =
        transaction->metering().LatestReadingBefore(placed->meter.id, AddDays(line.read_on, 1));
    if (!latest.ok()) return latest.error();
    const bool same_day_stored = *latest && (*latest)->read_on == line.read_on;
    if (same_day_stored && (*latest)->value == *line.value && !seen.count(key)) {
      ++report.already_imported;
      seen.insert(key);
      meters_in_file.insert(placed->meter.id.value());
      continue;
    }
    const bool dated_before = *latest && (*latest)->read_on > line.read_on;
    if (seen.count(key) || same_day_stored || dated_before) {
      ++report.duplicates;
      CISTERN_RETURN_IF_ERROR(
          RaiseException(context, *transaction, ReadingExceptionKind::kDuplicate, placed->meter.id,
                         line.serial, line.route, line.read_on, line.value,
                         "Line " + std::to_string(line.line) +
                             (dated_before ? ": the meter already has a later reading."
                                           : ": the meter already has a reading that day."),
                         source));
      continue;
    }
    seen.insert(key);
    auto outcome = RecordReading(context, *transaction, caller, *placed, line.read_on, *line.value,
                                 line.reader, source);
    if (!outcome.ok()) {
      const ErrorCode code = outcome.error().code;
      if (code != ErrorCode::kInvalidArgument && code != ErrorCode::kConflict) {
        return outcome.error();
      }
      // A value beyond the register, or a date not after a reading held in the queue: raised
      // for a person like any other bad reading.
      const bool duplicate =
          code == ErrorCode::kConflict || outcome.error().reason == "READING_NOT_AFTER_PREVIOUS";
      ++(duplicate ? report.duplicates : report.held);
      CISTERN_RETURN_IF_ERROR(RaiseException(
          context, *transaction,
          duplicate ? ReadingExceptionKind::kDuplicate : ReadingExceptionKind::kLowerThanPrevious,
          placed->meter.id, line.serial, line.route, line.read_on, line.value,
          "Line " + std::to_string(line.line) + ": " + outcome.error().message, source));
      continue;
    }
    if (outcome->exception) {
      ++report.held;
    } else {
      ++report.ready;
    }
  }
  // Meters on the file's routes that the file does not mention.
  for (const std::string& route : routes) {
    CISTERN_ASSIGN_OR_RETURN(auto on_route, transaction->metering().MetersOnRoute(route));
    for (const MeterAtPremise& at : on_route) {
      if (meters_in_file.count(at.meter.id.value())) continue;
      ++report.missing;
      CISTERN_RETURN_IF_ERROR(RaiseException(
          context, *transaction, ReadingExceptionKind::kMissing, at.meter.id, at.meter.serial,
          route, std::nullopt, std::nullopt, "No reading in " + file_name + ".", source));
    }
  }
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {"readings.import",
                   "reading_file",
                   0,
                   std::nullopt,
                   {},
                   {{"file", file_name},
                    {"lines", std::to_string(report.lines)},
                    {"ready", std::to_string(report.ready)},
                    {"held", std::to_string(report.held)},
                    {"skipped", std::to_string(report.skipped)},
                    {"unknown_meters", std::to_string(report.unknown_meters)},
                    {"duplicates", std::to_string(report.duplicates)},
                    {"already_imported", std::to_string(report.already_imported)},
                    {"missing", std::to_string(report.missing)}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return report;
}

namespace {

// Fills what the queue shows beside an exception: its account and service address, and the
// value its resolution left to bill.
Status DescribeException(Transaction& transaction, ReadingException& exception) {
  if (exception.account_id) {
    CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(*exception.account_id));
    CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction.premises().Get(account.premise_id));
    exception.account_number = account.number.text();
    exception.service_address = premise.address.line1;
  }
  if (exception.resolution_reading_id) {
    CISTERN_ASSIGN_OR_RETURN(Reading reading,
                             transaction.metering().GetReading(*exception.resolution_reading_id));
    exception.resolution_value = reading.value;
  }
  return OkStatus();
}

}  // namespace

Result<Page<ReadingException>> ListReadingExceptions(const AppContext& context,
                                                     const Caller& caller,
                                                     const ExceptionFilter& filter,
                                                     const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(auto listed, transaction->metering().ListExceptions(filter, page));
  for (ReadingException& exception : listed.items) {
    CISTERN_RETURN_IF_ERROR(DescribeException(*transaction, exception));
  }
  return listed;
}

Result<ReadingException> ResolveReadingException(const AppContext& context, const Caller& caller,
                                                 ReadingExceptionId id,
                                                 const ExceptionDecision& decision) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  const std::string reason(Trim(decision.reason));
  if (reason.size() > kReasonLengthMax) {
    return Error::InvalidArgument("reason", "FIELD_TOO_LONG",
                                  "A reason is at most 500 characters.");
  }
  if ((decision.action == ExceptionAction::kEdit || decision.action == ExceptionAction::kDismiss) &&
      reason.empty()) {
    return Error::InvalidArgument("reason", "REASON_REQUIRED",
                                  "Say why the reading is corrected or dismissed.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(ReadingException exception, transaction->metering().GetException(id));
  const bool pending = exception.status == ExceptionStatus::kOpen ||
                       (exception.status == ExceptionStatus::kRereadRequested &&
                        decision.action != ExceptionAction::kReread);
  if (!pending) {
    return Error::Conflict("EXCEPTION_ALREADY_RESOLVED",
                           "This readings exception has already been resolved.");
  }
  const FieldValues before = {{"status", ExceptionStatusCode(exception.status)}};
  std::optional<Reading> held;
  if (exception.reading_id) {
    CISTERN_ASSIGN_OR_RETURN(Reading reading,
                             transaction->metering().GetReading(*exception.reading_id));
    held = reading;
  }
  const bool has_meter = exception.meter_id.has_value();
  auto need_held = [&]() -> Status {
    if (!held) {
      return Error::FailedPrecondition("EXCEPTION_HAS_NO_READING",
                                       "This exception has no reading to accept or correct.",
                                       "action");
    }
    return OkStatus();
  };
  auto placed_meter = [&]() -> Result<PlacedMeter> {
    if (!has_meter) {
      return Error::FailedPrecondition("EXCEPTION_HAS_NO_METER",
                                       "This exception names no known meter.", "action");
    }
    CISTERN_ASSIGN_OR_RETURN(Meter meter, transaction->metering().GetMeter(*exception.meter_id));
    return FindPlacedMeter(*transaction, meter.serial, "action");
  };

  exception.resolved_at = context.clock.Now();
  exception.resolved_by = caller.user_id;
  exception.resolution_reason = reason;
  FieldValues after;
  switch (decision.action) {
    case ExceptionAction::kAccept: {
      CISTERN_RETURN_IF_ERROR(need_held());
      CISTERN_RETURN_IF_ERROR(
          transaction->metering().SetReadingStatus(held->id, ReadingStatus::kReady));
      exception.status = ExceptionStatus::kAccepted;
      exception.resolution_reading_id = held->id;
      break;
    }
    case ExceptionAction::kEdit: {
      CISTERN_RETURN_IF_ERROR(need_held());
      if (!decision.value) {
        return Error::InvalidArgument("value", "VALUE_REQUIRED", "Give the corrected reading.");
      }
      CISTERN_ASSIGN_OR_RETURN(PlacedMeter placed, placed_meter());
      if (*decision.value < 0 || *decision.value >= placed.meter.RegisterLimit()) {
        return Error::InvalidArgument("value", "READING_OUT_OF_RANGE",
                                      "The corrected reading must fit the meter's dials.");
      }
      CISTERN_RETURN_IF_ERROR(
          transaction->metering().SetReadingStatus(held->id, ReadingStatus::kVoid));
      Reading corrected = *held;
      corrected.value = *decision.value;
      corrected.status = ReadingStatus::kReady;
      corrected.source = "edit";
      corrected.replaces = held->id;
      CISTERN_ASSIGN_OR_RETURN(corrected.id, transaction->metering().InsertReading(
                                                 corrected, context.clock.Now(), caller.user_id));
      exception.status = ExceptionStatus::kEdited;
      exception.resolution_reading_id = corrected.id;
      after.push_back({"value", std::to_string(corrected.value)});
      after.push_back({"replaces_value", std::to_string(held->value)});
      break;
    }
    case ExceptionAction::kReread: {
      CISTERN_RETURN_IF_ERROR(placed_meter());
      exception.status = ExceptionStatus::kRereadRequested;
      exception.resolved_at.reset();
      exception.resolved_by = UserId();
      break;
    }
    case ExceptionAction::kEstimate: {
      CISTERN_ASSIGN_OR_RETURN(PlacedMeter placed, placed_meter());
      const Date read_on =
          held ? held->read_on
               : decision.read_on.value_or(exception.read_on.value_or(context.Today()));
      CISTERN_RETURN_IF_ERROR(CheckReadingDate(context, read_on));
      CISTERN_ASSIGN_OR_RETURN(
          auto previous, transaction->metering().LatestReadingBefore(placed.meter.id, read_on));
      if (!previous) {
        return Error::FailedPrecondition("ESTIMATE_NO_PREVIOUS",
                                         "The meter has no earlier reading to estimate from.");
      }
      CISTERN_ASSIGN_OR_RETURN(auto account,
                               transaction->metering().CurrentAccountAt(placed.install.premise_id));
      std::optional<Quantity> average;
      if (account) {
        CISTERN_ASSIGN_OR_RETURN(auto history, transaction->metering().UsageHistory(
                                                   account->id, AddDays(read_on, -kHistoryDays)));
        average = AverageDailyGallons(history);
      }
      if (!average) {
        return Error::FailedPrecondition("ESTIMATE_NO_HISTORY",
                                         "The account has no billed usage to estimate from; "
                                         "request a re-read instead.",
                                         "action");
      }
      if (held) {
        CISTERN_RETURN_IF_ERROR(
            transaction->metering().SetReadingStatus(held->id, ReadingStatus::kVoid));
      }
      const int days = DaysBetween(previous->read_on, read_on);
      const std::int64_t steps = EstimateRegisterSteps(placed.meter, *average, days);
      Reading estimate;
      estimate.meter_id = placed.meter.id;
      estimate.read_on = read_on;
      estimate.value = (previous->value + steps) % placed.meter.RegisterLimit();
      estimate.kind = ReadingKind::kEstimated;
      estimate.status = ReadingStatus::kReady;
      estimate.source = "estimate";
      if (held) estimate.replaces = held->id;
      CISTERN_ASSIGN_OR_RETURN(estimate.id, transaction->metering().InsertReading(
                                                estimate, context.clock.Now(), caller.user_id));
      exception.status = ExceptionStatus::kEstimated;
      exception.resolution_reading_id = estimate.id;
      after.push_back({"estimated_value", std::to_string(estimate.value)});
      break;
    }
    case ExceptionAction::kDismiss: {
      if (held) {
        CISTERN_RETURN_IF_ERROR(
            transaction->metering().SetReadingStatus(held->id, ReadingStatus::kVoid));
      }
      exception.status = ExceptionStatus::kDismissed;
      break;
    }
  }
  // A re-read request stays pending (no resolved_at) until the re-read arrives.
  CISTERN_RETURN_IF_ERROR(transaction->metering().ResolveException(exception));
  if (decision.action == ExceptionAction::kReread) {
    // The field gets a re-read service order; completing it records the reading, which answers
    // this exception (docs/service_orders.md).
    ServiceOrderRequest reread;
    reread.type = ServiceOrderType::kReread;
    reread.reading_exception = exception.id;
    reread.requested_on = context.Today();
    reread.remarks = (exception.detail + (reason.empty() ? "" : " " + reason))
                         .substr(0, kServiceOrderRemarksLengthMax);
    auto order = CreateServiceOrderIn(context, *transaction, caller, reread);
    if (!order.ok()) return order.error();
  }
  if (decision.action == ExceptionAction::kAccept || decision.action == ExceptionAction::kEdit ||
      decision.action == ExceptionAction::kEstimate) {
    // A turn-on or final reading that was held: its start or stop goes on now.
    CISTERN_RETURN_IF_ERROR(ResumeAfterHeldReading(context, *transaction, caller, exception));
  }
  after.insert(after.begin(), {"status", ExceptionStatusCode(exception.status)});
  if (!reason.empty()) after.push_back({"reason", reason});
  std::optional<AccountId> account_id = exception.account_id;
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"reading_exception.resolve", "reading_exception",
                                       exception.id.value(), account_id, before, after}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  CISTERN_ASSIGN_OR_RETURN(auto reader, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(ReadingException resolved, reader->metering().GetException(id));
  CISTERN_RETURN_IF_ERROR(DescribeException(*reader, resolved));
  return resolved;
}

Result<AccountMetering> GetAccountMetering(const AppContext& context, const Caller& caller,
                                           AccountId account_id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction->accounts().Get(account_id));
  AccountMetering metering;
  CISTERN_ASSIGN_OR_RETURN(metering.services, transaction->metering().ServicesOf(account_id));
  CISTERN_ASSIGN_OR_RETURN(auto meters,
                           transaction->metering().MetersAtPremise(account.premise_id));
  std::stable_partition(meters.begin(), meters.end(),
                        [](const MeterAtPremise& at) { return !at.install.removed_on; });
  for (MeterAtPremise& at : meters) {
    MeterView view{std::move(at.meter), std::move(at.install), {}};
    CISTERN_ASSIGN_OR_RETURN(view.readings, transaction->metering().ReadingsOf(view.meter.id, 13));
    metering.meters.push_back(std::move(view));
  }
  CISTERN_ASSIGN_OR_RETURN(metering.usage, transaction->metering().UsageHistory(
                                               account_id, AddDays(context.Today(), -400)));
  return metering;
}

}  // namespace cistern
