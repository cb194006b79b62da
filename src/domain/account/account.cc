#include "domain/account/account.h"

namespace cistern {

const char* AccountStatusCode(AccountStatus status) {
  switch (status) {
    case AccountStatus::kPending:
      return "pending";
    case AccountStatus::kActive:
      return "active";
    case AccountStatus::kFinal:
      return "final";
    case AccountStatus::kClosed:
      return "closed";
  }
  return "pending";
}

std::optional<AccountStatus> ParseAccountStatus(std::string_view code) {
  if (code == "pending") return AccountStatus::kPending;
  if (code == "active") return AccountStatus::kActive;
  if (code == "final") return AccountStatus::kFinal;
  if (code == "closed") return AccountStatus::kClosed;
  return std::nullopt;
}

}  // namespace cistern
