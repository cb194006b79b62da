// Finance reports, as JSON or (format=csv) as CSV downloads. docs/ledger.md documents the CSV
// layouts; the GL export's layout is the city's interface to its general ledger.
#include "app/reports.h"
#include "http/csv.h"
#include "http/ledger_views.h"
#include "http/money_request.h"
#include "http/router.h"

namespace cistern::http {
namespace {

bool WantsCsv(const ApiRequest& request) { return request.Query("format").value_or("") == "csv"; }

Result<Date> RequiredDate(const ApiRequest& request, const std::string& name, Date fallback) {
  CISTERN_ASSIGN_OR_RETURN(std::optional<Date> date, QueryDate(request, name));
  return date.value_or(fallback);
}

ApiReply Csv(const CsvWriter& csv, const std::string& name) {
  return File(csv.text(), "text/csv; charset=utf-8", name);
}

std::string GlName(const Chart& chart, const std::string& code) {
  const GlAccount* gl = chart.Find(code);
  return gl ? gl->name : "(not in chart)";
}

Result<ApiReply> DailyCashHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(Date date, RequiredDate(request, "date", request.app.Today()));
  CISTERN_ASSIGN_OR_RETURN(DailyCashReport report,
                           GetDailyCashReport(request.app, request.caller(), date));
  const Chart& chart = request.app.finance.chart;
  if (WantsCsv(request)) {
    CsvWriter csv;
    csv.Row({"section", "business_date", "key", "name", "count", "amount"});
    for (Tender tender : AllTenders()) {
      csv.Row({"tender", FormatDate(date), TenderCode(tender), TenderName(tender), "",
               report.by_tender.For(tender).ToDecimalString()});
    }
    for (const auto& total : report.by_user) {
      csv.Row({"user", FormatDate(date), TenderCode(total.tender), total.user_name,
               std::to_string(total.count), total.amount.ToDecimalString()});
    }
    for (const GlTotal& total : report.by_gl) {
      csv.Row({"gl", FormatDate(date), total.gl_code + (total.fund.empty() ? "" : "/" + total.fund),
               GlName(chart, total.gl_code), "", (total.debits + total.credits).ToDecimalString()});
    }
    return Csv(csv, "daily-cash-" + FormatDate(date) + ".csv");
  }
  json by_user = json::array();
  for (const auto& total : report.by_user) {
    by_user.push_back({{"user", UserRefJson(total.user_id, total.user_name)},
                       {"tender", TenderCode(total.tender)},
                       {"count", total.count},
                       {"amount", MoneyJson(total.amount)}});
  }
  json by_gl = json::array();
  for (const GlTotal& total : report.by_gl) {
    by_gl.push_back({{"gl_code", total.gl_code},
                     {"gl_name", GlName(chart, total.gl_code)},
                     {"fund", total.fund},
                     {"debits", MoneyJson(total.debits)},
                     {"credits", MoneyJson(total.credits)}});
  }
  json drawers = json::array();
  for (const DrawerView& view : report.drawers) drawers.push_back(DrawerJson(view));
  return Ok({{"business_date", FormatDate(date)},
             {"by_tender", TenderTotalsJson(report.by_tender)},
             {"by_user", std::move(by_user)},
             {"by_gl", std::move(by_gl)},
             {"payments_total", MoneyJson(report.payments_total)},
             {"reversals", MoneyJson(report.reversals)},
             {"cash_gl_net", MoneyJson(report.cash_gl_net)},
             {"balanced", report.balanced},
             {"drawers", std::move(drawers)},
             {"day_closed", report.day_closed}});
}

Result<ApiReply> JournalHandler(const ApiRequest& request) {
  const Date today = request.app.Today();
  CISTERN_ASSIGN_OR_RETURN(Date from, RequiredDate(request, "from", today));
  CISTERN_ASSIGN_OR_RETURN(Date to, RequiredDate(request, "to", from));
  CISTERN_ASSIGN_OR_RETURN(std::vector<JournalEntry> entries,
                           GetJournal(request.app, request.caller(), from, to));
  const Chart& chart = request.app.finance.chart;
  if (WantsCsv(request)) {
    CsvWriter csv;
    csv.Row({"entry_id", "kind", "effective_on", "posted_at", "memo", "gl_code", "gl_name", "fund",
             "account_id", "debit", "credit"});
    for (const JournalEntry& entry : entries) {
      for (const EntryLine& line : entry.lines) {
        csv.Row({IdText(kEntryPrefix, entry.id.value()), EntryKindCode(entry.kind),
                 FormatDate(entry.effective_on), FormatInstant(entry.posted_at), entry.memo,
                 line.gl_code, GlName(chart, line.gl_code), line.fund,
                 line.account_id ? IdText(kAccountPrefix, line.account_id->value()) : "",
                 line.amount.is_negative() ? "" : line.amount.ToDecimalString(),
                 line.amount.is_negative() ? (-line.amount).ToDecimalString() : ""});
      }
    }
    return Csv(csv, "journal-" + FormatDate(from) + "-to-" + FormatDate(to) + ".csv");
  }
  json data = json::array();
  for (const JournalEntry& entry : entries) data.push_back(EntryJson(entry, chart));
  return Ok({{"from", FormatDate(from)}, {"to", FormatDate(to)}, {"data", std::move(data)}});
}

json BucketsJson(const AgingBuckets& buckets) {
  return {{"current", MoneyJson(buckets.current)},
          {"days_31_60", MoneyJson(buckets.days_31_60)},
          {"days_61_90", MoneyJson(buckets.days_61_90)},
          {"over_90", MoneyJson(buckets.over_90)},
          {"total", MoneyJson(buckets.total())}};
}

Result<ApiReply> AgedReceivablesHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(Date as_of, RequiredDate(request, "as_of", request.app.Today()));
  CISTERN_ASSIGN_OR_RETURN(AgedReceivables report,
                           GetAgedReceivables(request.app, request.caller(), as_of));
  if (WantsCsv(request)) {
    CsvWriter csv;
    csv.Row({"as_of", "fund", "current", "days_31_60", "days_61_90", "over_90", "total"});
    auto row = [&](const std::string& fund, const AgingBuckets& buckets) {
      csv.Row({FormatDate(as_of), fund, buckets.current.ToDecimalString(),
               buckets.days_31_60.ToDecimalString(), buckets.days_61_90.ToDecimalString(),
               buckets.over_90.ToDecimalString(), buckets.total().ToDecimalString()});
    };
    for (const auto& [fund, buckets] : report.by_fund) row(fund, buckets);
    row("total", report.total);
    return Csv(csv, "aged-receivables-" + FormatDate(as_of) + ".csv");
  }
  json funds = json::array();
  for (const auto& [fund, buckets] : report.by_fund) {
    json row = BucketsJson(buckets);
    row["fund"] = fund;
    funds.push_back(std::move(row));
  }
  return Ok({{"as_of", FormatDate(as_of)},
             {"by_fund", std::move(funds)},
             {"total", BucketsJson(report.total)},
             {"receivables_control", MoneyJson(report.receivables_control)},
             {"ties_to_control", report.total.total() == report.receivables_control},
             {"accounts", report.accounts}});
}

Result<ApiReply> ReturnedPaymentsHandler(const ApiRequest& request) {
  const Date today = request.app.Today();
  CISTERN_ASSIGN_OR_RETURN(Date from, RequiredDate(request, "from", AddDays(today, -30)));
  CISTERN_ASSIGN_OR_RETURN(Date to, RequiredDate(request, "to", today));
  CISTERN_ASSIGN_OR_RETURN(std::vector<PaymentView> payments,
                           GetReturnedPayments(request.app, request.caller(), from, to));
  if (WantsCsv(request)) {
    CsvWriter csv;
    csv.Row({"payment_id", "account_number", "customer_name", "tender", "check_number", "bank_name",
             "reference", "received_on", "amount", "reason", "reversed_at"});
    for (const PaymentView& view : payments) {
      const Payment& payment = view.payment;
      csv.Row({IdText(kPaymentPrefix, payment.id.value()), view.account_number, view.customer_name,
               TenderCode(payment.tender), payment.check_number, payment.bank_name,
               payment.reference, FormatDate(payment.received_on), payment.amount.ToDecimalString(),
               payment.reversal_reason, FormatInstant(*payment.reversed_at)});
    }
    return Csv(csv, "returned-payments.csv");
  }
  json data = json::array();
  for (const PaymentView& view : payments) data.push_back(PaymentJson(view));
  return Ok({{"from", FormatDate(from)}, {"to", FormatDate(to)}, {"data", std::move(data)}});
}

Result<ApiReply> AdjustmentsRegisterHandler(const ApiRequest& request) {
  const Date today = request.app.Today();
  CISTERN_ASSIGN_OR_RETURN(Date from, RequiredDate(request, "from", AddDays(today, -30)));
  CISTERN_ASSIGN_OR_RETURN(Date to, RequiredDate(request, "to", today));
  CISTERN_ASSIGN_OR_RETURN(std::vector<AdjustmentView> adjustments,
                           GetAdjustmentsRegister(request.app, request.caller(), from, to));
  if (WantsCsv(request)) {
    CsvWriter csv;
    csv.Row({"adjustment_id", "account_number", "direction", "amount", "fund", "reason_code",
             "memo", "status", "requested_by", "requested_at", "decided_by", "decided_at",
             "entry_id"});
    for (const AdjustmentView& view : adjustments) {
      const Adjustment& a = view.adjustment;
      csv.Row({IdText(kAdjustmentPrefix, a.id.value()), view.account_number,
               a.direction == AdjustmentDirection::kDebit ? "debit" : "credit",
               a.amount.ToDecimalString(), a.fund, a.reason_code, a.memo,
               AdjustmentJson(view)["status"].get<std::string>(), a.requested_by_name,
               FormatInstant(a.requested_at), a.decided_by_name,
               a.decided_at ? FormatInstant(*a.decided_at) : "",
               a.entry_id ? IdText(kEntryPrefix, a.entry_id->value()) : ""});
    }
    return Csv(csv, "adjustments-register.csv");
  }
  json data = json::array();
  for (const AdjustmentView& view : adjustments) data.push_back(AdjustmentJson(view));
  return Ok({{"from", FormatDate(from)}, {"to", FormatDate(to)}, {"data", std::move(data)}});
}

// The refund register for the city's accounts-payable system (always CSV).
Result<ApiReply> RefundRegisterHandler(const ApiRequest& request) {
  const Date today = request.app.Today();
  CISTERN_ASSIGN_OR_RETURN(Date from, RequiredDate(request, "from", AddDays(today, -30)));
  CISTERN_ASSIGN_OR_RETURN(Date to, RequiredDate(request, "to", today));
  CISTERN_ASSIGN_OR_RETURN(std::vector<RefundView> refunds,
                           GetRefundRegister(request.app, request.caller(), from, to));
  CsvWriter csv;
  csv.Row({"refund_id", "account_number", "payee", "amount", "approved_on", "approved_by", "memo",
           "entry_id"});
  for (const RefundView& view : refunds) {
    const Refund& refund = view.refund;
    csv.Row(
        {IdText(kRefundPrefix, refund.id.value()), view.account_number, view.customer_name,
         refund.amount.ToDecimalString(),
         refund.decided_at ? FormatDate(request.app.city_zone.LocalDate(*refund.decided_at)) : "",
         refund.decided_by_name, refund.memo,
         refund.entry_id ? IdText(kEntryPrefix, refund.entry_id->value()) : ""});
  }
  return Csv(csv, "refund-register-" + FormatDate(from) + "-to-" + FormatDate(to) + ".csv");
}

// The GL journal export (always CSV): one row per GL account and fund with the day's debits,
// credits and net.
Result<ApiReply> GlExportHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(Date date, RequiredDate(request, "date", request.app.Today()));
  CISTERN_ASSIGN_OR_RETURN(std::vector<GlTotal> totals,
                           GetGlActivity(request.app, request.caller(), date, date));
  const Chart& chart = request.app.finance.chart;
  CsvWriter csv;
  csv.Row({"posting_date", "gl_account", "gl_name", "fund", "debit", "credit", "net"});
  Money debits;
  Money credits;
  for (const GlTotal& total : totals) {
    csv.Row({FormatDate(date), total.gl_code, GlName(chart, total.gl_code), total.fund,
             total.debits.ToDecimalString(), (-total.credits).ToDecimalString(),
             (total.debits + total.credits).ToDecimalString()});
    debits += total.debits;
    credits += total.credits;
  }
  csv.Row({FormatDate(date), "TOTAL", "", "", debits.ToDecimalString(),
           (-credits).ToDecimalString(), (debits + credits).ToDecimalString()});
  return Csv(csv, "gl-export-" + FormatDate(date) + ".csv");
}

}  // namespace

void RegisterReportRoutes(Router& router) {
  router.Add("GET", "/api/v1/reports/daily-cash", Access::kSignedIn, DailyCashHandler);
  router.Add("GET", "/api/v1/reports/journal", Access::kSignedIn, JournalHandler);
  router.Add("GET", "/api/v1/reports/aged-receivables", Access::kSignedIn, AgedReceivablesHandler);
  router.Add("GET", "/api/v1/reports/returned-payments", Access::kSignedIn,
             ReturnedPaymentsHandler);
  router.Add("GET", "/api/v1/reports/adjustments", Access::kSignedIn, AdjustmentsRegisterHandler);
  router.Add("GET", "/api/v1/reports/refund-register.csv", Access::kSignedIn,
             RefundRegisterHandler);
  router.Add("GET", "/api/v1/reports/gl-export", Access::kSignedIn, GlExportHandler);
}

}  // namespace cistern::http
