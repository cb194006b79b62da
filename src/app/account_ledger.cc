#include "app/ledger_common.h"

namespace cistern {

Result<AccountLedger> GetAccountLedger(const AppContext& context, const Caller& caller,
                                       AccountId account_id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction->accounts().Get(account_id));
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(*transaction, context.finance, account_id));
  AccountLedger ledger;
  ledger.balance = position.balance();
  ledger.by_fund = position.by_fund;
  ledger.credit = position.credit;
  const Date today = context.Today();
  if (account.cash_only_until && *account.cash_only_until >= today) {
    ledger.cash_only_until = account.cash_only_until;
  }
  ledger.aging = Age(position.open, today);
  return ledger;
}

Result<Page<AccountTransaction>> ListAccountTransactions(const AppContext& context,
                                                         const Caller& caller, AccountId account_id,
                                                         const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_RETURN_IF_ERROR(transaction->accounts().Get(account_id));
  return transaction->ledger().AccountTransactions(account_id,
                                                   BalanceGlCodes(context.finance.chart), page);
}

}  // namespace cistern
