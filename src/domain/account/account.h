// Account: who pays for service at a premise, and where the bill goes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/account_number.h"
#include "core/date.h"
#include "core/id.h"
#include "domain/customer/address.h"

namespace cistern {

// pending: created, service not yet on. active: billing. final: service stopped, final bill
// issued, balance may remain. closed: final and settled to zero.
enum class AccountStatus { kPending, kActive, kFinal, kClosed };

const char* AccountStatusCode(AccountStatus status);  // "pending", ...
std::optional<AccountStatus> ParseAccountStatus(std::string_view code);

// Account numbers are this sequence or later, so that every number has ten digits (nine plus
// the check digit) and none looks like a small integer.
constexpr std::int64_t kFirstAccountNumberSequence = 100000000;

struct Account {
  AccountId id;
  AccountNumber number;
  CustomerId customer_id;
  PremiseId premise_id;
  Address mailing_address;
  AccountStatus status = AccountStatus::kPending;
  Date opened_on;
  std::optional<Date> closed_on;
  // While set and not past, the account pays only in cash or certified funds (after a returned
  // check or ACH).
  std::optional<Date> cash_only_until;
  int version = 0;
};

}  // namespace cistern
