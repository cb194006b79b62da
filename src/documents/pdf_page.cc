#include "documents/pdf_page.h"

#include <hpdf.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <utility>

#include "core/text.h"

namespace cistern {
namespace {

// ---- UTF-8 to WinAnsi ---------------------------------------------------------------------

constexpr char32_t kReplacementCharacter = 0xFFFD;

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 1;  // bytes consumed; 1 for an invalid byte, so decoding always advances
};

// Decodes the code point at `position`. Malformed input (stray continuation bytes, truncated or
// overlong sequences, surrogates, values above U+10FFFF) yields U+FFFD for one byte.
CodePoint DecodeUtf8(std::string_view text, std::size_t position) {
  const auto lead = static_cast<unsigned char>(text[position]);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t value = 0;
  char32_t smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
    smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
    smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
    smallest = 0x10000;
  } else {
    return {kReplacementCharacter, 1};
  }
  if (position + length > text.size()) return {kReplacementCharacter, 1};
  for (std::size_t offset = 1; offset < length; ++offset) {
    const auto byte = static_cast<unsigned char>(text[position + offset]);
    if ((byte & 0xC0) != 0x80) return {kReplacementCharacter, 1};
    value = (value << 6) | (byte & 0x3F);
  }
  if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return {kReplacementCharacter, 1};
  }
  return {value, length};
}

// The characters Windows-1252 places in 0x80..0x9F, where Latin-1 has control codes.
struct WinAnsiExtra {
  char32_t code_point;
  unsigned char byte;
};
constexpr std::array<WinAnsiExtra, 27> kWinAnsiExtras = {{
    {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85}, {0x2020, 0x86},
    {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A}, {0x2039, 0x8B}, {0x0152, 0x8C},
    {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95},
    {0x2013, 0x96}, {0x2014, 0x97}, {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B},
    {0x0153, 0x9C}, {0x017E, 0x9E}, {0x0178, 0x9F},
}};

// Latin Extended-A (U+0100..U+017F) without accents, one letter per code point, so that names
// such as "Dvořák" or "Łukasz" stay readable. The few of these that WinAnsi has (Š, Œ, Ÿ, Ž and
// their small forms) are found in kWinAnsiExtras first; Ĳ and ĳ are handled apart.
constexpr std::string_view kLatinExtendedABase =
    "AaAaAaCcCcCcCcDd"
    "DdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIi"
    "IiIiJjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOo"
    "OoOoRrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUu"
    "UuUuWwYyYZzZzZzs";

// Stand-ins for punctuation that WinAnsi lacks but people paste from word processors.
struct Substitute {
  char32_t code_point;
  std::string_view text;
};
constexpr std::array<Substitute, 16> kSubstitutes = {{
    {0x2010, "-"},
    {0x2011, "-"},
    {0x2012, "-"},
    {0x2015, "-"},
    {0x2212, "-"},
    {0x2032, "'"},
    {0x2033, "\""},
    {0x2044, "/"},
    {0x2116, "No."},
    {0x2190, "<-"},
    {0x2192, "->"},
    {0x2264, "<="},
    {0x2265, ">="},
    {0x0218, "S"},
    {0x0219, "s"},
    {0x1E9E, "SS"},
}};

bool IsSpaceLike(char32_t code_point) {
  return (code_point >= 0x2000 && code_point <= 0x200A) || code_point == 0x202F ||
         code_point == 0x205F || code_point == 0x3000;
}

bool IsZeroWidth(char32_t code_point) {
  return (code_point >= 0x200B && code_point <= 0x200D) || code_point == 0x2060 ||
         code_point == 0xFEFF;
}

void AppendWinAnsi(char32_t code_point, std::string& out) {
  // Control characters (tabs and newlines included) would print as nothing or break the text
  // object; a space keeps words apart.
  if (code_point < 0x20 || code_point == 0x7F || (code_point >= 0x80 && code_point < 0xA0)) {
    out.push_back(' ');
    return;
  }
  if (code_point < 0x100) {  // ASCII and Latin-1, which WinAnsi shares byte for byte
    out.push_back(static_cast<char>(code_point));
    return;
  }
  for (const WinAnsiExtra& extra : kWinAnsiExtras) {
    if (extra.code_point == code_point) {
      out.push_back(static_cast<char>(extra.byte));
      return;
    }
  }
  if (code_point == 0x0132 || code_point == 0x0133) {
    out.append(code_point == 0x0132 ? "IJ" : "ij");
    return;
  }
  if (code_point >= 0x0100 && code_point < 0x0180) {
    out.push_back(kLatinExtendedABase[code_point - 0x0100]);
    return;
  }
  if (code_point == 0x021A || code_point == 0x021B) {  // Romanian T with comma below
    out.push_back(code_point == 0x021A ? 'T' : 't');
    return;
  }
  for (const Substitute& substitute : kSubstitutes) {
    if (substitute.code_point == code_point) {
      out.append(substitute.text);
      return;
    }
  }
  if (IsSpaceLike(code_point)) {
    out.push_back(' ');
    return;
  }
  if (IsZeroWidth(code_point)) return;
  out.push_back('?');
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// ---- Layout constants ---------------------------------------------------------------------

// Helvetica's ascender is 0.718 em and its descender 0.207 em: a 1.3 em line box with the
// baseline 1.0 em down leaves room for both plus a little air.
constexpr float kLineHeightEm = 1.3f;
constexpr float kBaselineOffsetEm = 1.0f;
constexpr float kFontUnitsPerEm = 1000.0f;

constexpr std::string_view kEllipsis = "\u2026";

// Fields and table rows wrap, but a runaway value must not push the rest off the page.
constexpr std::size_t kMaxLabelLines = 2;
constexpr std::size_t kMaxFieldValueLines = 3;
constexpr std::size_t kMaxRowLabelLines = 3;
constexpr std::size_t kMaxRowAmountLines = 2;
constexpr std::size_t kMaxOrganizationLines = 2;
constexpr std::size_t kMaxOfficeLines = 2;

constexpr float kFieldGapPt = 4.0f;
constexpr float kFieldLabelPaddingPt = 6.0f;
constexpr float kRowPaddingPt = 5.0f;
constexpr float kRowColumnGapPt = 16.0f;
constexpr float kThinRulePt = 0.5f;

}  // namespace

std::string ToWinAnsi(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t position = 0;
  while (position < utf8.size()) {
    const CodePoint code_point = DecodeUtf8(utf8, position);
    AppendWinAnsi(code_point.value, out);
    position += code_point.length;
  }
  return out;
}

float PdfLineHeight(const PdfTextStyle& style) { return style.size_pt * kLineHeightEm; }

float PdfBaselineOffset(const PdfTextStyle& style) { return style.size_pt * kBaselineOffsetEm; }

// ---- PdfDocument --------------------------------------------------------------------------

namespace {

// The first libharu error; later ones are usually consequences of it.
struct LibharuError {
  HPDF_STATUS number = HPDF_OK;
  HPDF_STATUS detail = 0;
};

// libharu reports errors through this callback and then returns an error code from the failing
// call. Throwing or longjmp-ing through C frames is unsafe, so the handler only records.
void RecordLibharuError(HPDF_STATUS number, HPDF_STATUS detail, void* user_data) {
  auto* error = static_cast<LibharuError*>(user_data);
  if (error->number != HPDF_OK) return;
  error->number = number;
  error->detail = detail;
}

}  // namespace

constexpr std::size_t kFontCount = 4;
constexpr std::array<const char*, kFontCount> kFontNames = {"Helvetica", "Helvetica-Bold",
                                                            "Helvetica-Oblique", "Courier"};
constexpr std::size_t kLoadedUpFront = 3;  // the Helvetica faces
// Every Courier glyph is 600/1000 em wide (its AFM metrics): the table needs no font loaded.
constexpr int kCourierWidth = 600;

struct PdfDocument::State {
  HPDF_Doc document = nullptr;
  HPDF_Page page = nullptr;
  // Indexed by PdfFont. The Helvetica faces are loaded up front; Courier on first use, so that a
  // document that never draws with it carries no Courier resource.
  std::array<HPDF_Font, kFontCount> fonts = {};
  // Glyph widths per WinAnsi byte, in 1/1000 em, per font: measuring is additive (libharu does
  // not kern), so a table lets wrapping measure a character at a time.
  std::array<std::array<int, 256>, kFontCount> widths = {};
  LibharuError error;

  bool failed() const { return document == nullptr || error.number != HPDF_OK; }
  bool can_draw() const { return !failed() && page != nullptr; }

  HPDF_Font font(PdfFont which) {
    const auto index = static_cast<std::size_t>(which);
    if (fonts[index] == nullptr) {
      fonts[index] = HPDF_GetFont(document, kFontNames[index], "WinAnsiEncoding");
    }
    return fonts[index];
  }
  const std::array<int, 256>& width_table(PdfFont which) const {
    return widths[static_cast<std::size_t>(which)];
  }

  // Width of WinAnsi bytes; PDF adds the letter spacing after every glyph, but the last one's
  // trailing space is not ink, so alignment ignores it.
  float EncodedWidth(std::string_view encoded, const PdfTextStyle& style) const {
    if (encoded.empty()) return 0.0f;
    const std::array<int, 256>& table = width_table(style.font);
    std::int64_t units = 0;
    for (char byte : encoded) units += table[static_cast<unsigned char>(byte)];
    return static_cast<float>(units) * style.size_pt / kFontUnitsPerEm +
           style.letter_spacing_pt * static_cast<float>(encoded.size() - 1);
  }
};

PdfDocument::PdfDocument(std::string_view title, PdfCompression compression)
    : state_(std::make_unique<State>()) {
  State& state = *state_;
  state.document = HPDF_New(&RecordLibharuError, &state.error);
  if (state.document == nullptr) return;  // out of memory; Finish() reports it
  HPDF_SetCompressionMode(state.document,
                          compression == PdfCompression::kDeflate ? HPDF_COMP_ALL : HPDF_COMP_NONE);
  // Only the title and creator: libharu writes no creation date unless asked, which keeps the
  // output identical across renders. The info dictionary is not WinAnsi text, so keep it ASCII.
  std::string ascii_title;
  for (char c : ToWinAnsi(title)) {
    ascii_title.push_back(static_cast<unsigned char>(c) < 0x80 ? c : '?');
  }
  HPDF_SetInfoAttr(state.document, HPDF_INFO_TITLE, ascii_title.c_str());
  HPDF_SetInfoAttr(state.document, HPDF_INFO_CREATOR, "Cistern");

  state.widths[static_cast<std::size_t>(PdfFont::kMonospace)].fill(kCourierWidth);
  for (std::size_t index = 0; index < kLoadedUpFront; ++index) {
    state.fonts[index] = HPDF_GetFont(state.document, kFontNames[index], "WinAnsiEncoding");
    if (state.fonts[index] == nullptr) return;
    for (int byte = 1; byte < 256; ++byte) {
      const auto glyph = static_cast<HPDF_BYTE>(byte);
      state.widths[index][byte] =
          static_cast<int>(HPDF_Font_TextWidth(state.fonts[index], &glyph, 1).width);
    }
  }
}

PdfDocument::~PdfDocument() {
  if (state_->document != nullptr) HPDF_Free(state_->document);
}

void PdfDocument::AddLetterPage() {
  State& state = *state_;
  if (state.failed()) return;
  HPDF_Page page = HPDF_AddPage(state.document);
  if (page == nullptr) return;
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_LETTER, HPDF_PAGE_PORTRAIT);
  state.page = page;
}

float PdfDocument::TextWidth(std::string_view text, const PdfTextStyle& style) const {
  return state_->EncodedWidth(ToWinAnsi(text), style);
}

std::vector<std::string> PdfDocument::WrapText(std::string_view text, const PdfTextStyle& style,
                                               float width_pt, std::size_t max_lines) const {
  std::vector<std::string> lines;
  if (max_lines == 0) return lines;
  bool truncated = false;
  // Adds a finished line; refuses (and marks the text truncated) once the limit is reached.
  auto push_line = [&](std::string line) {
    if (lines.size() == max_lines) {
      truncated = true;
      return false;
    }
    lines.push_back(std::move(line));
    return true;
  };
  // The byte length of the longest run of whole characters at the start of `word` that fits,
  // never less than one character so that a too-narrow column still makes progress.
  auto fitting_prefix = [&](std::string_view word) {
    std::size_t fitted = 0;
    std::string encoded;
    std::size_t position = 0;
    while (position < word.size()) {
      const CodePoint code_point = DecodeUtf8(word, position);
      AppendWinAnsi(code_point.value, encoded);
      if (state_->EncodedWidth(encoded, style) > width_pt && fitted > 0) break;
      position += code_point.length;
      fitted = position;
    }
    return fitted;
  };

  std::string line;
  std::size_t position = 0;
  while (position < text.size() && !truncated) {
    while (position < text.size() && IsAsciiSpace(text[position])) ++position;
    const std::size_t word_start = position;
    while (position < text.size() && !IsAsciiSpace(text[position])) ++position;
    std::string_view word = text.substr(word_start, position - word_start);
    if (word.empty()) break;

    std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (TextWidth(candidate, style) <= width_pt) {
      line = std::move(candidate);
      continue;
    }
    if (!line.empty() && !push_line(std::move(line))) break;
    line.clear();
    while (TextWidth(word, style) > width_pt) {
      const std::size_t prefix = fitting_prefix(word);
      if (!push_line(std::string(word.substr(0, prefix)))) break;
      word.remove_prefix(prefix);
    }
    if (!truncated) line = std::string(word);
  }
  if (!truncated && !line.empty()) push_line(std::move(line));

  if (truncated) {
    // Drop whole characters from the end until the ellipsis fits after what remains.
    std::string& last = lines.back();
    while (!last.empty() && TextWidth(last + std::string(kEllipsis), style) > width_pt) {
      std::size_t cut = last.size() - 1;
      while (cut > 0 && (static_cast<unsigned char>(last[cut]) & 0xC0) == 0x80) --cut;
      last.resize(cut);
    }
    while (!last.empty() && last.back() == ' ') last.pop_back();
    last.append(kEllipsis);
  }
  return lines;
}

void PdfDocument::DrawText(float x, float baseline_y, std::string_view text,
                           const PdfTextStyle& style, PdfAlign align) {
  State& state = *state_;
  if (!state.can_draw()) return;
  const std::string encoded = ToWinAnsi(text);
  if (encoded.empty()) return;
  const float width = state.EncodedWidth(encoded, style);
  float left = x;
  if (align == PdfAlign::kRight) left = x - width;
  if (align == PdfAlign::kCenter) left = x - width / 2.0f;

  HPDF_Page page = state.page;
  HPDF_Page_SetRGBFill(page, style.color.red, style.color.green, style.color.blue);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, state.font(style.font), style.size_pt);
  HPDF_Page_SetCharSpace(page, style.letter_spacing_pt);
  HPDF_Page_TextOut(page, left, baseline_y, encoded.c_str());
  HPDF_Page_EndText(page);
}

void PdfDocument::DrawLine(float x_start, float y_start, float x_end, float y_end,
                           float thickness_pt, PdfColor color) {
  State& state = *state_;
  if (!state.can_draw()) return;
  HPDF_Page page = state.page;
  HPDF_Page_SetLineWidth(page, thickness_pt);
  HPDF_Page_SetRGBStroke(page, color.red, color.green, color.blue);
  HPDF_Page_MoveTo(page, x_start, y_start);
  HPDF_Page_LineTo(page, x_end, y_end);
  HPDF_Page_Stroke(page);
}

void PdfDocument::DrawDashedLine(float x_start, float y_start, float x_end, float y_end,
                                 float thickness_pt, PdfColor color, int dash_pt, int gap_pt) {
  State& state = *state_;
  if (!state.can_draw()) return;
  HPDF_Page page = state.page;
  // libharu takes whole points from 1 to its maximum dash length.
  auto whole_points = [](int length) {
    return static_cast<HPDF_UINT16>(std::clamp<int>(length, 1, HPDF_MAX_DASH_PATTERN));
  };
  const HPDF_UINT16 pattern[2] = {whole_points(dash_pt), whole_points(gap_pt)};
  HPDF_Page_SetDash(page, pattern, 2, 0);
  DrawLine(x_start, y_start, x_end, y_end, thickness_pt, color);
  if (state.can_draw()) HPDF_Page_SetDash(page, nullptr, 0, 0);
}

void PdfDocument::StrokeRect(float x, float y, float width, float height, float thickness_pt,
                             PdfColor color) {
  State& state = *state_;
  if (!state.can_draw()) return;
  HPDF_Page page = state.page;
  HPDF_Page_SetLineWidth(page, thickness_pt);
  HPDF_Page_SetRGBStroke(page, color.red, color.green, color.blue);
  HPDF_Page_Rectangle(page, x, y, width, height);
  HPDF_Page_Stroke(page);
}

void PdfDocument::FillRect(float x, float y, float width, float height, PdfColor color) {
  State& state = *state_;
  if (!state.can_draw()) return;
  HPDF_Page page = state.page;
  HPDF_Page_SetRGBFill(page, color.red, color.green, color.blue);
  HPDF_Page_Rectangle(page, x, y, width, height);
  HPDF_Page_Fill(page);
}

Result<std::string> PdfDocument::Finish() {
  State& state = *state_;
  if (state.document == nullptr) {
    return Error::Internal("PDF_LIBRARY_ERROR", "The PDF library could not start a document.");
  }
  std::string bytes;
  if (!state.failed()) HPDF_SaveToStream(state.document);
  if (!state.failed()) {
    const HPDF_UINT32 size = HPDF_GetStreamSize(state.document);
    bytes.resize(size);
    HPDF_ResetStream(state.document);
    // Asking for exactly the stream's size never hits the end of the stream, which libharu
    // would report through the error handler as if it were a failure.
    HPDF_UINT32 read = size;
    if (size > 0) {
      HPDF_ReadFromStream(state.document, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &read);
    }
    if (!state.failed() && read != size) {
      return Error::Internal("PDF_LIBRARY_ERROR",
                             "The PDF library returned fewer bytes than it wrote.");
    }
  }
  if (state.failed()) {
    char message[128];
    std::snprintf(message, sizeof(message),
                  "The PDF library failed with error 0x%04lX (detail %lu).",
                  static_cast<unsigned long>(state.error.number),
                  static_cast<unsigned long>(state.error.detail));
    return Error::Internal("PDF_LIBRARY_ERROR", message);
  }
  return bytes;
}

// ---- Blocks -------------------------------------------------------------------------------

PdfFrame LetterFrame(float margin_pt) {
  return {margin_pt, kPdfLetterWidthPt - margin_pt, kPdfLetterHeightPt - margin_pt, margin_pt};
}

float DrawTextBlock(PdfDocument& document, float left, float top, float width_pt,
                    std::string_view text, const PdfTextStyle& style, PdfAlign align,
                    std::size_t max_lines) {
  const std::vector<std::string> lines = document.WrapText(text, style, width_pt, max_lines);
  float x = left;
  if (align == PdfAlign::kRight) x = left + width_pt;
  if (align == PdfAlign::kCenter) x = left + width_pt / 2.0f;
  const float line_height = PdfLineHeight(style);
  for (std::size_t index = 0; index < lines.size(); ++index) {
    const float baseline = top - PdfBaselineOffset(style) - static_cast<float>(index) * line_height;
    document.DrawText(x, baseline, lines[index], style, align);
  }
  return top - static_cast<float>(lines.size()) * line_height;
}

PdfTextStyle PdfCaptionStyle() {
  return {.font = PdfFont::kBold, .size_pt = 7.5f, .color = kPdfMuted, .letter_spacing_pt = 0.9f};
}

float DrawLetterhead(PdfDocument& document, const PdfFrame& frame, const Letterhead& letterhead) {
  const PdfTextStyle organization_style{
      .font = PdfFont::kBold, .size_pt = 20.0f, .color = kPdfAccent};
  const PdfTextStyle office_style{.size_pt = 9.0f, .color = kPdfMuted};
  const PdfTextStyle title_style{
      .font = PdfFont::kBold, .size_pt = 12.0f, .color = kPdfInk, .letter_spacing_pt = 1.8f};
  constexpr float kTitleGapPt = 24.0f;
  constexpr float kOfficeGapPt = 3.0f;
  constexpr float kRuleGapPt = 10.0f;
  constexpr float kRulePt = 1.5f;

  const float title_width = document.TextWidth(letterhead.title, title_style);
  const float text_width =
      frame.width() - (letterhead.title.empty() ? 0.0f : title_width + kTitleGapPt);
  // The title shares the organization name's first baseline, as on printed letterhead.
  const float first_baseline = frame.top - PdfBaselineOffset(organization_style);
  document.DrawText(frame.right, first_baseline, letterhead.title, title_style, PdfAlign::kRight);

  float top = DrawTextBlock(document, frame.left, frame.top, text_width, letterhead.organization,
                            organization_style, PdfAlign::kLeft, kMaxOrganizationLines);
  if (!letterhead.office_line.empty()) {
    top = DrawTextBlock(document, frame.left, top - kOfficeGapPt, text_width,
                        letterhead.office_line, office_style, PdfAlign::kLeft, kMaxOfficeLines);
  }
  const float rule_y = std::min(top, first_baseline - PdfLineHeight(title_style)) - kRuleGapPt;
  document.DrawLine(frame.left, rule_y, frame.right, rule_y, kRulePt, kPdfAccent);
  return rule_y - kRulePt / 2.0f;
}

float DrawSectionCaption(PdfDocument& document, float left, float right, float top,
                         std::string_view caption, std::string_view right_caption) {
  constexpr float kRuleGapPt = 3.0f;
  constexpr float kRulePt = 0.75f;
  const PdfTextStyle style = PdfCaptionStyle();
  const float baseline = top - PdfBaselineOffset(style);
  document.DrawText(left, baseline, caption, style, PdfAlign::kLeft);
  document.DrawText(right, baseline, right_caption, style, PdfAlign::kRight);
  const float rule_y = top - PdfLineHeight(style) - kRuleGapPt;
  document.DrawLine(left, rule_y, right, rule_y, kRulePt, kPdfMuted);
  return rule_y - kRulePt / 2.0f;
}

namespace {

PdfTextStyle FieldLabelStyle() { return {.size_pt = 9.0f, .color = kPdfMuted}; }

// Lays out fields once for measuring and drawing, so the two can never disagree; `drawer` is
// null when only measuring.
float LayOutFields(const PdfDocument& measurer, PdfDocument* drawer, float left, float top,
                   float width_pt, float label_width_pt, const std::vector<PdfField>& fields) {
  const PdfTextStyle label_style = FieldLabelStyle();
  const float value_width = width_pt - label_width_pt;
  float used = 0.0f;
  bool first = true;
  for (const PdfField& field : fields) {
    if (field.value.empty()) continue;
    if (!first) used += kFieldGapPt;
    first = false;
    const float row_top = top - used;
    const std::vector<std::string> label_lines = measurer.WrapText(
        field.label, label_style, label_width_pt - kFieldLabelPaddingPt, kMaxLabelLines);
    const std::vector<std::string> value_lines =
        measurer.WrapText(field.value, field.value_style, value_width, kMaxFieldValueLines);
    // Both columns share the first baseline, set by the larger of the two sizes.
    const float baseline_offset =
        std::max(PdfBaselineOffset(label_style), PdfBaselineOffset(field.value_style));
    auto column_height = [&](const std::vector<std::string>& lines, const PdfTextStyle& style) {
      const auto count = static_cast<float>(std::max<std::size_t>(lines.size(), 1));
      return baseline_offset - PdfBaselineOffset(style) + count * PdfLineHeight(style);
    };
    const float row_height = std::max(column_height(label_lines, label_style),
                                      column_height(value_lines, field.value_style));
    if (drawer != nullptr) {
      for (std::size_t index = 0; index < label_lines.size(); ++index) {
        drawer->DrawText(
            left,
            row_top - baseline_offset - static_cast<float>(index) * PdfLineHeight(label_style),
            label_lines[index], label_style, PdfAlign::kLeft);
      }
      const float value_x =
          field.value_align == PdfAlign::kRight ? left + width_pt : left + label_width_pt;
      for (std::size_t index = 0; index < value_lines.size(); ++index) {
        drawer->DrawText(value_x,
                         row_top - baseline_offset -
                             static_cast<float>(index) * PdfLineHeight(field.value_style),
                         value_lines[index], field.value_style, field.value_align);
      }
    }
    used += row_height;
  }
  return used;
}

struct AmountRowLayout {
  std::vector<std::string> label_lines;
  std::vector<std::string> amount_lines;
  float height = 0.0f;
};

AmountRowLayout LayOutAmountRow(const PdfDocument& document, float left, float right,
                                std::string_view label, std::string_view amount,
                                const PdfTextStyle& style) {
  AmountRowLayout layout;
  // An amount is short; half the row is a generous cap that keeps a garbled one from hiding the
  // label.
  const float row_width = right - left;
  layout.amount_lines = document.WrapText(amount, style, row_width / 2.0f, kMaxRowAmountLines);
  float amount_width = 0.0f;
  for (const std::string& line : layout.amount_lines) {
    amount_width = std::max(amount_width, document.TextWidth(line, style));
  }
  const float label_width =
      row_width - amount_width - (layout.amount_lines.empty() ? 0.0f : kRowColumnGapPt);
  layout.label_lines = document.WrapText(label, style, label_width, kMaxRowLabelLines);
  const std::size_t line_count =
      std::max<std::size_t>({layout.label_lines.size(), layout.amount_lines.size(), 1});
  layout.height = 2.0f * kRowPaddingPt + static_cast<float>(line_count) * PdfLineHeight(style);
  return layout;
}

}  // namespace

float MeasureFields(const PdfDocument& document, float width_pt, float label_width_pt,
                    const std::vector<PdfField>& fields) {
  return LayOutFields(document, nullptr, 0.0f, 0.0f, width_pt, label_width_pt, fields);
}

float DrawFields(PdfDocument& document, float left, float top, float width_pt, float label_width_pt,
                 const std::vector<PdfField>& fields) {
  return LayOutFields(document, &document, left, top, width_pt, label_width_pt, fields);
}

float MeasureAmountRow(const PdfDocument& document, float left, float right, std::string_view label,
                       std::string_view amount, const PdfTextStyle& style) {
  return LayOutAmountRow(document, left, right, label, amount, style).height;
}

float DrawAmountRow(PdfDocument& document, float left, float right, float top,
                    std::string_view label, std::string_view amount, const PdfTextStyle& style,
                    PdfRowRule rule) {
  const AmountRowLayout layout = LayOutAmountRow(document, left, right, label, amount, style);
  const float first_baseline = top - kRowPaddingPt - PdfBaselineOffset(style);
  const float line_height = PdfLineHeight(style);
  for (std::size_t index = 0; index < layout.label_lines.size(); ++index) {
    document.DrawText(left, first_baseline - static_cast<float>(index) * line_height,
                      layout.label_lines[index], style, PdfAlign::kLeft);
  }
  for (std::size_t index = 0; index < layout.amount_lines.size(); ++index) {
    document.DrawText(right, first_baseline - static_cast<float>(index) * line_height,
                      layout.amount_lines[index], style, PdfAlign::kRight);
  }
  if (rule == PdfRowRule::kThin) {
    const float rule_y = top - layout.height;
    document.DrawLine(left, rule_y, right, rule_y, kThinRulePt, kPdfRule);
  }
  return layout.height;
}

// ---- Bar chart ----------------------------------------------------------------------------

std::int64_t PdfNiceAxisMaximum(std::int64_t value) {
  if (value <= 0) return 0;
  for (std::int64_t small : {1, 2, 5}) {
    if (small >= value) return small;
  }
  // Mantissas that still read as round numbers, fine enough that the tallest bar fills at least
  // three quarters of the plot.
  constexpr std::int64_t kMantissas[] = {10, 12, 15, 20, 25, 30, 40, 50, 60, 80};
  constexpr std::int64_t kLargest = std::numeric_limits<std::int64_t>::max();
  for (std::int64_t power = 1; power <= kLargest / 100; power *= 10) {
    for (std::int64_t mantissa : kMantissas) {
      if (mantissa * power >= value) return mantissa * power;
    }
  }
  return value;  // the next round number would overflow
}

void DrawBarChart(PdfDocument& document, const PdfBox& box, const std::vector<PdfBar>& bars,
                  std::string_view unit) {
  if (bars.empty()) return;
  constexpr float kBarShareOfSlot = 0.64f;
  constexpr float kLabelGapPt = 2.5f;
  constexpr float kAxisLabelGapPt = 2.0f;
  constexpr float kBaselinePt = 0.75f;
  constexpr float kGridlinePt = 0.4f;
  constexpr float kLargestLabelPt = 7.0f;
  constexpr float kSmallestLabelPt = 4.5f;
  constexpr float kLabelPaddingPt = 1.0f;

  const auto count = static_cast<float>(bars.size());
  const float slot_width = box.width / count;

  // One label size for every bar, the largest at which the widest label fits its slot, so that
  // the labels line up and never run into each other.
  PdfTextStyle label_style{.size_pt = kLargestLabelPt, .color = kPdfMuted};
  PdfTextStyle current_label_style{
      .font = PdfFont::kBold, .size_pt = kLargestLabelPt, .color = kPdfInk};
  float widest = 0.0f;
  for (const PdfBar& bar : bars) {
    widest = std::max(widest, document.TextWidth(bar.label, current_label_style));
  }
  const float room = slot_width - kLabelPaddingPt;
  if (widest > room && widest > 0.0f) {
    const float size = std::max(kSmallestLabelPt, kLargestLabelPt * room / widest);
    label_style.size_pt = size;
    current_label_style.size_pt = size;
  }

  const PdfTextStyle axis_style{.size_pt = 6.5f, .color = kPdfMuted};
  std::int64_t largest = 0;
  for (const PdfBar& bar : bars) largest = std::max(largest, bar.value);
  const std::int64_t axis_maximum = PdfNiceAxisMaximum(largest);

  const float plot_bottom = box.y + PdfLineHeight(label_style) + kLabelGapPt;
  const float plot_top = box.y + box.height - PdfLineHeight(axis_style) - kAxisLabelGapPt;
  const float plot_height = std::max(0.0f, plot_top - plot_bottom);
  const float right = box.x + box.width;

  std::string axis_label = FormatGroupedInteger(axis_maximum);
  if (!unit.empty()) axis_label += " " + std::string(unit);
  document.DrawText(
      box.x, plot_top + kAxisLabelGapPt + PdfLineHeight(axis_style) - PdfBaselineOffset(axis_style),
      axis_label, axis_style);
  document.DrawLine(box.x, plot_top, right, plot_top, kGridlinePt, kPdfRule);
  const float middle = plot_bottom + plot_height / 2.0f;
  document.DrawDashedLine(box.x, middle, right, middle, kGridlinePt, kPdfRule, 2, 2);

  const float bar_width = slot_width * kBarShareOfSlot;
  const float label_baseline = box.y + PdfLineHeight(label_style) - PdfBaselineOffset(label_style);
  for (std::size_t index = 0; index < bars.size(); ++index) {
    const PdfBar& bar = bars[index];
    const float slot_left = box.x + slot_width * static_cast<float>(index);
    const float centre = slot_left + slot_width / 2.0f;
    if (bar.value > 0 && axis_maximum > 0) {
      // Geometry only: the ratio places ink on the page and is never read back as usage.
      const float share =
          static_cast<float>(static_cast<double>(bar.value) / static_cast<double>(axis_maximum));
      document.FillRect(centre - bar_width / 2.0f, plot_bottom, bar_width, plot_height * share,
                        bar.highlighted ? kPdfAccent : kPdfRule);
    }
    document.DrawText(centre, label_baseline, bar.label,
                      bar.highlighted ? current_label_style : label_style, PdfAlign::kCenter);
  }
  document.DrawLine(box.x, plot_bottom, right, plot_bottom, kBaselinePt, kPdfMuted);
}

std::vector<std::string> WrapAtMiddleDots(const PdfDocument& document, std::string_view text,
                                          const PdfTextStyle& style, float width_pt,
                                          std::size_t max_lines) {
  const std::string separator = " \xC2\xB7 ";  // a middle dot (UTF-8) between spaces
  std::vector<std::string> lines;
  std::string line;
  std::size_t position = 0;
  while (position <= text.size()) {
    std::size_t next = text.find(separator, position);
    if (next == std::string_view::npos) next = text.size();
    const std::string part(text.substr(position, next - position));
    position = next + separator.size();
    if (part.empty()) continue;
    const std::string candidate = line.empty() ? part : line + separator + part;
    if (document.TextWidth(candidate, style) <= width_pt) {
      line = candidate;
      continue;
    }
    if (!line.empty()) lines.push_back(line);
    line = part;
  }
  if (!line.empty()) lines.push_back(line);
  bool fits = lines.size() <= max_lines;
  for (const std::string& each : lines) fits = fits && document.TextWidth(each, style) <= width_pt;
  return fits ? lines : document.WrapText(text, style, width_pt, max_lines);
}

}  // namespace cistern
