// How fast a billing run's bills render into one PDF for the print shop: 1,000 typical bills
// (one meter, eight charge lines in four services, a 13-month chart, a cycle message) per
// document, with and without deflate. Reported as bills per second; see the README.
//
//   build/cistern_bench --benchmark_filter=BillPdf
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/account_number.h"
#include "core/money.h"
#include "documents/bill.h"
#include "domain/billing/scan_line.h"

namespace cistern {
namespace {

BillDocument TypicalBill(std::int64_t sequence) {
  const AccountNumber account = AccountNumber::FromSequence(sequence);
  const Money total = Money::FromCents(8000 + sequence % 9000);
  BillDocument bill;
  bill.city_name = "City of Moore";
  bill.office_line = "Utility Billing · 301 N Broadway · Moore, OK 73160 · (405) 793-5000";
  bill.remittance_address = {"City of Moore Utility Billing", "PO Box 6440",
                             "Moore, OK 73153-0440"};
  bill.bill_number = "B-2026-" + std::to_string(sequence);
  bill.bill_date = "Nov 1, 2026";
  bill.due_date = "Nov 20, 2026";
  bill.account_number = account.text();
  bill.customer_name = "Customer " + std::to_string(sequence);
  bill.mailing_address = {std::to_string(100 + sequence % 8000) + " SE 4th St",
                          "Moore, OK 73160-1234"};
  bill.service_address = bill.mailing_address.front();
  bill.period = "Oct 1 – Oct 31, 2026 (31 days)";
  bill.readings = {{"W-" + std::to_string(sequence), "Sep 30, 2026", "1,204,300", "Oct 31, 2026",
                    "1,210,500", "6,200", "gal", sequence % 50 == 0}};
  bill.charges = {
      {"Water", "Customer charge, 3/4\" meter", "$14.50"},
      {"Water", "First 2,000 gal at $4.60 per 1,000 gal", "$9.20"},
      {"Water", "Next 4,200 gal at $5.35 per 1,000 gal", "$22.47"},
      {"Sewer", "Customer charge", "$12.00"},
      {"Sewer", "5,000 gal (winter average) at $4.25 per 1,000 gal", "$21.25"},
      {"Sanitation", "Residential cart service, one 96-gal cart", "$16.75"},
      {"Sanitation", "Curbside recycling", "$3.25"},
      {"Stormwater", "Residential stormwater fee", "$4.00"},
  };
  bill.previous_balance = "$96.18";
  bill.payments = "-$96.18";
  bill.adjustments = "$0.00";
  bill.current_charges = total.Format();
  bill.total_due = total.Format();
  bill.late_amount = (total + Money::FromCents(1000)).Format();
  bill.late_date = "Nov 20, 2026";
  const char* labels[] = {"O'25", "Nov", "Dec", "J'26", "Feb", "Mar", "Apr",
                          "May",  "Jun", "Jul", "Aug",  "Sep", "Oct"};
  for (int month = 0; month < 13; ++month) {
    bill.usage_history.push_back(
        {labels[month], 4000 + (sequence * 37 + month * 911) % 7000, month == 12});
  }
  bill.usage_unit_label = "gallons";
  bill.message =
      "Fall hydrant flushing runs Nov 2–20. If your water looks cloudy, run the cold tap for a "
      "few minutes. Pay online at moore.example.gov/pay or by phone, 24 hours a day.";
  bill.scan_line = ScanLine(account, total).value();
  return bill;
}

void RenderRun(benchmark::State& state, PdfCompression compression) {
  const auto count = static_cast<std::int64_t>(state.range(0));
  std::vector<BillDocument> bills;
  bills.reserve(static_cast<std::size_t>(count));
  for (std::int64_t index = 0; index < count; ++index) bills.push_back(TypicalBill(index + 1));
  std::size_t bytes = 0;
  for (auto _ : state) {
    Result<std::string> pdf = RenderBillsPdf(bills, compression);
    if (!pdf.ok()) {
      state.SkipWithError(pdf.error().message.c_str());
      return;
    }
    bytes = pdf->size();
    benchmark::DoNotOptimize(pdf->data());
  }
  state.SetItemsProcessed(state.iterations() * count);  // items = bills
  state.counters["bills_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * count), benchmark::Counter::kIsRate);
  state.counters["pdf_kib_per_bill"] =
      static_cast<double>(bytes) / 1024.0 / static_cast<double>(count);
}

void BM_BillPdfDeflate(benchmark::State& state) { RenderRun(state, PdfCompression::kDeflate); }
void BM_BillPdfUncompressed(benchmark::State& state) { RenderRun(state, PdfCompression::kNone); }

BENCHMARK(BM_BillPdfDeflate)->Arg(1)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BillPdfUncompressed)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace cistern
