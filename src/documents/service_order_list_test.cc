#include "documents/service_order_list.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

namespace cistern {
namespace {

constexpr char kPdfToText[] = "/usr/bin/pdftotext";

ServiceOrderSheet Order(int number, int sequence, const std::string& type) {
  ServiceOrderSheet order;
  order.number = "SO-" + std::to_string(number);
  order.type = type;
  order.window = type == "Turn on" ? "8-10 AM" : "Any time";
  order.status = "Dispatched to Crew 2";
  order.route_sequence = std::to_string(sequence);
  order.service_address = std::to_string(100 + sequence) + " N Broadway Ave";
  order.account_number = "100000154" + std::to_string(number % 10);
  order.customer_name = "Maria Lopez";
  order.meter_serial = "M1000000" + std::to_string(sequence);
  order.meter_size = "5/8";
  order.last_reading = "245,310 on Oct 28, 2026";
  order.remarks = "Dog in the back yard; call on arrival.";
  order.needs_waiver = type == "Turn on";
  return order;
}

ServiceOrderListDocument List() {
  ServiceOrderListDocument list;
  list.city_name = "City of Moore";
  list.office_line = "Utility Billing · 301 N Broadway · Moore, OK 73160";
  list.date = "Monday, Nov 30, 2026";
  list.printed_note = "All routes";
  ServiceOrderRouteSheet r01{"R01 - Route 01", {}};
  for (int index = 1; index <= 9; ++index) {
    r01.orders.push_back(Order(index, index, index % 3 == 0 ? "Turn on" : "Re-read"));
  }
  list.routes.push_back(r01);
  list.routes.push_back({"R02 - Route 02", {Order(20, 1, "Turn off, final read")}});
  return list;
}

std::optional<std::string> PdfToText(const std::string& pdf, const std::string& name) {
  const std::string path = testing::TempDir() + "/cistern_orders_" + name + ".pdf";
  {
    std::ofstream file(path, std::ios::binary);
    file << pdf;
    if (!file) return std::nullopt;
  }
  const std::string command = std::string(kPdfToText) + " -enc UTF-8 '" + path + "' -";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string text;
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) text.append(buffer, read);
  const int status = pclose(pipe);
  std::remove(path.c_str());
  if (status != 0) return std::nullopt;
  return text;
}

std::size_t Count(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

TEST(ServiceOrderListPdfTest, PrintsEveryOrderByRouteWithBoxesAndPageNumbers) {
  auto pdf = RenderServiceOrderListPdf(List());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  // CISTERN_SAMPLE_PDF=path keeps the sample for a look (pdftoppm -png -r 80).
  if (const char* sample = std::getenv("CISTERN_SAMPLE_PDF")) {
    std::ofstream(sample, std::ios::binary) << *pdf;
  }
  if (access(kPdfToText, X_OK) != 0) GTEST_SKIP() << "pdftotext not installed";
  auto text = PdfToText(*pdf, "list");
  ASSERT_TRUE(text);
  for (int index = 1; index <= 9; ++index) {
    EXPECT_NE(text->find("SO-" + std::to_string(index) + " "), std::string::npos) << index;
  }
  EXPECT_NE(text->find("SO-20"), std::string::npos);
  EXPECT_NE(text->find("R01 - Route 01"), std::string::npos);
  EXPECT_NE(text->find("R02 - Route 02"), std::string::npos);
  EXPECT_NE(text->find("Monday, Nov 30, 2026"), std::string::npos);
  EXPECT_NE(text->find("245,310 on Oct 28, 2026"), std::string::npos);
  EXPECT_EQ(Count(*text, "READING"), 10u);
  EXPECT_EQ(Count(*text, "WAIVER SIGNED BY"), 3u);  // the three turn-ons
  // Four orders fit a page: nine on R01 need three pages, and R02 starts its own.
  EXPECT_NE(text->find("Page 1 of 4"), std::string::npos);
  EXPECT_NE(text->find("Page 4 of 4"), std::string::npos);
  EXPECT_LT(text->find("Page 3 of 4"), text->find("R02 - Route 02"));
  // Route sequence order is kept: #1 comes before #9.
  EXPECT_LT(text->find("#1 "), text->find("#9 "));
}

TEST(ServiceOrderListPdfTest, AnEmptyDaySaysSo) {
  ServiceOrderListDocument list = List();
  list.routes.clear();
  auto pdf = RenderServiceOrderListPdf(list);
  ASSERT_TRUE(pdf.ok());
  if (access(kPdfToText, X_OK) != 0) GTEST_SKIP() << "pdftotext not installed";
  auto text = PdfToText(*pdf, "empty");
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("No open or dispatched service orders"), std::string::npos);
  EXPECT_NE(text->find("Page 1 of 1"), std::string::npos);
}

TEST(ServiceOrderListPdfTest, TheSameListGivesTheSameBytes) {
  EXPECT_EQ(*RenderServiceOrderListPdf(List()), *RenderServiceOrderListPdf(List()));
}

}  // namespace
}  // namespace cistern
