#include "core/text.h"

#include <cstdint>

namespace cistern {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool IsContinuationByte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

constexpr std::size_t kUsPhoneDigits = 10;

}  // namespace

std::string_view Trim(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size() && IsAsciiSpace(text[begin])) ++begin;
  std::size_t end = text.size();
  while (end > begin && IsAsciiSpace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::string ToLowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string DigitsOnly(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (IsAsciiDigit(c)) digits.push_back(c);
  }
  return digits;
}

std::size_t CountCharacters(std::string_view text) {
  std::size_t characters = 0;
  for (char c : text) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return characters;
}

bool IsValidUtf8(std::string_view text) {
  std::size_t index = 0;
  while (index < text.size()) {
    const auto lead = static_cast<unsigned char>(text[index]);
    if (lead < 0x80) {
      ++index;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    std::uint32_t minimum = 0;  // the smallest code point this length may encode (no overlongs)
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
      minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
      minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
      minimum = 0x10000;
    } else {
      return false;  // a continuation byte without a lead, or 0xF8..0xFF
    }
    if (text.size() - index < length) return false;
    for (std::size_t offset = 1; offset < length; ++offset) {
      const auto byte = static_cast<unsigned char>(text[index + offset]);
      if (!IsContinuationByte(byte)) return false;
      code_point = (code_point << 6) | (byte & 0x3F);
    }
    if (code_point < minimum) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    if (code_point > 0x10FFFF) return false;
    index += length;
  }
  return true;
}

std::string FormatUsPhone(std::string_view text) {
  std::string digits = DigitsOnly(text);
  if (digits.size() == kUsPhoneDigits + 1 && digits.front() == '1') digits.erase(0, 1);
  if (digits.size() != kUsPhoneDigits) return std::string(text);
  return "(" + digits.substr(0, 3) + ") " + digits.substr(3, 3) + "-" + digits.substr(6, 4);
}

std::string FormatGroupedInteger(std::int64_t value) {
  // Through unsigned, so that the most negative value has a magnitude too.
  const bool negative = value < 0;
  std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
  std::string reversed;
  int digit_count = 0;
  do {
    if (digit_count > 0 && digit_count % 3 == 0) reversed.push_back(',');
    reversed.push_back(static_cast<char>('0' + magnitude % 10));
    magnitude /= 10;
    ++digit_count;
  } while (magnitude > 0);
  if (negative) reversed.push_back('-');
  return {reversed.rbegin(), reversed.rend()};
}

}  // namespace cistern
