#include "domain/rates/rate_audit.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Date D(const char* text) { return *ParseDate(text, "date"); }

WinterAverageRule MooreRule() {
  WinterAverageRule rule;
  rule.months = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  rule.lowest = 4;
  rule.drop_lowest = 1;
  rule.recompute_month = 4;
  rule.default_cap_gallons = Quantity::FromInteger(6000);
  return rule;
}

RateClass Flat(const char* code, const char* name) {
  RateClass rate_class;
  rate_class.code = code;
  rate_class.name = name;
  rate_class.flat.push_back(
      {"fee", "Fee", FlatBasis::kAccount, {UnitPrice::FromMicros(1'000'000)}});
  return rate_class;
}

// A small version shaped like Moore's: residential and commercial water (inside the city), an
// outside-city water class, a senior water class, and residential sewer with the winter cap.
RateVersion Version() {
  RateVersion version;
  version.effective = D("2024-07-01");
  version.name = "Test rates";
  version.ordinance = "Ordinance 24-01";
  RateService water;
  water.code = "water";
  water.name = "Water";
  water.fund = "water";
  RateClass residential = Flat("residential", "Residential water");
  residential.premise_types = {"single_family"};
  residential.customer_kinds = {"person"};
  residential.location = RateLocation::kInside;
  water.classes.push_back(residential);
  RateClass commercial = Flat("commercial", "Commercial water");
  commercial.premise_types = {"commercial", "industrial", "institutional"};
  commercial.customer_kinds = {"business"};
  commercial.location = RateLocation::kInside;
  water.classes.push_back(commercial);
  RateClass outside = Flat("outside_city", "Water outside city limits");
  outside.location = RateLocation::kOutside;
  water.classes.push_back(outside);
  RateClass senior = Flat("senior", "Senior water");
  senior.premise_types = {"single_family"};
  senior.program = "senior";
  water.classes.push_back(senior);
  version.services.push_back(water);
  RateService sewer;
  sewer.code = "sewer";
  sewer.name = "Sewer";
  sewer.fund = "sewer";
  RateClass capped = Flat("residential", "Residential sewer");
  capped.winter_average = MooreRule();
  sewer.classes.push_back(capped);
  version.services.push_back(sewer);
  version.label = "2024-07-01 Ordinance 24-01";
  return version;
}

// A person at an inside-city single-family home on residential water since 2020.
ServiceRateFacts Home() {
  ServiceRateFacts facts;
  facts.service = "water";
  facts.rate_class = "residential";
  facts.starts_on = D("2020-03-15");
  facts.premise_type = PremiseType::kSingleFamily;
  facts.city_limits = CityLimits::kInside;
  facts.customer_kind = CustomerKind::kPerson;
  return facts;
}

std::vector<std::string> Kinds(const std::vector<RateAuditFinding>& findings) {
  std::vector<std::string> kinds;
  for (const RateAuditFinding& finding : findings) kinds.push_back(RateAuditKindCode(finding.kind));
  return kinds;
}

const Date kAsOf = D("2026-11-27");

TEST(RateAudit, AFittingServiceHasNoFindings) {
  const RateVersion version = Version();
  EXPECT_TRUE(AuditServiceRate(&version, Home(), kAsOf).empty());
  ServiceRateFacts shop = Home();
  shop.rate_class = "commercial";
  shop.premise_type = PremiseType::kIndustrial;
  shop.customer_kind = CustomerKind::kBusiness;
  EXPECT_TRUE(AuditServiceRate(&version, shop, kAsOf).empty());
  ServiceRateFacts farm = Home();
  farm.rate_class = "outside_city";
  farm.city_limits = CityLimits::kOutside;
  EXPECT_TRUE(AuditServiceRate(&version, farm, kAsOf).empty());
}

TEST(RateAudit, ClassUnknownWhenNoRatesOrNoSuchServiceOrClass) {
  const RateVersion version = Version();
  auto none = AuditServiceRate(nullptr, Home(), kAsOf);
  ASSERT_EQ(Kinds(none), std::vector<std::string>{"class_unknown"});
  EXPECT_NE(none[0].detail.find("No rates are in effect on 2026-11-27"), std::string::npos);
  ServiceRateFacts gas = Home();
  gas.service = "gas";
  auto no_service = AuditServiceRate(&version, gas, kAsOf);
  ASSERT_EQ(Kinds(no_service), std::vector<std::string>{"class_unknown"});
  EXPECT_NE(no_service[0].detail.find("no service \"gas\""), std::string::npos);
  ServiceRateFacts farm = Home();
  farm.rate_class = "farm";
  auto no_class = AuditServiceRate(&version, farm, kAsOf);
  ASSERT_EQ(Kinds(no_class), std::vector<std::string>{"class_unknown"});
  EXPECT_NE(no_class[0].detail.find("Water in the rates in effect (2024-07-01 Ordinance 24-01)"
                                    " has no rate class \"farm\""),
            std::string::npos);
}

TEST(RateAudit, CommercialClassOnASingleFamilyPremise) {
  const RateVersion version = Version();
  ServiceRateFacts facts = Home();
  facts.rate_class = "commercial";
  facts.customer_kind = CustomerKind::kBusiness;  // a landlord's company: the kind fits
  auto findings = AuditServiceRate(&version, facts, kAsOf);
  ASSERT_EQ(Kinds(findings), std::vector<std::string>{"premise_type_mismatch"});
  EXPECT_EQ(findings[0].detail,
            "Commercial water (water.commercial) is for commercial, industrial or institutional"
            " premises; this premise is single-family.");
}

TEST(RateAudit, ResidentialClassForABusinessAndCommercialForAPerson) {
  const RateVersion version = Version();
  ServiceRateFacts business = Home();
  business.customer_kind = CustomerKind::kBusiness;
  auto findings = AuditServiceRate(&version, business, kAsOf);
  ASSERT_EQ(Kinds(findings), std::vector<std::string>{"customer_kind_mismatch"});
  EXPECT_EQ(findings[0].detail,
            "Residential water (water.residential) is for persons; the customer is a business.");
  ServiceRateFacts person = Home();
  person.rate_class = "commercial";
  person.premise_type = PremiseType::kCommercial;
  EXPECT_EQ(Kinds(AuditServiceRate(&version, person, kAsOf)),
            std::vector<std::string>{"customer_kind_mismatch"});
}

TEST(RateAudit, InsideCityRateOutsideCityLimitsAndTheReverse) {
  const RateVersion version = Version();
  ServiceRateFacts outside = Home();
  outside.city_limits = CityLimits::kOutside;
  auto findings = AuditServiceRate(&version, outside, kAsOf);
  ASSERT_EQ(Kinds(findings), std::vector<std::string>{"location_mismatch"});
  EXPECT_EQ(findings[0].detail,
            "Residential water (water.residential) is an inside-city rate; the premise is outside"
            " city limits.");
  ServiceRateFacts inside = Home();
  inside.rate_class = "outside_city";
  EXPECT_EQ(Kinds(AuditServiceRate(&version, inside, kAsOf)),
            std::vector<std::string>{"location_mismatch"});
}

TEST(RateAudit, ProgramClassNeedsACurrentEligibility) {
  const RateVersion version = Version();
  ServiceRateFacts facts = Home();
  facts.rate_class = "senior";
  auto findings = AuditServiceRate(&version, facts, kAsOf);
  ASSERT_EQ(Kinds(findings), std::vector<std::string>{"program_not_current"});
  EXPECT_EQ(findings[0].detail,
            "Senior water (water.senior) requires a current \"senior\" eligibility; the customer"
            " has none on 2026-11-27.");
  facts.programs = {"low_income"};
  EXPECT_EQ(Kinds(AuditServiceRate(&version, facts, kAsOf)),
            std::vector<std::string>{"program_not_current"});
  facts.programs = {"low_income", "senior"};
  EXPECT_TRUE(AuditServiceRate(&version, facts, kAsOf).empty());
}

TEST(RateAudit, WinterAverageMissingOnlyWhereOneIsDue) {
  const RateVersion version = Version();
  ServiceRateFacts facts = Home();
  facts.service = "sewer";
  facts.rate_class = "residential";
  auto findings = AuditServiceRate(&version, facts, kAsOf);
  ASSERT_EQ(Kinds(findings), std::vector<std::string>{"winter_average_missing"});
  EXPECT_EQ(findings[0].detail,
            "Residential sewer (sewer.residential) caps usage at the winter average; none was"
            " computed at the last recompute although the service has been on since 2020-03-15,"
            " so it is billed on the 6,000 gal default cap.");
  facts.has_winter_average = true;
  EXPECT_TRUE(AuditServiceRate(&version, facts, kAsOf).empty());
  // A new account is on the default cap by design.
  facts.has_winter_average = false;
  facts.starts_on = D("2026-06-01");
  EXPECT_TRUE(AuditServiceRate(&version, facts, kAsOf).empty());
}

TEST(RateAudit, WinterAverageIsDueAfterTheRecomputeWithEnoughMonths) {
  const WinterAverageRule rule = MooreRule();
  // April 2026's recompute reads April 2025 - March 2026 and needs 4 billed months.
  // November 2025 start: December to March are 4 whole months.
  EXPECT_TRUE(WinterAverageExpected(rule, D("2025-11-15"), D("2026-06-01")));
  EXPECT_TRUE(WinterAverageExpected(rule, D("2025-12-01"), D("2026-06-01")));
  // December 15: only January to March.
  EXPECT_FALSE(WinterAverageExpected(rule, D("2025-12-15"), D("2026-06-01")));
  // April's bills go out in May: not due before June 1.
  EXPECT_FALSE(WinterAverageExpected(rule, D("2025-11-15"), D("2026-05-31")));
  // Before June 2026 the due recompute is April 2025's (April 2024 - March 2025).
  EXPECT_TRUE(WinterAverageExpected(rule, D("2024-06-10"), D("2026-05-31")));
  EXPECT_FALSE(WinterAverageExpected(rule, D("2025-01-10"), D("2026-05-31")));
  // A rule that averages December to February needs all three of them.
  WinterAverageRule winter = MooreRule();
  winter.months = {12, 1, 2};
  winter.lowest = 0;
  winter.drop_lowest = 0;
  EXPECT_TRUE(WinterAverageExpected(winter, D("2025-11-30"), D("2026-07-01")));
  EXPECT_FALSE(WinterAverageExpected(winter, D("2025-12-02"), D("2026-07-01")));
  // A recompute in December is done from February of the next year.
  winter.recompute_month = 12;
  EXPECT_FALSE(WinterAverageExpected(winter, D("2019-11-01"), D("2021-01-31")));
  EXPECT_TRUE(WinterAverageExpected(winter, D("2019-11-01"), D("2021-02-01")));
}

TEST(RateAudit, SeveralFindingsComeInKindOrder) {
  const RateVersion version = Version();
  ServiceRateFacts facts = Home();
  facts.rate_class = "commercial";
  facts.city_limits = CityLimits::kOutside;
  EXPECT_EQ(Kinds(AuditServiceRate(&version, facts, kAsOf)),
            (std::vector<std::string>{"premise_type_mismatch", "customer_kind_mismatch",
                                      "location_mismatch"}));
}

TEST(RateAudit, KindCodesRoundTrip) {
  ASSERT_EQ(AllRateAuditKinds().size(), 6u);
  for (RateAuditKind kind : AllRateAuditKinds()) {
    EXPECT_EQ(ParseRateAuditKind(RateAuditKindCode(kind)), kind);
  }
  EXPECT_FALSE(ParseRateAuditKind("misfit").has_value());
}

}  // namespace
}  // namespace cistern
