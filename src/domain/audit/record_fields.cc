#include "domain/audit/record_fields.h"

namespace cistern {
namespace {

void AddAddress(FieldValues& fields, const std::string& prefix, const Address& address) {
  fields.emplace_back(prefix + ".line1", address.line1);
  fields.emplace_back(prefix + ".line2", address.line2);
  fields.emplace_back(prefix + ".city", address.city);
  fields.emplace_back(prefix + ".state", address.state);
  fields.emplace_back(prefix + ".postal_code", address.postal_code);
}

}  // namespace

FieldValues CustomerFields(const Customer& customer) {
  FieldValues fields;
  fields.emplace_back("kind", CustomerKindCode(customer.kind));
  fields.emplace_back("first_name", customer.first_name);
  fields.emplace_back("last_name", customer.last_name);
  fields.emplace_back("business_name", customer.business_name);
  for (std::size_t i = 0; i < customer.phones.size(); ++i) {
    fields.emplace_back(
        "phones[" + std::to_string(i) + "]",
        customer.phones[i].digits +
            (customer.phones[i].label.empty() ? "" : " " + customer.phones[i].label));
  }
  for (std::size_t i = 0; i < customer.emails.size(); ++i) {
    fields.emplace_back("emails[" + std::to_string(i) + "]", customer.emails[i]);
  }
  AddAddress(fields, "mailing_address", customer.mailing_address);
  fields.emplace_back("date_of_birth",
                      customer.date_of_birth ? FormatDate(*customer.date_of_birth) : "");
  // The audit log keeps only the mask: the digits themselves are in the customer record.
  fields.emplace_back("id_last4", MaskIdLast4(customer.id_last4));
  fields.emplace_back("confidential", customer.confidential ? "true" : "false");
  return fields;
}

FieldValues PremiseFields(const Premise& premise) {
  FieldValues fields;
  AddAddress(fields, "address", premise.address);
  fields.emplace_back("inside_city_limits",
                      premise.city_limits == CityLimits::kInside ? "true" : "false");
  fields.emplace_back("premise_type", PremiseTypeCode(premise.type));
  fields.emplace_back("unit_count", std::to_string(premise.unit_count));
  fields.emplace_back("parcel_number", premise.parcel_number);
  fields.emplace_back("route", premise.route);
  fields.emplace_back("cycle", premise.cycle);
  return fields;
}

FieldValues AccountFields(const Account& account) {
  FieldValues fields;
  fields.emplace_back("account_number", account.number.text());
  fields.emplace_back("customer_id", "cust_" + std::to_string(account.customer_id.value()));
  fields.emplace_back("premise_id", "prem_" + std::to_string(account.premise_id.value()));
  AddAddress(fields, "mailing_address", account.mailing_address);
  fields.emplace_back("status", AccountStatusCode(account.status));
  fields.emplace_back("opened_on", FormatDate(account.opened_on));
  fields.emplace_back("closed_on", account.closed_on ? FormatDate(*account.closed_on) : "");
  return fields;
}

FieldValues NoteFields(const Note& note) { return {{"text", note.text}}; }

}  // namespace cistern
