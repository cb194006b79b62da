// An account's money, payments, receipts and reversals, and fees.
#include <cstdio>

#include "app/accounts.h"
#include "app/ledger.h"
#include "documents/receipt.h"
#include "http/ledger_views.h"
#include "http/money_request.h"
#include "http/router.h"

namespace cistern::http {
namespace {

Result<AccountId> AccountIdFromPath(const ApiRequest& request) {
  return ParseId<AccountId>(request.PathParameter(1), kAccountPrefix, "account_id");
}

Result<ApiReply> FinanceConfigHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kReadAccounts));
  return Ok(FinanceConfigJson(request.app.finance));
}

Result<ApiReply> AccountLedgerHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId id, AccountIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(AccountLedger ledger,
                           GetAccountLedger(request.app, request.caller(), id));
  return Ok(AccountLedgerJson(ledger));
}

Result<ApiReply> TransactionsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId id, AccountIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  CISTERN_ASSIGN_OR_RETURN(Page<AccountTransaction> transactions,
                           ListAccountTransactions(request.app, request.caller(), id, page));
  const Chart& chart = request.app.finance.chart;
  return Ok(ListJson(transactions, [&](const AccountTransaction& transaction) {
    return TransactionJson(transaction, chart);
  }));
}

Result<PaymentRequest> ReadPaymentRequest(const json& body) {
  JsonReader reader = JsonReader::ForBody(body);
  PaymentRequest payment;
  const std::string account = reader.RequiredString("account_id");
  const auto amount = ReadCents(reader, "amount_cents", true);
  const std::string tender = reader.RequiredString("tender");
  payment.tendered = ReadCents(reader, "tendered_cents", false);
  payment.check_number = reader.OptionalString("check_number");
  payment.bank_name = reader.OptionalString("bank_name");
  payment.card_auth_code = reader.OptionalString("card_auth_code");
  payment.card_last4 = reader.OptionalString("card_last4");
  payment.reference = reader.OptionalString("reference");
  payment.memo = reader.OptionalString("memo");
  payment.received_on = ReadDateField(reader, "received_on");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(payment.account_id,
                           ParseId<AccountId>(account, kAccountPrefix, "account_id"));
  payment.amount = *amount;
  auto parsed_tender = ParseTender(tender);
  if (!parsed_tender) {
    return Error::InvalidArgument("tender", "TENDER_UNKNOWN",
                                  "tender is one of cash, check, money_order, card, ach.");
  }
  payment.tender = *parsed_tender;
  return payment;
}

Result<ApiReply> PostPaymentHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kPostPayments));
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  CISTERN_ASSIGN_OR_RETURN(PaymentRequest payment, ReadPaymentRequest(body));
  CISTERN_ASSIGN_OR_RETURN(PaymentView view,
                           PostPayment(request.app, request.caller(), payment, key));
  ApiReply reply = Created(PaymentJson(view));
  MarkReplayed(reply, view.replayed);
  return reply;
}

Result<ApiReply> GetPaymentHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(
      PaymentId id, ParseId<PaymentId>(request.PathParameter(1), kPaymentPrefix, "payment_id"));
  CISTERN_ASSIGN_OR_RETURN(PaymentView view, GetPayment(request.app, request.caller(), id));
  return Ok(PaymentJson(view));
}

Result<ApiReply> ListPaymentsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  PaymentFilter filter;
  if (auto account = request.Query("account_id"); account && !account->empty()) {
    CISTERN_ASSIGN_OR_RETURN(filter.account_id,
                             ParseId<AccountId>(*account, kAccountPrefix, "account_id"));
  }
  if (auto drawer = request.Query("drawer_id"); drawer && !drawer->empty()) {
    CISTERN_ASSIGN_OR_RETURN(filter.drawer_id,
                             ParseId<DrawerId>(*drawer, kDrawerPrefix, "drawer_id"));
  }
  CISTERN_ASSIGN_OR_RETURN(Page<PaymentView> payments,
                           ListPayments(request.app, request.caller(), filter, page));
  return Ok(ListJson(payments, PaymentJson));
}

// "Nov 27, 2026 2:41 PM", in the city's time zone.
std::string LocalDateTime(const AppContext& app, Instant instant) {
  const auto local = app.city_zone.ToLocal(instant);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss time(local - day);
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int hour = static_cast<int>(time.hours().count());
  char text[64];
  std::snprintf(text, sizeof text, "%s %u, %d %d:%02d %s",
                kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<unsigned>(date.day()),
                static_cast<int>(date.year()), hour % 12 == 0 ? 12 : hour % 12,
                static_cast<int>(time.minutes().count()), hour < 12 ? "AM" : "PM");
  return text;
}

std::string TenderLine(const Payment& payment) {
  switch (payment.tender) {
    case Tender::kCash:
      return "Cash";
    case Tender::kCheck:
      return "Check #" + payment.check_number + " (" + payment.bank_name + ")";
    case Tender::kMoneyOrder:
      return "Money order " + payment.reference;
    case Tender::kCard:
      return "Card ending " + payment.card_last4 + ", authorization " + payment.card_auth_code;
    case Tender::kAch:
      return "ACH " + payment.reference;
  }
  return "";
}

std::string FundName(const std::string& fund) {
  if (fund.empty()) return fund;
  std::string name = fund;
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

Result<ApiReply> ReceiptHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(
      PaymentId id, ParseId<PaymentId>(request.PathParameter(1), kPaymentPrefix, "payment_id"));
  CISTERN_ASSIGN_OR_RETURN(PaymentView view, GetPayment(request.app, request.caller(), id));
  CISTERN_ASSIGN_OR_RETURN(AccountView account,
                           GetAccount(request.app, request.caller(), view.payment.account_id));
  const Payment& payment = view.payment;
  ReceiptData receipt;
  receipt.city_name = request.app.city.name;
  receipt.office_line = request.app.city.office_line;
  receipt.receipt_number = "R-" + std::to_string(payment.id.value());
  receipt.posted_at = LocalDateTime(request.app, payment.posted_at);
  receipt.cashier = view.posted_by_name;
  receipt.account_number = view.account_number;
  receipt.customer_name = view.customer_name;
  receipt.service_address = FormatAddressOneLine(account.detail.premise.address);
  receipt.tender = TenderLine(payment);
  receipt.amount = payment.amount.Format();
  if (payment.tendered) receipt.tendered = payment.tendered->Format();
  if (payment.change_due) receipt.change_due = payment.change_due->Format();
  for (const FundAmount& part : view.applied) {
    receipt.applied.push_back({FundName(part.fund), part.amount.Format()});
  }
  if (!view.unapplied.is_zero()) {
    receipt.applied.push_back({"Credit on account", view.unapplied.Format()});
  }
  receipt.balance_after = view.balance_after.is_negative()
                              ? (-view.balance_after).Format() + " credit"
                              : view.balance_after.Format();
  receipt.footer = payment.reversal_entry_id
                       ? "This payment was reversed (" + payment.reversal_reason + ")."
                       : "Thank you. Keep this receipt for your records.";
  CISTERN_ASSIGN_OR_RETURN(std::string pdf, RenderReceiptPdf(receipt));
  return File(std::move(pdf), "application/pdf", receipt.receipt_number + ".pdf");
}

Result<ApiReply> ReversePaymentHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kReversePayments));
  CISTERN_ASSIGN_OR_RETURN(
      PaymentId id, ParseId<PaymentId>(request.PathParameter(1), kPaymentPrefix, "payment_id"));
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string reason = reader.RequiredString("reason");
  const std::string memo = reader.OptionalString("memo");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  auto parsed = ParseReturnReason(reason);
  if (!parsed) {
    return Error::InvalidArgument("reason", "REASON_UNKNOWN",
                                  "reason is one of nsf, account_closed, stop_payment, "
                                  "posted_in_error.");
  }
  CISTERN_ASSIGN_OR_RETURN(PaymentView view,
                           ReversePayment(request.app, request.caller(), id, *parsed, memo, key));
  ApiReply reply = Ok(PaymentJson(view));
  MarkReplayed(reply, view.replayed);
  return reply;
}

Result<ApiReply> PostFeeHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kPostPayments));
  CISTERN_ASSIGN_OR_RETURN(AccountId id, AccountIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string fee_code = reader.RequiredString("fee_code");
  const std::string memo = reader.OptionalString("memo");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(PostedEntry posted,
                           PostFee(request.app, request.caller(), id, fee_code, memo, key));
  Money amount;
  for (const EntryLine& line : posted.entry.lines) {
    if (line.account_id == id) amount += line.amount;
  }
  ApiReply reply = Created({{"entry_id", IdText(kEntryPrefix, posted.entry.id.value())},
                            {"fee_code", fee_code},
                            {"amount", MoneyJson(amount)},
                            {"entry", EntryJson(posted.entry, request.app.finance.chart)}});
  MarkReplayed(reply, posted.replayed);
  return reply;
}

}  // namespace

void RegisterPaymentRoutes(Router& router) {
  router.Add("GET", "/api/v1/finance/config", Access::kSignedIn, FinanceConfigHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/ledger", Access::kSignedIn, AccountLedgerHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/transactions", Access::kSignedIn,
             TransactionsHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/fees", Access::kSignedIn, PostFeeHandler);
  router.Add("POST", "/api/v1/payments", Access::kSignedIn, PostPaymentHandler);
  router.Add("GET", "/api/v1/payments", Access::kSignedIn, ListPaymentsHandler);
  router.Add("GET", "/api/v1/payments/([^/]+)/receipt\\.pdf", Access::kSignedIn, ReceiptHandler);
  router.Add("GET", "/api/v1/payments/([^/]+)", Access::kSignedIn, GetPaymentHandler);
  router.Add("POST", "/api/v1/payments/([^/]+)/reverse", Access::kSignedIn, ReversePaymentHandler);
}

}  // namespace cistern::http
