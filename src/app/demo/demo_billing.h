// The demo city's billing history: for each month of history, oldest first, every cycle is billed
// through the real billing run (preview, approve, post) under the loaded rates, and then most
// customers pay their bill, by every tender, with a few partial payments and returned checks.
#pragma once

#include <vector>

#include "app/app_context.h"
#include "app/demo/demo_ledger.h"
#include "app/demo/demo_random.h"

namespace cistern {

struct DemoBillingStats {
  int runs = 0;
  int bills = 0;
};

Status RunDemoBilling(const AppContext& context, DemoRandom& random,
                      const std::vector<UserId>& cashiers, Date as_of, int months,
                      DemoBillingStats& billing, DemoLedgerStats& ledger);

}  // namespace cistern
