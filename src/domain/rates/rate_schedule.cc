#include "domain/rates/rate_schedule.h"

#include <algorithm>
#include <set>

#include "domain/rates/rate_text.h"

namespace cistern {
namespace {

constexpr int kMonthsInYear = 12;
constexpr std::int64_t kPercentMax = 100;

Error Invalid(const std::string& field, const std::string& reason, const std::string& message) {
  return Error::InvalidArgument(field, reason, message);
}

// Codes end up in step codes and API values, so they are lower_snake_case ASCII.
bool IsCode(std::string_view code) {
  if (code.empty() || code.size() > 40) return false;
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Status CheckCode(std::string_view code, const std::string& field) {
  if (!IsCode(code)) {
    return Invalid(
        field, "RATE_CODE_INVALID",
        "\"" + std::string(code) + "\" is not a code: use 1-40 lower-case letters, digits and _.");
  }
  return OkStatus();
}

Status CheckName(const std::string& name, const std::string& field) {
  if (name.empty()) return Invalid(field, "RATE_NAME_REQUIRED", "A name is required.");
  return OkStatus();
}

Status CheckPrice(UnitPrice price, const std::string& field) {
  if (price.micros() < 0) {
    return Invalid(field, "RATE_PRICE_NEGATIVE",
                   "A price cannot be negative; credits are discounts.");
  }
  return OkStatus();
}

Status CheckPercent(const Quantity& percent, const std::string& field) {
  if (percent <= Quantity() || percent > Quantity::FromInteger(kPercentMax)) {
    return Invalid(field, "RATE_PERCENT_INVALID", "A percent is above 0 and at most 100.");
  }
  return OkStatus();
}

Status CheckMonths(const std::vector<int>& months, const std::string& field) {
  unsigned seen = 0;
  if (months.empty()) return Invalid(field, "RATE_MONTHS_INVALID", "List at least one month.");
  for (int month : months) {
    if (month < 1 || month > kMonthsInYear || (seen & (1u << month)) != 0) {
      return Invalid(field, "RATE_MONTHS_INVALID",
                     "Months are numbers from 1 to 12, each listed once.");
    }
    seen |= 1u << month;
  }
  return OkStatus();
}

Status ValidateBlocks(const RateClass& rate_class, const std::string& at) {
  if (rate_class.blocks.size() > kRateBlocksMax) {
    return Invalid(at + "blocks", "RATE_BLOCKS_TOO_MANY", "A class has at most 20 blocks.");
  }
  Quantity previous;
  for (std::size_t index = 0; index < rate_class.blocks.size(); ++index) {
    const RateBlock& block = rate_class.blocks[index];
    const std::string field = at + "blocks[" + std::to_string(index + 1) + "]";
    CISTERN_RETURN_IF_ERROR(CheckPrice(block.price, field + ".price"));
    const bool last = index + 1 == rate_class.blocks.size();
    if (!block.up_to_gallons) {
      if (!last) {
        return Invalid(field + ".up_to", "RATE_BLOCK_LIMIT_REQUIRED",
                       "Only the last block may have no upper limit.");
      }
      continue;
    }
    if (last) {
      return Invalid(field + ".up_to", "RATE_BLOCK_LAST_LIMITED",
                     "The last block has no upper limit, so every gallon has a price.");
    }
    if (*block.up_to_gallons <= previous) {
      return Invalid(field + ".up_to", "RATE_BLOCKS_OUT_OF_ORDER",
                     "Each block's limit must be above the previous block's.");
    }
    previous = *block.up_to_gallons;
  }
  return OkStatus();
}

Status ValidateFlat(const RateClass& rate_class, const std::string& at,
                    std::set<std::string>& step_codes) {
  for (std::size_t index = 0; index < rate_class.flat.size(); ++index) {
    const FlatCharge& flat = rate_class.flat[index];
    const std::string field = at + "flat[" + std::to_string(index + 1) + "]";
    CISTERN_RETURN_IF_ERROR(CheckCode(flat.code, field + ".code"));
    if (!step_codes.insert(flat.code).second) {
      return Invalid(field + ".code", "RATE_CODE_REPEATED",
                     "\"" + flat.code +
                         "\" is used twice in this class (base, block and seasonal"
                         " codes are taken).");
    }
    CISTERN_RETURN_IF_ERROR(CheckName(flat.name, field + ".name"));
    const std::size_t most = flat.basis == FlatBasis::kByUnitNumber ? kRatePricesByUnitMax : 1;
    if (flat.prices.empty() || flat.prices.size() > most) {
      return Invalid(field + ".prices", "RATE_FLAT_PRICES_INVALID",
                     flat.basis == FlatBasis::kByUnitNumber
                         ? "Give from 1 to 20 prices, one per unit number."
                         : "A flat charge has one amount.");
    }
    for (UnitPrice price : flat.prices) CISTERN_RETURN_IF_ERROR(CheckPrice(price, field));
  }
  return OkStatus();
}

Status ValidateClass(const RateClass& rate_class, const std::string& at) {
  CISTERN_RETURN_IF_ERROR(CheckName(rate_class.name, at + "name"));
  for (const auto* codes : {&rate_class.premise_types, &rate_class.customer_kinds}) {
    for (const std::string& code : *codes) {
      CISTERN_RETURN_IF_ERROR(CheckCode(
          code, at + (codes == &rate_class.premise_types ? "premise_types" : "customer_kinds")));
    }
  }
  if (!rate_class.program.empty()) {
    CISTERN_RETURN_IF_ERROR(CheckCode(rate_class.program, at + "program"));
  }
  if (rate_class.outside_multiplier) {
    if (*rate_class.outside_multiplier <= Quantity() ||
        *rate_class.outside_multiplier > Quantity::FromInteger(10)) {
      return Invalid(at + "outside_multiplier", "RATE_OUTSIDE_MULTIPLIER_INVALID",
                     "The outside-city multiplier is above 0 and at most 10.");
    }
    if (rate_class.location != RateLocation::kAny) {
      return Invalid(at + "outside_multiplier", "RATE_OUTSIDE_MULTIPLIER_LOCATION",
                     "A class with an outside-city multiplier serves any location.");
    }
  }
  if (rate_class.unit_name.empty()) {
    return Invalid(at + "unit_name", "RATE_NAME_REQUIRED", "Name what the units count.");
  }
  if (rate_class.units_max < 1 || rate_class.units_max > kRateUnitsMax) {
    return Invalid(at + "units_max", "RATE_UNITS_MAX_INVALID",
                   "units_max is from 1 to " + std::to_string(kRateUnitsMax) + ".");
  }
  std::set<std::string> sizes;
  for (const MeterBase& base : rate_class.base) {
    const std::string field = at + "base." + base.meter_size;
    if (base.meter_size.empty() || !sizes.insert(base.meter_size).second) {
      return Invalid(field, "RATE_METER_SIZE_REPEATED",
                     "Each meter size has one base charge, and a size is not empty.");
    }
    CISTERN_RETURN_IF_ERROR(CheckPrice(base.monthly, field));
  }
  if (rate_class.base_per_unit && rate_class.base.empty()) {
    return Invalid(at + "base_per_unit", "RATE_BASE_REQUIRED",
                   "base_per_unit needs a base charge.");
  }
  CISTERN_RETURN_IF_ERROR(ValidateBlocks(rate_class, at));
  if (rate_class.included_gallons.is_negative()) {
    return Invalid(at + "included_usage", "RATE_USAGE_NEGATIVE",
                   "Included usage cannot be negative.");
  }
  if (!rate_class.included_gallons.is_zero() && rate_class.base.empty()) {
    return Invalid(at + "included_usage", "RATE_BASE_REQUIRED",
                   "Included usage is part of a base charge, and this class has none.");
  }
  const bool metered = rate_class.metered();
  if (!metered) {
    const char* volumetric = !rate_class.included_gallons.is_zero() ? "included_usage"
                             : rate_class.usage_percent             ? "usage_percent"
                             : rate_class.winter_average            ? "winter_average"
                             : rate_class.seasonal.empty()          ? nullptr
                                                                    : "seasonal";
    if (volumetric != nullptr) {
      return Invalid(at + volumetric, "RATE_BLOCKS_REQUIRED",
                     std::string(volumetric) + " applies to usage, and this class has no blocks.");
    }
  }
  if (rate_class.usage_percent) {
    CISTERN_RETURN_IF_ERROR(CheckPercent(*rate_class.usage_percent, at + "usage_percent"));
  }
  if (rate_class.winter_average) {
    CISTERN_RETURN_IF_ERROR(
        ValidateWinterAverageRule(*rate_class.winter_average, at + "winter_average"));
  }
  std::set<std::string> step_codes = {"base", "block"};
  for (std::size_t index = 0; index < rate_class.seasonal.size(); ++index) {
    const SeasonalCharge& seasonal = rate_class.seasonal[index];
    const std::string field = at + "seasonal[" + std::to_string(index + 1) + "]";
    CISTERN_RETURN_IF_ERROR(CheckCode(seasonal.code, field + ".code"));
    if (!step_codes.insert(seasonal.code).second) {
      return Invalid(field + ".code", "RATE_CODE_REPEATED",
                     "\"" + seasonal.code + "\" is used twice in this class.");
    }
    CISTERN_RETURN_IF_ERROR(CheckName(seasonal.name, field + ".name"));
    CISTERN_RETURN_IF_ERROR(CheckMonths(seasonal.months, field + ".months"));
    if (seasonal.above_gallons.is_negative()) {
      return Invalid(field + ".above", "RATE_USAGE_NEGATIVE", "A threshold cannot be negative.");
    }
    CISTERN_RETURN_IF_ERROR(CheckPrice(seasonal.price, field + ".price"));
  }
  CISTERN_RETURN_IF_ERROR(ValidateFlat(rate_class, at, step_codes));
  if (rate_class.base.empty() && !metered && rate_class.flat.empty()) {
    return Invalid(at + "name", "RATE_CLASS_EMPTY",
                   "The class has no charge: give a base, blocks or a flat charge.");
  }
  return OkStatus();
}

Status CheckServiceList(const RateVersion& version, const std::vector<std::string>& services,
                        const std::string& field) {
  if (services.empty()) return Invalid(field, "RATE_SERVICES_REQUIRED", "Name the services.");
  for (const std::string& code : services) {
    if (version.FindService(code) == nullptr) {
      return Invalid(field, "RATE_SERVICE_UNKNOWN",
                     "\"" + code + "\" is not a service of this schedule.");
    }
  }
  return OkStatus();
}

std::string JoinStep(const std::string& service, const std::string& rate_class,
                     const std::string& rest) {
  return service + "." + rate_class + "." + rest;
}

void FillDerived(RateVersion& version) {
  version.label = FormatDate(version.effective) + " " + version.ordinance;
  for (RateService& service : version.services) {
    for (RateClass& rate_class : service.classes) {
      rate_class.base_step = JoinStep(service.code, rate_class.code, "base");
      rate_class.gallons_per_price_unit = GallonsPerUnit(rate_class.price_unit);
      Quantity lower;
      for (std::size_t index = 0; index < rate_class.blocks.size(); ++index) {
        RateBlock& block = rate_class.blocks[index];
        block.step = JoinStep(service.code, rate_class.code, "block." + std::to_string(index + 1));
        block.range_text = BlockRangeText(lower, block.up_to_gallons, rate_class.block_unit);
        if (block.up_to_gallons) lower = *block.up_to_gallons;
      }
      for (SeasonalCharge& seasonal : rate_class.seasonal) {
        seasonal.step = JoinStep(service.code, rate_class.code, seasonal.code);
        seasonal.month_mask = 0;
        for (int month : seasonal.months) seasonal.month_mask |= 1u << month;
      }
      for (FlatCharge& flat : rate_class.flat) {
        flat.steps.clear();
        if (flat.basis == FlatBasis::kByUnitNumber) {
          for (std::size_t number = 1; number <= flat.prices.size(); ++number) {
            flat.steps.push_back(
                JoinStep(service.code, rate_class.code, flat.code + "." + std::to_string(number)));
          }
        } else {
          flat.steps.push_back(JoinStep(service.code, rate_class.code, flat.code));
        }
      }
    }
  }
}

}  // namespace

const char* RateLocationCode(RateLocation location) {
  switch (location) {
    case RateLocation::kAny:
      return "any";
    case RateLocation::kInside:
      return "inside";
    case RateLocation::kOutside:
      return "outside";
  }
  return "any";
}

Result<RateLocation> ParseRateLocation(std::string_view code, std::string_view field) {
  for (RateLocation location :
       {RateLocation::kAny, RateLocation::kInside, RateLocation::kOutside}) {
    if (code == RateLocationCode(location)) return location;
  }
  return Error::InvalidArgument(std::string(field), "RATE_LOCATION_UNKNOWN",
                                "The location is one of any, inside or outside.");
}

const MeterBase* RateClass::FindBase(std::string_view meter_size) const {
  for (const MeterBase& entry : base) {
    if (entry.meter_size == meter_size) return &entry;
  }
  return nullptr;
}

const RateClass* RateService::FindClass(std::string_view class_code) const {
  for (const RateClass& rate_class : classes) {
    if (rate_class.code == class_code) return &rate_class;
  }
  return nullptr;
}

const RateService* RateVersion::FindService(std::string_view service_code) const {
  for (const RateService& service : services) {
    if (service.code == service_code) return &service;
  }
  return nullptr;
}

Status ValidateRateVersion(const RateVersion& version) {
  if (!version.effective.ok()) {
    return Invalid("effective", "DATE_INVALID", "The effective date is not a calendar day.");
  }
  CISTERN_RETURN_IF_ERROR(CheckName(version.name, "name"));
  if (version.ordinance.empty()) {
    return Invalid("ordinance", "RATE_ORDINANCE_REQUIRED",
                   "Name the ordinance or code section that enacts these rates.");
  }
  if (version.services.empty()) {
    return Invalid("services", "RATE_SERVICES_REQUIRED", "A schedule has at least one service.");
  }
  std::set<std::string> service_codes;
  for (const RateService& service : version.services) {
    const std::string at = "services." + service.code + ".";
    CISTERN_RETURN_IF_ERROR(CheckCode(service.code, "services." + service.code));
    if (!service_codes.insert(service.code).second) {
      return Invalid("services." + service.code, "RATE_CODE_REPEATED",
                     "Service \"" + service.code + "\" appears twice.");
    }
    CISTERN_RETURN_IF_ERROR(CheckName(service.name, at + "name"));
    CISTERN_RETURN_IF_ERROR(CheckCode(service.fund, at + "fund"));
    if (service.classes.empty()) {
      return Invalid(at + "classes", "RATE_CLASSES_REQUIRED",
                     "Service \"" + service.code + "\" has no rate class.");
    }
    std::set<std::string> class_codes;
    for (const RateClass& rate_class : service.classes) {
      const std::string class_at = at + "classes." + rate_class.code;
      CISTERN_RETURN_IF_ERROR(CheckCode(rate_class.code, class_at));
      if (!class_codes.insert(rate_class.code).second) {
        return Invalid(class_at, "RATE_CODE_REPEATED",
                       "Class \"" + rate_class.code + "\" appears twice.");
      }
      CISTERN_RETURN_IF_ERROR(ValidateClass(rate_class, class_at + "."));
    }
  }
  std::set<std::string> codes;
  for (std::size_t index = 0; index < version.discounts.size(); ++index) {
    const Discount& discount = version.discounts[index];
    const std::string at = "discounts[" + std::to_string(index + 1) + "].";
    CISTERN_RETURN_IF_ERROR(CheckCode(discount.code, at + "code"));
    if (!codes.insert(discount.code).second) {
      return Invalid(at + "code", "RATE_CODE_REPEATED", "Discount codes are unique.");
    }
    CISTERN_RETURN_IF_ERROR(CheckName(discount.name, at + "name"));
    CISTERN_RETURN_IF_ERROR(CheckCode(discount.program, at + "program"));
    CISTERN_RETURN_IF_ERROR(CheckServiceList(version, discount.services, at + "services"));
    if (discount.percent.has_value() == discount.monthly_amount.has_value()) {
      return Invalid(at + "percent", "RATE_DISCOUNT_KIND",
                     "A discount has either a percent or a monthly amount.");
    }
    if (discount.percent) {
      CISTERN_RETURN_IF_ERROR(CheckPercent(*discount.percent, at + "percent"));
    } else if (discount.monthly_amount->micros() <= 0) {
      return Invalid(at + "amount", "RATE_DISCOUNT_AMOUNT_INVALID",
                     "A discount's monthly amount is positive.");
    }
  }
  codes.clear();
  for (std::size_t index = 0; index < version.taxes.size(); ++index) {
    const Tax& tax = version.taxes[index];
    const std::string at = "taxes[" + std::to_string(index + 1) + "].";
    CISTERN_RETURN_IF_ERROR(CheckCode(tax.code, at + "code"));
    if (!codes.insert(tax.code).second) {
      return Invalid(at + "code", "RATE_CODE_REPEATED", "Tax codes are unique.");
    }
    CISTERN_RETURN_IF_ERROR(CheckName(tax.name, at + "name"));
    CISTERN_RETURN_IF_ERROR(CheckPercent(tax.percent, at + "percent"));
    CISTERN_RETURN_IF_ERROR(CheckServiceList(version, tax.services, at + "services"));
    if (!tax.fund.empty()) CISTERN_RETURN_IF_ERROR(CheckCode(tax.fund, at + "fund"));
  }
  return OkStatus();
}

Result<RateBook> RateBook::Make(std::vector<RateVersion> versions) {
  for (const RateVersion& version : versions) CISTERN_RETURN_IF_ERROR(ValidateRateVersion(version));
  std::sort(versions.begin(), versions.end(),
            [](const RateVersion& a, const RateVersion& b) { return a.effective < b.effective; });
  for (std::size_t index = 1; index < versions.size(); ++index) {
    if (versions[index].effective == versions[index - 1].effective) {
      return Invalid("effective", "RATE_VERSION_DATE_REPEATED",
                     "Two rate schedules take effect on " + FormatDate(versions[index].effective) +
                         ": \"" + versions[index - 1].name + "\" and \"" + versions[index].name +
                         "\".");
    }
  }
  for (RateVersion& version : versions) FillDerived(version);
  RateBook book;
  book.versions_ = std::move(versions);
  return book;
}

const RateVersion* RateBook::InEffectOn(Date date) const {
  const RateVersion* found = nullptr;
  for (const RateVersion& version : versions_) {
    if (version.effective > date) break;
    found = &version;
  }
  return found;
}

}  // namespace cistern
