// CityTimeZone: the city's civil time, for turning an Instant into the city's Date.
//
// The city's zone is configuration ("America/Chicago"); it is applied at the edges, where a
// payment's UTC posting time becomes its business date or a due date's end becomes an instant.
//
// libstdc++ 12 has no std::chrono::zoned_time, so this reads the system's compiled tz database
// (TZif files, RFC 8536) itself: the 64-bit transition table, and the POSIX TZ rule in the
// footer for instants after the last transition (the fat files Debian ships list transitions to
// 2037; the rule carries on from there). It never touches the TZ environment variable or any
// global state. An object is immutable once loaded, so one instance may be shared by threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace cistern {

inline constexpr std::string_view kSystemZoneInfoDir = "/usr/share/zoneinfo";

class CityTimeZone {
 public:
  // Loads the zone named by an IANA name such as "America/Chicago" or "UTC" from `zoneinfo_dir`
  // (tests may point at their own directory). A name that is not a zone (including any path
  // trickery such as "../etc/passwd"), a missing file, or a file that is not a valid TZif
  // file is INVALID_ARGUMENT with reason TIME_ZONE_UNKNOWN naming `field`. Zones with leap-second
  // tables ("right/...") are refused the same way: Instants count POSIX seconds.
  static Result<CityTimeZone> Load(std::string_view name,
                                   std::string_view zoneinfo_dir = kSystemZoneInfoDir,
                                   std::string_view field = "time_zone");

  const std::string& name() const { return name_; }

  // Local time minus UTC at `instant` (-06:00 for Chicago in winter, -05:00 in summer).
  std::chrono::seconds UtcOffset(Instant instant) const;

  // The city's wall-clock time at `instant`.
  std::chrono::local_seconds ToLocal(Instant instant) const;

  // The city's calendar date at `instant`: 2026-11-28T05:59:59Z is still 2026-11-27 in Chicago.
  Date LocalDate(Instant instant) const;

  // The first instant whose local date is `date` (usually local midnight; later if a DST change
  // skips midnight). The end of a local day is StartOfLocalDay(AddDays(date, 1)) - 1s.
  Instant StartOfLocalDay(Date date) const;

  // A POSIX TZ rule such as "CST6CDT,M3.2.0,M11.1.0"; public only so the .cc can name it.
  struct PosixRule;

 private:
  CityTimeZone() = default;

  std::string name_;
  std::vector<std::int64_t> transition_times_;    // UTC seconds, strictly increasing
  std::vector<std::int32_t> transition_offsets_;  // UTC offset in force from each transition
  std::int32_t initial_offset_ = 0;               // before the first transition
  // The footer rule, used after the last transition. A shared_ptr keeps the type opaque here.
  std::shared_ptr<const PosixRule> footer_rule_;
};

}  // namespace cistern
