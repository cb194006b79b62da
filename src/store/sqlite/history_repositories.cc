// Notes and the audit log: both append-only.
#include "store/sqlite/repositories.h"

namespace cistern::sqlite {

Result<NoteId> SqliteNotes::Insert(const Note& note) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO notes (account_id, text, author_id, created_at)"
                          " VALUES (?, ?, ?, ?)"));
  std::optional<std::int64_t> author;
  if (note.author_id.valid()) author = note.author_id.value();
  CISTERN_RETURN_IF_ERROR(
      insert->BindAll(note.account_id.value(), note.text, author, FormatInstant(note.created_at))
          .Run());
  return NoteId(connection_.LastInsertRowId());
}

Result<Page<NoteView>> SqliteNotes::ListForAccount(AccountId account, const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT n.id, n.text, n.author_id, n.created_at,"
                                        " COALESCE(u.display_name, 'System')"
                                        " FROM notes n LEFT JOIN users u ON u.id = n.author_id"
                                        " WHERE n.account_id = ? AND (? = 0 OR n.id < ?)"
                                        " ORDER BY n.id DESC LIMIT ?"));
  select->BindAll(account.value(), page.after, page.after, page.page_size + 1);
  Page<NoteView> result;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    NoteView view;
    view.note.id = NoteId(select->Int(0));
    view.note.account_id = account;
    view.note.text = select->Text(1);
    view.note.author_id = UserId(select->Int(2));
    CISTERN_ASSIGN_OR_RETURN(view.note.created_at, ReadInstant(*select, 3));
    view.author_name = select->Text(4);
    result.items.push_back(std::move(view));
  }
  if (static_cast<int>(result.items.size()) > page.page_size) {
    result.items.pop_back();
    result.next_after = result.items.back().note.id.value();
  }
  return result;
}

Result<AuditEventId> SqliteAudit::Append(const AuditEvent& event) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO audit_events (at, user_id, action, entity_type, entity_id,"
                          " account_id) VALUES (?, ?, ?, ?, ?, ?)"));
  std::optional<std::int64_t> user;
  if (event.user_id.valid()) user = event.user_id.value();
  std::optional<std::int64_t> account;
  if (event.account_id) account = event.account_id->value();
  CISTERN_RETURN_IF_ERROR(insert
                              ->BindAll(FormatInstant(event.at), user, event.action,
                                        event.entity_type, event.entity_id, account)
                              .Run());
  const AuditEventId id(connection_.LastInsertRowId());
  CISTERN_ASSIGN_OR_RETURN(
      auto* change,
      connection_.Prepare("INSERT INTO audit_changes (event_id, position, field, before_value,"
                          " after_value) VALUES (?, ?, ?, ?, ?)"));
  for (std::size_t i = 0; i < event.changes.size(); ++i) {
    change->Reset();
    const FieldChange& field_change = event.changes[i];
    CISTERN_RETURN_IF_ERROR(change
                                ->BindAll(id.value(), static_cast<std::int64_t>(i),
                                          field_change.field, field_change.before,
                                          field_change.after)
                                .Run());
  }
  return id;
}

Result<Page<AuditEvent>> SqliteAudit::List(const AuditFilter& filter, const PageRequest& page) {
  // An account's history gathers three indexed lookups; the whole log walks newest first with
  // each optional condition switched off by a NULL parameter.
  constexpr const char* kColumns =
      "SELECT e.id, e.at, e.user_id, COALESCE(u.display_name, 'System'), e.action,"
      " e.entity_type, e.entity_id, e.account_id"
      " FROM audit_events e LEFT JOIN users u ON u.id = e.user_id ";
  Statement* select = nullptr;
  if (filter.account_id) {
    CISTERN_ASSIGN_OR_RETURN(
        select,
        connection_.Prepare(std::string(kColumns) +
                            "WHERE e.id IN (SELECT id FROM audit_events WHERE account_id = ?2"
                            " UNION ALL SELECT id FROM audit_events"
                            "  WHERE entity_type = 'customer' AND entity_id = ?3"
                            " UNION ALL SELECT id FROM audit_events"
                            "  WHERE entity_type = 'premise' AND entity_id = ?4)"
                            " AND (?1 = 0 OR e.id < ?1) ORDER BY e.id DESC LIMIT ?5"));
    const std::int64_t customer = filter.customer_id ? filter.customer_id->value() : -1;
    const std::int64_t premise = filter.premise_id ? filter.premise_id->value() : -1;
    select->BindAll(page.after, filter.account_id->value(), customer, premise, page.page_size + 1);
  } else {
    CISTERN_ASSIGN_OR_RETURN(select, connection_.Prepare(std::string(kColumns) +
                                                         "WHERE (?1 = 0 OR e.id < ?1)"
                                                         " AND (?2 IS NULL OR e.entity_type = ?2)"
                                                         " AND (?3 IS NULL OR e.user_id = ?3)"
                                                         " ORDER BY e.id DESC LIMIT ?4"));
    std::optional<std::int64_t> user;
    if (filter.user_id) user = filter.user_id->value();
    select->BindAll(page.after, filter.entity_type, user, page.page_size + 1);
  }
  Page<AuditEvent> result;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    AuditEvent event;
    event.id = AuditEventId(select->Int(0));
    CISTERN_ASSIGN_OR_RETURN(event.at, ReadInstant(*select, 1));
    event.user_id = UserId(select->Int(2));
    event.user_name = select->Text(3);
    event.action = select->Text(4);
    event.entity_type = select->Text(5);
    event.entity_id = select->Int(6);
    if (!select->IsNull(7)) event.account_id = AccountId(select->Int(7));
    result.items.push_back(std::move(event));
  }
  if (static_cast<int>(result.items.size()) > page.page_size) {
    result.items.pop_back();
    result.next_after = result.items.back().id.value();
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto* changes,
      connection_.Prepare("SELECT field, before_value, after_value FROM audit_changes"
                          " WHERE event_id = ? ORDER BY position"));
  for (AuditEvent& event : result.items) {
    changes->Reset();
    changes->BindAll(event.id.value());
    while (true) {
      CISTERN_ASSIGN_OR_RETURN(bool row, changes->Step());
      if (!row) break;
      event.changes.push_back(
          {changes->Text(0), changes->OptionalText(1), changes->OptionalText(2)});
    }
  }
  return result;
}

}  // namespace cistern::sqlite
