// The rate audit report: services whose rate class does not fit their premise or customer (a
// commercial class on a single-family premise, an inside-city rate outside city limits, a senior
// or low-income rate without a current eligibility, a sewer cap missing its winter average).
// Keeping rates consistent with the city code is the CSRs' duty; this is their work list.
// domain/rates/rate_audit.h has the rules.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/app_context.h"
#include "core/account_number.h"
#include "domain/auth/roles.h"
#include "domain/rates/rate_audit.h"

namespace cistern {

// Findings listed at most; the counts always cover every finding.
constexpr int kRateAuditFindingsMax = 100'000;

struct RateAuditLine {
  AccountId account_id;
  AccountNumber account_number;
  std::string customer_name;
  std::string service_address;
  ServiceId service_id;
  std::string service;          // "water"
  std::string rate_class;       // "commercial"
  std::string rate_class_name;  // "Commercial water meter"; "" when the class is unknown
  RateAuditKind kind = RateAuditKind::kClassUnknown;
  std::string detail;
};

struct RateAuditReport {
  Date as_of{};
  std::string rate_version;  // the label of the rates in effect on as_of; "" when none
  int accounts_checked = 0;
  int services_checked = 0;
  int accounts_with_findings = 0;
  // Every kind, in AllRateAuditKinds() order, with its number of findings (zeros included).
  std::vector<std::pair<RateAuditKind, int>> counts;
  int findings_total = 0;   // of every kind
  int findings_listed = 0;  // of the filter's kind (all of them, unless truncated)
  bool truncated = false;   // more than the filter's findings_max: `findings` has the first ones
  std::vector<RateAuditLine> findings;  // by account id, then service id
};

struct RateAuditFilter {
  std::optional<RateAuditKind> kind;         // list only this kind (the counts cover all)
  int findings_max = kRateAuditFindingsMax;  // list at most this many (1..the maximum)
};

// Audits every open service of the active and final accounts against the rates in effect on
// `as_of` (one consistent read). Needs Permission::kAuditRates
// (every role but field staff).
Result<RateAuditReport> RateAudit(const AppContext& context, const Caller& caller, Date as_of,
                                  const RateAuditFilter& filter = {});

}  // namespace cistern
