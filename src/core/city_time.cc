#include "core/city_time.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/check.h"

namespace cistern {
namespace {

using std::chrono::days;
using std::chrono::seconds;
using std::chrono::sys_days;

constexpr std::size_t kMaxZoneNameLength = 255;
constexpr std::uintmax_t kMaxZoneFileBytes = 1 << 20;  // real TZif files are a few KiB
constexpr std::int32_t kSecondsPerHour = 3600;
// RFC 8536 bounds for a UT offset: -25:59:59 .. +25:59:59.
constexpr std::int32_t kMinUtcOffset = -89999;
constexpr std::int32_t kMaxUtcOffset = 93599;
constexpr int kMaxRuleHours = 167;   // RFC 8536 extension: rule times may run to 167 hours
constexpr int kMaxOffsetHours = 24;  // POSIX: offsets up to 24 hours
constexpr std::int32_t kDefaultRuleTime = 2 * kSecondsPerHour;  // POSIX default: 02:00

// Instants beyond these are evaluated as if at the bound, so that the calendar arithmetic in
// the footer rule stays inside std::chrono::year's range.
constexpr std::int64_t kRuleMinSeconds = -62135596800;  // 0001-01-01T00:00:00Z
constexpr std::int64_t kRuleMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// IANA names are ASCII path components: letters, digits, "_", "-", "+", ".". Refusing anything
// else, and "." and ".." components, keeps the name inside zoneinfo_dir.
bool IsZoneName(std::string_view name) {
  if (name.empty() || name.size() > kMaxZoneNameLength) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    const std::string_view part = name.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    for (char c : part) {
      if (!IsAlpha(c) && !IsDigit(c) && c != '_' && c != '-' && c != '+' && c != '.') return false;
    }
    start = slash + 1;
  }
  return true;
}

std::optional<std::string> ReadZoneFile(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error || size > kMaxZoneFileBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

// Big-endian reads with bounds checks; a failed read leaves the reader failed for good.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  bool ok() const { return ok_; }
  std::size_t position() const { return position_; }
  std::string_view rest() const { return ok_ ? bytes_.substr(position_) : std::string_view(); }

  bool Skip(std::uint64_t count) {
    if (!ok_ || count > bytes_.size() - position_) return ok_ = false;
    position_ += count;
    return true;
  }
  std::uint64_t ReadUnsigned(int width) {
    std::uint64_t value = 0;
    if (!ok_ || static_cast<std::size_t>(width) > bytes_.size() - position_) {
      ok_ = false;
      return 0;
    }
    for (int index = 0; index < width; ++index) {
      value = (value << 8) | static_cast<unsigned char>(bytes_[position_++]);
    }
    return value;
  }
  // Two's complement of `width` bytes, sign-extended.
  std::int64_t ReadSigned(int width) {
    const std::uint64_t raw = ReadUnsigned(width);
    const int shift = 64 - 8 * width;
    return static_cast<std::int64_t>(raw << shift) >> shift;
  }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

struct TzifHeader {
  char version = 0;
  std::uint64_t isutcnt = 0;
  std::uint64_t isstdcnt = 0;
  std::uint64_t leapcnt = 0;
  std::uint64_t timecnt = 0;
  std::uint64_t typecnt = 0;
  std::uint64_t charcnt = 0;

  std::uint64_t DataBytes(int time_size) const {
    return timecnt * time_size + timecnt + typecnt * 6 + charcnt + leapcnt * (time_size + 4) +
           isstdcnt + isutcnt;
  }
};

std::optional<TzifHeader> ReadHeader(ByteReader& reader) {
  const std::string_view rest = reader.rest();
  if (rest.size() < 5 || rest.substr(0, 4) != "TZif") return std::nullopt;
  TzifHeader header;
  header.version = rest[4];
  reader.Skip(20);  // magic, version, 15 reserved bytes
  header.isutcnt = reader.ReadUnsigned(4);
  header.isstdcnt = reader.ReadUnsigned(4);
  header.leapcnt = reader.ReadUnsigned(4);
  header.timecnt = reader.ReadUnsigned(4);
  header.typecnt = reader.ReadUnsigned(4);
  header.charcnt = reader.ReadUnsigned(4);
  if (!reader.ok() || header.typecnt == 0) return std::nullopt;
  return header;
}

struct TransitionTable {
  std::vector<std::int64_t> times;
  std::vector<std::int32_t> offsets;
  std::int32_t initial_offset = 0;
};

std::optional<TransitionTable> ReadDataBlock(ByteReader& reader, const TzifHeader& header,
                                             int time_size) {
  // Pre-check the block's size so that the counts cannot make us allocate more than the file.
  if (header.DataBytes(time_size) > reader.rest().size()) return std::nullopt;
  TransitionTable table;
  table.times.reserve(header.timecnt);
  for (std::uint64_t index = 0; index < header.timecnt; ++index) {
    const std::int64_t time = reader.ReadSigned(time_size);
    if (!table.times.empty() && time <= table.times.back()) return std::nullopt;
    table.times.push_back(time);
  }
  std::vector<std::uint64_t> type_indexes(header.timecnt);
  for (std::uint64_t& type_index : type_indexes) {
    type_index = reader.ReadUnsigned(1);
    if (type_index >= header.typecnt) return std::nullopt;
  }
  std::vector<std::int32_t> type_offsets(header.typecnt);
  for (std::int32_t& offset : type_offsets) {
    const std::int64_t utoff = reader.ReadSigned(4);
    reader.Skip(2);  // isdst and the abbreviation index: not needed for dates
    if (utoff < kMinUtcOffset || utoff > kMaxUtcOffset) return std::nullopt;
    offset = static_cast<std::int32_t>(utoff);
  }
  reader.Skip(header.charcnt + header.leapcnt * (time_size + 4) + header.isstdcnt + header.isutcnt);
  if (!reader.ok()) return std::nullopt;
  for (std::uint64_t type_index : type_indexes) table.offsets.push_back(type_offsets[type_index]);
  table.initial_offset = type_offsets[0];  // RFC 8536: type 0 applies before the first transition
  return table;
}

}  // namespace

// A POSIX TZ rule (the TZif footer): standard time, and optionally daylight time between two
// yearly rule dates. Offsets are stored east of UTC (POSIX writes them west: "CST6").
struct CityTimeZone::PosixRule {
  struct DateRule {
    enum class Kind { kJulianNoLeap, kZeroBasedDay, kMonthWeekDay };
    Kind kind = Kind::kMonthWeekDay;
    int day = 0;                           // Jn: 1..365 ignoring Feb 29; n: 0..365
    int month = 0;                         // Mm.w.d
    int week = 0;                          // 1..5, 5 meaning the last
    int weekday = 0;                       // 0 = Sunday
    std::int32_t time = kDefaultRuleTime;  // local wall-clock seconds after midnight
  };

  std::int32_t std_offset = 0;
  std::int32_t dst_offset = 0;
  bool has_dst = false;
  DateRule start;  // daylight time starts at this local standard time
  DateRule end;    // daylight time ends at this local daylight time

  static std::optional<PosixRule> Parse(std::string_view text);
  std::int32_t OffsetAt(std::int64_t utc_seconds) const;
};

namespace {

using PosixRule = CityTimeZone::PosixRule;

class RuleCursor {
 public:
  explicit RuleCursor(std::string_view text) : text_(text) {}

  bool AtEnd() const { return position_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[position_]; }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++position_;
    return true;
  }

  // A zone abbreviation: three or more letters, or anything but ">" inside "<...>".
  bool SkipName() {
    if (Consume('<')) {
      const std::size_t close = text_.find('>', position_);
      if (close == std::string_view::npos || close == position_) return false;
      position_ = close + 1;
      return true;
    }
    std::size_t letters = 0;
    while (IsAlpha(Peek())) {
      ++position_;
      ++letters;
    }
    return letters >= 3;
  }

  // An unsigned number of 1..max_digits digits.
  std::optional<int> ReadNumber(int max_digits) {
    int value = 0;
    int digits = 0;
    while (digits < max_digits && IsDigit(Peek())) {
      value = value * 10 + (text_[position_++] - '0');
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    return value;
  }

  // [+|-]hh[:mm[:ss]] in seconds, with hours up to max_hours.
  std::optional<std::int32_t> ReadTime(int max_hours) {
    const bool negative = Consume('-');
    if (!negative) Consume('+');
    const std::optional<int> hours = ReadNumber(3);
    if (!hours || *hours > max_hours) return std::nullopt;
    std::int32_t total = *hours * kSecondsPerHour;
    for (int multiplier : {60, 1}) {
      if (!Consume(':')) break;
      const std::optional<int> part = ReadNumber(2);
      if (!part || *part > 59) return std::nullopt;
      total += *part * multiplier;
    }
    return negative ? -total : total;
  }

  std::optional<PosixRule::DateRule> ReadDateRule() {
    PosixRule::DateRule rule;
    if (Consume('M')) {
      const std::optional<int> month = ReadNumber(2);
      if (!month || !Consume('.')) return std::nullopt;
      const std::optional<int> week = ReadNumber(1);
      if (!week || !Consume('.')) return std::nullopt;
      const std::optional<int> weekday = ReadNumber(1);
      if (!weekday || *month < 1 || *month > 12 || *week < 1 || *week > 5 || *weekday > 6) {
        return std::nullopt;
      }
      rule.kind = PosixRule::DateRule::Kind::kMonthWeekDay;
      rule.month = *month;
      rule.week = *week;
      rule.weekday = *weekday;
    } else {
      const bool julian = Consume('J');
      const std::optional<int> day = ReadNumber(3);
      if (!day || *day > 365 || (julian && *day < 1)) return std::nullopt;
      rule.kind = julian ? PosixRule::DateRule::Kind::kJulianNoLeap
                         : PosixRule::DateRule::Kind::kZeroBasedDay;
      rule.day = *day;
    }
    if (Consume('/')) {
      const std::optional<std::int32_t> time = ReadTime(kMaxRuleHours);
      if (!time) return std::nullopt;
      rule.time = *time;
    }
    return rule;
  }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
};

// Seconds since the epoch, counted as if local time were UTC, at which `rule` falls in `year`.
std::int64_t RuleLocalSeconds(const PosixRule::DateRule& rule, std::chrono::year year) {
  using Kind = PosixRule::DateRule::Kind;
  sys_days day;
  switch (rule.kind) {
    case Kind::kJulianNoLeap: {
      // Day 60 is always March 1: February 29 is never counted.
      const int leap_skip = year.is_leap() && rule.day >= 60 ? 1 : 0;
      day = sys_days(year / 1 / 1) + days(rule.day - 1 + leap_skip);
      break;
    }
    case Kind::kZeroBasedDay:
      day = sys_days(year / 1 / 1) + days(rule.day);
      break;
    case Kind::kMonthWeekDay: {
      const std::chrono::month month(static_cast<unsigned>(rule.month));
      const std::chrono::weekday weekday(static_cast<unsigned>(rule.weekday));
      day = rule.week == 5 ? sys_days(year / month / weekday[std::chrono::last])
                           : sys_days(year / month / weekday[static_cast<unsigned>(rule.week)]);
      break;
    }
  }
  return day.time_since_epoch().count() * 86400 + rule.time;
}

}  // namespace

std::optional<PosixRule> PosixRule::Parse(std::string_view text) {
  RuleCursor cursor(text);
  PosixRule rule;
  if (!cursor.SkipName()) return std::nullopt;
  const std::optional<std::int32_t> std_west = cursor.ReadTime(kMaxOffsetHours);
  if (!std_west) return std::nullopt;
  rule.std_offset = -*std_west;
  if (cursor.AtEnd()) return rule;

  rule.has_dst = true;
  if (!cursor.SkipName()) return std::nullopt;
  rule.dst_offset = rule.std_offset + kSecondsPerHour;
  if (!cursor.AtEnd() && cursor.Peek() != ',') {
    const std::optional<std::int32_t> dst_west = cursor.ReadTime(kMaxOffsetHours);
    if (!dst_west) return std::nullopt;
    rule.dst_offset = -*dst_west;
  }
  if (cursor.AtEnd()) {
    // POSIX leaves the dates to the implementation when omitted; use the US rule, as glibc does.
    rule.start.month = 3;
    rule.start.week = 2;
    rule.end.month = 11;
    rule.end.week = 1;
    return rule;
  }
  if (!cursor.Consume(',')) return std::nullopt;
  const std::optional<DateRule> start = cursor.ReadDateRule();
  if (!start || !cursor.Consume(',')) return std::nullopt;
  const std::optional<DateRule> end = cursor.ReadDateRule();
  if (!end || !cursor.AtEnd()) return std::nullopt;
  rule.start = *start;
  rule.end = *end;
  return rule;
}

std::int32_t PosixRule::OffsetAt(std::int64_t utc_seconds) const {
  if (!has_dst) return std_offset;
  const std::int64_t clamped = std::clamp(utc_seconds, kRuleMinSeconds, kRuleMaxSeconds);
  const sys_days local_day =
      std::chrono::floor<days>(std::chrono::sys_seconds(seconds(clamped + std_offset)));
  const std::chrono::year year = std::chrono::year_month_day(local_day).year();
  // Daylight time starts at a standard-time wall clock and ends at a daylight-time one.
  const std::int64_t start_utc = RuleLocalSeconds(start, year) - std_offset;
  const std::int64_t end_utc = RuleLocalSeconds(end, year) - dst_offset;
  const bool in_dst = start_utc < end_utc
                          ? (start_utc <= utc_seconds && utc_seconds < end_utc)
                          : !(end_utc <= utc_seconds && utc_seconds < start_utc);  // southern
  return in_dst ? dst_offset : std_offset;
}

Result<CityTimeZone> CityTimeZone::Load(std::string_view name, std::string_view zoneinfo_dir,
                                        std::string_view field) {
  const auto unknown = [&](std::string why) {
    return Error::InvalidArgument(std::string(field), "TIME_ZONE_UNKNOWN",
                                  "\"" + std::string(name.substr(0, 64)) + "\" " + why +
                                      "; use an IANA name such as America/Chicago.");
  };
  if (!IsZoneName(name)) return unknown("is not a time zone name");
  const std::optional<std::string> bytes =
      ReadZoneFile(std::filesystem::path(zoneinfo_dir) / std::string(name));
  if (!bytes) return unknown("is not a known time zone");

  const auto invalid = [&] { return unknown("has an unreadable time zone file"); };
  ByteReader reader(*bytes);
  std::optional<TzifHeader> header = ReadHeader(reader);
  if (!header) return invalid();
  std::optional<TransitionTable> table;
  std::string_view footer;
  if (header->version == '\0') {
    table = ReadDataBlock(reader, *header, 4);
  } else {
    // Version 2+: skip the 32-bit block, read the 64-bit one, then "\n<TZ rule>\n".
    if (!reader.Skip(header->DataBytes(4))) return invalid();
    header = ReadHeader(reader);
    if (!header) return invalid();
    table = ReadDataBlock(reader, *header, 8);
    const std::string_view rest = reader.rest();
    if (rest.size() < 2 || rest.front() != '\n') return invalid();
    const std::size_t close = rest.find('\n', 1);
    if (close == std::string_view::npos) return invalid();
    footer = rest.substr(1, close - 1);
  }
  if (!table) return invalid();
  if (header->leapcnt != 0) return unknown("counts leap seconds, which Cistern does not");

  CityTimeZone zone;
  if (!footer.empty()) {
    std::optional<PosixRule> rule = PosixRule::Parse(footer);
    if (!rule) return invalid();
    zone.footer_rule_ = std::make_shared<const PosixRule>(*rule);
  }
  zone.name_ = std::string(name);
  zone.transition_times_ = std::move(table->times);
  zone.transition_offsets_ = std::move(table->offsets);
  zone.initial_offset_ = table->initial_offset;
  return zone;
}

std::chrono::seconds CityTimeZone::UtcOffset(Instant instant) const {
  const std::int64_t utc_seconds = instant.time_since_epoch().count();
  if (transition_times_.empty()) {
    return seconds(footer_rule_ ? footer_rule_->OffsetAt(utc_seconds) : initial_offset_);
  }
  const auto after =
      std::upper_bound(transition_times_.begin(), transition_times_.end(), utc_seconds);
  if (after == transition_times_.begin()) return seconds(initial_offset_);
  if (after == transition_times_.end() && footer_rule_) {
    return seconds(footer_rule_->OffsetAt(utc_seconds));
  }
  return seconds(transition_offsets_[after - transition_times_.begin() - 1]);
}

std::chrono::local_seconds CityTimeZone::ToLocal(Instant instant) const {
  return std::chrono::local_seconds((instant + UtcOffset(instant)).time_since_epoch());
}

Date CityTimeZone::LocalDate(Instant instant) const {
  return Date{std::chrono::floor<days>(instant + UtcOffset(instant))};
}

Instant CityTimeZone::StartOfLocalDay(Date date) const {
  CISTERN_CHECK(date.ok(), "StartOfLocalDay needs a valid date");
  // Offsets stay within +/-26 hours, so the day starts within 26 hours of UTC midnight on the
  // same date. Local dates only move forward across that window, so bisect for the first
  // instant that is on `date` locally.
  const Instant utc_midnight = sys_days(date);
  Instant before = utc_midnight - std::chrono::hours(27);  // local date is earlier here
  Instant at_or_after = utc_midnight + std::chrono::hours(27);
  while (at_or_after - before > seconds(1)) {
    const Instant middle = before + (at_or_after - before) / 2;
    if (LocalDate(middle) < date) {
      before = middle;
    } else {
      at_or_after = middle;
    }
  }
  return at_or_after;
}

}  // namespace cistern
