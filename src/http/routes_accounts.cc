// Accounts, their notes and their history.
#include "app/accounts.h"
#include "app/notes.h"
#include "http/json_reader.h"
#include "http/money_request.h"
#include "http/router.h"
#include "http/views.h"

namespace cistern::http {

Address ReadAddress(JsonReader reader) {
  Address address;
  address.line1 = reader.RequiredString("line1");
  address.line2 = reader.OptionalString("line2");
  address.city = reader.RequiredString("city");
  address.state = reader.RequiredString("state");
  address.postal_code = reader.RequiredString("postal_code");
  reader.Finish();
  return address;
}

Customer ReadCustomer(JsonReader reader) {
  Customer customer;
  const std::string kind = reader.OptionalString("kind");
  if (!kind.empty() || reader.Has("kind")) {
    auto parsed = ParseCustomerKind(kind);
    if (!parsed) {
      reader.Fail(Error::InvalidArgument(reader.FieldPath("kind"), "CUSTOMER_KIND_INVALID",
                                         "kind must be \"person\" or \"business\"."));
    } else {
      customer.kind = *parsed;
    }
  }
  customer.first_name = reader.OptionalString("first_name");
  customer.last_name = reader.OptionalString("last_name");
  customer.business_name = reader.OptionalString("business_name");
  for (JsonReader& phone : reader.ObjectArray("phones")) {
    Phone entry;
    entry.digits = phone.RequiredString("number");
    entry.label = phone.OptionalString("label");
    phone.Finish();
    customer.phones.push_back(std::move(entry));
  }
  customer.emails = reader.StringArray("emails");
  customer.mailing_address = ReadAddress(reader.RequiredObject("mailing_address"));
  customer.date_of_birth = ReadDateField(reader, "date_of_birth");
  customer.id_last4 = reader.OptionalString("id_last4");
  customer.confidential = reader.OptionalBool("confidential", false);
  reader.Finish();
  return customer;
}

namespace {

Premise ReadPremise(JsonReader reader) {
  Premise premise;
  premise.address = ReadAddress(reader.RequiredObject("address"));
  premise.city_limits =
      reader.OptionalBool("inside_city_limits", true) ? CityLimits::kInside : CityLimits::kOutside;
  const std::string type = reader.RequiredString("premise_type");
  if (!reader.failed()) {
    auto parsed = ParsePremiseType(type);
    if (!parsed) {
      reader.Fail(Error::InvalidArgument(
          reader.FieldPath("premise_type"), "PREMISE_TYPE_INVALID",
          "\"" + type.substr(0, 40) + "\" is not a premise type; see reference-data."));
    } else {
      premise.type = *parsed;
    }
  }
  const auto units = reader.OptionalInteger("unit_count");
  if (units) {
    if (*units < 0 || *units > 1000000) {
      reader.Fail(Error::InvalidArgument(reader.FieldPath("unit_count"), "UNIT_COUNT_INVALID",
                                         "unit_count is out of range."));
    } else {
      premise.unit_count = static_cast<int>(*units);
    }
  }
  premise.parcel_number = reader.OptionalString("parcel_number");
  premise.route = reader.RequiredString("route");
  premise.cycle = reader.RequiredString("cycle");
  reader.Finish();
  return premise;
}

Result<CreateAccountRequest> ReadCreateAccount(const json& body) {
  JsonReader reader = JsonReader::ForBody(body);
  CreateAccountRequest request;
  // One of each pair, never both and never neither.
  if (reader.Has("customer") == reader.Has("customer_id")) {
    return Error::InvalidArgument("customer", "CUSTOMER_REQUIRED",
                                  "Give either a new customer or an existing customer_id.");
  }
  if (reader.Has("premise") == reader.Has("premise_id")) {
    return Error::InvalidArgument("premise", "PREMISE_REQUIRED",
                                  "Give either a new premise or an existing premise_id.");
  }
  if (auto customer = reader.OptionalObject("customer")) {
    request.new_customer = ReadCustomer(std::move(*customer));
  }
  if (reader.Has("customer_id")) {
    auto parsed =
        ParseId<CustomerId>(reader.OptionalString("customer_id"), kCustomerPrefix, "customer_id");
    if (!parsed.ok()) return parsed.error();
    request.existing_customer = *parsed;
  }
  if (auto premise = reader.OptionalObject("premise")) {
    request.new_premise = ReadPremise(std::move(*premise));
  }
  if (reader.Has("premise_id")) {
    auto parsed =
        ParseId<PremiseId>(reader.OptionalString("premise_id"), kPremisePrefix, "premise_id");
    if (!parsed.ok()) return parsed.error();
    request.existing_premise = *parsed;
  }
  if (auto account = reader.OptionalObject("account")) {
    if (auto mailing = account->OptionalObject("mailing_address")) {
      request.mailing_address = ReadAddress(std::move(*mailing));
    }
    request.opened_on = ReadDateField(*account, "opened_on");
    account->Finish();
  }
  reader.Finish();
  if (reader.failed()) return *reader.error();
  return request;
}

Result<AccountId> AccountIdFromPath(const ApiRequest& request) {
  return ParseId<AccountId>(request.PathParameter(1), kAccountPrefix, "account_id");
}

ApiReply AccountReply(const AccountView& view, int status) {
  ApiReply reply{status, AccountJson(view), {}};
  reply.headers.emplace_back("ETag", "W/\"" + std::to_string(view.detail.account.version) + "." +
                                         std::to_string(view.detail.customer.version) + "." +
                                         std::to_string(view.detail.premise.version) + "\"");
  return reply;
}

Result<ApiReply> SearchHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  const std::string text = request.Query("q").value_or("");
  if (text.size() > kSearchTextMax) {
    return Error::InvalidArgument("q", "QUERY_TOO_LONG", "The search text is too long.");
  }
  CISTERN_ASSIGN_OR_RETURN(Page<AccountSummary> results,
                           SearchAccounts(request.app, request.caller(), text, page));
  return Ok(ListJson(results, AccountSummaryJson));
}

Result<ApiReply> GetAccountHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId id, AccountIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(AccountView view, GetAccount(request.app, request.caller(), id));
  return AccountReply(view, 200);
}

Result<ApiReply> GetAccountByNumberHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountNumber number,
                           AccountNumber::Parse(request.PathParameter(1), "account_number"));
  CISTERN_ASSIGN_OR_RETURN(AccountView view,
                           GetAccountByNumber(request.app, request.caller(), number));
  return AccountReply(view, 200);
}

Result<ApiReply> CreateAccountHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  CISTERN_ASSIGN_OR_RETURN(CreateAccountRequest create, ReadCreateAccount(body));
  CISTERN_ASSIGN_OR_RETURN(AccountView view,
                           CreateAccount(request.app, request.caller(), std::move(create)));
  ApiReply reply = AccountReply(view, 201);
  reply.headers.emplace_back(
      "Location", "/api/v1/accounts/" + IdText(kAccountPrefix, view.detail.account.id.value()));
  return reply;
}

Result<ApiReply> ListNotesHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId id, AccountIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  CISTERN_ASSIGN_OR_RETURN(Page<NoteView> notes,
                           ListNotes(request.app, request.caller(), id, page));
  return Ok(ListJson(notes, NoteJson));
}

Result<ApiReply> AddNoteHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kWriteNotes));
  CISTERN_ASSIGN_OR_RETURN(AccountId id, AccountIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string text = reader.RequiredString("text");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(NoteView note, AddNote(request.app, request.caller(), id, text));
  return Created(NoteJson(note));
}

Result<ApiReply> HistoryHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(AccountId id, AccountIdFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  CISTERN_ASSIGN_OR_RETURN(Page<AuditEvent> events,
                           AccountHistory(request.app, request.caller(), id, page));
  return Ok(ListJson(events, AuditEventJson));
}

}  // namespace

void RegisterAccountRoutes(Router& router) {
  router.Add("GET", "/api/v1/accounts", Access::kSignedIn, SearchHandler);
  router.Add("POST", "/api/v1/accounts", Access::kSignedIn, CreateAccountHandler);
  router.Add("GET", "/api/v1/accounts/by-number/([^/]+)", Access::kSignedIn,
             GetAccountByNumberHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)", Access::kSignedIn, GetAccountHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/notes", Access::kSignedIn, ListNotesHandler);
  router.Add("POST", "/api/v1/accounts/([^/]+)/notes", Access::kSignedIn, AddNoteHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/history", Access::kSignedIn, HistoryHandler);
}

}  // namespace cistern::http
