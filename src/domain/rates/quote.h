// QuoteBill: the itemized charges for one account's services over one billing period, priced by
// a RateBook. A pure function: billing runs, the `cistern rate quote` command and the API all
// call it with the same inputs and get the same lines.
//
// How a quote is priced (docs/rates.md has worked examples):
// - The period (inclusive) bills BillingMonths(period) months of every monthly price.
// - The version in effect on the period's first day prices it. When a later version takes
//   effect inside the period, the period is split at its effective date; each part bills its
//   share of the months by days, its share of the usage by days, and is priced by its own
//   version, whose label every line carries.
// - A service that was on for only part of the period (ServiceInput::active) bills its monthly
//   prices and usage limits (block sizes, included usage, caps, thresholds) scaled by active days
//   / period days, and all of the usage (the meter only turned while it was on).
// - Every amount is computed exactly (Quantity) and rounded once per line by the version's
//   rounding rule. Discounts (for current programs) and then taxes follow each version part's
//   charges, one line per service.
//
// Lines come out per version part (oldest first), then in the order of `services`, and within a
// service input: base, flat charges, blocks, seasonal charges; then the part's discounts and
// taxes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"
#include "core/unit_price.h"
#include "core/usage.h"
#include "domain/rates/rate_schedule.h"

namespace cistern {

struct ServiceInput {
  std::string service;           // "water"
  std::string rate_class;        // "residential"
  std::string meter_size;        // "5/8"; empty for a class with no base charge by meter size
  std::int64_t units = 1;        // carts, dwelling units or ERUs (1..the class's units_max)
  std::optional<Period> active;  // the days of the period the service was on; nullopt = all
  // This service's own metered usage in the period (a sprinkler meter); nullopt = the premise's
  // QuoteInput::water_usage_gallons.
  std::optional<Quantity> usage_gallons;
};

struct QuoteInput {
  Period period;  // the billing period, inclusive
  bool inside_city = true;
  std::vector<ServiceInput> services;
  std::optional<Quantity> water_usage_gallons;     // metered water usage in the period, gallons
  std::optional<Quantity> winter_average_gallons;  // sewer cap; nullopt = no history (default cap)
  std::vector<std::string> programs;  // eligibility programs current for the period ("senior")
};

struct QuoteLine {
  std::string service;      // "water"
  std::string fund;         // the receivable fund: "water"
  std::string step;         // stable: "water.residential.block.2", "sewer.discount.senior"
  std::string description;  // "10,001–20,000 gal at $9.19 per 1,000 gal"
  std::string unit;         // of quantity: "kgal", "month", "cart-month"; "" when no quantity
  std::string version;      // the version's label: "2024-07-01 Code of Ordinances 22-101"
  Date effective;           // the version's effective date
  std::optional<Quantity> quantity;  // exact, in `unit`
  std::optional<UnitPrice> price;    // per one `unit`
  Money amount;
};

struct Quote {
  std::vector<QuoteLine> lines;
  Money total;
};

// Refuses, as INVALID_ARGUMENT naming the input field ("services[1].meter_size"):
// no services (RATE_SERVICES_REQUIRED); no version in effect on the period's first day
// (RATE_NO_VERSION, "period"); an unknown service (RATE_SERVICE_UNKNOWN) or class
// (RATE_CLASS_UNKNOWN) in any version the period uses; a missing or unknown meter size
// (RATE_METER_SIZE_UNKNOWN); units outside 1..units_max (RATE_UNITS_INVALID); an active period
// not inside the billing period (RATE_ACTIVE_OUTSIDE_PERIOD); a service listed twice for days
// that overlap, neither with usage of its own (RATE_SERVICE_TWICE, on the later one); a metered
// class with no usage
// (RATE_USAGE_REQUIRED, "water_usage_gallons"); a negative usage or winter average
// (RATE_USAGE_NEGATIVE); a class that needs a program not in `programs` (RATE_PROGRAM_REQUIRED,
// "programs"); a class for the other side of the city limits (RATE_LOCATION_MISMATCH).
Result<Quote> QuoteBill(const RateBook& book, const QuoteInput& input);

}  // namespace cistern
