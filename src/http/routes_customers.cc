// Customers: master changes (name, mailing address, phones, emails) with their history, the
// customer's eligibilities for rate programs, and the expiring-eligibilities report. There is
// deliberately no route that changes who is responsible for an account: that is a stop and a
// start (docs/api.md).
#include "app/customer_changes.h"
#include "app/eligibility.h"
#include "http/csv.h"
#include "http/json_reader.h"
#include "http/ledger_views.h"
#include "http/money_request.h"
#include "http/router.h"
#include "http/views.h"

namespace cistern::http {
namespace {

constexpr const char* kEligibilityPrefix = "elig";
constexpr const char* kChangePrefix = "chg";

Date ReadRequiredDate(JsonReader& reader, const std::string& key) {
  const std::string text = reader.RequiredString(key);
  if (reader.failed()) return {};
  auto date = ParseDate(text, reader.FieldPath(key));
  if (!date.ok()) {
    reader.Fail(date.error());
    return {};
  }
  return *date;
}

json FieldsJson(const FieldValues& fields) {
  json object = json::object();
  for (const auto& [field, value] : fields) object[field] = value;
  return object;
}

json ChangeJson(const CustomerChange& change) {
  return {{"id", IdText(kChangePrefix, change.id.value())},
          {"customer_id", IdText(kCustomerPrefix, change.customer_id.value())},
          {"kind", CustomerChangeKindCode(change.kind)},
          {"effective_on", FormatDate(change.effective_on)},
          {"reason", change.reason},
          {"recorded_by", UserRefJson(change.recorded_by, change.recorded_by_name)},
          {"recorded_at", FormatInstant(change.recorded_at)},
          {"before", FieldsJson(change.before)},
          {"after", FieldsJson(change.after)}};
}

json EligibilityJson(const Eligibility& eligibility, Date today) {
  json body = {
      {"id", IdText(kEligibilityPrefix, eligibility.id.value())},
      {"customer_id", IdText(kCustomerPrefix, eligibility.customer_id.value())},
      {"program", eligibility.program},
      {"birth_date",
       eligibility.birth_date ? json(FormatDate(*eligibility.birth_date)) : json(nullptr)},
      {"document", eligibility.document},
      {"verified_by", UserRefJson(eligibility.verified_by, eligibility.verified_by_name)},
      {"verified_on", FormatDate(eligibility.verified_on)},
      {"renews_on", FormatDate(eligibility.renews_on)},
      {"current_through", FormatDate(eligibility.current_through)},
      {"ended_on", eligibility.ended_on ? json(FormatDate(*eligibility.ended_on)) : json(nullptr)},
      {"end_reason", eligibility.end_reason},
      {"renewal_of", eligibility.renewal_of
                         ? json(IdText(kEligibilityPrefix, eligibility.renewal_of->value()))
                         : json(nullptr)},
      {"renewed_by", eligibility.renewed_by
                         ? json(IdText(kEligibilityPrefix, eligibility.renewed_by->value()))
                         : json(nullptr)},
      {"status", EligibilityStatusCode(StatusOn(eligibility, today))}};
  return body;
}

Result<CustomerId> CustomerIdFromPath(const ApiRequest& request) {
  return ParseId<CustomerId>(request.PathParameter(1), kCustomerPrefix, "customer_id");
}

Result<EligibilityId> EligibilityIdFromPath(const ApiRequest& request) {
  return ParseId<EligibilityId>(request.PathParameter(1), kEligibilityPrefix, "eligibility_id");
}

Result<CustomerChangeRequest> ReadChange(const json& body) {
  JsonReader reader = JsonReader::ForBody(body);
  CustomerChangeRequest change;
  const std::string kind_code = reader.RequiredString("kind");
  if (reader.failed()) return *reader.error();
  const auto kind = ParseCustomerChangeKind(kind_code);
  if (!kind) {
    return Error::InvalidArgument("kind", "CHANGE_KIND_INVALID",
                                  "kind must be \"name\", \"mailing_address\", \"phones\" or "
                                  "\"emails\". The responsible customer of an account is never "
                                  "changed: stop the account and start a new one.");
  }
  change.values.kind = *kind;
  change.effective_on = ReadDateField(reader, "effective_on");
  change.reason = reader.OptionalString("reason");
  if (auto version = reader.OptionalInteger("version")) {
    change.version = static_cast<int>(*version);
  }
  switch (*kind) {
    case CustomerChangeKind::kName:
      change.values.first_name = reader.OptionalString("first_name");
      change.values.last_name = reader.OptionalString("last_name");
      change.values.business_name = reader.OptionalString("business_name");
      break;
    case CustomerChangeKind::kMailingAddress:
      change.values.mailing_address = ReadAddress(reader.RequiredObject("mailing_address"));
      break;
    case CustomerChangeKind::kPhones:
      if (!reader.Has("phones")) {
        reader.Fail(Error::InvalidArgument("phones", "FIELD_REQUIRED",
                                           "phones is required (an empty list removes them)."));
      }
      for (JsonReader& phone : reader.ObjectArray("phones")) {
        Phone entry;
        entry.digits = phone.RequiredString("number");
        entry.label = phone.OptionalString("label");
        phone.Finish();
        change.values.phones.push_back(std::move(entry));
      }
      break;
    case CustomerChangeKind::kEmails:
      if (!reader.Has("emails")) {
        reader.Fail(Error::InvalidArgument("emails", "FIELD_REQUIRED",
                                           "emails is required (an empty list removes them)."));
      }
      change.values.emails = reader.StringArray("emails");
      break;
  }
  reader.Finish();
  if (reader.failed()) return *reader.error();
  return change;
}

Result<ApiReply> ListChangesHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(CustomerId id, CustomerIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(auto changes, ListCustomerChanges(request.app, request.caller(), id));
  json data = json::array();
  for (const CustomerChange& change : changes) data.push_back(ChangeJson(change));
  return Ok({{"data", std::move(data)}});
}

Result<ApiReply> ChangeHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(CustomerId id, CustomerIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  CISTERN_ASSIGN_OR_RETURN(CustomerChangeRequest change, ReadChange(body));
  CISTERN_ASSIGN_OR_RETURN(CustomerChangeOutcome outcome,
                           ChangeCustomer(request.app, request.caller(), id, std::move(change)));
  json readdressed = json::array();
  for (AccountId account : outcome.accounts_readdressed) {
    readdressed.push_back(IdText(kAccountPrefix, account.value()));
  }
  json reply = ChangeJson(outcome.change);
  reply["customer_version"] = outcome.customer.version;
  reply["accounts_readdressed"] = std::move(readdressed);
  return Created(std::move(reply));
}

Result<EligibilityRequest> ReadEligibility(const json& body, bool with_program) {
  JsonReader reader = JsonReader::ForBody(body);
  EligibilityRequest eligibility;
  if (with_program) eligibility.program = reader.RequiredString("program");
  eligibility.birth_date = ReadDateField(reader, "birth_date");
  eligibility.document = reader.OptionalString("document");
  eligibility.verified_on = ReadDateField(reader, "verified_on");
  eligibility.renews_on = ReadRequiredDate(reader, "renews_on");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  return eligibility;
}

Result<ApiReply> ListEligibilitiesHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(CustomerId id, CustomerIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(auto list, ListEligibilities(request.app, request.caller(), id));
  const Date today = request.app.Today();
  json data = json::array();
  for (const Eligibility& eligibility : list) data.push_back(EligibilityJson(eligibility, today));
  return Ok({{"data", std::move(data)}});
}

Result<ApiReply> AddEligibilityHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(CustomerId id, CustomerIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  CISTERN_ASSIGN_OR_RETURN(EligibilityRequest eligibility, ReadEligibility(body, true));
  CISTERN_ASSIGN_OR_RETURN(Eligibility added,
                           AddEligibility(request.app, request.caller(), id, eligibility));
  return Created(EligibilityJson(added, request.app.Today()));
}

Result<ApiReply> RenewEligibilityHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(EligibilityId id, EligibilityIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  CISTERN_ASSIGN_OR_RETURN(EligibilityRequest eligibility, ReadEligibility(body, false));
  CISTERN_ASSIGN_OR_RETURN(Eligibility renewal,
                           RenewEligibility(request.app, request.caller(), id, eligibility));
  return Created(EligibilityJson(renewal, request.app.Today()));
}

Result<ApiReply> EndEligibilityHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(EligibilityId id, EligibilityIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  EndEligibilityRequest end;
  end.ended_on = ReadDateField(reader, "ended_on");
  end.reason = reader.RequiredString("reason");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(Eligibility ended,
                           EndEligibility(request.app, request.caller(), id, end));
  return Ok(EligibilityJson(ended, request.app.Today()));
}

Result<ApiReply> ProgramsHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(auto programs, ListEligibilityPrograms(request.app, request.caller()));
  return Ok({{"data", programs}});
}

Result<ApiReply> ExpiringHandler(const ApiRequest& request) {
  int days = kExpiringDaysDefault;
  if (auto text = request.Query("days")) {
    if (text->empty() || text->size() > 3 ||
        text->find_first_not_of("0123456789") != std::string::npos) {
      return Error::InvalidArgument("days", "DAYS_OUT_OF_RANGE", "days must be 0 to 366.");
    }
    days = std::stoi(*text);
  }
  CISTERN_ASSIGN_OR_RETURN(auto rows,
                           ListExpiringEligibilities(request.app, request.caller(), days));
  const Date today = request.app.Today();
  if (request.Query("format").value_or("") == "csv") {
    CsvWriter csv;
    csv.Row({"renews_on", "days_left", "program", "customer_id", "customer_name", "account_id",
             "account_number", "account_status", "eligibility_id", "verified_on", "verified_by",
             "document"});
    for (const ExpiringEligibility& row : rows) {
      const Eligibility& eligibility = row.eligibility;
      csv.Row({FormatDate(eligibility.current_through),
               std::to_string(DaysBetween(today, eligibility.current_through)), eligibility.program,
               IdText(kCustomerPrefix, eligibility.customer_id.value()), row.customer_name,
               IdText(kAccountPrefix, row.account_id.value()), row.account_number.text(),
               AccountStatusCode(row.account_status),
               IdText(kEligibilityPrefix, eligibility.id.value()),
               FormatDate(eligibility.verified_on), eligibility.verified_by_name,
               eligibility.document});
    }
    return File(csv.text(), "text/csv; charset=utf-8",
                "expiring-eligibilities-" + FormatDate(today) + ".csv");
  }
  json data = json::array();
  for (const ExpiringEligibility& row : rows) {
    json item = EligibilityJson(row.eligibility, today);
    item["days_left"] = DaysBetween(today, row.eligibility.current_through);
    item["customer_name"] = row.customer_name;
    item["account"] = {{"id", IdText(kAccountPrefix, row.account_id.value())},
                       {"number", row.account_number.text()},
                       {"status", AccountStatusCode(row.account_status)}};
    data.push_back(std::move(item));
  }
  return Ok({{"as_of", FormatDate(today)},
             {"through", FormatDate(AddDays(today, days))},
             {"days", days},
             {"data", std::move(data)}});
}

}  // namespace

void RegisterCustomerRoutes(Router& router) {
  router.Add("GET", "/api/v1/customers/([^/]+)/changes", Access::kSignedIn, ListChangesHandler);
  router.Add("POST", "/api/v1/customers/([^/]+)/changes", Access::kSignedIn, ChangeHandler);
  router.Add("GET", "/api/v1/customers/([^/]+)/eligibilities", Access::kSignedIn,
             ListEligibilitiesHandler);
  router.Add("POST", "/api/v1/customers/([^/]+)/eligibilities", Access::kSignedIn,
             AddEligibilityHandler);
  router.Add("POST", "/api/v1/eligibilities/([^/]+)/renew", Access::kSignedIn,
             RenewEligibilityHandler);
  router.Add("POST", "/api/v1/eligibilities/([^/]+)/end", Access::kSignedIn, EndEligibilityHandler);
  router.Add("GET", "/api/v1/eligibility-programs", Access::kSignedIn, ProgramsHandler);
  router.Add("GET", "/api/v1/reports/expiring-eligibilities", Access::kSignedIn, ExpiringHandler);
}

}  // namespace cistern::http
