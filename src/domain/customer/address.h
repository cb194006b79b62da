// A US postal address, used for service addresses and mailing addresses alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace cistern {

struct Address {
  std::string line1;
  std::string line2;
  std::string city;
  std::string state;        // two-letter USPS code, upper case
  std::string postal_code;  // NNNNN or NNNNN-NNNN

  friend bool operator==(const Address&, const Address&) = default;
};

// Trims every part and upper-cases the state. Run before validating or storing.
Address NormalizeAddress(Address address);

// Checks a normalized address. `field` is the dotted path of the address in the request
// ("customer.mailing_address"); errors name the part ("customer.mailing_address.postal_code").
Status ValidateAddress(const Address& address, const std::string& field);

// "1204 N Broadway Ave, Apt 3, Moore, OK 73160"
std::string FormatAddressOneLine(const Address& address);

bool IsUsStateCode(const std::string& code);

// USPS codes for the states, DC and the territories a US city's customers may mail from.
const std::vector<std::string_view>& UsStateCodes();

}  // namespace cistern
