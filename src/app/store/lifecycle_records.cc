#include "app/store/lifecycle_repository.h"

namespace cistern {

const char* LifecycleKindCode(LifecycleKind kind) {
  return kind == LifecycleKind::kStart ? "start" : "stop";
}

std::optional<LifecycleKind> ParseLifecycleKind(std::string_view code) {
  if (code == "start") return LifecycleKind::kStart;
  if (code == "stop") return LifecycleKind::kStop;
  return std::nullopt;
}

const char* LifecycleStatusCode(LifecycleStatus status) {
  switch (status) {
    case LifecycleStatus::kOpen:
      return "open";
    case LifecycleStatus::kCompleted:
      return "completed";
    case LifecycleStatus::kCancelled:
      return "cancelled";
  }
  return "open";
}

std::optional<LifecycleStatus> ParseLifecycleStatus(std::string_view code) {
  if (code == "open") return LifecycleStatus::kOpen;
  if (code == "completed") return LifecycleStatus::kCompleted;
  if (code == "cancelled") return LifecycleStatus::kCancelled;
  return std::nullopt;
}

}  // namespace cistern
