// How many months of monthly charges a billing period bills.
//
// Every price in a rate schedule is per month. A billing period is whatever a meter-reading
// cycle produced: a "monthly" read-to-read period runs 27 to 35 days, a quarterly one about 91.
// So the count is the period's length in average months (365.25 / 12 = 30.4375 days), rounded to
// the nearest whole month (a half rounds up), and never less than one: any 28-31 day period
// bills exactly one month, 84-92 days bill three, and reading-date drift never prorates a base
// charge. Real proration (a service on for part of the period) is separate: see quote.h.
#pragma once

#include "core/date.h"

namespace cistern {

// Whole months billed for `period` (>= 1), as described above.
int BillingMonths(const Period& period);

}  // namespace cistern
