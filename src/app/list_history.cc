#include "app/notes.h"

namespace cistern {
namespace {

bool IsContactField(const std::string& field) {
  for (const char* prefix : {"phones", "emails", "mailing_address", "date_of_birth"}) {
    if (field.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// The history of a confidential customer, seen by a role that may not see contact details, shows
// that contact fields changed but not their values.
void HideContactValues(AuditEvent& event) {
  if (event.entity_type != "customer" && event.entity_type != "account") return;
  for (FieldChange& change : event.changes) {
    if (!IsContactField(change.field)) continue;
    if (change.before) change.before = "(hidden)";
    if (change.after) change.after = "(hidden)";
  }
}

}  // namespace

Result<Page<AuditEvent>> AccountHistory(const AppContext& context, const Caller& caller,
                                        AccountId account_id, const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction->accounts().Get(account_id));
  AuditFilter filter;
  filter.account_id = account.id;
  filter.customer_id = account.customer_id;
  filter.premise_id = account.premise_id;
  CISTERN_ASSIGN_OR_RETURN(auto events, transaction->audit().List(filter, page));
  CISTERN_ASSIGN_OR_RETURN(Customer customer, transaction->customers().Get(account.customer_id));
  if (!CanSeeContacts(caller, customer.confidential)) {
    for (AuditEvent& event : events.items) HideContactValues(event);
  }
  return events;
}

Result<Page<AuditEvent>> ListAuditEvents(const AppContext& context, const Caller& caller,
                                         const AuditFilter& filter, const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAudit));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return transaction->audit().List(filter, page);
}

}  // namespace cistern
