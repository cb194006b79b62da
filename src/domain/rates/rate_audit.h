// The rate audit: whether each service's rate class fits its premise and its customer, as the
// rate schedule states what a class is meant for (RateClass::premise_types, customer_kinds,
// location, program and winter_average). The city code puts keeping rates consistent on the
// CSRs; this is the list they work from. Pure: the facts come in, the findings go out.
//
// A class that states nothing (empty lists, location "any", no program) fits every service, so a
// schedule that leaves a rule out never produces a finding for it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "domain/customer/customer.h"
#include "domain/premise/premise.h"
#include "domain/rates/rate_schedule.h"

namespace cistern {

enum class RateAuditKind {
  kClassUnknown,          // no rates in effect, or the service or class is not in them
  kPremiseTypeMismatch,   // a commercial class on a single-family premise
  kCustomerKindMismatch,  // a residential class for a business
  kLocationMismatch,      // an inside-city class outside city limits, or the reverse
  kProgramNotCurrent,     // a senior or low-income class without a current eligibility
  kWinterAverageMissing,  // a winter-average class with no average where one is due
};
// "class_unknown", "premise_type_mismatch", "customer_kind_mismatch", "location_mismatch",
// "program_not_current", "winter_average_missing".
const char* RateAuditKindCode(RateAuditKind kind);
std::optional<RateAuditKind> ParseRateAuditKind(std::string_view code);
// Every kind, in the order above (the report's order).
const std::vector<RateAuditKind>& AllRateAuditKinds();

// What the audit knows about one service on the audit date.
struct ServiceRateFacts {
  std::string service;     // "water"
  std::string rate_class;  // "residential"
  Date starts_on{};        // the service's first day
  PremiseType premise_type = PremiseType::kSingleFamily;
  CityLimits city_limits = CityLimits::kInside;
  CustomerKind customer_kind = CustomerKind::kPerson;
  std::vector<std::string> programs;  // the customer's eligibility programs current on the date
  bool has_winter_average = false;    // the account has an average computed on or before the date
};

struct RateAuditFinding {
  RateAuditKind kind = RateAuditKind::kClassUnknown;
  std::string detail;  // one sentence for the CSR: what the class is for, and what the service is
};

// Audits one service against `version`, the rates in effect on `as_of` (nullptr: none are, and
// the one finding is class_unknown). Findings come in AllRateAuditKinds() order; none means the
// class fits.
std::vector<RateAuditFinding> AuditServiceRate(const RateVersion* version,
                                               const ServiceRateFacts& facts, Date as_of);

// Audits one service against its (found) class. The service and class codes in `facts` are not
// looked at.
std::vector<RateAuditFinding> AuditRateClass(const RateClass& rate_class,
                                             const ServiceRateFacts& facts, Date as_of);

// Whether an account on a winter-average class should have an average by `as_of`.
//
// Billing computes averages only on the bills of the rule's recompute month, from the twelve
// months before it (WinterAverageWindow), and only when the account has at least as many billed
// months in that window as the rule keeps (`lowest`, or every listed month). Until then a new
// account is billed on the default cap by design, so a missing average is a finding only when:
// - the latest recompute has had time to run: the recompute month's bills are counted as done
//   from the first day of the second month after it (April's bills by June 1), and
// - the service was on for enough whole calendar months of that recompute's window (a service
//   that starts mid-month counts from the next month).
// With Moore's rule (April, 4 lowest months) an account whose service started on January 15 has
// only February and March in that April's window, and is not flagged until the next April's
// average is due.
bool WinterAverageExpected(const WinterAverageRule& rule, Date service_starts_on, Date as_of);

}  // namespace cistern
