#include "app/audit.h"
#include "app/idempotency.h"
#include "app/ledger_common.h"
#include "domain/ledger/posting.h"

namespace cistern {

Result<PostedEntry> PostFee(const AppContext& context, const Caller& caller, AccountId account_id,
                            const std::string& fee_code, const std::string& memo,
                            const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kPostPayments));
  const Fee* fee = context.finance.FindFee(fee_code);
  if (fee == nullptr) {
    // The text is not echoed: a mistyped field could hold anything, even a card number.
    return Error::InvalidArgument("fee_code", "FEE_UNKNOWN",
                                  "That fee code is not in the fee schedule; choose one from "
                                  "the finance configuration.");
  }
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(memo, "memo"));
  if (memo.size() > kLedgerMemoLengthMax) {
    return Error::InvalidArgument("memo", "FIELD_TOO_LONG", "A memo has at most 500 characters.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier, FindIdempotent(*transaction, caller, key, "fee"));
  if (earlier) {
    CISTERN_ASSIGN_OR_RETURN(JournalEntry entry,
                             transaction->ledger().Get(JournalEntryId(*earlier)));
    return PostedEntry{std::move(entry), true};
  }
  CISTERN_RETURN_IF_ERROR(LoadOpenAccount(*transaction, account_id, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(JournalEntry entry,
                           PostFeeIn(context, *transaction, caller, account_id, *fee, memo));
  CISTERN_RETURN_IF_ERROR(
      RememberIdempotent(context, *transaction, caller, key, "fee", entry.id.value()));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return PostedEntry{std::move(entry), false};
}

Result<JournalEntry> PostFeeIn(const AppContext& context, Transaction& transaction,
                               const Caller& caller, AccountId account, const Fee& fee,
                               const std::string& memo) {
  JournalEntry entry = FeeEntry(
      context.finance, account, fee,
      HeaderFor(context, caller, context.Today(), fee.name + (memo.empty() ? "" : ": " + memo)));
  CISTERN_RETURN_IF_ERROR(PostEntry(transaction, context.finance, entry));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, transaction, caller,
                                      {"fee.post",
                                       "entry",
                                       entry.id.value(),
                                       account,
                                       {},
                                       {{"fee", fee.code}, {"amount", fee.amount.Format()}}}));
  return entry;
}

}  // namespace cistern
