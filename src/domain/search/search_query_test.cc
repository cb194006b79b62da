#include "domain/search/search_query.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cistern {
namespace {

using Words = std::vector<std::string>;

// A valid number ("1000000178") and its sequence, so the tests do not hard-code a check digit.
const AccountNumber kNumber = AccountNumber::FromSequence(100000017);

TEST(ParseSearchQueryTest, EmptyAndBlankTextIsAnEmptyQuery) {
  for (const char* text : {"", "   ", "\t\n"}) {
    const SearchQuery query = ParseSearchQuery(text);
    EXPECT_FALSE(query.account_number.has_value()) << text;
    EXPECT_TRUE(query.phone_digits.empty()) << text;
    EXPECT_TRUE(query.words.empty()) << text;
  }
}

TEST(ParseSearchQueryTest, ReadsAnAccountNumber) {
  const SearchQuery query = ParseSearchQuery(kNumber.text());
  ASSERT_TRUE(query.account_number.has_value());
  EXPECT_EQ(*query.account_number, kNumber);
}

TEST(ParseSearchQueryTest, ReadsAnAccountNumberWithDashesAndSpaces) {
  const std::string digits = kNumber.text();
  for (const std::string& text :
       {digits.substr(0, 3) + "-" + digits.substr(3, 3) + "-" + digits.substr(6),
        digits.substr(0, 3) + " " + digits.substr(3, 3) + " " + digits.substr(6),
        "  " + digits + "  "}) {
    const SearchQuery query = ParseSearchQuery(text);
    ASSERT_TRUE(query.account_number.has_value()) << text;
    EXPECT_EQ(*query.account_number, kNumber) << text;
  }
}

TEST(ParseSearchQueryTest, AMistypedAccountNumberIsNotAnAccountNumber) {
  std::string mistyped = kNumber.text();
  mistyped[9] = mistyped[9] == '9' ? '0' : static_cast<char>(mistyped[9] + 1);
  EXPECT_FALSE(ParseSearchQuery(mistyped).account_number.has_value());
  // Still searched as text, so a partial match can show.
  EXPECT_EQ(ParseSearchQuery(mistyped).words, Words{mistyped});
}

TEST(ParseSearchQueryTest, ReadsTenDigitPhoneForms) {
  for (const char* text : {"(405) 555-0142", "405-555-0142", "405.555.0142", "4055550142",
                           "1-405-555-0142", "+1 405 555 0142", "14055550142"}) {
    const SearchQuery query = ParseSearchQuery(text);
    EXPECT_EQ(query.phone_digits, "4055550142") << text;
  }
}

TEST(ParseSearchQueryTest, ReadsASevenDigitLocalNumber) {
  for (const char* text : {"555-0142", "5550142", "555 0142", "555.0142"}) {
    EXPECT_EQ(ParseSearchQuery(text).phone_digits, "5550142") << text;
  }
}

TEST(ParseSearchQueryTest, OtherDigitCountsAreNotPhones) {
  for (const char* text : {"555", "555-014", "405-555-01420", "24055550142", "12"}) {
    EXPECT_EQ(ParseSearchQuery(text).phone_digits, "") << text;
  }
}

TEST(ParseSearchQueryTest, TextWithLettersIsNotAPhone) {
  EXPECT_EQ(ParseSearchQuery("555-0142 Lopez").phone_digits, "");
  EXPECT_EQ(ParseSearchQuery("tel 4055550142").phone_digits, "");
}

TEST(ParseSearchQueryTest, PhoneTextIsAlsoSplitIntoWords) {
  EXPECT_EQ(ParseSearchQuery("(405) 555-0142").words, (Words{"405", "555", "0142"}));
}

TEST(ParseSearchQueryTest, SplitsWordsAndLowerCasesThem) {
  EXPECT_EQ(ParseSearchQuery("Maria LOPEZ").words, (Words{"maria", "lopez"}));
  EXPECT_EQ(ParseSearchQuery("  1204 N. Broadway,  Ave ").words,
            (Words{"1204", "n", "broadway", "ave"}));
  EXPECT_EQ(ParseSearchQuery("o'brien-smith").words, (Words{"o", "brien", "smith"}));
}

TEST(ParseSearchQueryTest, SplitsAnEmailIntoWords) {
  const SearchQuery query = ParseSearchQuery("MLopez@Example.com");
  EXPECT_EQ(query.words, (Words{"mlopez", "example", "com"}));
  EXPECT_EQ(query.phone_digits, "");
  EXPECT_FALSE(query.account_number.has_value());
}

TEST(ParseSearchQueryTest, KeepsNonAsciiNamesWhole) {
  EXPECT_EQ(ParseSearchQuery("José Peña").words, (Words{"josé", "peña"}));
  EXPECT_EQ(ParseSearchQuery("Nguyễn").words, (Words{"nguyễn"}));
  // Only ASCII is lower-cased here; the search index folds the case of other letters itself.
  EXPECT_EQ(ParseSearchQuery("Ørsted ØL").words, (Words{"Ørsted", "Øl"}));
}

TEST(ParseSearchQueryTest, KeepsAtMostEightWords) {
  const SearchQuery query = ParseSearchQuery("a b c d e f g h i j");
  EXPECT_EQ(query.words, (Words{"a", "b", "c", "d", "e", "f", "g", "h"}));
  EXPECT_EQ(query.words.size(), kSearchWordsMax);
}

TEST(ParseSearchQueryTest, PunctuationAloneGivesNoWords) {
  EXPECT_TRUE(ParseSearchQuery("\"*()-:^").words.empty());
}

TEST(ParseSearchQueryTest, ReadsOnlyTheFirst200Characters) {
  const std::string text = std::string(199, 'a') + " bcd";
  const SearchQuery query = ParseSearchQuery(text);
  ASSERT_EQ(query.words.size(), 1u);
  EXPECT_EQ(query.words[0].size(), 199u);
}

}  // namespace
}  // namespace cistern
