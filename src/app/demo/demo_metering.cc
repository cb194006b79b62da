#include "app/demo/demo_metering.h"

#include <algorithm>

#include "app/service_orders.h"
#include "domain/metering/reading_check.h"

namespace cistern {
namespace {

using std::chrono::months;
using std::chrono::year_month;

Date LastDayOf(year_month month) { return Date{month / std::chrono::last}; }

// Typical gallons a month, before the season.
std::int64_t BaseGallons(DemoRandom& random, const Premise& premise) {
  switch (premise.type) {
    case PremiseType::kSingleFamily:
      return 3000 + random.Below(5000);
    case PremiseType::kMultiFamily:
      return (2500 + random.Below(2000)) * premise.unit_count;
    case PremiseType::kCommercial:
      return 12000 + random.Below(30000);
    case PremiseType::kIndustrial:
      return 40000 + random.Below(80000);
    case PremiseType::kInstitutional:
      return 20000 + random.Below(40000);
    case PremiseType::kIrrigation:
      return 1000 + random.Below(2000);
  }
  return 5000;
}

// Oklahoma summers water lawns: June to September use more, winters less.
int SeasonPercent(unsigned month, bool irrigation) {
  static const int kHouse[12] = {85, 85, 90, 95, 105, 130, 160, 165, 135, 105, 90, 85};
  static const int kSprinkler[12] = {10, 10, 30, 90, 200, 400, 600, 600, 400, 150, 40, 10};
  return (irrigation ? kSprinkler : kHouse)[month - 1];
}

std::string MeterSize(const Premise& premise) {
  switch (premise.type) {
    case PremiseType::kSingleFamily:
      return "5/8";
    case PremiseType::kMultiFamily:
      return premise.unit_count > 8 ? "2" : "1";
    case PremiseType::kCommercial:
    case PremiseType::kInstitutional:
      return "1.5";
    case PremiseType::kIndustrial:
      return "2";
    case PremiseType::kIrrigation:
      return "1";
  }
  return "5/8";
}

struct DemoService {
  const char* service;
  const char* rate_class;
  std::int64_t units;
};

std::vector<DemoService> ServicesFor(DemoRandom& random, const Premise& premise) {
  const bool outside = premise.city_limits == CityLimits::kOutside;
  switch (premise.type) {
    case PremiseType::kSingleFamily:
      return {{"water", outside ? "outside_city" : "residential", 1},
              {"sewer", "residential", 1},
              {"sanitation", "residential", random.Percent(85) ? 1 : 2},
              {"stormwater", "residential", 1}};
    case PremiseType::kMultiFamily:
      return {{"water", outside ? "outside_city" : "multi_family", premise.unit_count},
              {"sewer", "multi_family", premise.unit_count},
              {"sanitation", "residential", std::min(4, premise.unit_count)},
              {"stormwater", "residential", premise.unit_count}};
    case PremiseType::kCommercial:
    case PremiseType::kIndustrial:
    case PremiseType::kInstitutional:
      return {{"water", outside ? "outside_city" : "commercial", 1},
              {"sewer", "commercial", 1},
              {"sanitation", "commercial", random.Between(1, 6)},
              {"stormwater", "commercial", random.Between(2, 12)}};
    case PremiseType::kIrrigation:
      // The sprinkler class is for inside the city; outside, irrigation pays the outside rates.
      return {{"water", outside ? "outside_city" : "sprinkler", 1},
              {"stormwater", "commercial", 1}};
  }
  return {};
}

// --- Deliberate rate misfits, for the rate audit report (docs/console.md, "Rate audit") ------
// Real books always hold a few: one inside-city single-family account in 50 is on the
// commercial water class (it bills, at commercial prices). Picked by account number rather than
// drawn from the random stream, so the rest of the city is the same as without them. No
// location misfits: quoting refuses a class outside its location, so the billing run would hold
// those accounts every month.
const char* DemoRateClass(const Account& account, const Premise& premise,
                          const DemoService& service) {
  const bool misfit =
      std::string_view(service.service) == "water" && premise.type == PremiseType::kSingleFamily &&
      premise.city_limits == CityLimits::kInside && account.number.sequence() % 50 == 37;
  return misfit ? "commercial" : service.rate_class;
}

}  // namespace

Date DemoHistoryStart(Date as_of, int history_months) {
  const year_month current{as_of.year(), as_of.month()};
  return Date{(current - months(history_months)) / std::chrono::day{1}};
}

Status WriteDemoMetering(const AppContext& context, Transaction& transaction, DemoRandom& random,
                         const Account& account, const Premise& premise, Date as_of,
                         int history_months, DemoReadings& readings, DemoMeteringStats& stats) {
  if (account.status == AccountStatus::kClosed) return OkStatus();
  const Date history_start = DemoHistoryStart(as_of, history_months);
  // Service starts when the account opened (or, for old accounts, before the history).
  const Date starts_on = std::max(account.opened_on, AddDays(history_start, -1));
  std::optional<Date> ends_on = account.closed_on;
  if (ends_on && *ends_on < starts_on) return OkStatus();  // stopped before the history
  for (const DemoService& service : ServicesFor(random, premise)) {
    ServiceRecord record;
    record.account_id = account.id;
    record.service = service.service;
    record.rate_class = DemoRateClass(account, premise, service);  // see DemoRateClass
    record.units = service.units;
    record.starts_on = account.status == AccountStatus::kPending ? account.opened_on : starts_on;
    record.ends_on = ends_on;
    CISTERN_RETURN_IF_ERROR(transaction.metering().InsertService(record));
    ++stats.services;
  }

  Meter meter;
  meter.serial = "M" + std::to_string(10000000 + account.number.sequence());
  meter.make = random.Percent(60) ? "Badger" : (random.Percent(50) ? "Neptune" : "Sensus");
  meter.model =
      meter.make == "Badger" ? "Recordall M25" : (meter.make == "Neptune" ? "T-10" : "iPERL");
  meter.size = MeterSize(premise);
  meter.dials = 6;
  meter.multiplier =
      premise.type == PremiseType::kSingleFamily || premise.type == PremiseType::kIrrigation ? 1
                                                                                             : 10;
  meter.unit = UsageUnit::kGallon;
  CISTERN_ASSIGN_OR_RETURN(meter.id, transaction.metering().InsertMeter(meter));
  ++stats.meters;
  const Instant entered = context.city_zone.StartOfLocalDay(starts_on) + std::chrono::hours(10);
  Reading install;
  install.meter_id = meter.id;
  install.read_on = starts_on;
  // Some registers are close to the top, so the demo has real rollovers.
  install.value =
      random.Percent(3) ? meter.RegisterLimit() - 1 - random.Below(20000) : random.Below(400000);
  install.kind = ReadingKind::kInstall;
  install.status = ReadingStatus::kReady;
  install.source = "install";
  CISTERN_ASSIGN_OR_RETURN(install.id,
                           transaction.metering().InsertReading(install, entered, UserId()));
  MeterInstall placed;
  placed.meter_id = meter.id;
  placed.premise_id = premise.id;
  placed.route_sequence = static_cast<int>(account.number.sequence() % 100000) + 1;
  placed.installed_on = starts_on;
  placed.install_reading_id = install.id;
  CISTERN_RETURN_IF_ERROR(transaction.metering().InsertInstall(placed));
  ++stats.readings;
  if (account.status == AccountStatus::kPending) {
    // A move-in waiting for its turn-on: the start request and the field's turn-on order, as
    // the start-service flow leaves them, so that completing the order starts the service.
    ServiceOrderRequest order;
    order.type = ServiceOrderType::kTurnOn;
    order.account = account.id;
    order.premise = premise.id;
    order.requested_on = as_of;
    // Someone must be there to sign the waiver: a morning or an afternoon window.
    order.window =
        account.number.sequence() % 2 == 0 ? ServiceWindow::kMorning : ServiceWindow::kAfternoon;
    order.remarks = "Move-in";
    const Caller office{UserId(), Role::kCsr, "Demo office"};
    CISTERN_ASSIGN_OR_RETURN(ServiceOrder created,
                             CreateServiceOrderIn(context, transaction, office, order));
    LifecycleRequest start;
    start.kind = LifecycleKind::kStart;
    start.status = LifecycleStatus::kOpen;
    start.account_id = account.id;
    start.premise_id = premise.id;
    start.requested_on = starts_on;
    start.order_id = created.id;
    start.created_at = context.city_zone.StartOfLocalDay(account.opened_on) + std::chrono::hours(9);
    CISTERN_ASSIGN_OR_RETURN(start.id, transaction.lifecycle().Insert(start));
    return OkStatus();
  }

  // A reading at the end of each month the account was open, through last month.
  const std::int64_t base = BaseGallons(random, premise);
  std::int64_t value = install.value;
  Date read_before = starts_on;  // the reading each month's usage runs from
  const year_month first{history_start.year(), history_start.month()};
  const year_month current{as_of.year(), as_of.month()};
  for (year_month month = first; month < current; month += months(1)) {
    // A stopped account's last reading is its final read, on the day service ended, so that the
    // cycle run of that month bills the days up to it (prorated).
    const bool final_read =
        ends_on && *ends_on < LastDayOf(month) && *ends_on >= Date{month / std::chrono::day{1}};
    const Date read_on = final_read ? *ends_on : LastDayOf(month);
    if (read_on <= starts_on) continue;
    if (ends_on && read_on > *ends_on) break;
    const int season = SeasonPercent(static_cast<unsigned>(month.month()),
                                     premise.type == PremiseType::kIrrigation);
    std::int64_t gallons = base * season / 100 * (85 + random.Below(31)) / 100;
    // A month read over fewer days (the account started during it) used that much less water.
    const int month_days = static_cast<int>(static_cast<unsigned>(LastDayOf(month).day()));
    const int days_read = DaysBetween(read_before, read_on);
    if (days_read < month_days) gallons = gallons * days_read / month_days;
    read_before = read_on;
    const bool newest = month + months(1) == current;
    // A few of the newest readings look wrong and wait for a person in the exceptions queue.
    const int draw = random.Below(1000);
    const bool held = newest && draw < 6;
    if (held && draw < 3) gallons *= 6;  // a leak, or a misread
    if (held && draw >= 3) gallons = 0;  // a stuck register
    const std::int64_t steps = gallons / meter.multiplier;
    value = (value + steps) % meter.RegisterLimit();
    Reading reading;
    reading.meter_id = meter.id;
    reading.read_on = read_on;
    reading.value = value;
    reading.kind = ReadingKind::kActual;
    reading.status = held ? ReadingStatus::kHeld : ReadingStatus::kReady;
    reading.source = "import:route-" + premise.route + ".csv";
    reading.reader = "R" + std::to_string(10 + random.Below(8));
    const Instant uploaded =
        context.city_zone.StartOfLocalDay(AddDays(read_on, 1)) + std::chrono::hours(7);
    ++stats.readings;
    std::optional<ReadingException> exception;
    if (held) {
      exception.emplace();
      exception->kind =
          gallons == 0 ? ReadingExceptionKind::kZeroUsage : ReadingExceptionKind::kHighUsage;
      exception->meter_id = meter.id;
      exception->meter_serial = meter.serial;
      exception->route = premise.route;
      exception->read_on = read_on;
      exception->value = value;
      exception->detail = gallons == 0
                              ? "No usage in the month on an active account."
                              : FormatGallons(Quantity::FromInteger(gallons)) +
                                    " in the month, about six times the account's average.";
      exception->source = reading.source;
      exception->raised_at =
          context.city_zone.StartOfLocalDay(AddDays(read_on, 1)) + std::chrono::hours(7);
      ++stats.held_readings;
    }
    readings.pending.push_back({std::move(reading), uploaded, std::move(exception)});
  }
  return OkStatus();
}

Status FlushDemoReadings(Transaction& transaction, DemoReadings& readings) {
  std::stable_sort(readings.pending.begin(), readings.pending.end(),
                   [](const DemoReadings::Pending& a, const DemoReadings::Pending& b) {
                     return a.reading.read_on < b.reading.read_on;
                   });
  for (DemoReadings::Pending& pending : readings.pending) {
    CISTERN_ASSIGN_OR_RETURN(pending.reading.id, transaction.metering().InsertReading(
                                                     pending.reading, pending.uploaded, UserId()));
    if (pending.exception) {
      pending.exception->reading_id = pending.reading.id;
      CISTERN_RETURN_IF_ERROR(transaction.metering().InsertException(*pending.exception));
    }
  }
  readings.pending.clear();
  return OkStatus();
}

}  // namespace cistern
