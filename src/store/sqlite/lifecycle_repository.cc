// Starts, stops and transfers: the service requests, start readings, and the account and service
// changes the lifecycle makes.
#include "store/sqlite/lifecycle_repository.h"

#include "store/sqlite/repositories.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

constexpr const char* kRequestSelect =
    "SELECT r.id, r.kind, r.status, r.account_id, r.premise_id, r.requested_on, r.order_id,"
    " r.paired_request_id, r.paired_account_id, r.fee_code, r.fee_entry_id, r.reading_id,"
    " r.final_bill_id, r.created_at, r.created_by, r.completed_at, a.number, pa.number,"
    " u.display_name"
    " FROM service_requests r JOIN accounts a ON a.id = r.account_id"
    " LEFT JOIN accounts pa ON pa.id = r.paired_account_id"
    " LEFT JOIN users u ON u.id = r.created_by ";

Result<LifecycleRequest> ReadRequest(const Statement& select) {
  LifecycleRequest request;
  request.id = LifecycleRequestId(select.Int(0));
  auto kind = ParseLifecycleKind(select.Text(1));
  auto status = ParseLifecycleStatus(select.Text(2));
  if (!kind || !status) {
    return Error::Internal("STORED_VALUE_INVALID", "Unknown stored service request kind.");
  }
  request.kind = *kind;
  request.status = *status;
  request.account_id = AccountId(select.Int(3));
  request.premise_id = PremiseId(select.Int(4));
  CISTERN_ASSIGN_OR_RETURN(request.requested_on, ReadDate(select, 5));
  if (!select.IsNull(6)) request.order_id = ServiceOrderId(select.Int(6));
  if (!select.IsNull(7)) request.paired_request_id = LifecycleRequestId(select.Int(7));
  if (!select.IsNull(8)) request.paired_account_id = AccountId(select.Int(8));
  request.fee_code = select.Text(9);
  if (!select.IsNull(10)) request.fee_entry_id = JournalEntryId(select.Int(10));
  if (!select.IsNull(11)) request.reading_id = ReadingId(select.Int(11));
  if (!select.IsNull(12)) request.final_bill_id = BillId(select.Int(12));
  CISTERN_ASSIGN_OR_RETURN(request.created_at, ReadInstant(select, 13));
  request.created_by = UserId(select.IsNull(14) ? 0 : select.Int(14));
  CISTERN_ASSIGN_OR_RETURN(request.completed_at, ReadOptionalInstant(select, 15));
  request.account_number = select.Text(16);
  request.paired_account_number = select.Text(17);
  request.created_by_name = select.Text(18);
  return request;
}

}  // namespace

Result<LifecycleRequestId> SqliteLifecycle::Insert(const LifecycleRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO service_requests (kind, status, account_id, premise_id,"
                          " requested_on, order_id, paired_request_id, paired_account_id,"
                          " fee_code, fee_entry_id, created_at, created_by)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  Status inserted =
      insert
          ->BindAll(std::string(LifecycleKindCode(request.kind)),
                    std::string(LifecycleStatusCode(request.status)), request.account_id.value(),
                    request.premise_id.value(), FormatDate(request.requested_on),
                    OptionalId(request.order_id), OptionalId(request.paired_request_id),
                    OptionalId(request.paired_account_id), request.fee_code,
                    OptionalId(request.fee_entry_id), FormatInstant(request.created_at),
                    OptionalUser(request.created_by))
          .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict(request.kind == LifecycleKind::kStop ? "STOP_ALREADY_REQUESTED"
                                                                  : "START_ALREADY_REQUESTED",
                             "The account already has an open request of this kind.", "account_id");
    }
    return inserted.error();
  }
  return LifecycleRequestId(connection_.LastInsertRowId());
}

Result<LifecycleRequest> SqliteLifecycle::Get(LifecycleRequestId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kRequestSelect) + "WHERE r.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("SERVICE_REQUEST_NOT_FOUND",
                           "No service request has id " + std::to_string(id.value()) + ".");
  }
  return ReadRequest(*select);
}

Status SqliteLifecycle::SetPair(LifecycleRequestId id, LifecycleRequestId paired,
                                AccountId account) {
  CISTERN_ASSIGN_OR_RETURN(auto* update,
                           connection_.Prepare("UPDATE service_requests SET paired_request_id = ?,"
                                               " paired_account_id = ? WHERE id = ?"));
  return update->BindAll(paired.value(), account.value(), id.value()).Run();
}

Result<std::optional<LifecycleRequest>> SqliteLifecycle::ReadOptional(Statement& select) {
  CISTERN_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return std::optional<LifecycleRequest>();
  CISTERN_ASSIGN_OR_RETURN(LifecycleRequest request, ReadRequest(select));
  return std::optional<LifecycleRequest>(std::move(request));
}

Result<std::optional<LifecycleRequest>> SqliteLifecycle::OpenRequestOf(AccountId account,
                                                                       LifecycleKind kind) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kRequestSelect) +
                          "WHERE r.account_id = ? AND r.kind = ? AND r.status = 'open'"));
  select->BindAll(account.value(), std::string(LifecycleKindCode(kind)));
  return ReadOptional(*select);
}

Result<std::optional<LifecycleRequest>> SqliteLifecycle::LatestRequestOf(AccountId account,
                                                                         LifecycleKind kind) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kRequestSelect) +
                          "WHERE r.account_id = ? AND r.kind = ? ORDER BY r.id DESC LIMIT 1"));
  select->BindAll(account.value(), std::string(LifecycleKindCode(kind)));
  return ReadOptional(*select);
}

Status SqliteLifecycle::Complete(LifecycleRequestId id, std::optional<ReadingId> reading,
                                 std::optional<BillId> final_bill, Instant at) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE service_requests SET status = 'completed',"
                          " reading_id = COALESCE(?, reading_id),"
                          " final_bill_id = COALESCE(?, final_bill_id), completed_at = ?"
                          " WHERE id = ? AND status = 'open'"));
  CISTERN_RETURN_IF_ERROR(
      update->BindAll(OptionalId(reading), OptionalId(final_bill), FormatInstant(at), id.value())
          .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("REQUEST_CHANGED", "The service request is no longer open.");
  }
  return OkStatus();
}

Status SqliteLifecycle::Cancel(LifecycleRequestId id, Instant at) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update, connection_.Prepare("UPDATE service_requests SET status = 'cancelled',"
                                        " completed_at = ? WHERE id = ? AND status = 'open'"));
  CISTERN_RETURN_IF_ERROR(update->BindAll(FormatInstant(at), id.value()).Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("REQUEST_CHANGED", "The service request is no longer open.");
  }
  return OkStatus();
}

Result<std::vector<LifecycleRequest>> SqliteLifecycle::ListFor(AccountId account) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kRequestSelect) +
                          "WHERE r.account_id = ?1 OR r.paired_account_id = ?1 ORDER BY r.id DESC"
                          " LIMIT 200"));
  select->BindAll(account.value());
  return ReadAll<LifecycleRequest>(*select, ReadRequest);
}

Result<std::optional<ServiceOrderId>> SqliteLifecycle::OrderHoldingException(
    ReadingExceptionId exception) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT id FROM service_orders WHERE held_exception_id = ?"
                                        " ORDER BY id DESC LIMIT 1"));
  select->BindAll(exception.value());
  CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return std::optional<ServiceOrderId>();
  return std::optional<ServiceOrderId>(ServiceOrderId(select->Int(0)));
}

Status SqliteLifecycle::SetStartReading(AccountId account, MeterId meter, ReadingId reading) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO account_start_readings (account_id, meter_id, reading_id)"
                          " VALUES (?, ?, ?) ON CONFLICT (account_id, meter_id)"
                          " DO UPDATE SET reading_id = excluded.reading_id"));
  return insert->BindAll(account.value(), meter.value(), reading.value()).Run();
}

Result<std::vector<ServiceOnAtPremise>> SqliteLifecycle::ServicesOnAtPremise(PremiseId premise,
                                                                             Date on,
                                                                             AccountId except) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT a.id, a.number, s.service, s.ends_on FROM accounts a"
                          " JOIN services s ON s.account_id = a.id"
                          " WHERE a.premise_id = ? AND a.id != ? AND a.status != 'closed'"
                          " AND (s.ends_on IS NULL OR s.ends_on >= ?) ORDER BY a.id, s.id"));
  select->BindAll(premise.value(), except.value(), FormatDate(on));
  return ReadAll<ServiceOnAtPremise>(*select,
                                     [](const Statement& row) -> Result<ServiceOnAtPremise> {
                                       ServiceOnAtPremise on_at;
                                       on_at.account_id = AccountId(row.Int(0));
                                       on_at.account_number = row.Text(1);
                                       on_at.service = row.Text(2);
                                       if (!row.IsNull(3)) {
                                         CISTERN_ASSIGN_OR_RETURN(Date ends_on, ReadDate(row, 3));
                                         on_at.ends_on = ends_on;
                                       }
                                       return on_at;
                                     });
}

Result<std::vector<AccountId>> SqliteLifecycle::FinalAccountsOf(CustomerId customer,
                                                                AccountId except) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT id FROM accounts WHERE customer_id = ? AND id != ?"
                                        " AND status = 'final' ORDER BY id"));
  select->BindAll(customer.value(), except.value());
  return ReadAll<AccountId>(
      *select, [](const Statement& row) -> Result<AccountId> { return AccountId(row.Int(0)); });
}

Result<std::optional<Date>> SqliteLifecycle::CashOnlyUntil(CustomerId customer) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT MAX(cash_only_until) FROM accounts"
                                        " WHERE customer_id = ? AND cash_only_until IS NOT NULL"));
  select->BindAll(customer.value());
  CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row || select->IsNull(0)) return std::optional<Date>();
  CISTERN_ASSIGN_OR_RETURN(Date until, ReadDate(*select, 0));
  return std::optional<Date>(until);
}

Status SqliteLifecycle::SetAccountStatus(AccountId account, AccountStatus status,
                                         std::optional<Date> closed_on) {
  CISTERN_ASSIGN_OR_RETURN(auto* update,
                           connection_.Prepare("UPDATE accounts SET status = ?, closed_on = ?,"
                                               " version = version + 1 WHERE id = ?"));
  std::optional<std::string> closed_text;
  if (closed_on) closed_text = FormatDate(*closed_on);
  return update->BindAll(std::string(AccountStatusCode(status)), closed_text, account.value())
      .Run();
}

Status SqliteLifecycle::SetServiceStart(ServiceId service, Date starts_on) {
  CISTERN_ASSIGN_OR_RETURN(auto* update,
                           connection_.Prepare("UPDATE services SET starts_on = ? WHERE id = ?"));
  return update->BindAll(FormatDate(starts_on), service.value()).Run();
}

Status SqliteLifecycle::SetServiceEnd(ServiceId service, std::optional<Date> ends_on) {
  CISTERN_ASSIGN_OR_RETURN(auto* update,
                           connection_.Prepare("UPDATE services SET ends_on = ? WHERE id = ?"));
  std::optional<std::string> text;
  if (ends_on) text = FormatDate(*ends_on);
  return update->BindAll(text, service.value()).Run();
}

Result<std::optional<Money>> SqliteLifecycle::DepositCarriedTo(AccountId to) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT amount_cents FROM deposit_transfers"
                                        " WHERE to_account_id = ? ORDER BY id DESC LIMIT 1"));
  select->BindAll(to.value());
  CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return std::optional<Money>();
  return std::optional<Money>(Money::FromCents(select->Int(0)));
}

Status SqliteLifecycle::MoveDeposit(std::int64_t deposit_id, AccountId from, AccountId to,
                                    Money amount, std::optional<JournalEntryId> entry, Instant at,
                                    UserId by) {
  CISTERN_ASSIGN_OR_RETURN(auto* update,
                           connection_.Prepare("UPDATE deposits SET account_id = ?,"
                                               " version = version + 1 WHERE id = ?"));
  CISTERN_RETURN_IF_ERROR(update->BindAll(to.value(), deposit_id).Run());
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO deposit_transfers (deposit_id, from_account_id,"
                          " to_account_id, amount_cents, entry_id, transferred_at, transferred_by)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)"));
  return insert
      ->BindAll(deposit_id, from.value(), to.value(), amount.cents(), OptionalId(entry),
                FormatInstant(at), OptionalUser(by))
      .Run();
}

}  // namespace cistern::sqlite
