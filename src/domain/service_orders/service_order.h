// Service orders: work for the field at a premise (turn on, turn off with a final read, re-read,
// meter exchange, investigate), each with a requested date and time window, and the rules for
// how an order moves from open to dispatched, completed or cancelled (docs/service_orders.md).
//
// Plain data and pure functions: no clock (today comes in as a parameter), no store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/result.h"

namespace cistern {

using ServiceOrderId = Id<struct ServiceOrderTag>;

enum class ServiceOrderType {
  kTurnOn,         // turn the water on; someone must be present to sign the waiver
  kFinalRead,      // turn off with a final read (stop service)
  kReread,         // read the meter again for a readings exception waiting for a re-read
  kMeterExchange,  // pull a meter and set another (recorded with the meter exchange form)
  kInvestigate,    // look at something: a leak, a tamper, a high bill complaint
};
const char* ServiceOrderTypeCode(ServiceOrderType type);  // "turn_on"
const char* ServiceOrderTypeName(ServiceOrderType type);  // "Turn on"
std::optional<ServiceOrderType> ParseServiceOrderType(std::string_view code);
const std::vector<ServiceOrderType>& AllServiceOrderTypes();

enum class ServiceOrderStatus { kOpen, kDispatched, kCompleted, kCancelled };
const char* ServiceOrderStatusCode(ServiceOrderStatus status);  // "open"
std::optional<ServiceOrderStatus> ParseServiceOrderStatus(std::string_view code);

// When the field should come. Moore's turn-on rule: someone must be present in a morning
// (8-10 AM) or afternoon (1-3 PM) window to sign a waiver before the meter is turned on, so a
// turn-on needs one of those two; other orders may be done any time of the day.
enum class ServiceWindow { kAnyTime, kMorning, kAfternoon };
const char* ServiceWindowCode(ServiceWindow window);   // "any", "morning", "afternoon"
const char* ServiceWindowLabel(ServiceWindow window);  // "Any time", "8-10 AM", "1-3 PM"
std::optional<ServiceWindow> ParseServiceWindow(std::string_view code);

// Whether completing an order of this type needs the meter's reading (turn on, final read and
// re-read do: the reading starts billing, ends it, or answers the exception).
bool NeedsReading(ServiceOrderType type);
// Whether the order must name a meter (every type but investigate).
bool NeedsMeter(ServiceOrderType type);
// Whether the order needs a morning or afternoon window and a signed waiver (turn on).
bool NeedsWaiver(ServiceOrderType type);

enum class ServiceOrderAction { kDispatch, kComplete, kCancel };
const char* ServiceOrderActionCode(ServiceOrderAction action);

// The transition rule set, as a table:
//   open       -> dispatch, complete, cancel
//   dispatched -> dispatch (to another worker), complete, cancel
//   completed  -> nothing (ORDER_COMPLETED)
//   cancelled  -> nothing (ORDER_CANCELLED)
// Returns the status after `action`, or FAILED_PRECONDITION naming "status" with the reason.
Result<ServiceOrderStatus> CanTransition(ServiceOrderStatus from, ServiceOrderAction action);

inline constexpr std::size_t kServiceOrderRemarksLengthMax = 1000;
inline constexpr std::size_t kServiceOrderNameLengthMax = 80;  // worker, person present
inline constexpr int kServiceOrderDaysAheadMax = 366;

// What a new order asks for, as the checks see it.
struct ServiceOrderDraft {
  ServiceOrderType type = ServiceOrderType::kInvestigate;
  std::optional<Date> requested_on;
  ServiceWindow window = ServiceWindow::kAnyTime;
  std::string remarks;
  bool has_premise = false;
  bool has_meter = false;
  bool has_reading_exception = false;
};

// Refuses, naming the field: a missing or past requested date ("requested_on", DATE_IN_PAST), one
// more than a year ahead, a turn-on without a morning or afternoon window ("window",
// WINDOW_REQUIRED), no premise ("premise_id"), no meter for a type that needs one ("meter_id"),
// a re-read without its readings exception ("reading_exception_id"), an exception on another type,
// and remarks over the limit.
Status ValidateServiceOrderDraft(const ServiceOrderDraft& draft, Date today);

// What the field reports when the work is done.
struct ServiceOrderCompletion {
  std::optional<std::int64_t> reading;  // the register as read
  std::optional<Date> completed_on;     // default: today
  std::string worked_by;                // the field worker's name or id (who completed it)
  std::string remarks;
  std::string present_person;  // turn on: who was present and signed the waiver
  bool waiver_signed = false;  // turn on: the waiver is signed
};

// Refuses, naming the field: no reading for a type that needs one ("reading", READING_REQUIRED),
// a negative reading, a completion date after today or before the order was created
// ("completed_on"), a turn-on without the person present ("present_person", PERSON_REQUIRED) or
// the signed waiver ("waiver_signed", WAIVER_REQUIRED), and text over the limits.
Status ValidateServiceOrderCompletion(ServiceOrderType type,
                                      const ServiceOrderCompletion& completion, Date created_on,
                                      Date today);

}  // namespace cistern
