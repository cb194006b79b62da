// Use cases for account notes and an account's history.
#pragma once

#include <string>

#include "app/app_context.h"
#include "app/store/page.h"
#include "app/store/records.h"
#include "domain/audit/audit_event.h"
#include "domain/auth/roles.h"

namespace cistern {

// Adds a note to an account. Needs Permission::kWriteNotes. The note is audited.
Result<NoteView> AddNote(const AppContext& context, const Caller& caller, AccountId account,
                         const std::string& text);

// Newest first. Needs Permission::kReadAccounts.
Result<Page<NoteView>> ListNotes(const AppContext& context, const Caller& caller, AccountId account,
                                 const PageRequest& page);

// The audit events of the account, its customer, its premise and its notes, newest first.
Result<Page<AuditEvent>> AccountHistory(const AppContext& context, const Caller& caller,
                                        AccountId account, const PageRequest& page);

// The whole audit log. Needs Permission::kReadAudit.
Result<Page<AuditEvent>> ListAuditEvents(const AppContext& context, const Caller& caller,
                                         const AuditFilter& filter, const PageRequest& page);

}  // namespace cistern
