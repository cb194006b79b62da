#include "documents/bill.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cistern {
namespace {

// ---- Page geometry ------------------------------------------------------------------------
//
// The sheet is tri-folded into three 3-2/3" (264 pt) panels and goes into a #10 double-window
// envelope (4-1/8" x 9-1/2") with the top panel facing the windows. Window positions, measured
// with the flap up from the envelope's left and bottom edges:
//   lower (address) window  4-1/2" x 1-1/8", 7/8" from left, 1/2" from bottom: the industry
//                           standard #10 window that QuickBooks, Word and print shops assume
//   upper (return) window   3-1/2" x 1", 5/8" from left, 1/2" below the top edge
// The folded sheet (8-1/2" x 3-2/3") rests on the envelope's bottom fold and can shift about
// 1/2" sideways either way and ride up 0.46". Seated and centred, the lower window shows page
// x 0.375"-4.875", y 2.04"-3.17" from the top edge; ridden up, y 1.58"-2.71". So the address
// block starts 1" from the left and 2-1/8" from the top and is at most 3-1/2" x 0.8" (name and
// four lines at 10 pt), and nothing else is printed left of 5" between 1.55" and 3.25" from
// the top. The upper window shows at most the top 1.04" of the page from 0.125"-3.625" across:
// the letterhead sits 1/2" from the top and 5/8" from the left, within 3.1" width. Right of 5"
// no window ever reaches, so the summary panel and the right column start there, high up.
//
// The stub (the bottom panel) goes back in a #9 return envelope (3-7/8" x 8-7/8") whose window
// is also 4-1/2" x 1-1/8" at 7/8" from the left and 1/2" from the bottom. The stub has 3/8" of
// sideways and 0.21" of vertical play, so its window shows stub x 0.69"-5.19", y 0.5"-1.83"
// from the stub's bottom edge: the remittance address sits 1" from the left with its top 1.4"
// from the bottom, and nothing else is printed there. The scan line is right-aligned 3/8"
// above the bottom edge, right of the window, where lockbox scanners look for it.
constexpr float kInchPt = 72.0f;
constexpr float kPageWidthPt = kPdfLetterWidthPt;
constexpr float kPageHeightPt = kPdfLetterHeightPt;
constexpr float kPanelHeightPt = kPageHeightPt / 3.0f;  // 264 pt
constexpr float kPerforationY = kPanelHeightPt;

constexpr float kLeft = 0.625f * kInchPt;
constexpr float kRight = kPageWidthPt - kLeft;
constexpr float kWidth = kRight - kLeft;

constexpr float kLetterheadTop = kPageHeightPt - 0.5f * kInchPt;
constexpr float kLetterheadWidthPt = 3.1f * kInchPt;
constexpr float kAddressLeft = 1.0f * kInchPt;
constexpr float kAddressTop = kPageHeightPt - 2.125f * kInchPt;
constexpr float kAddressWidthPt = 3.5f * kInchPt;
constexpr std::size_t kMaxAddressLines = 4;  // under the name
constexpr float kWindowFreeX = 5.0f * kInchPt;

// Two columns under the windows: service, meters and charges on the left; on the right, from
// high up, the summary panel, account activity, the usage chart and the message.
constexpr float kColumnGapPt = 20.0f;
constexpr float kRightColumnLeft = kWindowFreeX;
constexpr float kLeftColumnRight = kRightColumnLeft - kColumnGapPt;
constexpr float kLeftColumnTop = kPageHeightPt - 3.25f * kInchPt;  // under the lower window
constexpr float kSummaryTop = kLetterheadTop - 22.0f;
constexpr float kBodyFloor = kPerforationY + 16.0f;

constexpr float kRemittanceLeft = 1.0f * kInchPt;
constexpr float kRemittanceTop = 1.4f * kInchPt;
constexpr std::size_t kMaxRemittanceLines = 4;
constexpr float kScanLineBaseline = 0.375f * kInchPt;

// Continuation pages use the plain frame.
constexpr float kContinuationTop = kPageHeightPt - 0.625f * kInchPt;
constexpr float kContinuationFloor = 0.625f * kInchPt;
constexpr float kContinuationHeaderPt = 64.0f;

constexpr float kSectionGapPt = 14.0f;
constexpr float kCaptionGapPt = 3.0f;
constexpr float kPanelPaddingPt = 8.0f;
constexpr float kChartHeightPt = 84.0f;
constexpr float kSmallestChartPt = 44.0f;

constexpr std::size_t kReadingsOnFirstPage = 3;
constexpr std::size_t kMaxDescriptionLines = 3;
constexpr std::size_t kMaxMessageLines = 5;  // about 220 characters in the right column

// ---- Styles -------------------------------------------------------------------------------

PdfTextStyle Body() { return {.size_pt = 8.5f}; }
PdfTextStyle BodyBold() { return {.font = PdfFont::kBold, .size_pt = 8.5f}; }
PdfTextStyle Muted() { return {.size_pt = 8.0f, .color = kPdfMuted}; }
PdfTextStyle SmallMuted() { return {.size_pt = 7.0f, .color = kPdfMuted}; }
PdfTextStyle MutedItalic() {
  return {.font = PdfFont::kItalic, .size_pt = 8.0f, .color = kPdfMuted};
}
PdfTextStyle AddressStyle() { return {.size_pt = 10.0f}; }
PdfTextStyle TitleStyle() {
  return {.font = PdfFont::kBold, .size_pt = 12.0f, .color = kPdfInk, .letter_spacing_pt = 1.8f};
}
PdfTextStyle CityStyle() { return {.font = PdfFont::kBold, .size_pt = 15.0f, .color = kPdfAccent}; }
PdfTextStyle TotalStyle() {
  return {.font = PdfFont::kBold, .size_pt = 12.0f, .color = kPdfAccent};
}
PdfTextStyle BigTotalStyle() {
  return {.font = PdfFont::kBold, .size_pt = 20.0f, .color = kPdfAccent};
}
PdfTextStyle ScanLineStyle() { return {.font = PdfFont::kMonospace, .size_pt = 12.0f}; }

constexpr std::string_view kMiddleDot = "\xC2\xB7";

float Baseline(float top, const PdfTextStyle& style) { return top - PdfBaselineOffset(style); }

// One line of text that must not wrap (an address line, a table cell): cut with an ellipsis to
// `width_pt` when too long. `x` is the left edge, or the right edge for kRight.
void DrawOneLine(PdfDocument& document, float x, float top, float width_pt, std::string_view text,
                 const PdfTextStyle& style, PdfAlign align = PdfAlign::kLeft) {
  DrawTextBlock(document, align == PdfAlign::kRight ? x - width_pt : x, top, width_pt, text, style,
                align, 1);
}

// An amount that must be read whole ("-$1,012.00 (credit)" in a narrow box): drawn smaller,
// down to 70% of its size, before it is ever cut.
void DrawFittedLine(PdfDocument& document, float x, float top, float width_pt,
                    std::string_view text, PdfTextStyle style, PdfAlign align) {
  constexpr float kSmallestShare = 0.7f;
  const float width = document.TextWidth(text, style);
  if (width > width_pt && width > 0.0f) {
    PdfTextStyle smaller = style;
    smaller.size_pt = std::max(style.size_pt * kSmallestShare, style.size_pt * width_pt / width);
    // Keep the baseline where the full size puts it, so fitted and plain cells line up.
    top -= PdfBaselineOffset(style) - PdfBaselineOffset(smaller);
    style = smaller;
  }
  DrawOneLine(document, x, top, width_pt, text, style, align);
}

std::string UpperAscii(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

// A caption row whose captions sit over table columns, with a rule under them. Returns the y
// under the rule.
struct ColumnCaption {
  float x;
  std::string_view text;
  PdfAlign align;
};
float DrawColumnCaptions(PdfDocument& document, float left, float right, float top,
                         const std::vector<ColumnCaption>& captions) {
  const PdfTextStyle style = PdfCaptionStyle();
  for (const ColumnCaption& caption : captions) {
    document.DrawText(caption.x, Baseline(top, style), caption.text, style, caption.align);
  }
  const float rule_y = top - PdfLineHeight(style) - kCaptionGapPt;
  document.DrawLine(left, rule_y, right, rule_y, 0.75f, kPdfMuted);
  return rule_y - 0.5f;
}

float ColumnCaptionHeight() { return PdfLineHeight(PdfCaptionStyle()) + kCaptionGapPt + 1.0f; }

std::string PageOf(std::size_t page, std::size_t page_count) {
  return "Page " + std::to_string(page) + " of " + std::to_string(page_count);
}

// ---- Top third ----------------------------------------------------------------------------

// The title says what kind of bill this is: a corrected or duplicate bill must not be mistaken
// for a second bill to pay.
std::string_view BillTitle(const BillDocument& bill) {
  switch (bill.notice) {
    case BillNotice::kCorrected:
      return "CORRECTED BILL";
    case BillNotice::kDuplicate:
      return "DUPLICATE BILL";
    case BillNotice::kCancelled:
      return "CANCELLED BILL";
    case BillNotice::kFinal:
      return "FINAL BILL";
    case BillNotice::kNone:
      break;
  }
  return "UTILITY BILL";
}

void DrawBillLetterhead(PdfDocument& document, const BillDocument& bill) {
  float top = DrawTextBlock(document, kLeft, kLetterheadTop, kLetterheadWidthPt, bill.city_name,
                            CityStyle(), PdfAlign::kLeft, 1);
  const PdfTextStyle office = Muted();
  for (const std::string& line :
       WrapAtMiddleDots(document, bill.office_line, office, kLetterheadWidthPt, 2)) {
    document.DrawText(kLeft, Baseline(top, office), line, office);
    top -= PdfLineHeight(office);
  }
  PdfTextStyle title = TitleStyle();
  if (bill.notice != BillNotice::kNone) title.color = kPdfAccent;
  document.DrawText(kRight, Baseline(kLetterheadTop, CityStyle()), BillTitle(bill), title,
                    PdfAlign::kRight);
}

// Where and when the service was delivered, in the band between the two windows (1.17"-1.53"
// from the top) that no window ever shows.
void DrawService(PdfDocument& document, const BillDocument& bill) {
  constexpr float kServiceTop = kPageHeightPt - 1.17f * kInchPt;
  constexpr float kLabelWidthPt = 78.0f;
  constexpr float kRowGapPt = 2.0f;
  const PdfTextStyle label = Muted();
  const PdfTextStyle value = BodyBold();
  const float value_width = kLeftColumnRight - kLeft - kLabelWidthPt;
  float top = kServiceTop;
  const std::pair<std::string_view, std::string_view> rows[] = {
      {"Service address", bill.service_address}, {"Service period", bill.period}};
  for (const auto& [caption, text] : rows) {
    if (text.empty()) continue;
    const float baseline = Baseline(top, value);
    document.DrawText(kLeft, baseline, caption, label);
    const std::vector<std::string> lines = document.WrapText(text, value, value_width, 1);
    if (!lines.empty()) document.DrawText(kLeft + kLabelWidthPt, baseline, lines.front(), value);
    top -= PdfLineHeight(value) + kRowGapPt;
  }
}

// The addressee, for the lower window: only the address is printed there, as USPS asks.
void DrawMailingAddress(PdfDocument& document, const BillDocument& bill) {
  const PdfTextStyle style = AddressStyle();
  float top = kAddressTop;
  DrawOneLine(document, kAddressLeft, top, kAddressWidthPt, bill.customer_name, style);
  top -= PdfLineHeight(style);
  const std::size_t count = std::min(bill.mailing_address.size(), kMaxAddressLines);
  for (std::size_t index = 0; index < count; ++index) {
    DrawOneLine(document, kAddressLeft, top, kAddressWidthPt, bill.mailing_address[index], style);
    top -= PdfLineHeight(style);
  }
}

// What a customer looks for first, on a shaded panel right of the windows: which account, and
// how much by when. Returns the panel's bottom.
float DrawSummary(PdfDocument& document, const BillDocument& bill, std::size_t page_count) {
  constexpr float kLabelWidthPt = 72.0f;
  constexpr float kAccentBarPt = 3.0f;
  const float inner_left = kRightColumnLeft + kAccentBarPt + kPanelPaddingPt;
  const float inner_right = kRight - kPanelPaddingPt;
  const float inner_width = inner_right - inner_left;
  const std::vector<PdfField> fields = {
      {"Account number", bill.account_number, BodyBold(), PdfAlign::kRight},
      {"Bill number", bill.bill_number, Body(), PdfAlign::kRight},
      {"Bill date", bill.bill_date, Body(), PdfAlign::kRight},
      {"Due date", bill.due_date, BodyBold(), PdfAlign::kRight},
      // string_view on both sides: a std::string made by the conditional would be a temporary,
      // gone before the fields are drawn.
      {"Replaces bill",
       bill.notice == BillNotice::kCorrected ? std::string_view(bill.replaces_bill_number)
                                             : std::string_view(),
       BodyBold(), PdfAlign::kRight},
      {"Cancelled",
       bill.notice == BillNotice::kCancelled ? std::string_view(bill.cancelled_on)
                                             : std::string_view(),
       BodyBold(), PdfAlign::kRight},
      {"Service ended",
       bill.notice == BillNotice::kFinal ? std::string_view(bill.service_ended_on)
                                         : std::string_view(),
       BodyBold(), PdfAlign::kRight},
  };
  const PdfTextStyle caption = PdfCaptionStyle();
  const PdfTextStyle total_style = BigTotalStyle();
  constexpr float kRuleGapPt = 7.0f;
  const float fields_height = MeasureFields(document, inner_width, kLabelWidthPt, fields);
  const float panel_height = 2.0f * kPanelPaddingPt + fields_height + 2.0f * kRuleGapPt +
                             PdfLineHeight(caption) + PdfLineHeight(total_style);
  const float panel_bottom = kSummaryTop - panel_height;
  document.FillRect(kRightColumnLeft, panel_bottom, kRight - kRightColumnLeft, panel_height,
                    kPdfPanel);
  document.FillRect(kRightColumnLeft, panel_bottom, kAccentBarPt, panel_height, kPdfAccent);

  float top = kSummaryTop - kPanelPaddingPt;
  top -= DrawFields(document, inner_left, top, inner_width, kLabelWidthPt, fields);
  top -= kRuleGapPt;
  document.DrawLine(inner_left, top, inner_right, top, 0.5f, kPdfRule);
  top -= kRuleGapPt;
  document.DrawText(inner_left, Baseline(top, caption),
                    bill.notice == BillNotice::kCancelled ? "WAS DUE · CANCELLED" : "AMOUNT DUE",
                    caption);
  top -= PdfLineHeight(caption);
  DrawFittedLine(document, inner_right, top, inner_width, bill.total_due, total_style,
                 PdfAlign::kRight);

  if (page_count > 1) {
    const PdfTextStyle muted = SmallMuted();
    document.DrawText(kRight, panel_bottom - PdfLineHeight(muted), PageOf(1, page_count), muted,
                      PdfAlign::kRight);
    return panel_bottom - PdfLineHeight(muted);
  }
  return panel_bottom;
}

// ---- Service and meter readings -----------------------------------------------------------

// Each meter takes two lines: the readings, and under them in small type how each was read
// and when, so that the table fits the left column.
struct ReadingColumns {
  float meter, previous, current, usage;  // meter's left edge, the others' right edges
};

ReadingColumns ReadingColumnsFor(float left, float right) {
  const float width = right - left;
  return {.meter = left,
          .previous = left + 0.52f * width,
          .current = left + 0.76f * width,
          .usage = right};
}

constexpr float kReadingPaddingPt = 3.0f;
float ReadingRowHeight() {
  return 2.0f * kReadingPaddingPt + PdfLineHeight(Body()) + PdfLineHeight(SmallMuted());
}

float DrawReadingsCaption(PdfDocument& document, float left, float right, float top) {
  const ReadingColumns columns = ReadingColumnsFor(left, right);
  return DrawColumnCaptions(document, left, right, top,
                            {{columns.meter, "METER", PdfAlign::kLeft},
                             {columns.previous, "PREVIOUS", PdfAlign::kRight},
                             {columns.current, "CURRENT", PdfAlign::kRight},
                             {columns.usage, "USAGE", PdfAlign::kRight}});
}

float DrawReadingRow(PdfDocument& document, float left, float right, float top,
                     const BillDocument::Reading& reading) {
  const ReadingColumns columns = ReadingColumnsFor(left, right);
  const PdfTextStyle body = Body();
  const PdfTextStyle small = SmallMuted();
  const PdfTextStyle estimated{.font = PdfFont::kBold, .size_pt = 7.0f, .color = kPdfInk};
  const float first = top - kReadingPaddingPt;
  const float second = first - PdfLineHeight(body);
  const float cell = (columns.current - columns.previous) - 6.0f;
  const float meter_width = columns.previous - columns.meter - cell;
  DrawOneLine(document, columns.meter, first, meter_width, reading.meter_serial, body);
  DrawOneLine(document, columns.meter, second, meter_width,
              reading.estimated ? "Estimated read" : "Actual read",
              reading.estimated ? estimated : small);
  DrawOneLine(document, columns.previous, first, cell, reading.previous_reading, body,
              PdfAlign::kRight);
  DrawOneLine(document, columns.previous, second, cell, reading.previous_date, small,
              PdfAlign::kRight);
  DrawOneLine(document, columns.current, first, cell, reading.current_reading, body,
              PdfAlign::kRight);
  DrawOneLine(document, columns.current, second, cell, reading.current_date, small,
              PdfAlign::kRight);
  std::string usage = reading.usage;
  if (!reading.unit.empty()) usage += " " + reading.unit;
  DrawOneLine(document, columns.usage, first, columns.usage - columns.current - 6.0f, usage,
              BodyBold(), PdfAlign::kRight);
  const float bottom = top - ReadingRowHeight();
  document.DrawLine(left, bottom, right, bottom, 0.4f, kPdfRule);
  return bottom;
}

// ---- Charges ------------------------------------------------------------------------------

struct ChargeRow {
  std::size_t index = 0;  // into BillDocument::charges
  bool starts_group = false;
  std::vector<std::string> description_lines;
  float height = 0.0f;
};

constexpr float kServiceColumnPt = 66.0f;
constexpr float kAmountColumnPt = 58.0f;
constexpr float kChargeRowPaddingPt = 2.0f;
constexpr float kGroupGapPt = 3.0f;

// Measures every charge once for a given column width, so pagination and drawing agree.
std::vector<ChargeRow> LayOutCharges(const PdfDocument& document, const BillDocument& bill,
                                     float width) {
  const PdfTextStyle body = Body();
  const float description_width = width - kServiceColumnPt - kAmountColumnPt;
  std::vector<ChargeRow> rows;
  rows.reserve(bill.charges.size());
  for (std::size_t index = 0; index < bill.charges.size(); ++index) {
    const BillDocument::Charge& charge = bill.charges[index];
    ChargeRow row;
    row.index = index;
    row.starts_group = index == 0 || charge.service != bill.charges[index - 1].service;
    row.description_lines =
        document.WrapText(charge.description, body, description_width, kMaxDescriptionLines);
    const auto lines = static_cast<float>(std::max<std::size_t>(row.description_lines.size(), 1));
    row.height = 2.0f * kChargeRowPaddingPt + lines * PdfLineHeight(body) +
                 (row.starts_group && index > 0 ? kGroupGapPt : 0.0f);
    rows.push_back(std::move(row));
  }
  return rows;
}

float ChargesTotalHeight() { return 2.0f * kChargeRowPaddingPt + PdfLineHeight(BodyBold()) + 4.0f; }
float ContinuedNoteHeight() { return 2.0f * kChargeRowPaddingPt + PdfLineHeight(MutedItalic()); }

// Splits the rows into pages: the first holds `first_height`, the second `second_height`, each
// later one `later_height`. Every page keeps room for the total row (last page) or the
// "continued" note, and takes at least one row so that pagination always ends.
std::vector<std::size_t> PaginateCharges(const std::vector<ChargeRow>& rows, float first_height,
                                         float second_height, float later_height) {
  std::vector<std::size_t> page_ends;
  const float reserve = std::max(ChargesTotalHeight(), ContinuedNoteHeight());
  float room = first_height - ColumnCaptionHeight() - reserve;
  std::size_t on_page = 0;
  for (std::size_t index = 0; index < rows.size(); ++index) {
    if (rows[index].height > room && on_page > 0) {
      page_ends.push_back(index);
      room =
          (page_ends.size() == 1 ? second_height : later_height) - ColumnCaptionHeight() - reserve;
      on_page = 0;
    }
    room -= rows[index].height;
    ++on_page;
  }
  page_ends.push_back(rows.size());
  return page_ends;
}

float DrawChargesCaption(PdfDocument& document, float left, float right, float top,
                         std::string_view title) {
  return DrawColumnCaptions(document, left, right, top,
                            {{left, title, PdfAlign::kLeft},
                             {left + kServiceColumnPt, "DESCRIPTION", PdfAlign::kLeft},
                             {right, "AMOUNT", PdfAlign::kRight}});
}

// Draws rows [begin, end). The service name opens each group, and is repeated at the top of a
// continuation page so that no row is left without its service.
float DrawChargeRows(PdfDocument& document, const BillDocument& bill,
                     const std::vector<ChargeRow>& rows, std::size_t begin, std::size_t end,
                     float left, float right, float top) {
  const PdfTextStyle body = Body();
  const PdfTextStyle service_style = BodyBold();
  for (std::size_t position = begin; position < end; ++position) {
    const ChargeRow& row = rows[position];
    const BillDocument::Charge& charge = bill.charges[row.index];
    if (row.starts_group && position > begin) {
      top -= kGroupGapPt;
      document.DrawLine(left, top + kGroupGapPt / 2.0f, right, top + kGroupGapPt / 2.0f, 0.4f,
                        kPdfRule);
    }
    const float line_top = top - kChargeRowPaddingPt;
    if (row.starts_group || position == begin) {
      DrawOneLine(document, left, line_top, kServiceColumnPt - 6.0f, charge.service, service_style);
    }
    float line = line_top;
    for (const std::string& text : row.description_lines) {
      document.DrawText(left + kServiceColumnPt, Baseline(line, body), text, body);
      line -= PdfLineHeight(body);
    }
    DrawOneLine(document, right, line_top, kAmountColumnPt - 4.0f, charge.amount, body,
                PdfAlign::kRight);
    top -= row.height - (row.starts_group && row.index > 0 ? kGroupGapPt : 0.0f);
  }
  return top;
}

float DrawChargesTotal(PdfDocument& document, const BillDocument& bill, float left, float right,
                       float top) {
  const PdfTextStyle style = BodyBold();
  top -= 4.0f;
  document.DrawLine(left, top, right, top, 0.75f, kPdfInk);
  top -= kChargeRowPaddingPt;
  document.DrawText(left, Baseline(top, style), "Total current charges", style);
  document.DrawText(right, Baseline(top, style), bill.current_charges, style, PdfAlign::kRight);
  return top - PdfLineHeight(style) - kChargeRowPaddingPt;
}

float DrawContinuedNote(PdfDocument& document, float left, float top, std::size_t next_page) {
  const PdfTextStyle style = MutedItalic();
  top -= kChargeRowPaddingPt;
  document.DrawText(left, Baseline(top, style),
                    "Charges continue on page " + std::to_string(next_page) + ".", style);
  return top - PdfLineHeight(style) - kChargeRowPaddingPt;
}

// ---- Account activity, usage, message -----------------------------------------------------

struct ActivityLayout {
  std::vector<PdfField> fields;
  std::vector<std::string> late_lines;
  float height = 0.0f;
};

constexpr float kActivityLabelWidthPt = 104.0f;
constexpr float kTotalGapPt = 6.0f;

ActivityLayout LayOutActivity(const PdfDocument& document, const BillDocument& bill, float width) {
  ActivityLayout layout;
  const float inner_width = width - 2.0f * kPanelPaddingPt;
  layout.fields = {
      {"Previous balance", bill.previous_balance, Body(), PdfAlign::kRight},
      {"Payments received", bill.payments, Body(), PdfAlign::kRight},
      {"Adjustments", bill.adjustments, Body(), PdfAlign::kRight},
      {"Current charges", bill.current_charges, Body(), PdfAlign::kRight},
  };
  if (!bill.late_amount.empty()) {
    const std::string late = "Pay " + bill.late_amount +
                             (bill.late_date.empty() ? std::string() : " after " + bill.late_date);
    layout.late_lines = document.WrapText(late, Muted(), inner_width, 2);
  }
  layout.height = 2.0f * kPanelPaddingPt + ColumnCaptionHeight() + 4.0f +
                  MeasureFields(document, inner_width, kActivityLabelWidthPt, layout.fields) +
                  2.0f * kTotalGapPt + PdfLineHeight(TotalStyle()) +
                  static_cast<float>(layout.late_lines.size()) * PdfLineHeight(Muted());
  return layout;
}

// Where the balance comes from, ending in TOTAL DUE and what it becomes after the due date.
float DrawActivity(PdfDocument& document, const BillDocument& bill, float left, float right,
                   float top) {
  const ActivityLayout layout = LayOutActivity(document, bill, right - left);
  const float inner_left = left + kPanelPaddingPt;
  const float inner_right = right - kPanelPaddingPt;
  document.FillRect(left, top - layout.height, right - left, layout.height, kPdfPanel);

  float y = DrawSectionCaption(document, inner_left, inner_right, top - kPanelPaddingPt,
                               "ACCOUNT SUMMARY");
  y -= 4.0f;
  y -= DrawFields(document, inner_left, y, inner_right - inner_left, kActivityLabelWidthPt,
                  layout.fields);
  y -= kTotalGapPt;
  document.DrawLine(inner_left, y, inner_right, y, 1.0f, kPdfAccent);
  y -= kTotalGapPt;
  const PdfTextStyle total = TotalStyle();
  document.DrawText(inner_left, Baseline(y, total), "TOTAL DUE", total);
  document.DrawText(inner_right, Baseline(y, total), bill.total_due, total, PdfAlign::kRight);
  y -= PdfLineHeight(total);
  const PdfTextStyle late = Muted();
  for (const std::string& line : layout.late_lines) {
    document.DrawText(inner_right, Baseline(y, late), line, late, PdfAlign::kRight);
    y -= PdfLineHeight(late);
  }
  return top - layout.height;
}

void DrawUsage(PdfDocument& document, const BillDocument& bill, float left, float right, float top,
               float bottom) {
  const float chart_top = DrawSectionCaption(document, left, right, top, "USAGE HISTORY") - 4.0f;
  if (bill.usage_history.empty()) {
    DrawTextBlock(document, left, chart_top - 2.0f, right - left, "No usage history yet.",
                  MutedItalic(), PdfAlign::kLeft, 1);
    return;
  }
  if (chart_top <= bottom) return;
  std::vector<PdfBar> bars;
  bars.reserve(bill.usage_history.size());
  for (const BillDocument::UsageMonth& month : bill.usage_history) {
    bars.push_back({.label = month.label, .value = month.usage, .highlighted = month.current});
  }
  DrawBarChart(document,
               {.x = left, .y = bottom, .width = right - left, .height = chart_top - bottom}, bars,
               bill.usage_unit_label);
}

std::vector<std::string> MessageLines(const PdfDocument& document, const BillDocument& bill,
                                      float width) {
  return document.WrapText(bill.message, Body(), width - 2.0f * kPanelPaddingPt - 3.0f,
                           kMaxMessageLines);
}

float MeasureMessage(const PdfDocument& document, const BillDocument& bill, float width) {
  const std::vector<std::string> lines = MessageLines(document, bill, width);
  if (lines.empty()) return 0.0f;
  return 2.0f * kPanelPaddingPt + PdfLineHeight(PdfCaptionStyle()) + 2.0f +
         static_cast<float>(lines.size()) * PdfLineHeight(Body());
}

// The cycle message, on a panel with an accent bar so that it is noticed.
void DrawMessage(PdfDocument& document, const BillDocument& bill, float left, float right,
                 float top) {
  const std::vector<std::string> lines = MessageLines(document, bill, right - left);
  if (lines.empty()) return;
  const float height = MeasureMessage(document, bill, right - left);
  document.FillRect(left, top - height, right - left, height, kPdfPanel);
  document.FillRect(left, top - height, 3.0f, height, kPdfAccent);
  const float inner_left = left + 3.0f + kPanelPaddingPt;
  float y = top - kPanelPaddingPt;
  const PdfTextStyle caption = PdfCaptionStyle();
  document.DrawText(inner_left, Baseline(y, caption), "MESSAGE FROM THE CITY", caption);
  y -= PdfLineHeight(caption) + 2.0f;
  const PdfTextStyle body = Body();
  for (const std::string& line : lines) {
    document.DrawText(inner_left, Baseline(y, body), line, body);
    y -= PdfLineHeight(body);
  }
}

// ---- Remittance stub ----------------------------------------------------------------------

// A boxed cell of the stub: a caption over a right-aligned value.
void DrawStubCell(PdfDocument& document, float left, float top, float width, float height,
                  std::string_view caption, std::string_view value, const PdfTextStyle& style) {
  constexpr float kCellPaddingPt = 5.0f;
  const PdfTextStyle caption_style{
      .font = PdfFont::kBold, .size_pt = 6.5f, .color = kPdfMuted, .letter_spacing_pt = 0.6f};
  document.StrokeRect(left, top - height, width, height, 0.6f, kPdfMuted);
  DrawOneLine(document, left + kCellPaddingPt, top - 4.0f, width - 2.0f * kCellPaddingPt, caption,
              caption_style);
  const float value_top = top - height + kCellPaddingPt + PdfLineHeight(style) - 2.0f;
  DrawFittedLine(document, left + width - kCellPaddingPt, value_top, width - 2.0f * kCellPaddingPt,
                 value, style, PdfAlign::kRight);
}

void DrawPerforation(PdfDocument& document) {
  const PdfTextStyle style = MutedItalic();
  const std::string_view text = "Please return this portion with your payment";
  const float centre = kPageWidthPt / 2.0f;
  const float half_gap = document.TextWidth(text, style) / 2.0f + 8.0f;
  constexpr float kEdgePt = 18.0f;  // a printer's unprintable edge
  constexpr int kDashPt = 4;
  constexpr int kDashGapPt = 3;
  document.DrawDashedLine(kEdgePt, kPerforationY, centre - half_gap, kPerforationY, 0.75f,
                          kPdfMuted, kDashPt, kDashGapPt);
  document.DrawDashedLine(centre + half_gap, kPerforationY, kPageWidthPt - kEdgePt, kPerforationY,
                          0.75f, kPdfMuted, kDashPt, kDashGapPt);
  document.DrawText(centre, kPerforationY - 2.5f, text, style, PdfAlign::kCenter);
}

void DrawStub(PdfDocument& document, const BillDocument& bill) {
  DrawPerforation(document);
  const float top = kPerforationY - 24.0f;

  // Left: whose payment this is, above the return envelope's window.
  const float left_width = 3.6f * kInchPt;
  float y = DrawTextBlock(document, kLeft, top, left_width, bill.city_name,
                          {.font = PdfFont::kBold, .size_pt = 11.0f, .color = kPdfAccent},
                          PdfAlign::kLeft, 1);
  y = DrawTextBlock(document, kLeft, y, left_width, "Utility bill payment", Muted(),
                    PdfAlign::kLeft, 1);
  y -= 8.0f;
  const std::vector<PdfField> fields = {
      {"Name", bill.customer_name, Body()},
      {"Service address", bill.service_address, Body()},
      {"Bill number", bill.bill_number, Body()},
  };
  DrawFields(document, kLeft, y, left_width, 74.0f, fields);

  // Right: the boxes a lockbox clerk checks against the check.
  const float boxes_left = 4.5f * kInchPt;
  const float boxes_width = kRight - boxes_left;
  constexpr float kCellHeightPt = 30.0f;
  const float third = boxes_width / 3.0f;
  const float half = boxes_width / 2.0f;
  const PdfTextStyle value = BodyBold();
  DrawStubCell(document, boxes_left, top, third, kCellHeightPt, "ACCOUNT NUMBER",
               bill.account_number, value);
  DrawStubCell(document, boxes_left + third, top, third, kCellHeightPt, "DUE DATE", bill.due_date,
               value);
  DrawStubCell(document, boxes_left + 2.0f * third, top, third, kCellHeightPt, "TOTAL DUE",
               bill.total_due, {.font = PdfFont::kBold, .size_pt = 10.0f, .color = kPdfAccent});
  const float second_row = top - kCellHeightPt;
  const std::string late_caption = bill.late_date.empty()
                                       ? std::string("AFTER DUE DATE PAY")
                                       : "AFTER " + UpperAscii(bill.late_date) + " PAY";
  DrawStubCell(document, boxes_left, second_row, half, kCellHeightPt, late_caption,
               bill.late_amount.empty() ? std::string("\xE2\x80\x94") : bill.late_amount, value);
  // The amount enclosed is written by hand: a shaded box with a line for the pen.
  const float enclosed_left = boxes_left + half;
  document.FillRect(enclosed_left, second_row - kCellHeightPt, half, kCellHeightPt, kPdfPanel);
  DrawStubCell(document, enclosed_left, second_row, half, kCellHeightPt, "AMOUNT ENCLOSED", "",
               value);
  const PdfTextStyle dollar{.font = PdfFont::kBold, .size_pt = 11.0f};
  const float line_y = second_row - kCellHeightPt + 6.0f;
  document.DrawText(enclosed_left + 7.0f, line_y + 1.5f, "$", dollar);
  document.DrawLine(enclosed_left + 16.0f, line_y, enclosed_left + half - 7.0f, line_y, 0.6f,
                    kPdfInk);
  DrawTextBlock(
      document, boxes_left, second_row - kCellHeightPt - 5.0f, boxes_width,
      "Make checks payable to " + bill.city_name + ". Write your account number on your check.",
      {.font = PdfFont::kItalic, .size_pt = 7.0f, .color = kPdfMuted}, PdfAlign::kLeft, 2);

  // The remittance address, alone in the return envelope's window.
  const PdfTextStyle address = AddressStyle();
  float address_top = kRemittanceTop;
  const std::size_t count = std::min(bill.remittance_address.size(), kMaxRemittanceLines);
  for (std::size_t index = 0; index < count; ++index) {
    DrawOneLine(document, kRemittanceLeft, address_top, kAddressWidthPt,
                bill.remittance_address[index], address);
    address_top -= PdfLineHeight(address);
  }

  // The scan line, alone on its baseline: OCR reads nothing else there.
  document.DrawText(kRight, kScanLineBaseline, bill.scan_line, ScanLineStyle(), PdfAlign::kRight);
}

// ---- Continuation pages -------------------------------------------------------------------

float DrawContinuationHeader(PdfDocument& document, const BillDocument& bill, std::size_t page,
                             std::size_t page_count) {
  float top = DrawLetterhead(document, {kLeft, kRight, kContinuationTop, kContinuationFloor},
                             {.organization = bill.city_name,
                              .office_line = bill.office_line,
                              .title = "UTILITY BILL (CONTINUED)"});
  top -= 8.0f;
  const PdfTextStyle muted = Muted();
  std::string facts = "Account " + bill.account_number;
  const std::string separator = "  " + std::string(kMiddleDot) + "  ";
  if (!bill.bill_number.empty()) facts += separator + "Bill " + bill.bill_number;
  if (!bill.bill_date.empty()) facts += separator + bill.bill_date;
  DrawOneLine(document, kLeft, top, kWidth - 80.0f, facts, muted);
  document.DrawText(kRight, Baseline(top, muted), PageOf(page, page_count), muted,
                    PdfAlign::kRight);
  return top - PdfLineHeight(muted) - kSectionGapPt;
}

// ---- One bill -----------------------------------------------------------------------------

void RenderBill(PdfDocument& document, const BillDocument& bill) {
  // Everything whose size varies is measured before anything is drawn, so that the page count
  // printed on page 1 is the one that comes out.
  const bool readings_overflow = bill.readings.size() > kReadingsOnFirstPage;
  const std::size_t readings_first =
      readings_overflow ? kReadingsOnFirstPage - 1 : bill.readings.size();
  float charges_top = kLeftColumnTop;
  if (!bill.readings.empty()) {
    charges_top -=
        ColumnCaptionHeight() +
        static_cast<float>(readings_first + (readings_overflow ? 1 : 0)) * ReadingRowHeight() +
        kSectionGapPt;
  }
  const std::vector<ChargeRow> first_rows = LayOutCharges(document, bill, kLeftColumnRight - kLeft);
  const std::vector<ChargeRow> later_rows = LayOutCharges(document, bill, kWidth);
  const float continuation_body = kContinuationTop - kContinuationHeaderPt - kContinuationFloor;
  const float readings_continued_height =
      readings_overflow
          ? ColumnCaptionHeight() +
                static_cast<float>(bill.readings.size() - readings_first) * ReadingRowHeight() +
                kSectionGapPt
          : 0.0f;
  // The first page's share is decided with the narrow column's rows, the rest with the full
  // width's, which are never taller.
  const std::size_t on_first_page =
      PaginateCharges(first_rows, charges_top - kBodyFloor, 0.0f, 0.0f).front();
  std::vector<std::size_t> page_ends = {on_first_page};
  if (on_first_page < bill.charges.size()) {
    const std::vector<ChargeRow> rest(
        later_rows.begin() + static_cast<std::ptrdiff_t>(on_first_page), later_rows.end());
    for (std::size_t end : PaginateCharges(rest, continuation_body - readings_continued_height,
                                           continuation_body, continuation_body)) {
      page_ends.push_back(on_first_page + end);
    }
  } else if (readings_overflow) {
    page_ends.push_back(on_first_page);  // a page for the meters alone
  }
  const std::size_t page_count = page_ends.size();

  document.AddLetterPage();
  DrawBillLetterhead(document, bill);
  DrawService(document, bill);
  DrawMailingAddress(document, bill);

  // Right column, from the summary panel down: the message is placed at the bottom first and
  // the chart takes what is left between it and the account activity.
  const float summary_bottom = DrawSummary(document, bill, page_count);
  const float activity_bottom =
      DrawActivity(document, bill, kRightColumnLeft, kRight, summary_bottom - kSectionGapPt);
  const float message_height = MeasureMessage(document, bill, kRight - kRightColumnLeft);
  const float usage_top = activity_bottom - kSectionGapPt;
  const float usage_bottom =
      std::max(kBodyFloor + (message_height > 0.0f ? message_height + kSectionGapPt : 0.0f),
               usage_top - kChartHeightPt);
  if (usage_top - usage_bottom >= kSmallestChartPt) {
    DrawUsage(document, bill, kRightColumnLeft, kRight, usage_top, usage_bottom);
    DrawMessage(document, bill, kRightColumnLeft, kRight, usage_bottom - kSectionGapPt);
  } else {
    DrawMessage(document, bill, kRightColumnLeft, kRight, usage_top);
  }

  // Left column.
  float top = kLeftColumnTop;
  if (!bill.readings.empty()) {
    top = DrawReadingsCaption(document, kLeft, kLeftColumnRight, top);
    for (std::size_t index = 0; index < readings_first; ++index) {
      top = DrawReadingRow(document, kLeft, kLeftColumnRight, top, bill.readings[index]);
    }
    if (readings_overflow) {
      const PdfTextStyle note = MutedItalic();
      const std::size_t more = bill.readings.size() - readings_first;
      document.DrawText(kLeft, Baseline(top - kReadingPaddingPt, note),
                        "+ " + std::to_string(more) + " more meters, listed on page 2.", note);
    }
  }
  top = DrawChargesCaption(document, kLeft, kLeftColumnRight, charges_top, "SERVICE");
  if (bill.charges.empty()) {
    DrawTextBlock(document, kLeft, top - 4.0f, kLeftColumnRight - kLeft, "No charges this period.",
                  MutedItalic(), PdfAlign::kLeft, 1);
  } else {
    top =
        DrawChargeRows(document, bill, first_rows, 0, on_first_page, kLeft, kLeftColumnRight, top);
    if (on_first_page == bill.charges.size()) {
      DrawChargesTotal(document, bill, kLeft, kLeftColumnRight, top);
    } else {
      DrawContinuedNote(document, kLeft, top, 2);
    }
  }

  if (bill.notice == BillNotice::kCancelled) {
    // No remittance stub: nothing is to be paid on this bill.
    const PdfTextStyle style = MutedItalic();
    document.DrawText(kPageWidthPt / 2.0f, kPerforationY - 2.5f,
                      "This bill was cancelled and is not to be paid; its charges were reversed.",
                      style, PdfAlign::kCenter);
  } else {
    DrawStub(document, bill);
  }

  // Continuation pages: the meters that did not fit, then the charges.
  for (std::size_t page = 1; page < page_count; ++page) {
    document.AddLetterPage();
    top = DrawContinuationHeader(document, bill, page + 1, page_count);
    if (page == 1 && readings_overflow) {
      top = DrawReadingsCaption(document, kLeft, kRight, top);
      for (std::size_t index = readings_first; index < bill.readings.size(); ++index) {
        top = DrawReadingRow(document, kLeft, kRight, top, bill.readings[index]);
      }
      top -= kSectionGapPt;
    }
    const std::size_t begin = page_ends[page - 1];
    const std::size_t end = page_ends[page];
    if (begin == end) continue;
    top = DrawChargesCaption(document, kLeft, kRight, top, "SERVICE");
    top = DrawChargeRows(document, bill, later_rows, begin, end, kLeft, kRight, top);
    if (end == bill.charges.size()) {
      DrawChargesTotal(document, bill, kLeft, kRight, top);
    } else {
      DrawContinuedNote(document, kLeft, top, page + 2);
    }
  }
}

}  // namespace

Result<std::string> RenderBillsPdf(const std::vector<BillDocument>& bills,
                                   PdfCompression compression) {
  if (bills.empty()) {
    return Error::InvalidArgument("bills", "BILLS_EMPTY", "There are no bills to print.");
  }
  if (bills.size() > kMaxBillsPerPdf) {
    return Error::InvalidArgument(
        "bills", "BILLS_TOO_MANY",
        "At most " + std::to_string(kMaxBillsPerPdf) + " bills go into one PDF; split the run.");
  }
  const std::string title = bills.size() == 1
                                ? "Utility bill " + bills.front().bill_number
                                : "Utility bills (" + std::to_string(bills.size()) + ")";
  PdfDocument document(title, compression);
  for (const BillDocument& bill : bills) RenderBill(document, bill);
  return document.Finish();
}

}  // namespace cistern
