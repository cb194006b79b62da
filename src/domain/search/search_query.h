// How the one search box reads what a CSR types.
//
// "1000000421" or "100-000-0421" is an account number; "(405) 555-0142" or "5550142" is a phone
// number; "mlopez@example.com" is an email; anything else is words, each matched as a prefix of a
// word in the customer's name, the service address, or the contacts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/account_number.h"

namespace cistern {

struct SearchQuery {
  bool blank = true;  // the text was empty or only spaces: list every account
  std::optional<AccountNumber> account_number;  // a complete, valid account number
  std::string phone_digits;                     // 7 or 10 digits when the text is a phone number
  std::vector<std::string> words;               // lower-cased letters and digits, max 8 words
};

constexpr std::size_t kSearchWordsMax = 8;
constexpr std::size_t kSearchTextMax = 200;

SearchQuery ParseSearchQuery(const std::string& text);

}  // namespace cistern
