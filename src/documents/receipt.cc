#include "documents/receipt.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "documents/pdf_page.h"

namespace cistern {
namespace {

// Three quarters of an inch all round survives any office printer's unprintable edge.
constexpr float kMarginPt = 54.0f;
constexpr float kColumnGapPt = 24.0f;
constexpr float kSectionGapPt = 20.0f;
constexpr float kCaptionGapPt = 6.0f;
constexpr float kPanelPaddingPt = 10.0f;
constexpr float kFooterGapPt = 26.0f;

constexpr std::size_t kMaxFactLines = 2;
constexpr std::size_t kMaxFooterLines = 3;

constexpr float kAccountLabelWidthPt = 84.0f;
constexpr float kPaymentLabelWidthPt = 78.0f;

PdfTextStyle BodyStyle() { return {.size_pt = 10.0f}; }
PdfTextStyle StrongStyle() { return {.font = PdfFont::kBold, .size_pt = 10.0f}; }
PdfTextStyle AmountPaidStyle() {
  return {.font = PdfFont::kBold, .size_pt = 14.0f, .color = kPdfAccent};
}
PdfTextStyle BalanceStyle() { return {.font = PdfFont::kBold, .size_pt = 11.0f}; }
PdfTextStyle FooterStyle() {
  return {.font = PdfFont::kItalic, .size_pt = 9.0f, .color = kPdfMuted};
}

// Receipt number, date and cashier side by side under the letterhead: what a clerk or an auditor
// looks for first when a customer brings a receipt back.
float DrawReceiptFacts(PdfDocument& document, const PdfFrame& frame, float top,
                       const ReceiptData& receipt) {
  struct Fact {
    std::string_view caption;
    std::string_view value;
    PdfTextStyle style;
  };
  const Fact facts[] = {
      {"RECEIPT NUMBER", receipt.receipt_number, StrongStyle()},
      {"DATE AND TIME", receipt.posted_at, BodyStyle()},
      {"CASHIER", receipt.cashier, BodyStyle()},
  };
  constexpr float kFactCount = 3.0f;
  const float column_width = (frame.width() - (kFactCount - 1.0f) * kColumnGapPt) / kFactCount;
  const PdfTextStyle caption_style = PdfCaptionStyle();
  float bottom = top;
  float left = frame.left;
  for (const Fact& fact : facts) {
    document.DrawText(left, top - PdfBaselineOffset(caption_style), fact.caption, caption_style);
    const float value_top = top - PdfLineHeight(caption_style) - 1.0f;
    const float value_bottom = DrawTextBlock(document, left, value_top, column_width, fact.value,
                                             fact.style, PdfAlign::kLeft, kMaxFactLines);
    bottom = std::min({bottom, value_bottom, value_top});
    left += column_width + kColumnGapPt;
  }
  return bottom;
}

// Who paid (left) and how (right, on a shaded panel so the amount is the first thing seen).
float DrawAccountAndPayment(PdfDocument& document, const PdfFrame& frame, float top,
                            const ReceiptData& receipt) {
  const float column_width = (frame.width() - kColumnGapPt) / 2.0f;

  const std::vector<PdfField> account_fields = {
      {"Account number", receipt.account_number, StrongStyle()},
      {"Name", receipt.customer_name, BodyStyle()},
      {"Service address", receipt.service_address, BodyStyle()},
  };
  const float account_left = frame.left;
  const float account_right = frame.left + column_width;
  // Start level with the caption inside the panel, whose padding pushes it down.
  float account_top =
      DrawSectionCaption(document, account_left, account_right, top - kPanelPaddingPt, "ACCOUNT");
  account_top -= kCaptionGapPt;
  const float account_bottom =
      account_top - DrawFields(document, account_left, account_top, column_width,
                               kAccountLabelWidthPt, account_fields);

  // Tendered and change due are empty for anything but cash, and the field helpers skip them.
  const std::vector<PdfField> payment_fields = {
      {"Amount paid", receipt.amount, AmountPaidStyle(), PdfAlign::kRight},
      {"Tender", receipt.tender, BodyStyle(), PdfAlign::kRight},
      {"Tendered", receipt.tendered, BodyStyle(), PdfAlign::kRight},
      {"Change due", receipt.change_due, StrongStyle(), PdfAlign::kRight},
  };
  const float panel_left = frame.right - column_width;
  const float inner_left = panel_left + kPanelPaddingPt;
  const float inner_right = frame.right - kPanelPaddingPt;
  const float inner_width = inner_right - inner_left;
  // The panel is filled before the text goes on it, so its height is measured first.
  const PdfTextStyle caption_style = PdfCaptionStyle();
  constexpr float kCaptionRuleAllowancePt = 4.0f;
  const float caption_height = PdfLineHeight(caption_style) + kCaptionRuleAllowancePt;
  const float fields_height =
      MeasureFields(document, inner_width, kPaymentLabelWidthPt, payment_fields);
  const float panel_height =
      2.0f * kPanelPaddingPt + caption_height + kCaptionGapPt + fields_height;
  const float panel_bottom = top - panel_height;
  document.FillRect(panel_left, panel_bottom, column_width, panel_height, kPdfPanel);
  float payment_top =
      DrawSectionCaption(document, inner_left, inner_right, top - kPanelPaddingPt, "PAYMENT");
  payment_top -= kCaptionGapPt;
  DrawFields(document, inner_left, payment_top, inner_width, kPaymentLabelWidthPt, payment_fields);

  return std::min(account_bottom, panel_bottom);
}

// The balance row closes the table: bold, under an accent rule, in the table's own columns,
// because "what do I still owe" is the question the customer asks next.
float MeasureBalance(const PdfDocument& document, const PdfFrame& frame,
                     const ReceiptData& receipt) {
  return MeasureAmountRow(document, frame.left, frame.right, "Balance after payment",
                          receipt.balance_after, BalanceStyle());
}

float DrawBalance(PdfDocument& document, const PdfFrame& frame, float top,
                  const ReceiptData& receipt) {
  constexpr float kRulePt = 1.0f;
  document.DrawLine(frame.left, top, frame.right, top, kRulePt, kPdfAccent);
  return top - DrawAmountRow(document, frame.left, frame.right, top, "Balance after payment",
                             receipt.balance_after, BalanceStyle(), PdfRowRule::kNone);
}

float MeasureFooter(const PdfDocument& document, const PdfFrame& frame,
                    const ReceiptData& receipt) {
  const PdfTextStyle style = FooterStyle();
  const auto lines = document.WrapText(receipt.footer, style, frame.width(), kMaxFooterLines);
  return kFooterGapPt + static_cast<float>(lines.size()) * PdfLineHeight(style);
}

// The applied lines, one ruled row each. The page is the limit: the header promises one page, so
// rows that would run into the balance and footer are summarised in a last row rather than
// dropped silently or spilled onto a second page.
float DrawAppliedTo(PdfDocument& document, const PdfFrame& frame, float top,
                    const ReceiptData& receipt, float reserved_below_pt) {
  if (receipt.applied.empty()) return top;
  top = DrawSectionCaption(document, frame.left, frame.right, top, "APPLIED TO", "AMOUNT");
  const PdfTextStyle style = BodyStyle();
  const float floor = frame.bottom + reserved_below_pt;
  const std::size_t count = receipt.applied.size();
  for (std::size_t index = 0; index < count; ++index) {
    const ReceiptData::Line& line = receipt.applied[index];
    const bool is_last = index + 1 == count;
    const float height =
        MeasureAmountRow(document, frame.left, frame.right, line.label, line.amount, style);
    const std::size_t hidden = count - index;
    const std::string overflow_label = "+ " + std::to_string(hidden) +
                                       (hidden == 1 ? " more line" : " more lines") +
                                       " not shown; see the account history";
    const float overflow_height =
        MeasureAmountRow(document, frame.left, frame.right, overflow_label, "", style);
    const float needed = height + (is_last ? 0.0f : overflow_height);
    if (top - needed < floor) {
      const PdfTextStyle overflow_style{
          .font = PdfFont::kItalic, .size_pt = 10.0f, .color = kPdfMuted};
      top -= DrawAmountRow(document, frame.left, frame.right, top, overflow_label, "",
                           overflow_style, PdfRowRule::kNone);
      break;
    }
    top -= DrawAmountRow(document, frame.left, frame.right, top, line.label, line.amount, style,
                         is_last ? PdfRowRule::kNone : PdfRowRule::kThin);
  }
  return top;
}

}  // namespace

Result<std::string> RenderReceiptPdf(const ReceiptData& receipt) {
  PdfDocument document("Payment receipt " + receipt.receipt_number);
  document.AddLetterPage();
  const PdfFrame frame = LetterFrame(kMarginPt);

  float top = DrawLetterhead(document, frame,
                             {.organization = receipt.city_name,
                              .office_line = receipt.office_line,
                              .title = "PAYMENT RECEIPT"});
  top = DrawReceiptFacts(document, frame, top - kSectionGapPt, receipt);
  top = DrawAccountAndPayment(document, frame, top - kSectionGapPt, receipt);

  const float reserved =
      MeasureBalance(document, frame, receipt) + MeasureFooter(document, frame, receipt);
  top = DrawAppliedTo(document, frame, top - kSectionGapPt, receipt, reserved);
  top = DrawBalance(document, frame, receipt.applied.empty() ? top - kSectionGapPt : top, receipt);

  DrawTextBlock(document, frame.left, top - kFooterGapPt, frame.width(), receipt.footer,
                FooterStyle(), PdfAlign::kCenter, kMaxFooterLines);
  return document.Finish();
}

}  // namespace cistern
