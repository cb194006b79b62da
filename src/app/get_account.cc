#include "app/accounts.h"

namespace cistern {
namespace {

Result<AccountView> LoadView(Transaction& transaction, const Caller& caller, Account account) {
  AccountDetail detail;
  CISTERN_ASSIGN_OR_RETURN(detail.customer, transaction.customers().Get(account.customer_id));
  CISTERN_ASSIGN_OR_RETURN(detail.premise, transaction.premises().Get(account.premise_id));
  detail.account = std::move(account);
  return ViewFor(caller, std::move(detail));
}

}  // namespace

AccountView ViewFor(const Caller& caller, AccountDetail detail) {
  AccountView view{std::move(detail), false};
  Customer& customer = view.detail.customer;
  if (!CanSeeContacts(caller, customer.confidential)) {
    customer.phones.clear();
    customer.emails.clear();
    customer.mailing_address = {};
    customer.date_of_birth.reset();
    // The account's own mailing address is where the city sends bills; it is contact detail too.
    view.detail.account.mailing_address = {};
    view.contact_hidden = true;
  }
  return view;
}

Result<AccountView> GetAccount(const AppContext& context, const Caller& caller, AccountId id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction->accounts().Get(id));
  return LoadView(*transaction, caller, std::move(account));
}

Result<AccountView> GetAccountByNumber(const AppContext& context, const Caller& caller,
                                       const AccountNumber& number) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction->accounts().FindByNumber(number));
  return LoadView(*transaction, caller, std::move(account));
}

}  // namespace cistern
