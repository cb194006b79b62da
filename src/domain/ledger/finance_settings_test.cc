#include "domain/ledger/finance_settings.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cistern {
namespace {

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

std::vector<GlAccount> CompleteAccounts() {
  return {{"1010", "Cash - FNB", GlKind::kCash, "", "FNB"},
          {"1210", "Receivable - water", GlKind::kReceivable, "water", ""},
          {"1250", "Receivable - general", GlKind::kReceivable, "general", ""},
          {"2110", "Deposits held", GlKind::kDepositsHeld, "", ""},
          {"2120", "Unapplied credits", GlKind::kUnappliedCredits, "", ""},
          {"2130", "Refunds payable", GlKind::kRefundsPayable, "", ""},
          {"4110", "Water revenue", GlKind::kRevenue, "water", ""},
          {"4210", "Penalty revenue", GlKind::kPenaltyRevenue, "", ""},
          {"4220", "Fee revenue", GlKind::kFeeRevenue, "", ""},
          {"6510", "Bad debt", GlKind::kBadDebt, "", ""}};
}

FinanceSettings ValidSettings() {
  FinanceSettings settings;
  settings.chart = Chart::Make(CompleteAccounts()).value();
  settings.deposit_bank = "FNB";
  settings.fund_priority = {"general", "water"};
  settings.fees = {{"returned_item", "Returned item fee", Cents(3000), "general"},
                   {"reconnect", "Reconnect fee", Cents(5000), "general"}};
  settings.adjustment_reasons = {{"billing_error", "Billing error", false},
                                 {"leak_credit", "Leak credit", true}};
  settings.adjustment_approval_over = Cents(5000);
  settings.returned_item_fee = "returned_item";
  settings.cash_only_months = 12;
  return settings;
}

void ExpectRefused(const FinanceSettings& settings, const std::string& reason,
                   const std::string& field) {
  const Status valid = ValidateFinanceSettings(settings);
  ASSERT_FALSE(valid.ok()) << "expected " << reason;
  EXPECT_EQ(valid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(valid.error().reason, reason);
  EXPECT_EQ(valid.error().field, field);
}

FinanceSettings WithoutKind(GlKind kind) {
  std::vector<GlAccount> accounts = CompleteAccounts();
  std::erase_if(accounts, [kind](const GlAccount& account) { return account.kind == kind; });
  FinanceSettings settings = ValidSettings();
  settings.chart = Chart::Make(accounts).value();
  return settings;
}

TEST(FinanceSettingsTest, ValidSettingsPass) {
  const Status valid = ValidateFinanceSettings(ValidSettings());
  EXPECT_TRUE(valid.ok()) << valid.error().message;
}

TEST(FinanceSettingsTest, FindFeeAndFindReasonLookUpByCode) {
  const FinanceSettings settings = ValidSettings();
  ASSERT_NE(settings.FindFee("reconnect"), nullptr);
  EXPECT_EQ(settings.FindFee("reconnect")->amount, Cents(5000));
  EXPECT_EQ(settings.FindFee("Reconnect"), nullptr);
  EXPECT_EQ(settings.FindFee(""), nullptr);
  ASSERT_NE(settings.FindReason("leak_credit"), nullptr);
  EXPECT_TRUE(settings.FindReason("leak_credit")->always_needs_approval);
  EXPECT_FALSE(settings.FindReason("billing_error")->always_needs_approval);
  EXPECT_EQ(settings.FindReason("courtesy"), nullptr);
}

TEST(FinanceSettingsTest, RefusesADepositBankWithoutACashAccount) {
  FinanceSettings settings = ValidSettings();
  settings.deposit_bank = "CIT";
  ExpectRefused(settings, "DEPOSIT_BANK_UNKNOWN", "deposit_bank");
}

TEST(FinanceSettingsTest, RefusesAChartMissingAnAccountThePostingRulesNeed) {
  for (GlKind kind : {GlKind::kFeeRevenue, GlKind::kPenaltyRevenue, GlKind::kRefundsPayable,
                      GlKind::kDepositsHeld, GlKind::kBadDebt}) {
    SCOPED_TRACE(GlKindCode(kind));
    ExpectRefused(WithoutKind(kind), "GL_CHART_INCOMPLETE", "gl_account");
  }
}

TEST(FinanceSettingsTest, RefusesAPriorityFundWithoutAReceivable) {
  FinanceSettings settings = ValidSettings();
  settings.fund_priority.push_back("sewer");
  ExpectRefused(settings, "FUND_UNKNOWN", "fund_priority");
}

TEST(FinanceSettingsTest, RefusesADuplicateOrUnnamedFee) {
  FinanceSettings settings = ValidSettings();
  settings.fees.push_back({"reconnect", "Reconnect again", Cents(100), "general"});
  ExpectRefused(settings, "FEE_INVALID", "fee.reconnect");

  settings = ValidSettings();
  settings.fees.push_back({"door_hanger", "", Cents(1500), "general"});
  ExpectRefused(settings, "FEE_INVALID", "fee.door_hanger");
}

TEST(FinanceSettingsTest, RefusesAFeeThatIsNotPositive) {
  FinanceSettings settings = ValidSettings();
  settings.fees[1].amount = Cents(0);
  ExpectRefused(settings, "FEE_AMOUNT_INVALID", "fee.reconnect");
  settings.fees[1].amount = Cents(-100);
  ExpectRefused(settings, "FEE_AMOUNT_INVALID", "fee.reconnect");
}

TEST(FinanceSettingsTest, RefusesAFeeBilledToAFundWithoutAReceivable) {
  FinanceSettings settings = ValidSettings();
  settings.fees[1].fund = "sewer";
  ExpectRefused(settings, "FUND_UNKNOWN", "fee.reconnect");
}

TEST(FinanceSettingsTest, RefusesAReturnedItemFeeMissingFromTheSchedule) {
  FinanceSettings settings = ValidSettings();
  settings.returned_item_fee = "nsf";
  ExpectRefused(settings, "FEE_UNKNOWN", "returned_item_fee");
  settings.returned_item_fee = "";
  ExpectRefused(settings, "FEE_UNKNOWN", "returned_item_fee");
}

TEST(FinanceSettingsTest, RefusesDuplicateOrMissingAdjustmentReasons) {
  FinanceSettings settings = ValidSettings();
  settings.adjustment_reasons.push_back({"billing_error", "Again", false});
  ExpectRefused(settings, "REASON_INVALID", "adjustment_reason.billing_error");

  settings = ValidSettings();
  settings.adjustment_reasons.clear();
  ExpectRefused(settings, "REASON_REQUIRED", "adjustment_reason");
}

TEST(FinanceSettingsTest, RefusesANegativeApprovalLimitButAcceptsZero) {
  FinanceSettings settings = ValidSettings();
  settings.adjustment_approval_over = Cents(0);
  EXPECT_TRUE(ValidateFinanceSettings(settings).ok()) << "zero: every adjustment is approved";
  settings.adjustment_approval_over = Cents(-1);
  ExpectRefused(settings, "AMOUNT_INVALID", "adjustment_approval_over");
}

TEST(FinanceSettingsTest, CashOnlyMonthsIsFromZeroToSixty) {
  FinanceSettings settings = ValidSettings();
  for (int months : {0, 60}) {
    settings.cash_only_months = months;
    EXPECT_TRUE(ValidateFinanceSettings(settings).ok()) << months;
  }
  for (int months : {-1, 61}) {
    settings.cash_only_months = months;
    ExpectRefused(settings, "MONTHS_INVALID", "cash_only_months");
  }
}

}  // namespace
}  // namespace cistern
