// Adjustments and refunds: requests that may wait for a supervisor's decision.
#include "store/sqlite/repositories.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

const char* StatusCode(ApprovalStatus status, bool refund) {
  switch (status) {
    case ApprovalStatus::kPending:
      return "pending_approval";
    case ApprovalStatus::kPosted:
      return refund ? "approved" : "posted";
    case ApprovalStatus::kRejected:
      return "rejected";
  }
  return "pending_approval";
}

ApprovalStatus ParseStatus(const std::string& code) {
  if (code == "posted" || code == "approved") return ApprovalStatus::kPosted;
  if (code == "rejected") return ApprovalStatus::kRejected;
  return ApprovalStatus::kPending;
}

constexpr const char* kAdjustmentColumns =
    "SELECT a.id, a.account_id, a.direction, a.amount_cents, a.fund, a.reason_code, a.memo,"
    " a.corrects_entry_id, a.status, a.requested_by, COALESCE(r.display_name, 'System'),"
    " a.requested_at, a.decided_by, COALESCE(d.display_name, ''), a.decided_at, a.decision_memo,"
    " a.entry_id FROM adjustments a LEFT JOIN users r ON r.id = a.requested_by"
    " LEFT JOIN users d ON d.id = a.decided_by ";

Result<Adjustment> ReadAdjustment(const Statement& select) {
  Adjustment adjustment;
  adjustment.id = AdjustmentId(select.Int(0));
  adjustment.account_id = AccountId(select.Int(1));
  adjustment.direction =
      select.Text(2) == "debit" ? AdjustmentDirection::kDebit : AdjustmentDirection::kCredit;
  adjustment.amount = Money::FromCents(select.Int(3));
  adjustment.fund = select.Text(4);
  adjustment.reason_code = select.Text(5);
  adjustment.memo = select.Text(6);
  if (!select.IsNull(7)) adjustment.corrects_entry_id = JournalEntryId(select.Int(7));
  adjustment.status = ParseStatus(select.Text(8));
  adjustment.requested_by = UserId(select.Int(9));
  adjustment.requested_by_name = select.Text(10);
  CISTERN_ASSIGN_OR_RETURN(adjustment.requested_at, ReadInstant(select, 11));
  adjustment.decided_by = UserId(select.Int(12));
  adjustment.decided_by_name = select.Text(13);
  CISTERN_ASSIGN_OR_RETURN(adjustment.decided_at, ReadOptionalInstant(select, 14));
  adjustment.decision_memo = select.Text(15);
  if (!select.IsNull(16)) adjustment.entry_id = JournalEntryId(select.Int(16));
  return adjustment;
}

constexpr const char* kRefundColumns =
    "SELECT f.id, f.account_id, f.amount_cents, f.memo, f.status, f.requested_by,"
    " COALESCE(r.display_name, 'System'), f.requested_at, f.decided_by,"
    " COALESCE(d.display_name, ''), f.decided_at, f.decision_memo, f.entry_id"
    " FROM refunds f LEFT JOIN users r ON r.id = f.requested_by"
    " LEFT JOIN users d ON d.id = f.decided_by ";

Result<Refund> ReadRefund(const Statement& select) {
  Refund refund;
  refund.id = RefundId(select.Int(0));
  refund.account_id = AccountId(select.Int(1));
  refund.amount = Money::FromCents(select.Int(2));
  refund.memo = select.Text(3);
  refund.status = ParseStatus(select.Text(4));
  refund.requested_by = UserId(select.Int(5));
  refund.requested_by_name = select.Text(6);
  CISTERN_ASSIGN_OR_RETURN(refund.requested_at, ReadInstant(select, 7));
  refund.decided_by = UserId(select.Int(8));
  refund.decided_by_name = select.Text(9);
  CISTERN_ASSIGN_OR_RETURN(refund.decided_at, ReadOptionalInstant(select, 10));
  refund.decision_memo = select.Text(11);
  if (!select.IsNull(12)) refund.entry_id = JournalEntryId(select.Int(12));
  return refund;
}

}  // namespace

Result<AdjustmentId> SqliteApprovals::InsertAdjustment(const Adjustment& adjustment) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO adjustments (account_id, direction, amount_cents, fund,"
                          " reason_code, memo, corrects_entry_id, status, requested_by,"
                          " requested_at, decided_by, decided_at, entry_id)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  std::optional<std::int64_t> corrects;
  if (adjustment.corrects_entry_id) corrects = adjustment.corrects_entry_id->value();
  std::optional<std::int64_t> entry;
  if (adjustment.entry_id) entry = adjustment.entry_id->value();
  std::optional<std::string> decided_at;
  if (adjustment.decided_at) decided_at = FormatInstant(*adjustment.decided_at);
  CISTERN_RETURN_IF_ERROR(
      insert
          ->BindAll(
              adjustment.account_id.value(),
              std::string(adjustment.direction == AdjustmentDirection::kDebit ? "debit" : "credit"),
              adjustment.amount.cents(), adjustment.fund, adjustment.reason_code, adjustment.memo,
              corrects, std::string(StatusCode(adjustment.status, false)),
              OptionalUser(adjustment.requested_by), FormatInstant(adjustment.requested_at),
              OptionalUser(adjustment.decided_by), decided_at, entry)
          .Run());
  return AdjustmentId(connection_.LastInsertRowId());
}

Result<Adjustment> SqliteApprovals::GetAdjustment(AdjustmentId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kAdjustmentColumns) + "WHERE a.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("ADJUSTMENT_NOT_FOUND",
                           "No adjustment has id " + std::to_string(id.value()) + ".");
  }
  return ReadAdjustment(*select);
}

Status SqliteApprovals::DecideAdjustment(const Adjustment& decided) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE adjustments SET status = ?, decided_by = ?, decided_at = ?,"
                          " decision_memo = ?, entry_id = ?"
                          " WHERE id = ? AND status = 'pending_approval'"));
  std::optional<std::int64_t> entry;
  if (decided.entry_id) entry = decided.entry_id->value();
  CISTERN_RETURN_IF_ERROR(update
                              ->BindAll(std::string(StatusCode(decided.status, false)),
                                        OptionalUser(decided.decided_by),
                                        FormatInstant(*decided.decided_at), decided.decision_memo,
                                        entry, decided.id.value())
                              .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("ALREADY_DECIDED", "This adjustment has already been decided.");
  }
  return OkStatus();
}

Result<Page<Adjustment>> SqliteApprovals::ListAdjustments(std::optional<ApprovalStatus> status,
                                                          std::optional<Date> from,
                                                          std::optional<Date> to,
                                                          const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kAdjustmentColumns) +
                          "WHERE (?1 = 0 OR a.id < ?1) AND (?2 IS NULL OR a.status = ?2)"
                          " AND (?3 IS NULL OR substr(a.requested_at, 1, 10) >= ?3)"
                          " AND (?4 IS NULL OR substr(a.requested_at, 1, 10) <= ?4)"
                          " ORDER BY a.id DESC LIMIT ?5"));
  std::optional<std::string> status_code;
  if (status) status_code = StatusCode(*status, false);
  select->BindAll(page.after, status_code, OptionalDateText(from), OptionalDateText(to),
                  page.page_size + 1);
  Page<Adjustment> result;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(Adjustment adjustment, ReadAdjustment(*select));
    result.items.push_back(std::move(adjustment));
  }
  if (static_cast<int>(result.items.size()) > page.page_size) {
    result.items.pop_back();
    result.next_after = result.items.back().id.value();
  }
  return result;
}

Result<RefundId> SqliteApprovals::InsertRefund(const Refund& refund) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert, connection_.Prepare(
                        "INSERT INTO refunds (account_id, amount_cents, memo, status,"
                        " requested_by, requested_at) VALUES (?, ?, ?, 'pending_approval', ?, ?)"));
  CISTERN_RETURN_IF_ERROR(insert
                              ->BindAll(refund.account_id.value(), refund.amount.cents(),
                                        refund.memo, OptionalUser(refund.requested_by),
                                        FormatInstant(refund.requested_at))
                              .Run());
  return RefundId(connection_.LastInsertRowId());
}

Result<Refund> SqliteApprovals::GetRefund(RefundId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kRefundColumns) + "WHERE f.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("REFUND_NOT_FOUND",
                           "No refund has id " + std::to_string(id.value()) + ".");
  }
  return ReadRefund(*select);
}

Status SqliteApprovals::DecideRefund(const Refund& decided) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE refunds SET status = ?, decided_by = ?, decided_at = ?,"
                          " decision_memo = ?, entry_id = ?"
                          " WHERE id = ? AND status = 'pending_approval'"));
  std::optional<std::int64_t> entry;
  if (decided.entry_id) entry = decided.entry_id->value();
  CISTERN_RETURN_IF_ERROR(update
                              ->BindAll(std::string(StatusCode(decided.status, true)),
                                        OptionalUser(decided.decided_by),
                                        FormatInstant(*decided.decided_at), decided.decision_memo,
                                        entry, decided.id.value())
                              .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("ALREADY_DECIDED", "This refund has already been decided.");
  }
  return OkStatus();
}

Result<Page<Refund>> SqliteApprovals::ListRefunds(std::optional<ApprovalStatus> status,
                                                  std::optional<Date> from, std::optional<Date> to,
                                                  const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kRefundColumns) +
                          "WHERE (?1 = 0 OR f.id < ?1) AND (?2 IS NULL OR f.status = ?2)"
                          " AND (?3 IS NULL OR substr(COALESCE(f.decided_at, f.requested_at), 1,"
                          " 10) >= ?3)"
                          " AND (?4 IS NULL OR substr(COALESCE(f.decided_at, f.requested_at), 1,"
                          " 10) <= ?4)"
                          " ORDER BY f.id DESC LIMIT ?5"));
  std::optional<std::string> status_code;
  if (status) status_code = StatusCode(*status, true);
  select->BindAll(page.after, status_code, OptionalDateText(from), OptionalDateText(to),
                  page.page_size + 1);
  Page<Refund> result;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(Refund refund, ReadRefund(*select));
    result.items.push_back(std::move(refund));
  }
  if (static_cast<int>(result.items.size()) > page.page_size) {
    result.items.pop_back();
    result.next_after = result.items.back().id.value();
  }
  return result;
}

Result<Money> SqliteApprovals::PendingRefunds(AccountId account) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT COALESCE(SUM(amount_cents), 0) FROM refunds"
                                        " WHERE account_id = ? AND status = 'pending_approval'"));
  select->BindAll(account.value());
  CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
  return Money::FromCents(row ? select->Int(0) : 0);
}

Result<std::vector<Refund>> SqliteApprovals::RefundsOf(AccountId account, int limit) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare(std::string(kRefundColumns) +
                                        "WHERE f.account_id = ? ORDER BY f.id DESC LIMIT ?"));
  select->BindAll(account.value(), limit);
  std::vector<Refund> refunds;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(Refund refund, ReadRefund(*select));
    refunds.push_back(std::move(refund));
  }
  return refunds;
}

}  // namespace cistern::sqlite
