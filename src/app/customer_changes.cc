#include "app/customer_changes.h"

#include <algorithm>

#include "app/audit.h"
#include "core/text.h"

namespace cistern {
namespace {

Result<Customer> GetCustomer(Transaction& transaction, CustomerId id) {
  auto customer = transaction.customers().Get(id);
  if (!customer.ok()) {
    Error error = customer.error();
    if (error.code == ErrorCode::kNotFound) error.field = "customer_id";
    return error;
  }
  return *customer;
}

bool IsContactKind(CustomerChangeKind kind) { return kind != CustomerChangeKind::kName; }

}  // namespace

Result<CustomerChangeOutcome> ChangeCustomer(const AppContext& context, const Caller& caller,
                                             CustomerId customer_id,
                                             CustomerChangeRequest request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  const Date today = context.Today();
  const Date effective_on = request.effective_on.value_or(today);
  const CustomerChangeKind kind = request.values.kind;
  request.reason = std::string(Trim(request.reason));

  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CustomerChangeRepository& changes = transaction->customer_changes();
  CISTERN_ASSIGN_OR_RETURN(Customer current, GetCustomer(*transaction, customer_id));
  if (request.version && *request.version != current.version) {
    return Error::Conflict("VERSION_MISMATCH",
                           "The customer was changed by someone else meanwhile (version " +
                               std::to_string(current.version) + "); reload and try again.",
                           "version");
  }
  CISTERN_ASSIGN_OR_RETURN(std::vector<Account> accounts,
                           changes.ListCustomerAccounts(customer_id));
  bool any_open = false;
  Date earliest = today;
  for (const Account& account : accounts) {
    any_open = any_open || account.status != AccountStatus::kClosed;
    earliest = std::min(earliest, account.opened_on);
  }
  if (!any_open) {
    return Error::FailedPrecondition("CUSTOMER_CLOSED",
                                     "Every account of this customer is closed; a closed "
                                     "customer's record is history and is not changed.",
                                     "customer_id");
  }
  const Customer changed = ApplyChange(current, request.values);
  CISTERN_ASSIGN_OR_RETURN(std::optional<Date> latest,
                           changes.LatestEffectiveOn(customer_id, kind));
  CISTERN_RETURN_IF_ERROR(ValidateChange(current, changed, kind, effective_on, today, earliest,
                                         latest, request.reason));

  CustomerChangeOutcome outcome;
  CustomerChange& change = outcome.change;
  change.customer_id = customer_id;
  change.kind = kind;
  change.effective_on = effective_on;
  change.reason = request.reason;
  change.recorded_by = caller.user_id;
  change.recorded_by_name = caller.display_name;
  change.recorded_at = context.clock.Now();
  change.before = ChangeFields(kind, current);
  change.after = ChangeFields(kind, changed);
  CISTERN_ASSIGN_OR_RETURN(change.id, changes.InsertChange(change));

  outcome.customer = changed;
  outcome.customer.version = current.version + 1;
  CISTERN_RETURN_IF_ERROR(changes.UpdateCustomerMaster(outcome.customer, current.version));

  FieldValues audit_after = change.after;
  audit_after.emplace_back("effective_on", FormatDate(effective_on));
  if (!change.reason.empty()) audit_after.emplace_back("reason", change.reason);
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {std::string("customer.change_") + CustomerChangeKindCode(kind), "customer",
                   customer_id.value(), std::nullopt, change.before, audit_after}));

  if (kind == CustomerChangeKind::kMailingAddress) {
    for (const Account& account : accounts) {
      if (account.status == AccountStatus::kClosed) continue;
      if (!(account.mailing_address == current.mailing_address)) continue;
      CISTERN_RETURN_IF_ERROR(
          changes.UpdateAccountMailingAddress(account.id, changed.mailing_address));
      Account after = account;
      after.mailing_address = changed.mailing_address;
      CISTERN_RETURN_IF_ERROR(
          RecordAudit(context, *transaction, caller,
                      {"account.change_mailing_address", "account", account.id.value(), account.id,
                       ChangeFields(kind, current), ChangeFields(kind, changed)}));
      outcome.accounts_readdressed.push_back(account.id);
    }
  }
  // Names, phones and emails are searched; the entry is rebuilt for every account.
  for (const Account& account : accounts) {
    CISTERN_RETURN_IF_ERROR(transaction->search().Reindex(account.id));
  }
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return outcome;
}

Result<std::vector<CustomerChange>> ListCustomerChanges(const AppContext& context,
                                                        const Caller& caller,
                                                        CustomerId customer_id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Customer customer, GetCustomer(*transaction, customer_id));
  CISTERN_ASSIGN_OR_RETURN(auto changes, transaction->customer_changes().ListChanges(customer_id));
  if (!CanSeeContacts(caller, customer.confidential)) {
    for (CustomerChange& change : changes) {
      if (!IsContactKind(change.kind)) continue;
      for (FieldValues* side : {&change.before, &change.after}) {
        for (auto& field : *side) field.second = "(hidden)";
      }
    }
  }
  return changes;
}

}  // namespace cistern
