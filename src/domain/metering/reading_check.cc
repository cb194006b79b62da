#include "domain/metering/reading_check.h"

#include "core/check.h"
#include "core/text.h"

namespace cistern {
namespace {

struct KindInfo {
  ReadingExceptionKind kind;
  const char* code;
  const char* name;
};

constexpr KindInfo kKinds[] = {
    {ReadingExceptionKind::kLowerThanPrevious, "lower_than_previous",
     "Lower than previous reading"},
    {ReadingExceptionKind::kZeroUsage, "zero_usage", "Zero usage on an occupied account"},
    {ReadingExceptionKind::kHighUsage, "high_usage", "Usage far above average"},
    {ReadingExceptionKind::kLowUsage, "low_usage", "Usage far below average"},
    {ReadingExceptionKind::kMissing, "missing", "No reading for a meter on the route"},
    {ReadingExceptionKind::kUnknownMeter, "unknown_meter", "Unknown meter"},
    {ReadingExceptionKind::kDuplicate, "duplicate", "Duplicate reading"},
};

}  // namespace

const char* ReadingExceptionKindCode(ReadingExceptionKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info.code;
  }
  return "missing";
}

const char* ReadingExceptionKindName(ReadingExceptionKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info.name;
  }
  return "";
}

std::optional<ReadingExceptionKind> ParseReadingExceptionKind(std::string_view code) {
  for (const KindInfo& info : kKinds) {
    if (code == info.code) return info.kind;
  }
  return std::nullopt;
}

std::string FormatGallons(const Quantity& gallons) {
  const Quantity whole = gallons.RoundTo(0, RoundingRule::kHalfUp);
  return FormatGroupedInteger(whole.numerator()) + " gal";
}

Result<ReadingCheck> CheckReading(const ReadingCheckInput& input, const ReadingLimits& limits) {
  const std::int64_t limit = input.meter.RegisterLimit();
  if (input.value < 0 || input.value >= limit) {
    return Error::InvalidArgument("value", "READING_OUT_OF_RANGE",
                                  "A reading on a " + std::to_string(input.meter.dials) +
                                      "-dial register is from 0 to " +
                                      FormatGroupedInteger(limit - 1) + ".");
  }
  if (input.read_on <= input.previous_read_on) {
    return Error::InvalidArgument("read_on", "READING_NOT_AFTER_PREVIOUS",
                                  "A reading must be dated after the previous reading (" +
                                      FormatDate(input.previous_read_on) + ").");
  }
  ReadingCheck check;
  const int days = DaysBetween(input.previous_read_on, input.read_on);
  check.register_steps = input.value - input.previous_value;
  if (check.register_steps < 0) {
    const bool previous_high = input.previous_value >= limit - limit / 10;
    const bool current_low = input.value < limit / 10;
    if (previous_high && current_low && !input.previous_estimated) {
      check.register_steps += limit;
      check.rolled_over = true;
    } else {
      check.usage_gallons =
          input.meter.UsageOf(check.register_steps).ConvertTo(UsageUnit::kGallon).amount;
      check.exception = ReadingExceptionKind::kLowerThanPrevious;
      check.detail = "Reading " + FormatGroupedInteger(input.value) + " is below the previous " +
                     FormatGroupedInteger(input.previous_value) +
                     (input.previous_estimated ? " (an estimate)." : " and is not a rollover.");
      return check;
    }
  }
  check.usage_gallons =
      input.meter.UsageOf(check.register_steps).ConvertTo(UsageUnit::kGallon).amount;
  const std::string usage_text =
      FormatGallons(check.usage_gallons) + " in " + std::to_string(days) + " days";
  if (check.register_steps == 0) {
    if (input.account_active_and_occupied) {
      check.exception = ReadingExceptionKind::kZeroUsage;
      check.detail = "No usage in " + std::to_string(days) + " days on an active account.";
    }
    return check;
  }
  if (input.average_daily_gallons && !input.average_daily_gallons->is_zero()) {
    const Quantity expected = *input.average_daily_gallons * Quantity::FromInteger(days);
    const std::string average_text =
        "; average " + FormatGallons(*input.average_daily_gallons) + "/day";
    if (check.usage_gallons * Quantity::FromInteger(100) >
        expected * Quantity::FromInteger(limits.high_percent)) {
      check.exception = ReadingExceptionKind::kHighUsage;
      check.detail = usage_text + average_text + " (over " + std::to_string(limits.high_percent) +
                     "% of average).";
    } else if (check.usage_gallons * Quantity::FromInteger(100) <
               expected * Quantity::FromInteger(limits.low_percent)) {
      check.exception = ReadingExceptionKind::kLowUsage;
      check.detail = usage_text + average_text + " (under " + std::to_string(limits.low_percent) +
                     "% of average).";
    }
  }
  return check;
}

std::int64_t EstimateRegisterSteps(const Meter& meter, const Quantity& average_daily_gallons,
                                   int days) {
  CISTERN_CHECK(days >= 0, "an estimate covers zero or more days");
  const Quantity gallons = average_daily_gallons * Quantity::FromInteger(days);
  const Quantity per_step = meter.UsageOf(1).ConvertTo(UsageUnit::kGallon).amount;
  return (gallons / per_step).RoundTo(0, RoundingRule::kHalfUp).numerator();
}

}  // namespace cistern
