#include "documents/letter.h"

#include <gtest/gtest.h>

#include <string>

namespace cistern {
namespace {

LetterDocument SampleLetter() {
  LetterDocument letter;
  letter.organization = "City of Moore";
  letter.office_line = "Utility Billing · 301 N Broadway · Moore, OK 73160 · (405) 793-5000";
  letter.reference = "Letter L-7";
  letter.date = "November 27, 2026";
  letter.addressee = "Maria Lopez";
  letter.mailing_address = {"1204 N Broadway Ave", "Moore, OK 73160"};
  letter.account_number = "1000000014";
  letter.service_address = "1204 N Broadway Ave";
  letter.subject = "Welcome to City of Moore utility service";
  letter.paragraphs = {"Dear Maria Lopez:",
                       "Welcome to City of Moore utility service. Your deposit is $100.00."};
  letter.closing = "Sincerely,";
  letter.signature = {"Utility Billing", "City of Moore"};
  return letter;
}

int PageCount(const std::string& pdf) {
  int count = 0;
  for (std::size_t at = pdf.find("/Type /Page"); at != std::string::npos;
       at = pdf.find("/Type /Page", at + 1)) {
    if (pdf.compare(at, 12, "/Type /Pages") != 0) ++count;
  }
  return count;
}

TEST(LetterPdfTest, RendersOnePageThatIsAPdf) {
  auto pdf = RenderLetterPdf(SampleLetter());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_EQ(PageCount(*pdf), 1);
}

TEST(LetterPdfTest, TheSameLetterGivesTheSameBytes) {
  auto first = RenderLetterPdf(SampleLetter());
  auto second = RenderLetterPdf(SampleLetter());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  LetterDocument changed = SampleLetter();
  changed.paragraphs[1] += " Thank you.";
  EXPECT_NE(*RenderLetterPdf(changed), *first);
}

TEST(LetterPdfTest, ALongLetterContinuesOnMorePages) {
  LetterDocument letter = SampleLetter();
  std::string paragraph;
  for (int word = 0; word < 160; ++word) paragraph += "Water is precious. ";
  letter.paragraphs = {paragraph, paragraph, paragraph, paragraph};
  auto pdf = RenderLetterPdf(letter);
  ASSERT_TRUE(pdf.ok());
  EXPECT_GE(PageCount(*pdf), 2);
}

TEST(LetterPdfTest, OddTextStillRenders) {
  LetterDocument letter = SampleLetter();
  letter.addressee =
      "Łódź Ünïcode \x01 name that is far too long to fit the envelope window at all";
  letter.mailing_address = {"1", "2", "3", "4", "5", "6"};
  letter.paragraphs = {};
  letter.signature = {};
  EXPECT_TRUE(RenderLetterPdf(letter).ok());
}

}  // namespace
}  // namespace cistern
