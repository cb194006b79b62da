#include "app/audit.h"
#include "app/ledger_common.h"
#include "app/service_lifecycle.h"
#include "domain/customer/customer.h"
#include "domain/ledger/posting.h"

namespace cistern {
namespace {

Result<RefundView> ViewOf(Transaction& transaction, RefundId id) {
  RefundView view;
  CISTERN_ASSIGN_OR_RETURN(view.refund, transaction.approvals().GetRefund(id));
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(view.refund.account_id));
  CISTERN_ASSIGN_OR_RETURN(Customer customer, transaction.customers().Get(account.customer_id));
  view.account_number = account.number.text();
  view.customer_name = CustomerDisplayName(customer);
  return view;
}

// What can still be refunded: the credit, less refunds already waiting for approval.
Result<Money> RefundableCredit(Transaction& transaction, const FinanceSettings& settings,
                               AccountId account) {
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(transaction, settings, account));
  CISTERN_ASSIGN_OR_RETURN(Money pending, transaction.approvals().PendingRefunds(account));
  // A credit that merely offsets money owed in some fund is not refundable: only the balance.
  const Money credit_balance = -position.balance();
  return credit_balance - pending;
}

}  // namespace

Result<RefundView> RequestRefund(const AppContext& context, const Caller& caller,
                                 AccountId account_id, Money amount, const std::string& memo) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kPostPayments));
  if (amount.cents() <= 0) {
    return Error::InvalidArgument("amount_cents", "AMOUNT_NOT_POSITIVE",
                                  "A refund is more than zero.");
  }
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(memo, "memo"));
  if (memo.size() > kLedgerMemoLengthMax) {
    return Error::InvalidArgument("memo", "FIELD_TOO_LONG", "A memo has at most 500 characters.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  auto account = transaction->accounts().Get(account_id);
  if (!account.ok()) {
    Error error = account.error();
    error.field = "account_id";
    return error;
  }
  CISTERN_ASSIGN_OR_RETURN(Money refundable,
                           RefundableCredit(*transaction, context.finance, account_id));
  if (amount > refundable) {
    return Error::FailedPrecondition(
        "REFUND_EXCEEDS_CREDIT",
        "The account's refundable credit is " +
            (refundable.is_negative() ? Money().Format() : refundable.Format()) + ".",
        "amount_cents");
  }
  CISTERN_ASSIGN_OR_RETURN(
      Refund refund, RequestRefundIn(context, *transaction, caller, account_id, amount, memo));
  CISTERN_ASSIGN_OR_RETURN(RefundView view, ViewOf(*transaction, refund.id));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<Refund> RequestRefundIn(const AppContext& context, Transaction& transaction,
                               const Caller& caller, AccountId account, Money amount,
                               const std::string& memo) {
  Refund refund;
  refund.account_id = account;
  refund.amount = amount;
  refund.memo = memo;
  refund.requested_by = caller.user_id;
  refund.requested_at = context.clock.Now();
  CISTERN_ASSIGN_OR_RETURN(refund.id, transaction.approvals().InsertRefund(refund));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, transaction, caller,
                  {"refund.request",
                   "refund",
                   refund.id.value(),
                   account,
                   {},
                   {{"amount", amount.Format()}, {"memo", memo}, {"status", "pending_approval"}}}));
  return refund;
}

Result<RefundView> DecideRefund(const AppContext& context, const Caller& caller, RefundId id,
                                Decision decision, const std::string& memo) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kDecideApprovals));
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(memo, "memo"));
  if (memo.size() > kLedgerMemoLengthMax) {
    return Error::InvalidArgument("memo", "FIELD_TOO_LONG", "A memo has at most 500 characters.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Refund refund, transaction->approvals().GetRefund(id));
  if (refund.status != ApprovalStatus::kPending) {
    return Error::Conflict("ALREADY_DECIDED", "This refund has already been decided.");
  }
  if (refund.requested_by == caller.user_id) {
    return Error::PermissionDenied("OWN_REQUEST",
                                   "Nobody approves or rejects their own request; ask another "
                                   "supervisor.");
  }
  refund.decided_by = caller.user_id;
  refund.decided_at = context.clock.Now();
  refund.decision_memo = memo;
  if (decision == Decision::kApprove) {
    // The credit may have been used since the request: check it again, without this request.
    CISTERN_ASSIGN_OR_RETURN(Money refundable,
                             RefundableCredit(*transaction, context.finance, refund.account_id));
    if (refund.amount > refundable + refund.amount) {
      return Error::FailedPrecondition("REFUND_EXCEEDS_CREDIT",
                                       "The account no longer has this much credit.");
    }
    JournalEntry entry = RefundEntry(
        context.finance, refund.account_id, refund.amount,
        HeaderFor(context, caller, context.Today(),
                  "Refund of credit balance" + (refund.memo.empty() ? "" : ": " + refund.memo)));
    CISTERN_RETURN_IF_ERROR(PostEntry(*transaction, context.finance, entry));
    refund.entry_id = entry.id;
    refund.status = ApprovalStatus::kPosted;
  } else {
    refund.status = ApprovalStatus::kRejected;
  }
  CISTERN_RETURN_IF_ERROR(transaction->approvals().DecideRefund(refund));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {decision == Decision::kApprove ? "refund.approve" : "refund.reject",
                   "refund",
                   refund.id.value(),
                   refund.account_id,
                   {{"status", "pending_approval"}},
                   {{"status", decision == Decision::kApprove ? "approved" : "rejected"},
                    {"decision_memo", memo}}}));
  {  // A final account whose balance this settles is closed.
    auto closed = CloseIfSettled(context, *transaction, caller, refund.account_id);
    if (!closed.ok()) return closed.error();
  }
  CISTERN_ASSIGN_OR_RETURN(RefundView view, ViewOf(*transaction, refund.id));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<Page<RefundView>> ListRefunds(const AppContext& context, const Caller& caller,
                                     std::optional<ApprovalStatus> status, std::optional<Date> from,
                                     std::optional<Date> to, const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Page<Refund> refunds,
                           transaction->approvals().ListRefunds(status, from, to, page));
  Page<RefundView> views;
  views.next_after = refunds.next_after;
  for (const Refund& refund : refunds.items) {
    CISTERN_ASSIGN_OR_RETURN(RefundView view, ViewOf(*transaction, refund.id));
    views.items.push_back(std::move(view));
  }
  return views;
}

}  // namespace cistern
