// The demo city's money: an opening balance brought over from the "previous system", three
// months of service charges, and payments of every tender, with a few returned checks and
// adjustments, so that balances, transaction histories and finance reports show real data from
// the first `make demo`. Written through the same posting rules as live work.
#pragma once

#include <vector>

#include "app/app_context.h"
#include "app/demo/demo_random.h"

namespace cistern {

struct DemoLedgerStats {
  int entries = 0;
  int payments = 0;
  int returned_checks = 0;
  int adjustments = 0;
  int pending_adjustments = 0;
  int notes = 0;  // returned-payment notes
};

// Writes one account's history inside the caller's transaction. `staff` are the users who take
// payments (csr, supervisor, finance); `as_of` is the demo's today.
Status WriteDemoMoneyHistory(const AppContext& context, Transaction& transaction,
                             DemoRandom& random, const Account& account, const Premise& premise,
                             const std::vector<UserId>& staff, Date as_of, DemoLedgerStats& stats);

}  // namespace cistern
