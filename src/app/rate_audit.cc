#include "app/rate_audit.h"

#include <map>

#include "app/rate_book.h"
#include "core/check.h"

namespace cistern {

Result<RateAuditReport> RateAudit(const AppContext& context, const Caller& caller, Date as_of,
                                  const RateAuditFilter& filter) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kAuditRates));
  CISTERN_CHECK(filter.findings_max >= 1 && filter.findings_max <= kRateAuditFindingsMax,
                "findings_max out of range");
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(auto book, LoadedRateBook(context, *transaction));
  const RateVersion* version = book->InEffectOn(as_of);

  RateAuditReport report;
  report.as_of = as_of;
  if (version != nullptr) report.rate_version = version->label;
  std::map<RateAuditKind, int> counts;
  AccountId last_account;
  AccountId last_flagged;
  ServiceRateFacts facts;
  CISTERN_RETURN_IF_ERROR(transaction->metering().ForEachServiceToAudit(
      as_of, [&](const MeteringRepository::ServiceToAudit& item) -> Status {
        ++report.services_checked;
        if (item.service.account_id != last_account) {
          ++report.accounts_checked;
          last_account = item.service.account_id;
        }
        facts.service = item.service.service;
        facts.rate_class = item.service.rate_class;
        facts.starts_on = item.service.starts_on;
        facts.premise_type = item.premise_type;
        facts.city_limits = item.city_limits;
        facts.customer_kind = item.customer_kind;
        facts.programs = item.programs;
        facts.has_winter_average = item.has_winter_average;
        // A service that starts after the date (a move-in set up ahead) is checked against the
        // rates it will be billed under: those in effect on its first day.
        const RateVersion* rates =
            item.service.starts_on > as_of ? book->InEffectOn(item.service.starts_on) : version;
        std::vector<RateAuditFinding> found = AuditServiceRate(rates, facts, as_of);
        if (found.empty()) return OkStatus();
        if (item.service.account_id != last_flagged) {
          ++report.accounts_with_findings;
          last_flagged = item.service.account_id;
        }
        std::string class_name;
        if (rates != nullptr) {
          if (const RateService* service = rates->FindService(item.service.service)) {
            if (const RateClass* rate_class = service->FindClass(item.service.rate_class)) {
              class_name = rate_class->name;
            }
          }
        }
        for (RateAuditFinding& finding : found) {
          ++counts[finding.kind];
          ++report.findings_total;
          if (filter.kind && finding.kind != *filter.kind) continue;
          ++report.findings_listed;
          if (static_cast<int>(report.findings.size()) >= filter.findings_max) {
            report.truncated = true;
            continue;
          }
          RateAuditLine line;
          line.account_id = item.service.account_id;
          line.account_number = item.account_number;
          line.customer_name = item.customer_name;
          line.service_address = item.service_address;
          line.service_id = item.service.id;
          line.service = item.service.service;
          line.rate_class = item.service.rate_class;
          line.rate_class_name = class_name;
          line.kind = finding.kind;
          line.detail = std::move(finding.detail);
          report.findings.push_back(std::move(line));
        }
        return OkStatus();
      }));
  for (RateAuditKind kind : AllRateAuditKinds()) {
    report.counts.emplace_back(kind, counts[kind]);
  }
  return report;
}

}  // namespace cistern
