#include "app/accounts.h"
#include "app/audit.h"
#include "domain/audit/record_fields.h"

namespace cistern {
namespace {

Status CheckRouteAndCycle(Transaction& transaction, const Premise& premise) {
  CISTERN_ASSIGN_OR_RETURN(auto cycles, transaction.reference().ListCycles());
  bool cycle_found = false;
  for (const Cycle& cycle : cycles) cycle_found = cycle_found || cycle.code == premise.cycle;
  if (!cycle_found) {
    return Error::InvalidArgument("premise.cycle", "CYCLE_UNKNOWN",
                                  "Billing cycle \"" + premise.cycle + "\" does not exist.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto routes, transaction.reference().ListRoutes());
  for (const Route& route : routes) {
    if (route.code != premise.route) continue;
    if (route.cycle != premise.cycle) {
      return Error::InvalidArgument("premise.route", "ROUTE_NOT_IN_CYCLE",
                                    "Meter route " + route.code + " is read for cycle " +
                                        route.cycle + ", not cycle " + premise.cycle + ".");
    }
    return OkStatus();
  }
  return Error::InvalidArgument("premise.route", "ROUTE_UNKNOWN",
                                "Meter route \"" + premise.route + "\" does not exist.");
}

}  // namespace

Result<AccountView> CreateAccount(const AppContext& context, const Caller& caller,
                                  CreateAccountRequest request) {
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(AccountDetail detail,
                           CreateAccountIn(context, *transaction, caller, std::move(request)));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return ViewFor(caller, std::move(detail));
}

Result<AccountDetail> CreateAccountIn(const AppContext& context, Transaction& transaction_ref,
                                      const Caller& caller, CreateAccountRequest request) {
  Transaction* transaction = &transaction_ref;
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  const Date today = context.Today();
  if (request.new_customer.has_value() == request.existing_customer.has_value()) {
    return Error::InvalidArgument("customer", "CUSTOMER_REQUIRED",
                                  "Give either a new customer or an existing customer_id.");
  }
  if (request.new_premise.has_value() == request.existing_premise.has_value()) {
    return Error::InvalidArgument("premise", "PREMISE_REQUIRED",
                                  "Give either a new premise or an existing premise_id.");
  }

  // Everything that needs no database is checked before the transaction opens.
  if (request.new_customer) {
    request.new_customer = NormalizeCustomer(*request.new_customer);
    CISTERN_RETURN_IF_ERROR(ValidateCustomer(*request.new_customer, today, "customer"));
  }
  if (request.new_premise) {
    request.new_premise = NormalizePremise(*request.new_premise);
    CISTERN_RETURN_IF_ERROR(ValidatePremise(*request.new_premise, "premise"));
  }
  if (request.mailing_address) {
    request.mailing_address = NormalizeAddress(*request.mailing_address);
    CISTERN_RETURN_IF_ERROR(ValidateAddress(*request.mailing_address, "account.mailing_address"));
  }
  const Date opened_on = request.opened_on.value_or(today);
  if (DaysBetween(opened_on, today) > kOpenedOnDaysBackMax ||
      DaysBetween(today, opened_on) > kOpenedOnDaysAheadMax) {
    return Error::InvalidArgument("account.opened_on", "OPENED_ON_OUT_OF_RANGE",
                                  "The opening date must be within 90 days from today and not "
                                  "more than 50 years ago.");
  }

  AccountDetail detail;

  if (request.new_customer) {
    detail.customer = *request.new_customer;
    detail.customer.version = 1;
    CISTERN_ASSIGN_OR_RETURN(detail.customer.id, transaction->customers().Insert(detail.customer));
    CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                        {"customer.create",
                                         "customer",
                                         detail.customer.id.value(),
                                         std::nullopt,
                                         {},
                                         CustomerFields(detail.customer)}));
  } else {
    auto customer = transaction->customers().Get(*request.existing_customer);
    if (!customer.ok()) {
      Error error = customer.error();
      if (error.code == ErrorCode::kNotFound) error.field = "customer_id";
      return error;
    }
    detail.customer = *customer;
  }

  if (request.new_premise) {
    CISTERN_RETURN_IF_ERROR(CheckRouteAndCycle(*transaction, *request.new_premise));
    detail.premise = *request.new_premise;
    detail.premise.version = 1;
    CISTERN_ASSIGN_OR_RETURN(detail.premise.id, transaction->premises().Insert(detail.premise));
    CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                        {"premise.create",
                                         "premise",
                                         detail.premise.id.value(),
                                         std::nullopt,
                                         {},
                                         PremiseFields(detail.premise)}));
  } else {
    auto premise = transaction->premises().Get(*request.existing_premise);
    if (!premise.ok()) {
      Error error = premise.error();
      if (error.code == ErrorCode::kNotFound) error.field = "premise_id";
      return error;
    }
    detail.premise = *premise;
  }

  Account& account = detail.account;
  CISTERN_ASSIGN_OR_RETURN(std::int64_t sequence, transaction->accounts().NextNumberSequence());
  account.number = AccountNumber::FromSequence(std::max(sequence, kFirstAccountNumberSequence));
  account.customer_id = detail.customer.id;
  account.premise_id = detail.premise.id;
  account.mailing_address = request.mailing_address.value_or(detail.customer.mailing_address);
  account.status = AccountStatus::kPending;
  account.opened_on = opened_on;
  account.version = 1;
  CISTERN_ASSIGN_OR_RETURN(account.id, transaction->accounts().Insert(account));
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, caller,
      {"account.create", "account", account.id.value(), account.id, {}, AccountFields(account)}));
  CISTERN_RETURN_IF_ERROR(transaction->search().Reindex(account.id));
  return detail;
}

}  // namespace cistern
