#include "domain/deposits/deposit_rules.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

Money Dollars(std::int64_t d) { return Money::FromCents(d * 100); }

DepositRules Moore() {
  DepositRules rules;
  DepositClassRule residential{"residential", "Residential", {"single_family", "multi_family"},
                               Dollars(100),  Dollars(0),    Dollars(50),
                               Dollars(100),  Dollars(100),  Dollars(300)};
  rules.classes.push_back(residential);
  rules.late_addition = Dollars(50);
  rules.returned_addition = Dollars(50);
  return rules;
}

TEST(DepositRulesTest, EveryResidentialRenterPaysOneHundredWhateverTheCredit) {
  DepositFacts facts;
  facts.class_code = "residential";
  facts.tenure = Tenure::kRenter;
  facts.credit = CreditCheckResult{CreditRating::kGood, "R1", "offline"};
  auto quote = ComputeDeposit(Moore(), facts);
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->amount, Dollars(100));
  ASSERT_EQ(quote->reasons.size(), 1u);
  EXPECT_NE(quote->reasons[0].find("renter"), std::string::npos);
}

TEST(DepositRulesTest, AnOwnersDepositDependsOnTheCreditCheck) {
  DepositFacts facts;
  facts.class_code = "residential";
  facts.tenure = Tenure::kOwner;
  auto missing = ComputeDeposit(Moore(), facts);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "credit_rating");
  EXPECT_EQ(missing.error().reason, "CREDIT_CHECK_REQUIRED");
  facts.credit = CreditCheckResult{CreditRating::kGood, "EQ-1", "offline"};
  EXPECT_EQ(ComputeDeposit(Moore(), facts)->amount, Dollars(0));
  facts.credit->rating = CreditRating::kFair;
  EXPECT_EQ(ComputeDeposit(Moore(), facts)->amount, Dollars(50));
  facts.credit->rating = CreditRating::kPoor;
  auto poor = ComputeDeposit(Moore(), facts);
  EXPECT_EQ(poor->amount, Dollars(100));
  EXPECT_NE(poor->reasons[0].find("EQ-1"), std::string::npos);
}

TEST(DepositRulesTest, HistoryAddsAndTheMaximumCaps) {
  DepositFacts facts;
  facts.class_code = "residential";
  facts.late_payments = 1;  // below the threshold of 2
  EXPECT_EQ(ComputeDeposit(Moore(), facts)->amount, Dollars(100));
  facts.late_payments = 3;
  facts.returned_payments = 1;
  auto quote = ComputeDeposit(Moore(), facts);
  EXPECT_EQ(quote->amount, Dollars(200));
  EXPECT_EQ(quote->reasons.size(), 3u);
  facts.returned_payments = 5;  // 100 + 50 + 250 = 400, capped at 300
  quote = ComputeDeposit(Moore(), facts);
  EXPECT_EQ(quote->amount, Dollars(300));
  EXPECT_NE(quote->reasons.back().find("Capped"), std::string::npos);
  facts.class_code = "industrial";
  auto unknown = ComputeDeposit(Moore(), facts);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "rate_class");
}

TEST(DepositRulesTest, InstallmentsSumToTheAmountWithOddCentsFirst) {
  auto parts = SplitInstallments(Money::FromCents(10001), 2);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], Money::FromCents(5001));
  EXPECT_EQ(parts[1], Money::FromCents(5000));
  auto three = SplitInstallments(Dollars(100), 3);
  EXPECT_EQ(three[0] + three[1] + three[2], Dollars(100));
  EXPECT_EQ(three[0], Money::FromCents(3334));
}

TEST(DepositRulesTest, InterestIsExactAndRoundsHalfUp) {
  // $100 at 1.5% for a year: $1.50.
  EXPECT_EQ(DepositInterest(Dollars(100), 15000, 365), Money::FromCents(150));
  // $100 at 1.5% for 73 days: 0.30 exactly.
  EXPECT_EQ(DepositInterest(Dollars(100), 15000, 73), Money::FromCents(30));
  // $100 at 1% for 1 day = 0.2739... cents -> 0; for 2 days 0.5479 -> 1 (half up).
  EXPECT_EQ(DepositInterest(Dollars(100), 10000, 1), Money::FromCents(0));
  EXPECT_EQ(DepositInterest(Dollars(100), 10000, 2), Money::FromCents(1));
  // 0.5 cents exactly rounds up: 365 cents at 0.5% (5000 ppm) for 100 days = 0.5 cents.
  EXPECT_EQ(DepositInterest(Money::FromCents(365), 5000, 100), Money::FromCents(1));
  EXPECT_EQ(DepositInterest(Dollars(100), 0, 365), Money());
}

TEST(DepositRulesTest, OfflineCreditCheckTakesWhatTheCsrEntered) {
  OfflineCreditCheck good("fair", "EXP-2026-77");
  auto result = good.Check({});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rating, CreditRating::kFair);
  EXPECT_EQ(result->source, "offline");
  OfflineCreditCheck bad("excellent", "X");
  EXPECT_EQ(bad.Check({}).error().field, "credit_rating");
  OfflineCreditCheck unreferenced("good", "");
  EXPECT_EQ(unreferenced.Check({}).error().field, "credit_reference");
}

TEST(DepositRulesTest, ValidationNamesTheSetting) {
  DepositRules rules = Moore();
  EXPECT_TRUE(ValidateDepositRules(rules).ok());
  rules.interest_rate_ppm = 10000;
  EXPECT_EQ(ValidateDepositRules(rules).error().field, "interest_expense_gl");
  rules = Moore();
  rules.classes.push_back(rules.classes[0]);
  EXPECT_FALSE(ValidateDepositRules(rules).ok());
}

}  // namespace
}  // namespace cistern
