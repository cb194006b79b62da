#include "domain/customer/eligibility.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

using std::chrono::year;

const Date kToday = year(2026) / 11 / 27;
const std::vector<std::string> kPrograms = {"low_income", "senior"};

EligibilityProof Senior() {
  EligibilityProof proof;
  proof.program = "senior";
  proof.birth_date = year(1955) / 6 / 1;
  proof.verified_on = kToday;
  proof.renews_on = year(2027) / 11 / 27;
  return proof;
}

std::string Reason(const EligibilityProof& proof) {
  const Status status = ValidateEligibilityProof(proof, kPrograms, kToday);
  return status.ok() ? "OK" : status.error().field + ":" + status.error().reason;
}

TEST(EligibilityTest, AcceptsASeniorWithABirthDate) { EXPECT_EQ(Reason(Senior()), "OK"); }

TEST(EligibilityTest, RefusesAnUnknownProgram) {
  EligibilityProof proof = Senior();
  proof.program = "veteran";
  EXPECT_EQ(Reason(proof), "program:PROGRAM_UNKNOWN");
}

TEST(EligibilityTest, SeniorNeedsABirthDateAtLeast65YearsBeforeVerification) {
  EligibilityProof proof = Senior();
  proof.birth_date.reset();
  EXPECT_EQ(Reason(proof), "birth_date:BIRTH_DATE_REQUIRED");
  proof.birth_date = year(1961) / 11 / 28;  // 65 tomorrow
  EXPECT_EQ(Reason(proof), "birth_date:BIRTH_DATE_TOO_YOUNG");
  proof.birth_date = year(1961) / 11 / 27;  // 65 today
  EXPECT_EQ(Reason(proof), "OK");
}

TEST(EligibilityTest, OtherProgramsNeedADocument) {
  EligibilityProof proof = Senior();
  proof.program = "low_income";
  proof.birth_date.reset();
  EXPECT_EQ(Reason(proof), "document:DOCUMENT_REQUIRED");
  proof.document = "SNAP letter 2026-114";
  EXPECT_EQ(Reason(proof), "OK");
}

TEST(EligibilityTest, RenewalDateRules) {
  EligibilityProof proof = Senior();
  proof.renews_on = kToday;
  EXPECT_EQ(Reason(proof), "renews_on:RENEWS_ON_NOT_AFTER_VERIFICATION");
  proof.renews_on = year(2029) / 11 / 27;
  EXPECT_EQ(Reason(proof), "OK");
  proof.renews_on = year(2029) / 11 / 28;
  EXPECT_EQ(Reason(proof), "renews_on:RENEWS_ON_TOO_LATE");
}

TEST(EligibilityTest, VerificationDateRules) {
  EligibilityProof proof = Senior();
  proof.verified_on = AddDays(kToday, 1);
  EXPECT_EQ(Reason(proof), "verified_on:VERIFIED_ON_IN_FUTURE");
  proof.verified_on = AddDays(kToday, -91);
  EXPECT_EQ(Reason(proof), "verified_on:VERIFIED_ON_TOO_OLD");
}

TEST(EligibilityTest, StatusFollowsTheDates) {
  Eligibility eligibility;
  eligibility.verified_on = year(2026) / 1 / 1;
  eligibility.renews_on = year(2026) / 12 / 31;
  eligibility.current_through = eligibility.renews_on;
  EXPECT_EQ(StatusOn(eligibility, kToday), EligibilityStatus::kCurrent);
  EXPECT_TRUE(IsCurrentOn(eligibility, year(2026) / 12 / 31));
  EXPECT_FALSE(IsCurrentOn(eligibility, year(2027) / 1 / 1));
  EXPECT_EQ(StatusOn(eligibility, year(2027) / 1 / 1), EligibilityStatus::kExpired);
  eligibility.ended_on = year(2026) / 11 / 1;
  eligibility.current_through = *eligibility.ended_on;
  EXPECT_EQ(StatusOn(eligibility, kToday), EligibilityStatus::kEnded);
  EXPECT_FALSE(IsCurrentOn(eligibility, kToday));
}

TEST(EligibilityTest, AgeCountsWholeYears) {
  EXPECT_EQ(AgeOn(year(1960) / 2 / 29, year(2025) / 2 / 28), 64);
  EXPECT_EQ(AgeOn(year(1960) / 2 / 29, year(2025) / 3 / 1), 65);
}

}  // namespace
}  // namespace cistern
