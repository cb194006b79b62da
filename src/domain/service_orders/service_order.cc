#include "domain/service_orders/service_order.h"

#include "core/text.h"

namespace cistern {
namespace {

struct TypeInfo {
  ServiceOrderType type;
  const char* code;
  const char* name;
};

constexpr TypeInfo kTypes[] = {
    {ServiceOrderType::kTurnOn, "turn_on", "Turn on"},
    {ServiceOrderType::kFinalRead, "final_read", "Turn off, final read"},
    {ServiceOrderType::kReread, "reread", "Re-read"},
    {ServiceOrderType::kMeterExchange, "meter_exchange", "Meter exchange"},
    {ServiceOrderType::kInvestigate, "investigate", "Investigate"},
};

Status CheckLength(const std::string& text, std::size_t limit, const char* field) {
  if (text.size() > limit) {
    return Error::InvalidArgument(
        field, "FIELD_TOO_LONG",
        std::string(field) + " is at most " + std::to_string(limit) + " characters.");
  }
  return OkStatus();
}

}  // namespace

const char* ServiceOrderTypeCode(ServiceOrderType type) {
  for (const TypeInfo& info : kTypes) {
    if (info.type == type) return info.code;
  }
  return "investigate";
}

const char* ServiceOrderTypeName(ServiceOrderType type) {
  for (const TypeInfo& info : kTypes) {
    if (info.type == type) return info.name;
  }
  return "Investigate";
}

std::optional<ServiceOrderType> ParseServiceOrderType(std::string_view code) {
  for (const TypeInfo& info : kTypes) {
    if (code == info.code) return info.type;
  }
  return std::nullopt;
}

const std::vector<ServiceOrderType>& AllServiceOrderTypes() {
  static const std::vector<ServiceOrderType> types = {
      ServiceOrderType::kTurnOn, ServiceOrderType::kFinalRead, ServiceOrderType::kReread,
      ServiceOrderType::kMeterExchange, ServiceOrderType::kInvestigate};
  return types;
}

const char* ServiceOrderStatusCode(ServiceOrderStatus status) {
  switch (status) {
    case ServiceOrderStatus::kOpen:
      return "open";
    case ServiceOrderStatus::kDispatched:
      return "dispatched";
    case ServiceOrderStatus::kCompleted:
      return "completed";
    case ServiceOrderStatus::kCancelled:
      return "cancelled";
  }
  return "open";
}

std::optional<ServiceOrderStatus> ParseServiceOrderStatus(std::string_view code) {
  for (ServiceOrderStatus status :
       {ServiceOrderStatus::kOpen, ServiceOrderStatus::kDispatched, ServiceOrderStatus::kCompleted,
        ServiceOrderStatus::kCancelled}) {
    if (code == ServiceOrderStatusCode(status)) return status;
  }
  return std::nullopt;
}

const char* ServiceWindowCode(ServiceWindow window) {
  switch (window) {
    case ServiceWindow::kAnyTime:
      return "any";
    case ServiceWindow::kMorning:
      return "morning";
    case ServiceWindow::kAfternoon:
      return "afternoon";
  }
  return "any";
}

const char* ServiceWindowLabel(ServiceWindow window) {
  switch (window) {
    case ServiceWindow::kAnyTime:
      return "Any time";
    case ServiceWindow::kMorning:
      return "8-10 AM";
    case ServiceWindow::kAfternoon:
      return "1-3 PM";
  }
  return "Any time";
}

std::optional<ServiceWindow> ParseServiceWindow(std::string_view code) {
  for (ServiceWindow window :
       {ServiceWindow::kAnyTime, ServiceWindow::kMorning, ServiceWindow::kAfternoon}) {
    if (code == ServiceWindowCode(window)) return window;
  }
  return std::nullopt;
}

bool NeedsReading(ServiceOrderType type) {
  return type == ServiceOrderType::kTurnOn || type == ServiceOrderType::kFinalRead ||
         type == ServiceOrderType::kReread;
}

bool NeedsMeter(ServiceOrderType type) { return type != ServiceOrderType::kInvestigate; }

bool NeedsWaiver(ServiceOrderType type) { return type == ServiceOrderType::kTurnOn; }

const char* ServiceOrderActionCode(ServiceOrderAction action) {
  switch (action) {
    case ServiceOrderAction::kDispatch:
      return "dispatch";
    case ServiceOrderAction::kComplete:
      return "complete";
    case ServiceOrderAction::kCancel:
      return "cancel";
  }
  return "dispatch";
}

Result<ServiceOrderStatus> CanTransition(ServiceOrderStatus from, ServiceOrderAction action) {
  const std::string verb = action == ServiceOrderAction::kDispatch   ? "dispatched"
                           : action == ServiceOrderAction::kComplete ? "completed"
                                                                     : "cancelled";
  switch (from) {
    case ServiceOrderStatus::kCompleted:
      return Error::FailedPrecondition(
          "ORDER_COMPLETED", "This service order is already completed; it cannot be " + verb + ".",
          "status");
    case ServiceOrderStatus::kCancelled:
      return Error::FailedPrecondition(
          "ORDER_CANCELLED", "This service order was cancelled; it cannot be " + verb + ".",
          "status");
    case ServiceOrderStatus::kOpen:
    case ServiceOrderStatus::kDispatched:
      break;
  }
  switch (action) {
    case ServiceOrderAction::kDispatch:
      return ServiceOrderStatus::kDispatched;
    case ServiceOrderAction::kComplete:
      return ServiceOrderStatus::kCompleted;
    case ServiceOrderAction::kCancel:
      return ServiceOrderStatus::kCancelled;
  }
  return Error::Internal("ACTION_UNKNOWN", "Unknown service order action.");
}

Status ValidateServiceOrderDraft(const ServiceOrderDraft& draft, Date today) {
  if (!draft.has_premise) {
    return Error::InvalidArgument("premise_id", "FIELD_REQUIRED",
                                  "Say where: give the account or the premise.");
  }
  if (!draft.requested_on) {
    return Error::InvalidArgument("requested_on", "FIELD_REQUIRED", "requested_on is required.");
  }
  if (*draft.requested_on < today) {
    return Error::InvalidArgument(
        "requested_on", "DATE_IN_PAST",
        "The requested date " + FormatDate(*draft.requested_on) + " is in the past.");
  }
  if (*draft.requested_on > AddDays(today, kServiceOrderDaysAheadMax)) {
    return Error::InvalidArgument("requested_on", "DATE_TOO_FAR",
                                  "The requested date is more than a year ahead.");
  }
  if (NeedsWaiver(draft.type) && draft.window == ServiceWindow::kAnyTime) {
    return Error::InvalidArgument(
        "window", "WINDOW_REQUIRED",
        "A turn-on needs a morning (8-10 AM) or afternoon (1-3 PM) window: someone must be "
        "present to sign the waiver.");
  }
  if (draft.type == ServiceOrderType::kReread && !draft.has_reading_exception) {
    return Error::InvalidArgument("reading_exception_id", "FIELD_REQUIRED",
                                  "A re-read names the readings exception it answers.");
  }
  if (draft.type != ServiceOrderType::kReread && draft.has_reading_exception) {
    return Error::InvalidArgument("reading_exception_id", "FIELD_NOT_ALLOWED",
                                  "Only a re-read names a readings exception.");
  }
  if (NeedsMeter(draft.type) && !draft.has_meter) {
    return Error::InvalidArgument("meter_id", "METER_REQUIRED",
                                  "This order needs a meter, and none is set at the premise.");
  }
  return CheckLength(draft.remarks, kServiceOrderRemarksLengthMax, "remarks");
}

Status ValidateServiceOrderCompletion(ServiceOrderType type,
                                      const ServiceOrderCompletion& completion, Date created_on,
                                      Date today) {
  if (NeedsReading(type) && !completion.reading) {
    return Error::InvalidArgument("reading", "READING_REQUIRED",
                                  std::string("Completing a ") + ServiceOrderTypeName(type) +
                                      " order needs the meter's reading.");
  }
  if (completion.reading && *completion.reading < 0) {
    return Error::InvalidArgument("reading", "READING_OUT_OF_RANGE",
                                  "A reading is a whole number from 0.");
  }
  const Date on = completion.completed_on.value_or(today);
  if (on > today) {
    return Error::InvalidArgument("completed_on", "DATE_IN_FUTURE",
                                  "An order cannot be completed after today.");
  }
  if (on < created_on) {
    return Error::InvalidArgument("completed_on", "DATE_BEFORE_ORDER",
                                  "An order cannot be completed before it was created.");
  }
  if (NeedsWaiver(type)) {
    if (Trim(completion.present_person).empty()) {
      return Error::InvalidArgument("present_person", "PERSON_REQUIRED",
                                    "Name the person present who signed the waiver.");
    }
    if (!completion.waiver_signed) {
      return Error::InvalidArgument(
          "waiver_signed", "WAIVER_REQUIRED",
          "The meter is turned on only after the person present signs the waiver.");
    }
  }
  CISTERN_RETURN_IF_ERROR(
      CheckLength(completion.worked_by, kServiceOrderNameLengthMax, "worked_by"));
  CISTERN_RETURN_IF_ERROR(
      CheckLength(completion.present_person, kServiceOrderNameLengthMax, "present_person"));
  return CheckLength(completion.remarks, kServiceOrderRemarksLengthMax, "remarks");
}

}  // namespace cistern
