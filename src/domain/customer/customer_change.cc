#include "domain/customer/customer_change.h"

#include "core/text.h"

namespace cistern {
namespace {

// The request's name for the first field of each kind: where an "unchanged" error points.
const char* KindField(CustomerChangeKind kind) {
  switch (kind) {
    case CustomerChangeKind::kName:
      return "last_name";
    case CustomerChangeKind::kMailingAddress:
      return "mailing_address";
    case CustomerChangeKind::kPhones:
      return "phones";
    case CustomerChangeKind::kEmails:
      return "emails";
  }
  return "kind";
}

void AddAddressFields(FieldValues& fields, const Address& address) {
  fields.emplace_back("mailing_address.line1", address.line1);
  fields.emplace_back("mailing_address.line2", address.line2);
  fields.emplace_back("mailing_address.city", address.city);
  fields.emplace_back("mailing_address.state", address.state);
  fields.emplace_back("mailing_address.postal_code", address.postal_code);
}

}  // namespace

const char* CustomerChangeKindCode(CustomerChangeKind kind) {
  switch (kind) {
    case CustomerChangeKind::kName:
      return "name";
    case CustomerChangeKind::kMailingAddress:
      return "mailing_address";
    case CustomerChangeKind::kPhones:
      return "phones";
    case CustomerChangeKind::kEmails:
      return "emails";
  }
  return "name";
}

std::optional<CustomerChangeKind> ParseCustomerChangeKind(std::string_view code) {
  for (CustomerChangeKind kind : {CustomerChangeKind::kName, CustomerChangeKind::kMailingAddress,
                                  CustomerChangeKind::kPhones, CustomerChangeKind::kEmails}) {
    if (code == CustomerChangeKindCode(kind)) return kind;
  }
  return std::nullopt;
}

FieldValues ChangeFields(CustomerChangeKind kind, const Customer& customer) {
  FieldValues fields;
  switch (kind) {
    case CustomerChangeKind::kName:
      fields.emplace_back("first_name", customer.first_name);
      fields.emplace_back("last_name", customer.last_name);
      fields.emplace_back("business_name", customer.business_name);
      break;
    case CustomerChangeKind::kMailingAddress:
      AddAddressFields(fields, customer.mailing_address);
      break;
    case CustomerChangeKind::kPhones:
      for (std::size_t i = 0; i < customer.phones.size(); ++i) {
        const std::string path = "phones[" + std::to_string(i) + "]";
        fields.emplace_back(path + ".number", customer.phones[i].digits);
        fields.emplace_back(path + ".label", customer.phones[i].label);
      }
      break;
    case CustomerChangeKind::kEmails:
      for (std::size_t i = 0; i < customer.emails.size(); ++i) {
        fields.emplace_back("emails[" + std::to_string(i) + "]", customer.emails[i]);
      }
      break;
  }
  return fields;
}

Customer ApplyChange(Customer customer, const CustomerChangeValues& change) {
  switch (change.kind) {
    case CustomerChangeKind::kName:
      customer.first_name = change.first_name;
      customer.last_name = change.last_name;
      customer.business_name = change.business_name;
      break;
    case CustomerChangeKind::kMailingAddress:
      customer.mailing_address = change.mailing_address;
      break;
    case CustomerChangeKind::kPhones:
      customer.phones = change.phones;
      break;
    case CustomerChangeKind::kEmails:
      customer.emails = change.emails;
      break;
  }
  return NormalizeCustomer(std::move(customer));
}

Status ValidateChange(const Customer& current, const Customer& changed, CustomerChangeKind kind,
                      Date effective_on, Date today, Date earliest,
                      std::optional<Date> latest_same_kind, const std::string& reason) {
  // The customer rules, with the request's own field names: "customer.phones[0].number" becomes
  // "phones[0].number".
  Status valid = ValidateCustomer(changed, today, "customer");
  if (!valid.ok()) {
    Error error = valid.error();
    const std::string prefix = "customer.";
    if (error.field.rfind(prefix, 0) == 0) error.field = error.field.substr(prefix.size());
    return error;
  }
  if (ChangeFields(kind, current) == ChangeFields(kind, changed)) {
    return Error::InvalidArgument(KindField(kind), "CHANGE_UNCHANGED",
                                  std::string("The new ") + CustomerChangeKindCode(kind) +
                                      " is the same as the current one; nothing to change.");
  }
  if (!effective_on.ok()) {
    return Error::InvalidArgument("effective_on", "DATE_INVALID", "Give a real effective date.");
  }
  if (effective_on > today) {
    return Error::InvalidArgument("effective_on", "EFFECTIVE_DATE_IN_FUTURE",
                                  "A change is recorded on or after the day it takes effect; " +
                                      FormatDate(effective_on) + " is after today.");
  }
  if (DaysBetween(effective_on, today) > kChangeDaysBackMax) {
    return Error::InvalidArgument("effective_on", "EFFECTIVE_DATE_TOO_OLD",
                                  "A change may be dated at most a year back.");
  }
  if (effective_on < earliest) {
    return Error::InvalidArgument("effective_on", "EFFECTIVE_DATE_BEFORE_OPENING",
                                  "The effective date is before the customer's first account "
                                  "opened on " +
                                      FormatDate(earliest) + ".");
  }
  if (latest_same_kind && effective_on < *latest_same_kind) {
    return Error::InvalidArgument("effective_on", "EFFECTIVE_DATE_BEFORE_LAST_CHANGE",
                                  "The last " + std::string(CustomerChangeKindCode(kind)) +
                                      " change took effect on " + FormatDate(*latest_same_kind) +
                                      "; a later change cannot be dated before it.");
  }
  if (CountCharacters(reason) > kChangeReasonLengthMax) {
    return Error::InvalidArgument("reason", "FIELD_TOO_LONG",
                                  "The reason has at most 200 characters.");
  }
  return OkStatus();
}

}  // namespace cistern
