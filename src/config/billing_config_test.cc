#include "config/billing_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "config/testing/config_file_test.h"

namespace cistern {
namespace {

// Writes variants of the shipped config/billing.toml to a temporary directory and loads them.
class BillingConfigTest : public test::ConfigFileTest {
 protected:
  BillingConfigTest() : ConfigFileTest(DefaultBillingConfigPath(), "billing.toml") {}

  Result<BillingSettings> LoadText(const std::string& text) {
    return LoadBillingConfig(Write(text));
  }
};

TEST_F(BillingConfigTest, TheShippedFileLoads) {
  auto settings = LoadText(shipped_);
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_EQ(settings->due_days, 20);
  EXPECT_TRUE(settings->due_on_weekday);
  EXPECT_EQ(settings->late_fee_percent, Quantity::FromInteger(2));
  EXPECT_EQ(settings->reading_limits.high_percent, 300);
  EXPECT_EQ(settings->reading_limits.low_percent, 25);
  EXPECT_EQ(settings->chunk_accounts, 2000);
  EXPECT_EQ(settings->preview_plans_kept, 50000);
  EXPECT_FALSE(settings->default_message.empty());
}

TEST_F(BillingConfigTest, RefusesAnUnknownKeyNamingIt) {
  auto top = LoadText("due_day = 3\n" + shipped_);  // before the [readings] table
  ASSERT_FALSE(top.ok());
  EXPECT_EQ(top.error().field, "due_day");
  auto nested = LoadText(Edited("low_percent = 25", "low_percent = 25\nmedium_percent = 50"));
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().field, "readings.medium_percent");
}

TEST_F(BillingConfigTest, RefusesAFloatPercentage) {
  auto loaded = LoadText(Edited("late_fee_percent = \"2\"", "late_fee_percent = 2.0"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().field, "late_fee_percent");
}

TEST_F(BillingConfigTest, RefusesValuesOutOfRange) {
  EXPECT_EQ(LoadText(Edited("due_days = 20", "due_days = 0")).error().field, "due_days");
  EXPECT_EQ(LoadText(Edited("late_fee_percent = \"2\"", "late_fee_percent = \"40\"")).error().field,
            "late_fee_percent");
  EXPECT_EQ(LoadText(Edited("high_percent = 300", "high_percent = 50")).error().field,
            "readings.high_percent");
  EXPECT_EQ(LoadText(Edited("chunk_accounts = 2000", "chunk_accounts = 10")).error().field,
            "chunk_accounts");
  EXPECT_EQ(LoadText(Edited("preview_plans_kept = 50000", "preview_plans_kept = -1")).error().field,
            "preview_plans_kept");
  EXPECT_EQ(
      LoadText(Edited("preview_plans_kept = 50000", "preview_plans_kept = \"all\"")).error().field,
      "preview_plans_kept");
  EXPECT_EQ(LoadText(Edited("due_on_weekday = true", "due_on_weekday = \"yes\"")).error().field,
            "due_on_weekday");
}

}  // namespace
}  // namespace cistern
