#include "http/billing_views.h"

#include "http/ledger_views.h"

namespace cistern::http {
namespace {

json OptionalDateJson(const std::optional<Date>& date) {
  return date ? json(FormatDate(*date)) : json(nullptr);
}

json GallonsJson(const Quantity& gallons) {
  return {{"exact", gallons.ToString()},
          {"whole", gallons.RoundTo(0, RoundingRule::kHalfUp).numerator()}};
}

json UsageJson(const std::vector<BillUsage>& usage) {
  json rows = json::array();
  for (const BillUsage& month : usage) {
    rows.push_back({{"period_start", FormatDate(month.period_first)},
                    {"period_end", FormatDate(month.period_last)},
                    {"usage_gallons", GallonsJson(month.usage_gallons)},
                    {"estimated", month.estimated},
                    {"current_charges", MoneyJson(month.current_charges)}});
  }
  return rows;
}

}  // namespace

json ServiceJson(const ServiceRecord& service) {
  return {{"id", IdText(kServicePrefix, service.id.value())},
          {"account_id", IdText(kAccountPrefix, service.account_id.value())},
          {"service", service.service},
          {"rate_class", service.rate_class},
          {"units", service.units},
          {"starts_on", FormatDate(service.starts_on)},
          {"ends_on", OptionalDateJson(service.ends_on)}};
}

json MeterJson(const Meter& meter, const MeterInstall& install) {
  return {{"id", IdText(kMeterPrefix, meter.id.value())},
          {"serial", meter.serial},
          {"make", meter.make},
          {"model", meter.model},
          {"size", meter.size},
          {"dials", meter.dials},
          {"multiplier", meter.multiplier},
          {"unit", UsageUnitCode(meter.unit)},
          {"premise_id", IdText(kPremisePrefix, install.premise_id.value())},
          {"route_sequence", install.route_sequence},
          {"set_on", FormatDate(install.installed_on)},
          {"removed_on", OptionalDateJson(install.removed_on)}};
}

json ReadingJson(const Reading& reading) {
  return {{"id", IdText(kReadingPrefix, reading.id.value())},
          {"meter_id", IdText(kMeterPrefix, reading.meter_id.value())},
          {"read_on", FormatDate(reading.read_on)},
          {"value", reading.value},
          {"kind", ReadingKindCode(reading.kind)},
          {"status", ReadingStatusCode(reading.status)},
          {"source", reading.source},
          {"reader", reading.reader},
          {"replaces", reading.replaces ? json(IdText(kReadingPrefix, reading.replaces->value()))
                                        : json(nullptr)}};
}

json AccountMeteringJson(const AccountMetering& metering) {
  json services = json::array();
  for (const ServiceRecord& service : metering.services) services.push_back(ServiceJson(service));
  json meters = json::array();
  for (const MeterView& view : metering.meters) {
    json meter = MeterJson(view.meter, view.install);
    json readings = json::array();
    for (const Reading& reading : view.readings) readings.push_back(ReadingJson(reading));
    meter["readings"] = std::move(readings);
    meters.push_back(std::move(meter));
  }
  return {{"services", std::move(services)},
          {"meters", std::move(meters)},
          {"usage", UsageJson(metering.usage)}};
}

json ReadingOutcomeJson(const ReadingOutcome& outcome) {
  return {
      {"reading", ReadingJson(outcome.reading)},
      {"usage_gallons", GallonsJson(outcome.usage_gallons)},
      {"rolled_over", outcome.rolled_over},
      {"exception", outcome.exception ? ReadingExceptionJson(*outcome.exception) : json(nullptr)}};
}

json ReadingExceptionJson(const ReadingException& exception) {
  return {{"id", IdText(kReadingExceptionPrefix, exception.id.value())},
          {"kind", ReadingExceptionKindCode(exception.kind)},
          {"kind_name", ReadingExceptionKindName(exception.kind)},
          {"status", ExceptionStatusCode(exception.status)},
          {"reading_id", exception.reading_id
                             ? json(IdText(kReadingPrefix, exception.reading_id->value()))
                             : json(nullptr)},
          {"meter_id", exception.meter_id ? json(IdText(kMeterPrefix, exception.meter_id->value()))
                                          : json(nullptr)},
          {"meter_serial", exception.meter_serial},
          {"route", exception.route},
          {"read_on", OptionalDateJson(exception.read_on)},
          {"value", exception.value ? json(*exception.value) : json(nullptr)},
          {"detail", exception.detail},
          {"source", exception.source},
          {"raised_at", FormatInstant(exception.raised_at)},
          {"resolved_at",
           exception.resolved_at ? json(FormatInstant(*exception.resolved_at)) : json(nullptr)},
          {"resolution_reason", exception.resolution_reason},
          {"account_id", exception.account_id
                             ? json(IdText(kAccountPrefix, exception.account_id->value()))
                             : json(nullptr)},
          {"account_number", exception.account_number},
          {"service_address", exception.service_address},
          {"resolution_value",
           exception.resolution_value ? json(*exception.resolution_value) : json(nullptr)}};
}

json ReadingImportJson(const ReadingImportReport& report) {
  json problems = json::array();
  for (const ReadingFileProblem& problem : report.problems) {
    problems.push_back(
        {{"line", problem.line}, {"field", problem.field}, {"message", problem.message}});
  }
  return {{"imported", report.imported()},   {"lines", report.lines},
          {"ready", report.ready},           {"held", report.held},
          {"skipped", report.skipped},       {"unknown_meters", report.unknown_meters},
          {"duplicates", report.duplicates}, {"already_imported", report.already_imported},
          {"missing", report.missing},       {"problems", std::move(problems)}};
}

json RunJson(const BillingRun& run) {
  return {{"id", IdText(kRunPrefix, run.id.value())},
          {"cycle", run.cycle},
          {"period_start", FormatDate(run.period_first)},
          {"period_end", FormatDate(run.period_last)},
          {"bill_date", FormatDate(run.bill_date)},
          {"due_date", FormatDate(run.due_date)},
          {"message", run.message},
          {"status", RunStatusCode(run.status)},
          {"created_at", FormatInstant(run.created_at)},
          {"approved_at", run.approved_at ? json(FormatInstant(*run.approved_at)) : json(nullptr)},
          {"posted_at", run.posted_at ? json(FormatInstant(*run.posted_at)) : json(nullptr)},
          {"preview",
           {{"accounts", run.preview_accounts},
            {"bills", run.preview_bills},
            {"exceptions", run.preview_exceptions},
            {"current_charges", MoneyJson(run.preview_charges)}}}};
}

json RunViewJson(const BillingRunView& view) {
  json body = RunJson(view.run);
  body["bills_posted"] = view.bills_posted;
  if (!view.summarized) {
    body["summary"] = nullptr;  // not computed: an approval, or a run that is posting
    return body;
  }
  const RunSummary& summary = view.summary;
  const auto by_service_json = [](const std::map<std::string, Money>& charges) {
    json list = json::array();
    for (const auto& [service, amount] : charges) {
      list.push_back({{"service", service}, {"amount", MoneyJson(amount)}});
    }
    return list;
  };
  const auto exceptions_json = [](const std::vector<RunException>& found) {
    json list = json::array();
    for (const RunException& exception : found) {
      list.push_back({{"account_id", IdText(kAccountPrefix, exception.account_id.value())},
                      {"account_number", exception.account_number},
                      {"kind", RunExceptionKindCode(exception.kind)},
                      {"blocking", RunExceptionBlocks(exception.kind)},
                      {"detail", exception.detail}});
    }
    return list;
  };
  json by_service = by_service_json(summary.charges_by_service);
  json by_kind = json::object();
  for (const auto& [kind, count] : summary.exceptions_by_kind) by_kind[kind] = count;
  json exceptions = exceptions_json(summary.exceptions);
  body["summary"] = {{"accounts", summary.accounts},
                     {"billable", summary.billable},
                     {"already_billed", summary.already_billed},
                     {"blocked", summary.blocked},
                     {"current_charges", MoneyJson(summary.current_charges)},
                     {"total_due", MoneyJson(summary.total_due)},
                     {"charges_by_service", std::move(by_service)},
                     {"exceptions_by_kind", std::move(by_kind)},
                     {"exceptions", std::move(exceptions)}};
  body["bills_posted"] = view.bills_posted;
  body["posted"] = {{"charges_by_service", by_service_json(view.posted_charges_by_service)},
                    {"exceptions", exceptions_json(view.posted_exceptions)}};
  return body;
}

json BillSummaryJson(const Bill& bill) {
  return {{"id", IdText(kBillPrefix, bill.id.value())},
          {"number", "B-" + std::to_string(bill.id.value())},
          {"account_id", IdText(kAccountPrefix, bill.account_id.value())},
          {"run_id", bill.run_id ? json(IdText(kRunPrefix, bill.run_id->value())) : json(nullptr)},
          {"period_start", FormatDate(bill.period_first)},
          {"period_end", FormatDate(bill.period_last)},
          {"bill_date", FormatDate(bill.bill_date)},
          {"due_date", FormatDate(bill.due_date)},
          {"previous_balance", MoneyJson(bill.previous_balance)},
          {"payments", MoneyJson(bill.payments)},
          {"adjustments", MoneyJson(bill.adjustments)},
          {"current_charges", MoneyJson(bill.current_charges)},
          {"total_due", MoneyJson(bill.total_due)},
          {"late_amount", MoneyJson(bill.late_amount)},
          {"late_after", FormatDate(bill.late_after)},
          {"usage_gallons", GallonsJson(bill.usage_gallons)},
          {"estimated", bill.estimated},
          {"status", bill.status == BillStatus::kPosted ? "posted" : "cancelled"},
          {"cancel_reason", bill.cancel_reason},
          {"replaces_bill_id", bill.replaces_bill_id
                                   ? json(IdText(kBillPrefix, bill.replaces_bill_id->value()))
                                   : json(nullptr)}};
}

json BillViewJson(const BillView& view) {
  json body = BillSummaryJson(view.bill);
  json lines = json::array();
  for (const BillLine& line : view.bill.lines) {
    lines.push_back(
        {{"service", line.service},
         {"fund", line.fund},
         {"step", line.step},
         {"description", line.description},
         {"quantity", line.quantity ? json(line.quantity->ToString()) : json(nullptr)},
         {"unit", line.unit},
         {"unit_price", line.price ? json(line.price->ToDecimalString()) : json(nullptr)},
         {"amount", MoneyJson(line.amount)},
         {"version", line.version}});
  }
  json readings = json::array();
  for (const BillReading& reading : view.bill.readings) {
    readings.push_back({{"meter_id", IdText(kMeterPrefix, reading.meter_id.value())},
                        {"meter_serial", reading.meter_serial},
                        {"previous_read_on", FormatDate(reading.previous_read_on)},
                        {"previous_value", reading.previous_value},
                        {"current_read_on", FormatDate(reading.current_read_on)},
                        {"current_value", reading.current_value},
                        {"usage_gallons", GallonsJson(reading.usage_gallons)},
                        {"estimated", reading.estimated}});
  }
  body["lines"] = std::move(lines);
  body["readings"] = std::move(readings);
  body["account_number"] = view.account_number;
  body["customer_name"] = view.customer_name;
  body["service_address"] = view.service_address;
  body["message"] = view.cycle_message;
  body["service_ended_on"] = OptionalDateJson(view.service_ended_on);
  body["usage_history"] = UsageJson(view.usage_history);
  return body;
}

}  // namespace cistern::http
