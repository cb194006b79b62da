#include "app/audit.h"
#include "app/idempotency.h"
#include "app/ledger_common.h"
#include "app/service_lifecycle.h"
#include "domain/ledger/posting.h"

namespace cistern {

Result<PostedEntry> TransferBalance(const AppContext& context, const Caller& caller, AccountId from,
                                    AccountId to, const std::string& memo,
                                    const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kPostPayments));
  if (from == to) {
    return Error::InvalidArgument("to_account_id", "SAME_ACCOUNT",
                                  "A balance is transferred to a different account.");
  }
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(memo, "memo"));
  if (memo.size() > kLedgerMemoLengthMax) {
    return Error::InvalidArgument("memo", "FIELD_TOO_LONG", "A memo has at most 500 characters.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier, FindIdempotent(*transaction, caller, key, "transfer"));
  if (earlier) {
    CISTERN_ASSIGN_OR_RETURN(JournalEntry entry,
                             transaction->ledger().Get(JournalEntryId(*earlier)));
    return PostedEntry{std::move(entry), true};
  }
  auto source = transaction->accounts().Get(from);
  if (!source.ok()) {
    Error error = source.error();
    error.field = "from_account_id";
    return error;
  }
  CISTERN_ASSIGN_OR_RETURN(Account target, LoadOpenAccount(*transaction, to, "to_account_id"));
  if (source->customer_id != target.customer_id) {
    return Error::FailedPrecondition("DIFFERENT_CUSTOMER",
                                     "A balance moves only between accounts of the same "
                                     "customer.",
                                     "to_account_id");
  }
  JournalEntry entry;
  CISTERN_ASSIGN_OR_RETURN(
      auto moved, TransferBalanceIn(context, *transaction, caller, *source, target, memo, &entry));
  if (!moved) {
    return Error::FailedPrecondition("NOTHING_TO_TRANSFER",
                                     "Account " + source->number.text() + " has no balance.",
                                     "from_account_id");
  }
  CISTERN_RETURN_IF_ERROR(
      RememberIdempotent(context, *transaction, caller, key, "transfer", entry.id.value()));
  {  // A final account whose balance this settles is closed.
    auto closed = CloseIfSettled(context, *transaction, caller, from);
    if (!closed.ok()) return closed.error();
  }
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return PostedEntry{std::move(entry), false};
}

Result<std::optional<Money>> TransferBalanceIn(const AppContext& context, Transaction& transaction,
                                               const Caller& caller, const Account& from,
                                               const Account& to, const std::string& memo,
                                               JournalEntry* posted) {
  const FinanceSettings& settings = context.finance;
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(transaction, settings, from.id));
  if (position.by_fund.empty() && position.credit.is_zero()) return std::optional<Money>();
  JournalEntry entry =
      TransferEntry(settings, from.id, to.id, position.by_fund, -position.credit,
                    HeaderFor(context, caller, context.Today(),
                              "Balance transfer from " + from.number.text() + " to " +
                                  to.number.text() + (memo.empty() ? "" : ": " + memo)));
  CISTERN_RETURN_IF_ERROR(PostEntry(transaction, settings, entry));
  const FieldValues details = {{"from", from.number.text()},
                               {"to", to.number.text()},
                               {"amount", position.balance().Format()},
                               {"entry", "je_" + std::to_string(entry.id.value())}};
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, transaction, caller,
                  {"balance.transfer_out", "entry", entry.id.value(), from.id, {}, details}));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, transaction, caller,
                  {"balance.transfer_in", "entry", entry.id.value(), to.id, {}, details}));
  if (posted != nullptr) *posted = std::move(entry);
  return std::optional<Money>(position.balance());
}

}  // namespace cistern
