// Civil dates, periods and instants.
//
// A Date is a calendar day with no time zone (a bill date, a meter read date, a due date). An
// Instant is a moment in UTC, to the second (when a payment was posted). The city's time zone
// turns an Instant into the city's Date at the edges (core/city_time.h); domain code works on
// Dates and never asks for "now" (a Clock is passed in, core/clock.h).
//
// THE PERIOD CONVENTION: every Period in Cistern is INCLUSIVE of both its first and its last
// day. A January service period is 2026-01-01..2026-01-31 and has 31 days; a period that starts
// and ends on the same day has 1 day. There are no half-open periods anywhere in the project: a
// period that follows another starts the day after the other's last day.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace cistern {

using Date = std::chrono::year_month_day;
using Instant = std::chrono::sys_seconds;

// Parses exactly "YYYY-MM-DD" (years 0001-9999, two-digit month and day, a real calendar day).
// "2026-02-30", "2026-2-3", "2026-02-03T00:00", " 2026-02-03" and "" are INVALID_ARGUMENT with
// reason DATE_INVALID naming `field`.
Result<Date> ParseDate(std::string_view text, std::string_view field);

// "2026-03-08". The date must be valid with a year in 1..9999 (a CISTERN_CHECK).
std::string FormatDate(Date date);

// The date `days` later (earlier when negative). The date must be valid (a CISTERN_CHECK).
Date AddDays(Date date, int days);

// The day `months` later (earlier when negative), clamped to the month's last day
// (Jan 31 + 1 month = Feb 28). The date must be valid (a CISTERN_CHECK).
Date AddMonths(Date date, int months);

// Days from `from` to `to`: positive when `to` is later, 0 on the same day. Note that an
// inclusive period from `from` to `to` has DaysBetween(from, to) + 1 days.
int DaysBetween(Date from, Date to);

// A run of whole days, inclusive of first and last (see the file comment).
class Period {
 public:
  // Refuses an invalid date (DATE_INVALID) and last < first (PERIOD_ENDS_BEFORE_START), as
  // INVALID_ARGUMENT naming `field`. first == last is a one-day period.
  static Result<Period> Make(Date first, Date last, std::string_view field = "period");

  // The whole calendar month: ForMonth(2026y / std::chrono::February) is 2026-02-01..2026-02-28.
  static Period ForMonth(std::chrono::year_month month);

  Date first() const { return first_; }
  Date last() const { return last_; }

  // Days in the period, counting both ends: Jan 1..Jan 31 is 31; a one-day period is 1.
  int DayCount() const;

  // True when first <= date <= last.
  bool Contains(Date date) const;

  // The days both periods contain, or nullopt when they share none. Periods that merely touch
  // (one ends the day before the other starts) do not overlap.
  std::optional<Period> Overlap(const Period& other) const;

  // "2026-01-01..2026-01-31", for messages and logs.
  std::string ToString() const;

  friend bool operator==(const Period&, const Period&) = default;

 private:
  Period(Date first, Date last) : first_(first), last_(last) {}

  Date first_;
  Date last_;
};

// RFC 3339 in UTC: "2026-11-27T14:03:00Z". The year must be in 1..9999 (a CISTERN_CHECK).
std::string FormatInstant(Instant instant);

// Parses RFC 3339: "YYYY-MM-DDTHH:MM:SS", an optional fraction of a second (dropped, since an
// Instant holds whole seconds; JavaScript sends ".000"), then "Z" or an offset "+HH:MM"/"-HH:MM"
// which is applied to give UTC. "T" and "Z" may be lower case. Anything else, including a leap
// second ":60", is INVALID_ARGUMENT with reason INSTANT_INVALID naming `field`.
Result<Instant> ParseInstant(std::string_view text, std::string_view field);

}  // namespace cistern
