#include "documents/bill.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/account_number.h"
#include "core/money.h"
#include "documents/pdf_page.h"
#include "domain/billing/scan_line.h"

namespace cistern {
namespace {

constexpr char kPdfToText[] = "/usr/bin/pdftotext";
constexpr char kPdfInfo[] = "/usr/bin/pdfinfo";

BillDocument SampleBill() {
  const AccountNumber account = AccountNumber::FromSequence(100000154);
  BillDocument bill;
  bill.city_name = "City of Moore";
  bill.office_line = "Utility Billing · 301 N Broadway · Moore, OK 73160 · (405) 793-5000";
  bill.remittance_address = {"City of Moore Utility Billing", "PO Box 6440",
                             "Moore, OK 73153-0440"};
  bill.bill_number = "B-2026-000123";
  bill.bill_date = "Nov 1, 2026";
  bill.due_date = "Nov 20, 2026";
  bill.account_number = account.text();
  bill.customer_name = "Jane Q. Public";
  bill.mailing_address = {"1204 SE 4th St", "Moore, OK 73160-1234"};
  bill.service_address = "1204 SE 4th St";
  bill.period = "Oct 1 – Oct 31, 2026 (31 days)";
  bill.readings = {{.meter_serial = "W-0042137",
                    .previous_date = "Sep 30, 2026",
                    .previous_reading = "1,204,300",
                    .current_date = "Oct 31, 2026",
                    .current_reading = "1,210,500",
                    .usage = "6,200",
                    .unit = "gal",
                    .estimated = false}};
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
  bill.current_charges = "$103.42";
  bill.total_due = "$103.42";
  bill.late_amount = "$113.76";
  bill.late_date = "Nov 20, 2026";
  const std::vector<std::pair<std::string, std::int64_t>> months = {
      {"O'25", 5800}, {"Nov", 4900}, {"Dec", 4600}, {"J'26", 4400}, {"Feb", 4300},
      {"Mar", 4700},  {"Apr", 5200}, {"May", 6900}, {"Jun", 8800},  {"Jul", 10400},
      {"Aug", 9700},  {"Sep", 7600}, {"Oct", 6200}};
  for (std::size_t index = 0; index < months.size(); ++index) {
    bill.usage_history.push_back({.label = months[index].first,
                                  .usage = months[index].second,
                                  .current = index + 1 == months.size()});
  }
  bill.usage_unit_label = "gallons";
  bill.message =
      "Fall hydrant flushing runs Nov 2–20. If your water looks cloudy, run the cold tap for a "
      "few minutes. Pay online at moore.example.gov/pay or by phone, 24 hours a day.";
  bill.scan_line = ScanLine(account, Money::FromCents(10342)).value();
  return bill;
}

std::string RenderOrFail(const std::vector<BillDocument>& bills) {
  Result<std::string> pdf = RenderBillsPdf(bills);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().message);
  return pdf.ok() ? *pdf : std::string();
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Collapses every run of whitespace to one space, so that text pdftotext split over lines can
// still be found.
std::string CollapseSpaces(const std::string& text) {
  std::string collapsed;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    if (space) {
      if (!collapsed.empty() && collapsed.back() != ' ') collapsed.push_back(' ');
    } else {
      collapsed.push_back(c);
    }
  }
  return collapsed;
}

bool HavePopplerTools() { return access(kPdfToText, X_OK) == 0 && access(kPdfInfo, X_OK) == 0; }

std::string WriteTemporary(const std::string& pdf, const std::string& name) {
  const std::string path = testing::TempDir() + "/cistern_bill_" + name + ".pdf";
  std::ofstream file(path, std::ios::binary);
  file << pdf;
  return file ? path : std::string();
}

std::optional<std::string> RunAndRead(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string output;
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, read);
  if (pclose(pipe) != 0) return std::nullopt;
  return output;
}

// pdftotext's UTF-8 output, whitespace collapsed.
std::optional<std::string> PdfText(const std::string& pdf, const std::string& name) {
  const std::string path = WriteTemporary(pdf, name);
  if (path.empty()) return std::nullopt;
  std::optional<std::string> text =
      RunAndRead(std::string(kPdfToText) + " -enc UTF-8 '" + path + "' -");
  std::remove(path.c_str());
  if (!text) return std::nullopt;
  return CollapseSpaces(*text);
}

// The page count pdfinfo reports, or -1.
int PdfPages(const std::string& pdf, const std::string& name) {
  const std::string path = WriteTemporary(pdf, name);
  if (path.empty()) return -1;
  const std::optional<std::string> info = RunAndRead(std::string(kPdfInfo) + " '" + path + "'");
  std::remove(path.c_str());
  if (!info) return -1;
  const std::size_t at = info->find("Pages:");
  if (at == std::string::npos) return -1;
  return std::atoi(info->c_str() + at + 6);
}

#define SKIP_WITHOUT_POPPLER() \
  if (!HavePopplerTools()) GTEST_SKIP() << "pdftotext/pdfinfo missing (apt: poppler-utils)"

// ---- RenderBillsPdf -----------------------------------------------------------------------

TEST(BillPdfTest, RendersAUsLetterPdf) {
  const std::string pdf = RenderOrFail({SampleBill()});
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_TRUE(Contains(pdf, "%%EOF"));
  EXPECT_TRUE(Contains(pdf, "/MediaBox [ 0 0 612 792 ]"));
  EXPECT_TRUE(Contains(pdf, "/Courier"));  // the scan line's font
}

TEST(BillPdfTest, PrintsEverythingACustomerAndTheLockboxNeed) {
  SKIP_WITHOUT_POPPLER();
  const BillDocument bill = SampleBill();
  const std::optional<std::string> text = PdfText(RenderOrFail({bill}), "text");
  ASSERT_TRUE(text.has_value());
  for (const std::string& expected : {bill.city_name,
                                      bill.account_number,
                                      bill.total_due,
                                      bill.due_date,
                                      bill.bill_number,
                                      bill.bill_date,
                                      bill.customer_name,
                                      bill.mailing_address[1],
                                      bill.service_address,
                                      bill.period,
                                      bill.previous_balance,
                                      bill.payments,
                                      bill.late_amount,
                                      bill.scan_line,
                                      bill.remittance_address[1],
                                      bill.readings[0].meter_serial,
                                      bill.readings[0].current_reading,
                                      std::string("AMOUNT ENCLOSED"),
                                      std::string("Please return this portion with your payment"),
                                      bill.message}) {
    EXPECT_TRUE(Contains(*text, expected)) << "missing \"" << expected << "\" in\n" << *text;
  }
  for (const BillDocument::Charge& charge : bill.charges) {
    EXPECT_TRUE(Contains(*text, charge.description + " " + charge.amount))
        << "missing \"" << charge.description << "\" in\n"
        << *text;
  }
  EXPECT_EQ(PdfPages(RenderOrFail({bill}), "one_page"), 1);
}

TEST(BillPdfTest, ALongChargeListContinuesOnASecondPage) {
  SKIP_WITHOUT_POPPLER();
  BillDocument bill = SampleBill();
  bill.charges.clear();
  constexpr int kChargeCount = 40;
  for (int index = 0; index < kChargeCount; ++index) {
    bill.charges.push_back({index < 20 ? "Water" : "Irrigation",
                            "Tier " + std::to_string(index) + " usage at the tier rate per " +
                                "1,000 gallons for this block of consumption",
                            "$" + std::to_string(index) + ".00"});
  }
  const std::string pdf = RenderOrFail({bill});
  EXPECT_EQ(PdfPages(pdf, "long"), 2);
  const std::optional<std::string> text = PdfText(pdf, "long");
  ASSERT_TRUE(text.has_value());
  for (int index = 0; index < kChargeCount; ++index) {
    EXPECT_TRUE(Contains(*text, "Tier " + std::to_string(index) + " usage")) << index;
  }
  EXPECT_TRUE(Contains(*text, "Charges continue on page 2.")) << *text;
  EXPECT_TRUE(Contains(*text, "Page 2 of 2")) << *text;
  EXPECT_TRUE(Contains(*text, "Total current charges " + bill.current_charges)) << *text;
  // The stub is printed once, on the first page.
  EXPECT_EQ(text->find(bill.scan_line), text->rfind(bill.scan_line));
}

TEST(BillPdfTest, AVeryLongChargeListUsesAsManyPagesAsItNeeds) {
  SKIP_WITHOUT_POPPLER();
  BillDocument bill = SampleBill();
  bill.charges.clear();
  constexpr int kChargeCount = 150;
  for (int index = 0; index < kChargeCount; ++index) {
    bill.charges.push_back({"Water", "Line " + std::to_string(index) + " of many", "$1.00"});
  }
  const std::string pdf = RenderOrFail({bill});
  const int pages = PdfPages(pdf, "very_long");
  EXPECT_GE(pages, 3);
  const std::optional<std::string> text = PdfText(pdf, "very_long");
  ASSERT_TRUE(text.has_value());
  for (int index = 0; index < kChargeCount; ++index) {
    EXPECT_TRUE(Contains(*text, "Line " + std::to_string(index) + " of many $1.00")) << index;
  }
  EXPECT_TRUE(Contains(*text, "Page " + std::to_string(pages) + " of " + std::to_string(pages)));
}

TEST(BillPdfTest, ManyMetersListTheRestOnPageTwo) {
  SKIP_WITHOUT_POPPLER();
  BillDocument bill = SampleBill();
  const BillDocument::Reading reading = bill.readings.front();
  bill.readings.clear();
  for (int index = 0; index < 7; ++index) {
    BillDocument::Reading meter = reading;
    meter.meter_serial = "W-99" + std::to_string(index);
    meter.estimated = index == 2;
    bill.readings.push_back(meter);
  }
  const std::string pdf = RenderOrFail({bill});
  EXPECT_EQ(PdfPages(pdf, "meters"), 2);
  const std::optional<std::string> text = PdfText(pdf, "meters");
  ASSERT_TRUE(text.has_value());
  for (int index = 0; index < 7; ++index) {
    EXPECT_TRUE(Contains(*text, "W-99" + std::to_string(index))) << index;
  }
  EXPECT_TRUE(Contains(*text, "Estimated"));
}

TEST(BillPdfTest, OneBillPerPageInOrder) {
  SKIP_WITHOUT_POPPLER();
  std::vector<BillDocument> bills = {SampleBill(), SampleBill(), SampleBill()};
  bills[0].customer_name = "First Customer";
  bills[1].customer_name = "Second Customer";
  bills[2].customer_name = "Third Customer";
  const std::string pdf = RenderOrFail(bills);
  EXPECT_EQ(PdfPages(pdf, "three"), 3);
  const std::optional<std::string> text = PdfText(pdf, "three");
  ASSERT_TRUE(text.has_value());
  const std::size_t first = text->find("First Customer");
  const std::size_t second = text->find("Second Customer");
  const std::size_t third = text->find("Third Customer");
  ASSERT_NE(third, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

TEST(BillPdfTest, SameBillsGiveIdenticalBytes) {
  const std::vector<BillDocument> bills = {SampleBill(), SampleBill()};
  const std::string first = RenderOrFail(bills);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, RenderOrFail(bills));
  EXPECT_FALSE(Contains(first, "/CreationDate"));
}

TEST(BillPdfTest, DifferentBillsGiveDifferentBytes) {
  BillDocument other = SampleBill();
  other.total_due = "$103.43";
  EXPECT_NE(RenderOrFail({SampleBill()}), RenderOrFail({other}));
}

TEST(BillPdfTest, EmptyUsageHistoryStillRenders) {
  SKIP_WITHOUT_POPPLER();
  BillDocument bill = SampleBill();
  bill.usage_history.clear();
  const std::optional<std::string> text = PdfText(RenderOrFail({bill}), "no_history");
  ASSERT_TRUE(text.has_value());
  EXPECT_TRUE(Contains(*text, "No usage history yet.")) << *text;
  EXPECT_TRUE(Contains(*text, bill.total_due));
}

TEST(BillPdfTest, AllZeroUsageStillRenders) {
  BillDocument bill = SampleBill();
  for (BillDocument::UsageMonth& month : bill.usage_history) month.usage = 0;
  EXPECT_FALSE(RenderOrFail({bill}).empty());
}

TEST(BillPdfTest, AnEmptyBillStillRenders) {
  // Nothing in it should crash the renderer; the run's validation is the caller's.
  EXPECT_FALSE(RenderOrFail({BillDocument{}}).empty());
}

TEST(BillPdfTest, CorrectedAndDuplicateBillsSayWhatTheyAre) {
  SKIP_WITHOUT_POPPLER();
  BillDocument corrected = SampleBill();
  corrected.notice = BillNotice::kCorrected;
  corrected.replaces_bill_number = "B-2026-000099";
  BillDocument duplicate = SampleBill();
  duplicate.notice = BillNotice::kDuplicate;
  const std::optional<std::string> text = PdfText(RenderOrFail({corrected, duplicate}), "notice");
  ASSERT_TRUE(text.has_value());
  EXPECT_TRUE(Contains(*text, "CORRECTED BILL")) << *text;
  // pdftotext reads the panel's label and value column apart; both must be there.
  EXPECT_TRUE(Contains(*text, "Replaces bill")) << *text;
  EXPECT_TRUE(Contains(*text, "B-2026-000099")) << *text;
  EXPECT_TRUE(Contains(*text, "DUPLICATE BILL")) << *text;
}

// An account's final bill says so, and the day its service ended.
TEST(BillPdfTest, AFinalBillSaysSoWithTheDayServiceEnded) {
  SKIP_WITHOUT_POPPLER();
  BillDocument final_bill = SampleBill();
  final_bill.notice = BillNotice::kFinal;
  final_bill.service_ended_on = "Oct 15, 2026";
  const std::optional<std::string> text = PdfText(RenderOrFail({final_bill}), "final");
  ASSERT_TRUE(text.has_value());
  EXPECT_TRUE(Contains(*text, "FINAL BILL")) << *text;
  EXPECT_TRUE(Contains(*text, "Service ended")) << *text;
  EXPECT_TRUE(Contains(*text, "Oct 15, 2026")) << *text;
  EXPECT_TRUE(Contains(*text, final_bill.scan_line)) << *text;  // and it is paid as usual
}

// A cancelled bill printed for the record says so, with the day, and has no scan line.
TEST(BillPdfTest, ACancelledBillSaysSoAndCannotBeScannedForPayment) {
  SKIP_WITHOUT_POPPLER();
  BillDocument cancelled = SampleBill();
  cancelled.notice = BillNotice::kCancelled;
  cancelled.cancelled_on = "Nov 27, 2026 · do not pay";
  const std::string scan_line = cancelled.scan_line;
  cancelled.scan_line.clear();
  const std::optional<std::string> text = PdfText(RenderOrFail({cancelled}), "cancelled");
  ASSERT_TRUE(text.has_value());
  EXPECT_TRUE(Contains(*text, "CANCELLED BILL")) << *text;
  EXPECT_TRUE(Contains(*text, "Cancelled")) << *text;
  EXPECT_TRUE(Contains(*text, "do not pay")) << *text;
  EXPECT_FALSE(Contains(*text, scan_line)) << *text;
  // No remittance stub to send back with a payment, and the amount is what was due.
  EXPECT_FALSE(Contains(*text, "Please return this portion")) << *text;
  EXPECT_FALSE(Contains(*text, "AMOUNT DUE")) << *text;
  EXPECT_TRUE(Contains(*text, "WAS DUE")) << *text;
  EXPECT_TRUE(Contains(*text, "is not to be paid")) << *text;
}

TEST(BillPdfTest, LongTextIsCutNotSpilled) {
  SKIP_WITHOUT_POPPLER();
  BillDocument bill = SampleBill();
  bill.customer_name = "Maria Łukasiewicz-Dvořák and the Estate of " + std::string(80, 'W');
  bill.mailing_address = {std::string(200, 'A'), "Line 2", "Line 3", "Line 4", "Line 5 dropped"};
  bill.message = std::string(2000, 'm');
  bill.period = std::string(300, 'p');
  const std::string pdf = RenderOrFail({bill});
  EXPECT_EQ(PdfPages(pdf, "long_text"), 1);
  const std::optional<std::string> text = PdfText(pdf, "long_text");
  ASSERT_TRUE(text.has_value());
  EXPECT_TRUE(Contains(*text, "Maria Lukasiewicz-Dvor")) << *text;
  EXPECT_TRUE(Contains(*text, "Line 4"));
  EXPECT_FALSE(Contains(*text, "Line 5 dropped"));
  EXPECT_TRUE(Contains(*text, bill.scan_line));
}

TEST(BillPdfTest, RefusesAnEmptyRun) {
  Result<std::string> pdf = RenderBillsPdf({});
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(pdf.error().field, "bills");
  EXPECT_EQ(pdf.error().reason, "BILLS_EMPTY");
}

TEST(BillPdfTest, RefusesARunTooLargeForOneDocument) {
  const std::vector<BillDocument> bills(kMaxBillsPerPdf + 1);
  Result<std::string> pdf = RenderBillsPdf(bills);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().reason, "BILLS_TOO_MANY");
}

TEST(BillPdfTest, UncompressedOutputReadsTheSame) {
  SKIP_WITHOUT_POPPLER();
  const BillDocument bill = SampleBill();
  Result<std::string> plain = RenderBillsPdf({bill}, PdfCompression::kNone);
  ASSERT_TRUE(plain.ok());
  const std::string deflated = RenderOrFail({bill});
  EXPECT_GT(plain->size(), deflated.size());
  EXPECT_EQ(PdfText(*plain, "plain"), PdfText(deflated, "deflated"));
}

TEST(BillPdfTest, ACreditTotalIsPrintedWhole) {
  SKIP_WITHOUT_POPPLER();
  BillDocument bill = SampleBill();
  bill.total_due = "-$1,012.00 (credit)";
  bill.late_amount.clear();
  const std::optional<std::string> text = PdfText(RenderOrFail({bill}), "credit");
  ASSERT_TRUE(text.has_value());
  // Once in the summary panel, once in the activity panel, once on the stub.
  std::size_t count = 0;
  for (std::size_t at = text->find(bill.total_due); at != std::string::npos;
       at = text->find(bill.total_due, at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3u) << *text;
}

// Writes the sample bill for a person to look at: set CISTERN_BILL_SAMPLE_PDF to a path, then
// e.g. `pdftoppm -png -r 80 -singlefile bill.pdf bill`.
TEST(BillPdfTest, WritesTheSampleWhenAsked) {
  const char* path = std::getenv("CISTERN_BILL_SAMPLE_PDF");
  if (path == nullptr) GTEST_SKIP() << "set CISTERN_BILL_SAMPLE_PDF to write the sample bill";
  BillDocument corrected = SampleBill();
  corrected.notice = BillNotice::kCorrected;
  corrected.replaces_bill_number = "B-2026-000099";
  BillDocument long_bill = SampleBill();
  for (int index = 0; index < 30; ++index) {
    long_bill.charges.push_back(
        {"Irrigation",
         "Zone " + std::to_string(index) + " irrigation meter usage at the summer rate", "$2.00"});
  }
  BillDocument credit = SampleBill();
  credit.total_due = "-$1,012.00 (credit)";
  credit.late_amount.clear();
  credit.usage_history.clear();
  credit.message.clear();
  BillDocument cancelled = SampleBill();
  cancelled.notice = BillNotice::kCancelled;
  cancelled.cancelled_on = "Nov 27, 2026 · do not pay";
  cancelled.scan_line.clear();
  std::ofstream file(path, std::ios::binary);
  file << RenderOrFail({SampleBill(), corrected, long_bill, credit, cancelled});
  EXPECT_TRUE(file.good());
}

// ---- pdf_page helpers used by the bill ----------------------------------------------------

TEST(PdfBarChartTest, AxisMaximumIsARoundNumberAtOrAboveTheLargestValue) {
  EXPECT_EQ(PdfNiceAxisMaximum(0), 0);
  EXPECT_EQ(PdfNiceAxisMaximum(-5), 0);
  EXPECT_EQ(PdfNiceAxisMaximum(1), 1);
  EXPECT_EQ(PdfNiceAxisMaximum(3), 5);
  EXPECT_EQ(PdfNiceAxisMaximum(6), 10);
  EXPECT_EQ(PdfNiceAxisMaximum(10), 10);
  EXPECT_EQ(PdfNiceAxisMaximum(11), 12);
  EXPECT_EQ(PdfNiceAxisMaximum(10400), 12000);
  EXPECT_EQ(PdfNiceAxisMaximum(4900), 5000);
  EXPECT_EQ(PdfNiceAxisMaximum(5001), 6000);
  EXPECT_EQ(PdfNiceAxisMaximum(81), 100);
  EXPECT_EQ(PdfNiceAxisMaximum(2'000'000'001), 2'500'000'000);
  const std::int64_t huge = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(PdfNiceAxisMaximum(huge), huge);
}

TEST(PdfBarChartTest, DrawsWithoutErrorsEvenWhenCramped) {
  PdfDocument document("chart");
  document.AddLetterPage();
  const std::vector<PdfBar> bars = {
      {"January", 10, false}, {"February", -4, false}, {"March", 0, true}};
  DrawBarChart(document, {.x = 10.0f, .y = 10.0f, .width = 20.0f, .height = 5.0f}, bars, "gal");
  DrawBarChart(document, {.x = 10.0f, .y = 100.0f, .width = 200.0f, .height = 80.0f}, {}, "gal");
  document.DrawDashedLine(0.0f, 0.0f, 100.0f, 0.0f, 1.0f, kPdfMuted, 0, 1000);  // clamped
  document.StrokeRect(10.0f, 10.0f, 50.0f, 20.0f, 0.5f, kPdfInk);
  EXPECT_TRUE(document.Finish().ok());
}

}  // namespace
}  // namespace cistern
