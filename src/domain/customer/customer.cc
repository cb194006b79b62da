#include "domain/customer/customer.h"

#include <cctype>

#include "core/text.h"

namespace cistern {
namespace {

constexpr std::size_t kMaxNameLength = 80;
constexpr std::size_t kMaxBusinessNameLength = 120;
constexpr std::size_t kMaxPhones = 5;
constexpr std::size_t kMaxEmails = 5;
constexpr std::size_t kMaxEmailLength = 254;
constexpr std::size_t kMaxLabelLength = 20;

// A deliberately plain check: one "@", a non-empty local part, and a dotted domain without
// spaces. Whether the mailbox exists is not ours to know.
bool LooksLikeEmail(const std::string& email) {
  const auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) {
    return false;
  }
  const std::string domain = email.substr(at + 1);
  const auto dot = domain.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 2 > domain.size()) return false;
  for (char c : email) {
    if (std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return domain.find("..") == std::string::npos;
}

Status ValidateName(const std::string& value, std::size_t max_length, const std::string& field,
                    const char* label) {
  if (value.empty()) {
    return Error::InvalidArgument(field, "FIELD_REQUIRED", std::string(label) + " is required.");
  }
  if (CountCharacters(value) > max_length) {
    return Error::InvalidArgument(
        field, "FIELD_TOO_LONG",
        std::string(label) + " has at most " + std::to_string(max_length) + " characters.");
  }
  return OkStatus();
}

}  // namespace

const char* CustomerKindCode(CustomerKind kind) {
  return kind == CustomerKind::kPerson ? "person" : "business";
}

std::optional<CustomerKind> ParseCustomerKind(const std::string& code) {
  if (code == "person") return CustomerKind::kPerson;
  if (code == "business") return CustomerKind::kBusiness;
  return std::nullopt;
}

std::string CustomerDisplayName(const Customer& customer) {
  if (customer.kind == CustomerKind::kBusiness) return customer.business_name;
  return customer.first_name + " " + customer.last_name;
}

std::string MaskIdLast4(const std::string& id_last4) {
  if (id_last4.empty()) return {};
  return "***-**-" + id_last4;
}

Customer NormalizeCustomer(Customer customer) {
  customer.first_name = Trim(customer.first_name);
  customer.last_name = Trim(customer.last_name);
  customer.business_name = Trim(customer.business_name);
  for (Phone& phone : customer.phones) {
    std::string digits = DigitsOnly(phone.digits);
    // A leading US country code "1" on an 11-digit number is dropped.
    if (digits.size() == 11 && digits[0] == '1') digits.erase(0, 1);
    phone.digits = digits;
    phone.label = Trim(phone.label);
  }
  for (std::string& email : customer.emails) email = ToLowerAscii(Trim(email));
  customer.mailing_address = NormalizeAddress(customer.mailing_address);
  customer.id_last4 = Trim(customer.id_last4);
  return customer;
}

Status ValidateCustomer(const Customer& customer, Date today, const std::string& field) {
  if (customer.kind == CustomerKind::kPerson) {
    CISTERN_RETURN_IF_ERROR(
        ValidateName(customer.first_name, kMaxNameLength, field + ".first_name", "First name"));
    CISTERN_RETURN_IF_ERROR(
        ValidateName(customer.last_name, kMaxNameLength, field + ".last_name", "Last name"));
    if (CountCharacters(customer.business_name) > kMaxBusinessNameLength) {
      return Error::InvalidArgument(field + ".business_name", "FIELD_TOO_LONG",
                                    "Business name has at most 120 characters.");
    }
  } else {
    CISTERN_RETURN_IF_ERROR(ValidateName(customer.business_name, kMaxBusinessNameLength,
                                         field + ".business_name", "Business name"));
    for (const auto& [value, name] : {std::pair{&customer.first_name, ".first_name"},
                                      std::pair{&customer.last_name, ".last_name"}}) {
      if (CountCharacters(*value) > kMaxNameLength) {
        return Error::InvalidArgument(field + name, "FIELD_TOO_LONG",
                                      "A contact name has at most 80 characters.");
      }
    }
  }
  if (customer.phones.empty() && customer.emails.empty()) {
    return Error::InvalidArgument(field + ".phones", "CONTACT_REQUIRED",
                                  "Give at least one phone number or email address.");
  }
  if (customer.phones.size() > kMaxPhones) {
    return Error::InvalidArgument(field + ".phones", "TOO_MANY", "At most 5 phone numbers.");
  }
  for (std::size_t i = 0; i < customer.phones.size(); ++i) {
    const Phone& phone = customer.phones[i];
    const std::string path = field + ".phones[" + std::to_string(i) + "]";
    if (phone.digits.size() != 10 || phone.digits[0] == '0' || phone.digits[0] == '1') {
      return Error::InvalidArgument(path + ".number", "PHONE_INVALID",
                                    "A phone number has 10 digits with the area code, such as "
                                    "(405) 555-0142.");
    }
    if (CountCharacters(phone.label) > kMaxLabelLength) {
      return Error::InvalidArgument(path + ".label", "FIELD_TOO_LONG",
                                    "A phone label has at most 20 characters.");
    }
  }
  if (customer.emails.size() > kMaxEmails) {
    return Error::InvalidArgument(field + ".emails", "TOO_MANY", "At most 5 email addresses.");
  }
  for (std::size_t i = 0; i < customer.emails.size(); ++i) {
    const std::string& email = customer.emails[i];
    if (email.size() > kMaxEmailLength || !LooksLikeEmail(email)) {
      return Error::InvalidArgument(
          field + ".emails[" + std::to_string(i) + "]", "EMAIL_INVALID",
          "\"" + email.substr(0, 60) + "\" is not an email address like name@example.com.");
    }
  }
  CISTERN_RETURN_IF_ERROR(ValidateAddress(customer.mailing_address, field + ".mailing_address"));
  if (customer.date_of_birth) {
    if (!customer.date_of_birth->ok() || *customer.date_of_birth >= today) {
      return Error::InvalidArgument(field + ".date_of_birth", "DATE_OF_BIRTH_INVALID",
                                    "The date of birth must be a real date before today.");
    }
    const auto earliest = std::chrono::year_month_day(today.year() - std::chrono::years(130),
                                                      today.month(), std::chrono::day(1));
    if (*customer.date_of_birth < earliest) {
      return Error::InvalidArgument(field + ".date_of_birth", "DATE_OF_BIRTH_INVALID",
                                    "The date of birth is more than 130 years ago.");
    }
  }
  if (!customer.id_last4.empty()) {
    bool all_digits = customer.id_last4.size() == 4;
    for (char c : customer.id_last4)
      all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
    if (!all_digits) {
      return Error::InvalidArgument(field + ".id_last4", "ID_LAST4_INVALID",
                                    "Give exactly the last four digits of the identity number.");
    }
  }
  return OkStatus();
}

}  // namespace cistern
