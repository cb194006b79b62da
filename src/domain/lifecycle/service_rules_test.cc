#include "domain/lifecycle/service_rules.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

RateClassRule Rule(std::string name, std::string service, std::vector<std::string> premise_types,
                   std::string rate_class, UnitsFrom units = UnitsFrom::kOne) {
  RateClassRule rule;
  rule.name = std::move(name);
  rule.service = std::move(service);
  rule.premise_types = std::move(premise_types);
  rule.rate_class = std::move(rate_class);
  rule.units = units;
  return rule;
}

// A small city: houses get water, sewer and sanitation; apartments water and sewer by the unit;
// sprinkler meters water only. Businesses' houses pay commercial sanitation.
ServiceRules City() {
  ServiceRules rules;
  rules.offers = {{"single_family", {"water", "sewer", "sanitation"}},
                  {"multi_family", {"water", "sewer"}},
                  {"irrigation", {"water"}}};
  RateClassRule outside = Rule("Water outside city limits", "water", {}, "outside_city");
  outside.city_limits = CityLimits::kOutside;
  rules.rate_rules.push_back(outside);  // 1
  rules.rate_rules.push_back(Rule("Residential water", "water", {"single_family"}, "residential"));
  rules.rate_rules.push_back(Rule("Multi-family water", "water", {"multi_family"}, "multi_family",
                                  UnitsFrom::kPremiseUnits));  // 3
  rules.rate_rules.push_back(Rule("Sprinkler water", "water", {"irrigation"}, "sprinkler"));
  rules.rate_rules.push_back(Rule("Any sewer", "sewer", {}, "residential"));  // 5
  RateClassRule business = Rule("Business sanitation", "sanitation", {}, "commercial");
  business.customer_kinds = {"business"};
  rules.rate_rules.push_back(business);  // 6
  rules.rate_rules.push_back(Rule("Residential sanitation", "sanitation", {}, "residential"));
  return rules;
}

StartFacts Facts(PremiseType type, CityLimits limits = CityLimits::kInside,
                 CustomerKind kind = CustomerKind::kPerson, int units = 1) {
  StartFacts facts;
  facts.premise_type = type;
  facts.city_limits = limits;
  facts.customer_kind = kind;
  facts.premise_units = units;
  return facts;
}

TEST(ServiceRulesTest, CodesRoundTrip) {
  for (auto policy :
       {UnpaidFinalPolicy::kRefuse, UnpaidFinalPolicy::kTransfer, UnpaidFinalPolicy::kAllow}) {
    EXPECT_EQ(ParseUnpaidFinalPolicy(UnpaidFinalPolicyCode(policy)), policy);
  }
  for (auto policy : {OldBalancePolicy::kCarry, OldBalancePolicy::kLeave}) {
    EXPECT_EQ(ParseOldBalancePolicy(OldBalancePolicyCode(policy)), policy);
  }
  for (auto from : {UnitsFrom::kOne, UnitsFrom::kPremiseUnits}) {
    EXPECT_EQ(ParseUnitsFrom(UnitsFromCode(from)), from);
  }
  EXPECT_EQ(UnpaidFinalPolicyCode(UnpaidFinalPolicy::kTransfer), std::string("transfer"));
  EXPECT_EQ(UnitsFromCode(UnitsFrom::kPremiseUnits), std::string("premise_units"));
  EXPECT_FALSE(ParseUnpaidFinalPolicy("Refuse"));
  EXPECT_FALSE(ParseOldBalancePolicy(""));
  EXPECT_FALSE(ParseUnitsFrom("two"));
}

TEST(ServiceRulesTest, OfferForFindsThePremiseType) {
  const ServiceRules rules = City();
  ASSERT_NE(rules.OfferFor("multi_family"), nullptr);
  EXPECT_EQ(rules.OfferFor("multi_family")->services.size(), 2u);
  EXPECT_EQ(rules.OfferFor("commercial"), nullptr);
}

TEST(ServiceRulesTest, ChoosesEveryOfferedServiceInOfferOrder) {
  auto chosen = ChooseServices(City(), Facts(PremiseType::kSingleFamily), {});
  ASSERT_TRUE(chosen.ok()) << chosen.error().message;
  ASSERT_EQ(chosen->size(), 3u);
  EXPECT_EQ((*chosen)[0].service, "water");
  EXPECT_EQ((*chosen)[0].rate_class, "residential");
  EXPECT_EQ((*chosen)[0].rule, "Residential water");
  EXPECT_EQ((*chosen)[0].rule_number, 2);
  EXPECT_EQ((*chosen)[0].units, 1);
  EXPECT_EQ((*chosen)[1].service, "sewer");
  EXPECT_EQ((*chosen)[1].rule_number, 5);
  EXPECT_EQ((*chosen)[2].service, "sanitation");
  EXPECT_EQ((*chosen)[2].rate_class, "residential");
  EXPECT_EQ((*chosen)[2].rule_number, 7);
}

TEST(ServiceRulesTest, TheFirstMatchingRuleWins) {
  ServiceRules rules = City();
  // A later, narrower rule does not beat an earlier, broader one.
  rules.rate_rules.push_back(Rule("Late sewer", "sewer", {"single_family"}, "commercial"));
  auto chosen = ChooseServices(rules, Facts(PremiseType::kSingleFamily), {"sewer"});
  ASSERT_TRUE(chosen.ok());
  ASSERT_EQ(chosen->size(), 1u);
  EXPECT_EQ((*chosen)[0].rate_class, "residential");
  EXPECT_EQ((*chosen)[0].rule, "Any sewer");
  // Moved first, it wins.
  rules.rate_rules.insert(rules.rate_rules.begin(), rules.rate_rules.back());
  chosen = ChooseServices(rules, Facts(PremiseType::kSingleFamily), {"sewer"});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ((*chosen)[0].rate_class, "commercial");
  EXPECT_EQ((*chosen)[0].rule_number, 1);
}

TEST(ServiceRulesTest, OutsideCityLimitsTakesTheOutsideRule) {
  auto house =
      ChooseServices(City(), Facts(PremiseType::kSingleFamily, CityLimits::kOutside), {"water"});
  ASSERT_TRUE(house.ok());
  EXPECT_EQ((*house)[0].rate_class, "outside_city");
  EXPECT_EQ((*house)[0].rule, "Water outside city limits");
  EXPECT_EQ((*house)[0].rule_number, 1);
  auto sprinkler =
      ChooseServices(City(), Facts(PremiseType::kIrrigation, CityLimits::kOutside), {});
  ASSERT_TRUE(sprinkler.ok());
  EXPECT_EQ((*sprinkler)[0].rate_class, "outside_city");
  auto inside = ChooseServices(City(), Facts(PremiseType::kIrrigation, CityLimits::kInside), {});
  ASSERT_TRUE(inside.ok());
  EXPECT_EQ((*inside)[0].rate_class, "sprinkler");
  // A rule for inside only does not match outside.
  ServiceRules rules = City();
  rules.rate_rules[0].city_limits = CityLimits::kInside;
  auto outside =
      ChooseServices(rules, Facts(PremiseType::kSingleFamily, CityLimits::kOutside), {"water"});
  ASSERT_TRUE(outside.ok());
  EXPECT_EQ((*outside)[0].rule, "Residential water");
}

TEST(ServiceRulesTest, CustomerKindSelectsTheRule) {
  auto business = ChooseServices(
      City(), Facts(PremiseType::kSingleFamily, CityLimits::kInside, CustomerKind::kBusiness),
      {"sanitation"});
  ASSERT_TRUE(business.ok());
  EXPECT_EQ((*business)[0].rate_class, "commercial");
  EXPECT_EQ((*business)[0].rule, "Business sanitation");
  auto person = ChooseServices(
      City(), Facts(PremiseType::kSingleFamily, CityLimits::kInside, CustomerKind::kPerson),
      {"sanitation"});
  ASSERT_TRUE(person.ok());
  EXPECT_EQ((*person)[0].rate_class, "residential");
}

TEST(ServiceRulesTest, PremiseUnitsComeFromThePremiseWhenTheRuleSaysSo) {
  auto chosen = ChooseServices(
      City(), Facts(PremiseType::kMultiFamily, CityLimits::kInside, CustomerKind::kPerson, 12), {});
  ASSERT_TRUE(chosen.ok());
  ASSERT_EQ(chosen->size(), 2u);
  EXPECT_EQ((*chosen)[0].rate_class, "multi_family");
  EXPECT_EQ((*chosen)[0].units, 12);
  EXPECT_EQ((*chosen)[1].units, 1);  // "Any sewer" counts one
  // A premise without a unit count still gets one unit.
  auto none = ChooseServices(
      City(), Facts(PremiseType::kMultiFamily, CityLimits::kInside, CustomerKind::kPerson, 0),
      {"water"});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)[0].units, 1);
}

TEST(ServiceRulesTest, WantedServicesAreASubsetInOfferOrder) {
  auto chosen = ChooseServices(City(), Facts(PremiseType::kSingleFamily), {"sanitation", "water"});
  ASSERT_TRUE(chosen.ok());
  ASSERT_EQ(chosen->size(), 2u);
  EXPECT_EQ((*chosen)[0].service, "water");
  EXPECT_EQ((*chosen)[1].service, "sanitation");
}

TEST(ServiceRulesTest, RefusesWhatCannotStart) {
  auto commercial = ChooseServices(City(), Facts(PremiseType::kCommercial), {});
  ASSERT_FALSE(commercial.ok());
  EXPECT_EQ(commercial.error().reason, "PREMISE_TYPE_NOT_OFFERED");
  EXPECT_EQ(commercial.error().field, "premise_id");
  EXPECT_EQ(commercial.error().code, ErrorCode::kInvalidArgument);

  auto sanitation = ChooseServices(City(), Facts(PremiseType::kIrrigation), {"sanitation"});
  ASSERT_FALSE(sanitation.ok());
  EXPECT_EQ(sanitation.error().reason, "SERVICE_NOT_OFFERED");
  EXPECT_EQ(sanitation.error().field, "services");
  EXPECT_NE(sanitation.error().message.find("sanitation"), std::string::npos);

  auto unknown = ChooseServices(City(), Facts(PremiseType::kSingleFamily), {"water", "gas"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().reason, "SERVICE_NOT_OFFERED");

  ServiceRules rules = City();
  rules.rate_rules[1].customer_kinds = {"person"};  // residential water for people only
  auto no_rule = ChooseServices(
      rules, Facts(PremiseType::kSingleFamily, CityLimits::kInside, CustomerKind::kBusiness), {});
  ASSERT_FALSE(no_rule.ok());
  EXPECT_EQ(no_rule.error().reason, "NO_RATE_RULE");
  EXPECT_EQ(no_rule.error().field, "services");
  EXPECT_NE(no_rule.error().message.find("water"), std::string::npos);
}

TEST(ServiceRulesTest, ValidRulesPass) {
  Status valid = ValidateServiceRules(City());
  EXPECT_TRUE(valid.ok()) << valid.error().message;
}

// The field a change to the valid rules is refused on, or "" when it passes.
template <typename Change>
std::string RefusedField(Change change) {
  ServiceRules rules = City();
  change(rules);
  Status status = ValidateServiceRules(rules);
  if (status.ok()) return "";
  EXPECT_EQ(status.error().reason, "SERVICE_RULE_INVALID");
  EXPECT_FALSE(status.error().message.empty());
  return status.error().field;
}

TEST(ServiceRulesTest, ValidationRefusesBrokenRules) {
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.offers.clear(); }), "offer");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.offers[1].premise_type = "apartment"; }),
            "offer[2].premise_type");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.offers.push_back(r.offers[0]); }),
            "offer[4].premise_type");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.offers[2].services.clear(); }),
            "offer[3].services");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.offers[0].services.push_back("water"); }),
            "offer[1].services");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.offers[0].services.push_back(""); }),
            "offer[1].services");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.rate_rules[2].name.clear(); }),
            "rate_rule[3].name");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.rate_rules[2].rate_class.clear(); }),
            "rate_rule[3].rate_class");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.rate_rules[4].service = "sewr"; }),
            "rate_rule[5].service");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.rate_rules[1].premise_types = {"house"}; }),
            "rate_rule[2].premise_types");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.rate_rules[5].customer_kinds = {"company"}; }),
            "rate_rule[6].customer_kinds");
  // Irrigation offers water, and only the outside rule is left for it: an outside rule still
  // counts as one that can match.
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.rate_rules.erase(r.rate_rules.begin() + 3); }),
            "");
  // With the outside rule gone too, nothing gives irrigation water a class.
  EXPECT_EQ(RefusedField([](ServiceRules& r) {
              r.rate_rules.erase(r.rate_rules.begin() + 3);
              r.rate_rules.erase(r.rate_rules.begin());
            }),
            "offer[3].services");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.start_days_ahead_max = -1; }),
            "start_days_ahead_max");
  EXPECT_EQ(RefusedField([](ServiceRules& r) { r.days_back_max = 367; }), "days_back_max");
  EXPECT_EQ(RefusedField([](ServiceRules& r) {
              r.start_days_ahead_max = 0;
              r.days_back_max = 366;
            }),
            "");
}

}  // namespace
}  // namespace cistern
