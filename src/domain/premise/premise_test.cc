#include "domain/premise/premise.h"

#include <gtest/gtest.h>

#include <string>

namespace cistern {
namespace {

Premise ValidPremise() {
  return {.address = {"1204 N Broadway Ave", "", "Moore", "OK", "73160"},
          .type = PremiseType::kSingleFamily,
          .unit_count = 1,
          .parcel_number = "R12-345-678",
          .route = "R07",
          .cycle = "2"};
}

void ExpectRefused(const Premise& premise, const std::string& field, const std::string& reason) {
  const Status status = ValidatePremise(premise, "premise");
  ASSERT_FALSE(status.ok()) << "expected " << reason << " on " << field;
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, field);
  EXPECT_EQ(status.error().reason, reason);
  EXPECT_FALSE(status.error().message.empty());
}

TEST(ValidatePremiseTest, AcceptsAValidPremise) {
  EXPECT_TRUE(ValidatePremise(ValidPremise(), "premise").ok());
}

TEST(ValidatePremiseTest, EveryTypeButMultiFamilyHasExactlyOneUnit) {
  for (const PremiseTypeInfo& info : AllPremiseTypes()) {
    if (info.type == PremiseType::kMultiFamily) continue;
    Premise premise = ValidPremise();
    premise.type = info.type;
    premise.unit_count = 1;
    EXPECT_TRUE(ValidatePremise(premise, "premise").ok()) << info.code;
    for (int unit_count : {0, -1, 2, 10}) {
      premise.unit_count = unit_count;
      ExpectRefused(premise, "premise.unit_count", "UNIT_COUNT_INVALID");
    }
  }
}

TEST(ValidatePremiseTest, MultiFamilyHasFrom2To2000Units) {
  Premise premise = ValidPremise();
  premise.type = PremiseType::kMultiFamily;
  for (int unit_count : {2, 24, 2000}) {
    premise.unit_count = unit_count;
    EXPECT_TRUE(ValidatePremise(premise, "premise").ok()) << unit_count;
  }
  for (int unit_count : {-5, 0, 1, 2001}) {
    premise.unit_count = unit_count;
    ExpectRefused(premise, "premise.unit_count", "UNIT_COUNT_INVALID");
  }
}

TEST(ValidatePremiseTest, RouteIsRequired) {
  Premise premise = ValidPremise();
  premise.route = "";
  ExpectRefused(premise, "premise.route", "FIELD_REQUIRED");
}

TEST(ValidatePremiseTest, CycleIsRequired) {
  Premise premise = ValidPremise();
  premise.cycle = "";
  ExpectRefused(premise, "premise.cycle", "FIELD_REQUIRED");
}

TEST(ValidatePremiseTest, RouteAndCycleCodesHaveAtMost16Characters) {
  Premise premise = ValidPremise();
  premise.route = std::string(16, 'R');
  premise.cycle = std::string(16, '9');
  EXPECT_TRUE(ValidatePremise(premise, "premise").ok());
  premise.route = std::string(17, 'R');
  const Status route = ValidatePremise(premise, "premise");
  ASSERT_FALSE(route.ok());
  EXPECT_EQ(route.error().field, "premise.route");
  premise.route = "R07";
  premise.cycle = std::string(17, '9');
  const Status cycle = ValidatePremise(premise, "premise");
  ASSERT_FALSE(cycle.ok());
  EXPECT_EQ(cycle.error().field, "premise.cycle");
}

TEST(ValidatePremiseTest, ParcelNumberIsOptionalWithAtMost40Characters) {
  Premise premise = ValidPremise();
  premise.parcel_number = "";
  EXPECT_TRUE(ValidatePremise(premise, "premise").ok());
  premise.parcel_number = std::string(40, '1');
  EXPECT_TRUE(ValidatePremise(premise, "premise").ok());
  premise.parcel_number = std::string(41, '1');
  ExpectRefused(premise, "premise.parcel_number", "FIELD_TOO_LONG");
}

TEST(ValidatePremiseTest, ChecksTheAddressUnderThePremisePath) {
  Premise premise = ValidPremise();
  premise.address.line1 = "";
  ExpectRefused(premise, "premise.address.line1", "FIELD_REQUIRED");
  premise = ValidPremise();
  premise.address.state = "XX";
  ExpectRefused(premise, "premise.address.state", "STATE_INVALID");
}

TEST(NormalizePremiseTest, TrimsCodesAndNormalizesTheAddress) {
  Premise premise = ValidPremise();
  premise.address = {" 1 Main St ", " ", " Moore", "ok ", "73160 "};
  premise.parcel_number = " R12 ";
  premise.route = " R07 ";
  premise.cycle = "\t2\n";
  const Premise normalized = NormalizePremise(premise);
  EXPECT_EQ(normalized.address, (Address{"1 Main St", "", "Moore", "OK", "73160"}));
  EXPECT_EQ(normalized.parcel_number, "R12");
  EXPECT_EQ(normalized.route, "R07");
  EXPECT_EQ(normalized.cycle, "2");
}

TEST(NormalizePremiseTest, AWhitespaceOnlyRouteIsThenRefusedAsMissing) {
  Premise premise = ValidPremise();
  premise.route = "   ";
  ExpectRefused(NormalizePremise(premise), "premise.route", "FIELD_REQUIRED");
}

TEST(PremiseTypeTest, CodesRoundTripAndUnknownCodesAreRefused) {
  EXPECT_EQ(AllPremiseTypes().size(), 6u);
  for (const PremiseTypeInfo& info : AllPremiseTypes()) {
    EXPECT_STREQ(PremiseTypeCode(info.type), info.code);
    EXPECT_EQ(ParsePremiseType(info.code), info.type);
  }
  EXPECT_STREQ(PremiseTypeCode(PremiseType::kMultiFamily), "multi_family");
  EXPECT_EQ(ParsePremiseType("Single_Family"), std::nullopt);
  EXPECT_EQ(ParsePremiseType("residential"), std::nullopt);
  EXPECT_EQ(ParsePremiseType(""), std::nullopt);
}

}  // namespace
}  // namespace cistern
