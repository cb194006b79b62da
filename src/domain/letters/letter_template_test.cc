#include "domain/letters/letter_template.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

LetterTemplate Welcome() {
  LetterTemplate welcome;
  welcome.code = "welcome_deposit";
  welcome.title = "Welcome, with deposit terms";
  welcome.subject = "Welcome, {{customer.name}}";
  welcome.paragraphs = {
      "Your deposit of {{deposit.amount}} is split over {{deposit.installments}} bills.",
      "Account {{account.number}} at {{service_address}}; balance {{balance}}.",
      "Again: {{deposit.amount}}."};
  return welcome;
}

LetterFields AccountValues() {
  return {{"customer.name", "Maria Lopez"},
          {"account.number", "1000000014"},
          {"service_address", "1204 N Broadway Ave"},
          {"balance", "$0.00"}};
}

TEST(LetterTemplateTest, PlaceholdersAreListedOnceInOrder) {
  auto names = LetterPlaceholders("{{a.b}} and {{ c }} then {{a.b}}", "text");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"a.b", "c"}));
}

TEST(LetterTemplateTest, MalformedPlaceholdersAreRefused) {
  EXPECT_EQ(LetterPlaceholders("Dear {{customer.name", "p").error().reason, "PLACEHOLDER_UNCLOSED");
  EXPECT_EQ(LetterPlaceholders("Dear {{ }}", "p").error().reason, "PLACEHOLDER_INVALID");
  EXPECT_EQ(LetterPlaceholders("Dear {{Customer Name}}", "p").error().reason,
            "PLACEHOLDER_INVALID");
}

TEST(LetterTemplateTest, AValidTemplatePasses) {
  EXPECT_TRUE(ValidateLetterTemplate(Welcome(), "template[0]").ok());
}

TEST(LetterTemplateTest, AnUnknownFieldIsRefusedNamingWhereItIs) {
  LetterTemplate bad = Welcome();
  bad.paragraphs[1] = "Your {{acount.number}}.";
  Status status = ValidateLetterTemplate(bad, "template[3]");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().reason, "LETTER_FIELD_UNKNOWN");
  EXPECT_EQ(status.error().field, "template[3].paragraphs[1]");
  EXPECT_NE(status.error().message.find("acount.number"), std::string::npos);
}

TEST(LetterTemplateTest, BadCodesTitlesAndDuplicatesAreRefused) {
  LetterTemplate bad = Welcome();
  bad.code = "Welcome Deposit";
  EXPECT_EQ(ValidateLetterTemplate(bad, "t").error().field, "t.code");
  bad = Welcome();
  bad.title = " ";
  EXPECT_EQ(ValidateLetterTemplate(bad, "t").error().field, "t.title");
  bad = Welcome();
  bad.paragraphs.clear();
  EXPECT_EQ(ValidateLetterTemplate(bad, "t").error().field, "t.paragraphs");
  bad = Welcome();
  bad.paragraphs[0] = "Two\nlines";
  EXPECT_EQ(ValidateLetterTemplate(bad, "t").error().field, "t.paragraphs[0]");
  LetterTemplates twice;
  twice.templates = {Welcome(), Welcome()};
  Status status = ValidateLetterTemplates(twice);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().reason, "TEMPLATE_CODE_TAKEN");
  EXPECT_EQ(status.error().field, "template[1].code");
}

TEST(LetterTemplateTest, SenderFieldsAreThoseNotFromTheAccount) {
  const auto fields = SenderFields(Welcome());
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0]->name, "deposit.amount");
  EXPECT_EQ(fields[1]->name, "deposit.installments");
}

TEST(LetterTemplateTest, DatesAreInTheCityStyle) {
  EXPECT_EQ(LetterDate(std::chrono::year(2026) / 11 / 27), "November 27, 2026");
  EXPECT_EQ(LetterDate(std::chrono::year(2027) / 1 / 5), "January 5, 2027");
}

TEST(LetterTemplateTest, SenderValuesAreCheckedAndFormattedByKind) {
  const LetterFieldSpec& amount = *FindLetterField("deposit.amount");
  EXPECT_EQ(FormatSenderValue(amount, "100", "f").value(), "$100.00");
  EXPECT_EQ(FormatSenderValue(amount, "1250.5", "f").value(), "$1,250.50");
  EXPECT_EQ(FormatSenderValue(amount, "-5", "f").error().reason, "AMOUNT_NEGATIVE");
  EXPECT_FALSE(FormatSenderValue(amount, "12.345", "f").ok());
  EXPECT_FALSE(FormatSenderValue(amount, "ten", "f").ok());
  const LetterFieldSpec& date = *FindLetterField("exemption.expires_on");
  EXPECT_EQ(FormatSenderValue(date, "2027-01-31", "f").value(), "January 31, 2027");
  EXPECT_FALSE(FormatSenderValue(date, "01/31/2027", "f").ok());
  const LetterFieldSpec& count = *FindLetterField("deposit.installments");
  EXPECT_EQ(FormatSenderValue(count, "2", "f").value(), "2");
  EXPECT_EQ(FormatSenderValue(count, "0", "f").error().reason, "COUNT_INVALID");
  EXPECT_EQ(FormatSenderValue(count, "25", "f").error().reason, "COUNT_INVALID");
  EXPECT_EQ(FormatSenderValue(count, "2.5", "f").error().reason, "COUNT_INVALID");
  const LetterFieldSpec& hauler = *FindLetterField("exemption.hauler");
  EXPECT_EQ(FormatSenderValue(hauler, "  Sooner Waste  ", "f").value(), "Sooner Waste");
  EXPECT_EQ(FormatSenderValue(hauler, std::string(121, 'x'), "f").error().reason, "TEXT_TOO_LONG");
  EXPECT_EQ(FormatSenderValue(hauler, "a\nb", "f").error().reason, "TEXT_INVALID");
  EXPECT_EQ(FormatSenderValue(hauler, "{{balance}}", "f").error().reason, "TEXT_INVALID");
  EXPECT_EQ(FormatSenderValue(hauler, "  ", "f").error().reason, "FIELD_REQUIRED");
}

TEST(LetterTemplateTest, PrepareRefusesWhatTheTemplateDoesNotTake) {
  const LetterTemplate welcome = Welcome();
  auto missing = PrepareSenderFields(welcome, {{"deposit.amount", "100"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().reason, "LETTER_FIELD_MISSING");
  EXPECT_EQ(missing.error().field, "fields.deposit.installments");
  EXPECT_EQ(PrepareSenderFields(welcome, {{"deposit.amont", "1"}}).error().reason,
            "LETTER_FIELD_UNKNOWN");
  EXPECT_EQ(PrepareSenderFields(welcome, {{"balance", "1"}}).error().reason,
            "LETTER_FIELD_FROM_ACCOUNT");
  EXPECT_EQ(PrepareSenderFields(welcome, {{"refund.amount", "1"}}).error().reason,
            "LETTER_FIELD_NOT_USED");
  auto twice = PrepareSenderFields(
      welcome, {{"deposit.amount", "1"}, {"deposit.amount", "2"}, {"deposit.installments", "2"}});
  EXPECT_EQ(twice.error().reason, "LETTER_FIELD_DUPLICATE");
}

TEST(LetterTemplateTest, MergeFillsEveryPlaceholder) {
  const LetterTemplate welcome = Welcome();
  auto sender =
      PrepareSenderFields(welcome, {{"deposit.installments", "2"}, {"deposit.amount", "100"}});
  ASSERT_TRUE(sender.ok());
  LetterFields values = AccountValues();
  values.insert(values.end(), sender->begin(), sender->end());
  auto merged = MergeLetter(welcome, values);
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->subject, "Welcome, Maria Lopez");
  EXPECT_EQ(merged->paragraphs[0], "Your deposit of $100.00 is split over 2 bills.");
  EXPECT_EQ(merged->paragraphs[1], "Account 1000000014 at 1204 N Broadway Ave; balance $0.00.");
  EXPECT_EQ(merged->paragraphs[2], "Again: $100.00.");
  ASSERT_EQ(merged->fields.size(), 6u);
  EXPECT_EQ(merged->fields[0],
            (std::pair<std::string, std::string>{"customer.name", "Maria Lopez"}));
}

TEST(LetterTemplateTest, MergeRefusesAMissingValueNamingIt) {
  auto merged = MergeLetter(Welcome(), AccountValues());
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().reason, "LETTER_FIELD_MISSING");
  EXPECT_EQ(merged.error().field, "fields.deposit.amount");
}

}  // namespace
}  // namespace cistern
