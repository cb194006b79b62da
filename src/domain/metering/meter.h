// Meters and their readings: what a meter is, and what one reading means in water.
//
// A meter's register shows a whole number on `dials` dials; one register step is `multiplier`
// units of `unit` (a 1,000-gallon register with multiplier 1 reads in kgal; a register that reads
// in gallons with a x10 multiplier steps 10 gallons). Readings are stored as the register shows
// them, and usage is derived: (current - previous) x multiplier, in the meter's unit, exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/result.h"
#include "core/usage.h"

namespace cistern {

struct Meter {
  MeterId id;
  std::string serial;  // unique; printed on the meter's face
  std::string make;
  std::string model;
  std::string size;  // "5/8", "3/4", "1", "1.5", "2", ... (matches the rate book's base charges)
  int dials = 6;     // 3..10
  std::int64_t multiplier = 1;  // >= 1
  UsageUnit unit = UsageUnit::kGallon;

  // The first register value that no longer fits: 10^dials. A register rolls over to zero there.
  std::int64_t RegisterLimit() const;
  // The water in `register_steps` steps of this meter, exactly.
  Usage UsageOf(std::int64_t register_steps) const;
};

// Refusals name `prefix` + "serial" etc. ("new_meter." + "serial"; "" at the top of a body):
// serial 1..32 letters, digits, '-'; make and model up to 60 characters; size one of the known
// sizes; dials 3..10; multiplier 1..1000.
Status ValidateMeter(const Meter& meter, const std::string& prefix);

// The meter sizes Cistern knows, smallest first.
const std::vector<std::string>& MeterSizes();

enum class ReadingKind {
  kActual,     // read by a person or AMR
  kEstimated,  // computed from average daily usage; trued up by the next actual read
  kInstall,    // the register when the meter was set
  kRemoval,    // the register when the meter was pulled
};
const char* ReadingKindCode(ReadingKind kind);
std::optional<ReadingKind> ParseReadingKind(std::string_view code);

// Where a reading stands on its way to a bill.
enum class ReadingStatus {
  kHeld,   // failed validation; waits in the exceptions queue and is not billed
  kReady,  // accepted; the next bill uses it
  kVoid,   // replaced by an edit, an estimate or a re-read; kept for the record
};
const char* ReadingStatusCode(ReadingStatus status);
std::optional<ReadingStatus> ParseReadingStatus(std::string_view code);

struct Reading {
  ReadingId id;
  MeterId meter_id;
  Date read_on{};
  std::int64_t value = 0;  // the register as shown
  ReadingKind kind = ReadingKind::kActual;
  ReadingStatus status = ReadingStatus::kReady;
  std::string source;                 // "manual", "import:route-07.csv", "estimate", "install"
  std::string reader;                 // the reader's id or name from the handheld; may be empty
  std::optional<ReadingId> replaces;  // the reading this one corrects
};

}  // namespace cistern
