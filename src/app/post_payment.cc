#include <cctype>

#include "app/audit.h"
#include "app/idempotency.h"
#include "app/ledger_common.h"
#include "app/payment_view.h"
#include "app/service_lifecycle.h"
#include "core/text.h"
#include "domain/customer/customer.h"
#include "domain/ledger/posting.h"

namespace cistern {
namespace {

// One payment above this is a typing slip far more often than a real payment.
constexpr std::int64_t kPaymentCentsMax = 100'000'000;  // $1,000,000.00
constexpr int kReceivedOnDaysBackMax = 90;
constexpr std::size_t kShortTextMax = 60;

Status CheckText(const std::string& text, const std::string& field, std::size_t length_max) {
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(text, field));
  if (CountCharacters(text) > length_max) {
    return Error::InvalidArgument(
        field, "FIELD_TOO_LONG",
        field + " has at most " + std::to_string(length_max) + " characters.");
  }
  return OkStatus();
}

bool AllDigits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Status ValidatePaymentRequest(const PaymentRequest& request, Date today) {
  if (request.amount.cents() <= 0) {
    return Error::InvalidArgument("amount_cents", "AMOUNT_NOT_POSITIVE",
                                  "A payment amount is more than zero.");
  }
  if (request.amount.cents() > kPaymentCentsMax) {
    return Error::InvalidArgument("amount_cents", "AMOUNT_TOO_LARGE",
                                  "A single payment is at most $1,000,000.00.");
  }
  // Card numbers are checked in every text field first, so that no other message echoes one.
  CISTERN_RETURN_IF_ERROR(CheckText(request.check_number, "check_number", 20));
  CISTERN_RETURN_IF_ERROR(CheckText(request.bank_name, "bank_name", kShortTextMax));
  CISTERN_RETURN_IF_ERROR(CheckText(request.card_auth_code, "card_auth_code", 12));
  CISTERN_RETURN_IF_ERROR(CheckText(request.card_last4, "card_last4", 4));
  CISTERN_RETURN_IF_ERROR(CheckText(request.reference, "reference", kShortTextMax));
  CISTERN_RETURN_IF_ERROR(CheckText(request.memo, "memo", kLedgerMemoLengthMax));
  switch (request.tender) {
    case Tender::kCash:
      if (request.tendered && *request.tendered < request.amount) {
        return Error::InvalidArgument("tendered_cents", "TENDERED_TOO_LOW",
                                      "The cash handed over is less than the payment.");
      }
      break;
    case Tender::kCheck:
      if (Trim(request.check_number).empty()) {
        return Error::InvalidArgument("check_number", "FIELD_REQUIRED", "Enter the check number.");
      }
      if (Trim(request.bank_name).empty()) {
        return Error::InvalidArgument("bank_name", "FIELD_REQUIRED",
                                      "Enter the bank the check is drawn on.");
      }
      break;
    case Tender::kMoneyOrder:
    case Tender::kAch:
      if (Trim(request.reference).empty()) {
        return Error::InvalidArgument("reference", "FIELD_REQUIRED",
                                      request.tender == Tender::kAch
                                          ? "Enter the ACH trace or reference number."
                                          : "Enter the money order's serial number.");
      }
      break;
    case Tender::kCard: {
      const std::string& code = request.card_auth_code;
      bool code_ok = code.size() >= 4 && code.size() <= 12;
      for (char c : code) code_ok = code_ok && std::isalnum(static_cast<unsigned char>(c));
      if (!code_ok) {
        return Error::InvalidArgument("card_auth_code", "CARD_AUTH_CODE_INVALID",
                                      "Enter the terminal's authorization code (4 to 12 letters "
                                      "or digits).");
      }
      if (request.card_last4.size() != 4 || !AllDigits(request.card_last4)) {
        return Error::InvalidArgument("card_last4", "CARD_LAST4_INVALID",
                                      "Enter the last four digits of the card.");
      }
      break;
    }
  }
  if (request.tender != Tender::kCash && request.tendered) {
    return Error::InvalidArgument("tendered_cents", "TENDERED_ONLY_FOR_CASH",
                                  "Only a cash payment has an amount tendered.");
  }
  if (request.received_on) {
    if (*request.received_on > today ||
        DaysBetween(*request.received_on, today) > kReceivedOnDaysBackMax) {
      return Error::InvalidArgument("received_on", "RECEIVED_ON_OUT_OF_RANGE",
                                    "The received date is today or within the last 90 days.");
    }
  }
  return OkStatus();
}

}  // namespace

Result<PaymentView> LoadPaymentView(Transaction& transaction, const FinanceSettings& settings,
                                    PaymentId id) {
  PaymentView view;
  CISTERN_ASSIGN_OR_RETURN(view.payment, transaction.payments().Get(id));
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(view.payment.account_id));
  CISTERN_ASSIGN_OR_RETURN(Customer customer, transaction.customers().Get(account.customer_id));
  view.account_number = account.number.text();
  view.customer_name = CustomerDisplayName(customer);
  view.cash_only_until = account.cash_only_until;
  if (view.payment.posted_by.valid()) {
    auto user = transaction.users().Get(view.payment.posted_by);
    view.posted_by_name = user.ok() ? user->display_name : "Unknown user";
  } else {
    view.posted_by_name = "System";
  }
  CISTERN_ASSIGN_OR_RETURN(JournalEntry entry, transaction.ledger().Get(view.payment.entry_id));
  const std::string unapplied = UnappliedGlCode(settings.chart);
  for (const EntryLine& line : entry.lines) {
    if (line.account_id != view.payment.account_id) continue;
    if (line.gl_code == unapplied) {
      view.unapplied += -line.amount;
    } else {
      view.applied.push_back({line.fund, -line.amount});
    }
  }
  // The balance right after the payment: every balance line up to and including its entry.
  CISTERN_ASSIGN_OR_RETURN(
      std::vector<AccountLine> lines,
      transaction.ledger().AccountLines(view.payment.account_id, BalanceGlCodes(settings.chart)));
  // A reversed payment shows the balance now, as ledger.h promises.
  const bool reversed = view.payment.reversal_entry_id.has_value();
  for (const AccountLine& line : lines) {
    if (reversed || line.entry_id <= view.payment.entry_id) view.balance_after += line.amount;
  }
  return view;
}

Result<PaymentView> PostPayment(const AppContext& context, const Caller& caller,
                                const PaymentRequest& request, const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kPostPayments));
  const Date today = context.Today();
  CISTERN_RETURN_IF_ERROR(ValidatePaymentRequest(request, today));
  const FinanceSettings& settings = context.finance;

  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier, FindIdempotent(*transaction, caller, key, "payment"));
  if (earlier) {
    CISTERN_ASSIGN_OR_RETURN(PaymentView view,
                             LoadPaymentView(*transaction, settings, PaymentId(*earlier)));
    view.replayed = true;
    return view;
  }
  CISTERN_ASSIGN_OR_RETURN(Account account,
                           LoadOpenAccount(*transaction, request.account_id, "account_id"));
  const bool check_like = request.tender == Tender::kCheck || request.tender == Tender::kAch;
  if (check_like && account.cash_only_until && *account.cash_only_until >= today) {
    return Error::FailedPrecondition(
        "CASH_ONLY",
        "After a returned payment this account pays only in cash or certified funds (money "
        "order, cashier's check or card) until " +
            FormatDate(*account.cash_only_until) + ".",
        "tender");
  }
  CISTERN_ASSIGN_OR_RETURN(std::optional<Drawer> drawer,
                           transaction->drawers().OpenDrawerOf(caller.user_id));
  if (!drawer) {
    return Error::FailedPrecondition("DRAWER_NOT_OPEN",
                                     "Open your cash drawer before taking payments.");
  }
  if (drawer->business_date != today) {
    return Error::FailedPrecondition(
        "DRAWER_STALE", "Your open drawer is from " + FormatDate(drawer->business_date) +
                            "; close it and open today's before taking payments.");
  }

  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(*transaction, settings, account.id));
  const Allocation allocation =
      AllocatePayment(request.amount, position.open, settings.fund_priority);
  const Date received_on = request.received_on.value_or(today);
  JournalEntry entry =
      PaymentEntry(settings, account.id, allocation,
                   HeaderFor(context, caller, received_on,
                             std::string(TenderName(request.tender)) + " payment" +
                                 (request.memo.empty() ? "" : ": " + request.memo)));
  CISTERN_RETURN_IF_ERROR(PostEntry(*transaction, settings, entry));

  Payment payment;
  payment.account_id = account.id;
  payment.entry_id = entry.id;
  payment.amount = request.amount;
  payment.tender = request.tender;
  if (request.tender == Tender::kCash) {
    payment.tendered = request.tendered.value_or(request.amount);
    payment.change_due = *payment.tendered - request.amount;
  }
  payment.check_number = std::string(Trim(request.check_number));
  payment.bank_name = std::string(Trim(request.bank_name));
  payment.card_auth_code = request.card_auth_code;
  payment.card_last4 = request.card_last4;
  payment.reference = std::string(Trim(request.reference));
  payment.memo = std::string(Trim(request.memo));
  payment.received_on = received_on;
  payment.drawer_id = drawer->id;
  payment.source = "counter";
  payment.posted_by = caller.user_id;
  payment.posted_at = entry.posted_at;
  CISTERN_ASSIGN_OR_RETURN(payment.id, transaction->payments().Insert(payment));
  CISTERN_RETURN_IF_ERROR(
      RememberIdempotent(context, *transaction, caller, key, "payment", payment.id.value()));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"payment.post",
                                       "payment",
                                       payment.id.value(),
                                       account.id,
                                       {},
                                       {{"amount", payment.amount.Format()},
                                        {"tender", TenderCode(payment.tender)},
                                        {"entry", "je_" + std::to_string(entry.id.value())},
                                        {"drawer", "drw_" + std::to_string(drawer->id.value())}}}));
  if (account.status == AccountStatus::kFinal) {
    {  // A final account whose balance this settles is closed.
      auto closed = CloseIfSettled(context, *transaction, caller, account.id);
      if (!closed.ok()) return closed.error();
    }
  }
  // The reply is read in the write, from pages the writer has just touched: a read transaction
  // of its own after the commit would read them again on a connection whose cache every commit
  // empties (measured: 7% more server CPU a payment and a longer tail, group commit or not).
  CISTERN_ASSIGN_OR_RETURN(PaymentView view, LoadPaymentView(*transaction, settings, payment.id));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<PaymentView> GetPayment(const AppContext& context, const Caller& caller, PaymentId id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return LoadPaymentView(*transaction, context.finance, id);
}

Result<Page<PaymentView>> ListPayments(const AppContext& context, const Caller& caller,
                                       const PaymentFilter& filter, const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Page<Payment> payments, transaction->payments().List(filter, page));
  Page<PaymentView> views;
  views.next_after = payments.next_after;
  for (const Payment& payment : payments.items) {
    CISTERN_ASSIGN_OR_RETURN(PaymentView view,
                             LoadPaymentView(*transaction, context.finance, payment.id));
    views.items.push_back(std::move(view));
  }
  return views;
}

}  // namespace cistern
