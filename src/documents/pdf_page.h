// Drawing helpers shared by Cistern's PDF documents (receipts, bills, letters and service order
// lists; door hangers later), on top of libharu.
//
// libharu stays out of this header so that only pdf_page.cc sees <hpdf.h>. All text passed in is
// UTF-8; it is drawn in the standard Helvetica fonts (and Courier, for text a machine reads) with
// WinAnsiEncoding, so the PDF needs no embedded font and tools such as pdftotext can read it back.
// Characters that WinAnsi cannot show are replaced by a printable stand-in (ToWinAnsi) instead of
// failing the document.
//
// Coordinates are PDF points (1/72 inch) with the origin at the bottom left of the page. Layout
// code flows downward with a `top` cursor: each block helper takes the y of its top edge and
// returns the y of its bottom edge, where the next block may start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace cistern {

// A colour as red, green and blue in 0..1.
struct PdfColor {
  float red = 0.0f;
  float green = 0.0f;
  float blue = 0.0f;
};

// One palette for every document, so that a bill and a receipt from the same city look alike.
inline constexpr PdfColor kPdfInk{0.10f, 0.12f, 0.15f};     // body text
inline constexpr PdfColor kPdfMuted{0.38f, 0.42f, 0.47f};   // labels and captions
inline constexpr PdfColor kPdfAccent{0.09f, 0.24f, 0.42f};  // letterhead, totals
inline constexpr PdfColor kPdfRule{0.78f, 0.80f, 0.83f};    // thin rules between rows
inline constexpr PdfColor kPdfPanel{0.95f, 0.96f, 0.97f};   // shaded panels

// US Letter, portrait, in points.
inline constexpr float kPdfLetterWidthPt = 612.0f;
inline constexpr float kPdfLetterHeightPt = 792.0f;

// kMonospace is Courier, for text that a machine reads back or that must line up by character
// (a remittance stub's OCR scan line). It is added to a document only when first drawn with.
enum class PdfFont { kRegular, kBold, kItalic, kMonospace };
enum class PdfAlign { kLeft, kRight, kCenter };

struct PdfTextStyle {
  PdfFont font = PdfFont::kRegular;
  float size_pt = 10.0f;
  PdfColor color = kPdfInk;
  // Extra space after each character: small uppercase captions read better spaced out.
  float letter_spacing_pt = 0.0f;
};

// The distance between the baselines of two wrapped lines, and the height of one line box.
float PdfLineHeight(const PdfTextStyle& style);
// How far below the top of its line box a line's baseline sits.
float PdfBaselineOffset(const PdfTextStyle& style);

// Converts UTF-8 text to WinAnsiEncoding (Windows-1252) bytes. Latin-1 letters, the euro sign,
// curly quotes, dashes and the bullet and middle dot keep their glyphs; other Latin letters lose
// their accents ("Łódź" -> "Lodz"); control characters become spaces; anything else, and bytes
// that are not valid UTF-8, become "?". The result never contains a NUL byte.
std::string ToWinAnsi(std::string_view utf8);

// One PDF being drawn. Drawing never fails at the call: a libharu error is recorded by the error
// handler, later drawing calls do nothing, and Finish() reports the first error as INTERNAL.
// Nothing here reads the clock, and no creation date is written, so the same drawing calls give
// byte-for-byte the same PDF.
// Whether page content streams are deflated. Deflate makes a page of text about a quarter of its
// size for little time; kNone is for measuring and for reading a PDF's operators in a text editor.
enum class PdfCompression { kDeflate, kNone };

class PdfDocument {
 public:
  // `title` goes into the document information (shown by viewers and in email previews).
  explicit PdfDocument(std::string_view title,
                       PdfCompression compression = PdfCompression::kDeflate);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  // Starts a new US Letter page; later drawing goes to it.
  void AddLetterPage();

  // The width of `text` (UTF-8) as it would be drawn on one line.
  float TextWidth(std::string_view text, const PdfTextStyle& style) const;

  // Breaks `text` into lines no wider than `width_pt`: at spaces where possible, inside a word
  // only when the word alone is too wide. At most `max_lines` lines come back; when the text
  // needs more, the last one ends in an ellipsis. Returns UTF-8 lines; empty text gives none.
  std::vector<std::string> WrapText(std::string_view text, const PdfTextStyle& style,
                                    float width_pt, std::size_t max_lines) const;

  // Draws one line of `text` with its baseline at `baseline_y`; `x` is the left edge, the right
  // edge or the centre, as `align` says. Text is not clipped: wrap it first.
  void DrawText(float x, float baseline_y, std::string_view text, const PdfTextStyle& style,
                PdfAlign align = PdfAlign::kLeft);

  void DrawLine(float x_start, float y_start, float x_end, float y_end, float thickness_pt,
                PdfColor color);
  // A line of `dash_pt` dashes with `gap_pt` gaps (whole points, at least 1), starting with a
  // dash at (x_start, y_start): a perforation or a fold mark. Later lines are solid again.
  void DrawDashedLine(float x_start, float y_start, float x_end, float y_end, float thickness_pt,
                      PdfColor color, int dash_pt, int gap_pt);
  // `y` is the bottom edge.
  void FillRect(float x, float y, float width, float height, PdfColor color);
  // The outline of a rectangle, the stroke centred on its edges; `y` is the bottom edge.
  void StrokeRect(float x, float y, float width, float height, float thickness_pt, PdfColor color);

  // Serializes the document. Call once, after drawing. Returns the PDF bytes, or INTERNAL with
  // reason PDF_LIBRARY_ERROR when libharu failed at any point.
  Result<std::string> Finish();

 private:
  struct State;  // libharu handles and the first error, defined in pdf_page.cc
  std::unique_ptr<State> state_;
};

// The printable area of a page.
struct PdfFrame {
  float left = 0.0f;
  float right = 0.0f;
  float top = 0.0f;
  float bottom = 0.0f;
  float width() const { return right - left; }
};

// A US Letter page less `margin_pt` on every side.
PdfFrame LetterFrame(float margin_pt);

// Draws wrapped text whose first line box starts at `top`, inside [left, left + width_pt].
// Returns the bottom of the last line box (`top` itself when the text is empty).
float DrawTextBlock(PdfDocument& document, float left, float top, float width_pt,
                    std::string_view text, const PdfTextStyle& style, PdfAlign align,
                    std::size_t max_lines);

// Breaks a line of " · "-separated parts ("Utility Billing · 301 N Broadway · (405) 793-5000")
// between its parts rather than inside one, so that an address or a phone number is never split.
// A part wider than the line, or more than `max_lines` lines, falls back to WrapText.
std::vector<std::string> WrapAtMiddleDots(const PdfDocument& document, std::string_view text,
                                          const PdfTextStyle& style, float width_pt,
                                          std::size_t max_lines);

// The organization's block at the top of every document: its name large on the left, the office
// line (address, phone) under it, the document title in capitals on the right, and an accent rule
// across the frame. Returns the y under the rule where the body starts.
struct Letterhead {
  std::string_view organization;  // "City of Moore"
  std::string_view office_line;   // "Utility Billing · 301 N Broadway · (405) 555-0100"
  std::string_view title;         // "PAYMENT RECEIPT"; may be empty (letters)
};
float DrawLetterhead(PdfDocument& document, const PdfFrame& frame, const Letterhead& letterhead);

// A small spaced-out capitals caption ("APPLIED TO"), an optional right-aligned caption over an
// amount column ("AMOUNT"), and a rule under both. Returns the y under the rule.
float DrawSectionCaption(PdfDocument& document, float left, float right, float top,
                         std::string_view caption, std::string_view right_caption = {});

// The style of the small capitals captions, for callers that place one themselves.
PdfTextStyle PdfCaptionStyle();

// A label with its value: the label in a column of `label_width_pt`, the value in the rest of
// the width, wrapped, aligned as `value_align` says (right for money). Both share the first
// baseline even when their sizes differ. Rows with an empty value are skipped by the helpers.
struct PdfField {
  std::string_view label;
  std::string_view value;
  PdfTextStyle value_style;
  PdfAlign value_align = PdfAlign::kLeft;
};

// Measures, or draws, a list of fields stacked from `top` down within [left, left + width_pt].
// Both return the height used, so a caller can size a shaded panel before drawing into it.
float MeasureFields(const PdfDocument& document, float width_pt, float label_width_pt,
                    const std::vector<PdfField>& fields);
float DrawFields(PdfDocument& document, float left, float top, float width_pt, float label_width_pt,
                 const std::vector<PdfField>& fields);

// Whether a ruled table row gets a rule under it.
enum class PdfRowRule { kNone, kThin };

// One table row: the label wrapped on the left, the amount right-aligned against `right` on the
// first line's baseline. Amounts are preformatted strings; nothing here does arithmetic. Both
// return the row's height, so a caller can check that a row still fits before drawing it.
float MeasureAmountRow(const PdfDocument& document, float left, float right, std::string_view label,
                       std::string_view amount, const PdfTextStyle& style);
float DrawAmountRow(PdfDocument& document, float left, float right, float top,
                    std::string_view label, std::string_view amount, const PdfTextStyle& style,
                    PdfRowRule rule);

// ---- Bar chart ----------------------------------------------------------------------------

// One bar of a bar chart.
struct PdfBar {
  std::string_view label;    // under the bar: "Nov", "N'25"
  std::int64_t value = 0;    // in the chart's unit; below zero draws as zero
  bool highlighted = false;  // drawn in the accent colour, its label in bold (the current month)
};

// Where a chart goes: the box holds everything, labels included. `y` is the bottom edge.
struct PdfBox {
  float x = 0.0f;
  float y = 0.0f;
  float width = 0.0f;
  float height = 0.0f;
};

// The smallest round number at or above `value` (1, 2, 5, then 10, 12, 15, 20, 25, 30, 40, 50,
// 60 or 80 times a power of ten): an axis maximum that reads well and leaves little of the plot
// empty. 0 and below give 0; values too large to round up come back as they are.
std::int64_t PdfNiceAxisMaximum(std::int64_t value);

// A vertical bar chart: bars side by side in equal slots, their labels under them, a baseline,
// a light gridline at the axis maximum (PdfNiceAxisMaximum of the largest value) labelled with
// that number and `unit` ("12,000 gallons") at its top left, and a dashed one at half of it. Bars
// are scaled from whole numbers at drawing time only; nothing computed here feeds back into any
// amount. An empty list draws nothing. Label text is shrunk to fit its slot, never clipped into the
// next one.
void DrawBarChart(PdfDocument& document, const PdfBox& box, const std::vector<PdfBar>& bars,
                  std::string_view unit);

}  // namespace cistern
