#include "store/sqlite/json_text.h"

#include <cstdint>
#include <cstring>

namespace cistern::sqlite {
namespace {

// True when one of the 8 bytes in `word` must be escaped in a JSON string: a control character
// (below 0x20), a quote or a backslash. The usual bit tricks for "some byte is zero" and "some
// byte is less than n", applied to 8 bytes at once: a bill's lines are about a kilobyte of text,
// and checking it a byte at a time was a measurable part of writing a bill.
bool NeedsEscape(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
  return (below_space | has_zero(word ^ (kOnes * '"')) | has_zero(word ^ (kOnes * '\\'))) != 0;
}

}  // namespace

// Appends `text` to `out` as a JSON string (RFC 8259): quotes, backslashes and control
// characters escaped, everything else (UTF-8 included) as it is.
void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0;  // start of the run of characters not yet appended
  std::size_t index = 0;
  while (index < text.size()) {
    if (index + 8 <= text.size()) {  // skip 8 plain bytes at a time
      std::uint64_t word;
      std::memcpy(&word, text.data() + index, sizeof word);
      if (!NeedsEscape(word)) {
        index += 8;
        continue;
      }
    }
    const auto byte = static_cast<unsigned char>(text[index]);
    ++index;
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out.append(text, plain, index - 1 - plain);
    plain = index;
    if (byte < 0x20) {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += '\\';
      out += static_cast<char>(byte);
    }
  }
  out.append(text, plain, text.size() - plain);
  out += '"';
}

}  // namespace cistern::sqlite
