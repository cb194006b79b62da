// The rate audit report: services whose rate class does not fit their premise or customer, as
// JSON or as a CSV download (docs/api.md).
#include "app/rate_audit.h"
#include "http/billing_views.h"
#include "http/csv.h"
#include "http/money_request.h"
#include "http/router.h"

namespace cistern::http {
namespace {

// The JSON lists at most this many findings (the console shows a few hundred); the CSV has them
// all, up to kRateAuditFindingsMax.
constexpr int kJsonFindingsMax = 1000;

// ?date= (default today) and ?kind= (one finding kind; default all).
Result<RateAuditReport> RunAudit(const ApiRequest& request, int findings_max) {
  CISTERN_ASSIGN_OR_RETURN(std::optional<Date> date, QueryDate(request, "date"));
  RateAuditFilter filter;
  filter.findings_max = findings_max;
  if (auto kind = request.Query("kind"); kind && !kind->empty()) {
    filter.kind = ParseRateAuditKind(*kind);
    if (!filter.kind) {
      return Error::InvalidArgument("kind", "RATE_AUDIT_KIND_UNKNOWN",
                                    "The kind is one of class_unknown, premise_type_mismatch,"
                                    " customer_kind_mismatch, location_mismatch,"
                                    " program_not_current or winter_average_missing.");
    }
  }
  return RateAudit(request.app, request.caller(), date.value_or(request.app.Today()), filter);
}

ApiReply RateAuditCsv(const RateAuditReport& report) {
  CsvWriter csv;
  csv.Row({"as_of", "account_id", "account_number", "customer_name", "service_address",
           "service_id", "service", "rate_class", "rate_class_name", "kind", "detail"});
  for (const RateAuditLine& line : report.findings) {
    csv.Row({FormatDate(report.as_of), IdText(kAccountPrefix, line.account_id.value()),
             line.account_number.text(), line.customer_name, line.service_address,
             IdText(kServicePrefix, line.service_id.value()), line.service, line.rate_class,
             line.rate_class_name, RateAuditKindCode(line.kind), line.detail});
  }
  return File(csv.text(), "text/csv; charset=utf-8",
              "rate-audit-" + FormatDate(report.as_of) + ".csv");
}

Result<ApiReply> RateAuditCsvHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(RateAuditReport report, RunAudit(request, kRateAuditFindingsMax));
  return RateAuditCsv(report);
}

Result<ApiReply> RateAuditHandler(const ApiRequest& request) {
  // Like the other reports, format=csv downloads the same report.
  if (request.Query("format").value_or("") == "csv") return RateAuditCsvHandler(request);
  CISTERN_ASSIGN_OR_RETURN(RateAuditReport report, RunAudit(request, kJsonFindingsMax));
  const std::optional<std::string> kind_query = request.Query("kind");
  const json report_kind = kind_query && !kind_query->empty() ? json(*kind_query) : json(nullptr);
  json counts = json::array();
  for (const auto& [kind, count] : report.counts) {
    counts.push_back({{"kind", RateAuditKindCode(kind)}, {"count", count}});
  }
  json data = json::array();
  for (const RateAuditLine& line : report.findings) {
    data.push_back({{"account_id", IdText(kAccountPrefix, line.account_id.value())},
                    {"account_number", line.account_number.text()},
                    {"customer_name", line.customer_name},
                    {"service_address", line.service_address},
                    {"service_id", IdText(kServicePrefix, line.service_id.value())},
                    {"service", line.service},
                    {"rate_class", line.rate_class},
                    {"rate_class_name", line.rate_class_name},
                    {"kind", RateAuditKindCode(line.kind)},
                    {"detail", line.detail}});
  }
  return Ok({{"as_of", FormatDate(report.as_of)},
             {"rate_version", report.rate_version},
             {"accounts_checked", report.accounts_checked},
             {"services_checked", report.services_checked},
             {"accounts_with_findings", report.accounts_with_findings},
             {"kind", report_kind},
             {"findings_total", report.findings_total},
             {"findings_listed", report.findings_listed},
             {"truncated", report.truncated},
             {"counts", std::move(counts)},
             {"data", std::move(data)}});
}

}  // namespace

void RegisterRateAuditRoutes(Router& router) {
  router.Add("GET", "/api/v1/reports/rate-audit", Access::kSignedIn, RateAuditHandler);
  router.Add("GET", "/api/v1/reports/rate-audit\\.csv", Access::kSignedIn, RateAuditCsvHandler);
}

}  // namespace cistern::http
