#include "store/sqlite/position_json.h"

#include <gtest/gtest.h>

namespace cistern::sqlite {
namespace {

Date D(const char* text) { return *ParseDate(text, "date"); }

TEST(PositionJsonTest, WritesAndReadsBackEveryLineExactly) {
  PositionLines position;
  position.latest = D("2026-12-01");
  position.lines.push_back(
      {JournalEntryId(), D("2026-11-01"), "1210", "water", Money::FromCents(3136)});
  position.lines.push_back(
      {JournalEntryId(), D("2026-12-01"), "1220", "se\"wer", Money::FromCents(-5)});
  const std::string text = PositionJson(position);
  EXPECT_EQ(text,
            "{\"as_of\":\"2026-12-01\",\"lines\":[[\"1210\",\"water\",\"2026-11-01\",3136],"
            "[\"1220\",\"se\\\"wer\",\"2026-12-01\",-5]]}");
  auto read = ParsePositionJson(text);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->latest, position.latest);
  ASSERT_EQ(read->lines.size(), 2u);
  EXPECT_EQ(read->lines[1].fund, "se\"wer");
  EXPECT_EQ(read->lines[1].amount, Money::FromCents(-5));
  EXPECT_EQ(read->lines[0].effective_on, D("2026-11-01"));
  EXPECT_EQ(read->lines[0].gl_code, "1210");
}

TEST(PositionJsonTest, NothingReplayedHasNoDateAndNoLines) {
  const std::string text = PositionJson(PositionLines{});
  EXPECT_EQ(text, "{\"as_of\":null,\"lines\":[]}");
  auto read = ParsePositionJson(text);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->latest.has_value());
  EXPECT_TRUE(read->lines.empty());
}

TEST(PositionJsonTest, RefusesTextItDidNotWrite) {
  for (const char* text :
       {"", "{}", "{\"as_of\":null,\"lines\":[}", "{\"as_of\":\"2026-13-01\",\"lines\":[]}",
        "{\"as_of\":null,\"lines\":[[\"1210\",\"water\",\"2026-11-01\",12.5]]}",
        "{\"as_of\":null,\"lines\":[[\"1210\",\"water\",\"2026-11-01\"]]}",
        "{\"as_of\":null,\"lines\":[]} ",
        "{\"as_of\":null,\"lines\":[[\"12\\u0030\",\"water\",\"2026-11-01\",1]]}"}) {
    auto read = ParsePositionJson(text);
    ASSERT_FALSE(read.ok()) << text;
    EXPECT_EQ(read.error().reason, "STORED_VALUE_INVALID");
  }
}

}  // namespace
}  // namespace cistern::sqlite
