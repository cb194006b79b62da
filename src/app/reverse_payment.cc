#include "app/audit.h"
#include "app/idempotency.h"
#include "app/ledger_common.h"
#include "app/payment_view.h"
#include "core/check.h"
#include "domain/audit/record_fields.h"
#include "domain/ledger/posting.h"

namespace cistern {

const std::vector<ReturnReason>& AllReturnReasons() {
  static const std::vector<ReturnReason> reasons = {
      ReturnReason::kInsufficientFunds, ReturnReason::kAccountClosed, ReturnReason::kStopPayment,
      ReturnReason::kPostedInError};
  return reasons;
}

const char* ReturnReasonCode(ReturnReason reason) {
  switch (reason) {
    case ReturnReason::kInsufficientFunds:
      return "nsf";
    case ReturnReason::kAccountClosed:
      return "account_closed";
    case ReturnReason::kStopPayment:
      return "stop_payment";
    case ReturnReason::kPostedInError:
      return "posted_in_error";
  }
  return "nsf";
}

const char* ReturnReasonName(ReturnReason reason) {
  switch (reason) {
    case ReturnReason::kInsufficientFunds:
      return "Insufficient funds";
    case ReturnReason::kAccountClosed:
      return "Account closed";
    case ReturnReason::kStopPayment:
      return "Stop payment";
    case ReturnReason::kPostedInError:
      return "Posted in error";
  }
  return "Insufficient funds";
}

std::optional<ReturnReason> ParseReturnReason(std::string_view code) {
  for (ReturnReason reason : AllReturnReasons()) {
    if (code == ReturnReasonCode(reason)) return reason;
  }
  return std::nullopt;
}

Result<PaymentView> ReversePayment(const AppContext& context, const Caller& caller, PaymentId id,
                                   ReturnReason reason, const std::string& memo,
                                   const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReversePayments));
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(memo, "memo"));
  if (memo.size() > kLedgerMemoLengthMax) {
    return Error::InvalidArgument("memo", "FIELD_TOO_LONG", "A memo has at most 500 characters.");
  }
  const FinanceSettings& settings = context.finance;
  const Date today = context.Today();
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier, FindIdempotent(*transaction, caller, key, "reversal"));
  if (earlier) {
    CISTERN_ASSIGN_OR_RETURN(PaymentView view,
                             LoadPaymentView(*transaction, settings, PaymentId(*earlier)));
    view.replayed = true;
    return view;
  }
  CISTERN_ASSIGN_OR_RETURN(Payment payment, transaction->payments().Get(id));
  if (payment.reversal_entry_id) {
    return Error::Conflict("PAYMENT_ALREADY_REVERSED",
                           "This payment was already reversed on " +
                               FormatDate(context.city_zone.LocalDate(*payment.reversed_at)) + ".");
  }
  const bool returned_item = reason != ReturnReason::kPostedInError;
  if (returned_item && payment.tender != Tender::kCheck && payment.tender != Tender::kAch &&
      payment.tender != Tender::kMoneyOrder) {
    return Error::FailedPrecondition("NOT_A_RETURNABLE_TENDER",
                                     "Only a check, money order or ACH payment comes back "
                                     "returned; reverse a " +
                                         std::string(TenderName(payment.tender)) +
                                         " payment as posted in error.",
                                     "reason");
  }
  CISTERN_ASSIGN_OR_RETURN(JournalEntry original, transaction->ledger().Get(payment.entry_id));
  const std::string text =
      std::string(ReturnReasonName(reason)) + (memo.empty() ? "" : ": " + memo);
  JournalEntry reversal =
      ReversalOf(original, EntryKind::kPaymentReversal, today, context.clock.Now(), caller.user_id,
                 "Payment reversed (" + text + ")");
  // The credit this payment left may have been refunded or applied since. Taking back more
  // credit than the account still has would leave a negative credit; the part already used
  // becomes money owed again, in the first fund of the city's priority.
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(*transaction, settings, payment.account_id));
  const std::string unapplied = UnappliedGlCode(settings.chart);
  for (EntryLine& line : reversal.lines) {
    if (line.gl_code != unapplied || line.account_id != payment.account_id) continue;
    if (line.amount <= position.credit) break;
    const Money used = line.amount - position.credit;
    line.amount = position.credit;
    const std::string& fund = settings.fund_priority.empty() ? settings.chart.Funds().front()
                                                             : settings.fund_priority.front();
    reversal.lines.push_back(
        {settings.chart.Receivable(fund)->code, used, payment.account_id, fund});
    break;
  }
  std::erase_if(reversal.lines, [](const EntryLine& line) { return line.amount.is_zero(); });
  CISTERN_RETURN_IF_ERROR(PostEntry(*transaction, settings, reversal));

  payment.reversal_entry_id = reversal.id;
  payment.reversal_reason = ReturnReasonCode(reason);
  payment.reversed_at = reversal.posted_at;
  payment.reversed_by = caller.user_id;
  FieldValues after = {{"reversal_entry", "je_" + std::to_string(reversal.id.value())},
                       {"reason", ReturnReasonCode(reason)}};
  if (returned_item) {
    const Fee* fee = settings.FindFee(settings.returned_item_fee);
    CISTERN_CHECK(fee != nullptr, "the returned-item fee is validated at start-up");
    JournalEntry fee_entry =
        FeeEntry(settings, payment.account_id, *fee,
                 HeaderFor(context, caller, today,
                           fee->name + " for payment pay_" + std::to_string(payment.id.value())));
    CISTERN_RETURN_IF_ERROR(PostEntry(*transaction, settings, fee_entry));
    payment.reversal_fee_entry_id = fee_entry.id;
    const Date until = AddMonths(today, settings.cash_only_months);
    CISTERN_RETURN_IF_ERROR(transaction->accounts().SetCashOnlyUntil(payment.account_id, until));
    Note note;
    note.account_id = payment.account_id;
    note.author_id = caller.user_id;
    note.created_at = context.clock.Now();
    note.text = "Returned payment: " + std::string(TenderName(payment.tender)) + " of " +
                payment.amount.Format() + " received " + FormatDate(payment.received_on) +
                " came back (" + text + "). " + fee->name + " of " + fee->amount.Format() +
                " charged. Cash or certified funds only until " + FormatDate(until) + ".";
    CISTERN_ASSIGN_OR_RETURN(note.id, transaction->notes().Insert(note));
    after.push_back({"fee_entry", "je_" + std::to_string(fee_entry.id.value())});
    after.push_back({"cash_only_until", FormatDate(until)});
    // Door hangers for the unpaid balance come with the collections work: this is where a
    // returned payment would open that collections step.
  }
  CISTERN_RETURN_IF_ERROR(transaction->payments().MarkReversed(payment));
  CISTERN_RETURN_IF_ERROR(
      RememberIdempotent(context, *transaction, caller, key, "reversal", payment.id.value()));
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, caller,
      {"payment.reverse", "payment", payment.id.value(), payment.account_id, {}, after}));
  CISTERN_ASSIGN_OR_RETURN(PaymentView view, LoadPaymentView(*transaction, settings, payment.id));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

}  // namespace cistern
