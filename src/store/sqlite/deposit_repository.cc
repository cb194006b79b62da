// Customer deposits: the deposit per account, approvals to lower or waive it, and its events.
#include "store/sqlite/deposit_repository.h"

#include "store/sqlite/repositories.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

constexpr const char* kDepositSelect =
    "SELECT id, account_id, rate_class, tenure, credit_rating, credit_reference, credit_source,"
    " late_payments, returned_payments, computed_cents, reasons, required_cents, installments,"
    " installments_billed, status, interest_through, created_at, created_by, updated_at, version"
    " FROM deposits ";

Result<Deposit> ReadDeposit(const Statement& select) {
  Deposit deposit;
  deposit.id = DepositId(select.Int(0));
  deposit.account_id = AccountId(select.Int(1));
  deposit.rate_class = select.Text(2);
  deposit.tenure = ParseTenure(select.Text(3)).value_or(Tenure::kRenter);
  if (!select.IsNull(4)) {
    auto rating = ParseCreditRating(select.Text(4));
    if (!rating) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored credit rating.");
    deposit.credit = CreditCheckResult{*rating, select.Text(5), select.Text(6)};
  }
  deposit.late_payments = static_cast<int>(select.Int(7));
  deposit.returned_payments = static_cast<int>(select.Int(8));
  deposit.computed = Money::FromCents(select.Int(9));
  deposit.reasons = SplitLines(select.Text(10));
  deposit.required = Money::FromCents(select.Int(11));
  deposit.installments = static_cast<int>(select.Int(12));
  deposit.installments_billed = static_cast<int>(select.Int(13));
  auto status = ParseDepositStatus(select.Text(14));
  if (!status) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored deposit status.");
  deposit.status = *status;
  CISTERN_ASSIGN_OR_RETURN(deposit.interest_through, ReadOptionalDate(select, 15));
  CISTERN_ASSIGN_OR_RETURN(deposit.created_at, ReadInstant(select, 16));
  deposit.created_by = UserId(select.IsNull(17) ? 0 : select.Int(17));
  CISTERN_ASSIGN_OR_RETURN(deposit.updated_at, ReadInstant(select, 18));
  deposit.version = static_cast<int>(select.Int(19));
  return deposit;
}

constexpr const char* kApprovalSelect =
    "SELECT r.id, r.deposit_id, d.account_id, r.requested_cents, r.reason, r.status,"
    " r.requested_by, u.display_name, r.requested_at, r.decided_by, r.decided_at, r.decision_note"
    " FROM deposit_approvals r JOIN deposits d ON d.id = r.deposit_id"
    " JOIN users u ON u.id = r.requested_by ";

Result<DepositApproval> ReadApproval(const Statement& select) {
  DepositApproval approval;
  approval.id = DepositApprovalId(select.Int(0));
  approval.deposit_id = DepositId(select.Int(1));
  approval.account_id = AccountId(select.Int(2));
  approval.requested = Money::FromCents(select.Int(3));
  approval.reason = select.Text(4);
  const std::string status = select.Text(5);
  approval.status = status == "pending"    ? DepositApprovalStatus::kPending
                    : status == "approved" ? DepositApprovalStatus::kApproved
                                           : DepositApprovalStatus::kRejected;
  approval.requested_by = UserId(select.Int(6));
  approval.requested_by_name = select.Text(7);
  CISTERN_ASSIGN_OR_RETURN(approval.requested_at, ReadInstant(select, 8));
  approval.decided_by = UserId(select.IsNull(9) ? 0 : select.Int(9));
  if (!select.IsNull(10)) {
    CISTERN_ASSIGN_OR_RETURN(Instant at, ReadInstant(select, 10));
    approval.decided_at = at;
  }
  approval.decision_note = select.Text(11);
  return approval;
}

}  // namespace

Result<DepositId> SqliteDeposits::Insert(const Deposit& d) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare(
          "INSERT INTO deposits (account_id, rate_class, tenure, credit_rating, credit_reference,"
          " credit_source, late_payments, returned_payments, computed_cents, reasons,"
          " required_cents, installments, installments_billed, status, interest_through,"
          " created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          " ?, ?, ?, ?)"));
  std::optional<std::string> rating;
  if (d.credit) rating = CreditRatingCode(d.credit->rating);
  std::optional<std::string> through;
  if (d.interest_through) through = FormatDate(*d.interest_through);
  Status inserted = insert
                        ->BindAll(d.account_id.value(), d.rate_class, TenureCode(d.tenure), rating,
                                  d.credit ? d.credit->reference : std::string(),
                                  d.credit ? d.credit->source : std::string(), d.late_payments,
                                  d.returned_payments, d.computed.cents(), JoinLines(d.reasons),
                                  d.required.cents(), d.installments, d.installments_billed,
                                  DepositStatusCode(d.status), through, FormatInstant(d.created_at),
                                  OptionalUser(d.created_by), FormatInstant(d.updated_at))
                        .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("DEPOSIT_EXISTS",
                             "This account has a deposit already; change that one.", "account_id");
    }
    return inserted.error();
  }
  return DepositId(connection_.LastInsertRowId());
}

Result<Deposit> SqliteDeposits::Get(DepositId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kDepositSelect) + "WHERE id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("DEPOSIT_NOT_FOUND",
                           "No deposit has id " + std::to_string(id.value()) + ".");
  }
  return ReadDeposit(*select);
}

Result<std::optional<Deposit>> SqliteDeposits::OfAccount(AccountId account) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare(std::string(kDepositSelect) + "WHERE account_id = ?"));
  select->BindAll(account.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<Deposit>();
  CISTERN_ASSIGN_OR_RETURN(Deposit deposit, ReadDeposit(*select));
  return std::optional<Deposit>(std::move(deposit));
}

Status SqliteDeposits::Update(const Deposit& d) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare(
          "UPDATE deposits SET rate_class = ?, tenure = ?, credit_rating = ?,"
          " credit_reference = ?, credit_source = ?, late_payments = ?, returned_payments = ?,"
          " computed_cents = ?, reasons = ?, required_cents = ?, installments = ?,"
          " installments_billed = ?, status = ?, interest_through = ?, updated_at = ?,"
          " version = version + 1 WHERE id = ? AND version = ?"));
  std::optional<std::string> rating;
  if (d.credit) rating = CreditRatingCode(d.credit->rating);
  std::optional<std::string> through;
  if (d.interest_through) through = FormatDate(*d.interest_through);
  CISTERN_RETURN_IF_ERROR(update
                              ->BindAll(d.rate_class, TenureCode(d.tenure), rating,
                                        d.credit ? d.credit->reference : std::string(),
                                        d.credit ? d.credit->source : std::string(),
                                        d.late_payments, d.returned_payments, d.computed.cents(),
                                        JoinLines(d.reasons), d.required.cents(), d.installments,
                                        d.installments_billed, DepositStatusCode(d.status), through,
                                        FormatInstant(d.updated_at), d.id.value(), d.version)
                              .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("DEPOSIT_CHANGED", "The deposit changed meanwhile; open it again.",
                           "version");
  }
  return OkStatus();
}

Result<std::vector<Deposit>> SqliteDeposits::ListOpen() {
  CISTERN_ASSIGN_OR_RETURN(auto* select, connection_.Prepare(std::string(kDepositSelect) +
                                                             "WHERE status = 'open' ORDER BY id"));
  std::vector<Deposit> deposits;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(Deposit deposit, ReadDeposit(*select));
    deposits.push_back(std::move(deposit));
  }
  return deposits;
}

Result<DepositApprovalId> SqliteDeposits::InsertApproval(const DepositApproval& a) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert, connection_.Prepare(
                        "INSERT INTO deposit_approvals (deposit_id, requested_cents, reason,"
                        " status, requested_by, requested_at) VALUES (?, ?, ?, 'pending', ?, ?)"));
  Status inserted = insert
                        ->BindAll(a.deposit_id.value(), a.requested.cents(), a.reason,
                                  a.requested_by.value(), FormatInstant(a.requested_at))
                        .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("APPROVAL_PENDING",
                             "A request to lower this deposit is already waiting for a supervisor.",
                             "amount");
    }
    return inserted.error();
  }
  return DepositApprovalId(connection_.LastInsertRowId());
}

Result<DepositApproval> SqliteDeposits::GetApproval(DepositApprovalId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kApprovalSelect) + "WHERE r.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("APPROVAL_NOT_FOUND",
                           "No deposit approval has id " + std::to_string(id.value()) + ".");
  }
  return ReadApproval(*select);
}

Status SqliteDeposits::DecideApproval(const DepositApproval& a) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update, connection_.Prepare(
                        "UPDATE deposit_approvals SET status = ?, decided_by = ?,"
                        " decided_at = ?, decision_note = ? WHERE id = ? AND status = 'pending'"));
  CISTERN_RETURN_IF_ERROR(update
                              ->BindAll(DepositApprovalStatusCode(a.status), a.decided_by.value(),
                                        FormatInstant(a.decided_at.value_or(Instant{})),
                                        a.decision_note, a.id.value())
                              .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("APPROVAL_DECIDED", "This request was decided already.", "approval_id");
  }
  return OkStatus();
}

Result<std::vector<DepositApproval>> SqliteDeposits::Approvals(
    std::optional<DepositApprovalStatus> status, std::optional<DepositId> deposit) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kApprovalSelect) +
                          "WHERE (? IS NULL OR r.status = ?) AND (? IS NULL OR r.deposit_id = ?)"
                          " ORDER BY r.id DESC LIMIT 500"));
  std::optional<std::string> code;
  if (status) code = DepositApprovalStatusCode(*status);
  std::optional<std::int64_t> deposit_id;
  if (deposit) deposit_id = deposit->value();
  select->BindAll(code, code, deposit_id, deposit_id);
  std::vector<DepositApproval> approvals;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(DepositApproval approval, ReadApproval(*select));
    approvals.push_back(std::move(approval));
  }
  return approvals;
}

Result<std::int64_t> SqliteDeposits::InsertEvent(const DepositEvent& e) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO deposit_events (deposit_id, account_id, kind, amount_cents,"
                          " entry_id, effective_on, recorded_at, recorded_by)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  CISTERN_RETURN_IF_ERROR(insert
                              ->BindAll(e.deposit_id.value(), e.account_id.value(),
                                        DepositEventKindCode(e.kind), e.amount.cents(),
                                        e.entry_id.value(), FormatDate(e.effective_on),
                                        FormatInstant(e.recorded_at), OptionalUser(e.recorded_by))
                              .Run());
  return connection_.LastInsertRowId();
}

Result<std::vector<DepositEvent>> SqliteDeposits::Events(DepositId deposit) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT id, deposit_id, account_id, kind, amount_cents, entry_id,"
                          " effective_on, recorded_at, recorded_by FROM deposit_events"
                          " WHERE deposit_id = ? ORDER BY id"));
  select->BindAll(deposit.value());
  std::vector<DepositEvent> events;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    DepositEvent event;
    event.id = select->Int(0);
    event.deposit_id = DepositId(select->Int(1));
    event.account_id = AccountId(select->Int(2));
    const std::string kind = select->Text(3);
    event.kind = kind == "billed"     ? DepositEventKind::kBilled
                 : kind == "paid"     ? DepositEventKind::kPaid
                 : kind == "interest" ? DepositEventKind::kInterest
                 : kind == "refunded" ? DepositEventKind::kRefunded
                                      : DepositEventKind::kApplied;
    event.amount = Money::FromCents(select->Int(4));
    event.entry_id = JournalEntryId(select->Int(5));
    CISTERN_ASSIGN_OR_RETURN(event.effective_on, ReadDate(*select, 6));
    CISTERN_ASSIGN_OR_RETURN(event.recorded_at, ReadInstant(*select, 7));
    event.recorded_by = UserId(select->IsNull(8) ? 0 : select->Int(8));
    events.push_back(std::move(event));
  }
  return events;
}

Result<std::vector<DepositRegisterRow>> SqliteDeposits::Register() {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare(
                        "SELECT d.account_id, a.number,"
                        " CASE WHEN c.kind = 'business' THEN c.business_name"
                        "      ELSE trim(c.first_name || ' ' || c.last_name) END,"
                        " d.status, d.required_cents,"
                        " COALESCE(SUM(CASE WHEN e.kind = 'billed' THEN e.amount_cents END), 0),"
                        " COALESCE(SUM(CASE WHEN e.kind = 'paid' THEN e.amount_cents END), 0),"
                        " COALESCE(SUM(CASE WHEN e.kind = 'interest' THEN e.amount_cents END), 0),"
                        " COALESCE(SUM(CASE WHEN e.kind = 'refunded' THEN e.amount_cents END), 0),"
                        " COALESCE(SUM(CASE WHEN e.kind = 'applied' THEN e.amount_cents END), 0)"
                        " FROM deposits d JOIN accounts a ON a.id = d.account_id"
                        " JOIN customers c ON c.id = a.customer_id"
                        " LEFT JOIN deposit_events e ON e.deposit_id = d.id"
                        " GROUP BY d.id ORDER BY a.number"));
  std::vector<DepositRegisterRow> rows;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    DepositRegisterRow r;
    r.account_id = AccountId(select->Int(0));
    r.account_number = select->Text(1);
    r.customer_name = select->Text(2);
    r.status = select->Text(3);
    r.required = Money::FromCents(select->Int(4));
    r.billed = Money::FromCents(select->Int(5));
    r.paid = Money::FromCents(select->Int(6));
    r.interest = Money::FromCents(select->Int(7));
    r.refunded = Money::FromCents(select->Int(8));
    r.applied = Money::FromCents(select->Int(9));
    rows.push_back(std::move(r));
  }
  return rows;
}

Result<PaymentHistory> SqliteDeposits::HistoryOfCustomer(AccountId account, Date late_since,
                                                         Date returned_since, Date today) {
  PaymentHistory history;
  // A bill is late when the payments received from its bill date through its due date (not
  // reversed) add up to less than its total due. Only bills whose due date has passed count.
  CISTERN_ASSIGN_OR_RETURN(
      auto* late,
      connection_.Prepare(
          "SELECT COUNT(*) FROM bills b"
          " WHERE b.account_id IN (SELECT id FROM accounts WHERE customer_id ="
          "   (SELECT customer_id FROM accounts WHERE id = ?))"
          " AND b.status = 'posted' AND b.total_due_cents > 0"
          " AND b.due_date >= ? AND b.due_date < ?"
          " AND (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p"
          "      WHERE p.account_id = b.account_id AND p.reversal_entry_id IS NULL"
          "      AND p.received_on BETWEEN b.bill_date AND b.due_date) < b.total_due_cents"));
  late->BindAll(account.value(), FormatDate(late_since), FormatDate(today));
  CISTERN_ASSIGN_OR_RETURN(bool found, late->Step());
  if (found) history.late_payments = static_cast<int>(late->Int(0));
  // Returned: reversed for any reason but a posting error.
  CISTERN_ASSIGN_OR_RETURN(
      auto* returned,
      connection_.Prepare(
          "SELECT COUNT(*) FROM payments p"
          " WHERE p.account_id IN (SELECT id FROM accounts WHERE customer_id ="
          "   (SELECT customer_id FROM accounts WHERE id = ?))"
          " AND p.reversal_entry_id IS NOT NULL AND p.reversal_reason != 'posted_in_error'"
          " AND p.received_on >= ?"));
  returned->BindAll(account.value(), FormatDate(returned_since));
  CISTERN_ASSIGN_OR_RETURN(found, returned->Step());
  if (found) history.returned_payments = static_cast<int>(returned->Int(0));
  return history;
}

Result<bool> SqliteDeposits::HadBadHistorySince(AccountId account, Date since, Date today) {
  CISTERN_ASSIGN_OR_RETURN(PaymentHistory history, HistoryOfCustomer(account, since, since, today));
  return history.late_payments > 0 || history.returned_payments > 0;
}

}  // namespace cistern::sqlite
