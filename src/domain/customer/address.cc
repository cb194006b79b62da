#include "domain/customer/address.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "core/text.h"

namespace cistern {
namespace {

constexpr std::array<std::string_view, 56> kStateCodes = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
    "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP"};

constexpr std::size_t kMaxLineLength = 100;

bool IsPostalCode(const std::string& code) {
  auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(code[i]))) return false;
    }
    return true;
  };
  if (code.size() == 5) return digits(0, 5);
  if (code.size() == 10) return digits(0, 5) && code[5] == '-' && digits(6, 4);
  return false;
}

}  // namespace

const std::vector<std::string_view>& UsStateCodes() {
  static const std::vector<std::string_view> codes(kStateCodes.begin(), kStateCodes.end());
  return codes;
}

bool IsUsStateCode(const std::string& code) {
  return std::find(kStateCodes.begin(), kStateCodes.end(), code) != kStateCodes.end();
}

Address NormalizeAddress(Address address) {
  address.line1 = Trim(address.line1);
  address.line2 = Trim(address.line2);
  address.city = Trim(address.city);
  address.state = Trim(address.state);
  for (char& c : address.state) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  address.postal_code = Trim(address.postal_code);
  return address;
}

Status ValidateAddress(const Address& address, const std::string& field) {
  if (address.line1.empty()) {
    return Error::InvalidArgument(field + ".line1", "FIELD_REQUIRED",
                                  "The street address (line 1) is required.");
  }
  for (const auto& [value, name] :
       {std::pair{&address.line1, ".line1"}, std::pair{&address.line2, ".line2"}}) {
    if (CountCharacters(*value) > kMaxLineLength) {
      return Error::InvalidArgument(field + name, "FIELD_TOO_LONG",
                                    "An address line has at most 100 characters.");
    }
  }
  if (address.city.empty()) {
    return Error::InvalidArgument(field + ".city", "FIELD_REQUIRED", "The city is required.");
  }
  if (CountCharacters(address.city) > kMaxLineLength) {
    return Error::InvalidArgument(field + ".city", "FIELD_TOO_LONG",
                                  "The city has at most 100 characters.");
  }
  if (!IsUsStateCode(address.state)) {
    return Error::InvalidArgument(field + ".state", "STATE_INVALID",
                                  "The state must be a two-letter US state code such as OK.");
  }
  if (!IsPostalCode(address.postal_code)) {
    return Error::InvalidArgument(field + ".postal_code", "POSTAL_CODE_INVALID",
                                  "The ZIP code must be 5 digits or ZIP+4 (73160 or 73160-1234).");
  }
  return OkStatus();
}

std::string FormatAddressOneLine(const Address& address) {
  std::string text = address.line1;
  if (!address.line2.empty()) text += ", " + address.line2;
  text += ", " + address.city + ", " + address.state + " " + address.postal_code;
  return text;
}

}  // namespace cistern
