#include "domain/metering/meter.h"

#include "core/check.h"
#include "core/text.h"

namespace cistern {

std::int64_t Meter::RegisterLimit() const {
  CISTERN_CHECK(dials >= 3 && dials <= 10, "a meter has 3 to 10 dials");
  std::int64_t limit = 1;
  for (int dial = 0; dial < dials; ++dial) limit *= 10;
  return limit;
}

Usage Meter::UsageOf(std::int64_t register_steps) const {
  return Usage{Quantity::FromInteger(register_steps) * Quantity::FromInteger(multiplier), unit};
}

const std::vector<std::string>& MeterSizes() {
  static const std::vector<std::string> sizes = {"5/8", "3/4", "1", "1.5", "2", "3", "4", "6"};
  return sizes;
}

Status ValidateMeter(const Meter& meter, const std::string& prefix) {
  const std::size_t serial_length = meter.serial.size();
  if (serial_length == 0 || serial_length > 32) {
    return Error::InvalidArgument(prefix + "serial", "METER_SERIAL_INVALID",
                                  "A meter serial has 1 to 32 characters.");
  }
  for (char character : meter.serial) {
    const bool allowed = (character >= '0' && character <= '9') ||
                         (character >= 'A' && character <= 'Z') ||
                         (character >= 'a' && character <= 'z') || character == '-';
    if (!allowed) {
      return Error::InvalidArgument(prefix + "serial", "METER_SERIAL_INVALID",
                                    "A meter serial has only letters, digits and '-'.");
    }
  }
  if (CountCharacters(meter.make) > 60) {
    return Error::InvalidArgument(prefix + "make", "TOO_LONG", "Make is at most 60 characters.");
  }
  if (CountCharacters(meter.model) > 60) {
    return Error::InvalidArgument(prefix + "model", "TOO_LONG", "Model is at most 60 characters.");
  }
  bool known_size = false;
  for (const std::string& size : MeterSizes()) known_size = known_size || size == meter.size;
  if (!known_size) {
    return Error::InvalidArgument(prefix + "size", "METER_SIZE_UNKNOWN",
                                  "Meter size must be one of 5/8, 3/4, 1, 1.5, 2, 3, 4, 6.");
  }
  if (meter.dials < 3 || meter.dials > 10) {
    return Error::InvalidArgument(prefix + "dials", "METER_DIALS_INVALID",
                                  "A meter has from 3 to 10 dials.");
  }
  if (meter.multiplier < 1 || meter.multiplier > 1000) {
    return Error::InvalidArgument(prefix + "multiplier", "METER_MULTIPLIER_INVALID",
                                  "A meter's multiplier is from 1 to 1000.");
  }
  return OkStatus();
}

const char* ReadingKindCode(ReadingKind kind) {
  switch (kind) {
    case ReadingKind::kActual:
      return "actual";
    case ReadingKind::kEstimated:
      return "estimated";
    case ReadingKind::kInstall:
      return "install";
    case ReadingKind::kRemoval:
      return "removal";
  }
  return "actual";
}

std::optional<ReadingKind> ParseReadingKind(std::string_view code) {
  for (ReadingKind kind : {ReadingKind::kActual, ReadingKind::kEstimated, ReadingKind::kInstall,
                           ReadingKind::kRemoval}) {
    if (code == ReadingKindCode(kind)) return kind;
  }
  return std::nullopt;
}

const char* ReadingStatusCode(ReadingStatus status) {
  switch (status) {
    case ReadingStatus::kHeld:
      return "held";
    case ReadingStatus::kReady:
      return "ready";
    case ReadingStatus::kVoid:
      return "void";
  }
  return "ready";
}

std::optional<ReadingStatus> ParseReadingStatus(std::string_view code) {
  for (ReadingStatus status : {ReadingStatus::kHeld, ReadingStatus::kReady, ReadingStatus::kVoid}) {
    if (code == ReadingStatusCode(status)) return status;
  }
  return std::nullopt;
}

}  // namespace cistern
