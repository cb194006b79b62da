// Use cases for master changes: a customer's name, mailing address, phones or emails changed with
// an effective date, kept as history and audited (docs/api.md "Customer changes").
//
// Decisions (docs/decisions and docs/api.md say why):
// - Effective dates are today or earlier, never in the future: the customer's record always holds
//   the current values, so billing, letters and search need no "as of" logic. A change the
//   customer announces ahead (a move next month) is recorded on the day.
// - A mailing address change goes to the customer and to every account of theirs that is not
//   closed and whose mailing address was the customer's old one; an account with its own mailing
//   address (set when it was opened, e.g. in care of a property manager) keeps it.
// - Changes are refused for a customer with no account that is still open (all closed).
// - Who is responsible for an account is never changed here: that is a stop and a start.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "domain/auth/roles.h"
#include "domain/customer/customer_change.h"

namespace cistern {

struct CustomerChangeRequest {
  CustomerChangeValues values;       // the new values of one kind
  std::optional<Date> effective_on;  // default: today
  std::string reason;                // optional
  std::optional<int> version;        // the customer version the caller saw (CONFLICT if stale)
};

struct CustomerChangeOutcome {
  CustomerChange change;
  Customer customer;                            // as it is now
  std::vector<AccountId> accounts_readdressed;  // mailing address changes only
};

// Needs Permission::kWriteAccounts. Validates (ValidateChange), then in one transaction: records
// the change, updates the customer (version + 1), re-addresses open accounts for a mailing
// address change, re-indexes the customer's accounts for search, and audits the customer
// ("customer.change_<kind>") and each re-addressed account ("account.change_mailing_address").
// Refuses an unknown customer (NOT_FOUND "customer_id"), a customer whose accounts are all
// closed (FAILED_PRECONDITION CUSTOMER_CLOSED) and a stale version (CONFLICT VERSION_MISMATCH).
Result<CustomerChangeOutcome> ChangeCustomer(const AppContext& context, const Caller& caller,
                                             CustomerId customer, CustomerChangeRequest request);

// The customer's changes, newest first. Needs Permission::kReadAccounts. For a confidential
// customer and a caller who may not see contacts, contact values read "(hidden)".
Result<std::vector<CustomerChange>> ListCustomerChanges(const AppContext& context,
                                                        const Caller& caller, CustomerId customer);

}  // namespace cistern
