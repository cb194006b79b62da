// The winter average: a residential customer's typical indoor water use, which caps the usage
// their sewer charge is billed on (watering a lawn in summer puts no water down the sewer).
//
// A WinterAverageRule says which months count and how they are combined; ComputeWinterAverage
// applies it to a customer's monthly usage history. Billing recomputes each customer's average
// once a year, in the rule's recompute month, from the twelve months before it
// (WinterAverageWindow), and passes the result to QuoteBill as QuoteInput::winter_average_gallons.
#pragma once

#include <chrono>
#include <vector>

#include "core/result.h"
#include "core/usage.h"

namespace cistern {

struct WinterAverageRule {
  // The calendar months (1-12) that may count, e.g. all twelve, or {12, 1, 2} for "the average
  // of December, January and February". Unique, at least one.
  std::vector<int> months;
  // Keep only this many of the lowest months among `months` (0 keeps all of them): "the 4
  // lowest of 12" is lowest = 4.
  int lowest = 0;
  // Then drop this many of the very lowest before averaging, so a vacant or vacation month does
  // not pull the average to nothing: "3 of the 4 lowest" is lowest = 4, drop_lowest = 1.
  int drop_lowest = 0;
  // The calendar month (1-12) in which billing recomputes every customer's average.
  int recompute_month = 4;
  // The monthly cap for an account with no average yet, in gallons (per unit when the class's
  // usage limits are per unit).
  Quantity default_cap_gallons;
};

// One month of a customer's metered water usage.
struct MonthUsage {
  std::chrono::year_month month;
  Quantity gallons;  // >= 0
};

// Checks the rule on its own: months in 1..12 and unique, 0 <= lowest <= months.size(),
// 0 <= drop_lowest < the number of months kept, recompute_month in 1..12, default cap >= 0.
// INVALID_ARGUMENT naming `field` + ".months" (etc.).
Status ValidateWinterAverageRule(const WinterAverageRule& rule, const std::string& field);

// The twelve months billing reads for an average recomputed in `year`: the year before the
// recompute month. For recompute_month 4 (April) and 2025 that is 2024-04 through 2025-03.
struct MonthWindow {
  std::chrono::year_month first;
  std::chrono::year_month last;
};
MonthWindow WinterAverageWindow(const WinterAverageRule& rule, std::chrono::year year);

// True when billing should recompute averages in this calendar month.
bool IsWinterAverageRecomputeMonth(const WinterAverageRule& rule, std::chrono::month month);

// The exact (unrounded) average of the usages the rule selects: entries whose calendar month is
// in rule.months; of those the `lowest` lowest (all when 0), minus the `drop_lowest` lowest; then
// their mean. Entries in other months are ignored, so a caller may pass its whole window.
// Refuses, as INVALID_ARGUMENT naming "usages": a negative usage (USAGE_NEGATIVE), the same
// calendar month twice (WINTER_AVERAGE_MONTH_REPEATED: the window is more than a year), and
// fewer usable months than the rule needs (WINTER_AVERAGE_HISTORY_SHORT: the account has no
// average yet, so billing uses the default cap).
Result<Quantity> ComputeWinterAverage(const WinterAverageRule& rule,
                                      const std::vector<MonthUsage>& usages);

}  // namespace cistern
