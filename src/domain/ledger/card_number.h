// Full card numbers are never accepted, stored or logged: the city takes cards on its own
// terminal and records only the authorization code and the last four digits.
#pragma once

#include <string_view>

namespace cistern {

// True when the text holds a run of 13 to 19 digits (spaces and dashes between digits allowed,
// as people type card numbers) that passes the Luhn check: what a payment card number looks
// like. Callers refuse such input without echoing it.
bool LooksLikeCardNumber(std::string_view text);

}  // namespace cistern
