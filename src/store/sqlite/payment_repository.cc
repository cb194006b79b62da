// The payment register and cash drawers.
#include "store/sqlite/repositories.h"

namespace cistern::sqlite {
namespace {

constexpr const char* kPaymentColumns =
    "SELECT id, account_id, entry_id, amount_cents, tender, tendered_cents, change_cents,"
    " check_number, bank_name, card_auth_code, card_last4, reference, memo, received_on,"
    " drawer_id, source, posted_by, posted_at, reversal_entry_id, reversal_reason,"
    " reversal_fee_entry_id, reversed_at, reversed_by FROM payments ";

std::optional<Money> OptionalMoney(const Statement& select, int column) {
  if (select.IsNull(column)) return std::nullopt;
  return Money::FromCents(select.Int(column));
}

std::optional<std::int64_t> OptionalCents(const std::optional<Money>& money) {
  if (!money) return std::nullopt;
  return money->cents();
}

Result<Payment> ReadPayment(const Statement& select) {
  Payment payment;
  payment.id = PaymentId(select.Int(0));
  payment.account_id = AccountId(select.Int(1));
  payment.entry_id = JournalEntryId(select.Int(2));
  payment.amount = Money::FromCents(select.Int(3));
  auto tender = ParseTender(select.Text(4));
  if (!tender) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored tender.");
  payment.tender = *tender;
  payment.tendered = OptionalMoney(select, 5);
  payment.change_due = OptionalMoney(select, 6);
  payment.check_number = select.Text(7);
  payment.bank_name = select.Text(8);
  payment.card_auth_code = select.Text(9);
  payment.card_last4 = select.Text(10);
  payment.reference = select.Text(11);
  payment.memo = select.Text(12);
  CISTERN_ASSIGN_OR_RETURN(payment.received_on, ReadDate(select, 13));
  if (!select.IsNull(14)) payment.drawer_id = DrawerId(select.Int(14));
  payment.source = select.Text(15);
  payment.posted_by = UserId(select.Int(16));
  CISTERN_ASSIGN_OR_RETURN(payment.posted_at, ReadInstant(select, 17));
  if (!select.IsNull(18)) payment.reversal_entry_id = JournalEntryId(select.Int(18));
  payment.reversal_reason = select.Text(19);
  if (!select.IsNull(20)) payment.reversal_fee_entry_id = JournalEntryId(select.Int(20));
  CISTERN_ASSIGN_OR_RETURN(payment.reversed_at, ReadOptionalInstant(select, 21));
  payment.reversed_by = UserId(select.Int(22));
  return payment;
}

}  // namespace

Result<PaymentId> SqlitePayments::Insert(const Payment& payment) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO payments (account_id, entry_id, amount_cents, tender,"
                          " tendered_cents, change_cents, check_number, bank_name, card_auth_code,"
                          " card_last4, reference, memo, received_on, drawer_id, source,"
                          " posted_by, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                          " ?, ?, ?, ?)"));
  std::optional<std::int64_t> drawer;
  if (payment.drawer_id) drawer = payment.drawer_id->value();
  std::optional<std::int64_t> posted_by;
  if (payment.posted_by.valid()) posted_by = payment.posted_by.value();
  CISTERN_RETURN_IF_ERROR(
      insert
          ->BindAll(payment.account_id.value(), payment.entry_id.value(), payment.amount.cents(),
                    std::string(TenderCode(payment.tender)), OptionalCents(payment.tendered),
                    OptionalCents(payment.change_due), payment.check_number, payment.bank_name,
                    payment.card_auth_code, payment.card_last4, payment.reference, payment.memo,
                    FormatDate(payment.received_on), drawer, payment.source, posted_by,
                    FormatInstant(payment.posted_at))
          .Run());
  return PaymentId(connection_.LastInsertRowId());
}

Result<Payment> SqlitePayments::Get(PaymentId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kPaymentColumns) + "WHERE id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("PAYMENT_NOT_FOUND",
                           "No payment has id " + std::to_string(id.value()) + ".");
  }
  return ReadPayment(*select);
}

Status SqlitePayments::MarkReversed(const Payment& reversed) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE payments SET reversal_entry_id = ?, reversal_reason = ?,"
                          " reversal_fee_entry_id = ?, reversed_at = ?, reversed_by = ?"
                          " WHERE id = ? AND reversal_entry_id IS NULL"));
  std::optional<std::int64_t> fee;
  if (reversed.reversal_fee_entry_id) fee = reversed.reversal_fee_entry_id->value();
  std::optional<std::int64_t> by;
  if (reversed.reversed_by.valid()) by = reversed.reversed_by.value();
  CISTERN_RETURN_IF_ERROR(
      update
          ->BindAll(reversed.reversal_entry_id->value(), reversed.reversal_reason, fee,
                    FormatInstant(*reversed.reversed_at), by, reversed.id.value())
          .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("PAYMENT_ALREADY_REVERSED", "This payment has already been reversed.");
  }
  return OkStatus();
}

Result<Page<Payment>> SqlitePayments::List(const PaymentFilter& filter, const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kPaymentColumns) +
                          "WHERE (?1 = 0 OR id < ?1) AND (?2 IS NULL OR account_id = ?2)"
                          " AND (?3 IS NULL OR drawer_id = ?3)"
                          " AND (?4 IS NULL OR received_on >= ?4)"
                          " AND (?5 IS NULL OR received_on <= ?5)"
                          " AND (?6 = 0 OR reversal_entry_id IS NOT NULL)"
                          " ORDER BY id DESC LIMIT ?7"));
  std::optional<std::int64_t> account;
  if (filter.account_id) account = filter.account_id->value();
  std::optional<std::int64_t> drawer;
  if (filter.drawer_id) drawer = filter.drawer_id->value();
  std::optional<std::string> from;
  if (filter.received_from) from = FormatDate(*filter.received_from);
  std::optional<std::string> to;
  if (filter.received_to) to = FormatDate(*filter.received_to);
  select->BindAll(page.after, account, drawer, from, to, filter.reversed_only, page.page_size + 1);
  Page<Payment> result;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(Payment payment, ReadPayment(*select));
    result.items.push_back(std::move(payment));
  }
  if (static_cast<int>(result.items.size()) > page.page_size) {
    result.items.pop_back();
    result.next_after = result.items.back().id.value();
  }
  return result;
}

Result<TenderTotals> SqlitePayments::DrawerTotals(DrawerId drawer) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT tender, SUM(amount_cents), COUNT(*) FROM payments"
                          " WHERE drawer_id = ? AND reversal_entry_id IS NULL GROUP BY tender"));
  select->BindAll(drawer.value());
  TenderTotals totals;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    auto tender = ParseTender(select->Text(0));
    if (!tender) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored tender.");
    totals.Add(*tender, Money::FromCents(select->Int(1)), static_cast<int>(select->Int(2)));
  }
  return totals;
}

Result<std::vector<PaymentRepository::UserTenderTotal>> SqlitePayments::TotalsForDate(
    Date received_on) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT p.posted_by, COALESCE(u.display_name, 'System'), p.tender,"
                          " SUM(p.amount_cents), COUNT(*) FROM payments p"
                          " LEFT JOIN users u ON u.id = p.posted_by"
                          " WHERE p.received_on = ?"
                          " GROUP BY p.posted_by, p.tender ORDER BY 2, 3"));
  select->BindAll(FormatDate(received_on));
  std::vector<UserTenderTotal> totals;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    auto tender = ParseTender(select->Text(2));
    if (!tender) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored tender.");
    totals.push_back({UserId(select->Int(0)), select->Text(1), *tender,
                      Money::FromCents(select->Int(3)), static_cast<int>(select->Int(4))});
  }
  return totals;
}

Result<std::vector<PaymentId>> SqlitePayments::PaymentsNotMatchingTheirEntries(
    const std::set<std::string>& cash_codes, int limit) {
  std::string codes;
  for (std::size_t i = 0; i < cash_codes.size(); ++i) {
    codes += (i == 0 ? "?" : ",?") + std::to_string(i + 2);
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(
          "SELECT p.id FROM payments p JOIN journal_entries e ON e.id = p.entry_id"
          " LEFT JOIN journal_entries r ON r.id = p.reversal_entry_id"
          " WHERE e.kind != 'payment'"
          " OR p.amount_cents != (SELECT COALESCE(SUM(amount_cents), 0) FROM journal_lines"
          "   WHERE entry_id = e.id AND gl_code IN (" +
          (codes.empty() ? std::string("NULL") : codes) +
          "))"
          " OR (p.reversal_entry_id IS NOT NULL AND (r.id IS NULL OR r.reverses != p.entry_id))"
          " ORDER BY p.id LIMIT ?1"));
  select->Bind(1, static_cast<std::int64_t>(limit));
  int index = 2;
  for (const std::string& code : cash_codes) select->Bind(index++, code);
  std::vector<PaymentId> ids;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    ids.push_back(PaymentId(select->Int(0)));
  }
  return ids;
}

Result<std::set<std::string>> SqlitePayments::ReferencesFromSource(const std::string& source) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare("SELECT reference FROM payments WHERE source = ?"));
  select->BindAll(source);
  std::set<std::string> references;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) return references;
    references.insert(select->Text(0));
  }
}

// --- drawers -----------------------------------------------------------------------------------

namespace {

constexpr const char* kDrawerColumns =
    "SELECT d.id, d.user_id, COALESCE(u.display_name, ''), d.business_date, d.opened_at,"
    " d.opening_float_cents, d.status, d.closed_at, d.closed_by, d.counted_cash_cents,"
    " d.counted_checks_cents, d.expected_cash_cents, d.expected_checks_cents, d.over_short_cents"
    " FROM drawers d LEFT JOIN users u ON u.id = d.user_id ";

Result<Drawer> ReadDrawer(const Statement& select) {
  Drawer drawer;
  drawer.id = DrawerId(select.Int(0));
  drawer.user_id = UserId(select.Int(1));
  drawer.user_name = select.Text(2);
  CISTERN_ASSIGN_OR_RETURN(drawer.business_date, ReadDate(select, 3));
  CISTERN_ASSIGN_OR_RETURN(drawer.opened_at, ReadInstant(select, 4));
  drawer.opening_float = Money::FromCents(select.Int(5));
  drawer.status = select.Text(6) == "open" ? DrawerStatus::kOpen : DrawerStatus::kClosed;
  CISTERN_ASSIGN_OR_RETURN(drawer.closed_at, ReadOptionalInstant(select, 7));
  drawer.closed_by = UserId(select.Int(8));
  drawer.counted_cash = OptionalMoney(select, 9);
  drawer.counted_checks = OptionalMoney(select, 10);
  drawer.expected_cash = OptionalMoney(select, 11);
  drawer.expected_checks = OptionalMoney(select, 12);
  drawer.over_short = OptionalMoney(select, 13);
  return drawer;
}

}  // namespace

Result<DrawerId> SqliteDrawers::Open(const Drawer& drawer) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO drawers (user_id, business_date, opened_at,"
                          " opening_float_cents, status) VALUES (?, ?, ?, ?, 'open')"));
  auto inserted = insert
                      ->BindAll(drawer.user_id.value(), FormatDate(drawer.business_date),
                                FormatInstant(drawer.opened_at), drawer.opening_float.cents())
                      .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("DRAWER_ALREADY_OPEN", "You already have an open drawer.");
    }
    return inserted.error();
  }
  return DrawerId(connection_.LastInsertRowId());
}

Result<Drawer> SqliteDrawers::Get(DrawerId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kDrawerColumns) + "WHERE d.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("DRAWER_NOT_FOUND",
                           "No drawer has id " + std::to_string(id.value()) + ".");
  }
  return ReadDrawer(*select);
}

Result<std::optional<Drawer>> SqliteDrawers::OpenDrawerOf(UserId user) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kDrawerColumns) +
                                               "WHERE d.user_id = ? AND d.status = 'open'"));
  select->BindAll(user.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<Drawer>();
  CISTERN_ASSIGN_OR_RETURN(Drawer drawer, ReadDrawer(*select));
  return std::optional<Drawer>(std::move(drawer));
}

Status SqliteDrawers::Close(const Drawer& closed) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE drawers SET status = 'closed', closed_at = ?, closed_by = ?,"
                          " counted_cash_cents = ?, counted_checks_cents = ?,"
                          " expected_cash_cents = ?, expected_checks_cents = ?,"
                          " over_short_cents = ? WHERE id = ? AND status = 'open'"));
  CISTERN_RETURN_IF_ERROR(
      update
          ->BindAll(FormatInstant(*closed.closed_at), closed.closed_by.value(),
                    OptionalCents(closed.counted_cash), OptionalCents(closed.counted_checks),
                    OptionalCents(closed.expected_cash), OptionalCents(closed.expected_checks),
                    OptionalCents(closed.over_short), closed.id.value())
          .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("DRAWER_ALREADY_CLOSED", "This drawer is already closed.");
  }
  return OkStatus();
}

Result<std::vector<Drawer>> SqliteDrawers::ForDate(Date business_date) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kDrawerColumns) + "WHERE d.business_date = ? ORDER BY d.id"));
  select->BindAll(FormatDate(business_date));
  std::vector<Drawer> drawers;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(Drawer drawer, ReadDrawer(*select));
    drawers.push_back(std::move(drawer));
  }
  return drawers;
}

Result<bool> SqliteDrawers::DayClosed(Date business_date) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare("SELECT 1 FROM cash_days WHERE business_date = ?"));
  select->BindAll(FormatDate(business_date));
  return select->Step();
}

Status SqliteDrawers::CloseDay(Date business_date, UserId by, Instant at) {
  CISTERN_ASSIGN_OR_RETURN(auto* insert,
                           connection_.Prepare("INSERT INTO cash_days (business_date, closed_by,"
                                               " closed_at) VALUES (?, ?, ?)"));
  auto inserted = insert->BindAll(FormatDate(business_date), by.value(), FormatInstant(at)).Run();
  if (!inserted.ok() && inserted.error().code == ErrorCode::kConflict) {
    return Error::Conflict("DAY_ALREADY_CLOSED", "This day is already closed.");
  }
  return inserted;
}

// --- idempotency keys --------------------------------------------------------------------------

Result<std::optional<IdempotencyRecord>> SqliteIdempotency::Find(UserId user,
                                                                 const std::string& key) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT request_hash, resource_type, resource_id FROM idempotency_keys"
                          " WHERE user_id = ? AND key = ?"));
  select->BindAll(user.value(), key);
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(
      IdempotencyRecord{select->Text(0), select->Text(1), select->Int(2)});
}

Status SqliteIdempotency::Save(UserId user, const std::string& key, const IdempotencyRecord& record,
                               Instant at) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO idempotency_keys (user_id, key, request_hash,"
                          " resource_type, resource_id, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
  return insert
      ->BindAll(user.value(), key, record.request_hash, record.resource_type, record.resource_id,
                FormatInstant(at))
      .Run();
}

}  // namespace cistern::sqlite
