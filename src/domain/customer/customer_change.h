// Master changes: a customer's name, mailing address, phones or emails changed with an effective
// date, kept as history (docs/api.md "Customer changes").
//
// A change takes effect on its effective date, which is never in the future: a CSR records it on
// or after the day it applies (the marriage, the move), so the customer's record always holds the
// current values and nothing has to be applied later. Back-dating is allowed, but not before the
// customer's first account opened nor before the latest change of the same kind, so that the
// history of each kind reads in order and each change's "before" is the one before it.
//
// Who is responsible for an account is not a master change: that is a stop and a start.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/result.h"
#include "domain/audit/audit_event.h"
#include "domain/customer/customer.h"

namespace cistern {

using CustomerChangeId = Id<struct CustomerChangeTag>;

enum class CustomerChangeKind { kName, kMailingAddress, kPhones, kEmails };

// "name", "mailing_address", "phones", "emails".
const char* CustomerChangeKindCode(CustomerChangeKind kind);
std::optional<CustomerChangeKind> ParseCustomerChangeKind(std::string_view code);

// The new values of one change; only those of `kind` are read.
struct CustomerChangeValues {
  CustomerChangeKind kind = CustomerChangeKind::kName;
  std::string first_name;
  std::string last_name;
  std::string business_name;
  Address mailing_address;
  std::vector<Phone> phones;
  std::vector<std::string> emails;
};

// One recorded change: the values of its kind before and after, flattened like the audit log
// ("first_name", "phones[0].number", "mailing_address.city").
struct CustomerChange {
  CustomerChangeId id;
  CustomerId customer_id;
  CustomerChangeKind kind = CustomerChangeKind::kName;
  Date effective_on;
  std::string reason;  // optional: "Marriage certificate seen"
  UserId recorded_by;  // invalid for the system
  std::string recorded_by_name;
  Instant recorded_at;
  FieldValues before;
  FieldValues after;
};

// How far back a change may be dated, at most (and never before the first account opened).
constexpr int kChangeDaysBackMax = 366;
constexpr std::size_t kChangeReasonLengthMax = 200;

// The fields of `kind` in `customer`, flattened in a stable order.
FieldValues ChangeFields(CustomerChangeKind kind, const Customer& customer);

// `customer` with the values of `change` put in place, normalized like a new customer.
Customer ApplyChange(Customer customer, const CustomerChangeValues& change);

// Everything a change must pass that needs no database:
// - the changed customer validates with the rules of a new customer (phone and email formats,
//   names, address), with errors naming the request's field ("phones[1].number", "last_name");
// - the values differ from the current ones (CHANGE_UNCHANGED naming the kind's field);
// - the effective date is not after `today` (EFFECTIVE_DATE_IN_FUTURE), not more than
//   kChangeDaysBackMax days back, not before `earliest` (the first account's opening,
//   EFFECTIVE_DATE_BEFORE_OPENING) and not before `latest_same_kind` (the latest change of this
//   kind, EFFECTIVE_DATE_BEFORE_LAST_CHANGE), all naming "effective_on";
// - the reason has at most kChangeReasonLengthMax characters.
// `current` and `changed` are normalized customers (see ApplyChange).
Status ValidateChange(const Customer& current, const Customer& changed, CustomerChangeKind kind,
                      Date effective_on, Date today, Date earliest,
                      std::optional<Date> latest_same_kind, const std::string& reason);

}  // namespace cistern
