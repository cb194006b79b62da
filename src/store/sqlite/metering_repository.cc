// Services, meters, meter installs, readings and the readings exceptions queue.
#include "core/text.h"
#include "store/sqlite/repositories.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {

std::string QuantityText(const Quantity& quantity) { return quantity.ToString(); }

Result<Quantity> ReadQuantity(const Statement& statement, int column) {
  const std::string text = statement.Text(column);
  const std::size_t slash = text.find('/');
  if (slash != std::string::npos) {
    try {
      return Quantity::FromFraction(std::stoll(text.substr(0, slash)),
                                    std::stoll(text.substr(slash + 1)));
    } catch (...) {
      return Error::Internal("STORED_VALUE_INVALID", "A stored quantity does not parse: " + text);
    }
  }
  auto parsed = Quantity::Parse(text, "stored quantity");
  if (!parsed.ok()) {
    return Error::Internal("STORED_VALUE_INVALID", "A stored quantity does not parse: " + text);
  }
  return *parsed;
}

Result<std::optional<Date>> ReadOptionalDate(const Statement& statement, int column) {
  if (statement.IsNull(column)) return std::optional<Date>();
  CISTERN_ASSIGN_OR_RETURN(Date date, ReadDate(statement, column));
  return std::optional<Date>(date);
}

Result<Meter> ReadMeter(const Statement& select, int first) {
  Meter meter;
  meter.id = MeterId(select.Int(first));
  meter.serial = select.Text(first + 1);
  meter.make = select.Text(first + 2);
  meter.model = select.Text(first + 3);
  meter.size = select.Text(first + 4);
  meter.dials = static_cast<int>(select.Int(first + 5));
  meter.multiplier = select.Int(first + 6);
  auto unit = ParseUsageUnit(select.Text(first + 7));
  if (!unit.ok()) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored meter unit.");
  meter.unit = *unit;
  return meter;
}

Result<ServiceRecord> ReadService(const Statement& select, int first) {
  ServiceRecord service;
  service.id = ServiceId(select.Int(first));
  service.account_id = AccountId(select.Int(first + 1));
  service.service = select.Text(first + 2);
  service.rate_class = select.Text(first + 3);
  service.units = select.Int(first + 4);
  CISTERN_ASSIGN_OR_RETURN(service.starts_on, ReadDate(select, first + 5));
  CISTERN_ASSIGN_OR_RETURN(service.ends_on, ReadOptionalDate(select, first + 6));
  return service;
}

Result<BillUsage> ReadBillUsage(const Statement& select, int first) {
  BillUsage usage;
  CISTERN_ASSIGN_OR_RETURN(usage.period_first, ReadDate(select, first));
  CISTERN_ASSIGN_OR_RETURN(usage.period_last, ReadDate(select, first + 1));
  CISTERN_ASSIGN_OR_RETURN(usage.usage_gallons, ReadQuantity(select, first + 2));
  usage.estimated = select.Int(first + 3) != 0;
  usage.current_charges = Money::FromCents(select.Int(first + 4));
  return usage;
}

namespace {

constexpr const char* kMeterColumns =
    "m.id, m.serial, m.make, m.model, m.size, m.dials, m.multiplier, m.unit";

constexpr const char* kInstallColumns =
    "i.id, i.meter_id, i.premise_id, i.route_sequence, i.installed_on, i.install_reading_id,"
    " i.removed_on, i.removal_reading_id";

Result<MeterInstall> ReadInstall(const Statement& select, int first) {
  MeterInstall install;
  install.id = select.Int(first);
  install.meter_id = MeterId(select.Int(first + 1));
  install.premise_id = PremiseId(select.Int(first + 2));
  install.route_sequence = static_cast<int>(select.Int(first + 3));
  CISTERN_ASSIGN_OR_RETURN(install.installed_on, ReadDate(select, first + 4));
  if (!select.IsNull(first + 5)) install.install_reading_id = ReadingId(select.Int(first + 5));
  CISTERN_ASSIGN_OR_RETURN(install.removed_on, ReadOptionalDate(select, first + 6));
  if (!select.IsNull(first + 7)) install.removal_reading_id = ReadingId(select.Int(first + 7));
  return install;
}

constexpr const char* kReadingColumns =
    "SELECT id, meter_id, read_on, value, kind, status, source, reader, replaces FROM readings ";

Result<Reading> ReadReading(const Statement& select) {
  Reading reading;
  reading.id = ReadingId(select.Int(0));
  reading.meter_id = MeterId(select.Int(1));
  CISTERN_ASSIGN_OR_RETURN(reading.read_on, ReadDate(select, 2));
  reading.value = select.Int(3);
  auto kind = ParseReadingKind(select.Text(4));
  auto status = ParseReadingStatus(select.Text(5));
  if (!kind || !status) return Error::Internal("STORED_VALUE_INVALID", "Unknown reading kind.");
  reading.kind = *kind;
  reading.status = *status;
  reading.source = select.Text(6);
  reading.reader = select.Text(7);
  if (!select.IsNull(8)) reading.replaces = ReadingId(select.Int(8));
  return reading;
}

constexpr const char* kExceptionSelect =
    "SELECT e.id, e.kind, e.reading_id, e.meter_id, e.meter_serial, e.route, e.read_on, e.value,"
    " e.detail, e.source, e.status, e.raised_at, e.resolved_at, e.resolved_by,"
    " e.resolution_reason, e.resolution_reading_id,"
    " (SELECT a.id FROM meter_installs i JOIN accounts a ON a.premise_id = i.premise_id"
    "   WHERE i.meter_id = e.meter_id AND i.removed_on IS NULL"
    "   ORDER BY (a.status = 'active') DESC, a.id DESC LIMIT 1) AS account_id"
    " FROM reading_exceptions e ";

Result<ReadingException> ReadException(const Statement& select) {
  ReadingException exception;
  exception.id = ReadingExceptionId(select.Int(0));
  auto kind = ParseReadingExceptionKind(select.Text(1));
  auto status = ParseExceptionStatus(select.Text(10));
  if (!kind || !status) return Error::Internal("STORED_VALUE_INVALID", "Unknown exception kind.");
  exception.kind = *kind;
  if (!select.IsNull(2)) exception.reading_id = ReadingId(select.Int(2));
  if (!select.IsNull(3)) exception.meter_id = MeterId(select.Int(3));
  exception.meter_serial = select.Text(4);
  exception.route = select.Text(5);
  CISTERN_ASSIGN_OR_RETURN(exception.read_on, ReadOptionalDate(select, 6));
  if (!select.IsNull(7)) exception.value = select.Int(7);
  exception.detail = select.Text(8);
  exception.source = select.Text(9);
  exception.status = *status;
  CISTERN_ASSIGN_OR_RETURN(exception.raised_at, ReadInstant(select, 11));
  CISTERN_ASSIGN_OR_RETURN(exception.resolved_at, ReadOptionalInstant(select, 12));
  exception.resolved_by = UserId(select.IsNull(13) ? 0 : select.Int(13));
  exception.resolution_reason = select.Text(14);
  if (!select.IsNull(15)) exception.resolution_reading_id = ReadingId(select.Int(15));
  if (!select.IsNull(16)) exception.account_id = AccountId(select.Int(16));
  return exception;
}

}  // namespace

Result<ServiceId> SqliteMetering::InsertService(const ServiceRecord& service) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert, connection_.Prepare("INSERT INTO services (account_id, service, rate_class,"
                                        " units, starts_on, ends_on) VALUES (?, ?, ?, ?, ?, ?)"));
  CISTERN_RETURN_IF_ERROR(
      insert
          ->BindAll(service.account_id.value(), service.service, service.rate_class, service.units,
                    FormatDate(service.starts_on), OptionalDateText(service.ends_on))
          .Run());
  return ServiceId(connection_.LastInsertRowId());
}

Result<std::vector<ServiceRecord>> SqliteMetering::ServicesOf(AccountId account) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT id, account_id, service, rate_class, units, starts_on, ends_on"
                          " FROM services WHERE account_id = ? ORDER BY id"));
  select->BindAll(account.value());
  std::vector<ServiceRecord> services;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(ServiceRecord service, ReadService(*select, 0));
    services.push_back(std::move(service));
  }
  return services;
}

Result<MeterId> SqliteMetering::InsertMeter(const Meter& meter) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO meters (serial, make, model, size, dials, multiplier, unit)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)"));
  Status inserted = insert
                        ->BindAll(meter.serial, meter.make, meter.model, meter.size, meter.dials,
                                  meter.multiplier, std::string(UsageUnitCode(meter.unit)))
                        .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("METER_SERIAL_TAKEN",
                             "A meter with serial " + meter.serial + " already exists.", "serial");
    }
    return inserted.error();
  }
  return MeterId(connection_.LastInsertRowId());
}

Result<Meter> SqliteMetering::GetMeter(MeterId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string("SELECT ") + kMeterColumns +
                                               " FROM meters m WHERE m.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("METER_NOT_FOUND", "No meter has id " + std::to_string(id.value()));
  }
  return ReadMeter(*select, 0);
}

Result<Meter> SqliteMetering::FindMeterBySerial(const std::string& serial) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string("SELECT ") + kMeterColumns +
                                               " FROM meters m WHERE m.serial = ?"));
  select->BindAll(serial);
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("METER_NOT_FOUND", "No meter has serial " + serial + ".", "serial");
  }
  return ReadMeter(*select, 0);
}

Result<std::int64_t> SqliteMetering::InsertInstall(const MeterInstall& install) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO meter_installs (meter_id, premise_id, route_sequence,"
                          " installed_on, install_reading_id) VALUES (?, ?, ?, ?, ?)"));
  std::optional<std::int64_t> reading;
  if (install.install_reading_id) reading = install.install_reading_id->value();
  Status inserted = insert
                        ->BindAll(install.meter_id.value(), install.premise_id.value(),
                                  install.route_sequence, FormatDate(install.installed_on), reading)
                        .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("METER_ALREADY_SET", "This meter is already set at a premise.",
                             "meter");
    }
    return inserted.error();
  }
  return connection_.LastInsertRowId();
}

Status SqliteMetering::RemoveInstall(MeterId meter, Date removed_on, ReadingId removal_reading) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE meter_installs SET removed_on = ?, removal_reading_id = ?"
                          " WHERE meter_id = ? AND removed_on IS NULL"));
  CISTERN_RETURN_IF_ERROR(
      update->BindAll(FormatDate(removed_on), removal_reading.value(), meter.value()).Run());
  if (connection_.Changes() != 1) {
    return Error::FailedPrecondition("METER_NOT_SET", "This meter is not set at a premise.");
  }
  return OkStatus();
}

Result<std::optional<MeterInstall>> SqliteMetering::CurrentInstall(MeterId meter) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string("SELECT ") + kInstallColumns +
                          " FROM meter_installs i WHERE i.meter_id = ? AND i.removed_on IS NULL"));
  select->BindAll(meter.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<MeterInstall>();
  CISTERN_ASSIGN_OR_RETURN(MeterInstall install, ReadInstall(*select, 0));
  return std::optional<MeterInstall>(install);
}

Result<std::optional<MeteringRepository::PremiseAccount>> SqliteMetering::CurrentAccountAt(
    PremiseId premise) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT id, status FROM accounts WHERE premise_id = ?"
                                        " ORDER BY (status = 'active') DESC, id DESC LIMIT 1"));
  select->BindAll(premise.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<PremiseAccount>();
  auto status = ParseAccountStatus(select->Text(1));
  if (!status) return Error::Internal("STORED_VALUE_INVALID", "Unknown account status.");
  return std::optional<PremiseAccount>(PremiseAccount{AccountId(select->Int(0)), *status});
}

Result<std::vector<MeterAtPremise>> SqliteMetering::MetersAtPremise(PremiseId premise) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string("SELECT ") + kMeterColumns + ", " + kInstallColumns +
                          " FROM meter_installs i JOIN meters m ON m.id = i.meter_id"
                          " WHERE i.premise_id = ? ORDER BY i.id DESC"));
  select->BindAll(premise.value());
  std::vector<MeterAtPremise> meters;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    MeterAtPremise at;
    CISTERN_ASSIGN_OR_RETURN(at.meter, ReadMeter(*select, 0));
    CISTERN_ASSIGN_OR_RETURN(at.install, ReadInstall(*select, 8));
    meters.push_back(std::move(at));
  }
  return meters;
}

Result<std::vector<MeterAtPremise>> SqliteMetering::MetersOnRoute(const std::string& route) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string("SELECT ") + kMeterColumns + ", " + kInstallColumns +
                          " FROM premises p JOIN meter_installs i ON i.premise_id = p.id"
                          " JOIN meters m ON m.id = i.meter_id"
                          " WHERE p.route = ? AND i.removed_on IS NULL"
                          " ORDER BY i.route_sequence, i.id"));
  select->BindAll(route);
  std::vector<MeterAtPremise> meters;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    MeterAtPremise at;
    CISTERN_ASSIGN_OR_RETURN(at.meter, ReadMeter(*select, 0));
    CISTERN_ASSIGN_OR_RETURN(at.install, ReadInstall(*select, 8));
    meters.push_back(std::move(at));
  }
  return meters;
}

Result<ReadingId> SqliteMetering::InsertReading(const Reading& reading, Instant at, UserId by) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO readings (meter_id, read_on, value, kind, status, source,"
                          " reader, replaces, entered_at, entered_by)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  std::optional<std::int64_t> replaces;
  if (reading.replaces) replaces = reading.replaces->value();
  Status inserted = insert
                        ->BindAll(reading.meter_id.value(), FormatDate(reading.read_on),
                                  reading.value, std::string(ReadingKindCode(reading.kind)),
                                  std::string(ReadingStatusCode(reading.status)), reading.source,
                                  reading.reader, replaces, FormatInstant(at), OptionalUser(by))
                        .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict(
          "READING_DUPLICATE",
          "This meter already has a reading on " + FormatDate(reading.read_on) + ".", "read_on");
    }
    return inserted.error();
  }
  return ReadingId(connection_.LastInsertRowId());
}

Result<Reading> SqliteMetering::GetReading(ReadingId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kReadingColumns) + "WHERE id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("READING_NOT_FOUND",
                           "No reading has id " + std::to_string(id.value()) + ".");
  }
  return ReadReading(*select);
}

Status SqliteMetering::SetReadingStatus(ReadingId id, ReadingStatus status) {
  CISTERN_ASSIGN_OR_RETURN(auto* update,
                           connection_.Prepare("UPDATE readings SET status = ? WHERE id = ?"));
  return update->BindAll(std::string(ReadingStatusCode(status)), id.value()).Run();
}

Result<std::optional<Reading>> SqliteMetering::LatestReadingBefore(MeterId meter, Date before) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare(std::string(kReadingColumns) +
                                        "WHERE meter_id = ? AND read_on < ? AND status = 'ready'"
                                        " ORDER BY read_on DESC, id DESC LIMIT 1"));
  select->BindAll(meter.value(), FormatDate(before));
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<Reading>();
  CISTERN_ASSIGN_OR_RETURN(Reading reading, ReadReading(*select));
  return std::optional<Reading>(reading);
}

Result<std::vector<Reading>> SqliteMetering::ReadingsOf(MeterId meter, int limit) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kReadingColumns) +
                                               "WHERE meter_id = ? ORDER BY read_on DESC, id DESC"
                                               " LIMIT ?"));
  select->BindAll(meter.value(), limit);
  return ReadAll<Reading>(*select, ReadReading);
}

Result<bool> SqliteMetering::ReadingBilled(ReadingId id) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT EXISTS (SELECT 1 FROM readings r"
                                        " JOIN bill_readings br ON br.meter_id = r.meter_id"
                                        " JOIN bills b ON b.id = br.bill_id AND b.status = 'posted'"
                                        " WHERE r.id = ?1 AND (br.current_reading_id = ?1))"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
  return row && select->Int(0) != 0;
}

Result<ReadingExceptionId> SqliteMetering::InsertException(const ReadingException& exception) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO reading_exceptions (kind, reading_id, meter_id,"
                          " meter_serial, route, read_on, value, detail, source, status,"
                          " raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  std::optional<std::int64_t> reading;
  if (exception.reading_id) reading = exception.reading_id->value();
  std::optional<std::int64_t> meter;
  if (exception.meter_id) meter = exception.meter_id->value();
  CISTERN_RETURN_IF_ERROR(insert
                              ->BindAll(std::string(ReadingExceptionKindCode(exception.kind)),
                                        reading, meter, exception.meter_serial, exception.route,
                                        OptionalDateText(exception.read_on), exception.value,
                                        exception.detail, exception.source,
                                        std::string(ExceptionStatusCode(exception.status)),
                                        FormatInstant(exception.raised_at))
                              .Run());
  return ReadingExceptionId(connection_.LastInsertRowId());
}

Result<ReadingException> SqliteMetering::GetException(ReadingExceptionId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kExceptionSelect) + "WHERE e.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("EXCEPTION_NOT_FOUND",
                           "No readings exception has id " + std::to_string(id.value()) + ".");
  }
  return ReadException(*select);
}

Status SqliteMetering::ResolveException(const ReadingException& resolved) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE reading_exceptions SET status = ?, resolved_at = ?,"
                          " resolved_by = ?, resolution_reason = ?, resolution_reading_id = ?"
                          " WHERE id = ? AND status IN ('open', 'reread_requested')"));
  std::optional<std::int64_t> reading;
  if (resolved.resolution_reading_id) reading = resolved.resolution_reading_id->value();
  std::optional<std::string> at;
  if (resolved.resolved_at) at = FormatInstant(*resolved.resolved_at);
  CISTERN_RETURN_IF_ERROR(update
                              ->BindAll(std::string(ExceptionStatusCode(resolved.status)), at,
                                        OptionalUser(resolved.resolved_by),
                                        resolved.resolution_reason, reading, resolved.id.value())
                              .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("EXCEPTION_ALREADY_RESOLVED",
                           "This readings exception has already been resolved.");
  }
  return OkStatus();
}

Result<Page<ReadingException>> SqliteMetering::ListExceptions(const ExceptionFilter& filter,
                                                              const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kExceptionSelect) +
                          "WHERE (?1 = 0 OR e.id < ?1) AND (?2 IS NULL OR e.status = ?2)"
                          " AND (?3 IS NULL OR e.route = ?3)"
                          " AND (?4 IS NULL OR e.meter_id = ?4)"
                          " ORDER BY e.id DESC LIMIT ?5"));
  std::optional<std::string> status;
  if (filter.status) status = ExceptionStatusCode(*filter.status);
  std::optional<std::int64_t> meter;
  if (filter.meter_id) meter = filter.meter_id->value();
  select->BindAll(page.after, status, filter.route, meter, page.page_size + 1);
  return ReadPage<ReadingException>(*select, page.page_size, ReadException);
}

Result<std::vector<ReadingException>> SqliteMetering::PendingExceptionsOf(MeterId meter) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kExceptionSelect) +
                          "WHERE e.meter_id = ? AND e.status IN ('open', 'reread_requested')"
                          " ORDER BY e.id"));
  select->BindAll(meter.value());
  return ReadAll<ReadingException>(*select, ReadException);
}

Result<std::vector<BillUsage>> SqliteMetering::UsageHistory(AccountId account, Date from) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(
          "SELECT period_first, period_last, usage_gallons, estimated, current_charges_cents,"
          " (SELECT CAST(julianday(MAX(c.read_on)) - julianday(MIN(p.read_on)) AS INTEGER)"
          "  FROM bill_readings br JOIN readings p ON p.id = br.previous_reading_id"
          "  JOIN readings c ON c.id = br.current_reading_id WHERE br.bill_id = bills.id)"
          " FROM bills WHERE account_id = ? AND status = 'posted' AND period_last >= ?"
          " ORDER BY period_last, id"));
  select->BindAll(account.value(), FormatDate(from));
  std::vector<BillUsage> history;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(BillUsage usage, ReadBillUsage(*select, 0));
    if (!select->IsNull(5)) usage.days_read = static_cast<int>(select->Int(5));
    history.push_back(std::move(usage));
  }
  return history;
}

Status SqliteMetering::SaveWinterAverage(AccountId account, Date computed_on,
                                         const Quantity& gallons, int months_used) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT OR REPLACE INTO winter_averages (account_id, computed_on,"
                          " gallons, months_used) VALUES (?, ?, ?, ?)"));
  return insert
      ->BindAll(account.value(), FormatDate(computed_on), QuantityText(gallons), months_used)
      .Run();
}

}  // namespace cistern::sqlite
