// The city's billing rules (config/billing.toml) and the small pure calculations they drive: the
// due date, the late amount, and what a billing run flags for a person to look at.
#pragma once

#include <optional>
#include <string>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"
#include "core/usage.h"
#include "domain/metering/reading_check.h"

namespace cistern {

struct BillingSettings {
  int due_days = 20;           // the due date is this many days after the bill date...
  bool due_on_weekday = true;  // ...moved to the next Monday when it falls on a weekend
  Quantity late_fee_percent =
      Quantity::FromInteger(2);  // of the total due, added after the due date
  // A trial bill above this percent of the account's average bill of the last 12 months is
  // listed for review in the preview.
  int bill_far_above_percent = 250;
  ReadingLimits reading_limits;
  std::string default_message;  // printed on every bill of a run unless the run gives its own
  int chunk_accounts = 2000;    // accounts per posting transaction
  // Accounts whose preview plans a one-step run (`cistern bill run`) keeps for its posting: the
  // cycle's first ones, about 4 KB of memory each (KeptPlans in app/billing.h). 0 keeps none.
  int preview_plans_kept = 50000;
};

// Refuses due_days outside 1..90, a late fee percent outside 0..25, percentages below 1, a
// chunk outside 100..50,000, preview plans kept outside 0..1,000,000 (INVALID_ARGUMENT naming the
// setting).
Status ValidateBillingSettings(const BillingSettings& settings);

// The bill's due date under the rules.
Date DueDate(const BillingSettings& settings, Date bill_date);

// What the customer owes if paid after the due date: the total due plus the late fee percent of
// it, rounded half up to the cent. A credit or zero total has no late fee.
Money LateAmount(const BillingSettings& settings, Money total_due);

}  // namespace cistern
