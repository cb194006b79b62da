#include "domain/billing/billing_rules.h"

#include <chrono>

namespace cistern {

Status ValidateBillingSettings(const BillingSettings& settings) {
  if (settings.due_days < 1 || settings.due_days > 90) {
    return Error::InvalidArgument("due_days", "CONFIG_INVALID",
                                  "due_days is a whole number of days from 1 to 90.");
  }
  if (settings.late_fee_percent.is_negative() ||
      settings.late_fee_percent > Quantity::FromInteger(25)) {
    return Error::InvalidArgument("late_fee_percent", "CONFIG_INVALID",
                                  "late_fee_percent is from 0 to 25.");
  }
  if (settings.bill_far_above_percent < 100) {
    return Error::InvalidArgument("bill_far_above_percent", "CONFIG_INVALID",
                                  "bill_far_above_percent is at least 100.");
  }
  if (settings.reading_limits.high_percent < 100) {
    return Error::InvalidArgument("readings.high_percent", "CONFIG_INVALID",
                                  "readings.high_percent is at least 100.");
  }
  if (settings.reading_limits.low_percent < 0 || settings.reading_limits.low_percent >= 100) {
    return Error::InvalidArgument("readings.low_percent", "CONFIG_INVALID",
                                  "readings.low_percent is from 0 to 99.");
  }
  if (settings.chunk_accounts < 100 || settings.chunk_accounts > 50000) {
    return Error::InvalidArgument("chunk_accounts", "CONFIG_INVALID",
                                  "chunk_accounts is from 100 to 50,000.");
  }
  if (settings.preview_plans_kept < 0 || settings.preview_plans_kept > 1000000) {
    return Error::InvalidArgument("preview_plans_kept", "CONFIG_INVALID",
                                  "preview_plans_kept is from 0 to 1,000,000.");
  }
  return OkStatus();
}

Date DueDate(const BillingSettings& settings, Date bill_date) {
  Date due = AddDays(bill_date, settings.due_days);
  if (settings.due_on_weekday) {
    const std::chrono::weekday day{std::chrono::sys_days(due)};
    if (day == std::chrono::Saturday) due = AddDays(due, 2);
    if (day == std::chrono::Sunday) due = AddDays(due, 1);
  }
  return due;
}

Money LateAmount(const BillingSettings& settings, Money total_due) {
  if (total_due.cents() <= 0) return total_due;
  const Quantity fee = Quantity::FromInteger(total_due.cents()) * settings.late_fee_percent /
                       Quantity::FromInteger(100);
  return total_due + Money::FromCents(fee.RoundTo(0, RoundingRule::kHalfUp).numerator());
}

}  // namespace cistern
