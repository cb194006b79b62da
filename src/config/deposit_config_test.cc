#include "config/deposit_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "config/finance_config.h"
#include "config/testing/config_file_test.h"

namespace cistern {
namespace {

class DepositConfigTest : public test::ConfigFileTest {
 protected:
  DepositConfigTest() : ConfigFileTest(DefaultDepositsConfigPath(), "deposits.toml") {}

  Result<DepositRules> LoadText(const std::string& text) { return LoadDepositsConfig(Write(text)); }
};

TEST_F(DepositConfigTest, ShippedFileHoldsMooresRules) {
  auto finance = LoadFinanceConfig(DefaultFinanceConfigPath());
  ASSERT_TRUE(finance.ok()) << finance.error().message;
  auto rules = LoadDepositsConfig(DefaultDepositsConfigPath(), &*finance);
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  const DepositClassRule* residential = rules->ClassForPremiseType("single_family");
  ASSERT_NE(residential, nullptr);
  EXPECT_EQ(residential->renter, Money::FromCents(10000));  // every residential renter: $100
  EXPECT_EQ(rules->installments_max, 2);                    // split over 2 bills
  EXPECT_EQ(rules->interest_rate_ppm, 0);
  EXPECT_EQ(rules->fund, "general");
}

TEST_F(DepositConfigTest, RefusesUnknownKeysAndBadValues) {
  auto unknown = LoadText(Edited("refund_after_months = 24", "refund_after_month = 24"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "refund_after_month");
  auto floating = LoadText(Edited("renter = \"100.00\"", "renter = 100.0"));
  ASSERT_FALSE(floating.ok());
  EXPECT_EQ(floating.error().field, "class[1].renter");
  auto interest =
      LoadText(Edited("\ninterest_rate_percent = \"0\"", "\ninterest_rate_percent = \"1.5\""));
  ASSERT_FALSE(interest.ok());  // a rate without the GL account it is charged to
  EXPECT_EQ(interest.error().field, "interest_expense_gl");
  auto with_gl =
      LoadText(Edited("\ninterest_rate_percent = \"0\"",
                      "\ninterest_rate_percent = \"1.5\"\ninterest_expense_gl = \"1010\""));
  ASSERT_TRUE(with_gl.ok()) << with_gl.error().message;
  EXPECT_EQ(with_gl->interest_rate_ppm, 15000);
  auto over_max = LoadText(Edited("owner_poor = \"100.00\"", "owner_poor = \"900.00\""));
  ASSERT_FALSE(over_max.ok());
  EXPECT_EQ(over_max.error().field, "class.residential.owner_poor");
  auto installments = LoadText(Edited("installments_max = 2", "installments_max = 0"));
  ASSERT_FALSE(installments.ok());
  EXPECT_EQ(installments.error().field, "installments_max");
}

}  // namespace
}  // namespace cistern
