#include "app/audit.h"

namespace cistern {

Status RecordAudit(const AppContext& context, Transaction& transaction, const Caller& caller,
                   const AuditWrite& write) {
  AuditEvent event;
  event.at = context.clock.Now();
  event.user_id = caller.user_id;
  event.action = write.action;
  event.entity_type = write.entity_type;
  event.entity_id = write.entity_id;
  event.account_id = write.account_id;
  event.changes = DiffFields(write.before, write.after);
  auto appended = transaction.audit().Append(event);
  if (!appended.ok()) return appended.error();
  return OkStatus();
}

}  // namespace cistern
