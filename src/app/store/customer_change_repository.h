// Master changes to customers (name, mailing address, phones, emails) with effective dates, and
// eligibility records for senior and low-income programs (issue 5).
// See repositories.h for the error conventions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/account/account.h"
#include "domain/customer/customer.h"
#include "domain/customer/customer_change.h"
#include "domain/customer/eligibility.h"

namespace cistern {

// One row of the expiring-eligibilities report: an eligibility and one open account of its
// customer (a customer with two open accounts appears twice).
struct ExpiringEligibility {
  Eligibility eligibility;
  std::string customer_name;
  AccountId account_id;
  AccountNumber account_number;
  AccountStatus account_status = AccountStatus::kActive;
};

class CustomerChangeRepository {
 public:
  virtual ~CustomerChangeRepository() = default;

  // --- master changes ---
  // Appends a change with its before and after values; `change.id` is ignored.
  virtual Result<CustomerChangeId> InsertChange(const CustomerChange& change) = 0;
  // The customer's changes, newest effective date first (then newest recorded first), with the
  // recorder's display name.
  virtual Result<std::vector<CustomerChange>> ListChanges(CustomerId customer) = 0;
  // The latest effective date of a change of `kind`, or nullopt when there is none.
  virtual Result<std::optional<Date>> LatestEffectiveOn(CustomerId customer,
                                                        CustomerChangeKind kind) = 0;
  // Writes the customer's name, mailing address, phones and emails and sets its version to
  // `customer.version`, provided the stored version is still `expected_version` (CONFLICT
  // VERSION_MISMATCH otherwise: someone else changed the customer meanwhile).
  virtual Status UpdateCustomerMaster(const Customer& customer, int expected_version) = 0;
  // Every account the customer is responsible for, in id order.
  virtual Result<std::vector<Account>> ListCustomerAccounts(CustomerId customer) = 0;
  // Sets the account's mailing address and bumps its version.
  virtual Status UpdateAccountMailingAddress(AccountId account, const Address& address) = 0;

  // --- eligibilities ---
  // Inserts with current_through = renews_on; `eligibility.id` is ignored.
  virtual Result<EligibilityId> InsertEligibility(const Eligibility& eligibility) = 0;
  virtual Result<Eligibility> GetEligibility(EligibilityId id) = 0;  // NOT_FOUND
  // The customer's eligibilities, newest verification first.
  virtual Result<std::vector<Eligibility>> ListEligibilities(CustomerId customer) = 0;
  // Records the end: ended_on, the reason, and current_through = ended_on.
  virtual Status EndEligibility(EligibilityId id, Date ended_on, const std::string& reason) = 0;
  // Brings current_through forward to `through` (never later than it was): the day before a
  // renewal takes over.
  virtual Status CurtailEligibility(EligibilityId id, Date through) = 0;
  // Eligibilities neither ended nor renewed whose renewal date is in first..last (inclusive),
  // joined to each open (not closed) account of the customer; by renewal date, then account.
  virtual Result<std::vector<ExpiringEligibility>> ListExpiring(Date first, Date last) = 0;
};

}  // namespace cistern
