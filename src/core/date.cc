#include "core/date.h"

#include <algorithm>
#include <cstdio>

#include "core/check.h"

namespace cistern {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month_day_last;
using std::chrono::months;
using std::chrono::sys_days;
using std::chrono::year_month;
using std::chrono::year_month_day;
using std::chrono::year_month_day_last;

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr std::size_t kDateLength = 10;  // "YYYY-MM-DD"

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads text[offset, offset + count) as digits into `value`; false if any is not a digit.
bool ReadDigits(std::string_view text, std::size_t offset, std::size_t count, int& value) {
  if (offset + count > text.size()) return false;
  value = 0;
  for (std::size_t index = offset; index < offset + count; ++index) {
    if (!IsDigit(text[index])) return false;
    value = value * 10 + (text[index] - '0');
  }
  return true;
}

// Reads "YYYY-MM-DD" at the start of `text` (which may continue).
std::optional<Date> ReadDate(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() < kDateLength || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!ReadDigits(text, 0, 4, year) || !ReadDigits(text, 5, 2, month) ||
      !ReadDigits(text, 8, 2, day)) {
    return std::nullopt;
  }
  const Date date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                  std::chrono::day(static_cast<unsigned>(day))};
  if (year < kMinYear || !date.ok()) return std::nullopt;
  return date;
}

// Writes `value` as `count` digits, zero-padded, at text[offset].
void WriteDigits(std::string& text, std::size_t offset, std::size_t count, int value) {
  for (std::size_t index = offset + count; index > offset; --index) {
    text[index - 1] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

bool InSupportedRange(Date date) {
  return date.ok() && static_cast<int>(date.year()) >= kMinYear &&
         static_cast<int>(date.year()) <= kMaxYear;
}

Error InvalidDate(std::string_view field) {
  return Error::InvalidArgument(std::string(field), "DATE_INVALID",
                                "Enter a real calendar date as YYYY-MM-DD, like 2026-03-31.");
}

}  // namespace

Result<Date> ParseDate(std::string_view text, std::string_view field) {
  if (text.size() != kDateLength) return InvalidDate(field);
  const std::optional<Date> date = ReadDate(text);
  if (!date) return InvalidDate(field);
  return *date;
}

std::string FormatDate(Date date) {
  CISTERN_CHECK(InSupportedRange(date), "FormatDate needs a valid date in years 1-9999");
  // Written digit by digit: a billing run formats several dates per bill, and snprintf cost
  // about twenty times as much.
  std::string text(kDateLength, '-');
  WriteDigits(text, 0, 4, static_cast<int>(date.year()));
  WriteDigits(text, 5, 2, static_cast<int>(static_cast<unsigned>(date.month())));
  WriteDigits(text, 8, 2, static_cast<int>(static_cast<unsigned>(date.day())));
  return text;
}

Date AddDays(Date date, int days_to_add) {
  CISTERN_CHECK(date.ok(), "AddDays needs a valid date");
  return Date{sys_days(date) + days(days_to_add)};
}

Date AddMonths(Date date, int months_to_add) {
  CISTERN_CHECK(date.ok(), "AddMonths needs a valid date");
  const year_month target = year_month(date.year(), date.month()) + months(months_to_add);
  const day last = year_month_day_last(target.year(), month_day_last(target.month())).day();
  return year_month_day(target.year(), target.month(), std::min(date.day(), last));
}

int DaysBetween(Date from, Date to) {
  CISTERN_CHECK(from.ok() && to.ok(), "DaysBetween needs valid dates");
  return static_cast<int>((sys_days(to) - sys_days(from)).count());
}

Result<Period> Period::Make(Date first, Date last, std::string_view field) {
  if (!InSupportedRange(first) || !InSupportedRange(last)) return InvalidDate(field);
  if (last < first) {
    return Error::InvalidArgument(
        std::string(field), "PERIOD_ENDS_BEFORE_START",
        "The period ends (" + FormatDate(last) + ") before it starts (" + FormatDate(first) + ").");
  }
  return Period(first, last);
}

Period Period::ForMonth(std::chrono::year_month month) {
  CISTERN_CHECK(month.ok(), "ForMonth needs a valid month");
  return Period(month / std::chrono::day(1), Date{month / std::chrono::last});
}

int Period::DayCount() const { return DaysBetween(first_, last_) + 1; }

bool Period::Contains(Date date) const { return first_ <= date && date <= last_; }

std::optional<Period> Period::Overlap(const Period& other) const {
  const Date first = std::max(first_, other.first_);
  const Date last = std::min(last_, other.last_);
  if (last < first) return std::nullopt;
  return Period(first, last);
}

std::string Period::ToString() const { return FormatDate(first_) + ".." + FormatDate(last_); }

std::string FormatInstant(Instant instant) {
  const sys_days day = std::chrono::floor<days>(instant);
  const std::chrono::hh_mm_ss time(instant - day);
  std::string text = FormatDate(Date{day}) + "T00:00:00Z";  // "YYYY-MM-DDTHH:MM:SSZ"
  WriteDigits(text, 11, 2, static_cast<int>(time.hours().count()));
  WriteDigits(text, 14, 2, static_cast<int>(time.minutes().count()));
  WriteDigits(text, 17, 2, static_cast<int>(time.seconds().count()));
  return text;
}

Result<Instant> ParseInstant(std::string_view text, std::string_view field) {
  const Error invalid =
      Error::InvalidArgument(std::string(field), "INSTANT_INVALID",
                             "Enter the time in RFC 3339 form, like 2026-11-27T14:03:00Z.");
  // "YYYY-MM-DDTHH:MM:SS" is 19 characters; the zone follows.
  constexpr std::size_t kDateTimeLength = 19;
  if (text.size() < kDateTimeLength + 1) return invalid;
  const std::optional<Date> date = ReadDate(text);
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!date || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':' ||
      !ReadDigits(text, 11, 2, hour) || !ReadDigits(text, 14, 2, minute) ||
      !ReadDigits(text, 17, 2, second) || hour > 23 || minute > 59 || second > 59) {
    return invalid;
  }
  std::string_view zone = text.substr(kDateTimeLength);
  if (zone.front() == '.') {
    std::size_t fraction_digits = 1;
    while (fraction_digits < zone.size() && IsDigit(zone[fraction_digits])) ++fraction_digits;
    if (fraction_digits == 1) return invalid;  // "." with no digits
    zone.remove_prefix(fraction_digits);
  }
  std::chrono::seconds offset{0};
  if (zone == "Z" || zone == "z") {
    // UTC already.
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int offset_hours = 0;
    int offset_minutes = 0;
    if (!ReadDigits(zone, 1, 2, offset_hours) || !ReadDigits(zone, 4, 2, offset_minutes) ||
        offset_hours > 23 || offset_minutes > 59) {
      return invalid;
    }
    offset = std::chrono::hours(offset_hours) + std::chrono::minutes(offset_minutes);
    if (zone[0] == '-') offset = -offset;
  } else {
    return invalid;
  }
  const Instant local_as_utc = sys_days(*date) + std::chrono::hours(hour) +
                               std::chrono::minutes(minute) + std::chrono::seconds(second);
  return local_as_utc - offset;
}

}  // namespace cistern
