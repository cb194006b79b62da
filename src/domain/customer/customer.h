// Customer: the person or business responsible for paying for service.
//
// Contact details of a confidential customer (phones, emails, mailing address, date of birth) are
// shown only to roles with Permission::kReadConfidentialContacts; see CanSeeContacts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/result.h"
#include "domain/customer/address.h"

namespace cistern {

enum class CustomerKind { kPerson, kBusiness };

const char* CustomerKindCode(CustomerKind kind);  // "person", "business"
std::optional<CustomerKind> ParseCustomerKind(const std::string& code);

struct Phone {
  std::string digits;  // exactly 10 digits, no formatting
  std::string label;   // "mobile", "home", "work" or free text, may be empty
  friend bool operator==(const Phone&, const Phone&) = default;
};

struct Customer {
  CustomerId id;
  CustomerKind kind = CustomerKind::kPerson;
  std::string first_name;
  std::string last_name;
  std::string business_name;
  std::vector<Phone> phones;
  std::vector<std::string> emails;  // lower-cased
  Address mailing_address;
  std::optional<Date> date_of_birth;
  std::string id_last4;  // last four digits of an identity number, or empty
  bool confidential = false;
  int version = 0;
};

// What a person calls the customer: "Maria Lopez", or the business name.
std::string CustomerDisplayName(const Customer& customer);

// "***-**-1234", or empty when no digits are on file.
std::string MaskIdLast4(const std::string& id_last4);

// Trims names, reduces phone numbers to digits, lower-cases emails, normalizes the address.
Customer NormalizeCustomer(Customer customer);

// Checks a normalized customer; `today` is the city's date (a birth date must be before it).
// `field` is the customer's path in the request, e.g. "customer".
Status ValidateCustomer(const Customer& customer, Date today, const std::string& field);

}  // namespace cistern
