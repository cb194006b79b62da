#include "app/audit.h"
#include "app/idempotency.h"
#include "app/ledger_common.h"
#include "app/service_lifecycle.h"
#include "core/text.h"
#include "domain/ledger/posting.h"

namespace cistern {

Result<PostedEntry> WriteOffBalance(const AppContext& context, const Caller& caller,
                                    AccountId account_id, const std::string& memo,
                                    const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kDecideApprovals));
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(memo, "memo"));
  if (Trim(memo).empty() || memo.size() > kLedgerMemoLengthMax) {
    return Error::InvalidArgument("memo", "FIELD_REQUIRED",
                                  "Say why the balance is uncollectible (at most 500 characters).");
  }
  const FinanceSettings& settings = context.finance;
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier, FindIdempotent(*transaction, caller, key, "write_off"));
  if (earlier) {
    CISTERN_ASSIGN_OR_RETURN(JournalEntry entry,
                             transaction->ledger().Get(JournalEntryId(*earlier)));
    return PostedEntry{std::move(entry), true};
  }
  CISTERN_ASSIGN_OR_RETURN(Account account,
                           LoadOpenAccount(*transaction, account_id, "account_id"));
  if (account.status != AccountStatus::kFinal) {
    return Error::FailedPrecondition("ACCOUNT_NOT_FINAL",
                                     "Only a final account's balance is written off; this "
                                     "account is " +
                                         std::string(AccountStatusCode(account.status)) + ".");
  }
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(*transaction, settings, account_id));
  std::vector<FundAmount> owed;
  Money total;
  for (const FundAmount& fund : position.by_fund) {
    if (fund.amount.is_negative() || fund.amount.is_zero()) continue;
    owed.push_back(fund);
    total += fund.amount;
  }
  if (total.is_zero()) {
    return Error::FailedPrecondition("NOTHING_OWED", "This account owes nothing to write off.");
  }
  JournalEntry entry =
      WriteOffEntry(settings, account_id, owed,
                    HeaderFor(context, caller, context.Today(),
                              "Written off as uncollectible: " + std::string(Trim(memo))));
  CISTERN_RETURN_IF_ERROR(PostEntry(*transaction, settings, entry));
  CISTERN_RETURN_IF_ERROR(
      RememberIdempotent(context, *transaction, caller, key, "write_off", entry.id.value()));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"balance.write_off",
                                       "entry",
                                       entry.id.value(),
                                       account_id,
                                       {},
                                       {{"amount", total.Format()},
                                        {"memo", std::string(Trim(memo))},
                                        {"entry", "je_" + std::to_string(entry.id.value())}}}));
  {  // A final account whose balance this settles is closed.
    auto closed = CloseIfSettled(context, *transaction, caller, account_id);
    if (!closed.ok()) return closed.error();
  }
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return PostedEntry{std::move(entry), false};
}

}  // namespace cistern
