// Fixed-point decimal text: the one parser and formatter behind Money, UnitPrice and Quantity.
//
// Values are int64 counts of a fixed fraction (cents are 2 places, micros are 6), so the text is
// read and written digit by digit and never passes through a double. The types built on this
// turn a failed parse into an Error with their own reason codes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cistern {

// Whether a leading "$" is accepted (parsing) or written (formatting).
enum class DollarSign { kNone, kDollar };

// Whether the integer part is written with thousands commas ("1,234") when formatting.
enum class Grouping { kNone, kThousands };

enum class DecimalParseOutcome {
  kOk,
  kMalformed,        // not a number in the accepted grammar
  kTooManyDecimals,  // more fraction digits than the scale holds
  kOutOfRange,       // does not fit in int64 at this scale
};

struct ParsedDecimal {
  DecimalParseOutcome outcome = DecimalParseOutcome::kMalformed;
  std::int64_t scaled = 0;  // the value times 10^scale_places; meaningful only when kOk
};

// Parses `text` as a decimal with at most `scale_places` (0..18) fraction digits and returns the
// value times 10^scale_places. The grammar, after trimming surrounding ASCII whitespace:
//
//   ["-"] ["$" if dollar_sign is kDollar] integer ["." digit{1,scale_places}]
//   integer = digit+ | group ("," digit{3})+    where group = 1-3 digits not starting with 0
//
// So "-$1,234.56", "0.05", "12" and "12.5" are accepted; "12.", ".5", "+1", "$-1", "1,23",
// "1.2.3" and "--1" are malformed. A fraction longer than scale_places is kTooManyDecimals even
// when its extra digits are zeros ("12.340" at two places), because such text is more often a
// typo or a foreign thousands separator than a precise amount.
ParsedDecimal ParseScaledDecimal(std::string_view text, int scale_places, DollarSign dollar_sign);

// Writes `scaled` / 10^scale_places exactly: "-" first for negatives, then "$" if asked, the
// integer part (with commas if asked), and the fraction with trailing zeros trimmed but never to
// fewer than `min_places` digits (no "." at all when that leaves none). INT64_MIN is handled.
std::string FormatScaledDecimal(std::int64_t scaled, int scale_places, int min_places,
                                DollarSign dollar_sign, Grouping grouping);

}  // namespace cistern
