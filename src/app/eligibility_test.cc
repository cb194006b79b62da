#include "app/eligibility.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/accounts.h"
#include "app/rate_book.h"
#include "config/rate_config.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using std::chrono::year;
using test::CallerWithRole;

class EligibilityUseCaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    std::ifstream file(RatesConfigPath("moore.toml"));
    std::stringstream text;
    text << file.rdbuf();
    ASSERT_TRUE(
        LoadRateFile(app_.context(), CallerWithRole(Role::kAdmin), "moore.toml", text.str()).ok());
    detail_ = test::CreateSampleAccountDetail(app_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
  }

  EligibilityRequest Senior() const {
    EligibilityRequest request;
    request.program = "senior";
    request.birth_date = year(1955) / 6 / 1;
    request.renews_on = year(2027) / 11 / 30;
    return request;
  }

  // The programs billing sees for the account on `last_day` of a period.
  std::vector<std::string> BilledPrograms(Date last_day) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    BillingLoad load;
    load.period_first = AddDays(last_day, -29);
    load.period_last = last_day;
    auto loaded = transaction->billing().LoadAccountsToBill({detail_.account.id}, load).value();
    EXPECT_EQ(loaded.size(), 1u);
    return loaded.empty() ? std::vector<std::string>() : loaded[0].programs;
  }

  void ExpectRefused(const EligibilityRequest& request, const std::string& reason,
                     const std::string& field) {
    const auto before = app_.RowCounts();
    const auto added = AddEligibility(app_.context(), csr_, detail_.customer.id, request);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().reason, reason) << added.error().message;
    EXPECT_EQ(added.error().field, field);
    EXPECT_EQ(app_.RowCounts(), before);
  }

  test::TestApp app_;
  AccountDetail detail_;
  Caller csr_;
};

TEST_F(EligibilityUseCaseTest, ProgramsComeFromTheLoadedRates) {
  const auto programs = ListEligibilityPrograms(app_.context(), csr_);
  ASSERT_TRUE(programs.ok());
  EXPECT_EQ(*programs, (std::vector<std::string>{"senior"}));
}

TEST_F(EligibilityUseCaseTest, AddsAnEligibilityVerifiedByTheCallerAndAudits) {
  const auto added = AddEligibility(app_.context(), csr_, detail_.customer.id, Senior());
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->verified_by, csr_.user_id);
  EXPECT_EQ(added->verified_on, test::TestToday());
  const auto listed = ListEligibilities(app_.context(), csr_, detail_.customer.id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].verified_by_name, "Casey Reyes");
  EXPECT_EQ((*listed)[0].current_through, year(2027) / 11 / 30);
  EXPECT_EQ(StatusOn((*listed)[0], test::TestToday()), EligibilityStatus::kCurrent);
  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "eligibility.create");
  EXPECT_EQ(event.entity_type, "customer");
  EXPECT_EQ(event.entity_id, detail_.customer.id.value());
}

TEST_F(EligibilityUseCaseTest, RefusalsNameTheFieldAndWriteNothing) {
  EligibilityRequest unknown = Senior();
  unknown.program = "veteran";
  ExpectRefused(unknown, "PROGRAM_UNKNOWN", "program");
  EligibilityRequest young = Senior();
  young.birth_date.reset();  // the customer's own 1980 birth date is used: too young
  ExpectRefused(young, "BIRTH_DATE_TOO_YOUNG", "birth_date");
  EligibilityRequest late = Senior();
  late.renews_on = year(2030) / 1 / 1;
  ExpectRefused(late, "RENEWS_ON_TOO_LATE", "renews_on");
  ASSERT_TRUE(AddEligibility(app_.context(), csr_, detail_.customer.id, Senior()).ok());
  ExpectRefused(Senior(), "ELIGIBILITY_EXISTS", "program");
  const auto denied =
      AddEligibility(app_.context(), CallerWithRole(Role::kField), detail_.customer.id, Senior());
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(EligibilityUseCaseTest, BillingAppliesTheProgramOnlyWhileCurrent) {
  EligibilityRequest request = Senior();
  request.renews_on = year(2027) / 1 / 15;
  const Eligibility added =
      AddEligibility(app_.context(), csr_, detail_.customer.id, request).value();
  EXPECT_EQ(BilledPrograms(year(2026) / 11 / 26), std::vector<std::string>{});  // before
  EXPECT_EQ(BilledPrograms(year(2026) / 12 / 31), std::vector<std::string>{"senior"});
  EXPECT_EQ(BilledPrograms(year(2027) / 1 / 15), std::vector<std::string>{"senior"});
  EXPECT_EQ(BilledPrograms(year(2027) / 1 / 31), std::vector<std::string>{});  // expired

  // Ended on 2026-12-10: the December bill no longer gets it, and the record stays.
  app_.clock().Advance(std::chrono::days(14));
  EndEligibilityRequest end;
  end.reason = "Moved in with family";
  end.ended_on = year(2026) / 12 / 10;
  const auto ended = EndEligibility(app_.context(), csr_, added.id, end);
  ASSERT_TRUE(ended.ok()) << ended.error().message;
  EXPECT_EQ(BilledPrograms(year(2026) / 12 / 10), std::vector<std::string>{"senior"});
  EXPECT_EQ(BilledPrograms(year(2026) / 12 / 31), std::vector<std::string>{});
  const auto listed = ListEligibilities(app_.context(), csr_, detail_.customer.id).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].renews_on, year(2027) / 1 / 15);
  EXPECT_EQ(listed[0].ended_on, year(2026) / 12 / 10);
  EXPECT_EQ(StatusOn(listed[0], app_.context().Today()), EligibilityStatus::kEnded);
  EXPECT_EQ(EndEligibility(app_.context(), csr_, added.id, end).error().reason,
            "ELIGIBILITY_ENDED");
}

TEST_F(EligibilityUseCaseTest, RenewalTakesOverWithoutOverlap) {
  EligibilityRequest request = Senior();
  request.renews_on = year(2027) / 1 / 15;
  const Eligibility first =
      AddEligibility(app_.context(), csr_, detail_.customer.id, request).value();
  app_.clock().Advance(std::chrono::days(40));  // 2027-01-06
  EligibilityRequest renewal;
  renewal.renews_on = year(2030) / 1 / 6;
  const auto renewed = RenewEligibility(app_.context(), csr_, first.id, renewal);
  ASSERT_TRUE(renewed.ok()) << renewed.error().message;
  EXPECT_EQ(renewed->renewal_of, first.id);
  EXPECT_EQ(renewed->birth_date, year(1955) / 6 / 1);  // carried from the renewed record
  const auto listed = ListEligibilities(app_.context(), csr_, detail_.customer.id).value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].id, first.id);
  EXPECT_EQ(listed[1].current_through, year(2027) / 1 / 5);
  EXPECT_EQ(StatusOn(listed[1], app_.context().Today()), EligibilityStatus::kRenewed);
  EXPECT_EQ(BilledPrograms(year(2027) / 1 / 31), std::vector<std::string>{"senior"});
  EXPECT_EQ(RenewEligibility(app_.context(), csr_, first.id, renewal).error().reason,
            "ELIGIBILITY_RENEWED");
}

TEST_F(EligibilityUseCaseTest, TheExpiringReportListsTheNext60Days) {
  EligibilityRequest soon = Senior();
  soon.renews_on = AddDays(test::TestToday(), 60);
  ASSERT_TRUE(AddEligibility(app_.context(), csr_, detail_.customer.id, soon).ok());
  const AccountDetail later = test::CreateSampleAccountDetail(app_);
  EligibilityRequest far = Senior();
  far.renews_on = AddDays(test::TestToday(), 61);
  ASSERT_TRUE(AddEligibility(app_.context(), csr_, later.customer.id, far).ok());

  const Caller finance = CallerWithRole(Role::kFinance);
  const auto report = ListExpiringEligibilities(app_.context(), finance);
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->size(), 1u);
  EXPECT_EQ((*report)[0].account_id, detail_.account.id);
  EXPECT_EQ((*report)[0].customer_name, "Maria Lopez");
  EXPECT_EQ((*report)[0].eligibility.birth_date, std::nullopt);
  EXPECT_EQ(ListExpiringEligibilities(app_.context(), csr_).error().code,
            ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace cistern
