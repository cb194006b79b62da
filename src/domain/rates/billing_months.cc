#include "domain/rates/billing_months.h"

#include <algorithm>

#include "core/rounding.h"

namespace cistern {
namespace {

// An average month is 30.4375 days = 487 / 16 days.
constexpr int kSixteenthsPerDay = 16;
constexpr int kSixteenthDaysPerMonth = 487;

}  // namespace

int BillingMonths(const Period& period) {
  const __int128 months =
      DivideRounded(static_cast<__int128>(period.DayCount()) * kSixteenthsPerDay,
                    kSixteenthDaysPerMonth, RoundingRule::kHalfUp);
  return std::max(1, static_cast<int>(months));
}

}  // namespace cistern
