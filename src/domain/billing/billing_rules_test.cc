#include "domain/billing/billing_rules.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Date D(const char* text) { return *ParseDate(text, "date"); }

TEST(BillingRulesTest, DueDateIsDaysAfterTheBillDateOnAWeekday) {
  BillingSettings settings;
  settings.due_days = 20;
  EXPECT_EQ(DueDate(settings, D("2026-11-02")), D("2026-11-23"));  // 22nd is a Sunday
  EXPECT_EQ(DueDate(settings, D("2026-11-01")), D("2026-11-23"));  // 21st is a Saturday
  EXPECT_EQ(DueDate(settings, D("2026-11-03")), D("2026-11-23"));  // a Monday as is
  settings.due_on_weekday = false;
  EXPECT_EQ(DueDate(settings, D("2026-11-01")), D("2026-11-21"));
}

TEST(BillingRulesTest, LateAmountAddsThePercentRoundedHalfUp) {
  BillingSettings settings;                                                         // 2%
  EXPECT_EQ(LateAmount(settings, Money::FromCents(9265)), Money::FromCents(9450));  // +185.3
  EXPECT_EQ(LateAmount(settings, Money::FromCents(25)), Money::FromCents(26));      // +0.5 up
  EXPECT_EQ(LateAmount(settings, Money::FromCents(24)), Money::FromCents(24));      // +0.48
  EXPECT_EQ(LateAmount(settings, Money()), Money());
  EXPECT_EQ(LateAmount(settings, Money::FromCents(-500)), Money::FromCents(-500));
}

TEST(BillingRulesTest, RefusesSettingsOutOfRange) {
  BillingSettings settings;
  EXPECT_TRUE(ValidateBillingSettings(settings).ok());
  settings.due_days = 0;
  EXPECT_EQ(ValidateBillingSettings(settings).error().field, "due_days");
  settings = {};
  settings.late_fee_percent = Quantity::FromInteger(30);
  EXPECT_EQ(ValidateBillingSettings(settings).error().field, "late_fee_percent");
  settings = {};
  settings.reading_limits.low_percent = 100;
  EXPECT_EQ(ValidateBillingSettings(settings).error().field, "readings.low_percent");
  settings = {};
  settings.chunk_accounts = 10;
  EXPECT_EQ(ValidateBillingSettings(settings).error().field, "chunk_accounts");
  settings = {};
  settings.preview_plans_kept = 0;  // keeps none
  EXPECT_TRUE(ValidateBillingSettings(settings).ok());
  settings.preview_plans_kept = 1000001;
  EXPECT_EQ(ValidateBillingSettings(settings).error().field, "preview_plans_kept");
}

}  // namespace
}  // namespace cistern
