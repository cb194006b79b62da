#include "app/bill_plan.h"

#include <algorithm>
#include <map>

#include "domain/rates/quote.h"
#include "domain/rates/winter_average.h"

namespace cistern {
namespace {

void Flag(BillPlan& plan, const AccountToBill& account, RunExceptionKind kind, std::string detail) {
  plan.exceptions.push_back({account.account_id, account.number.text(), kind, std::move(detail)});
  if (RunExceptionBlocks(kind)) plan.billable = false;
}

std::string DateText(Date date) { return FormatDate(date); }

// The sewer class's winter-average rule, when the account's sewer service has one.
const WinterAverageRule* WinterRule(const RateVersion& version, const AccountToBill& account) {
  for (const ServiceRecord& service : account.services) {
    const RateService* rate_service = version.FindService(service.service);
    if (rate_service == nullptr) continue;
    const RateClass* rate_class = rate_service->FindClass(service.rate_class);
    if (rate_class != nullptr && rate_class->winter_average) return &*rate_class->winter_average;
  }
  return nullptr;
}

// Whether a service of the account was already on the day before `day` (services come loaded
// only when on during the period, so one that started earlier ran up to it).
bool ServedBefore(const AccountToBill& account, Date day) {
  for (const ServiceRecord& service : account.services) {
    if (service.starts_on < day) return true;
  }
  return false;
}

}  // namespace

BillPlan PlanBill(const RateBook& book, const BillingSettings& settings,
                  const AccountToBill& account, const BillDates& dates) {
  BillPlan plan;
  plan.billable = true;
  Bill& bill = plan.bill;
  bill.run_id = dates.run_id;
  bill.account_id = account.account_id;
  bill.period_first = dates.period.first();
  bill.period_last = dates.period.last();
  bill.bill_date = dates.bill_date;
  bill.due_date = dates.due_date;
  bill.late_after = dates.due_date;

  if (account.services.empty()) {
    // No service was on during the period: it starts later, or it stopped before.
    plan.billable = false;
    plan.nothing_to_bill = true;
    return plan;
  }
  if (!dates.final_bill) {
    if ((account.previous_period_last && *account.previous_period_last >= dates.period.last()) ||
        (account.stopped_on && *account.stopped_on <= dates.period.last())) {
      // Billed through this period already (a final bill reaches past the stop date), or the
      // stop's final bill covers it.
      plan.billable = false;
      plan.nothing_to_bill = true;
      return plan;
    }
    if (account.pending_stop_on && *account.pending_stop_on <= dates.period.last()) {
      Flag(plan, account, RunExceptionKind::kAwaitingFinalRead,
           "Service stops on " + DateText(*account.pending_stop_on) +
               "; the final bill is posted when the final read is in.");
      return plan;
    }
  }
  // The period billed: the run's, reaching back to the day after the account's last bill when a
  // period between them was never billed (its run held the account back and posted without it,
  // and its reading can no longer be had). Billing only the run's period would lose that one's
  // charges for good and bill its usage as one month's; the catch-up bill prices both, prorated
  // like any period, and says so.
  Period period = dates.period;
  const Date unbilled_from = account.previous_period_last
                                 ? AddDays(*account.previous_period_last, 1)
                                 : dates.period.first();
  if (!dates.final_bill && unbilled_from < dates.period.first() &&
      ServedBefore(account, dates.period.first())) {
    period = *Period::Make(unbilled_from, dates.period.last());
    bill.period_first = period.first();
  }
  const RateVersion* version = book.InEffectOn(period.first());
  if (version == nullptr) {
    Flag(plan, account, RunExceptionKind::kRateProblem,
         "No rates are in effect on " + DateText(period.first()) + ".");
    return plan;
  }

  // Usage: each meter from the reading its last bill ended on to its newest ready reading.
  bool metered_service = false;
  std::string meter_size;
  for (const ServiceRecord& service : account.services) {
    const RateService* rate_service = version->FindService(service.service);
    const RateClass* rate_class =
        rate_service == nullptr ? nullptr : rate_service->FindClass(service.rate_class);
    if (rate_class != nullptr && rate_class->metered()) metered_service = true;
  }
  Quantity usage;
  for (const MeterToBill& meter : account.meters) {
    // Meters come in id order: the newest meter's size prices the base charge.
    if (!meter.meter.size.empty()) meter_size = meter.meter.size;
    const bool has_new =
        meter.previous && meter.current && meter.current->read_on > meter.previous->read_on;
    if (!has_new) {
      if (metered_service) {
        Flag(plan, account,
             meter.held_reading ? RunExceptionKind::kHeldReading : RunExceptionKind::kNoReading,
             meter.held_reading
                 ? "Meter " + meter.meter.serial + ": the reading waits in the exceptions queue."
                 : "Meter " + meter.meter.serial + ": no new reading since " +
                       (meter.previous ? DateText(meter.previous->read_on) : "it was set") + ".");
      }
      continue;
    }
    std::int64_t steps = meter.current->value - meter.previous->value;
    if (steps < 0) {
      // Accepted readings below the previous one are rollovers (the check held the rest) or
      // the true-up of an over-estimate, which bills no usage this time.
      steps =
          meter.previous->kind == ReadingKind::kEstimated ? 0 : steps + meter.meter.RegisterLimit();
    }
    const Quantity gallons = meter.meter.UsageOf(steps).ConvertTo(UsageUnit::kGallon).amount;
    usage += gallons;
    BillReading reading;
    reading.meter_id = meter.meter.id;
    reading.previous_reading_id = meter.previous->id;
    reading.current_reading_id = meter.current->id;
    reading.usage_gallons = gallons;
    reading.meter_serial = meter.meter.serial;
    reading.previous_read_on = meter.previous->read_on;
    reading.previous_value = meter.previous->value;
    reading.current_read_on = meter.current->read_on;
    reading.current_value = meter.current->value;
    reading.estimated = meter.current->kind == ReadingKind::kEstimated;
    if (reading.estimated) {
      Flag(plan, account, RunExceptionKind::kEstimated,
           "Meter " + meter.meter.serial + " is billed on an estimated reading.");
    }
    bill.estimated = bill.estimated || reading.estimated;
    bill.readings.push_back(std::move(reading));
  }
  if (metered_service && account.meters.empty()) {
    Flag(plan, account, RunExceptionKind::kNoMeter, "A metered service has no meter set.");
  }
  if (!plan.billable) return plan;  // held back: the catch-up below waits with it
  if (period.first() < dates.period.first()) {
    Flag(plan, account, RunExceptionKind::kMissedPeriod,
         "Never billed for " + DateText(period.first()) + " to " +
             DateText(AddDays(dates.period.first(), -1)) + ": this bill covers " +
             DateText(period.first()) + " to " + DateText(period.last()) + ".");
  }
  bill.usage_gallons = usage;

  // The winter average, recomputed once a year in the rule's month.
  std::optional<Quantity> winter_average = account.winter_average_gallons;
  if (const WinterAverageRule* rule = WinterRule(*version, account)) {
    const std::chrono::year_month_day last = period.last();
    if (IsWinterAverageRecomputeMonth(*rule, last.month())) {
      const MonthWindow window = WinterAverageWindow(*rule, last.year());
      std::vector<MonthUsage> months;
      for (const BillUsage& past : account.usage_history) {
        const std::chrono::year_month month{past.period_last.year(), past.period_last.month()};
        if (month < window.first || month > window.last) continue;
        if (!months.empty() && months.back().month == month) {
          months.back().gallons += past.usage_gallons;  // a rebill month counts once
          continue;
        }
        months.push_back({month, past.usage_gallons});
      }
      auto average = ComputeWinterAverage(*rule, months);
      if (average.ok()) {
        winter_average = *average;
        plan.new_winter_average = *average;
        plan.winter_average_months = static_cast<int>(months.size());
      }
    }
  }

  QuoteInput input{
      period,          account.city_limits == CityLimits::kInside, {}, usage, winter_average,
      account.programs};
  for (const ServiceRecord& service : account.services) {
    ServiceInput item;
    item.service = service.service;
    item.rate_class = service.rate_class;
    item.units = service.units;
    const RateService* rate_service = version->FindService(service.service);
    const RateClass* rate_class =
        rate_service == nullptr ? nullptr : rate_service->FindClass(service.rate_class);
    if (rate_class != nullptr && !rate_class->base.empty()) item.meter_size = meter_size;
    const Date first = std::max(service.starts_on, period.first());
    const Date last = service.ends_on ? std::min(*service.ends_on, period.last()) : period.last();
    if (first != period.first() || last != period.last()) {
      auto active = Period::Make(first, last);
      if (active.ok()) item.active = *active;
    }
    input.services.push_back(std::move(item));
  }
  auto quote = QuoteBill(book, input);
  if (!quote.ok()) {
    Flag(plan, account, RunExceptionKind::kRateProblem,
         quote.error().message +
             (quote.error().field.empty() ? "" : " (" + quote.error().field + ")"));
    return plan;
  }

  std::map<std::string, Money> by_fund;
  std::vector<std::string> fund_order;
  for (QuoteLine& line : quote->lines) {
    if (!by_fund.count(line.fund)) fund_order.push_back(line.fund);
    by_fund[line.fund] += line.amount;
    BillLine bill_line;
    bill_line.service = std::move(line.service);
    bill_line.fund = line.fund;
    bill_line.step = std::move(line.step);
    bill_line.description = std::move(line.description);
    bill_line.quantity = line.quantity;
    bill_line.unit = std::move(line.unit);
    bill_line.price = line.price;
    bill_line.amount = line.amount;
    bill_line.version = std::move(line.version);
    bill.lines.push_back(std::move(bill_line));
  }
  for (const std::string& fund : fund_order) {
    if (by_fund[fund].cents() != 0) plan.charges_by_fund.push_back({fund, by_fund[fund]});
  }

  bill.current_charges = quote->total;
  bill.previous_balance = account.previous_total_due.value_or(Money());
  bill.payments = account.payments_since;
  bill.adjustments = account.balance_since - account.payments_since;
  bill.total_due = bill.previous_balance + bill.payments + bill.adjustments + bill.current_charges;
  bill.late_amount = LateAmount(settings, bill.total_due);

  if (bill.current_charges.cents() == 0) {
    Flag(plan, account, RunExceptionKind::kZeroBill, "No current charges.");
  }
  if (bill.total_due.cents() < 0) {
    Flag(plan, account, RunExceptionKind::kCreditBill,
         "The account has a credit of " + (-bill.total_due).Format() + ".");
  }
  if (account.recent_bills >= 3) {
    const std::int64_t average = account.recent_charges.cents() / account.recent_bills;
    if (average > 0 &&
        bill.current_charges.cents() * 100 > average * settings.bill_far_above_percent) {
      Flag(plan, account, RunExceptionKind::kFarAboveHistory,
           "Current charges " + bill.current_charges.Format() + " against an average of " +
               Money::FromCents(average).Format() + ".");
    }
  }
  return plan;
}

}  // namespace cistern
