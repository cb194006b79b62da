// Rate schedules as data.
//
// A RateBook holds every loaded version of a city's rates. A RateVersion is one enacted schedule
// (an effective date, the ordinance that enacts it, a rounding rule), made of services (water,
// sewer, sanitation, stormwater, or any the city configures, each billed to a receivable fund),
// each service of rate classes, and each class of charges: a base charge by meter size that may
// include a first amount of usage, tiered volumetric blocks, seasonal surcharges and flat
// monthly charges. Program discounts and taxes apply per service.
//
// Every price is per month; every usage limit (block sizes, included usage, seasonal
// thresholds, default caps) is per month and, where the class says so, per unit (dwelling unit,
// cart, ERU). Usage limits are held in gallons, exactly.
//
// The loader (config/rate_config.h) or a test builds the plain structs; RateBook::Make validates
// them once and fills the derived fields (marked "filled by RateBook::Make"), so that quoting
// (domain/rates/quote.h) does no parsing and builds no strings beyond its output lines.
// docs/rates.md describes the file format and every rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "core/rounding.h"
#include "core/unit_price.h"
#include "core/usage.h"
#include "domain/rates/winter_average.h"

namespace cistern {

// Limits that keep a schedule (and a bill) a reasonable size.
inline constexpr std::int64_t kRateUnitsMax = 10'000;  // dwelling units, carts or ERUs
inline constexpr std::size_t kRateBlocksMax = 20;
inline constexpr std::size_t kRatePricesByUnitMax = 20;

// Where a class's customers are: inside city limits, outside, or either.
enum class RateLocation { kAny, kInside, kOutside };
const char* RateLocationCode(RateLocation location);  // "any", "inside", "outside"
Result<RateLocation> ParseRateLocation(std::string_view code, std::string_view field);

// Base (customer) charge for one meter size, per month.
struct MeterBase {
  std::string meter_size;  // "5/8", "1.5"
  UnitPrice monthly;
};

// A volumetric block: the usage above the previous block's limit (0 for the first) up to this
// block's limit, priced per the class's price unit.
struct RateBlock {
  std::optional<Quantity> up_to_gallons;  // nullopt only for the last block: no limit
  UnitPrice price;
  // Filled by RateBook::Make.
  std::string step;        // "water.residential.block.2"
  std::string range_text;  // for one month and one unit: "10,001–20,000 gal"
};

// A surcharge on usage above a monthly threshold in named calendar months ("summer surcharge").
struct SeasonalCharge {
  std::string code;         // "summer_surcharge"
  std::string name;         // "Summer surcharge"
  std::vector<int> months;  // calendar months 1-12
  Quantity above_gallons;   // per month (and per unit when the class's blocks are)
  UnitPrice price;          // per the class's price unit
  // Filled by RateBook::Make.
  unsigned month_mask = 0;  // bit m set for month m
  std::string step;         // "water.residential.summer_surcharge"
};

// How a flat monthly charge counts.
enum class FlatBasis {
  kAccount,       // once per service (a sewer surcharge)
  kPerUnit,       // times the service's units (stormwater per ERU, per dwelling unit)
  kByUnitNumber,  // a price for unit 1, 2, ...; the last price applies to every further unit
};

struct FlatCharge {
  std::string code;  // "surcharge", "cart"
  std::string name;  // "Sewer surcharge", "Poly cart"
  FlatBasis basis = FlatBasis::kAccount;
  // Per month: one price, or for kByUnitNumber the price of unit 1, 2, ... (at least one).
  std::vector<UnitPrice> prices;
  // Filled by RateBook::Make: one step per price ("sanitation.residential.cart.3"), or the one
  // step "sewer.residential.surcharge".
  std::vector<std::string> steps;
};

struct RateClass {
  std::string code;  // "residential"
  std::string name;  // "Residential water meter"

  // What the class is meant for, for the rate audit report (quoting checks only location and
  // program). Empty lists mean "not stated".
  std::vector<std::string> premise_types;   // "single_family", "multi_family", ...
  std::vector<std::string> customer_kinds;  // "person", "business"
  RateLocation location = RateLocation::kAny;
  std::string program;  // an eligibility program the customer must have ("senior"); "" = none
  // Outside-city customers on this class pay every price times this (location must be kAny).
  std::optional<Quantity> outside_multiplier;

  std::string unit_name = "unit";  // what ServiceInput::units counts here: "cart", "ERU"
  std::int64_t units_max = kRateUnitsMax;

  // Base charge by meter size (empty: none, and the class needs no meter size).
  std::vector<MeterBase> base;
  bool base_per_unit = false;  // the base charge is per unit rather than per meter

  // Volumetric charges. Empty blocks: the class bills no usage.
  UsageUnit price_unit = UsageUnit::kThousandGallons;  // blocks and seasonal prices are per this
  UsageUnit block_unit = UsageUnit::kGallon;           // how limits are written and shown
  bool blocks_per_unit = false;  // limits scale by units (multi-family per dwelling unit)
  Quantity included_gallons;     // usage the base charge includes (billed at $0), per month
  std::vector<RateBlock> blocks;
  std::optional<Quantity> usage_percent;            // bill this percent of the usage (sewer at 90%)
  std::optional<WinterAverageRule> winter_average;  // cap the usage at the winter average
  std::vector<SeasonalCharge> seasonal;

  std::vector<FlatCharge> flat;

  // Filled by RateBook::Make.
  std::string base_step;            // "water.residential.base"
  Quantity gallons_per_price_unit;  // 1000 for kgal

  // True when quoting needs a usage: the class has blocks (or seasonal charges).
  bool metered() const { return !blocks.empty(); }
  bool is_winter_average_class() const { return winter_average.has_value(); }
  const MeterBase* FindBase(std::string_view meter_size) const;
};

struct RateService {
  std::string code;  // "water"
  std::string name;  // "Water"
  std::string fund;  // the receivable fund its charges are billed to
  std::vector<RateClass> classes;

  const RateClass* FindClass(std::string_view code) const;
};

// A discount for customers in an eligibility program, on named services: a percent of each
// service's charges, or a fixed amount per month per service (never more than the charges).
struct Discount {
  std::string code;     // "senior"
  std::string name;     // "Senior citizen discount"
  std::string program;  // applies only when the quote says this program is current
  std::vector<std::string> services;
  std::optional<Quantity> percent;          // exactly one of percent (0 < p <= 100) ...
  std::optional<UnitPrice> monthly_amount;  // ... and a monthly amount (> 0)
};

// A tax: a percent of each named service's charges (after discounts), one line per service.
struct Tax {
  std::string code;  // "sales_tax"
  std::string name;  // "State sales tax"
  Quantity percent;  // 0 < p <= 100
  std::vector<std::string> services;
  std::string fund;  // the fund the tax is billed to; "" = the service's own fund
};

struct RateVersion {
  Date effective;                                 // the first day these rates apply
  std::string name;                               // "Moore utility rates 2024"
  std::string ordinance;                          // the ordinance or code section that enacts them
  RoundingRule rounding = RoundingRule::kHalfUp;  // applied once per output line
  std::vector<RateService> services;
  std::vector<Discount> discounts;
  std::vector<Tax> taxes;

  // Filled by RateBook::Make: "2014-06-01 Ordinance 14-07", shown on every quote line.
  std::string label;

  const RateService* FindService(std::string_view code) const;
};

// Checks one version on its own, naming the offending key as the schedule file spells it
// ("services.water.classes.residential.blocks[2].up_to"). Refuses, among others: missing names,
// codes that are empty, not lower_snake_case or repeated, negative prices, blocks out of order
// or empty, a last block with a limit, a base charge repeated for a meter size, included usage
// without a base charge, a class with no charge, a discount or tax naming an unknown service.
Status ValidateRateVersion(const RateVersion& version);

class RateBook {
 public:
  RateBook() = default;

  // Validates every version, refuses two versions with the same effective date
  // (RATE_VERSION_DATE_REPEATED, field "effective"), sorts them by date and fills the derived
  // fields.
  static Result<RateBook> Make(std::vector<RateVersion> versions);

  // Oldest first.
  const std::vector<RateVersion>& versions() const { return versions_; }

  // The version in effect on `date` (the latest effective on or before it), or nullptr.
  const RateVersion* InEffectOn(Date date) const;

 private:
  std::vector<RateVersion> versions_;
};

}  // namespace cistern
