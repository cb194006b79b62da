#include "documents/receipt.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "documents/pdf_page.h"

namespace cistern {
namespace {

constexpr char kPdfToText[] = "/usr/bin/pdftotext";

ReceiptData CashReceipt() {
  ReceiptData receipt;
  receipt.city_name = "City of Moore";
  receipt.office_line = "Utility Billing · 301 N Broadway · (405) 555-0100";
  receipt.receipt_number = "R-000123";
  receipt.posted_at = "Nov 27, 2026 2:41 PM";
  receipt.cashier = "Casey Reyes";
  receipt.account_number = "1000001543";
  receipt.customer_name = "Jane Q. Public";
  receipt.service_address = "1204 SE 4th St, Moore, OK 73160";
  receipt.tender = "Cash";
  receipt.amount = "$125.00";
  receipt.tendered = "$130.00";
  receipt.change_due = "$5.00";
  receipt.applied = {{"Water", "$48.20"},
                     {"Sewer", "$39.15"},
                     {"Sanitation", "$22.65"},
                     {"Stormwater", "$5.00"},
                     {"Late fee", "$10.00"}};
  receipt.balance_after = "$0.00";
  receipt.footer = "Thank you. Keep this receipt for your records.";
  return receipt;
}

ReceiptData CheckReceipt() {
  ReceiptData receipt = CashReceipt();
  receipt.tender = "Check #1042 (First National)";
  receipt.tendered.clear();
  receipt.change_due.clear();
  return receipt;
}

std::string RenderOrFail(const ReceiptData& receipt) {
  Result<std::string> pdf = RenderReceiptPdf(receipt);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().message);
  return pdf.ok() ? *pdf : std::string();
}

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
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

bool HavePdfToText() { return access(kPdfToText, X_OK) == 0; }

// Writes `pdf` to the test's temporary directory and returns pdftotext's UTF-8 output.
std::optional<std::string> PdfToText(const std::string& pdf, const std::string& name) {
  const std::string path = testing::TempDir() + "/cistern_receipt_" + name + ".pdf";
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

// ---- RenderReceiptPdf ---------------------------------------------------------------------

TEST(RenderReceiptPdfTest, ProducesANonTrivialPdf) {
  const std::string pdf = RenderOrFail(CashReceipt());
  EXPECT_TRUE(StartsWith(pdf, "%PDF-"));
  EXPECT_GT(pdf.size(), 1000u);
  EXPECT_TRUE(Contains(pdf, "%%EOF"));
}

TEST(RenderReceiptPdfTest, IsOneUsLetterPage) {
  const std::string pdf = RenderOrFail(CashReceipt());
  EXPECT_TRUE(Contains(pdf, "/Count 1\n"));
  EXPECT_TRUE(Contains(pdf, "/MediaBox [ 0 0 612 792 ]"));
}

TEST(RenderReceiptPdfTest, SameInputGivesIdenticalBytes) {
  const std::string first = RenderOrFail(CashReceipt());
  const std::string second = RenderOrFail(CashReceipt());
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, second);
}

TEST(RenderReceiptPdfTest, WritesNoCreationDate) {
  // A date would make two renders differ; the receipt carries its own posting time instead.
  const std::string pdf = RenderOrFail(CashReceipt());
  EXPECT_FALSE(Contains(pdf, "/CreationDate"));
  EXPECT_FALSE(Contains(pdf, "/ModDate"));
}

TEST(RenderReceiptPdfTest, DifferentInputGivesDifferentBytes) {
  ReceiptData other = CashReceipt();
  other.amount = "$125.01";
  EXPECT_NE(RenderOrFail(CashReceipt()), RenderOrFail(other));
}

TEST(RenderReceiptPdfTest, ManyAppliedLinesAndLongNamesStillRenderOnOnePage) {
  ReceiptData receipt = CheckReceipt();
  const std::string long_words(40, 'W');
  receipt.city_name = "Consolidated Rural Water, Sewer and Sanitation District Number Seven of " +
                      std::string("Greater Cleveland County");
  receipt.customer_name = "Maria Łukasiewicz-Dvořák and the Estate of " + long_words +
                          " Montgomery-Fitzgerald III, by her attorney in fact";
  receipt.service_address = std::string(600, 'A');
  receipt.tender = "Card ending 4242, auth 123456, " + std::string(300, '9');
  receipt.applied.clear();
  constexpr int kLineCount = 200;
  for (int index = 0; index < kLineCount; ++index) {
    receipt.applied.push_back(
        {"Charge " + std::to_string(index) + " " + long_words + " " + long_words + " " + long_words,
         "$" + std::to_string(index) + ".00"});
  }
  const std::string pdf = RenderOrFail(receipt);
  EXPECT_TRUE(StartsWith(pdf, "%PDF-"));
  EXPECT_TRUE(Contains(pdf, "/Count 1\n"));
  if (!HavePdfToText()) GTEST_SKIP() << kPdfToText << " is not installed (apt: poppler-utils)";
  const std::optional<std::string> text = PdfToText(pdf, "many_lines");
  ASSERT_TRUE(text.has_value());
  const std::string collapsed = CollapseSpaces(*text);
  EXPECT_TRUE(Contains(collapsed, "Charge 0 ")) << collapsed;
  EXPECT_TRUE(Contains(collapsed, "more lines not shown")) << collapsed;
  EXPECT_TRUE(Contains(collapsed, "Maria Lukasiewicz-Dvor")) << collapsed;
  // The balance and footer are never pushed off the page by the table.
  EXPECT_TRUE(Contains(collapsed, "Balance after payment $0.00")) << collapsed;
  EXPECT_TRUE(Contains(collapsed, "Keep this receipt for your records.")) << collapsed;
}

TEST(RenderReceiptPdfTest, TextCanBeExtracted) {
  if (!HavePdfToText()) GTEST_SKIP() << kPdfToText << " is not installed (apt: poppler-utils)";
  const ReceiptData receipt = CheckReceipt();
  const std::optional<std::string> text = PdfToText(RenderOrFail(receipt), "text");
  ASSERT_TRUE(text.has_value());
  const std::string collapsed = CollapseSpaces(*text);
  for (const std::string& expected :
       {receipt.city_name, receipt.office_line, std::string("PAYMENT RECEIPT"),
        receipt.receipt_number, receipt.posted_at, receipt.cashier, receipt.account_number,
        receipt.customer_name, receipt.service_address, receipt.tender, receipt.amount,
        receipt.balance_after, receipt.footer}) {
    EXPECT_TRUE(Contains(collapsed, expected)) << "missing \"" << expected << "\" in\n" << *text;
  }
  for (const ReceiptData::Line& line : receipt.applied) {
    // Each applied line reads as its label followed by its amount.
    EXPECT_TRUE(Contains(collapsed, line.label + " " + line.amount))
        << "missing line \"" << line.label << "\" in\n"
        << collapsed;
  }
}

TEST(RenderReceiptPdfTest, CashShowsTenderedAndChangeDue) {
  if (!HavePdfToText()) GTEST_SKIP() << kPdfToText << " is not installed (apt: poppler-utils)";
  const std::optional<std::string> text = PdfToText(RenderOrFail(CashReceipt()), "cash");
  ASSERT_TRUE(text.has_value());
  EXPECT_TRUE(Contains(*text, "Tendered")) << *text;
  EXPECT_TRUE(Contains(*text, "$130.00")) << *text;
  EXPECT_TRUE(Contains(*text, "Change due")) << *text;
  EXPECT_TRUE(Contains(*text, "$5.00")) << *text;
}

TEST(RenderReceiptPdfTest, OtherTendersShowNoTenderedOrChangeRows) {
  if (!HavePdfToText()) GTEST_SKIP() << kPdfToText << " is not installed (apt: poppler-utils)";
  const std::optional<std::string> text = PdfToText(RenderOrFail(CheckReceipt()), "check");
  ASSERT_TRUE(text.has_value());
  EXPECT_FALSE(Contains(*text, "Tendered")) << *text;
  EXPECT_FALSE(Contains(*text, "Change due")) << *text;
}

TEST(RenderReceiptPdfTest, CharactersOutsideWinAnsiAreReplacedNotFatal) {
  ReceiptData receipt = CashReceipt();
  receipt.customer_name = "Dvořák Nguyễn 北京 🙂 Zoë";
  receipt.service_address = std::string("bad \xFF\xC3 utf8 \x01 end");
  const std::string pdf = RenderOrFail(receipt);
  ASSERT_TRUE(StartsWith(pdf, "%PDF-"));
  if (!HavePdfToText()) GTEST_SKIP() << kPdfToText << " is not installed (apt: poppler-utils)";
  const std::optional<std::string> text = PdfToText(pdf, "outside_winansi");
  ASSERT_TRUE(text.has_value());
  const std::string collapsed = CollapseSpaces(*text);
  EXPECT_TRUE(Contains(collapsed, "Dvorák Nguy?n ?? ? Zoë")) << collapsed;
  EXPECT_TRUE(Contains(collapsed, "bad ?? utf8 end")) << collapsed;
}

TEST(RenderReceiptPdfTest, EmptyReceiptStillRenders) {
  const std::string pdf = RenderOrFail(ReceiptData{});
  EXPECT_TRUE(StartsWith(pdf, "%PDF-"));
}

// ---- pdf_page helpers ---------------------------------------------------------------------

TEST(ToWinAnsiTest, KeepsAsciiAndLatin1) {
  EXPECT_EQ(ToWinAnsi("Account 1000001543 ($125.00)"), "Account 1000001543 ($125.00)");
  EXPECT_EQ(ToWinAnsi("Zoë Müller"), "Zo\xEB M\xFCller");
  EXPECT_EQ(ToWinAnsi("a · b"), "a \xB7 b");
}

TEST(ToWinAnsiTest, MapsWindows1252Extras) {
  EXPECT_EQ(ToWinAnsi("€ – — … • “x” ‘y’ Š ž"),
            "\x80 \x96 \x97 \x85 \x95 \x93x\x94 \x91y\x92 \x8A \x9E");
}

TEST(ToWinAnsiTest, DropsAccentsItCannotShow) {
  EXPECT_EQ(ToWinAnsi("Łódź Dvořák Ĳssel"),
            "L\xF3"
            "dz Dvor\xE1k IJssel");
}

TEST(ToWinAnsiTest, ReplacesTheRestWithPrintableCharacters) {
  EXPECT_EQ(ToWinAnsi("北京 🙂"), "?? ?");
  EXPECT_EQ(ToWinAnsi("a\u2011b \u2212 5 \u2116 7"), "a-b - 5 No. 7");
  EXPECT_EQ(ToWinAnsi("zero\u200Bwidth"), "zerowidth");
  EXPECT_EQ(ToWinAnsi("thin\u2009space"), "thin space");
}

TEST(ToWinAnsiTest, ControlCharactersBecomeSpacesAndNeverNul) {
  const std::string with_nul(
      "a\0b\tc\nd\x7F"
      "e",
      9);
  const std::string encoded = ToWinAnsi(with_nul);
  EXPECT_EQ(encoded, "a b c d e");
  EXPECT_EQ(encoded.find('\0'), std::string::npos);
}

TEST(ToWinAnsiTest, MalformedUtf8BecomesQuestionMarks) {
  EXPECT_EQ(ToWinAnsi("\xFF"), "?");
  EXPECT_EQ(ToWinAnsi("ab\xC3"), "ab?");             // truncated sequence
  EXPECT_EQ(ToWinAnsi("\xC0\xAF"), "??");            // overlong "/"
  EXPECT_EQ(ToWinAnsi("\xED\xA0\x80"), "???");       // UTF-16 surrogate
  EXPECT_EQ(ToWinAnsi("\xF4\x90\x80\x80"), "????");  // above U+10FFFF
}

TEST(PdfDocumentTest, WrapTextKeepsShortTextOnOneLine) {
  PdfDocument document("test");
  const PdfTextStyle style;
  EXPECT_EQ(document.WrapText("Water", style, 200.0f, 3), std::vector<std::string>{"Water"});
  EXPECT_TRUE(document.WrapText("", style, 200.0f, 3).empty());
  EXPECT_TRUE(document.WrapText("   ", style, 200.0f, 3).empty());
}

TEST(PdfDocumentTest, WrapTextBreaksAtSpacesWithinTheWidth) {
  PdfDocument document("test");
  const PdfTextStyle style;
  const float width = document.TextWidth("Service address", style);
  const std::vector<std::string> lines =
      document.WrapText("Service address on the north side", style, width, 10);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines.front(), "Service address");
  std::string joined;
  for (const std::string& line : lines) {
    EXPECT_LE(document.TextWidth(line, style), width) << line;
    joined += (joined.empty() ? "" : " ") + line;
  }
  EXPECT_EQ(joined, "Service address on the north side");
}

TEST(PdfDocumentTest, WrapTextBreaksAWordTooWideForTheColumn) {
  PdfDocument document("test");
  const PdfTextStyle style;
  const std::string word = "Łukasiewicz" + std::string(30, 'x');
  const float width = 50.0f;
  const std::vector<std::string> lines = document.WrapText(word, style, width, 20);
  ASSERT_GE(lines.size(), 2u);
  std::string joined;
  for (const std::string& line : lines) {
    EXPECT_LE(document.TextWidth(line, style), width) << line;
    joined += line;
  }
  EXPECT_EQ(joined, word);  // no character lost or split mid-sequence
}

TEST(PdfDocumentTest, WrapTextEndsWithAnEllipsisAtTheLineLimit) {
  PdfDocument document("test");
  const PdfTextStyle style;
  const float width = 60.0f;
  const std::vector<std::string> lines =
      document.WrapText("one two three four five six seven eight nine ten", style, width, 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines.back().substr(lines.back().size() - 3), "\u2026");
  EXPECT_LE(document.TextWidth(lines.back(), style), width);
}

TEST(PdfDocumentTest, LetterSpacingWidensText) {
  PdfDocument document("test");
  const PdfTextStyle plain;
  PdfTextStyle spaced;
  spaced.letter_spacing_pt = 1.0f;
  // Five characters get four gaps: the spacing after the last one is not ink.
  EXPECT_FLOAT_EQ(document.TextWidth("ABCDE", spaced), document.TextWidth("ABCDE", plain) + 4.0f);
}

TEST(PdfDocumentTest, LibharuErrorsBecomeInternal) {
  PdfDocument document("test");
  document.AddLetterPage();
  document.DrawLine(0.0f, 0.0f, 10.0f, 10.0f, -1.0f, kPdfInk);  // libharu refuses a negative width
  Result<std::string> pdf = document.Finish();
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, ErrorCode::kInternal);
  EXPECT_EQ(pdf.error().reason, "PDF_LIBRARY_ERROR");
}

TEST(PdfDocumentTest, DrawingAfterAnErrorIsHarmless) {
  PdfDocument document("test");
  document.AddLetterPage();
  document.FillRect(0.0f, 0.0f, 10.0f, 10.0f, PdfColor{2.0f, 0.0f, 0.0f});  // out of range
  document.DrawText(10.0f, 10.0f, "still here", PdfTextStyle{});
  document.AddLetterPage();
  EXPECT_FALSE(document.Finish().ok());
}

TEST(PdfDocumentTest, FinishWithoutErrorsGivesAPdf) {
  PdfDocument document("test");
  document.AddLetterPage();
  document.DrawText(72.0f, 720.0f, "Hello", PdfTextStyle{});
  Result<std::string> pdf = document.Finish();
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_TRUE(StartsWith(*pdf, "%PDF-"));
}

}  // namespace
}  // namespace cistern
