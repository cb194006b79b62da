#include "documents/letter.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "documents/pdf_page.h"

namespace cistern {
namespace {

// ---- Page geometry ------------------------------------------------------------------------
//
// A letter is tri-folded into the same #10 double-window envelope as the bill, so it uses the
// bill's window positions (see the geometry notes in bill.cc): the letterhead 1/2" from the top
// and 5/8" from the left within 3.1" (the upper window shows the return address), the addressee
// 1" from the left and 2-1/8" from the top within 3-1/2" x 0.8" (the lower window), and nothing
// else left of 5" between 1.55" and 3.25" from the top. The date, account number and service
// address sit right of 5", level with the address, where no window reaches. The body starts
// under the lower window and runs between 1" margins, like a typed letter.
constexpr float kInchPt = 72.0f;
constexpr float kPageHeightPt = kPdfLetterHeightPt;
constexpr float kPageWidthPt = kPdfLetterWidthPt;

constexpr float kLetterheadLeft = 0.625f * kInchPt;
constexpr float kLetterheadTop = kPageHeightPt - 0.5f * kInchPt;
constexpr float kLetterheadWidthPt = 3.1f * kInchPt;
constexpr float kRuleY = kPageHeightPt - 1.32f * kInchPt;  // between the two windows
constexpr float kRuleRight = kPageWidthPt - 0.625f * kInchPt;

constexpr float kAddressLeft = 1.0f * kInchPt;
constexpr float kAddressTop = kPageHeightPt - 2.125f * kInchPt;
constexpr float kAddressWidthPt = 3.5f * kInchPt;
constexpr std::size_t kMaxAddressLines = 4;  // under the name

constexpr float kFactsLeft = 5.0f * kInchPt;
constexpr float kFactsRight = kPageWidthPt - 0.75f * kInchPt;
constexpr float kFactsTop = kAddressTop + 6.0f;

constexpr float kBodyLeft = 1.0f * kInchPt;
constexpr float kBodyRight = kPageWidthPt - 1.0f * kInchPt;
constexpr float kBodyWidthPt = kBodyRight - kBodyLeft;
constexpr float kBodyTop = kPageHeightPt - 3.45f * kInchPt;  // under the lower window
constexpr float kBodyFloor = 0.95f * kInchPt;
constexpr float kContinuationTop = kPageHeightPt - 1.35f * kInchPt;
constexpr float kFooterBaseline = 0.5f * kInchPt;

// Fold marks at the thirds, in the left margin, to line up a hand fold with the windows.
constexpr float kFoldMarkLeft = 0.2f * kInchPt;
constexpr float kFoldMarkRight = 0.4f * kInchPt;
constexpr float kPanelHeightPt = kPageHeightPt / 3.0f;

constexpr float kSubjectGapPt = 6.0f;
constexpr float kParagraphGapPt = 9.0f;
constexpr float kClosingGapPt = 14.0f;
constexpr float kSignatureSpacePt = 30.0f;  // room to sign
constexpr std::size_t kMaxSubjectLines = 3;
constexpr std::size_t kMaxParagraphLines = 60;

// ---- Styles -------------------------------------------------------------------------------

PdfTextStyle OrganizationStyle() {
  return {.font = PdfFont::kBold, .size_pt = 16.0f, .color = kPdfAccent};
}
PdfTextStyle OfficeStyle() { return {.size_pt = 8.5f, .color = kPdfMuted}; }
PdfTextStyle AddressStyle() { return {.size_pt = 10.5f}; }
PdfTextStyle FactStyle() { return {.size_pt = 9.5f}; }
PdfTextStyle FactStrongStyle() { return {.font = PdfFont::kBold, .size_pt = 9.5f}; }
PdfTextStyle BodyStyle() { return {.size_pt = 10.5f}; }
PdfTextStyle SubjectStyle() {
  return {.font = PdfFont::kBold, .size_pt = 11.0f, .color = kPdfAccent};
}
PdfTextStyle SignatureStyle() { return {.font = PdfFont::kBold, .size_pt = 10.5f}; }
PdfTextStyle FooterStyle() { return {.size_pt = 7.5f, .color = kPdfMuted}; }

constexpr std::string_view kMiddleDot = "\xC2\xB7";

float Baseline(float top, const PdfTextStyle& style) { return top - PdfBaselineOffset(style); }

// Body text reads better with a little more air than the library's line box.
float BodyLeading(const PdfTextStyle& style) { return PdfLineHeight(style) * 1.18f; }

void DrawOneLine(PdfDocument& document, float x, float top, float width_pt, std::string_view text,
                 const PdfTextStyle& style, PdfAlign align = PdfAlign::kLeft) {
  DrawTextBlock(document, align == PdfAlign::kRight ? x - width_pt : x, top, width_pt, text, style,
                align, 1);
}

// ---- First page ---------------------------------------------------------------------------

void DrawLetterheadBlock(PdfDocument& document, const LetterDocument& letter) {
  const PdfTextStyle organization = OrganizationStyle();
  float top = DrawTextBlock(document, kLetterheadLeft, kLetterheadTop, kLetterheadWidthPt,
                            letter.organization, organization, PdfAlign::kLeft, 1);
  top -= 2.0f;
  const PdfTextStyle office = OfficeStyle();
  for (const std::string& line :
       WrapAtMiddleDots(document, letter.office_line, office, kLetterheadWidthPt, 3)) {
    document.DrawText(kLetterheadLeft, Baseline(top, office), line, office);
    top -= PdfLineHeight(office);
  }
  document.DrawLine(kLetterheadLeft, kRuleY, kRuleRight, kRuleY, 1.5f, kPdfAccent);
}

void DrawFoldMarks(PdfDocument& document) {
  for (float y : {kPanelHeightPt, 2.0f * kPanelHeightPt}) {
    document.DrawLine(kFoldMarkLeft, y, kFoldMarkRight, y, 0.5f, kPdfRule);
  }
}

// Only the address goes in the window, as USPS asks.
void DrawAddressee(PdfDocument& document, const LetterDocument& letter) {
  const PdfTextStyle style = AddressStyle();
  float top = kAddressTop;
  DrawOneLine(document, kAddressLeft, top, kAddressWidthPt, letter.addressee, style);
  top -= PdfLineHeight(style);
  const std::size_t count = std::min(letter.mailing_address.size(), kMaxAddressLines);
  for (std::size_t index = 0; index < count; ++index) {
    DrawOneLine(document, kAddressLeft, top, kAddressWidthPt, letter.mailing_address[index], style);
    top -= PdfLineHeight(style);
  }
}

// The date, the account and the service address, right of the windows: what a customer quotes
// when calling about the letter.
void DrawFacts(PdfDocument& document, const LetterDocument& letter) {
  const PdfTextStyle caption = PdfCaptionStyle();
  const float width = kFactsRight - kFactsLeft;
  struct Fact {
    std::string_view caption;
    std::string_view value;
    PdfTextStyle style;
  };
  const Fact facts[] = {
      {"DATE", letter.date, FactStyle()},
      {"ACCOUNT NUMBER", letter.account_number, FactStrongStyle()},
      {"SERVICE ADDRESS", letter.service_address, FactStyle()},
  };
  float top = kFactsTop;
  for (const Fact& fact : facts) {
    if (fact.value.empty()) continue;
    document.DrawText(kFactsLeft, Baseline(top, caption), fact.caption, caption);
    top -= PdfLineHeight(caption) + 1.0f;
    top =
        DrawTextBlock(document, kFactsLeft, top, width, fact.value, fact.style, PdfAlign::kLeft, 2);
    top -= 7.0f;
  }
}

// ---- Body, laid out into pages --------------------------------------------------------------

struct PlacedLine {
  std::string text;
  PdfTextStyle style;
  float top = 0.0f;
};

struct PageLayout {
  std::vector<PlacedLine> lines;
};

// A run of lines that moves to the next page whole when it does not fit (a subject, the closing
// and signature) or line by line (a paragraph).
struct Block {
  std::vector<std::string> lines;
  PdfTextStyle style;
  float gap_before = 0.0f;
  float leading = 0.0f;
  bool keep_together = false;
};

std::vector<Block> BodyBlocks(const PdfDocument& document, const LetterDocument& letter) {
  std::vector<Block> blocks;
  const PdfTextStyle body = BodyStyle();
  const PdfTextStyle subject = SubjectStyle();
  if (!letter.subject.empty()) {
    blocks.push_back({document.WrapText(letter.subject, subject, kBodyWidthPt, kMaxSubjectLines),
                      subject, 0.0f, BodyLeading(subject), true});
  }
  bool first = true;
  for (const std::string& paragraph : letter.paragraphs) {
    const float gap =
        first ? (letter.subject.empty() ? 0.0f : kParagraphGapPt + kSubjectGapPt) : kParagraphGapPt;
    first = false;
    blocks.push_back({document.WrapText(paragraph, body, kBodyWidthPt, kMaxParagraphLines), body,
                      gap, BodyLeading(body), false});
  }
  // The closing, space to sign, and the signature lines stay together.
  Block closing{{letter.closing}, body, kClosingGapPt, BodyLeading(body), true};
  blocks.push_back(closing);
  std::vector<std::string> signature = letter.signature;
  if (!signature.empty()) {
    blocks.push_back(
        {{signature.front()}, SignatureStyle(), kSignatureSpacePt, BodyLeading(body), true});
    signature.erase(signature.begin());
    if (!signature.empty()) blocks.push_back({signature, body, 0.0f, BodyLeading(body), true});
  }
  return blocks;
}

std::vector<PageLayout> LayOutBody(const PdfDocument& document, const LetterDocument& letter) {
  std::vector<PageLayout> pages(1);
  float top = kBodyTop;
  const std::vector<Block> blocks = BodyBlocks(document, letter);
  // The closing and signature (the last blocks marked keep_together after the paragraphs) move
  // as one: measure from the closing to the end.
  std::size_t closing_index = blocks.size();
  for (std::size_t index = 0; index < blocks.size(); ++index) {
    if (blocks[index].keep_together && index > 0) {
      closing_index = index;
      break;
    }
  }
  float closing_height = 0.0f;
  for (std::size_t index = closing_index; index < blocks.size(); ++index) {
    closing_height += blocks[index].gap_before +
                      static_cast<float>(blocks[index].lines.size()) * blocks[index].leading;
  }
  auto new_page = [&]() {
    pages.emplace_back();
    top = kContinuationTop;
  };
  for (std::size_t index = 0; index < blocks.size(); ++index) {
    const Block& block = blocks[index];
    // A block that starts a continuation page needs no gap above it.
    float gap = top == kContinuationTop ? 0.0f : block.gap_before;
    if (index == closing_index && top - gap - closing_height < kBodyFloor) {
      new_page();
      gap = 0.0f;
    } else if (block.keep_together && index < closing_index &&
               top - gap - static_cast<float>(block.lines.size()) * block.leading < kBodyFloor) {
      new_page();
      gap = 0.0f;
    }
    top -= gap;
    for (const std::string& line : block.lines) {
      if (top - block.leading < kBodyFloor) new_page();
      pages.back().lines.push_back({line, block.style, top});
      top -= block.leading;
    }
  }
  return pages;
}

void DrawContinuationHeader(PdfDocument& document, const LetterDocument& letter, std::size_t page,
                            std::size_t page_count) {
  const PdfTextStyle organization{.font = PdfFont::kBold, .size_pt = 12.0f, .color = kPdfAccent};
  const float top = kPageHeightPt - 0.625f * kInchPt;
  document.DrawText(kBodyLeft, Baseline(top, organization), letter.organization, organization);
  const PdfTextStyle muted = FactStyle();
  std::string right = letter.addressee;
  if (!letter.account_number.empty()) {
    right += "  " + std::string(kMiddleDot) + "  Account " + letter.account_number;
  }
  right += "  " + std::string(kMiddleDot) + "  " + letter.date + "  " + std::string(kMiddleDot) +
           "  Page " + std::to_string(page) + " of " + std::to_string(page_count);
  document.DrawText(kBodyRight, Baseline(top + 1.0f, muted) - 2.0f, right, muted, PdfAlign::kRight);
  const float rule_y = top - PdfLineHeight(organization) - 6.0f;
  document.DrawLine(kBodyLeft, rule_y, kBodyRight, rule_y, 0.75f, kPdfAccent);
}

void DrawFooter(PdfDocument& document, const LetterDocument& letter, std::size_t page,
                std::size_t page_count) {
  const PdfTextStyle style = FooterStyle();
  if (!letter.reference.empty()) {
    document.DrawText(kBodyLeft, kFooterBaseline, letter.reference, style);
  }
  if (page_count > 1) {
    document.DrawText(kBodyRight, kFooterBaseline,
                      "Page " + std::to_string(page) + " of " + std::to_string(page_count), style,
                      PdfAlign::kRight);
  }
}

}  // namespace

Result<std::string> RenderLetterPdf(const LetterDocument& letter) {
  PdfDocument document(letter.reference.empty() ? letter.subject
                                                : letter.reference + " " + letter.subject);
  // The layout is computed on a page of its own document's fonts before anything is drawn.
  document.AddLetterPage();
  const std::vector<PageLayout> pages = LayOutBody(document, letter);
  for (std::size_t index = 0; index < pages.size(); ++index) {
    if (index > 0) {
      document.AddLetterPage();
      DrawContinuationHeader(document, letter, index + 1, pages.size());
    } else {
      DrawLetterheadBlock(document, letter);
      DrawFoldMarks(document);
      DrawAddressee(document, letter);
      DrawFacts(document, letter);
    }
    for (const PlacedLine& line : pages[index].lines) {
      document.DrawText(kBodyLeft, Baseline(line.top, line.style), line.text, line.style);
    }
    DrawFooter(document, letter, index + 1, pages.size());
  }
  return document.Finish();
}

}  // namespace cistern
