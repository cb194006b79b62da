#include "domain/rates/quote.h"

#include <algorithm>

#include "domain/rates/billing_months.h"
#include "domain/rates/rate_text.h"

namespace cistern {
namespace {

// A bill with more services than this is an input error, not a customer.
constexpr std::size_t kServicesMax = 64;
constexpr std::int64_t kPercentDivisor = 100;

Error Invalid(std::string field, std::string reason, std::string message) {
  return Error::InvalidArgument(std::move(field), std::move(reason), std::move(message));
}

std::string Field(std::size_t index, const char* key) {
  return "services[" + std::to_string(index) + "]." + key;
}

// One stretch of the billing period priced by one version.
struct Part {
  const RateVersion* version;
  Period days;
};

// A service input looked up in one version.
struct Resolved {
  const RateService* service = nullptr;
  const RateClass* rate_class = nullptr;
  const MeterBase* base = nullptr;  // nullptr when the class has no base charge
};

// One service's charges so far in the current part, for its discounts and taxes.
struct ServiceTotal {
  const RateService* service;
  Money charges;
  Quantity months;  // the most months any of its inputs billed in the part
};

const Quantity* UsageOf(const ServiceInput& service, const QuoteInput& input) {
  if (service.usage_gallons) return &*service.usage_gallons;
  if (input.water_usage_gallons) return &*input.water_usage_gallons;
  return nullptr;
}

bool HasProgram(const QuoteInput& input, const std::string& program) {
  return std::find(input.programs.begin(), input.programs.end(), program) != input.programs.end();
}

Status CheckInput(const QuoteInput& input) {
  if (input.services.empty() || input.services.size() > kServicesMax) {
    return Invalid("services", "RATE_SERVICES_REQUIRED", "Quote from 1 to 64 services.");
  }
  if (input.water_usage_gallons && input.water_usage_gallons->is_negative()) {
    return Invalid("water_usage_gallons", "RATE_USAGE_NEGATIVE", "Usage cannot be negative.");
  }
  if (input.winter_average_gallons && input.winter_average_gallons->is_negative()) {
    return Invalid("winter_average_gallons", "RATE_USAGE_NEGATIVE",
                   "The winter average cannot be negative.");
  }
  for (std::size_t index = 0; index < input.services.size(); ++index) {
    const ServiceInput& service = input.services[index];
    if (service.units < 1) {
      return Invalid(Field(index, "units"), "RATE_UNITS_INVALID", "Units are at least 1.");
    }
    if (service.usage_gallons && service.usage_gallons->is_negative()) {
      return Invalid(Field(index, "usage_gallons"), "RATE_USAGE_NEGATIVE",
                     "Usage cannot be negative.");
    }
    if (service.active && (service.active->first() < input.period.first() ||
                           service.active->last() > input.period.last())) {
      return Invalid(Field(index, "active"), "RATE_ACTIVE_OUTSIDE_PERIOD",
                     "The service's active days " + service.active->ToString() +
                         " must lie inside the billing period " + input.period.ToString() + ".");
    }
    // One service twice for the same days, both on the premise's water usage, would bill that
    // usage twice. Twice on different days is a service stopped and started again within the
    // period; a second one with usage of its own is another meter (a sprinkler).
    for (std::size_t earlier = 0; earlier < index; ++earlier) {
      const ServiceInput& other = input.services[earlier];
      if (other.service == service.service && !other.usage_gallons && !service.usage_gallons &&
          other.active.value_or(input.period).Overlap(service.active.value_or(input.period))) {
        return Invalid(Field(index, "service"), "RATE_SERVICE_TWICE",
                       "Service \"" + service.service +
                           "\" is listed twice for the same days on the same water usage.");
      }
    }
  }
  return OkStatus();
}

std::vector<Part> SplitByVersion(const RateVersion& first, const RateBook& book,
                                 const Period& period) {
  std::vector<Part> parts;
  Date start = period.first();
  const RateVersion* current = &first;
  for (const RateVersion& version : book.versions()) {
    if (version.effective <= period.first()) continue;
    if (version.effective > period.last()) break;
    parts.push_back({current, Period::Make(start, AddDays(version.effective, -1)).value()});
    start = version.effective;
    current = &version;
  }
  parts.push_back({current, Period::Make(start, period.last()).value()});
  return parts;
}

Result<Resolved> Resolve(const RateVersion& version, const QuoteInput& input, std::size_t index) {
  const ServiceInput& service_input = input.services[index];
  Resolved resolved;
  resolved.service = version.FindService(service_input.service);
  if (resolved.service == nullptr) {
    return Invalid(Field(index, "service"), "RATE_SERVICE_UNKNOWN",
                   "Service \"" + service_input.service + "\" is not in the rate schedule " +
                       version.label + ".");
  }
  const RateClass* rate_class = resolved.service->FindClass(service_input.rate_class);
  if (rate_class == nullptr) {
    return Invalid(Field(index, "rate_class"), "RATE_CLASS_UNKNOWN",
                   "Service \"" + service_input.service + "\" has no class \"" +
                       service_input.rate_class + "\" in the rate schedule " + version.label + ".");
  }
  resolved.rate_class = rate_class;
  if (!rate_class->base.empty()) {
    resolved.base = rate_class->FindBase(service_input.meter_size);
    if (resolved.base == nullptr) {
      return Invalid(Field(index, "meter_size"), "RATE_METER_SIZE_UNKNOWN",
                     service_input.meter_size.empty()
                         ? "Class \"" + rate_class->code + "\" bills by meter size: give one."
                         : "Class \"" + rate_class->code + "\" has no base charge for a \"" +
                               service_input.meter_size + "\" meter.");
    }
  }
  if (service_input.units > rate_class->units_max) {
    return Invalid(Field(index, "units"), "RATE_UNITS_INVALID",
                   "Class \"" + rate_class->code + "\" bills at most " +
                       std::to_string(rate_class->units_max) + " " + rate_class->unit_name +
                       "(s).");
  }
  if (!rate_class->program.empty() && !HasProgram(input, rate_class->program)) {
    return Invalid("programs", "RATE_PROGRAM_REQUIRED",
                   "Class \"" + rate_class->code + "\" is only for customers in the \"" +
                       rate_class->program + "\" program.");
  }
  if ((rate_class->location == RateLocation::kInside && !input.inside_city) ||
      (rate_class->location == RateLocation::kOutside && input.inside_city)) {
    return Invalid(Field(index, "rate_class"), "RATE_LOCATION_MISMATCH",
                   "Class \"" + rate_class->code + "\" is for customers " +
                       (input.inside_city ? "outside" : "inside") + " city limits.");
  }
  if (rate_class->metered() && UsageOf(service_input, input) == nullptr) {
    return Invalid("water_usage_gallons", "RATE_USAGE_REQUIRED",
                   (rate_class->name.empty() ? rate_class->code : rate_class->name) +
                       " is billed on usage: give the water usage.");
  }
  return resolved;
}

// Days of `period` that fall in the calendar months set in `month_mask`.
int DaysInMonths(const Period& period, unsigned month_mask) {
  int days = 0;
  Date cursor = period.first();
  while (cursor <= period.last()) {
    const Date month_last{std::chrono::year_month_day_last(
        cursor.year(), std::chrono::month_day_last(cursor.month()))};
    const Date end = std::min(month_last, period.last());
    if ((month_mask & (1u << static_cast<unsigned>(cursor.month()))) != 0) {
      days += DaysBetween(cursor, end) + 1;
    }
    cursor = AddDays(end, 1);
  }
  return days;
}

Money PercentOf(Money base, const Quantity& percent, RoundingRule rule) {
  return Money::FromCents(static_cast<std::int64_t>(
      DivideRounded(static_cast<__int128>(base.cents()) * percent.numerator(),
                    static_cast<__int128>(percent.denominator()) * kPercentDivisor, rule)));
}

std::string Plural(const std::string& noun, std::int64_t count) {
  return count == 1 ? noun : noun + "s";
}

// Prices a class's charges for one service input in one version part.
class PartPricer {
 public:
  PartPricer(const QuoteInput& input, const Part& part, int months, Quote& quote)
      : input_(input), part_(part), months_(months), quote_(quote) {}

  // Adds the lines of input.services[index] and returns the months it billed (0 when it was not
  // on during this part).
  Quantity AddService(std::size_t index, const Resolved& resolved) {
    const ServiceInput& service_input = input_.services[index];
    const std::optional<Period> active =
        part_.days.Overlap(service_input.active.value_or(input_.period));
    if (!active) return Quantity();
    service_ = resolved.service;
    class_ = resolved.rate_class;
    units_ = service_input.units;
    active_days_ = active->DayCount();
    const int period_days = input_.period.DayCount();
    whole_period_ = active_days_ == period_days;
    month_factor_ = Quantity::FromInteger(months_);
    if (!whole_period_) {
      month_factor_ = month_factor_ * Quantity::FromFraction(active_days_, period_days);
    }
    multiplier_ =
        !input_.inside_city && class_->outside_multiplier ? &*class_->outside_multiplier : nullptr;
    note_ = ScaleNote(period_days);
    if (resolved.base != nullptr) AddBase(service_input, *resolved.base);
    for (const FlatCharge& flat : class_->flat) AddFlat(flat);
    if (class_->metered()) {
      const Quantity& usage = *UsageOf(service_input, input_);
      const int service_days =
          service_input.active ? service_input.active->DayCount() : period_days;
      AddUsage(active_days_ == service_days
                   ? usage
                   : usage * Quantity::FromFraction(active_days_, service_days),
               *active);
    }
    return month_factor_;
  }

  // Appends one line (and adds it to the total), priced by the part's version.
  void EmitAmount(const RateService& service, const std::string& fund, const std::string& step,
                  std::string description, std::string unit, std::optional<Quantity> quantity,
                  std::optional<UnitPrice> price, Money amount) {
    QuoteLine& line = quote_.lines.emplace_back();
    line.service = service.code;
    line.fund = fund;
    line.step = step;
    line.description = std::move(description);
    line.unit = std::move(unit);
    line.version = part_.version->label;
    line.effective = part_.version->effective;
    line.quantity = std::move(quantity);
    line.price = price;
    line.amount = amount;
    quote_.total += amount;
  }

 private:
  UnitPrice Effective(UnitPrice price) const {
    if (multiplier_ == nullptr) return price;
    return UnitPrice::FromMicros(static_cast<std::int64_t>(
        DivideRounded(static_cast<__int128>(price.micros()) * multiplier_->numerator(),
                      multiplier_->denominator(), RoundingRule::kHalfUp)));
  }

  // ", 3 months" or ", 16 of 31 days" when the line is not simply one month.
  std::string ScaleNote(int period_days) const {
    if (whole_period_) return months_ == 1 ? "" : ", " + std::to_string(months_) + " months";
    std::string note =
        ", " + std::to_string(active_days_) + " of " + std::to_string(period_days) + " days";
    if (months_ > 1) note += " of a " + std::to_string(months_) + "-month period";
    return note;
  }

  void Emit(const std::string& step, std::string description, std::string unit,
            std::optional<Quantity> quantity, std::optional<UnitPrice> price) {
    const Money amount = price->Extend(*quantity, part_.version->rounding);
    EmitAmount(*service_, service_->fund, step, std::move(description), std::move(unit),
               std::move(quantity), price, amount);
  }

  void AddBase(const ServiceInput& service_input, const MeterBase& base) {
    Quantity quantity = month_factor_;
    std::string description = "Base charge, " + service_input.meter_size + " in. meter";
    std::string unit = "month";
    if (class_->base_per_unit) {
      quantity = quantity * Quantity::FromInteger(units_);
      description += ", " + std::to_string(units_) + " " + Plural(class_->unit_name, units_);
      unit = class_->unit_name + "-month";
    }
    Emit(class_->base_step, description + note_, std::move(unit), quantity,
         Effective(base.monthly));
  }

  void AddFlat(const FlatCharge& flat) {
    if (flat.basis == FlatBasis::kAccount) {
      Emit(flat.steps[0], flat.name + note_, "month", month_factor_, Effective(flat.prices[0]));
      return;
    }
    const std::string unit = class_->unit_name + "-month";
    if (flat.basis == FlatBasis::kPerUnit) {
      const UnitPrice price = Effective(flat.prices[0]);
      Emit(flat.steps[0],
           flat.name + ", " + std::to_string(units_) + " " + Plural(class_->unit_name, units_) +
               " at " + price.Format() + " each" + note_,
           unit, month_factor_ * Quantity::FromInteger(units_), price);
      return;
    }
    const std::int64_t tiers = static_cast<std::int64_t>(flat.prices.size());
    for (std::int64_t number = 1; number <= std::min(tiers, units_); ++number) {
      const std::int64_t count = number < tiers ? 1 : units_ - number + 1;
      const UnitPrice price = Effective(flat.prices[number - 1]);
      std::string description = flat.name + ", " + class_->unit_name + " " + std::to_string(number);
      if (count > 1) description += "\u2013" + std::to_string(units_);
      description += " at " + price.Format() + (count > 1 ? " each" : "") + note_;
      Emit(flat.steps[number - 1], std::move(description), unit,
           month_factor_ * Quantity::FromInteger(count), price);
    }
  }

  void AddUsage(const Quantity& usage, const Period& active) {
    const Quantity unit_scale = Quantity::FromInteger(class_->blocks_per_unit ? units_ : 1);
    const Quantity scale = month_factor_ * unit_scale;
    const bool unscaled = scale == Quantity::FromInteger(1);
    const UsageUnit shown = class_->block_unit;
    Quantity billed = usage;
    std::string usage_note;
    if (class_->usage_percent) {
      billed = billed * *class_->usage_percent / Quantity::FromInteger(kPercentDivisor);
      usage_note = " (" + class_->usage_percent->ToString() + "% of " + FormatUsage(usage, shown) +
                   " water usage)";
    }
    if (class_->winter_average) {
      const bool has_average = input_.winter_average_gallons.has_value();
      const Quantity monthly_cap = has_average
                                       ? *input_.winter_average_gallons
                                       : class_->winter_average->default_cap_gallons * unit_scale;
      const Quantity cap = monthly_cap * month_factor_;
      const char* cap_name = has_average ? "winter average" : "new-account cap";
      if (billed > cap) {
        usage_note = " (billed on the " + std::string(cap_name) + " " + FormatUsage(cap, shown) +
                     "; water usage " + FormatUsage(billed, shown) + ")";
        billed = cap;
      } else {
        usage_note = " (water usage " + FormatUsage(billed, shown) + ", within the " + cap_name +
                     " " + FormatUsage(cap, shown) + ")";
      }
    }
    const Quantity included = class_->included_gallons * scale;
    Quantity lower;
    for (std::size_t index = 0; index < class_->blocks.size(); ++index) {
      const RateBlock& block = class_->blocks[index];
      if (billed <= lower) break;
      std::optional<Quantity> upper;
      if (block.up_to_gallons) upper = *block.up_to_gallons * scale;
      const Quantity top = upper ? std::min(billed, *upper) : billed;
      const Quantity in_block = top - lower;
      const Quantity included_here = std::max(Quantity(), std::min(top, included) - lower);
      const UnitPrice price = Effective(block.price);
      std::string description = unscaled ? block.range_text : BlockRangeText(lower, upper, shown);
      description += " at " + PricePerUnitText(price, class_->price_unit);
      if (!included_here.is_zero()) {
        description += ", " + FormatUsage(included_here, shown) + " included in the base charge";
      }
      if (index == 0) description += usage_note;
      Emit(block.step, std::move(description), UsageUnitCode(class_->price_unit),
           (in_block - included_here) / class_->gallons_per_price_unit, price);
      if (!upper) break;
      lower = *upper;
    }
    for (const SeasonalCharge& seasonal : class_->seasonal) {
      const int season_days = DaysInMonths(active, seasonal.month_mask);
      const Quantity threshold = seasonal.above_gallons * scale;
      if (season_days == 0 || billed <= threshold) continue;
      Quantity excess = billed - threshold;
      std::string description = seasonal.name + ": usage over " + FormatUsage(threshold, shown);
      if (season_days != active_days_) {
        excess = excess * Quantity::FromFraction(season_days, active_days_);
        description += ", " + std::to_string(season_days) + " of " + std::to_string(active_days_) +
                       " days in season";
      }
      const UnitPrice price = Effective(seasonal.price);
      description += " at " + PricePerUnitText(price, class_->price_unit);
      Emit(seasonal.step, std::move(description), UsageUnitCode(class_->price_unit),
           excess / class_->gallons_per_price_unit, price);
    }
  }

  const QuoteInput& input_;
  const Part& part_;
  const int months_;
  Quote& quote_;
  // The service input being priced.
  const RateService* service_ = nullptr;
  const RateClass* class_ = nullptr;
  std::int64_t units_ = 1;
  int active_days_ = 0;
  bool whole_period_ = true;
  Quantity month_factor_;
  const Quantity* multiplier_ = nullptr;
  std::string note_;
};

ServiceTotal* FindTotal(std::vector<ServiceTotal>& totals, std::string_view service_code) {
  for (ServiceTotal& total : totals) {
    if (total.service->code == service_code) return &total;
  }
  return nullptr;
}

// The part's discounts for current programs, then its taxes, one line per named service that has
// charges in the part.
void AddDiscountsAndTaxes(const QuoteInput& input, const RateVersion& version,
                          std::vector<ServiceTotal>& totals, PartPricer& pricer) {
  for (const Discount& discount : version.discounts) {
    if (!HasProgram(input, discount.program)) continue;
    for (const std::string& code : discount.services) {
      ServiceTotal* total = FindTotal(totals, code);
      if (total == nullptr || total->charges.cents() <= 0) continue;
      Money amount;
      std::string description = discount.name + ": ";
      if (discount.percent) {
        amount = PercentOf(total->charges, *discount.percent, version.rounding);
        description += discount.percent->ToString() + "% of " + total->charges.Format();
      } else {
        amount = std::min(total->charges,
                          discount.monthly_amount->Extend(total->months, version.rounding));
        description += discount.monthly_amount->Format() + " a month";
      }
      total->charges -= amount;
      pricer.EmitAmount(*total->service, total->service->fund, code + ".discount." + discount.code,
                        std::move(description), "", std::nullopt, std::nullopt, -amount);
    }
  }
  for (const Tax& tax : version.taxes) {
    for (const std::string& code : tax.services) {
      const ServiceTotal* total = FindTotal(totals, code);
      if (total == nullptr || total->charges.cents() <= 0) continue;
      pricer.EmitAmount(
          *total->service, tax.fund.empty() ? total->service->fund : tax.fund,
          code + ".tax." + tax.code,
          tax.name + ": " + tax.percent.ToString() + "% of " + total->charges.Format(), "",
          std::nullopt, std::nullopt, PercentOf(total->charges, tax.percent, version.rounding));
    }
  }
}

}  // namespace

Result<Quote> QuoteBill(const RateBook& book, const QuoteInput& input) {
  CISTERN_RETURN_IF_ERROR(CheckInput(input));
  const RateVersion* first = book.InEffectOn(input.period.first());
  if (first == nullptr) {
    return Invalid("period", "RATE_NO_VERSION",
                   "No rate schedule is in effect on " + FormatDate(input.period.first()) + ".");
  }
  const std::vector<Part> parts = SplitByVersion(*first, book, input.period);
  const int months = BillingMonths(input.period);

  Quote quote;
  quote.lines.reserve(parts.size() * (input.services.size() * 4 + 2));
  std::vector<Resolved> resolved(input.services.size());
  std::vector<ServiceTotal> totals;
  totals.reserve(input.services.size());
  for (const Part& part : parts) {
    // A service is looked up only in the versions of the parts it was on for, so a class a
    // later version dropped can still bill the days before the change.
    for (std::size_t index = 0; index < input.services.size(); ++index) {
      const ServiceInput& service = input.services[index];
      if (!part.days.Overlap(service.active.value_or(input.period))) {
        resolved[index] = Resolved();
        continue;
      }
      CISTERN_ASSIGN_OR_RETURN(resolved[index], Resolve(*part.version, input, index));
    }
    PartPricer pricer(input, part, months, quote);
    totals.clear();
    for (std::size_t index = 0; index < input.services.size(); ++index) {
      if (resolved[index].service == nullptr) continue;  // not on during this part
      const std::size_t first_line = quote.lines.size();
      const Quantity billed_months = pricer.AddService(index, resolved[index]);
      Money charges;
      for (std::size_t line = first_line; line < quote.lines.size(); ++line) {
        charges += quote.lines[line].amount;
      }
      ServiceTotal* total = FindTotal(totals, resolved[index].service->code);
      if (total == nullptr) {
        totals.push_back({resolved[index].service, charges, billed_months});
      } else {
        total->charges += charges;
        total->months = std::max(total->months, billed_months);
      }
    }
    AddDiscountsAndTaxes(input, *part.version, totals, pricer);
  }
  return quote;
}

}  // namespace cistern
