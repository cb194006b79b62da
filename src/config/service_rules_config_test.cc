#include "config/service_rules_config.h"

#include <gtest/gtest.h>

#include <string>

#include "config/finance_config.h"
#include "config/testing/config_file_test.h"

namespace cistern {
namespace {

class ServiceRulesConfigTest : public test::ConfigFileTest {
 protected:
  ServiceRulesConfigTest()
      : ConfigFileTest(DefaultServiceRulesConfigPath(), "service_rules.toml") {}

  Result<ServiceRules> LoadText(const std::string& text, const FinanceSettings* finance = nullptr) {
    return LoadServiceRulesConfig(Write(text), finance);
  }

  // The key a refused variant names (the test fails when it loads).
  std::string RefusedKey(const std::string& text) {
    auto rules = LoadText(text);
    EXPECT_FALSE(rules.ok());
    if (rules.ok()) return "";
    EXPECT_EQ(rules.error().reason, "CONFIG_INVALID");
    return rules.error().field;
  }
};

std::vector<std::string> Classes(const std::vector<ChosenService>& chosen) {
  std::vector<std::string> classes;
  for (const ChosenService& service : chosen) {
    classes.push_back(service.service + ":" + service.rate_class + ":" +
                      std::to_string(service.units));
  }
  return classes;
}

TEST_F(ServiceRulesConfigTest, ShippedFileHoldsTheDemoCitysRules) {
  auto finance = LoadFinanceConfig(DefaultFinanceConfigPath());
  ASSERT_TRUE(finance.ok()) << finance.error().message;
  auto rules = LoadServiceRulesConfig(DefaultServiceRulesConfigPath(), &*finance);
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  EXPECT_EQ(rules->new_service_fee, "new_service");
  EXPECT_EQ(rules->transfer_fee, "transfer");
  EXPECT_EQ(rules->unpaid_final_balance, UnpaidFinalPolicy::kTransfer);
  EXPECT_EQ(rules->transfer_old_balance, OldBalancePolicy::kCarry);
  EXPECT_EQ(rules->start_days_ahead_max, 60);
  EXPECT_EQ(rules->days_back_max, 31);
  EXPECT_EQ(rules->offers.size(), AllPremiseTypes().size());  // every premise type is offered

  // The classes the demo city assigns (app/demo/demo_metering.cc).
  StartFacts house;
  auto chosen = ChooseServices(*rules, house, {});
  ASSERT_TRUE(chosen.ok()) << chosen.error().message;
  EXPECT_EQ(Classes(*chosen),
            (std::vector<std::string>{"water:residential:1", "sewer:residential:1",
                                      "sanitation:residential:1", "stormwater:residential:1"}));
  house.city_limits = CityLimits::kOutside;
  chosen = ChooseServices(*rules, house, {"water"});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(Classes(*chosen), (std::vector<std::string>{"water:outside_city:1"}));

  StartFacts apartments;
  apartments.premise_type = PremiseType::kMultiFamily;
  apartments.premise_units = 6;
  chosen = ChooseServices(*rules, apartments, {});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(Classes(*chosen),
            (std::vector<std::string>{"water:multi_family:6", "sewer:multi_family:6",
                                      "sanitation:residential:1", "stormwater:residential:6"}));
  apartments.city_limits = CityLimits::kOutside;
  chosen = ChooseServices(*rules, apartments, {"water"});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(Classes(*chosen), (std::vector<std::string>{"water:outside_city:6"}));

  for (PremiseType type :
       {PremiseType::kCommercial, PremiseType::kIndustrial, PremiseType::kInstitutional}) {
    StartFacts business;
    business.premise_type = type;
    business.customer_kind = CustomerKind::kBusiness;
    chosen = ChooseServices(*rules, business, {});
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ(Classes(*chosen),
              (std::vector<std::string>{"water:commercial:1", "sewer:commercial:1",
                                        "sanitation:commercial:1", "stormwater:commercial:1"}));
    business.city_limits = CityLimits::kOutside;
    chosen = ChooseServices(*rules, business, {"water"});
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ((*chosen)[0].rate_class, "outside_city");
  }

  StartFacts sprinkler;
  sprinkler.premise_type = PremiseType::kIrrigation;
  chosen = ChooseServices(*rules, sprinkler, {});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(Classes(*chosen),
            (std::vector<std::string>{"water:sprinkler:1", "stormwater:commercial:1"}));
  EXPECT_EQ((*chosen)[0].rule, "Sprinkler water");
  sprinkler.city_limits = CityLimits::kOutside;
  chosen = ChooseServices(*rules, sprinkler, {"water"});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ((*chosen)[0].rate_class, "outside_city");
}

TEST_F(ServiceRulesConfigTest, ReadsOptionalConditions) {
  auto rules = LoadText(Edited("name = \"Single-family water\"\nservice = \"water\"\n",
                               "name = \"Single-family water\"\nservice = \"water\"\n"
                               "city_limits = \"inside\"\ncustomer_kinds = [\"person\"]\n"));
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  const RateClassRule& rule = rules->rate_rules[2];
  EXPECT_EQ(rule.name, "Single-family water");
  EXPECT_EQ(rule.city_limits, CityLimits::kInside);
  EXPECT_EQ(rule.customer_kinds, std::vector<std::string>{"person"});
  EXPECT_EQ(rules->rate_rules[1].premise_types.size(), 0u);  // "any"
  EXPECT_EQ(rules->rate_rules[0].units, UnitsFrom::kPremiseUnits);
  EXPECT_EQ(rules->rate_rules[1].units, UnitsFrom::kOne);
}

TEST_F(ServiceRulesConfigTest, RefusesUnknownKeysAndBadValues) {
  EXPECT_EQ(RefusedKey(Edited("days_back_max = 31", "days_back_maximum = 31")),
            "days_back_maximum");
  EXPECT_EQ(RefusedKey(Edited("days_back_max = 31", "days_back_max = 400")), "days_back_max");
  EXPECT_EQ(RefusedKey(Edited("start_days_ahead_max = 60", "start_days_ahead_max = \"60\"")),
            "start_days_ahead_max");
  EXPECT_EQ(RefusedKey(Edited("unpaid_final_balance = \"transfer\"",
                              "unpaid_final_balance = \"forgive\"")),
            "unpaid_final_balance");
  EXPECT_EQ(
      RefusedKey(Edited("transfer_old_balance = \"carry\"", "transfer_old_balance = \"keep\"")),
      "transfer_old_balance");
  EXPECT_EQ(RefusedKey(Edited("city_limits = \"outside\"\nrate_class = \"outside_city\"\n"
                              "units = \"premise_units\"",
                              "city_limits = \"beyond\"\nrate_class = \"outside_city\"\n"
                              "units = \"premise_units\"")),
            "rate_rule[1].city_limits");
  EXPECT_EQ(RefusedKey(Edited("units = \"premise_units\"", "units = \"dwellings\"")),
            "rate_rule[1].units");
  EXPECT_EQ(RefusedKey(Edited("name = \"Sprinkler water\"", "nmae = \"Sprinkler water\"")),
            "rate_rule[6].nmae");
  EXPECT_EQ(RefusedKey(Edited("rate_class = \"sprinkler\"", "")), "rate_rule[6].rate_class");
  EXPECT_EQ(
      RefusedKey(Edited("premise_types = [\"irrigation\"]", "premise_types = \"irrigation\"")),
      "rate_rule[6].premise_types");
  EXPECT_EQ(RefusedKey(Edited("premise_types = [\"irrigation\"]", "premise_types = [\"farm\"]")),
            "rate_rule[6].premise_types");
  EXPECT_EQ(RefusedKey(Edited("premise_type = \"irrigation\"", "premise_type = \"farm\"")),
            "offer[6].premise_type");
  EXPECT_EQ(RefusedKey(Edited("services = [\"water\", \"stormwater\"]",
                              "services = [\"water\", \"stormwater\", \"gas\"]")),
            "offer[6].services");  // no rule gives gas a class
  EXPECT_EQ(RefusedKey(Edited("service = \"stormwater\"", "service = \"storm\"")),
            "rate_rule[12].service");  // a misspelled service no offer offers
  EXPECT_EQ(RefusedKey(Edited("services = [\"water\", \"stormwater\"]", "")), "offer[6].services");
  EXPECT_EQ(RefusedKey("new_service_fee = \"new_service\"\n"), "offer");
  auto broken = LoadText("[[offer]\n");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().field, "config");
}

TEST_F(ServiceRulesConfigTest, RefusesFeesMissingFromTheFeeSchedule) {
  auto finance = LoadFinanceConfig(DefaultFinanceConfigPath());
  ASSERT_TRUE(finance.ok()) << finance.error().message;
  auto fee = LoadText(Edited("new_service_fee = \"new_service\"", "new_service_fee = \"setup\""),
                      &*finance);
  ASSERT_FALSE(fee.ok());
  EXPECT_EQ(fee.error().field, "new_service_fee");
  EXPECT_NE(fee.error().message.find("setup"), std::string::npos);
  auto transfer =
      LoadText(Edited("transfer_fee = \"transfer\"", "transfer_fee = \"move\""), &*finance);
  ASSERT_FALSE(transfer.ok());
  EXPECT_EQ(transfer.error().field, "transfer_fee");
  // Without the finance settings the codes are not checked; "" means no fee.
  EXPECT_TRUE(LoadText(Edited("transfer_fee = \"transfer\"", "transfer_fee = \"move\"")).ok());
  auto none = LoadText(Edited("transfer_fee = \"transfer\"", "transfer_fee = \"\""), &*finance);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(none->transfer_fee, "");
}

}  // namespace
}  // namespace cistern
