// Commercial sanitation (issue 5): private-hauler exemptions and on-call roll-off dumpsters, as
// plain data and pure rules (docs/api.md, "Sanitation").
//
// An exemption lets a commercial account (premise type commercial, industrial or institutional)
// use a private hauler instead of city service. It names the hauler, the permit or agreement on
// file (may be missing: then it is flagged), and the days it runs. The monitoring list shows the
// exemptions that expire within kExemptionWarningDays, have expired, or lack paperwork.
//
// A dumpster moves requested -> delivered -> removed (or requested -> cancelled); while
// delivered it may be emptied any number of times. Delivery, each empty and removal charge a fee
// from the fee schedule (DumpsterFeeCode).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/result.h"
#include "domain/premise/premise.h"

namespace cistern {

using SanitationExemptionId = Id<struct SanitationExemptionTag>;
using DumpsterId = Id<struct DumpsterTag>;

// --- exemptions -------------------------------------------------------------------------------

constexpr int kExemptionWarningDays = 60;
constexpr std::size_t kHaulerLengthMax = 120;  // the letter's text fields hold at most 120
constexpr std::size_t kPermitLengthMax = 120;

// Commercial, industrial and institutional premises may use a private hauler.
bool MayUsePrivateHauler(PremiseType type);

struct ExemptionDraft {
  std::string hauler;  // required
  std::string permit;  // the permit or agreement reference; empty = missing paperwork
  std::optional<Date> starts_on;
  std::optional<Date> expires_on;  // after starts_on
};

// Trims the text fields.
ExemptionDraft NormalizeExemptionDraft(ExemptionDraft draft);
// Refuses, naming the field: hauler missing or too long or multi-line, permit too long or
// multi-line, starts_on or expires_on missing, expires_on not after starts_on.
Status ValidateExemptionDraft(const ExemptionDraft& draft);

struct ExemptionFlags {
  bool expired = false;            // expires_on before today
  bool expiring = false;           // expires within kExemptionWarningDays (not yet expired)
  bool missing_paperwork = false;  // no permit or agreement on file
  int days_left = 0;               // expires_on - today; negative once expired
  bool needs_attention() const { return expired || expiring || missing_paperwork; }
};
ExemptionFlags FlagExemption(const std::string& permit, Date expires_on, Date today);

// --- dumpsters -------------------------------------------------------------------------------

enum class DumpsterStatus { kRequested, kDelivered, kRemoved, kCancelled };
enum class DumpsterAction { kDeliver, kEmpty, kRemove, kCancel };

const char* DumpsterStatusCode(DumpsterStatus status);  // "requested"
std::optional<DumpsterStatus> ParseDumpsterStatus(std::string_view code);
const char* DumpsterActionCode(DumpsterAction action);  // "deliver"
std::optional<DumpsterAction> ParseDumpsterAction(std::string_view code);

// Roll-off sizes offered, in cubic yards.
const std::vector<int>& DumpsterSizes();
bool IsDumpsterSize(int yards);

// The fee-schedule code an action charges (config/finance.toml), or nullopt (cancel).
std::optional<std::string> DumpsterFeeCode(DumpsterAction action);

// The status after `action`, or FAILED_PRECONDITION naming why: a dumpster not delivered cannot
// be emptied or removed (DUMPSTER_NOT_DELIVERED), one delivered cannot be delivered again or
// cancelled (DUMPSTER_DELIVERED), and a removed or cancelled one is final (DUMPSTER_REMOVED,
// DUMPSTER_CANCELLED).
Result<DumpsterStatus> DumpsterTransition(DumpsterStatus status, DumpsterAction action);

struct DumpsterRequestDraft {
  int size_yards = 0;
  std::optional<Date> requested_on;
  std::string remarks;
};
// size_yards one of DumpsterSizes(); requested_on required and not before today; remarks at
// most 500 characters.
Status ValidateDumpsterRequest(const DumpsterRequestDraft& draft, Date today);

// The day a field action was done: not in the future, and not before `not_before` (the request
// date for a delivery, the delivery date for an empty or removal). Field "done_on".
Status ValidateDumpsterActionDate(Date done_on, Date today, Date not_before);

}  // namespace cistern
