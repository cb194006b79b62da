#include "app/store/billing_records.h"

namespace cistern {
namespace {

constexpr std::pair<ExceptionStatus, const char*> kExceptionStatuses[] = {
    {ExceptionStatus::kOpen, "open"},
    {ExceptionStatus::kAccepted, "accepted"},
    {ExceptionStatus::kEdited, "edited"},
    {ExceptionStatus::kRereadRequested, "reread_requested"},
    {ExceptionStatus::kEstimated, "estimated"},
    {ExceptionStatus::kRereadReceived, "reread_received"},
    {ExceptionStatus::kDismissed, "dismissed"},
};

constexpr std::pair<RunStatus, const char*> kRunStatuses[] = {
    {RunStatus::kPreviewed, "previewed"}, {RunStatus::kApproved, "approved"},
    {RunStatus::kPosting, "posting"},     {RunStatus::kPosted, "posted"},
    {RunStatus::kDiscarded, "discarded"},
};

}  // namespace

const char* ExceptionStatusCode(ExceptionStatus status) {
  for (const auto& [value, code] : kExceptionStatuses) {
    if (value == status) return code;
  }
  return "open";
}

std::optional<ExceptionStatus> ParseExceptionStatus(std::string_view code) {
  for (const auto& [value, text] : kExceptionStatuses) {
    if (code == text) return value;
  }
  return std::nullopt;
}

const char* RunStatusCode(RunStatus status) {
  for (const auto& [value, code] : kRunStatuses) {
    if (value == status) return code;
  }
  return "previewed";
}

std::optional<RunStatus> ParseRunStatus(std::string_view code) {
  for (const auto& [value, text] : kRunStatuses) {
    if (code == text) return value;
  }
  return std::nullopt;
}

}  // namespace cistern
