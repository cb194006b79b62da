#include "documents/service_order_list.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "documents/pdf_page.h"

namespace cistern {
namespace {

// Half an inch all round: the list is printed on the office printer and carried on a clipboard.
constexpr float kMarginPt = 36.0f;
constexpr float kHeaderHeightPt = 80.0f;  // city, office line, title, route and date, rule
constexpr float kFooterHeightPt = 18.0f;
constexpr float kBlockGapPt = 8.0f;
constexpr float kBlockPaddingPt = 7.0f;
constexpr float kRightColumnWidthPt = 214.0f;
constexpr float kColumnGapPt = 16.0f;
constexpr float kLabelWidthPt = 66.0f;
constexpr float kBoxHeightPt = 24.0f;
constexpr float kBoxGapPt = 6.0f;
constexpr std::size_t kMaxTitleLines = 2;

PdfTextStyle BodyStyle() { return {.size_pt = 9.0f}; }
PdfTextStyle StrongStyle() { return {.font = PdfFont::kBold, .size_pt = 9.0f}; }
PdfTextStyle AddressStyle() { return {.font = PdfFont::kBold, .size_pt = 11.0f}; }
PdfTextStyle TypeStyle() { return {.font = PdfFont::kBold, .size_pt = 9.0f, .color = kPdfAccent}; }
PdfTextStyle MutedStyle() { return {.size_pt = 8.0f, .color = kPdfMuted}; }

struct Layout {
  PdfFrame frame = LetterFrame(kMarginPt);
  float body_top() const { return frame.top - kHeaderHeightPt; }
  float body_bottom() const { return frame.bottom + kFooterHeightPt; }
  float left_width() const { return frame.width() - kRightColumnWidthPt - kColumnGapPt; }
  float right_left() const { return frame.right - kRightColumnWidthPt; }
};

std::string Title(const ServiceOrderSheet& order) {
  std::string title = order.route_sequence.empty() ? "" : "#" + order.route_sequence + "  ";
  return title + order.service_address;
}

std::string Heading(const ServiceOrderSheet& order) {
  return order.number + "  \xC2\xB7  " + order.type + "  \xC2\xB7  " + order.window;
}

std::string Who(const ServiceOrderSheet& order) {
  if (order.account_number.empty()) return order.customer_name;
  if (order.customer_name.empty()) return order.account_number;
  return order.account_number + "  \xC2\xB7  " + order.customer_name;
}

std::string MeterText(const ServiceOrderSheet& order) {
  if (order.meter_serial.empty()) return "";
  return order.meter_serial +
         (order.meter_size.empty() ? "" : "  \xC2\xB7  " + order.meter_size + " in");
}

// The left column's rows. The strings live in `storage` so that the fields' views stay valid.
std::vector<PdfField> LeftFields(const ServiceOrderSheet& order,
                                 std::vector<std::string>& storage) {
  storage = {Who(order), MeterText(order), order.last_reading, order.status, order.remarks};
  const char* labels[] = {"Account", "Meter", "Last reading", "Status", "Remarks"};
  std::vector<PdfField> fields;
  for (std::size_t index = 0; index < storage.size(); ++index) {
    if (storage[index].empty()) continue;
    fields.push_back({labels[index], storage[index], index == 0 ? StrongStyle() : BodyStyle()});
  }
  return fields;
}

float TitleHeight(const PdfDocument& document, const Layout& layout,
                  const ServiceOrderSheet& order) {
  const auto lines =
      document.WrapText(Title(order), AddressStyle(), layout.left_width(), kMaxTitleLines);
  return static_cast<float>(std::max<std::size_t>(lines.size(), 1)) *
             PdfLineHeight(AddressStyle()) +
         PdfLineHeight(TypeStyle()) + 3.0f;
}

float BoxesHeight(const ServiceOrderSheet& order) {
  const float caption = PdfLineHeight(PdfCaptionStyle()) + 2.0f;
  const int rows = order.needs_waiver ? 3 : 2;  // reading and time; signature; waiver
  return static_cast<float>(rows) * (caption + kBoxHeightPt) +
         static_cast<float>(rows - 1) * kBoxGapPt;
}

float BlockHeight(const PdfDocument& document, const Layout& layout,
                  const ServiceOrderSheet& order) {
  std::vector<std::string> storage;
  const float left =
      TitleHeight(document, layout, order) +
      MeasureFields(document, layout.left_width(), kLabelWidthPt, LeftFields(order, storage));
  return std::max(left, BoxesHeight(order)) + 2.0f * kBlockPaddingPt;
}

// One labelled blank box for the field worker; returns its bottom.
float DrawBox(PdfDocument& document, float left, float top, float width, std::string_view caption) {
  const PdfTextStyle style = PdfCaptionStyle();
  document.DrawText(left, top - PdfBaselineOffset(style), caption, style);
  const float box_top = top - PdfLineHeight(style) - 2.0f;
  document.StrokeRect(left, box_top - kBoxHeightPt, width, kBoxHeightPt, 0.75f, kPdfMuted);
  return box_top - kBoxHeightPt;
}

void DrawBlock(PdfDocument& document, const Layout& layout, float top, float height,
               const ServiceOrderSheet& order) {
  const PdfFrame& frame = layout.frame;
  document.StrokeRect(frame.left, top - height, frame.width(), height, 0.75f, kPdfRule);
  const float inner_top = top - kBlockPaddingPt;
  const float left = frame.left + kBlockPaddingPt;
  const float left_width = layout.left_width() - kBlockPaddingPt;
  float cursor = DrawTextBlock(document, left, inner_top, left_width, Title(order), AddressStyle(),
                               PdfAlign::kLeft, kMaxTitleLines);
  cursor = DrawTextBlock(document, left, cursor, left_width, Heading(order), TypeStyle(),
                         PdfAlign::kLeft, 1);
  std::vector<std::string> storage;
  DrawFields(document, left, cursor - 3.0f, left_width, kLabelWidthPt, LeftFields(order, storage));

  // The boxes: reading and time side by side, then the signature, then the turn-on waiver.
  const float box_left = layout.right_left();
  const float box_width = kRightColumnWidthPt - kBlockPaddingPt;
  const float half = (box_width - kBoxGapPt) / 2.0f;
  float box_top = inner_top;
  DrawBox(document, box_left, box_top, half, "READING");
  box_top = DrawBox(document, box_left + half + kBoxGapPt, box_top, half, "TIME") - kBoxGapPt;
  box_top = DrawBox(document, box_left, box_top, box_width, "FIELD WORKER SIGNATURE") - kBoxGapPt;
  if (order.needs_waiver) {
    DrawBox(document, box_left, box_top, box_width, "WAIVER SIGNED BY (PERSON PRESENT)");
  }
}

void DrawHeader(PdfDocument& document, const Layout& layout, const ServiceOrderListDocument& list,
                const std::string& route_line, std::size_t order_count) {
  const PdfFrame& frame = layout.frame;
  const PdfTextStyle city{.font = PdfFont::kBold, .size_pt = 14.0f, .color = kPdfAccent};
  const PdfTextStyle title{
      .font = PdfFont::kBold, .size_pt = 11.0f, .color = kPdfInk, .letter_spacing_pt = 1.5f};
  const PdfTextStyle office{.size_pt = 8.0f, .color = kPdfMuted};
  const PdfTextStyle route{.font = PdfFont::kBold, .size_pt = 13.0f};
  float baseline = frame.top - PdfBaselineOffset(city);
  document.DrawText(frame.left, baseline, list.city_name, city);
  document.DrawText(frame.right, baseline, "DAILY SERVICE ORDERS", title, PdfAlign::kRight);
  baseline -= PdfLineHeight(city);
  document.DrawText(frame.left, baseline, list.office_line, office);
  baseline -= 22.0f;
  document.DrawText(frame.left, baseline, route_line, route);
  document.DrawText(frame.right, baseline, list.date, route, PdfAlign::kRight);
  baseline -= PdfLineHeight(office) + 2.0f;
  const std::string count = std::to_string(order_count) +
                            (order_count == 1 ? " order" : " orders") + "  \xC2\xB7  " +
                            list.printed_note + "  \xC2\xB7  in route sequence order";
  document.DrawText(frame.left, baseline, count, office);
  const float rule_y = baseline - 7.0f;
  document.DrawLine(frame.left, rule_y, frame.right, rule_y, 1.5f, kPdfAccent);
}

void DrawFooter(PdfDocument& document, const Layout& layout, std::size_t page,
                std::size_t page_count) {
  const PdfFrame& frame = layout.frame;
  const PdfTextStyle style = MutedStyle();
  document.DrawText(frame.left, frame.bottom + 2.0f,
                    "Write the register as shown, the time of the visit, and sign.", style);
  document.DrawText(frame.right, frame.bottom + 2.0f,
                    "Page " + std::to_string(page) + " of " + std::to_string(page_count), style,
                    PdfAlign::kRight);
}

struct PlannedPage {
  std::size_t route_index = 0;
  std::vector<std::size_t> orders;  // indexes into the route's orders
  std::vector<float> heights;
};

}  // namespace

Result<std::string> RenderServiceOrderListPdf(const ServiceOrderListDocument& list) {
  PdfDocument document("Daily service orders " + list.date);
  const Layout layout;
  const float usable = layout.body_top() - layout.body_bottom();

  // Plan the pages first, so each can say "page N of M": a route starts a page, and an order
  // goes on the next page when it does not fit whole.
  std::vector<PlannedPage> pages;
  for (std::size_t route_index = 0; route_index < list.routes.size(); ++route_index) {
    const auto& orders = list.routes[route_index].orders;
    pages.push_back({route_index, {}, {}});
    float used = 0.0f;
    for (std::size_t index = 0; index < orders.size(); ++index) {
      const float height = std::min(BlockHeight(document, layout, orders[index]), usable);
      if (!pages.back().orders.empty() && used + height > usable) {
        pages.push_back({route_index, {}, {}});
        used = 0.0f;
      }
      pages.back().orders.push_back(index);
      pages.back().heights.push_back(height);
      used += height + kBlockGapPt;
    }
  }

  if (pages.empty()) {
    document.AddLetterPage();
    DrawHeader(document, layout, list, list.printed_note, 0);
    DrawTextBlock(document, layout.frame.left, layout.body_top() - 12.0f, layout.frame.width(),
                  "No open or dispatched service orders for this date.", BodyStyle(),
                  PdfAlign::kLeft, 2);
    DrawFooter(document, layout, 1, 1);
    return document.Finish();
  }
  for (std::size_t page_index = 0; page_index < pages.size(); ++page_index) {
    const PlannedPage& page = pages[page_index];
    const ServiceOrderRouteSheet& route = list.routes[page.route_index];
    document.AddLetterPage();
    DrawHeader(document, layout, list, route.route, route.orders.size());
    float top = layout.body_top();
    for (std::size_t slot = 0; slot < page.orders.size(); ++slot) {
      DrawBlock(document, layout, top, page.heights[slot], route.orders[page.orders[slot]]);
      top -= page.heights[slot] + kBlockGapPt;
    }
    DrawFooter(document, layout, page_index + 1, pages.size());
  }
  return document.Finish();
}

}  // namespace cistern
