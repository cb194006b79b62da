#include "http/views.h"

#include "core/text.h"
#include "domain/customer/address.h"

namespace cistern::http {
namespace {

json UserRef(UserId id, const std::string& name) {
  json user = {{"display_name", name}};
  user["id"] = id.valid() ? json(IdText(kUserPrefix, id.value())) : json(nullptr);
  return user;
}

json OptionalText(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

}  // namespace

json AddressJson(const Address& address) {
  return {{"line1", address.line1},
          {"line2", address.line2},
          {"city", address.city},
          {"state", address.state},
          {"postal_code", address.postal_code}};
}

json CustomerJson(const Customer& customer, bool contact_hidden) {
  json body = {{"id", IdText(kCustomerPrefix, customer.id.value())},
               {"kind", CustomerKindCode(customer.kind)},
               {"first_name", customer.first_name},
               {"last_name", customer.last_name},
               {"business_name", customer.business_name},
               {"display_name", CustomerDisplayName(customer)},
               {"id_last4_masked", MaskIdLast4(customer.id_last4)},
               {"confidential", customer.confidential},
               {"contact_hidden", contact_hidden},
               {"version", customer.version}};
  if (!contact_hidden) {
    json phones = json::array();
    for (const Phone& phone : customer.phones) {
      phones.push_back({{"number", FormatUsPhone(phone.digits)}, {"label", phone.label}});
    }
    body["phones"] = std::move(phones);
    body["emails"] = customer.emails;
    body["mailing_address"] = AddressJson(customer.mailing_address);
    body["date_of_birth"] =
        customer.date_of_birth ? json(FormatDate(*customer.date_of_birth)) : json(nullptr);
  }
  return body;
}

json PremiseJson(const Premise& premise) {
  return {{"id", IdText(kPremisePrefix, premise.id.value())},
          {"address", AddressJson(premise.address)},
          {"inside_city_limits", premise.city_limits == CityLimits::kInside},
          {"premise_type", PremiseTypeCode(premise.type)},
          {"unit_count", premise.unit_count},
          {"parcel_number", premise.parcel_number},
          {"route", premise.route},
          {"cycle", premise.cycle},
          {"version", premise.version}};
}

json AccountJson(const AccountView& view) {
  const Account& account = view.detail.account;
  json body = {
      {"id", IdText(kAccountPrefix, account.id.value())},
      {"account_number", account.number.text()},
      {"status", AccountStatusCode(account.status)},
      {"opened_on", FormatDate(account.opened_on)},
      {"closed_on", account.closed_on ? json(FormatDate(*account.closed_on)) : json(nullptr)},
      {"version", account.version},
      {"customer", CustomerJson(view.detail.customer, view.contact_hidden)},
      {"premise", PremiseJson(view.detail.premise)}};
  if (!view.contact_hidden) body["mailing_address"] = AddressJson(account.mailing_address);
  return body;
}

json AccountSummaryJson(const AccountSummary& summary) {
  json body = {{"id", IdText(kAccountPrefix, summary.id.value())},
               {"account_number", summary.number.text()},
               {"status", AccountStatusCode(summary.status)},
               {"customer_name", summary.customer_name},
               {"customer_id", IdText(kCustomerPrefix, summary.customer_id.value())},
               {"service_address", summary.service_address},
               {"premise_id", IdText(kPremisePrefix, summary.premise_id.value())},
               {"confidential", summary.confidential}};
  if (!summary.phone_digits.empty()) body["phone"] = FormatUsPhone(summary.phone_digits);
  if (!summary.email.empty()) body["email"] = summary.email;
  return body;
}

json NoteJson(const NoteView& view) {
  return {{"id", IdText(kNotePrefix, view.note.id.value())},
          {"account_id", IdText(kAccountPrefix, view.note.account_id.value())},
          {"text", view.note.text},
          {"author", UserRef(view.note.author_id, view.author_name)},
          {"created_at", FormatInstant(view.note.created_at)}};
}

json AuditEventJson(const AuditEvent& event) {
  static const std::map<std::string, const char*> kPrefixes = {{"account", kAccountPrefix},
                                                               {"customer", kCustomerPrefix},
                                                               {"premise", kPremisePrefix},
                                                               {"note", kNotePrefix},
                                                               {"user", kUserPrefix},
                                                               {"session", "sess"},
                                                               {"entry", "je"},
                                                               {"payment", "pay"},
                                                               {"drawer", "drw"},
                                                               {"adjustment", "adj"},
                                                               {"refund", "ref"},
                                                               {"service", "svc"},
                                                               {"meter", "mtr"},
                                                               {"reading", "rdg"},
                                                               {"reading_exception", "rex"},
                                                               {"billing_run", "run"},
                                                               {"bill", "bill"},
                                                               {"rate_file", "rate"},
                                                               {"reading_file", "file"},
                                                               {"letter", "ltr"},
                                                               {"customer_change", "chg"},
                                                               {"eligibility", "elig"},
                                                               {"service_order", "so"},
                                                               {"service_request", "svcreq"}};
  auto prefix = kPrefixes.find(event.entity_type);
  json changes = json::array();
  for (const FieldChange& change : event.changes) {
    changes.push_back({{"field", change.field},
                       {"before", OptionalText(change.before)},
                       {"after", OptionalText(change.after)}});
  }
  json body = {
      {"id", IdText(kEventPrefix, event.id.value())},
      {"at", FormatInstant(event.at)},
      {"user", UserRef(event.user_id, event.user_name)},
      {"action", event.action},
      {"entity_type", event.entity_type},
      {"entity_id", IdText(prefix == kPrefixes.end() ? "id" : prefix->second, event.entity_id)},
      {"changes", std::move(changes)}};
  body["account_id"] =
      event.account_id ? json(IdText(kAccountPrefix, event.account_id->value())) : json(nullptr);
  return body;
}

json UserJson(const User& user) {
  return {{"id", IdText(kUserPrefix, user.id.value())},
          {"username", user.username},
          {"display_name", user.display_name},
          {"role", RoleCode(user.role)},
          {"active", user.active},
          {"created_at", FormatInstant(user.created_at)}};
}

json SessionJson(const User& user, const std::string& csrf_token, Instant expires_at) {
  json permissions = json::array();
  for (Permission permission : AllPermissions()) {
    if (RoleHas(user.role, permission)) permissions.push_back(PermissionCode(permission));
  }
  json user_json = UserJson(user);
  user_json["role_name"] = RoleName(user.role);
  user_json["permissions"] = std::move(permissions);
  return {{"user", std::move(user_json)},
          {"csrf_token", csrf_token},
          {"expires_at", FormatInstant(expires_at)}};
}

json ReferenceDataJson(const ReferenceData& data) {
  json premise_types = json::array();
  for (const auto& info : AllPremiseTypes()) {
    premise_types.push_back({{"code", info.code}, {"name", info.name}});
  }
  json statuses = json::array();
  for (AccountStatus status : {AccountStatus::kPending, AccountStatus::kActive,
                               AccountStatus::kFinal, AccountStatus::kClosed}) {
    statuses.push_back(AccountStatusCode(status));
  }
  json roles = json::array();
  for (Role role : AllRoles())
    roles.push_back({{"code", RoleCode(role)}, {"name", RoleName(role)}});
  json cycles = json::array();
  for (const Cycle& cycle : data.cycles)
    cycles.push_back({{"code", cycle.code}, {"name", cycle.name}});
  json routes = json::array();
  for (const Route& route : data.routes) {
    routes.push_back({{"code", route.code}, {"name", route.name}, {"cycle", route.cycle}});
  }
  json states = json::array();
  for (std::string_view state : UsStateCodes()) states.push_back(state);
  return {{"city",
           {{"name", data.city.name},
            {"city", data.city.city},
            {"state", data.city.state},
            {"time_zone", data.city.time_zone}}},
          {"premise_types", std::move(premise_types)},
          {"account_statuses", std::move(statuses)},
          {"roles", std::move(roles)},
          {"cycles", std::move(cycles)},
          {"routes", std::move(routes)},
          {"states", std::move(states)}};
}

}  // namespace cistern::http
