// Commercial sanitation (docs/api.md, "Sanitation"): private-hauler exemptions, the monitoring
// list and renewal letters, and roll-off dumpsters with their field actions.
#include "app/sanitation.h"
#include "http/json_reader.h"
#include "http/ledger_views.h"
#include "http/money_request.h"
#include "http/router.h"

namespace cistern::http {
namespace {

constexpr const char* kExemptionPrefix = "sxm";
constexpr const char* kDumpsterPrefix = "dmp";
constexpr const char* kLetterPrefix = "ltr";

json OptionalDateJson(const std::optional<Date>& date) {
  return date ? json(FormatDate(*date)) : json(nullptr);
}

json ExemptionJson(const ExemptionView& view) {
  const SanitationExemption& e = view.exemption;
  return {{"id", IdText(kExemptionPrefix, e.id.value())},
          {"account_id", IdText(kAccountPrefix, e.account_id.value())},
          {"account_number", e.account_number},
          {"account_status", e.account_status},
          {"customer_name", e.customer_name},
          {"service_address", e.service_address},
          {"premise_type", e.premise_type},
          {"hauler", e.hauler},
          {"permit", e.permit},
          {"starts_on", FormatDate(e.starts_on)},
          {"expires_on", FormatDate(e.expires_on)},
          {"renewal_letter_id", e.renewal_letter_id
                                    ? json(IdText(kLetterPrefix, e.renewal_letter_id->value()))
                                    : json(nullptr)},
          {"renewal_sent_on", OptionalDateJson(e.renewal_sent_on)},
          {"version", e.version},
          {"expired", view.flags.expired},
          {"expiring", view.flags.expiring},
          {"missing_paperwork", view.flags.missing_paperwork},
          {"needs_attention", view.flags.needs_attention()},
          {"days_left", view.flags.days_left},
          {"city_sanitation_active", view.city_sanitation_active}};
}

json DumpsterJson(const Dumpster& d) {
  return {{"id", IdText(kDumpsterPrefix, d.id.value())},
          {"number", "D-" + std::to_string(d.id.value())},
          {"account_id", IdText(kAccountPrefix, d.account_id.value())},
          {"account_number", d.account_number},
          {"customer_name", d.customer_name},
          {"service_address", d.service_address},
          {"size_yards", d.size_yards},
          {"status", DumpsterStatusCode(d.status)},
          {"requested_on", FormatDate(d.requested_on)},
          {"remarks", d.remarks},
          {"delivered_on", OptionalDateJson(d.delivered_on)},
          {"removed_on", OptionalDateJson(d.removed_on)},
          {"empty_count", d.empty_count}};
}

json EventJson(const DumpsterEvent& event) {
  return {{"action", DumpsterActionCode(event.action)},
          {"done_on", FormatDate(event.done_on)},
          {"entry_id",
           event.entry_id ? json(IdText(kEntryPrefix, event.entry_id->value())) : json(nullptr)},
          {"fee_code", event.fee_code},
          {"amount", event.amount.Format()},
          {"remarks", event.remarks},
          {"recorded_at", FormatInstant(event.recorded_at)},
          {"recorded_by", event.recorded_by_name}};
}

Result<ExemptionDraft> ReadDraft(JsonReader& reader) {
  ExemptionDraft draft;
  draft.hauler = reader.RequiredString("hauler");
  draft.permit = reader.OptionalString("permit");
  draft.starts_on = ReadDateField(reader, "starts_on");
  draft.expires_on = ReadDateField(reader, "expires_on");
  return draft;
}

Result<ApiReply> ListExemptionsHandler(const ApiRequest& request) {
  const std::string filter = request.Query("filter").value_or("all");
  if (filter != "all" && filter != "attention") {
    return Error::InvalidArgument("filter", "FILTER_UNKNOWN", "filter is attention or all.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto views,
                           ListExemptions(request.app, request.caller(), filter == "attention"));
  json data = json::array();
  for (const ExemptionView& view : views) data.push_back(ExemptionJson(view));
  return Ok({{"data", std::move(data)}, {"warning_days", kExemptionWarningDays}});
}

Result<ApiReply> CreateExemptionHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string account = reader.RequiredString("account_id");
  CISTERN_ASSIGN_OR_RETURN(ExemptionDraft draft, ReadDraft(reader));
  reader.Finish();
  if (reader.failed()) return *reader.error();
  ExemptionRequest create;
  CISTERN_ASSIGN_OR_RETURN(create.account,
                           ParseId<AccountId>(account, kAccountPrefix, "account_id"));
  create.draft = std::move(draft);
  CISTERN_ASSIGN_OR_RETURN(ExemptionView view,
                           CreateExemption(request.app, request.caller(), create));
  return Created(ExemptionJson(view));
}

Result<SanitationExemptionId> ExemptionFromPath(const ApiRequest& request) {
  return ParseId<SanitationExemptionId>(request.PathParameter(1), kExemptionPrefix, "exemption_id");
}

Result<ApiReply> GetExemptionHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(SanitationExemptionId id, ExemptionFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(ExemptionView view, GetExemption(request.app, request.caller(), id));
  return Ok(ExemptionJson(view));
}

Result<ApiReply> UpdateExemptionHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(SanitationExemptionId id, ExemptionFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  CISTERN_ASSIGN_OR_RETURN(ExemptionDraft draft, ReadDraft(reader));
  const auto version = reader.OptionalInteger("version");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  if (!version) {
    return Error::InvalidArgument("version", "FIELD_REQUIRED",
                                  "Give the version of the exemption you changed.");
  }
  CISTERN_ASSIGN_OR_RETURN(ExemptionView view, UpdateExemption(request.app, request.caller(), id,
                                                               static_cast<int>(*version), draft));
  return Ok(ExemptionJson(view));
}

Result<ApiReply> RenewalLettersHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::vector<std::string> texts = reader.StringArray("exemption_ids");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  std::vector<SanitationExemptionId> ids;
  for (const std::string& text : texts) {
    CISTERN_ASSIGN_OR_RETURN(
        SanitationExemptionId id,
        ParseId<SanitationExemptionId>(text, kExemptionPrefix, "exemption_ids"));
    ids.push_back(id);
  }
  CISTERN_ASSIGN_OR_RETURN(auto outcomes, SendRenewalLetters(request.app, request.caller(), ids));
  json data = json::array();
  int sent = 0;
  for (const RenewalLetterOutcome& outcome : outcomes) {
    json item = {{"exemption_id", IdText(kExemptionPrefix, outcome.exemption.value())},
                 {"letter_id", outcome.letter ? json(IdText(kLetterPrefix, outcome.letter->value()))
                                              : json(nullptr)},
                 {"error", outcome.error ? ErrorJson(*outcome.error)["error"] : json(nullptr)}};
    if (outcome.letter) ++sent;
    data.push_back(std::move(item));
  }
  return Ok({{"data", std::move(data)}, {"sent", sent}});
}

Result<ApiReply> ListDumpstersHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  DumpsterFilter filter;
  const std::string status = request.Query("status").value_or("all");
  if (status != "all" && status != "live") {
    return Error::InvalidArgument("status", "STATUS_UNKNOWN", "status is live or all.");
  }
  filter.live_only = status == "live";
  if (auto account = request.Query("account_id"); account && !account->empty()) {
    CISTERN_ASSIGN_OR_RETURN(AccountId id,
                             ParseId<AccountId>(*account, kAccountPrefix, "account_id"));
    filter.account_id = id;
  }
  CISTERN_ASSIGN_OR_RETURN(auto listed, ListDumpsters(request.app, request.caller(), filter, page));
  return Ok(ListJson(listed, DumpsterJson));
}

Result<ApiReply> RequestDumpsterHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string account = reader.RequiredString("account_id");
  const auto size = reader.OptionalInteger("size_yards");
  DumpsterRequest create;
  create.draft.requested_on = ReadDateField(reader, "requested_on");
  create.draft.remarks = reader.OptionalString("remarks");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  if (!size) {
    return Error::InvalidArgument("size_yards", "FIELD_REQUIRED",
                                  "Give the dumpster size: 20, 30 or 40 cubic yards.");
  }
  create.draft.size_yards = static_cast<int>(*size);
  CISTERN_ASSIGN_OR_RETURN(create.account,
                           ParseId<AccountId>(account, kAccountPrefix, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(Dumpster dumpster,
                           RequestDumpster(request.app, request.caller(), create));
  return Created(DumpsterJson(dumpster));
}

Result<DumpsterId> DumpsterFromPath(const ApiRequest& request) {
  return ParseId<DumpsterId>(request.PathParameter(1), kDumpsterPrefix, "dumpster_id");
}

Result<ApiReply> GetDumpsterHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(DumpsterId id, DumpsterFromPath(request));
  CISTERN_ASSIGN_OR_RETURN(DumpsterView view, GetDumpster(request.app, request.caller(), id));
  json body = DumpsterJson(view.dumpster);
  json events = json::array();
  for (const DumpsterEvent& event : view.events) events.push_back(EventJson(event));
  body["events"] = std::move(events);
  return Ok(std::move(body));
}

Result<ApiReply> DumpsterActionHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(DumpsterId id, DumpsterFromPath(request));
  auto action = ParseDumpsterAction(request.PathParameter(2));
  if (!action) {
    return Error::NotFound("ACTION_UNKNOWN",
                           "A dumpster is delivered, emptied, removed or "
                           "cancelled: deliver, empty, remove or cancel.");
  }
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  DumpsterActionRequest act;
  act.action = *action;
  act.done_on = ReadDateField(reader, "done_on");
  act.remarks = reader.OptionalString("remarks");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(DumpsterActionOutcome outcome,
                           ActOnDumpster(request.app, request.caller(), id, act));
  json reply = DumpsterJson(outcome.dumpster);
  reply["event"] = EventJson(outcome.event);
  return Ok(std::move(reply));
}

Result<ApiReply> AccountSanitationHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(
      AccountId id, ParseId<AccountId>(request.PathParameter(1), kAccountPrefix, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(AccountSanitation found,
                           GetAccountSanitation(request.app, request.caller(), id));
  json dumpsters = json::array();
  for (const Dumpster& dumpster : found.dumpsters) dumpsters.push_back(DumpsterJson(dumpster));
  return Ok({{"may_use_private_hauler", found.may_use_private_hauler},
             {"exemption", found.exemption ? ExemptionJson(*found.exemption) : json(nullptr)},
             {"dumpsters", std::move(dumpsters)}});
}

}  // namespace

void RegisterSanitationRoutes(Router& router) {
  router.Add("GET", "/api/v1/sanitation/exemptions", Access::kSignedIn, ListExemptionsHandler);
  router.Add("POST", "/api/v1/sanitation/exemptions", Access::kSignedIn, CreateExemptionHandler);
  router.Add("POST", "/api/v1/sanitation/renewal-letters", Access::kSignedIn,
             RenewalLettersHandler);
  router.Add("GET", "/api/v1/sanitation/exemptions/([^/]+)", Access::kSignedIn,
             GetExemptionHandler);
  router.Add("PATCH", "/api/v1/sanitation/exemptions/([^/]+)", Access::kSignedIn,
             UpdateExemptionHandler);
  router.Add("GET", "/api/v1/sanitation/dumpsters", Access::kSignedIn, ListDumpstersHandler);
  router.Add("POST", "/api/v1/sanitation/dumpsters", Access::kSignedIn, RequestDumpsterHandler);
  router.Add("GET", "/api/v1/sanitation/dumpsters/([^/]+)", Access::kSignedIn, GetDumpsterHandler);
  router.Add("POST", "/api/v1/sanitation/dumpsters/([^/]+)/([a-z]+)", Access::kSignedIn,
             DumpsterActionHandler);
  router.Add("GET", "/api/v1/accounts/([^/]+)/sanitation", Access::kSignedIn,
             AccountSanitationHandler);
}

}  // namespace cistern::http
