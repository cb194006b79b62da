// Use cases for eligibilities: a customer's verified membership in a rate program (senior,
// low income) that billing applies only while current, and the report of those expiring soon.
//
// Programs are the ones the loaded rates name (a rate class's or a discount's `program`), so a
// program can be added by loading rates, not by changing code. The senior program is proved by
// the birth date (65 or older on the verification date); every other program by a qualifying
// document's reference. The verifier is always the signed-in caller.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/store/customer_change_repository.h"
#include "domain/auth/roles.h"
#include "domain/customer/eligibility.h"

namespace cistern {

struct EligibilityRequest {
  std::string program;             // ignored by RenewEligibility (the renewed one's program)
  std::optional<Date> birth_date;  // senior: default the customer's date of birth on file
  std::string document;
  std::optional<Date> verified_on;  // default: today
  Date renews_on;
};

// Needs Permission::kWriteAccounts. Refuses an unknown customer (NOT_FOUND "customer_id"), a
// customer whose accounts are all closed (CUSTOMER_CLOSED), a proof that fails
// ValidateEligibilityProof, and a program the customer already holds and that is not yet
// expired, ended or renewed (CONFLICT ELIGIBILITY_EXISTS, "program": renew it instead).
// Audited as "eligibility.create" on the customer.
Result<Eligibility> AddEligibility(const AppContext& context, const Caller& caller,
                                   CustomerId customer, EligibilityRequest request);

// A new verification of the same program: a new record that renews `id`; the old one stays, and
// stops being current the day before the renewal's verified_on. Refuses an ended or already
// renewed eligibility (FAILED_PRECONDITION ELIGIBILITY_ENDED / ELIGIBILITY_RENEWED) and a
// verification date before the old one's. Audited as "eligibility.renew".
Result<Eligibility> RenewEligibility(const AppContext& context, const Caller& caller,
                                     EligibilityId id, EligibilityRequest request);

struct EndEligibilityRequest {
  std::optional<Date> ended_on;  // the last day it applies; default: today
  std::string reason;            // required: why the customer no longer qualifies
};

// Ends an eligibility early: billing stops applying it after ended_on. The record stays. Refuses
// an ended or renewed one (FAILED_PRECONDITION), an end before the verification, after its
// current renewal date or more than 90 days back ("ended_on"), and an empty reason ("reason").
// Audited as "eligibility.end".
Result<Eligibility> EndEligibility(const AppContext& context, const Caller& caller,
                                   EligibilityId id, EndEligibilityRequest request);

// The customer's eligibilities, newest first. Needs Permission::kReadAccounts; birth dates are
// blanked for a confidential customer when the caller may not see contacts.
Result<std::vector<Eligibility>> ListEligibilities(const AppContext& context, const Caller& caller,
                                                   CustomerId customer);

// The programs the loaded rates name, sorted ("senior"). Needs Permission::kReadAccounts.
Result<std::vector<std::string>> ListEligibilityPrograms(const AppContext& context,
                                                         const Caller& caller);

constexpr int kExpiringDaysDefault = 60;
constexpr int kExpiringDaysMax = 366;

// Eligibilities (neither ended nor renewed) whose renewal date is in today..today+days, one row
// per open account of the customer. Needs Permission::kReadReports.
Result<std::vector<ExpiringEligibility>> ListExpiringEligibilities(const AppContext& context,
                                                                   const Caller& caller,
                                                                   int days = kExpiringDaysDefault);

}  // namespace cistern
