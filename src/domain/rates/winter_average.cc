#include "domain/rates/winter_average.h"

#include <algorithm>
#include <string>

namespace cistern {
namespace {

constexpr int kMonthsInYear = 12;

bool ValidMonth(int month) { return month >= 1 && month <= kMonthsInYear; }

// The number of months the rule averages before dropping: `lowest`, or every listed month.
int KeptCount(const WinterAverageRule& rule) {
  return rule.lowest == 0 ? static_cast<int>(rule.months.size()) : rule.lowest;
}

}  // namespace

Status ValidateWinterAverageRule(const WinterAverageRule& rule, const std::string& field) {
  if (rule.months.empty() || rule.months.size() > kMonthsInYear) {
    return Error::InvalidArgument(field + ".months", "WINTER_AVERAGE_MONTHS_INVALID",
                                  "List from 1 to 12 calendar months (1 = January).");
  }
  unsigned seen = 0;
  for (int month : rule.months) {
    if (!ValidMonth(month) || (seen & (1u << month)) != 0) {
      return Error::InvalidArgument(field + ".months", "WINTER_AVERAGE_MONTHS_INVALID",
                                    "Months are numbers from 1 to 12, each listed once.");
    }
    seen |= 1u << month;
  }
  if (rule.lowest < 0 || rule.lowest > static_cast<int>(rule.months.size())) {
    return Error::InvalidArgument(field + ".lowest", "WINTER_AVERAGE_LOWEST_INVALID",
                                  "\"lowest\" is at most the number of months listed.");
  }
  if (rule.drop_lowest < 0 || rule.drop_lowest >= KeptCount(rule)) {
    return Error::InvalidArgument(field + ".drop_lowest", "WINTER_AVERAGE_DROP_INVALID",
                                  "\"drop_lowest\" must leave at least one month to average.");
  }
  if (!ValidMonth(rule.recompute_month)) {
    return Error::InvalidArgument(field + ".recompute_month", "WINTER_AVERAGE_MONTHS_INVALID",
                                  "The recompute month is a number from 1 to 12.");
  }
  if (rule.default_cap_gallons.is_negative()) {
    return Error::InvalidArgument(field + ".default_cap", "WINTER_AVERAGE_CAP_INVALID",
                                  "The default cap cannot be negative.");
  }
  return OkStatus();
}

MonthWindow WinterAverageWindow(const WinterAverageRule& rule, std::chrono::year year) {
  const std::chrono::year_month recompute{year, std::chrono::month(rule.recompute_month)};
  return {recompute - std::chrono::years(1), recompute - std::chrono::months(1)};
}

bool IsWinterAverageRecomputeMonth(const WinterAverageRule& rule, std::chrono::month month) {
  return static_cast<unsigned>(month) == static_cast<unsigned>(rule.recompute_month);
}

Result<Quantity> ComputeWinterAverage(const WinterAverageRule& rule,
                                      const std::vector<MonthUsage>& usages) {
  unsigned listed = 0;
  for (int month : rule.months) listed |= 1u << month;
  unsigned seen = 0;
  std::vector<Quantity> candidates;
  candidates.reserve(kMonthsInYear);
  for (const MonthUsage& usage : usages) {
    if (usage.gallons.is_negative()) {
      return Error::InvalidArgument("usages", "USAGE_NEGATIVE",
                                    "A month's water usage cannot be negative.");
    }
    const unsigned month = static_cast<unsigned>(usage.month.month());
    if ((seen & (1u << month)) != 0) {
      return Error::InvalidArgument(
          "usages", "WINTER_AVERAGE_MONTH_REPEATED",
          "The history holds the same calendar month twice; pass at most twelve months.");
    }
    seen |= 1u << month;
    if ((listed & (1u << month)) != 0) candidates.push_back(usage.gallons);
  }
  const int kept = KeptCount(rule);
  if (static_cast<int>(candidates.size()) < kept) {
    return Error::InvalidArgument("usages", "WINTER_AVERAGE_HISTORY_SHORT",
                                  "The account has " + std::to_string(candidates.size()) +
                                      " of the " + std::to_string(kept) +
                                      " months the winter average needs.");
  }
  std::sort(candidates.begin(), candidates.end());
  Quantity sum;
  for (int index = rule.drop_lowest; index < kept; ++index) sum += candidates[index];
  return sum / Quantity::FromInteger(kept - rule.drop_lowest);
}

}  // namespace cistern
