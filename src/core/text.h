// Small text helpers used across the project.
//
// Everything here is ASCII-aware only where it says so: names and addresses are UTF-8, and these
// helpers never split or rewrite a multi-byte sequence.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cistern {

// Returns `text` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r). The
// view points into `text`, so it lives only as long as `text` does.
std::string_view Trim(std::string_view text);

// Returns `text` with A-Z mapped to a-z; every other byte (including UTF-8) is kept as is.
std::string ToLowerAscii(std::string_view text);

// Returns only the ASCII digits 0-9 of `text`, in order ("(405) 555-0142" -> "4055550142").
std::string DigitsOnly(std::string_view text);

// True when `text` is well-formed UTF-8: no stray continuation bytes, no truncated sequences, no
// overlong encodings, no UTF-16 surrogates (U+D800..U+DFFF) and nothing above U+10FFFF. Input
// from outside (imports, API bodies) is checked with this before it is stored.
bool IsValidUtf8(std::string_view text);

// The number of characters (Unicode code points) in UTF-8 text: every byte that is not a
// continuation byte (10xxxxxx) starts one. Length limits that people read ("at most 80
// characters") use this, never the byte count.
std::size_t CountCharacters(std::string_view text);

// Formats a North American phone number for display: "4055550142", "405-555-0142" or
// "+1 405 555 0142" all give "(405) 555-0142". Input that does not hold exactly ten digits
// (after dropping a leading country code 1 from eleven) is returned unchanged, because a display
// helper must never lose what a person typed.
std::string FormatUsPhone(std::string_view text);

// A whole number with thousands separators: 1234567 -> "1,234,567", -1000 -> "-1,000".
std::string FormatGroupedInteger(std::int64_t value);

}  // namespace cistern
