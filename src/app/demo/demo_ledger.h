// The demo city's money: an opening balance brought over from the "previous system", and
// payments of every tender (the bills themselves come from real billing runs, demo_billing.h), with
// a few returned checks and adjustments, so that balances, transaction histories and finance
// reports show real data from the first `make demo`. Written through the same posting rules as live
// work.
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

// Writes one account's money from before the billed history inside the caller's transaction: the
// opening balance (the day before `history_start`) and an occasional adjustment. `staff` are the
// users who take payments (csr, supervisor, finance); `as_of` is the demo's today.
Status WriteDemoMoneyHistory(const AppContext& context, Transaction& transaction,
                             DemoRandom& random, const Account& account, const Premise& premise,
                             const std::vector<UserId>& staff, Date as_of, Date history_start,
                             DemoLedgerStats& stats);

// Posts one payment of `amount` received on `paid_on`, applied to what the account owes, by a
// random tender and cashier; about one check in 150 comes back unpaid (reversal, returned-item
// fee, cash-only mark and note) when that happens before `as_of`.
Status PostDemoPayment(const AppContext& context, Transaction& transaction, DemoRandom& random,
                       AccountId account_id, Money amount, Date paid_on,
                       const std::vector<UserId>& staff, Date as_of, DemoLedgerStats& stats);

}  // namespace cistern
