// Helpers that use cases call to record their writes in the audit log, inside their own
// transaction so the record and the audit entry commit together.
#pragma once

#include <optional>
#include <string>

#include "app/app_context.h"
#include "domain/audit/audit_event.h"
#include "domain/auth/roles.h"

namespace cistern {

struct AuditWrite {
  std::string action;       // "account.create"
  std::string entity_type;  // "account"
  std::int64_t entity_id = 0;
  std::optional<AccountId> account_id;
  FieldValues before;
  FieldValues after;
};

Status RecordAudit(const AppContext& context, Transaction& transaction, const Caller& caller,
                   const AuditWrite& write);

}  // namespace cistern
