#include "domain/account/note.h"

#include <gtest/gtest.h>

#include <string>

namespace cistern {
namespace {

std::string Repeat(const std::string& text, std::size_t times) {
  std::string result;
  for (std::size_t i = 0; i < times; ++i) result += text;
  return result;
}

void ExpectRefused(const std::string& text, const std::string& reason) {
  const auto normalized = NormalizeNoteText(text, "text");
  ASSERT_FALSE(normalized.ok()) << "expected " << reason;
  EXPECT_EQ(normalized.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(normalized.error().field, "text");
  EXPECT_EQ(normalized.error().reason, reason);
}

TEST(NormalizeNoteTextTest, ReturnsTheTrimmedText) {
  const auto normalized =
      NormalizeNoteText("  Called about a high bill.\n  Re-read ordered. \n", "text");
  ASSERT_TRUE(normalized.ok());
  EXPECT_EQ(*normalized, "Called about a high bill.\n  Re-read ordered.");
}

TEST(NormalizeNoteTextTest, RefusesEmptyAndWhitespaceOnlyText) {
  ExpectRefused("", "FIELD_REQUIRED");
  ExpectRefused("   ", "FIELD_REQUIRED");
  ExpectRefused(" \t\r\n\v\f ", "FIELD_REQUIRED");
}

TEST(NormalizeNoteTextTest, NamesTheFieldItIsGiven) {
  const auto normalized = NormalizeNoteText("", "notes[2].text");
  ASSERT_FALSE(normalized.ok());
  EXPECT_EQ(normalized.error().field, "notes[2].text");
}

TEST(NormalizeNoteTextTest, Accepts4000AsciiCharactersAndRefuses4001) {
  EXPECT_TRUE(NormalizeNoteText(std::string(4000, 'a'), "text").ok());
  ExpectRefused(std::string(4001, 'a'), "FIELD_TOO_LONG");
}

TEST(NormalizeNoteTextTest, CountsCodePointsNotBytes) {
  // 4000 "é" are 8000 bytes but 4000 characters.
  const auto two_byte = NormalizeNoteText(Repeat("\xC3\xA9", 4000), "text");
  ASSERT_TRUE(two_byte.ok());
  EXPECT_EQ(two_byte->size(), 8000u);
  ExpectRefused(Repeat("\xC3\xA9", 4001), "FIELD_TOO_LONG");
  // 4000 "💧" are 16000 bytes.
  EXPECT_TRUE(NormalizeNoteText(Repeat("\xF0\x9F\x92\xA7", 4000), "text").ok());
  ExpectRefused(Repeat("\xF0\x9F\x92\xA7", 4001), "FIELD_TOO_LONG");
}

TEST(NormalizeNoteTextTest, CountsLengthAfterTrimming) {
  EXPECT_TRUE(NormalizeNoteText("   " + std::string(4000, 'a') + "\n\n", "text").ok());
}

TEST(NormalizeNoteTextTest, RefusesInvalidUtf8) {
  ExpectRefused("bad \xC3", "TEXT_NOT_UTF8");
  ExpectRefused("\x80 stray continuation", "TEXT_NOT_UTF8");
  ExpectRefused("overlong \xC0\xAF", "TEXT_NOT_UTF8");
  ExpectRefused("surrogate \xED\xA0\x80", "TEXT_NOT_UTF8");
  ExpectRefused("latin-1 caf\xE9", "TEXT_NOT_UTF8");
}

TEST(NormalizeNoteTextTest, KeepsValidNonAsciiText) {
  const auto normalized = NormalizeNoteText("Habla español; llamó el Sr. Peña.", "text");
  ASSERT_TRUE(normalized.ok());
  EXPECT_EQ(*normalized, "Habla español; llamó el Sr. Peña.");
}

}  // namespace
}  // namespace cistern
