#include "domain/ledger/chart.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cistern {
namespace {

// The smallest chart Make accepts: a cash account, a receivable and an unapplied-credit account,
// plus a few others for the lookups.
std::vector<GlAccount> MinimalAccounts() {
  return {{"1010", "Cash - FNB", GlKind::kCash, "", "FNB"},
          {"1210", "Receivable - water", GlKind::kReceivable, "water", ""},
          {"1250", "Receivable - general", GlKind::kReceivable, "general", ""},
          {"2120", "Unapplied credits", GlKind::kUnappliedCredits, "", ""},
          {"4110", "Water revenue", GlKind::kRevenue, "water", ""},
          {"4220", "Fee revenue", GlKind::kFeeRevenue, "", ""}};
}

void ExpectRefused(const std::vector<GlAccount>& accounts, const std::string& reason,
                   const std::string& field) {
  const Result<Chart> chart = Chart::Make(accounts);
  ASSERT_FALSE(chart.ok()) << "expected " << reason;
  EXPECT_EQ(chart.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(chart.error().reason, reason);
  EXPECT_EQ(chart.error().field, field);
}

TEST(ChartTest, MakeAcceptsACompleteChartAndKeepsItsOrder) {
  const Result<Chart> chart = Chart::Make(MinimalAccounts());
  ASSERT_TRUE(chart.ok()) << chart.error().message;
  ASSERT_EQ(chart->accounts().size(), 6u);
  EXPECT_EQ(chart->accounts()[0].code, "1010");
  EXPECT_EQ(chart->accounts()[5].code, "4220");
}

TEST(ChartTest, LookupsFindByCodeFundBankAndKind) {
  const Chart chart = Chart::Make(MinimalAccounts()).value();
  ASSERT_NE(chart.Find("1210"), nullptr);
  EXPECT_EQ(chart.Find("1210")->name, "Receivable - water");
  EXPECT_EQ(chart.Find("9999"), nullptr);
  EXPECT_EQ(chart.Find(""), nullptr);

  ASSERT_NE(chart.Receivable("water"), nullptr);
  EXPECT_EQ(chart.Receivable("water")->code, "1210");
  EXPECT_EQ(chart.Receivable("general")->code, "1250");
  EXPECT_EQ(chart.Receivable("sewer"), nullptr);

  ASSERT_NE(chart.Revenue("water"), nullptr);
  EXPECT_EQ(chart.Revenue("water")->code, "4110");
  EXPECT_EQ(chart.Revenue("general"), nullptr) << "general has a receivable but no revenue";

  ASSERT_NE(chart.Cash("FNB"), nullptr);
  EXPECT_EQ(chart.Cash("FNB")->code, "1010");
  EXPECT_EQ(chart.Cash("CIT"), nullptr);
  EXPECT_EQ(chart.Cash(""), nullptr) << "non-cash accounts have an empty bank";

  ASSERT_NE(chart.OfKind(GlKind::kUnappliedCredits), nullptr);
  EXPECT_EQ(chart.OfKind(GlKind::kUnappliedCredits)->code, "2120");
  EXPECT_EQ(chart.OfKind(GlKind::kReceivable)->code, "1210") << "the first of its kind";
  EXPECT_EQ(chart.OfKind(GlKind::kBadDebt), nullptr);
}

TEST(ChartTest, FundsAreTheReceivableFundsInChartOrder) {
  const Chart chart = Chart::Make(MinimalAccounts()).value();
  EXPECT_EQ(chart.Funds(), (std::vector<std::string>{"water", "general"}));
}

TEST(ChartTest, AnEmptyChartFindsNothing) {
  const Chart chart;
  EXPECT_EQ(chart.Find("1010"), nullptr);
  EXPECT_EQ(chart.Receivable("water"), nullptr);
  EXPECT_TRUE(chart.Funds().empty());
}

TEST(ChartTest, MakeRefusesADuplicateCode) {
  std::vector<GlAccount> accounts = MinimalAccounts();
  accounts.push_back({"4110", "Sewer revenue", GlKind::kRevenue, "sewer", ""});
  ExpectRefused(accounts, "GL_ACCOUNT_DUPLICATE", "gl_account.4110");
}

TEST(ChartTest, MakeRefusesAReceivableWithoutAFund) {
  std::vector<GlAccount> accounts = MinimalAccounts();
  accounts.push_back({"1220", "Receivable - sewer", GlKind::kReceivable, "", ""});
  ExpectRefused(accounts, "GL_ACCOUNT_FUND_REQUIRED", "gl_account.1220");
}

TEST(ChartTest, MakeRefusesARevenueAccountWithoutAFund) {
  std::vector<GlAccount> accounts = MinimalAccounts();
  accounts.push_back({"4120", "Sewer revenue", GlKind::kRevenue, "", ""});
  ExpectRefused(accounts, "GL_ACCOUNT_FUND_REQUIRED", "gl_account.4120");
}

TEST(ChartTest, MakeRefusesTwoReceivablesForOneFund) {
  std::vector<GlAccount> accounts = MinimalAccounts();
  accounts.push_back({"1211", "Receivable - water again", GlKind::kReceivable, "water", ""});
  ExpectRefused(accounts, "GL_RECEIVABLE_DUPLICATE", "gl_account.1211");
}

TEST(ChartTest, MakeRefusesTwoRevenueAccountsForOneFund) {
  std::vector<GlAccount> accounts = MinimalAccounts();
  accounts.push_back({"4111", "Water revenue again", GlKind::kRevenue, "water", ""});
  ExpectRefused(accounts, "GL_REVENUE_DUPLICATE", "gl_account.4111");
}

TEST(ChartTest, MakeRefusesACashAccountWithoutABank) {
  std::vector<GlAccount> accounts = MinimalAccounts();
  accounts.push_back({"1020", "Cash - lockbox", GlKind::kCash, "", ""});
  ExpectRefused(accounts, "GL_CASH_BANK_INVALID", "gl_account.1020");
}

TEST(ChartTest, MakeRefusesTwoCashAccountsForOneBank) {
  std::vector<GlAccount> accounts = MinimalAccounts();
  accounts.push_back({"1020", "Cash - FNB payroll", GlKind::kCash, "", "FNB"});
  ExpectRefused(accounts, "GL_CASH_BANK_INVALID", "gl_account.1020");
}

TEST(ChartTest, MakeRefusesAChartWithoutUnappliedCredits) {
  std::vector<GlAccount> accounts = MinimalAccounts();
  std::erase_if(accounts, [](const GlAccount& a) { return a.kind == GlKind::kUnappliedCredits; });
  ExpectRefused(accounts, "GL_CHART_INCOMPLETE", "gl_account");
}

TEST(ChartTest, MakeRefusesAChartWithoutCashOrReceivables) {
  std::vector<GlAccount> no_cash = MinimalAccounts();
  std::erase_if(no_cash, [](const GlAccount& a) { return a.kind == GlKind::kCash; });
  ExpectRefused(no_cash, "GL_CHART_INCOMPLETE", "gl_account");

  std::vector<GlAccount> no_receivable = MinimalAccounts();
  std::erase_if(no_receivable, [](const GlAccount& a) { return a.kind == GlKind::kReceivable; });
  ExpectRefused(no_receivable, "GL_CHART_INCOMPLETE", "gl_account");

  ExpectRefused({}, "GL_CHART_INCOMPLETE", "gl_account");
}

TEST(ChartTest, MakeRefusesAnAccountWithoutCodeOrName) {
  std::vector<GlAccount> accounts = MinimalAccounts();
  accounts.push_back({"6510", "", GlKind::kBadDebt, "", ""});
  ExpectRefused(accounts, "GL_ACCOUNT_INCOMPLETE", "gl_account.6510");

  accounts = MinimalAccounts();
  accounts.push_back({"", "Bad debt", GlKind::kBadDebt, "", ""});
  ExpectRefused(accounts, "GL_ACCOUNT_INCOMPLETE", "gl_account.");
}

TEST(ChartTest, GlKindCodesReadBack) {
  for (GlKind kind : {GlKind::kCash, GlKind::kReceivable, GlKind::kRevenue, GlKind::kPenaltyRevenue,
                      GlKind::kFeeRevenue, GlKind::kDepositsHeld, GlKind::kUnappliedCredits,
                      GlKind::kRefundsPayable, GlKind::kBadDebt}) {
    const auto parsed = ParseGlKind(GlKindCode(kind));
    ASSERT_TRUE(parsed.has_value()) << GlKindCode(kind);
    EXPECT_EQ(*parsed, kind);
  }
  EXPECT_STREQ(GlKindCode(GlKind::kUnappliedCredits), "unapplied_credits");
  EXPECT_FALSE(ParseGlKind("asset").has_value());
  EXPECT_FALSE(ParseGlKind("Cash").has_value()) << "codes are lower case";
  EXPECT_FALSE(ParseGlKind("").has_value());
}

}  // namespace
}  // namespace cistern
