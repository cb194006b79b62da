// The demo city's services, meters and readings: every account gets the services its premise
// type takes (with the rate classes the demo rates define), metered accounts a meter, and a
// reading at the end of every month of history with seasonal usage, a few rollovers, and a few
// readings held in the exceptions queue for the newest month.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "app/app_context.h"
#include "app/demo/demo_random.h"
#include "app/store/billing_records.h"
#include "domain/metering/meter.h"

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

// The monthly readings WriteDemoMetering makes, held until FlushDemoReadings writes them month
// by month, as a live city's route files bring them in: each month's readings then sit together
// in the database (written account by account, each meter's year of readings sat together
// instead, and a billing run read a page of other months' readings for every meter).
struct DemoReadings {
  struct Pending {
    Reading reading;
    Instant uploaded;
    std::optional<ReadingException> exception;  // a held reading's entry in the queue
  };
  std::vector<Pending> pending;
};

Status WriteDemoMetering(const AppContext& context, Transaction& transaction, DemoRandom& random,
                         const Account& account, const Premise& premise, Date as_of, int months,
                         DemoReadings& readings, DemoMeteringStats& stats);

// Writes the pending readings (and their exceptions) in date order, and empties `readings`.
Status FlushDemoReadings(Transaction& transaction, DemoReadings& readings);

}  // namespace cistern
