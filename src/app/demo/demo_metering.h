// The demo city's services, meters and readings: every account gets the services its premise
// type takes (with the rate classes the demo rates define), metered accounts a meter, and a
// reading at the end of every month of history with seasonal usage, a few rollovers, and a few
// readings held in the exceptions queue for the newest month.
#pragma once

#include <chrono>

#include "app/app_context.h"
#include "app/demo/demo_random.h"

namespace cistern {

struct DemoMeteringStats {
  int services = 0;
  int meters = 0;
  int readings = 0;
  int held_readings = 0;
};

// The first day of the demo's billed history: `months` whole calendar months ending with the
// month before `as_of`'s.
Date DemoHistoryStart(Date as_of, int months);

Status WriteDemoMetering(const AppContext& context, Transaction& transaction, DemoRandom& random,
                         const Account& account, const Premise& premise, Date as_of, int months,
                         DemoMeteringStats& stats);

}  // namespace cistern
