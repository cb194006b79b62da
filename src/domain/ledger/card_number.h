// Full card numbers are never accepted, stored or logged: the city takes cards on its own
// terminal and records only the authorization code and the last four digits.
#pragma once

#include <string_view>

namespace cistern {

// True when the text holds a number of 13 to 19 digits (single spaces or dashes between groups
// allowed, as people type card numbers) that starts with a card network's issuer prefix (Visa,
// Mastercard, American Express, Discover, JCB, Diners Club) and passes the Luhn check: what a
// payment card number looks like. Callers refuse such input without echoing it.
bool LooksLikeCardNumber(std::string_view text);

}  // namespace cistern
