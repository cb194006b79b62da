// Records as the API shows them (docs/api.md). Internal to http/.
#pragma once

#include "app/accounts.h"
#include "app/reference_data.h"
#include "app/sessions.h"
#include "app/store/records.h"
#include "domain/audit/audit_event.h"
#include "http/api.h"

namespace cistern {
struct Deposit;
struct DepositQuoteView;
struct ServiceOrder;
}  // namespace cistern

namespace cistern::http {

class JsonReader;

constexpr const char* kDepositPrefix = "dep";
constexpr const char* kServiceOrderPrefix = "so";

json AddressJson(const Address& address);
// A customer; contact details omitted when contact_hidden (see ViewFor).
json CustomerJson(const Customer& customer, bool contact_hidden);
json PremiseJson(const Premise& premise);
json AccountJson(const AccountView& view);
json AccountSummaryJson(const AccountSummary& summary);
json NoteJson(const NoteView& view);
json AuditEventJson(const AuditEvent& event);
json UserJson(const User& user);
json SessionJson(const User& user, const std::string& csrf_token, Instant expires_at);
json ReferenceDataJson(const ReferenceData& data);

// Views defined beside their routes, shared with start, stop and transfer service.
json DepositJson(const Deposit& deposit);             // routes_deposits.cc
json DepositQuoteJson(const DepositQuoteView& view);  // routes_deposits.cc
json ServiceOrderJson(const ServiceOrder& order);     // routes_service_orders.cc

// Request bodies shared by several routes (routes_accounts.cc): an address and a new customer,
// as POST /api/v1/accounts reads them. Each calls Finish() on its reader.
Address ReadAddress(JsonReader reader);
Customer ReadCustomer(JsonReader reader);

}  // namespace cistern::http
