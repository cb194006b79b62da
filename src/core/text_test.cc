#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace cistern {
namespace {

TEST(TrimTest, RemovesAsciiWhitespaceAtBothEnds) {
  EXPECT_EQ(Trim("  hello world \t\r\n"), "hello world");
  EXPECT_EQ(Trim("hello"), "hello");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \t\n "), "");
}

TEST(TrimTest, KeepsNonAsciiBytes) {
  // A non-breaking space (U+00A0) is not ASCII whitespace; trimming it would split UTF-8.
  EXPECT_EQ(Trim("\xC2\xA0x\xC2\xA0"), "\xC2\xA0x\xC2\xA0");
}

TEST(ToLowerAsciiTest, LowersOnlyAsciiLetters) {
  EXPECT_EQ(ToLowerAscii("Hello, WORLD 42"), "hello, world 42");
  EXPECT_EQ(ToLowerAscii("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");  // "ÉTÉ": É is kept
}

TEST(DigitsOnlyTest, KeepsDigitsInOrder) {
  EXPECT_EQ(DigitsOnly("(405) 555-0142"), "4055550142");
  EXPECT_EQ(DigitsOnly("no digits"), "");
  EXPECT_EQ(DigitsOnly("\xD9\xA3"), "");  // Arabic-Indic digit three is not 0-9
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(
      IsValidUtf8("Jos\xC3\xA9 Pe\xC3\xB1"
                  "a"));                         // José Peña
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x92\xA7"));  // 💧
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(IsValidUtf8Test, RefusesMalformedText) {
  EXPECT_FALSE(IsValidUtf8("\x80"));              // continuation byte without a lead
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated two-byte sequence
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated three-byte sequence
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // UTF-16 surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000, beyond Unicode
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));  // lead followed by a non-continuation byte
}

TEST(FormatUsPhoneTest, FormatsTenDigits) {
  EXPECT_EQ(FormatUsPhone("4055550142"), "(405) 555-0142");
  EXPECT_EQ(FormatUsPhone("405-555-0142"), "(405) 555-0142");
  EXPECT_EQ(FormatUsPhone("+1 405 555 0142"), "(405) 555-0142");
}

TEST(FormatUsPhoneTest, ReturnsOtherInputUnchanged) {
  EXPECT_EQ(FormatUsPhone("555-0142"), "555-0142");
  EXPECT_EQ(FormatUsPhone("+44 20 7946 0958"), "+44 20 7946 0958");
  EXPECT_EQ(FormatUsPhone("24055550142"), "24055550142");  // eleven digits, not a leading 1
  EXPECT_EQ(FormatUsPhone(""), "");
}

TEST(FormatGroupedIntegerTest, SeparatesThousands) {
  EXPECT_EQ(FormatGroupedInteger(0), "0");
  EXPECT_EQ(FormatGroupedInteger(999), "999");
  EXPECT_EQ(FormatGroupedInteger(1000), "1,000");
  EXPECT_EQ(FormatGroupedInteger(1234567), "1,234,567");
  EXPECT_EQ(FormatGroupedInteger(-1200), "-1,200");
  EXPECT_EQ(FormatGroupedInteger(std::numeric_limits<std::int64_t>::min()),
            "-9,223,372,036,854,775,808");
}

}  // namespace
}  // namespace cistern
