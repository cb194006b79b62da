// Records as the API shows them (docs/api.md). Internal to http/.
#pragma once

#include "app/accounts.h"
#include "app/reference_data.h"
#include "app/sessions.h"
#include "app/store/records.h"
#include "domain/audit/audit_event.h"
#include "http/api.h"

namespace cistern::http {

json AddressJson(const Address& address);
json AccountJson(const AccountView& view);
json AccountSummaryJson(const AccountSummary& summary);
json NoteJson(const NoteView& view);
json AuditEventJson(const AuditEvent& event);
json UserJson(const User& user);
json SessionJson(const User& user, const std::string& csrf_token, Instant expires_at);
json ReferenceDataJson(const ReferenceData& data);

}  // namespace cistern::http
