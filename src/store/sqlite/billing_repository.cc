// Rate files, billing runs and bills, and the bulk reads a billing run makes.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <future>
#include <set>

#include "store/sqlite/json_text.h"
#include "store/sqlite/position_json.h"
#include "store/sqlite/repositories.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sql_lists.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

// From this many bills on, InsertBills writes their text columns on two threads.
constexpr std::size_t kBillsWrittenInTwoHalvesMin = 256;

// A bill's lines as stored in bills.lines (migration 0011): one JSON array per line, in order,
// [service, fund, step, description, quantity, unit, price_micros, amount_cents, version].
std::string LinesJson(const std::vector<BillLine>& lines) {
  std::string json = "[";
  std::size_t size = 2;
  for (const BillLine& line : lines) {
    size += line.service.size() + line.fund.size() + line.step.size() + line.description.size() +
            line.unit.size() + line.version.size() + 96;
  }
  json.reserve(size);
  for (const BillLine& line : lines) {
    if (json.size() > 1) json += ',';
    json += '[';
    for (const std::string* text : {&line.service, &line.fund, &line.step, &line.description}) {
      AppendJsonString(json, *text);
      json += ',';
    }
    if (line.quantity) {
      AppendJsonString(json, QuantityText(*line.quantity));
    } else {
      json += "null";
    }
    json += ',';
    AppendJsonString(json, line.unit);
    json += ',';
    json += line.price ? std::to_string(line.price->micros()) : "null";
    json += ',';
    json += std::to_string(line.amount.cents());
    json += ',';
    AppendJsonString(json, line.version);
    json += ']';
  }
  json += ']';
  return json;
}

constexpr const char* kRunColumns =
    "SELECT id, cycle, period_first, period_last, bill_date, due_date, message, status,"
    " created_at, created_by, preview_accounts, preview_bills, preview_exceptions,"
    " preview_charges_cents, approved_at, approved_by, posted_at, posted_by"
    " FROM billing_runs ";

Result<BillingRun> ReadRun(const Statement& select) {
  BillingRun run;
  run.id = BillingRunId(select.Int(0));
  run.cycle = select.Text(1);
  CISTERN_ASSIGN_OR_RETURN(run.period_first, ReadDate(select, 2));
  CISTERN_ASSIGN_OR_RETURN(run.period_last, ReadDate(select, 3));
  CISTERN_ASSIGN_OR_RETURN(run.bill_date, ReadDate(select, 4));
  CISTERN_ASSIGN_OR_RETURN(run.due_date, ReadDate(select, 5));
  run.message = select.Text(6);
  auto status = ParseRunStatus(select.Text(7));
  if (!status) return Error::Internal("STORED_VALUE_INVALID", "Unknown run status.");
  run.status = *status;
  CISTERN_ASSIGN_OR_RETURN(run.created_at, ReadInstant(select, 8));
  run.created_by = UserId(select.IsNull(9) ? 0 : select.Int(9));
  run.preview_accounts = static_cast<int>(select.Int(10));
  run.preview_bills = static_cast<int>(select.Int(11));
  run.preview_exceptions = static_cast<int>(select.Int(12));
  run.preview_charges = Money::FromCents(select.Int(13));
  CISTERN_ASSIGN_OR_RETURN(run.approved_at, ReadOptionalInstant(select, 14));
  run.approved_by = UserId(select.IsNull(15) ? 0 : select.Int(15));
  CISTERN_ASSIGN_OR_RETURN(run.posted_at, ReadOptionalInstant(select, 16));
  run.posted_by = UserId(select.IsNull(17) ? 0 : select.Int(17));
  return run;
}

constexpr const char* kBillColumns =
    "SELECT id, run_id, account_id, period_first, period_last, bill_date, due_date,"
    " previous_balance_cents, payments_cents, adjustments_cents, current_charges_cents,"
    " total_due_cents, late_amount_cents, late_after, usage_gallons, estimated, entry_id,"
    " through_entry_id, credit_after_cents, replaces_bill_id, status, cancelled_at,"
    " cancelled_by, cancel_reason, cancel_entry_id FROM bills ";

Result<Bill> ReadBill(const Statement& select) {
  Bill bill;
  bill.id = BillId(select.Int(0));
  if (!select.IsNull(1)) bill.run_id = BillingRunId(select.Int(1));
  bill.account_id = AccountId(select.Int(2));
  CISTERN_ASSIGN_OR_RETURN(bill.period_first, ReadDate(select, 3));
  CISTERN_ASSIGN_OR_RETURN(bill.period_last, ReadDate(select, 4));
  CISTERN_ASSIGN_OR_RETURN(bill.bill_date, ReadDate(select, 5));
  CISTERN_ASSIGN_OR_RETURN(bill.due_date, ReadDate(select, 6));
  bill.previous_balance = Money::FromCents(select.Int(7));
  bill.payments = Money::FromCents(select.Int(8));
  bill.adjustments = Money::FromCents(select.Int(9));
  bill.current_charges = Money::FromCents(select.Int(10));
  bill.total_due = Money::FromCents(select.Int(11));
  bill.late_amount = Money::FromCents(select.Int(12));
  CISTERN_ASSIGN_OR_RETURN(bill.late_after, ReadDate(select, 13));
  CISTERN_ASSIGN_OR_RETURN(bill.usage_gallons, ReadQuantity(select, 14));
  bill.estimated = select.Int(15) != 0;
  if (!select.IsNull(16)) bill.entry_id = JournalEntryId(select.Int(16));
  bill.through_entry_id = JournalEntryId(select.Int(17));
  bill.credit_after = Money::FromCents(select.Int(18));
  if (!select.IsNull(19)) bill.replaces_bill_id = BillId(select.Int(19));
  bill.status = select.Text(20) == "cancelled" ? BillStatus::kCancelled : BillStatus::kPosted;
  CISTERN_ASSIGN_OR_RETURN(bill.cancelled_at, ReadOptionalInstant(select, 21));
  bill.cancelled_by = UserId(select.IsNull(22) ? 0 : select.Int(22));
  bill.cancel_reason = select.Text(23);
  if (!select.IsNull(24)) bill.cancel_entry_id = JournalEntryId(select.Int(24));
  return bill;
}

// The position of `id` in the ascending `accounts`, or -1.
int IndexOf(const std::vector<AccountId>& accounts, std::int64_t id) {
  auto found = std::lower_bound(accounts.begin(), accounts.end(), AccountId(id));
  if (found == accounts.end() || found->value() != id) return -1;
  return static_cast<int>(found - accounts.begin());
}

// Steps `select`, whose `account_column` holds an account id, and calls `read(index)` for each row
// of an account in `accounts`, `index` being its position there: the shape of every bulk read of
// LoadAccountsToBill, each driven by the chunk's ids.
template <typename Read>
Status ForEachAccountRow(Statement& select, const std::vector<AccountId>& accounts,
                         int account_column, Read read) {
  std::size_t last = 0;  // rows mostly come in the ids' order: the last account's, or the next
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return OkStatus();
    const std::int64_t id = select.Int(account_column);
    if (last < accounts.size() && accounts[last].value() == id) {
      CISTERN_RETURN_IF_ERROR(read(last));
      continue;
    }
    if (last + 1 < accounts.size() && accounts[last + 1].value() == id) {
      CISTERN_RETURN_IF_ERROR(read(++last));
      continue;
    }
    const int index = IndexOf(accounts, id);
    if (index < 0) continue;
    last = static_cast<std::size_t>(index);
    CISTERN_RETURN_IF_ERROR(read(last));
  }
}

}  // namespace

Result<std::vector<RateFileRecord>> SqliteBilling::RateFiles() {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare("SELECT id, name, sha256, text, loaded_at, loaded_by"
                                               " FROM rate_files ORDER BY id"));
  std::vector<RateFileRecord> files;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    RateFileRecord file;
    file.id = select->Int(0);
    file.name = select->Text(1);
    file.sha256 = select->Text(2);
    file.text = select->Text(3);
    CISTERN_ASSIGN_OR_RETURN(file.loaded_at, ReadInstant(*select, 4));
    file.loaded_by = UserId(select->IsNull(5) ? 0 : select->Int(5));
    files.push_back(std::move(file));
  }
  return files;
}

Result<std::vector<RateVersionRecord>> SqliteBilling::RateVersions() {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare("SELECT effective_on, name, ordinance, rate_file_id"
                                               " FROM rate_versions ORDER BY effective_on"));
  std::vector<RateVersionRecord> versions;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    RateVersionRecord version;
    CISTERN_ASSIGN_OR_RETURN(version.effective_on, ReadDate(*select, 0));
    version.name = select->Text(1);
    version.ordinance = select->Text(2);
    version.rate_file_id = select->Int(3);
    versions.push_back(std::move(version));
  }
  return versions;
}

Result<std::int64_t> SqliteBilling::InsertRateFile(const RateFileRecord& file) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert, connection_.Prepare("INSERT INTO rate_files (name, sha256, text, loaded_at,"
                                        " loaded_by) VALUES (?, ?, ?, ?, ?)"));
  Status inserted = insert
                        ->BindAll(file.name, file.sha256, file.text, FormatInstant(file.loaded_at),
                                  OptionalUser(file.loaded_by))
                        .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("RATE_FILE_ALREADY_LOADED", "This rate file is already loaded.");
    }
    return inserted.error();
  }
  return connection_.LastInsertRowId();
}

Status SqliteBilling::InsertRateVersion(const RateVersionRecord& version) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert, connection_.Prepare("INSERT INTO rate_versions (effective_on, name, ordinance,"
                                        " rate_file_id) VALUES (?, ?, ?, ?)"));
  Status inserted = insert
                        ->BindAll(FormatDate(version.effective_on), version.name, version.ordinance,
                                  version.rate_file_id)
                        .Run();
  if (!inserted.ok() && inserted.error().code == ErrorCode::kConflict) {
    return Error::Conflict("RATE_VERSION_EXISTS",
                           "Rates effective " + FormatDate(version.effective_on) +
                               " are already loaded; history is never overwritten. Load a new"
                               " version with its own effective date.");
  }
  return inserted;
}

Result<BillingRunId> SqliteBilling::InsertRun(const BillingRun& run) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO billing_runs (cycle, period_first, period_last, bill_date,"
                          " due_date, message, status, created_at, created_by)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  Status inserted =
      insert
          ->BindAll(run.cycle, FormatDate(run.period_first), FormatDate(run.period_last),
                    FormatDate(run.bill_date), FormatDate(run.due_date), run.message,
                    std::string(RunStatusCode(run.status)), FormatInstant(run.created_at),
                    OptionalUser(run.created_by))
          .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("RUN_EXISTS",
                             "Cycle " + run.cycle +
                                 " already has a billing run for the period"
                                 " ending " +
                                 FormatDate(run.period_last) + ".",
                             "period_end");
    }
    return inserted.error();
  }
  return BillingRunId(connection_.LastInsertRowId());
}

Result<BillingRun> SqliteBilling::GetRun(BillingRunId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kRunColumns) + "WHERE id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("RUN_NOT_FOUND",
                           "No billing run has id " + std::to_string(id.value()) + ".");
  }
  return ReadRun(*select);
}

Result<std::optional<BillingRun>> SqliteBilling::FindRun(const std::string& cycle,
                                                         Date period_last) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kRunColumns) +
                          "WHERE cycle = ? AND period_last = ? AND status != 'discarded'"));
  select->BindAll(cycle, FormatDate(period_last));
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<BillingRun>();
  CISTERN_ASSIGN_OR_RETURN(BillingRun run, ReadRun(*select));
  return std::optional<BillingRun>(std::move(run));
}

Result<std::optional<BillingRun>> SqliteBilling::OverlappingRun(const std::string& cycle,
                                                                Date first, Date last) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kRunColumns) +
                          "WHERE cycle = ?1 AND status != 'discarded' AND period_first <= ?3"
                          " AND period_last >= ?2 AND period_last != ?3 ORDER BY period_first"
                          " LIMIT 1"));
  select->BindAll(cycle, FormatDate(first), FormatDate(last));
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<BillingRun>();
  CISTERN_ASSIGN_OR_RETURN(BillingRun run, ReadRun(*select));
  return std::optional<BillingRun>(std::move(run));
}

Status SqliteBilling::UpdateRun(const BillingRun& run) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE billing_runs SET status = ?, preview_accounts = ?,"
                          " preview_bills = ?, preview_exceptions = ?, preview_charges_cents = ?,"
                          " approved_at = ?, approved_by = ?, posted_at = ?, posted_by = ?,"
                          " message = ? WHERE id = ?"));
  return update
      ->BindAll(std::string(RunStatusCode(run.status)), run.preview_accounts, run.preview_bills,
                run.preview_exceptions, run.preview_charges.cents(),
                OptionalInstantText(run.approved_at), OptionalUser(run.approved_by),
                OptionalInstantText(run.posted_at), OptionalUser(run.posted_by), run.message,
                run.id.value())
      .Run();
}

Result<Page<BillingRun>> SqliteBilling::ListRuns(const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kRunColumns) + "WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC"
                                                     " LIMIT ?2"));
  select->BindAll(page.after, page.page_size + 1);
  return ReadPage<BillingRun>(*select, page.page_size, ReadRun);
}

Result<std::vector<AccountId>> SqliteBilling::AccountsInCycle(const std::string& cycle) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      // From the cycle's premises to their accounts by index (migration 0013), then sorted here:
      // an ORDER BY would make SQLite walk every account in the city instead.
      connection_.Prepare("SELECT a.id FROM premises p JOIN accounts a ON a.premise_id = p.id"
                          " WHERE p.cycle = ? AND a.status IN ('active', 'final')"));
  select->BindAll(cycle);
  std::vector<AccountId> accounts;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    accounts.push_back(AccountId(select->Int(0)));
  }
  std::sort(accounts.begin(), accounts.end());
  return accounts;
}

Result<std::vector<AccountToBill>> SqliteBilling::LoadAccountsToBill(
    const std::vector<AccountId>& accounts, const BillingLoad& load) {
  std::vector<AccountToBill> result;
  if (accounts.empty()) return result;
  const std::optional<BillingRunId> run = load.run;
  const Date period_first = load.period_first;
  const std::string first_text = FormatDate(load.period_first);
  const std::string last_text = FormatDate(load.period_last);
  // Every query is driven by the chunk's own ids (a JSON array read by SQLite's json_each), so
  // it seeks each account's rows instead of scanning other cycles' accounts in an id range.
  const std::string ids = IdsJson(accounts);
  result.resize(accounts.size());
  std::vector<bool> seen(accounts.size(), false);

  {  // The accounts and their premises.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select,
        connection_.Prepare(
            "SELECT a.id, a.number, a.status, a.customer_id, p.premise_type, p.inside_city_limits,"
            " p.unit_count FROM json_each(?1) ids JOIN accounts a ON a.id = ids.value"
            " JOIN premises p ON p.id = a.premise_id"));
    select->BindAll(ids);
    CISTERN_RETURN_IF_ERROR(
        ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) -> Status {
          AccountToBill& account = result[index];
          account.account_id = AccountId(select->Int(0));
          auto number = AccountNumber::Parse(select->Text(1));
          if (!number.ok()) return Error::Internal("STORED_VALUE_INVALID", "Bad account number.");
          account.number = *number;
          auto status = ParseAccountStatus(select->Text(2));
          auto type = ParsePremiseType(select->Text(4));
          if (!status || !type) return Error::Internal("STORED_VALUE_INVALID", "Bad account row.");
          account.status = *status;
          account.customer_id = CustomerId(select->Int(3));
          account.premise_type = *type;
          account.city_limits = select->Int(5) != 0 ? CityLimits::kInside : CityLimits::kOutside;
          account.unit_count = static_cast<int>(select->Int(6));
          seen[index] = true;
          return OkStatus();
        }));
  }
  for (std::size_t index = 0; index < accounts.size(); ++index) {
    if (!seen[index]) {
      return Error::NotFound("ACCOUNT_NOT_FOUND",
                             "No account has id " + std::to_string(accounts[index].value()) + ".");
    }
  }

  {  // Services on during the period.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select,
        connection_.Prepare(
            "SELECT s.id, s.account_id, s.service, s.rate_class, s.units, s.starts_on, s.ends_on"
            " FROM json_each(?1) ids JOIN services s ON s.account_id = ids.value"
            " WHERE s.starts_on <= ?2 AND (s.ends_on IS NULL OR s.ends_on >= ?3)"));
    select->BindAll(ids, last_text, first_text);
    CISTERN_RETURN_IF_ERROR(
        ForEachAccountRow(*select, accounts, 1, [&](std::size_t index) -> Status {
          CISTERN_ASSIGN_OR_RETURN(ServiceRecord service, ReadService(*select, 0));
          result[index].services.push_back(std::move(service));
          return OkStatus();
        }));
  }

  {  // Meters set at the premise during the period, with the readings to bill between.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select,
        connection_.Prepare(
            "WITH placed AS ("
            "  SELECT a.id AS account_id, i.meter_id, i.install_reading_id FROM json_each(?1) ids"
            "  JOIN accounts a ON a.id = ids.value"
            "  JOIN meter_installs i ON i.premise_id = a.premise_id"
            "  WHERE i.installed_on <= ?3 AND (i.removed_on IS NULL OR i.removed_on >= ?4)),"
            " ends AS ("
            "  SELECT placed.account_id, placed.meter_id,"
            // Billing continues from the account's own last billed reading; a new account
            // starts from its turn-on reading; otherwise from the meter's last billed reading
            // (any account) or its install reading.
            "   COALESCE((SELECT br.current_reading_id FROM bill_readings br"
            "     JOIN bills b ON b.id = br.bill_id AND b.status = 'posted'"
            "     AND b.account_id = placed.account_id"
            "     WHERE br.meter_id = placed.meter_id ORDER BY br.bill_id DESC LIMIT 1),"
            "    (SELECT sr.reading_id FROM account_start_readings sr"
            "     WHERE sr.account_id = placed.account_id AND sr.meter_id = placed.meter_id),"
            "    (SELECT br.current_reading_id FROM bill_readings br"
            "     JOIN bills b ON b.id = br.bill_id AND b.status = 'posted'"
            "     WHERE br.meter_id = placed.meter_id ORDER BY br.bill_id DESC LIMIT 1),"
            "    placed.install_reading_id) AS previous_id,"
            "   (SELECT r.id FROM readings r WHERE r.meter_id = placed.meter_id"
            "     AND r.status = 'ready' AND r.read_on <= ?3"
            "     ORDER BY r.read_on DESC, r.id DESC LIMIT 1) AS current_id,"
            "   EXISTS (SELECT 1 FROM readings r WHERE r.meter_id = placed.meter_id"
            "     AND r.status = 'held' AND r.read_on <= ?3) AS held"
            "  FROM placed)"
            " SELECT ends.account_id, m.id, m.serial, m.make, m.model, m.size, m.dials,"
            "  m.multiplier, m.unit, p.id, p.read_on, p.value, p.kind, c.id, c.read_on, c.value,"
            "  c.kind, ends.held"
            " FROM ends JOIN meters m ON m.id = ends.meter_id"
            " LEFT JOIN readings p ON p.id = ends.previous_id"
            " LEFT JOIN readings c ON c.id = ends.current_id"));
    select->BindAll(ids, std::nullopt, last_text, first_text);
    CISTERN_RETURN_IF_ERROR(
        ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) -> Status {
          MeterToBill meter;
          CISTERN_ASSIGN_OR_RETURN(meter.meter, ReadMeter(*select, 1));
          for (int first : {9, 13}) {
            if (select->IsNull(first)) continue;
            ReadingRef reading;
            reading.id = ReadingId(select->Int(first));
            CISTERN_ASSIGN_OR_RETURN(reading.read_on, ReadDate(*select, first + 1));
            reading.value = select->Int(first + 2);
            reading.kind = ParseReadingKind(select->Text(first + 3)).value_or(ReadingKind::kActual);
            (first == 9 ? meter.previous : meter.current) = reading;
          }
          meter.held_reading = select->Int(17) != 0;
          result[index].meters.push_back(std::move(meter));
          return OkStatus();
        }));
  }

  if (run) {  // Accounts this run already billed.
    // The run's partial unique index answers this by range; a join from the ids would not use it.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select, connection_.Prepare("SELECT account_id, id FROM bills WHERE run_id = ?1"
                                          " AND account_id BETWEEN ?2 AND ?3"));
    select->BindAll(run->value(), accounts.front().value(), accounts.back().value());
    CISTERN_RETURN_IF_ERROR(ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) {
      result[index].billed_in_run = BillId(select->Int(1));
      return OkStatus();
    }));
  }

  {  // Deposits with installments left to bill.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select, connection_.Prepare(
                          "SELECT d.account_id FROM json_each(?1) ids"
                          " JOIN deposits d ON d.account_id = ids.value WHERE d.status = 'open'"
                          " AND d.installments_billed < d.installments AND d.required_cents > 0"));
    select->BindAll(ids);
    CISTERN_RETURN_IF_ERROR(ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) {
      result[index].deposit_installment_due = true;
      return OkStatus();
    }));
  }

  {  // Stop requests: one still open (the final bill comes instead), or the last completed.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select,
        connection_.Prepare("SELECT r.account_id, r.status, r.requested_on FROM json_each(?1) ids"
                            " JOIN service_requests r ON r.account_id = ids.value"
                            " WHERE r.kind = 'stop' AND r.status IN ('open', 'completed')"));
    select->BindAll(ids);
    CISTERN_RETURN_IF_ERROR(
        ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) -> Status {
          AccountToBill& account = result[index];
          CISTERN_ASSIGN_OR_RETURN(Date requested_on, ReadDate(*select, 2));
          if (select->Text(1) == "open") {
            account.pending_stop_on = requested_on;
          } else if (!account.stopped_on || *account.stopped_on < requested_on) {
            account.stopped_on = requested_on;
          }
          return OkStatus();
        }));
  }

  {  // The last posted bill, and every journal line of the account posted since it.
    std::vector<std::pair<std::size_t, std::int64_t>> reversed_since;  // (account, entry)
    // One row per line since (or one row without a line): the sums are taken here, in one pass
    // over the account's newest lines, instead of one correlated subquery per sum.
    std::string codes_sql;
    for (const std::string& code : load.balance_codes) {
      codes_sql += codes_sql.empty() ? "'" : ", '";
      codes_sql += code;  // chart codes are validated digits and letters; never user text
      codes_sql += "'";
    }
    CISTERN_ASSIGN_OR_RETURN(
        auto* select,
        connection_.Prepare(
            "SELECT ids.value, last.total_due_cents, last.through_entry_id,"
            " last.credit_after_cents, last.period_last, l.entry_id, l.amount_cents,"
            " l.gl_code IN (" +
            codes_sql +
            "), l.gl_code = ?2, e.kind IN ('payment', 'payment_reversal'), e.reverses," +
            // Posting also reads the position the newest bill carries (a preview needs none).
            (load.positions ? std::string(" last.id, p.position, l.effective_on, l.gl_code,"
                                          " l.fund")
                            : std::string(" NULL, NULL, NULL, NULL, NULL")) +
            " FROM json_each(?1) ids"
            " LEFT JOIN bills last ON last.id = (SELECT b.id FROM bills b"
            "  WHERE b.account_id = ids.value AND b.status = 'posted' ORDER BY b.id DESC LIMIT 1)" +
            // Joined before the lines, so that it is found once an account, not once a line.
            (load.positions ? std::string(" LEFT JOIN bill_positions p ON p.bill_id = last.id")
                            : std::string()) +
            " LEFT JOIN journal_lines l ON l.account_id = ids.value AND l.via_bill = 0"
            "  AND l.entry_id > COALESCE(last.through_entry_id, 0)"
            " LEFT JOIN journal_entries e ON e.id = l.entry_id"));
    select->BindAll(ids, load.unapplied_code);
    std::vector<bool> headed(accounts.size(), false);
    std::vector<std::optional<Date>> carried_as_of(accounts.size());
    CISTERN_RETURN_IF_ERROR(
        ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) -> Status {
          AccountToBill& account = result[index];
          if (!headed[index] && !select->IsNull(1)) {
            account.previous_total_due = Money::FromCents(select->Int(1));
            account.previous_through_entry = JournalEntryId(select->Int(2));
            account.previous_credit_after = Money::FromCents(select->Int(3));
            CISTERN_ASSIGN_OR_RETURN(Date period_last, ReadDate(*select, 4));
            account.previous_period_last = period_last;
            // With no line since, the newest entry touching the account is the one the last bill
            // went through: a bill goes through the newest entry with a line of the account.
            account.last_entry = account.previous_through_entry;
          }
          if (!headed[index] && load.positions) {
            // The position the last posted bill carries; the lines since are added below
            // (decision 0007). No posted bill: from nothing (a cancelled bill's charges, the only
            // lines the index leaves out, come with a reversal, which drops the position below).
            if (select->IsNull(11)) {
              account.position.emplace();
            } else if (!select->IsNull(12)) {
              CISTERN_ASSIGN_OR_RETURN(PositionLines carried,
                                       ParsePositionJson(select->TextView(12)));
              carried_as_of[index] = carried.latest;
              account.position = std::move(carried);
            }
          }
          headed[index] = true;
          if (select->IsNull(5)) return OkStatus();  // nothing posted since the last bill
          const Money amount = Money::FromCents(select->Int(6));
          const bool on_balance = select->Int(7) != 0;
          if (on_balance) account.balance_since += amount;
          if (select->Int(8) != 0) account.credit_since -= amount;
          if (on_balance && select->Int(9) != 0) account.payments_since += amount;
          if (on_balance && account.position) {
            CISTERN_ASSIGN_OR_RETURN(Date dated, ReadDate(*select, 13));
            if (carried_as_of[index] && dated < *carried_as_of[index]) {
              account.position.reset();  // dated before the carried items: the whole history
            } else {
              PositionLines& position = *account.position;
              position.lines.push_back({JournalEntryId(select->Int(5)), dated, select->Text(14),
                                        select->Text(15), amount});
              if (!position.latest || dated > *position.latest) position.latest = dated;
            }
          }
          account.last_entry = std::max(account.last_entry, JournalEntryId(select->Int(5)));
          // A cancelled bill's charges are reached through the bill, not the account's index
          // (decision 0007); when they are newer than the last posted bill, they count here
          // beside their reversal.
          if (!select->IsNull(10) && select->Int(10) > account.previous_through_entry.value()) {
            reversed_since.emplace_back(index, select->Int(10));
          }
          return OkStatus();
        }));
    if (!reversed_since.empty()) {
      CISTERN_ASSIGN_OR_RETURN(
          auto* charges,
          connection_.Prepare("SELECT amount_cents FROM journal_lines"
                              " WHERE entry_id = ?1 AND account_id = ?2 AND via_bill = 1"));
      std::set<std::pair<std::size_t, std::int64_t>> counted;
      for (const auto& [index, entry] : reversed_since) {
        if (!counted.insert({index, entry}).second) continue;  // one row per reversal line
        AccountToBill& account = result[index];
        charges->Reset();
        charges->BindAll(entry, account.account_id.value());
        while (true) {
          CISTERN_ASSIGN_OR_RETURN(bool row, charges->Step());
          if (!row) break;
          account.balance_since += Money::FromCents(charges->Int(0));
          // A cancelled bill newer than the last posted one: its charges are not in the
          // position read above, so it is read from the whole history instead.
          account.position.reset();
        }
      }
    }
  }

  {  // The last year's bills: how many and what they charged, for "far above history".
    // Counted here rather than with GROUP BY, which sorted every row of the chunk again (about
    // twelve an account on a city with a year of history) although they come by account.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select,
        connection_.Prepare("SELECT b.account_id, b.current_charges_cents FROM json_each(?1) ids"
                            " JOIN bills b ON b.account_id = ids.value WHERE b.status = 'posted'"
                            " AND b.period_last >= ?2 AND b.period_last < ?3"));
    select->BindAll(ids, FormatDate(AddDays(period_first, -366)), first_text);
    CISTERN_RETURN_IF_ERROR(
        ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) -> Status {
          result[index].recent_bills += 1;
          result[index].recent_charges += Money::FromCents(select->Int(1));
          return OkStatus();
        }));
  }

  if (load.usage_history) {  // Usage by bill over the last 13 months, for the winter average.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select,
        connection_.Prepare(
            "SELECT b.account_id, b.period_first, b.period_last, b.usage_gallons, b.estimated,"
            " b.current_charges_cents FROM json_each(?1) ids JOIN bills b ON b.account_id = "
            "ids.value"
            " WHERE b.status = 'posted' AND b.period_last >= ?2 AND b.period_last < ?3"
            " ORDER BY b.account_id, b.period_last, b.id"));
    select->BindAll(ids, FormatDate(AddDays(period_first, -400)), first_text);
    CISTERN_RETURN_IF_ERROR(
        ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) -> Status {
          CISTERN_ASSIGN_OR_RETURN(BillUsage usage, ReadBillUsage(*select, 1));
          result[index].usage_history.push_back(std::move(usage));
          return OkStatus();
        }));
  }

  {  // The newest winter average computed by the period's end.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select, connection_.Prepare(
                          "SELECT w.account_id, w.gallons FROM json_each(?1) ids"
                          " JOIN winter_averages w ON w.account_id = ids.value AND w.computed_on ="
                          " (SELECT MAX(x.computed_on) FROM winter_averages x"
                          "  WHERE x.account_id = ids.value AND x.computed_on <= ?2)"));
    select->BindAll(ids, last_text);
    CISTERN_RETURN_IF_ERROR(
        ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) -> Status {
          CISTERN_ASSIGN_OR_RETURN(Quantity gallons, ReadQuantity(*select, 1));
          result[index].winter_average_gallons = gallons;
          return OkStatus();
        }));
  }

  {  // Eligibility programs current on the period's last day.
    CISTERN_ASSIGN_OR_RETURN(
        auto* select,
        connection_.Prepare(
            "SELECT a.id, e.program FROM json_each(?1) ids JOIN accounts a ON a.id = ids.value"
            " JOIN eligibilities e ON e.customer_id = a.customer_id"
            " WHERE e.verified_on <= ?2 AND e.renews_on >= ?2"));
    select->BindAll(ids, last_text);
    CISTERN_RETURN_IF_ERROR(ForEachAccountRow(*select, accounts, 0, [&](std::size_t index) {
      result[index].programs.push_back(select->Text(1));
      return OkStatus();
    }));
  }
  // The services and meters queries promise no order (an ORDER BY over the whole chunk cost
  // more than the rest of those queries): each account's own rows are put in order here.
  for (AccountToBill& account : result) {
    std::sort(account.services.begin(), account.services.end(),
              [](const ServiceRecord& a, const ServiceRecord& b) { return a.id < b.id; });
    std::sort(account.meters.begin(), account.meters.end(),
              [](const MeterToBill& a, const MeterToBill& b) { return a.meter.id < b.meter.id; });
  }
  return result;
}

Status SqliteBilling::InsertBills(const std::vector<Bill*>& bills) {
  if (bills.empty()) return OkStatus();
  // The ids are given here, in order after the last bill's (the write transaction holds the only
  // writer), so that the readings can name their bill before any row is inserted.
  CISTERN_ASSIGN_OR_RETURN(std::int64_t next_id,
                           NextId(connection_, "SELECT COALESCE(MAX(id), 0) FROM bills"));
  // Each bill's text columns, kept alive until every row is inserted: they are bound without
  // copies.
  struct BillTexts {
    std::string period_first, period_last, bill_date, due_date, late_after, usage, lines;
    std::optional<std::string> position;
  };
  std::vector<BillTexts> texts(bills.size());
  const auto write_texts = [&](std::size_t begin, std::size_t end) {
    for (std::size_t row = begin; row < end; ++row) {
      const Bill& bill = *bills[row];
      texts[row] = {FormatDate(bill.period_first),
                    FormatDate(bill.period_last),
                    FormatDate(bill.bill_date),
                    FormatDate(bill.due_date),
                    FormatDate(bill.late_after),
                    QuantityText(bill.usage_gallons),
                    LinesJson(bill.lines),
                    bill.position ? std::optional(PositionJson(*bill.position)) : std::nullopt};
    }
  };
  // A billing run's chunk: about a tenth of writing its bills is writing their text, so half of
  // it is written on another thread (the other core is idle while a run posts).
  const std::size_t half = bills.size() >= kBillsWrittenInTwoHalvesMin ? bills.size() / 2 : 0;
  std::future<void> second_half;
  if (half > 0) second_half = std::async(std::launch::async, write_texts, half, bills.size());
  write_texts(0, half > 0 ? half : bills.size());
  if (second_half.valid()) second_half.get();
  for (Bill* bill : bills) bill->id = BillId(next_id++);
  static const std::string kPosted = "posted";
  static const MultiRowInsert kBills(
      "INSERT INTO bills (id, run_id, account_id, period_first, period_last, bill_date, due_date,"
      " previous_balance_cents, payments_cents, adjustments_cents, current_charges_cents,"
      " total_due_cents, late_amount_cents, late_after, usage_gallons, estimated, entry_id,"
      " through_entry_id, credit_after_cents, replaces_bill_id, lines, status) VALUES ",
      22);
  Status inserted = InsertRows(
      connection_, kBills, bills.size(), [&](Statement& insert, std::size_t row, int& parameter) {
        const Bill& bill = *bills[row];
        const BillTexts& text = texts[row];
        insert.Bind(++parameter, bill.id.value());
        insert.Bind(++parameter, OptionalId(bill.run_id));
        insert.Bind(++parameter, bill.account_id.value());
        for (const std::string* date :
             {&text.period_first, &text.period_last, &text.bill_date, &text.due_date}) {
          insert.BindUnowned(++parameter, *date);
        }
        for (Money amount : {bill.previous_balance, bill.payments, bill.adjustments,
                             bill.current_charges, bill.total_due, bill.late_amount}) {
          insert.Bind(++parameter, amount.cents());
        }
        insert.BindUnowned(++parameter, text.late_after);
        insert.BindUnowned(++parameter, text.usage);
        insert.Bind(++parameter, bill.estimated);
        insert.Bind(++parameter, OptionalId(bill.entry_id));
        insert.Bind(++parameter, bill.through_entry_id.value());
        insert.Bind(++parameter, bill.credit_after.cents());
        insert.Bind(++parameter, OptionalId(bill.replaces_bill_id));
        insert.BindUnowned(++parameter, text.lines);
        insert.BindUnowned(++parameter, kPosted);
      });
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("ALREADY_BILLED", "This run has already billed the account.");
    }
    return inserted;
  }
  // The positions the bills carry, in a table of their own (schema version 16).
  std::vector<std::size_t> carrying;
  for (std::size_t row = 0; row < bills.size(); ++row) {
    if (texts[row].position) carrying.push_back(row);
  }
  static const MultiRowInsert kPositions("INSERT INTO bill_positions (bill_id, position) VALUES ",
                                         2);
  CISTERN_RETURN_IF_ERROR(InsertRows(connection_, kPositions, carrying.size(),
                                     [&](Statement& insert, std::size_t row, int& parameter) {
                                       insert.Bind(++parameter, bills[carrying[row]]->id.value());
                                       insert.BindUnowned(++parameter,
                                                          *texts[carrying[row]].position);
                                     }));
  // Every bill's readings, in bill order, as one run of rows.
  struct ReadingRow {
    const Bill* bill;
    const BillReading* reading;
    std::string usage;  // bound without a copy
  };
  std::vector<ReadingRow> readings;
  for (const Bill* bill : bills) {
    for (const BillReading& reading : bill->readings) {
      readings.push_back({bill, &reading, QuantityText(reading.usage_gallons)});
    }
  }
  static const MultiRowInsert kReadings(
      "INSERT INTO bill_readings (bill_id, meter_id, previous_reading_id, current_reading_id,"
      " usage_gallons) VALUES ",
      5);
  return InsertRows(connection_, kReadings, readings.size(),
                    [&](Statement& insert, std::size_t row, int& parameter) {
                      const ReadingRow& reading = readings[row];
                      insert.Bind(++parameter, reading.bill->id.value());
                      insert.Bind(++parameter, reading.reading->meter_id.value());
                      insert.Bind(++parameter, reading.reading->previous_reading_id.value());
                      insert.Bind(++parameter, reading.reading->current_reading_id.value());
                      insert.BindUnowned(++parameter, reading.usage);
                    });
}

Result<Bill> SqliteBilling::GetBill(BillId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kBillColumns) + "WHERE id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("BILL_NOT_FOUND", "No bill has id " + std::to_string(id.value()) + ".");
  }
  CISTERN_ASSIGN_OR_RETURN(Bill bill, ReadBill(*select));
  CISTERN_ASSIGN_OR_RETURN(
      auto* lines,
      connection_.Prepare("SELECT service, fund, step, description, quantity, unit, price_micros,"
                          " amount_cents, version FROM bill_lines WHERE bill_id = ?"
                          " ORDER BY position"));
  lines->BindAll(id.value());
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, lines->Step());
    if (!row) break;
    BillLine line;
    line.service = lines->Text(0);
    line.fund = lines->Text(1);
    line.step = lines->Text(2);
    line.description = lines->Text(3);
    if (!lines->IsNull(4)) {
      CISTERN_ASSIGN_OR_RETURN(Quantity quantity, ReadQuantity(*lines, 4));
      line.quantity = quantity;
    }
    line.unit = lines->Text(5);
    if (!lines->IsNull(6)) line.price = UnitPrice::FromMicros(lines->Int(6));
    line.amount = Money::FromCents(lines->Int(7));
    line.version = lines->Text(8);
    bill.lines.push_back(std::move(line));
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto* readings,
      connection_.Prepare("SELECT br.meter_id, br.previous_reading_id, br.current_reading_id,"
                          " br.usage_gallons, m.serial, p.read_on, p.value, c.read_on, c.value,"
                          " c.kind FROM bill_readings br JOIN meters m ON m.id = br.meter_id"
                          " JOIN readings p ON p.id = br.previous_reading_id"
                          " JOIN readings c ON c.id = br.current_reading_id"
                          " WHERE br.bill_id = ? ORDER BY br.meter_id"));
  readings->BindAll(id.value());
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, readings->Step());
    if (!row) break;
    BillReading reading;
    reading.meter_id = MeterId(readings->Int(0));
    reading.previous_reading_id = ReadingId(readings->Int(1));
    reading.current_reading_id = ReadingId(readings->Int(2));
    CISTERN_ASSIGN_OR_RETURN(reading.usage_gallons, ReadQuantity(*readings, 3));
    reading.meter_serial = readings->Text(4);
    CISTERN_ASSIGN_OR_RETURN(reading.previous_read_on, ReadDate(*readings, 5));
    reading.previous_value = readings->Int(6);
    CISTERN_ASSIGN_OR_RETURN(reading.current_read_on, ReadDate(*readings, 7));
    reading.current_value = readings->Int(8);
    reading.estimated = readings->Text(9) == "estimated";
    bill.readings.push_back(std::move(reading));
  }
  return bill;
}

Status SqliteBilling::CancelBill(const Bill& cancelled) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update, connection_.Prepare("UPDATE bills SET status = 'cancelled', cancelled_at = ?,"
                                        " cancelled_by = ?, cancel_reason = ?, cancel_entry_id = ?"
                                        " WHERE id = ? AND status = 'posted'"));
  std::optional<std::int64_t> entry;
  if (cancelled.cancel_entry_id) entry = cancelled.cancel_entry_id->value();
  CISTERN_RETURN_IF_ERROR(update
                              ->BindAll(FormatInstant(*cancelled.cancelled_at),
                                        OptionalUser(cancelled.cancelled_by),
                                        cancelled.cancel_reason, entry, cancelled.id.value())
                              .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("BILL_ALREADY_CANCELLED", "This bill has already been cancelled.");
  }
  return OkStatus();
}

Result<Page<Bill>> SqliteBilling::BillsOf(AccountId account, const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kBillColumns) +
                                               "WHERE account_id = ?1 AND (?2 = 0 OR id < ?2)"
                                               " ORDER BY id DESC LIMIT ?3"));
  select->BindAll(account.value(), page.after, page.page_size + 1);
  return ReadPage<Bill>(*select, page.page_size, ReadBill);
}

Result<std::vector<Bill>> SqliteBilling::BillsOfRun(BillingRunId run, BillId after, int limit) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kBillColumns) +
                                               "WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?"));
  select->BindAll(run.value(), after.value(), limit);
  return ReadAll<Bill>(*select, ReadBill);
}

Result<BillingRepository::RunTotals> SqliteBilling::TotalsOfRun(BillingRunId run) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT COUNT(*), COALESCE(SUM(current_charges_cents), 0), "
                                        "COALESCE(SUM(total_due_cents), 0)"
                                        " FROM bills WHERE run_id = ? AND status = 'posted'"));
  select->BindAll(run.value());
  CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
  RunTotals totals;
  if (row) {
    totals.bills = static_cast<int>(select->Int(0));
    totals.current_charges = Money::FromCents(select->Int(1));
    totals.total_due = Money::FromCents(select->Int(2));
  }
  return totals;
}

Result<std::map<std::string, Money>> SqliteBilling::ChargesByServiceOfRun(BillingRunId run) {
  // bills.lines holds [service, fund, step, description, quantity, unit, price, amount, version].
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT json_extract(l.value, '$[0]'), SUM(json_extract(l.value, '$[7]'))"
                          " FROM bills b, json_each(b.lines) l"
                          " WHERE b.run_id = ? AND b.status = 'posted' GROUP BY 1"));
  select->BindAll(run.value());
  std::map<std::string, Money> charges;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    charges[select->Text(0)] = Money::FromCents(select->Int(1));
  }
  return charges;
}

Result<std::vector<BillingRepository::PostedBillNote>> SqliteBilling::PostedBillNotesOfRun(
    BillingRunId run, Date period_first, int limit) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(
          "SELECT b.account_id, a.number, b.id, b.estimated, b.current_charges_cents,"
          " b.total_due_cents, b.period_first FROM bills b JOIN accounts a ON a.id = b.account_id"
          " WHERE b.run_id = ?1 AND b.status = 'posted' AND (b.estimated = 1"
          " OR b.current_charges_cents = 0 OR b.total_due_cents < 0 OR b.period_first < ?2)"
          " ORDER BY b.id LIMIT ?3"));
  select->BindAll(run.value(), FormatDate(period_first), limit);
  std::vector<PostedBillNote> notes;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    PostedBillNote note;
    note.account_id = AccountId(select->Int(0));
    note.account_number = select->Text(1);
    note.bill_id = BillId(select->Int(2));
    note.estimated = select->Int(3) != 0;
    note.current_charges = Money::FromCents(select->Int(4));
    note.total_due = Money::FromCents(select->Int(5));
    CISTERN_ASSIGN_OR_RETURN(note.period_first, ReadDate(*select, 6));
    notes.push_back(std::move(note));
  }
  return notes;
}

}  // namespace cistern::sqlite
