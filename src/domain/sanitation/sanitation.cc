#include "domain/sanitation/sanitation.h"

#include <algorithm>

namespace cistern {
namespace {

constexpr std::size_t kRemarksLengthMax = 500;

std::string TrimText(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

bool HasLineBreak(const std::string& text) {
  return text.find_first_of("\r\n") != std::string::npos;
}

Status CheckLine(const std::string& text, const char* field, std::size_t max, const char* name) {
  if (text.size() > max) {
    return Error::InvalidArgument(
        field, "FIELD_TOO_LONG",
        std::string(name) + " is at most " + std::to_string(max) + " characters.");
  }
  if (HasLineBreak(text)) {
    return Error::InvalidArgument(field, "FIELD_INVALID",
                                  std::string(name) + " is one line of text.");
  }
  return OkStatus();
}

}  // namespace

bool MayUsePrivateHauler(PremiseType type) {
  return type == PremiseType::kCommercial || type == PremiseType::kIndustrial ||
         type == PremiseType::kInstitutional;
}

ExemptionDraft NormalizeExemptionDraft(ExemptionDraft draft) {
  draft.hauler = TrimText(draft.hauler);
  draft.permit = TrimText(draft.permit);
  return draft;
}

Status ValidateExemptionDraft(const ExemptionDraft& draft) {
  if (draft.hauler.empty()) {
    return Error::InvalidArgument("hauler", "FIELD_REQUIRED", "Name the private hauler.");
  }
  CISTERN_RETURN_IF_ERROR(CheckLine(draft.hauler, "hauler", kHaulerLengthMax, "The hauler"));
  CISTERN_RETURN_IF_ERROR(
      CheckLine(draft.permit, "permit", kPermitLengthMax, "The permit or agreement reference"));
  if (!draft.starts_on) {
    return Error::InvalidArgument("starts_on", "FIELD_REQUIRED",
                                  "Give the day the exemption starts.");
  }
  if (!draft.expires_on) {
    return Error::InvalidArgument("expires_on", "FIELD_REQUIRED",
                                  "Give the day the exemption expires.");
  }
  if (*draft.expires_on <= *draft.starts_on) {
    return Error::InvalidArgument("expires_on", "EXPIRY_NOT_AFTER_START",
                                  "The exemption must expire after the day it starts.");
  }
  return OkStatus();
}

ExemptionFlags FlagExemption(const std::string& permit, Date expires_on, Date today) {
  ExemptionFlags flags;
  flags.days_left = DaysBetween(today, expires_on);
  flags.expired = expires_on < today;
  flags.expiring = !flags.expired && flags.days_left <= kExemptionWarningDays;
  flags.missing_paperwork = TrimText(permit).empty();
  return flags;
}

const char* DumpsterStatusCode(DumpsterStatus status) {
  switch (status) {
    case DumpsterStatus::kRequested:
      return "requested";
    case DumpsterStatus::kDelivered:
      return "delivered";
    case DumpsterStatus::kRemoved:
      return "removed";
    case DumpsterStatus::kCancelled:
      return "cancelled";
  }
  return "requested";
}

std::optional<DumpsterStatus> ParseDumpsterStatus(std::string_view code) {
  for (DumpsterStatus status : {DumpsterStatus::kRequested, DumpsterStatus::kDelivered,
                                DumpsterStatus::kRemoved, DumpsterStatus::kCancelled}) {
    if (code == DumpsterStatusCode(status)) return status;
  }
  return std::nullopt;
}

const char* DumpsterActionCode(DumpsterAction action) {
  switch (action) {
    case DumpsterAction::kDeliver:
      return "deliver";
    case DumpsterAction::kEmpty:
      return "empty";
    case DumpsterAction::kRemove:
      return "remove";
    case DumpsterAction::kCancel:
      return "cancel";
  }
  return "deliver";
}

std::optional<DumpsterAction> ParseDumpsterAction(std::string_view code) {
  for (DumpsterAction action : {DumpsterAction::kDeliver, DumpsterAction::kEmpty,
                                DumpsterAction::kRemove, DumpsterAction::kCancel}) {
    if (code == DumpsterActionCode(action)) return action;
  }
  return std::nullopt;
}

const std::vector<int>& DumpsterSizes() {
  static const std::vector<int> sizes = {20, 30, 40};
  return sizes;
}

bool IsDumpsterSize(int yards) {
  const auto& sizes = DumpsterSizes();
  return std::find(sizes.begin(), sizes.end(), yards) != sizes.end();
}

std::optional<std::string> DumpsterFeeCode(DumpsterAction action) {
  switch (action) {
    case DumpsterAction::kDeliver:
      return "dumpster_delivery";
    case DumpsterAction::kEmpty:
      return "dumpster_haul";
    case DumpsterAction::kRemove:
      return "dumpster_removal";
    case DumpsterAction::kCancel:
      return std::nullopt;
  }
  return std::nullopt;
}

Result<DumpsterStatus> DumpsterTransition(DumpsterStatus status, DumpsterAction action) {
  if (status == DumpsterStatus::kRemoved) {
    return Error::FailedPrecondition(
        "DUMPSTER_REMOVED", "This dumpster has been removed; request a new one.", "status");
  }
  if (status == DumpsterStatus::kCancelled) {
    return Error::FailedPrecondition("DUMPSTER_CANCELLED", "This dumpster request was cancelled.",
                                     "status");
  }
  switch (action) {
    case DumpsterAction::kDeliver:
      if (status != DumpsterStatus::kRequested) {
        return Error::FailedPrecondition("DUMPSTER_DELIVERED",
                                         "This dumpster has already been delivered.", "status");
      }
      return DumpsterStatus::kDelivered;
    case DumpsterAction::kCancel:
      if (status != DumpsterStatus::kRequested) {
        return Error::FailedPrecondition(
            "DUMPSTER_DELIVERED", "A delivered dumpster is removed, not cancelled.", "status");
      }
      return DumpsterStatus::kCancelled;
    case DumpsterAction::kEmpty:
    case DumpsterAction::kRemove:
      if (status != DumpsterStatus::kDelivered) {
        return Error::FailedPrecondition(
            "DUMPSTER_NOT_DELIVERED",
            std::string("A dumpster not yet delivered cannot be ") +
                (action == DumpsterAction::kEmpty ? "emptied." : "removed."),
            "status");
      }
      return action == DumpsterAction::kEmpty ? DumpsterStatus::kDelivered
                                              : DumpsterStatus::kRemoved;
  }
  return status;
}

Status ValidateDumpsterRequest(const DumpsterRequestDraft& draft, Date today) {
  if (!IsDumpsterSize(draft.size_yards)) {
    return Error::InvalidArgument("size_yards", "DUMPSTER_SIZE_UNKNOWN",
                                  "A roll-off dumpster is 20, 30 or 40 cubic yards.");
  }
  if (!draft.requested_on) {
    return Error::InvalidArgument("requested_on", "FIELD_REQUIRED",
                                  "Give the day the dumpster is wanted.");
  }
  if (*draft.requested_on < today) {
    return Error::InvalidArgument("requested_on", "DATE_IN_PAST",
                                  "A dumpster cannot be requested for a day already past.");
  }
  if (draft.remarks.size() > kRemarksLengthMax) {
    return Error::InvalidArgument("remarks", "FIELD_TOO_LONG",
                                  "Remarks are at most 500 characters.");
  }
  return OkStatus();
}

Status ValidateDumpsterActionDate(Date done_on, Date today, Date not_before) {
  if (done_on > today) {
    return Error::InvalidArgument("done_on", "DATE_IN_FUTURE",
                                  "Field work cannot be recorded for a day still to come.");
  }
  if (done_on < not_before) {
    return Error::InvalidArgument("done_on", "DATE_TOO_EARLY",
                                  "That day is before the dumpster was " +
                                      std::string("requested or delivered (") +
                                      FormatDate(not_before) + ").");
  }
  return OkStatus();
}

}  // namespace cistern
