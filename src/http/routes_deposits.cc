// Customer deposits (docs/api.md, "Deposits"): the quote with its reasons, setting the deposit
// and its installments, requests to lower or waive it and the supervisor's decision, billing an
// installment or taking it up front, interest, refunds, application to the final bill, and the
// deposit register.
#include "app/deposits.h"
#include "http/csv.h"
#include "http/json_reader.h"
#include "http/ledger_views.h"
#include "http/money_request.h"
#include "http/router.h"
#include "http/views.h"

namespace cistern::http {

json DepositJson(const Deposit& d) {
  json reasons = json::array();
  for (const std::string& reason : d.reasons) reasons.push_back(reason);
  return {{"id", IdText(kDepositPrefix, d.id.value())},
          {"account_id", IdText(kAccountPrefix, d.account_id.value())},
          {"rate_class", d.rate_class},
          {"tenure", TenureCode(d.tenure)},
          {"credit_rating", d.credit ? json(CreditRatingCode(d.credit->rating)) : json(nullptr)},
          {"credit_reference", d.credit ? json(d.credit->reference) : json(nullptr)},
          {"late_payments", d.late_payments},
          {"returned_payments", d.returned_payments},
          {"computed", MoneyJson(d.computed)},
          {"reasons", std::move(reasons)},
          {"required", MoneyJson(d.required)},
          {"installments", d.installments},
          {"installments_billed", d.installments_billed},
          {"status", DepositStatusCode(d.status)},
          {"interest_through",
           d.interest_through ? json(FormatDate(*d.interest_through)) : json(nullptr)},
          {"version", d.version}};
}

json DepositQuoteJson(const DepositQuoteView& view) {
  json reasons = json::array();
  for (const std::string& reason : view.quote.reasons) reasons.push_back(reason);
  json installments = json::array();
  for (Money part : view.installments) installments.push_back(MoneyJson(part));
  return {{"amount", MoneyJson(view.quote.amount)},
          {"reasons", std::move(reasons)},
          {"rate_class", view.facts.class_code},
          {"tenure", TenureCode(view.facts.tenure)},
          {"late_payments", view.facts.late_payments},
          {"returned_payments", view.facts.returned_payments},
          {"credit_rating",
           view.facts.credit ? json(CreditRatingCode(view.facts.credit->rating)) : json(nullptr)},
          {"installments_max", view.installments_max},
          {"installments", std::move(installments)}};
}

namespace {

constexpr const char* kApprovalPrefix = "dapr";

json ApprovalJson(const DepositApproval& a) {
  return {{"id", IdText(kApprovalPrefix, a.id.value())},
          {"deposit_id", IdText(kDepositPrefix, a.deposit_id.value())},
          {"account_id", IdText(kAccountPrefix, a.account_id.value())},
          {"requested", MoneyJson(a.requested)},
          {"waiver", a.requested.is_zero()},
          {"reason", a.reason},
          {"status", DepositApprovalStatusCode(a.status)},
          {"requested_by",
           {{"id", IdText(kUserPrefix, a.requested_by.value())},
            {"display_name", a.requested_by_name}}},
          {"requested_at", FormatInstant(a.requested_at)},
          {"decided_by",
           a.decided_by.valid() ? json(IdText(kUserPrefix, a.decided_by.value())) : json(nullptr)},
          {"decided_at", a.decided_at ? json(FormatInstant(*a.decided_at)) : json(nullptr)},
          {"decision_note", a.decision_note}};
}

json EventJson(const DepositEvent& e) {
  return {{"kind", DepositEventKindCode(e.kind)},
          {"amount", MoneyJson(e.amount)},
          {"entry_id", IdText(kEntryPrefix, e.entry_id.value())},
          {"effective_on", FormatDate(e.effective_on)},
          {"recorded_at", FormatInstant(e.recorded_at)}};
}

json PostingJson(const DepositPosting& posting) {
  json reply = DepositJson(posting.deposit);
  reply["event"] = EventJson(posting.event);
  return reply;
}

Result<AccountId> AccountFromPath(const ApiRequest& request) {
  return ParseId<AccountId>(request.PathParameter(1), kAccountPrefix, "account_id");
}

// The quote fields, shared by the quote and set requests.
Result<DepositQuoteRequest> ReadQuote(JsonReader& reader, AccountId account) {
  DepositQuoteRequest quote;
  quote.account = account;
  const std::string tenure = reader.RequiredString("tenure");
  const std::string rate_class = reader.OptionalString("rate_class");
  if (!rate_class.empty()) quote.rate_class = rate_class;
  quote.credit_rating = reader.OptionalString("credit_rating");
  quote.credit_reference = reader.OptionalString("credit_reference");
  if (reader.failed()) return *reader.error();
  auto parsed = ParseTenure(tenure);
  if (!parsed) {
    return Error::InvalidArgument("tenure", "TENURE_UNKNOWN", "tenure is owner or renter.");
  }
  quote.tenure = *parsed;
  return quote;
}

Result<ApiReply> QuoteHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  CISTERN_ASSIGN_OR_RETURN(DepositQuoteRequest quote, ReadQuote(reader, account));
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(DepositQuoteView view,
                           QuoteDeposit(request.app, request.caller(), quote));
  return Ok(DepositQuoteJson(view));
}

Result<ApiReply> SetHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  SetDepositRequest set;
  CISTERN_ASSIGN_OR_RETURN(set.quote, ReadQuote(reader, account));
  set.amount = ReadCents(reader, "amount_cents", false);
  set.installments = static_cast<int>(reader.OptionalInteger("installments").value_or(1));
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(Deposit deposit, SetDeposit(request.app, request.caller(), set));
  return Ok(DepositJson(deposit));
}

Result<ApiReply> AccountDepositHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(AccountDepositView view,
                           GetAccountDeposit(request.app, request.caller(), account));
  json approvals = json::array();
  for (const DepositApproval& approval : view.approvals)
    approvals.push_back(ApprovalJson(approval));
  json events = json::array();
  for (const DepositEvent& event : view.events) events.push_back(EventJson(event));
  return Ok({{"deposit", view.deposit ? DepositJson(*view.deposit) : json(nullptr)},
             {"held", MoneyJson(view.held)},
             {"still_to_bill", MoneyJson(view.still_to_bill)},
             {"installments_max", view.installments_max},
             {"approvals", std::move(approvals)},
             {"events", std::move(events)}});
}

Result<ApiReply> ReductionHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  auto amount = ReadCents(reader, "amount_cents", true);
  const std::string reason = reader.OptionalString("reason");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(
      DepositApproval approval,
      RequestDepositReduction(request.app, request.caller(), account, *amount, reason));
  return Created(ApprovalJson(approval));
}

Result<ApiReply> DecideHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(
      DepositApprovalId id,
      ParseId<DepositApprovalId>(request.PathParameter(1), kApprovalPrefix, "approval_id"));
  const std::string decision = request.PathParameter(2);
  if (decision != "approve" && decision != "reject") {
    return Error::NotFound("ROUTE_NOT_FOUND", "Decide with approve or reject.");
  }
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string note = reader.OptionalString("note");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(
      DepositApproval approval,
      DecideDepositReduction(request.app, request.caller(), id, decision == "approve", note));
  return Ok(ApprovalJson(approval));
}

Result<ApiReply> ApprovalsHandler(const ApiRequest& request) {
  const std::string status = request.Query("status").value_or("pending");
  if (status != "pending" && status != "all") {
    return Error::InvalidArgument("status", "FILTER_UNKNOWN", "status is pending or all.");
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto approvals, ListDepositApprovals(request.app, request.caller(), status == "pending"));
  json data = json::array();
  for (const DepositApproval& approval : approvals) data.push_back(ApprovalJson(approval));
  return Ok({{"data", std::move(data)}});
}

Result<ApiReply> ActionHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  const std::string action = request.PathParameter(2);
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  reader.Finish();
  if (reader.failed()) return *reader.error();
  Result<DepositPosting> posting = Error::NotFound("ROUTE_NOT_FOUND", "No such deposit action.");
  if (action == "bill") {
    posting = BillDepositInstallment(request.app, request.caller(), account);
  } else if (action == "paid") {
    posting = RecordDepositPaid(request.app, request.caller(), account);
  } else if (action == "refund") {
    posting = RefundDeposit(request.app, request.caller(), account);
  } else if (action == "apply") {
    posting = ApplyDepositToFinalBill(request.app, request.caller(), account);
  }
  if (!posting.ok()) return posting.error();
  return Ok(PostingJson(*posting));
}

Result<ApiReply> InterestHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  auto as_of = ReadDateField(reader, "as_of");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(
      auto postings,
      AccrueDepositInterest(request.app, request.caller(), as_of.value_or(request.app.Today())));
  json data = json::array();
  for (const DepositPosting& posting : postings) data.push_back(PostingJson(posting));
  return Ok({{"data", std::move(data)}});
}

Result<ApiReply> RefundableHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(auto eligible, ListRefundableDeposits(request.app, request.caller()));
  json data = json::array();
  for (const RefundEligibility& one : eligible) {
    data.push_back({{"account_id", IdText(kAccountPrefix, one.account.value())},
                    {"account_number", one.account_number},
                    {"held", MoneyJson(one.held)},
                    {"held_since", FormatDate(one.held_since)}});
  }
  return Ok({{"data", std::move(data)}});
}

json RowJson(const DepositRegisterRow& row) {
  return {{"required", MoneyJson(row.required)}, {"billed", MoneyJson(row.billed)},
          {"paid", MoneyJson(row.paid)},         {"interest", MoneyJson(row.interest)},
          {"refunded", MoneyJson(row.refunded)}, {"applied", MoneyJson(row.applied)},
          {"held", MoneyJson(row.held())}};
}

Result<ApiReply> RegisterHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(DepositRegister report,
                           GetDepositRegister(request.app, request.caller()));
  if (request.Query("format").value_or("") == "csv") {
    CsvWriter csv;
    csv.Row({"account_number", "customer_name", "status", "required", "billed", "paid", "interest",
             "refunded", "applied", "held", "ledger_held"});
    auto add = [&](const std::string& number, const std::string& name, const std::string& status,
                   const DepositRegisterRow& row, Money ledger) {
      csv.Row({number, name, status, row.required.Format(), row.billed.Format(), row.paid.Format(),
               row.interest.Format(), row.refunded.Format(), row.applied.Format(),
               row.held().Format(), ledger.Format()});
    };
    for (const DepositRegisterLine& line : report.lines) {
      add(line.row.account_number, line.row.customer_name, line.row.status, line.row,
          line.ledger_held);
    }
    add("TOTAL", "", report.balanced ? "balanced" : "OUT OF BALANCE", report.totals,
        report.gl_balance);
    return File(csv.text(), "text/csv; charset=utf-8",
                "deposit-register-" + FormatDate(request.app.Today()) + ".csv");
  }
  json lines = json::array();
  for (const DepositRegisterLine& line : report.lines) {
    json row = RowJson(line.row);
    row["account_id"] = IdText(kAccountPrefix, line.row.account_id.value());
    row["account_number"] = line.row.account_number;
    row["customer_name"] = line.row.customer_name;
    row["status"] = line.row.status;
    row["ledger_held"] = MoneyJson(line.ledger_held);
    lines.push_back(std::move(row));
  }
  return Ok({{"data", std::move(lines)},
             {"totals", RowJson(report.totals)},
             {"gl_balance", MoneyJson(report.gl_balance)},
             {"balanced", report.balanced}});
}

}  // namespace

void RegisterDepositRoutes(Router& router) {
  router.Add("POST", "/api/v1/accounts/([^/]+)/deposit/quote", Access::kSignedIn, QuoteHandler);
  router.Add("PUT", "/api/v1/accounts/([^/]+)/deposit", Access::kSignedIn, SetHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/deposit", Access::kSignedIn, AccountDepositHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/deposit/reduction", Access::kSignedIn,
             ReductionHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/deposit/(bill|paid|refund|apply)", Access::kSignedIn,
             ActionHandler);
  router.Add("GET", "/api/v1/deposits/approvals", Access::kSignedIn, ApprovalsHandler);
  router.Add("POST", "/api/v1/deposits/approvals/([^/]+)/([a-z]+)", Access::kSignedIn,
             DecideHandler);
  router.Add("POST", "/api/v1/deposits/interest", Access::kSignedIn, InterestHandler);
  router.Add("GET", "/api/v1/deposits/refundable", Access::kSignedIn, RefundableHandler);
  router.Add("GET", "/api/v1/reports/deposit-register", Access::kSignedIn, RegisterHandler);
}

}  // namespace cistern::http
