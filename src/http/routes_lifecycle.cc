// Start, stop and transfer service (docs/api.md, "Start, stop and transfer"): the start preview
// the CSR reads out, the start itself, stop, transfer, the final bill, and an account's requests.
// The rules and permissions are in app/service_lifecycle.h; this file maps JSON to them and back.
#include <limits>

#include "app/service_lifecycle.h"
#include "http/billing_views.h"
#include "http/json_reader.h"
#include "http/ledger_views.h"
#include "http/money_request.h"
#include "http/router.h"
#include "http/views.h"

namespace cistern::http {
namespace {

constexpr const char* kLifecycleRequestPrefix = "svcreq";

template <typename IdType>
json OptionalIdJson(const char* prefix, const std::optional<IdType>& id) {
  return id ? json(IdText(prefix, id->value())) : json(nullptr);
}

json OptionalDateJson(const std::optional<Date>& date) {
  return date ? json(FormatDate(*date)) : json(nullptr);
}

// --- reading requests ---------------------------------------------------------------------------

// Where the use case names a field differently from the body, the body's name, so the console
// can point at the input.
Error BodyField(Error error) {
  if (error.field == "deposit_amount") error.field = "deposit_amount_cents";
  if (error.field == "installments") error.field = "deposit_installments";
  if (error.field == "to_premise") error.field = "to_premise_id";
  if (error.field == "premise") error.field = "premise_id";
  return error;
}

template <typename T>
Result<T> WithBodyFields(Result<T> result) {
  if (!result.ok()) return BodyField(result.error());
  return result;
}

ServiceWindow ReadWindow(JsonReader& reader, const std::string& key) {
  const std::string text = reader.OptionalString(key);
  if (text.empty() || reader.failed()) return ServiceWindow::kAnyTime;
  auto window = ParseServiceWindow(text);
  if (!window) {
    reader.Fail(Error::InvalidArgument(reader.FieldPath(key), "WINDOW_UNKNOWN",
                                       key + " is morning (8-10 AM), afternoon (1-3 PM) or any."));
    return ServiceWindow::kAnyTime;
  }
  return *window;
}

template <typename IdType>
std::optional<IdType> ReadIdField(JsonReader& reader, const std::string& key, const char* prefix,
                                  bool required) {
  const std::string text = required ? reader.RequiredString(key) : reader.OptionalString(key);
  if (reader.failed()) return std::nullopt;
  if (text.empty()) {
    if (required) {
      reader.Fail(Error::InvalidArgument(reader.FieldPath(key), "FIELD_REQUIRED",
                                         reader.FieldPath(key) + " is required."));
    }
    return std::nullopt;
  }
  auto id = ParseId<IdType>(text, prefix, reader.FieldPath(key));
  if (!id.ok()) {
    reader.Fail(id.error());
    return std::nullopt;
  }
  return *id;
}

// "units": {"sanitation": 2}: whole numbers by service code.
std::map<std::string, std::int64_t> ReadUnits(JsonReader& reader, const json& body) {
  std::map<std::string, std::int64_t> units;
  // Marks the key as read and checks that it is an object; its keys are service codes, so the
  // child reader is not finished (every key is welcome).
  auto object = reader.OptionalObject("units");
  if (!object || reader.failed()) return units;
  for (const auto& [service, value] : body.at("units").items()) {
    const std::string path = reader.FieldPath("units") + "." + service;
    const bool whole = value.is_number_integer() &&
                       !(value.is_number_unsigned() &&
                         value.get<std::uint64_t>() >
                             static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (!whole) {
      reader.Fail(Error::InvalidArgument(path, "FIELD_TYPE", path + " must be a whole number."));
      return {};
    }
    units[service] = value.get<std::int64_t>();
  }
  return units;
}

Result<StartServiceRequest> ReadStart(const json& body) {
  JsonReader reader = JsonReader::ForBody(body);
  StartServiceRequest start;
  // One of the pair, never both and never neither (as POST /api/v1/accounts).
  if (reader.Has("customer") == reader.Has("customer_id")) {
    return Error::InvalidArgument("customer", "CUSTOMER_REQUIRED",
                                  "Give either a new customer or an existing customer_id.");
  }
  if (auto customer = reader.OptionalObject("customer")) {
    start.new_customer = ReadCustomer(std::move(*customer));
  }
  if (reader.Has("customer_id")) {
    start.existing_customer = ReadIdField<CustomerId>(reader, "customer_id", kCustomerPrefix, true);
  }
  if (auto premise = ReadIdField<PremiseId>(reader, "premise_id", kPremisePrefix, true)) {
    start.premise = *premise;
  }
  if (auto mailing = reader.OptionalObject("mailing_address")) {
    start.mailing_address = ReadAddress(std::move(*mailing));
  }
  start.requested_on = ReadDateField(reader, "requested_on");
  start.window = ReadWindow(reader, "window");
  start.services = reader.StringArray("services");
  start.units = ReadUnits(reader, body);
  const std::string tenure = reader.RequiredString("tenure");
  start.credit_rating = reader.OptionalString("credit_rating");
  start.credit_reference = reader.OptionalString("credit_reference");
  start.deposit_amount = ReadCents(reader, "deposit_amount_cents", false);
  const auto installments = reader.OptionalInteger("deposit_installments");
  start.deposit_paid_now = reader.OptionalBool("deposit_paid_now", false);
  start.transfer_unpaid_balances = reader.OptionalBool("transfer_unpaid_balances", false);
  start.remarks = reader.OptionalString("remarks");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  auto parsed_tenure = ParseTenure(tenure);
  if (!parsed_tenure) {
    return Error::InvalidArgument("tenure", "TENURE_UNKNOWN", "tenure is owner or renter.");
  }
  start.tenure = *parsed_tenure;
  if (installments) {
    // The use case checks 1..installments_max; here only that the number fits.
    if (*installments < std::numeric_limits<int>::min() ||
        *installments > std::numeric_limits<int>::max()) {
      return Error::InvalidArgument("deposit_installments", "INSTALLMENTS_INVALID",
                                    "deposit_installments is out of range.");
    }
    start.deposit_installments = static_cast<int>(*installments);
  }
  return start;
}

Result<AccountId> AccountFromPath(const ApiRequest& request) {
  return ParseId<AccountId>(request.PathParameter(1), kAccountPrefix, "account_id");
}

// --- views --------------------------------------------------------------------------------------

json FeeJson(const std::optional<Fee>& fee) {
  if (!fee) return nullptr;
  return {{"code", fee->code}, {"name", fee->name}, {"amount", MoneyJson(fee->amount)}};
}

json ChosenServiceJson(const ChosenServiceView& view) {
  return {{"service", view.chosen.service},
          {"service_name", view.service_name},
          {"rate_class", view.chosen.rate_class},
          {"class_name", view.class_name},
          {"units", view.chosen.units},
          {"unit_name", view.unit_name},
          {"metered", view.metered},
          {"rule", view.chosen.rule},
          {"rule_number", view.chosen.rule_number}};
}

json UnpaidFinalJson(const UnpaidFinal& unpaid) {
  return {{"account_id", IdText(kAccountPrefix, unpaid.account_id.value())},
          {"account_number", unpaid.account_number},
          {"service_address", unpaid.service_address},
          {"balance", MoneyJson(unpaid.balance)}};
}

json PreviewJson(const Caller& caller, const StartServicePreview& preview) {
  json services = json::array();
  for (const ChosenServiceView& service : preview.services) {
    services.push_back(ChosenServiceJson(service));
  }
  json unpaid = json::array();
  for (const UnpaidFinal& final_account : preview.unpaid_finals) {
    unpaid.push_back(UnpaidFinalJson(final_account));
  }
  json warnings = json::array();
  for (const std::string& warning : preview.warnings) warnings.push_back(warning);
  json customer = nullptr;
  if (preview.customer) {
    customer =
        CustomerJson(*preview.customer, !CanSeeContacts(caller, preview.customer->confidential));
  }
  return {{"customer", std::move(customer)},
          {"premise", PremiseJson(preview.premise)},
          {"services", std::move(services)},
          {"deposit", DepositQuoteJson(preview.deposit)},
          {"fee", FeeJson(preview.fee)},
          {"unpaid_finals", std::move(unpaid)},
          {"unpaid_final_policy", UnpaidFinalPolicyCode(preview.unpaid_final_policy)},
          {"cash_only_until", OptionalDateJson(preview.cash_only_until)},
          {"returned_payments", preview.returned_payments},
          {"turn_on_order", preview.turn_on_order},
          {"meter_serial", preview.meter_serial},
          {"warnings", std::move(warnings)}};
}

json RequestJson(const LifecycleRequest& r) {
  return {{"id", IdText(kLifecycleRequestPrefix, r.id.value())},
          {"kind", LifecycleKindCode(r.kind)},
          {"status", LifecycleStatusCode(r.status)},
          {"account_id", IdText(kAccountPrefix, r.account_id.value())},
          {"account_number", r.account_number},
          {"premise_id", IdText(kPremisePrefix, r.premise_id.value())},
          {"requested_on", FormatDate(r.requested_on)},
          {"order_id", OptionalIdJson(kServiceOrderPrefix, r.order_id)},
          {"paired_request_id", OptionalIdJson(kLifecycleRequestPrefix, r.paired_request_id)},
          {"paired_account_id", OptionalIdJson(kAccountPrefix, r.paired_account_id)},
          {"paired_account_number",
           r.paired_account_id ? json(r.paired_account_number) : json(nullptr)},
          {"fee_code", r.fee_code.empty() ? json(nullptr) : json(r.fee_code)},
          {"fee_entry_id", OptionalIdJson(kEntryPrefix, r.fee_entry_id)},
          {"reading_id", OptionalIdJson(kReadingPrefix, r.reading_id)},
          {"final_bill_id", OptionalIdJson(kBillPrefix, r.final_bill_id)},
          {"created_at", FormatInstant(r.created_at)},
          {"created_by", UserRefJson(r.created_by, r.created_by_name)},
          {"completed_at", r.completed_at ? json(FormatInstant(*r.completed_at)) : json(nullptr)}};
}

json StartedJson(const StartedService& started) {
  json services = json::array();
  for (const ServiceRecord& service : started.services) services.push_back(ServiceJson(service));
  return {{"account", AccountJson(started.account)},
          {"services", std::move(services)},
          {"deposit", started.deposit ? DepositJson(*started.deposit) : json(nullptr)},
          {"turn_on_order",
           started.turn_on_order ? ServiceOrderJson(*started.turn_on_order) : json(nullptr)},
          {"fee_entry_id", OptionalIdJson(kEntryPrefix, started.fee_entry)},
          {"request", RequestJson(started.request)}};
}

json FinalBillJson(const FinalBillResult& result) {
  // No bill for an account that was never turned on.
  return {{"bill_id",
           result.bill_id ? json(IdText(kBillPrefix, result.bill_id->value())) : json(nullptr)},
          {"current_charges", MoneyJson(result.current_charges)},
          {"total_due", MoneyJson(result.total_due)},
          {"deposit_applied", OptionalMoneyJson(result.deposit_applied)},
          {"refund_id", OptionalIdJson(kRefundPrefix, result.refund_id)},
          {"balance_carried", OptionalMoneyJson(result.balance_carried)},
          {"balance_after", MoneyJson(result.balance_after)},
          {"status", AccountStatusCode(result.status)}};
}

json StoppedJson(const StoppedService& stopped) {
  return {{"request", RequestJson(stopped.request)},
          {"final_read_order",
           stopped.final_read_order ? ServiceOrderJson(*stopped.final_read_order) : json(nullptr)},
          {"final_bill", stopped.final_bill ? FinalBillJson(*stopped.final_bill) : json(nullptr)}};
}

// --- handlers -----------------------------------------------------------------------------------

Result<ApiReply> PreviewHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  CISTERN_ASSIGN_OR_RETURN(StartServiceRequest start, ReadStart(body));
  CISTERN_ASSIGN_OR_RETURN(StartServicePreview preview, WithBodyFields(PreviewStartService(
                                                            request.app, request.caller(), start)));
  return Ok(PreviewJson(request.caller(), preview));
}

Result<ApiReply> StartHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  CISTERN_ASSIGN_OR_RETURN(StartServiceRequest start, ReadStart(body));
  CISTERN_ASSIGN_OR_RETURN(StartedService started,
                           WithBodyFields(StartService(request.app, request.caller(), start, key)));
  ApiReply reply = Created(StartedJson(started));
  MarkReplayed(reply, started.replayed);
  reply.headers.emplace_back(
      "Location",
      "/api/v1/accounts/" + IdText(kAccountPrefix, started.account.detail.account.id.value()));
  return reply;
}

Result<ApiReply> StopHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  StopServiceRequest stop;
  stop.account = account;
  stop.stop_on = ReadDateField(reader, "stop_on");
  stop.window = ReadWindow(reader, "window");
  if (auto forwarding = reader.OptionalObject("forwarding_address")) {
    stop.forwarding_address = ReadAddress(std::move(*forwarding));
  }
  stop.remarks = reader.OptionalString("remarks");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(StoppedService stopped,
                           WithBodyFields(StopService(request.app, request.caller(), stop, key)));
  ApiReply reply = Created(StoppedJson(stopped));
  MarkReplayed(reply, stopped.replayed);
  return reply;
}

Result<ApiReply> TransferHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  TransferServiceRequest transfer;
  transfer.from = account;
  if (auto premise = ReadIdField<PremiseId>(reader, "to_premise_id", kPremisePrefix, true)) {
    transfer.to_premise = *premise;
  }
  transfer.stop_on = ReadDateField(reader, "stop_on");
  transfer.start_on = ReadDateField(reader, "start_on");
  transfer.stop_window = ReadWindow(reader, "stop_window");
  transfer.start_window = ReadWindow(reader, "start_window");
  transfer.services = reader.StringArray("services");
  transfer.units = ReadUnits(reader, body);
  if (auto mailing = reader.OptionalObject("mailing_address")) {
    transfer.mailing_address = ReadAddress(std::move(*mailing));
  }
  transfer.remarks = reader.OptionalString("remarks");
  transfer.transfer_unpaid_balances = reader.OptionalBool("transfer_unpaid_balances", false);
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(
      TransferredService transferred,
      WithBodyFields(TransferService(request.app, request.caller(), transfer, key)));
  ApiReply reply = Created({{"stopped", StoppedJson(transferred.stopped)},
                            {"started", StartedJson(transferred.started)},
                            {"deposit_carried", OptionalMoneyJson(transferred.deposit_carried)}});
  MarkReplayed(reply, transferred.replayed);
  return reply;
}

Result<ApiReply> FinalBillHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(IdempotencyKey key, ReadIdempotencyKey(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(FinalBillResult result,
                           PostFinalBill(request.app, request.caller(), account, key));
  ApiReply reply = Created(FinalBillJson(result));
  MarkReplayed(reply, result.replayed);
  return reply;
}

Result<ApiReply> ListHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId account, AccountFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(std::vector<LifecycleRequest> requests,
                           ListLifecycleRequests(request.app, request.caller(), account));
  json data = json::array();
  for (const LifecycleRequest& one : requests) data.push_back(RequestJson(one));
  return Ok({{"data", std::move(data)}});
}

}  // namespace

void RegisterLifecycleRoutes(Router& router) {
  router.Add("POST", "/api/v1/service-starts/preview", Access::kSignedIn, PreviewHandler);
  router.Add("POST", "/api/v1/service-starts", Access::kSignedIn, StartHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/stop", Access::kSignedIn, StopHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/transfer", Access::kSignedIn, TransferHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/final-bill", Access::kSignedIn, FinalBillHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/lifecycle", Access::kSignedIn, ListHandler);
}

}  // namespace cistern::http
