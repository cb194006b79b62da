#include "core/city_time.h"

#include <gtest/gtest.h>
#include <unistd.h>  // getpid, for a per-process scratch directory

#include <filesystem>
#include <fstream>
#include <thread>

namespace cistern {
namespace {

using namespace std::chrono_literals;

Instant At(std::string_view text) { return *ParseInstant(text, "at"); }

std::string LocalDateText(const CityTimeZone& zone, std::string_view instant) {
  return FormatDate(zone.LocalDate(At(instant)));
}

CityTimeZone Zone(std::string_view name) {
  Result<CityTimeZone> zone = CityTimeZone::Load(name);
  EXPECT_TRUE(zone.ok()) << name << ": " << (zone.ok() ? "" : zone.error().message);
  return std::move(zone).value();
}

void ExpectUnknown(std::string_view name, std::string_view dir = kSystemZoneInfoDir) {
  const Result<CityTimeZone> zone = CityTimeZone::Load(name, dir, "city.time_zone");
  ASSERT_FALSE(zone.ok()) << name;
  EXPECT_EQ(zone.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(zone.error().reason, "TIME_ZONE_UNKNOWN") << name;
  EXPECT_EQ(zone.error().field, "city.time_zone");
}

TEST(CityTimeZoneTest, ChicagoSpringForward) {
  const CityTimeZone chicago = Zone("America/Chicago");
  EXPECT_EQ(chicago.name(), "America/Chicago");
  // 01:59:59 CST on 2026-03-08; one second later it is 03:00:00 CDT.
  EXPECT_EQ(LocalDateText(chicago, "2026-03-08T07:59:59Z"), "2026-03-08");
  EXPECT_EQ(chicago.UtcOffset(At("2026-03-08T07:59:59Z")), -6h);
  EXPECT_EQ(chicago.UtcOffset(At("2026-03-08T08:00:00Z")), -5h);
  EXPECT_EQ(chicago.ToLocal(At("2026-03-08T08:00:00Z")).time_since_epoch(),
            (std::chrono::sys_days(2026y / 3 / 8) + 3h).time_since_epoch());
  // Local midnight before the change is still in CST: 06:00Z.
  EXPECT_EQ(LocalDateText(chicago, "2026-03-08T05:59:59Z"), "2026-03-07");
  EXPECT_EQ(LocalDateText(chicago, "2026-03-08T06:00:00Z"), "2026-03-08");
}

TEST(CityTimeZoneTest, ChicagoFallBack) {
  const CityTimeZone chicago = Zone("America/Chicago");
  // 00:30 CDT on 2026-11-01, before the 02:00 CDT change.
  EXPECT_EQ(LocalDateText(chicago, "2026-11-01T05:30:00Z"), "2026-11-01");
  EXPECT_EQ(LocalDateText(chicago, "2026-11-01T04:59:59Z"), "2026-10-31");
  EXPECT_EQ(chicago.UtcOffset(At("2026-11-01T06:59:59Z")), -5h);  // 01:59:59 CDT
  EXPECT_EQ(chicago.UtcOffset(At("2026-11-01T07:00:00Z")), -6h);  // 01:00:00 CST again
}

TEST(CityTimeZoneTest, LateEveningUtcIsStillTheDayBeforeInChicago) {
  const CityTimeZone chicago = Zone("America/Chicago");
  EXPECT_EQ(LocalDateText(chicago, "2026-11-28T05:59:59Z"), "2026-11-27");
  EXPECT_EQ(LocalDateText(chicago, "2026-11-28T06:00:00Z"), "2026-11-28");
  EXPECT_EQ(LocalDateText(chicago, "2026-07-04T04:59:59Z"), "2026-07-03");  // CDT: -5h
  EXPECT_EQ(LocalDateText(chicago, "2026-07-04T05:00:00Z"), "2026-07-04");
}

TEST(CityTimeZoneTest, RuleCarriesOnAfterTheLastListedTransition) {
  // Debian's files list transitions to 2037; later instants come from the footer rule.
  const CityTimeZone chicago = Zone("America/Chicago");
  EXPECT_EQ(chicago.UtcOffset(At("2045-07-01T12:00:00Z")), -5h);
  EXPECT_EQ(chicago.UtcOffset(At("2045-12-01T12:00:00Z")), -6h);
  EXPECT_EQ(chicago.UtcOffset(At("2099-03-08T07:59:59Z")), -6h);  // second Sunday of March 2099
  EXPECT_EQ(chicago.UtcOffset(At("2099-03-08T08:00:00Z")), -5h);
}

TEST(CityTimeZoneTest, OtherZones) {
  EXPECT_EQ(Zone("UTC").UtcOffset(At("2026-07-01T00:00:00Z")), 0s);
  EXPECT_EQ(LocalDateText(Zone("UTC"), "2026-11-27T23:59:59Z"), "2026-11-27");
  EXPECT_EQ(Zone("America/Phoenix").UtcOffset(At("2026-07-01T00:00:00Z")), -7h);  // no DST
  const CityTimeZone sydney = Zone("Australia/Sydney");  // southern hemisphere: DST over new year
  EXPECT_EQ(sydney.UtcOffset(At("2026-01-15T00:00:00Z")), 11h);
  EXPECT_EQ(sydney.UtcOffset(At("2026-07-15T00:00:00Z")), 10h);
  EXPECT_EQ(sydney.UtcOffset(At("2050-01-15T00:00:00Z")), 11h);
  EXPECT_EQ(Zone("Asia/Kolkata").UtcOffset(At("2026-07-01T00:00:00Z")), 5h + 30min);
}

TEST(CityTimeZoneTest, StartOfLocalDay) {
  const CityTimeZone chicago = Zone("America/Chicago");
  EXPECT_EQ(FormatInstant(chicago.StartOfLocalDay(2026y / 11 / 27)), "2026-11-27T06:00:00Z");
  EXPECT_EQ(FormatInstant(chicago.StartOfLocalDay(2026y / 7 / 4)), "2026-07-04T05:00:00Z");
  EXPECT_EQ(FormatInstant(chicago.StartOfLocalDay(2026y / 3 / 8)), "2026-03-08T06:00:00Z");
  EXPECT_EQ(FormatInstant(chicago.StartOfLocalDay(2026y / 11 / 1)), "2026-11-01T05:00:00Z");
  // Havana springs forward at midnight, so 2026-03-08 starts at 01:00 local (05:00Z).
  EXPECT_EQ(FormatInstant(Zone("America/Havana").StartOfLocalDay(2026y / 3 / 8)),
            "2026-03-08T05:00:00Z");
}

TEST(CityTimeZoneTest, RefusesUnknownAndUnsafeNames) {
  for (const char* name :
       {"America/Nowhere", "", "Chicago", "america/chicago", "../etc/passwd", "/etc/passwd",
        "America/../America/Chicago", "America//Chicago", "America/Chicago/", "America", "zone.tab",
        "America/Chicago\n", "right/America/Chicago"}) {
    ExpectUnknown(name);
  }
}

TEST(CityTimeZoneTest, RefusesFilesThatAreNotTzif) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("cistern_city_time_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ifstream chicago_file(std::string(kSystemZoneInfoDir) + "/America/Chicago",
                             std::ios::binary);
  const std::string chicago((std::istreambuf_iterator<char>(chicago_file)),
                            std::istreambuf_iterator<char>());
  ASSERT_GT(chicago.size(), 100u);
  const auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
  };
  write("Garbage", "not a tzif file at all");
  write("Empty", "");
  write("Truncated", chicago.substr(0, chicago.size() / 2));
  write("NoFooterEnd", chicago.substr(0, chicago.size() - 1));
  write("Copy", chicago);
  for (const char* name : {"Garbage", "Empty", "Truncated", "NoFooterEnd"}) {
    ExpectUnknown(name, dir.string());
  }
  const Result<CityTimeZone> copy = CityTimeZone::Load("Copy", dir.string());
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(FormatDate(copy->LocalDate(At("2026-11-28T05:59:59Z"))), "2026-11-27");
  std::filesystem::remove_all(dir);
}

TEST(CityTimeZoneTest, SharedAcrossThreads) {
  const CityTimeZone chicago = Zone("America/Chicago");
  const auto work = [&chicago](int* mismatches) {
    for (int hour = 0; hour < 24 * 400; ++hour) {
      const Instant instant = At("2026-01-01T06:00:00Z") + std::chrono::hours(hour);
      if (chicago.LocalDate(instant) != chicago.LocalDate(instant)) ++*mismatches;
    }
  };
  int first_mismatches = 0;
  int second_mismatches = 0;
  std::thread first(work, &first_mismatches);
  std::thread second(work, &second_mismatches);
  first.join();
  second.join();
  EXPECT_EQ(first_mismatches + second_mismatches, 0);
}

}  // namespace
}  // namespace cistern
