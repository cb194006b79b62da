#include "http/bill_documents.h"

#include <array>
#include <chrono>

#include "core/text.h"
#include "domain/billing/scan_line.h"
#include "domain/metering/reading_check.h"

namespace cistern {
namespace {

constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string MonthName(Date date) { return kMonths[static_cast<unsigned>(date.month()) - 1]; }

// "Nov 1, 2026".
std::string LongDate(Date date) {
  return MonthName(date) + " " + std::to_string(static_cast<unsigned>(date.day())) + ", " +
         std::to_string(static_cast<int>(date.year()));
}

std::int64_t WholeGallons(const Quantity& gallons) {
  return gallons.RoundTo(0, RoundingRule::kHalfUp).numerator();
}

std::string ServiceName(const std::string& code) {
  if (code.empty()) return code;
  std::string name = code;
  name[0] = static_cast<char>(name[0] - ('a' <= name[0] && name[0] <= 'z' ? 32 : 0));
  for (char& character : name) {
    if (character == '_') character = ' ';
  }
  return name;
}

}  // namespace

BillDocument BillDocumentFor(const BillView& view, const CityProfile& city) {
  const Bill& bill = view.bill;
  BillDocument document;
  document.city_name = city.name;
  document.office_line = city.office_line;
  document.remittance_address = city.remittance_address;
  document.bill_number = "B-" + std::to_string(bill.id.value());
  document.bill_date = LongDate(bill.bill_date);
  document.due_date = LongDate(bill.due_date);
  document.account_number = view.account_number;
  if (!view.mailing_address.empty()) {
    document.customer_name = view.mailing_address.front();
    document.mailing_address.assign(view.mailing_address.begin() + 1, view.mailing_address.end());
  }
  document.service_address = view.service_address;
  document.period = LongDate(bill.period_first) + " – " + LongDate(bill.period_last) + " (" +
                    std::to_string(DaysBetween(bill.period_first, bill.period_last) + 1) + " days)";
  for (const BillReading& reading : bill.readings) {
    document.readings.push_back(
        {reading.meter_serial, LongDate(reading.previous_read_on),
         FormatGroupedInteger(reading.previous_value), LongDate(reading.current_read_on),
         FormatGroupedInteger(reading.current_value),
         FormatGroupedInteger(WholeGallons(reading.usage_gallons)), "gal", reading.estimated});
  }
  for (const BillLine& line : bill.lines) {
    document.charges.push_back({ServiceName(line.service), line.description, line.amount.Format()});
  }
  document.previous_balance = bill.previous_balance.Format();
  document.payments = bill.payments.Format();
  document.adjustments = bill.adjustments.is_zero() ? "" : bill.adjustments.Format();
  document.current_charges = bill.current_charges.Format();
  document.total_due = bill.total_due.is_negative() ? (-bill.total_due).Format() + " credit"
                                                    : bill.total_due.Format();
  if (bill.late_amount != bill.total_due) {
    document.late_amount = bill.late_amount.Format();
    document.late_date = LongDate(bill.late_after);
  }
  const std::size_t first = view.usage_history.size() > 13 ? view.usage_history.size() - 13 : 0;
  for (std::size_t index = first; index < view.usage_history.size(); ++index) {
    const BillUsage& usage = view.usage_history[index];
    std::string label = MonthName(usage.period_last);
    if (index == first && view.usage_history.size() - first == 13) {
      label = label.substr(0, 1) + "'" +
              std::to_string(static_cast<int>(usage.period_last.year()) % 100);
    }
    document.usage_history.push_back(
        {label, WholeGallons(usage.usage_gallons), usage.period_last == bill.period_last});
  }
  document.usage_unit_label = "gallons";
  document.message = view.cycle_message;
  const Money scanned = bill.total_due.is_negative() ? Money() : bill.total_due;
  auto number = AccountNumber::Parse(view.account_number);
  if (number.ok()) {
    auto scan = ScanLine(*number, scanned);
    if (scan.ok()) document.scan_line = *scan;
  }
  if (view.service_ended_on) {
    document.notice = BillNotice::kFinal;
    document.service_ended_on = LongDate(*view.service_ended_on);
  }
  if (bill.replaces_bill_id) {
    document.notice = BillNotice::kCorrected;
    document.replaces_bill_number = "B-" + std::to_string(bill.replaces_bill_id->value());
  }
  if (bill.status == BillStatus::kCancelled) {
    // Printed for the record only: it says so, and carries no scan line or late amount to pay
    // it by.
    document.notice = BillNotice::kCancelled;
    document.cancelled_on =
        (view.cancelled_on ? LongDate(*view.cancelled_on) + " · " : std::string()) + "do not pay";
    document.scan_line.clear();
    document.late_amount.clear();
    document.late_date.clear();
  }
  return document;
}

Result<std::string> RenderBillPdf(const AppContext& context, const Caller& caller, BillId id) {
  CISTERN_ASSIGN_OR_RETURN(BillView view, GetBill(context, caller, id));
  return RenderBillsPdf({BillDocumentFor(view, context.city)});
}

Result<RenderedRun> RenderRunPdf(const AppContext& context, const Caller& caller, BillingRunId run,
                                 int part) {
  CISTERN_ASSIGN_OR_RETURN(BillingRunView view, GetRun(context, caller, run, false));  // 404
  if (view.bills_posted == 0) {
    return Error::FailedPrecondition("RUN_HAS_NO_BILLS", "This run has no posted bills to print.");
  }
  const int per_part = static_cast<int>(kMaxBillsPerPdf);
  RenderedRun rendered;
  rendered.part = part;
  rendered.parts = (view.bills_posted + per_part - 1) / per_part;
  if (part < 1 || part > rendered.parts) {
    return Error::InvalidArgument("part", "PART_UNKNOWN",
                                  "This run prints in " + std::to_string(rendered.parts) +
                                      " part(s); part is from 1 to " +
                                      std::to_string(rendered.parts) + ".");
  }
  // Bills are counted in the run's id order; a part starts after the bills of the parts before
  // it. A bill cancelled since prints as its correction, in its place; the last part takes every
  // bill left (the corrections are not in bills_posted, so it may hold a few more).
  const int skip = (part - 1) * per_part;
  const bool last_part = part == rendered.parts;
  int seen = 0;
  std::vector<BillDocument> documents;
  BillId after;
  bool full = false;
  while (!full) {
    CISTERN_ASSIGN_OR_RETURN(auto bills, BillsForPrinting(context, caller, run, after, 500));
    if (bills.empty()) break;
    for (const BillToPrint& bill : bills) {
      after = bill.in_run;
      if (!bill.view) continue;
      if (seen++ < skip) continue;
      if (!last_part && static_cast<int>(documents.size()) == per_part) {
        full = true;
        break;
      }
      documents.push_back(BillDocumentFor(*bill.view, context.city));
    }
  }
  if (documents.empty()) {
    return Error::FailedPrecondition("RUN_HAS_NO_BILLS", "This run has no posted bills to print.");
  }
  rendered.bills = static_cast<int>(documents.size());
  CISTERN_ASSIGN_OR_RETURN(rendered.pdf, RenderBillsPdf(documents));
  return rendered;
}

}  // namespace cistern
