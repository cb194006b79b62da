// Commercial sanitation: private-hauler exemptions and roll-off dumpsters with their events.
#include "store/sqlite/sanitation_repository.h"

#include "store/sqlite/repositories.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

constexpr const char* kExemptionSelect =
    "SELECT e.id, e.account_id, e.hauler, e.permit, e.starts_on, e.expires_on, e.created_at,"
    " e.created_by, e.updated_at, e.renewal_letter_id, e.renewal_sent_on, e.version,"
    " a.number, a.status,"
    " CASE WHEN c.kind = 'business' THEN c.business_name"
    "      ELSE trim(c.first_name || ' ' || c.last_name) END,"
    " p.line1, p.premise_type"
    " FROM sanitation_exemptions e"
    " JOIN accounts a ON a.id = e.account_id"
    " JOIN customers c ON c.id = a.customer_id"
    " JOIN premises p ON p.id = a.premise_id ";

Result<SanitationExemption> ReadExemption(const Statement& select) {
  SanitationExemption exemption;
  exemption.id = SanitationExemptionId(select.Int(0));
  exemption.account_id = AccountId(select.Int(1));
  exemption.hauler = select.Text(2);
  exemption.permit = select.Text(3);
  CISTERN_ASSIGN_OR_RETURN(exemption.starts_on, ReadDate(select, 4));
  CISTERN_ASSIGN_OR_RETURN(exemption.expires_on, ReadDate(select, 5));
  CISTERN_ASSIGN_OR_RETURN(exemption.created_at, ReadInstant(select, 6));
  exemption.created_by = UserId(select.IsNull(7) ? 0 : select.Int(7));
  CISTERN_ASSIGN_OR_RETURN(exemption.updated_at, ReadInstant(select, 8));
  if (!select.IsNull(9)) exemption.renewal_letter_id = LetterId(select.Int(9));
  CISTERN_ASSIGN_OR_RETURN(exemption.renewal_sent_on, ReadOptionalDate(select, 10));
  exemption.version = static_cast<int>(select.Int(11));
  exemption.account_number = select.Text(12);
  exemption.account_status = select.Text(13);
  exemption.customer_name = select.Text(14);
  exemption.service_address = select.Text(15);
  exemption.premise_type = select.Text(16);
  return exemption;
}

constexpr const char* kDumpsterSelect =
    "SELECT d.id, d.account_id, d.size_yards, d.status, d.requested_on, d.remarks,"
    " d.delivered_on, d.removed_on, d.empty_count, d.created_at, d.created_by,"
    " a.number,"
    " CASE WHEN c.kind = 'business' THEN c.business_name"
    "      ELSE trim(c.first_name || ' ' || c.last_name) END,"
    " p.line1"
    " FROM dumpsters d"
    " JOIN accounts a ON a.id = d.account_id"
    " JOIN customers c ON c.id = a.customer_id"
    " JOIN premises p ON p.id = a.premise_id ";

Result<Dumpster> ReadDumpster(const Statement& select) {
  Dumpster dumpster;
  dumpster.id = DumpsterId(select.Int(0));
  dumpster.account_id = AccountId(select.Int(1));
  dumpster.size_yards = static_cast<int>(select.Int(2));
  auto status = ParseDumpsterStatus(select.Text(3));
  if (!status) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored dumpster status.");
  dumpster.status = *status;
  CISTERN_ASSIGN_OR_RETURN(dumpster.requested_on, ReadDate(select, 4));
  dumpster.remarks = select.Text(5);
  CISTERN_ASSIGN_OR_RETURN(dumpster.delivered_on, ReadOptionalDate(select, 6));
  CISTERN_ASSIGN_OR_RETURN(dumpster.removed_on, ReadOptionalDate(select, 7));
  dumpster.empty_count = static_cast<int>(select.Int(8));
  CISTERN_ASSIGN_OR_RETURN(dumpster.created_at, ReadInstant(select, 9));
  dumpster.created_by = UserId(select.IsNull(10) ? 0 : select.Int(10));
  dumpster.account_number = select.Text(11);
  dumpster.customer_name = select.Text(12);
  dumpster.service_address = select.Text(13);
  return dumpster;
}

}  // namespace

Result<SanitationExemptionId> SqliteSanitation::InsertExemption(
    const SanitationExemption& exemption) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO sanitation_exemptions (account_id, hauler, permit,"
                          " starts_on, expires_on, created_at, created_by, updated_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  Status inserted =
      insert
          ->BindAll(exemption.account_id.value(), exemption.hauler, exemption.permit,
                    FormatDate(exemption.starts_on), FormatDate(exemption.expires_on),
                    FormatInstant(exemption.created_at), OptionalUser(exemption.created_by),
                    FormatInstant(exemption.updated_at))
          .Run();
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {
      return Error::Conflict("EXEMPTION_EXISTS",
                             "This account has a sanitation exemption already; change that one.",
                             "account_id");
    }
    return inserted.error();
  }
  return SanitationExemptionId(connection_.LastInsertRowId());
}

Result<SanitationExemption> SqliteSanitation::GetExemption(SanitationExemptionId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kExemptionSelect) + "WHERE e.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("EXEMPTION_NOT_FOUND",
                           "No sanitation exemption has id " + std::to_string(id.value()) + ".");
  }
  return ReadExemption(*select);
}

Result<std::optional<SanitationExemption>> SqliteSanitation::ExemptionOfAccount(AccountId account) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare(std::string(kExemptionSelect) + "WHERE e.account_id = ?"));
  select->BindAll(account.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return std::optional<SanitationExemption>();
  CISTERN_ASSIGN_OR_RETURN(SanitationExemption exemption, ReadExemption(*select));
  return std::optional<SanitationExemption>(std::move(exemption));
}

Status SqliteSanitation::UpdateExemption(const SanitationExemption& exemption) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE sanitation_exemptions SET hauler = ?, permit = ?,"
                          " starts_on = ?, expires_on = ?, updated_at = ?, renewal_letter_id = ?,"
                          " renewal_sent_on = ?, version = version + 1"
                          " WHERE id = ? AND version = ?"));
  std::optional<std::int64_t> letter;
  if (exemption.renewal_letter_id) letter = exemption.renewal_letter_id->value();
  CISTERN_RETURN_IF_ERROR(
      update
          ->BindAll(exemption.hauler, exemption.permit, FormatDate(exemption.starts_on),
                    FormatDate(exemption.expires_on), FormatInstant(exemption.updated_at), letter,
                    OptionalDateText(exemption.renewal_sent_on), exemption.id.value(),
                    exemption.version)
          .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("EXEMPTION_CHANGED", "The exemption changed meanwhile; open it again.",
                           "version");
  }
  return OkStatus();
}

Result<std::vector<SanitationExemption>> SqliteSanitation::ListExemptions() {
  CISTERN_ASSIGN_OR_RETURN(auto* select, connection_.Prepare(std::string(kExemptionSelect) +
                                                             "ORDER BY e.expires_on, e.id"));
  return ReadAll<SanitationExemption>(*select, ReadExemption);
}

Result<DumpsterId> SqliteSanitation::InsertDumpster(const Dumpster& dumpster) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO dumpsters (account_id, size_yards, status, requested_on,"
                          " remarks, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  CISTERN_RETURN_IF_ERROR(insert
                              ->BindAll(dumpster.account_id.value(), dumpster.size_yards,
                                        std::string(DumpsterStatusCode(dumpster.status)),
                                        FormatDate(dumpster.requested_on), dumpster.remarks,
                                        FormatInstant(dumpster.created_at),
                                        OptionalUser(dumpster.created_by))
                              .Run());
  return DumpsterId(connection_.LastInsertRowId());
}

Result<Dumpster> SqliteSanitation::GetDumpster(DumpsterId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kDumpsterSelect) + "WHERE d.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("DUMPSTER_NOT_FOUND",
                           "No dumpster has id " + std::to_string(id.value()) + ".");
  }
  return ReadDumpster(*select);
}

Status SqliteSanitation::UpdateDumpster(const Dumpster& dumpster, DumpsterStatus expected_status,
                                        int expected_empties) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE dumpsters SET status = ?, delivered_on = ?, removed_on = ?,"
                          " empty_count = ? WHERE id = ? AND status = ? AND empty_count = ?"));
  CISTERN_RETURN_IF_ERROR(
      update
          ->BindAll(std::string(DumpsterStatusCode(dumpster.status)),
                    OptionalDateText(dumpster.delivered_on), OptionalDateText(dumpster.removed_on),
                    dumpster.empty_count, dumpster.id.value(),
                    std::string(DumpsterStatusCode(expected_status)), expected_empties)
          .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("DUMPSTER_CHANGED", "The dumpster changed meanwhile; open it again.",
                           "status");
  }
  return OkStatus();
}

Result<Page<Dumpster>> SqliteSanitation::ListDumpsters(const DumpsterFilter& filter,
                                                       const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kDumpsterSelect) +
                          "WHERE (?1 = 0 OR d.id < ?1) AND (?2 IS NULL OR d.account_id = ?2)"
                          " AND (?3 = 0 OR d.status IN ('requested', 'delivered'))"
                          " ORDER BY d.id DESC LIMIT ?4"));
  std::optional<std::int64_t> account;
  if (filter.account_id) account = filter.account_id->value();
  select->BindAll(page.after, account, filter.live_only, page.page_size + 1);
  return ReadPage<Dumpster>(*select, page.page_size, ReadDumpster);
}

Result<std::int64_t> SqliteSanitation::InsertDumpsterEvent(const DumpsterEvent& event) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO dumpster_events (dumpster_id, action, done_on, entry_id,"
                          " fee_code, amount_cents, remarks, recorded_at, recorded_by)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  std::optional<std::int64_t> entry;
  if (event.entry_id) entry = event.entry_id->value();
  CISTERN_RETURN_IF_ERROR(
      insert
          ->BindAll(event.dumpster_id.value(), std::string(DumpsterActionCode(event.action)),
                    FormatDate(event.done_on), entry, event.fee_code, event.amount.cents(),
                    event.remarks, FormatInstant(event.recorded_at),
                    OptionalUser(event.recorded_by))
          .Run());
  return connection_.LastInsertRowId();
}

Result<std::vector<DumpsterEvent>> SqliteSanitation::DumpsterEvents(DumpsterId id) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT v.id, v.dumpster_id, v.action, v.done_on, v.entry_id,"
                          " v.fee_code, v.amount_cents, v.remarks, v.recorded_at, v.recorded_by,"
                          " u.display_name FROM dumpster_events v"
                          " LEFT JOIN users u ON u.id = v.recorded_by"
                          " WHERE v.dumpster_id = ? ORDER BY v.id"));
  select->BindAll(id.value());
  std::vector<DumpsterEvent> events;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    DumpsterEvent event;
    event.id = select->Int(0);
    event.dumpster_id = DumpsterId(select->Int(1));
    auto action = ParseDumpsterAction(select->Text(2));
    if (!action) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored dumpster action.");
    event.action = *action;
    CISTERN_ASSIGN_OR_RETURN(event.done_on, ReadDate(*select, 3));
    if (!select->IsNull(4)) event.entry_id = JournalEntryId(select->Int(4));
    event.fee_code = select->Text(5);
    event.amount = Money::FromCents(select->Int(6));
    event.remarks = select->Text(7);
    CISTERN_ASSIGN_OR_RETURN(event.recorded_at, ReadInstant(*select, 8));
    event.recorded_by = UserId(select->IsNull(9) ? 0 : select->Int(9));
    event.recorded_by_name = select->Text(10);
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace cistern::sqlite
