// The checks every new reading passes before it may be billed. A reading that fails one goes to
// the exceptions queue (held) instead of silently into a bill. Pure: the caller supplies the
// meter, the previous reading and the account's usage history.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/usage.h"
#include "domain/metering/meter.h"

namespace cistern {

enum class ReadingExceptionKind {
  kLowerThanPrevious,  // below the previous reading and not a plausible rollover
  kZeroUsage,          // no usage on an active, occupied account
  kHighUsage,          // above the configured percentage of average daily usage
  kLowUsage,           // below the configured percentage of average daily usage
  kMissing,            // a meter on the route got no reading in the file
  kUnknownMeter,       // the serial is not a meter Cistern knows (or not on that route)
  kDuplicate,          // the meter already has a reading that day
};
const char* ReadingExceptionKindCode(ReadingExceptionKind kind);
std::optional<ReadingExceptionKind> ParseReadingExceptionKind(std::string_view code);
// For people: "Lower than previous reading".
const char* ReadingExceptionKindName(ReadingExceptionKind kind);

// The city's thresholds, from config/billing.toml.
struct ReadingLimits {
  int high_percent = 300;  // usage above 300% of the average for the days is high
  int low_percent = 25;    // usage below 25% of the average for the days is low
  // A register that passed zero: the previous reading was in the top tenth of the register and
  // the new one is in the bottom tenth. Anything else below the previous reading is flagged.
};

struct ReadingCheckInput {
  Meter meter;
  std::int64_t previous_value = 0;
  Date previous_read_on{};
  bool previous_estimated = false;  // an estimate may overshoot; the true-up is not a rollover
  std::int64_t value = 0;
  Date read_on{};
  bool account_active_and_occupied = true;
  // Average daily usage over the last 12 months in gallons; nullopt when there is no history.
  std::optional<Quantity> average_daily_gallons;
};

struct ReadingCheck {
  // Register steps since the previous reading (after a rollover when there was one). Negative
  // only for an estimate's true-up.
  std::int64_t register_steps = 0;
  bool rolled_over = false;
  Quantity usage_gallons;  // register_steps as gallons, exact
  std::optional<ReadingExceptionKind> exception;
  std::string detail;  // why, for the exceptions queue: "1,200 gal in 30 days; average 140 gal/day"
};

// Refuses (INVALID_ARGUMENT, field "read_on") a read date on or before the previous reading's,
// and (field "value") a value outside the register (negative or >= 10^dials).
Result<ReadingCheck> CheckReading(const ReadingCheckInput& input, const ReadingLimits& limits);

// Usage for `days` days at `average_daily_gallons`, as whole register steps of `meter` (half up),
// for an estimated reading.
std::int64_t EstimateRegisterSteps(const Meter& meter, const Quantity& average_daily_gallons,
                                   int days);

// Formats gallons for people: "12,345 gal" (rounded half up to a whole gallon).
std::string FormatGallons(const Quantity& gallons);

}  // namespace cistern
