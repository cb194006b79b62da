// The rate audit on a small demo city with deliberate misfits added through the repositories.
#include "app/rate_audit.h"

#include <gtest/gtest.h>

#include "app/demo/demo_city.h"
#include "app/demo/testing/moore_demo.h"
#include "app/rate_book.h"
#include "config/rate_config.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

Date D(const char* text) { return *ParseDate(text, "date"); }

// Moore's rates again from 2026, with a senior water class that needs the senior program.
std::string RatesWithASeniorClass(std::string moore) {
  const std::string effective = "effective = \"2024-07-01\"";
  const std::size_t at = moore.find(effective);
  EXPECT_NE(at, std::string::npos);
  moore.replace(at, effective.size(), "effective = \"2026-01-01\"");
  return moore +
         "\n[services.water.classes.senior]\n"
         "name = \"Senior water\"\n"
         "premise_types = [\"single_family\"]\n"
         "customer_kinds = [\"person\"]\n"
         "location = \"inside\"\n"
         "program = \"senior\"\n"
         "base = { \"5/8\" = \"10.00\" }\n"
         "price_unit = \"kgal\"\n"
         "blocks = [{ price = \"3.00\" }]\n";
}

struct TestService {
  const char* service;
  const char* rate_class;
  Date starts_on;
  std::optional<Date> ends_on;
};

struct Added {
  AccountId account;
  CustomerId customer;
};

class RateAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const DemoOptions options = test::MooreDemo(40, 5, 2);
    const std::string& moore = options.rate_files.front().second;
    ASSERT_TRUE(GenerateDemoCity(app_.context(), options).ok());
    auto loaded = LoadRateFile(app_.context(), CallerWithRole(Role::kAdmin), "moore-senior.toml",
                               RatesWithASeniorClass(moore));
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    route_ = transaction->reference().ListRoutes().value().front();
  }

  // A new customer at a new premise with one account and the given services.
  Added Add(CustomerKind kind, PremiseType type, CityLimits limits,
            const std::vector<TestService>& services,
            AccountStatus status = AccountStatus::kActive) {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    Customer customer = test::SamplePerson();
    customer.kind = kind;
    if (kind == CustomerKind::kBusiness) customer.business_name = "Lopez Rentals LLC";
    Premise premise = test::SamplePremise();
    premise.type = type;
    premise.city_limits = limits;
    premise.route = route_.code;
    premise.cycle = route_.cycle;
    Account account;
    account.customer_id = transaction->customers().Insert(customer).value();
    account.premise_id = transaction->premises().Insert(premise).value();
    account.number = AccountNumber::FromSequence(900'000'000 + ++accounts_added_);
    account.mailing_address = customer.mailing_address;
    account.status = status;
    account.opened_on = D("2020-01-01");
    account.version = 1;
    const AccountId id = transaction->accounts().Insert(account).value();
    for (const TestService& service : services) {
      ServiceRecord record;
      record.account_id = id;
      record.service = service.service;
      record.rate_class = service.rate_class;
      record.starts_on = service.starts_on;
      record.ends_on = service.ends_on;
      EXPECT_TRUE(transaction->metering().InsertService(record).ok());
    }
    EXPECT_TRUE(transaction->Commit().ok());
    return {id, account.customer_id};
  }

  void AddEligibility(CustomerId customer, const char* program, const char* verified_on,
                      const char* renews_on) {
    // No use case records eligibilities yet.
    EXPECT_EQ(
        test::ExecuteRawSql(app_.database_path(),
                            "INSERT INTO eligibilities (customer_id, program, document,"
                            " verified_on, renews_on) VALUES (" +
                                std::to_string(customer.value()) + ", '" + program +
                                "', 'Medicare card', '" + verified_on + "', '" + renews_on + "')"),
        "");
  }

  // "water.commercial:premise_type_mismatch" for each finding on the account.
  static std::vector<std::string> FindingsOf(const RateAuditReport& report, AccountId account) {
    std::vector<std::string> found;
    for (const RateAuditLine& line : report.findings) {
      if (line.account_id != account) continue;
      found.push_back(line.service + "." + line.rate_class + ":" + RateAuditKindCode(line.kind));
    }
    return found;
  }

  static int CountOf(const RateAuditReport& report, RateAuditKind kind) {
    for (const auto& [counted, count] : report.counts) {
      if (counted == kind) return count;
    }
    return -1;
  }

  test::TestApp app_;
  Route route_;
  int accounts_added_ = 0;
  const Caller supervisor_ = CallerWithRole(Role::kSupervisor);
};

using Findings = std::vector<std::string>;

TEST_F(RateAuditTest, FindsEachMisfitAndPassesCleanAccounts) {
  const Date long_ago = D("2020-03-15");
  const Date recent = D("2026-10-01");
  const PremiseType house = PremiseType::kSingleFamily;
  const CustomerKind person = CustomerKind::kPerson;
  const Added clean = Add(person, house, CityLimits::kInside,
                          {{"water", "residential", long_ago}, {"sewer", "residential", recent}});
  const Added shop_rate =
      Add(CustomerKind::kBusiness, house, CityLimits::kInside, {{"water", "commercial", long_ago}});
  const Added outside =
      Add(person, house, CityLimits::kOutside, {{"water", "residential", recent}});
  const Added lapsed_senior =
      Add(person, house, CityLimits::kInside, {{"water", "senior", recent}});
  AddEligibility(lapsed_senior.customer, "senior", "2025-01-02", "2026-01-01");
  const Added senior = Add(person, house, CityLimits::kInside, {{"water", "senior", recent}});
  AddEligibility(senior.customer, "senior", "2026-01-02", "2027-01-01");
  const Added no_average =
      Add(person, house, CityLimits::kInside, {{"sewer", "residential", D("2024-01-15")}});
  const Added averaged =
      Add(person, house, CityLimits::kInside, {{"sewer", "residential", D("2024-01-15")}});
  {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(
        transaction->metering()
            .SaveWinterAverage(averaged.account, D("2026-04-30"), Quantity::FromInteger(5000), 6)
            .ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const Added unknown = Add(person, house, CityLimits::kInside, {{"water", "bogus", recent}});
  // Not audited: a pending account, and a service stopped before the date.
  const Added pending = Add(person, house, CityLimits::kInside, {{"water", "commercial", recent}},
                            AccountStatus::kPending);
  const Added stopped = Add(person, house, CityLimits::kInside,
                            {{"water", "commercial", long_ago, D("2026-06-30")},
                             {"water", "residential", D("2026-07-01")}});

  auto report = RateAudit(app_.context(), supervisor_, test::TestToday());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->as_of, test::TestToday());
  EXPECT_NE(report->rate_version.find("2026-01-01"), std::string::npos) << report->rate_version;
  EXPECT_TRUE(FindingsOf(*report, clean.account).empty());
  EXPECT_EQ(FindingsOf(*report, shop_rate.account),
            Findings{"water.commercial:premise_type_mismatch"});
  EXPECT_EQ(FindingsOf(*report, outside.account), Findings{"water.residential:location_mismatch"});
  EXPECT_EQ(FindingsOf(*report, lapsed_senior.account),
            Findings{"water.senior:program_not_current"});
  EXPECT_TRUE(FindingsOf(*report, senior.account).empty());
  EXPECT_EQ(FindingsOf(*report, no_average.account),
            Findings{"sewer.residential:winter_average_missing"});
  EXPECT_TRUE(FindingsOf(*report, averaged.account).empty());
  EXPECT_EQ(FindingsOf(*report, unknown.account), Findings{"water.bogus:class_unknown"});
  EXPECT_TRUE(FindingsOf(*report, pending.account).empty());
  EXPECT_TRUE(FindingsOf(*report, stopped.account).empty());

  // Each line carries what the CSR needs to act on it.
  for (const RateAuditLine& line : report->findings) {
    if (line.account_id != shop_rate.account) continue;
    EXPECT_EQ(line.customer_name, "Lopez Rentals LLC");
    EXPECT_EQ(line.service_address, "1204 N Broadway Ave");
    EXPECT_EQ(line.rate_class_name, "Commercial water meter");
    EXPECT_EQ(line.detail,
              "Commercial water meter (water.commercial) is for commercial, industrial or"
              " institutional premises; this premise is single-family.");
    EXPECT_TRUE(line.service_id.valid());
  }

  // The counts add up to the findings, and cover every kind.
  ASSERT_EQ(report->counts.size(), AllRateAuditKinds().size());
  int total = 0;
  for (const auto& [kind, count] : report->counts) total += count;
  EXPECT_EQ(total, report->findings_total);
  EXPECT_EQ(report->findings_total, static_cast<int>(report->findings.size()));
  EXPECT_FALSE(report->truncated);
  EXPECT_GE(CountOf(*report, RateAuditKind::kProgramNotCurrent), 1);
  EXPECT_GE(CountOf(*report, RateAuditKind::kClassUnknown), 1);
  EXPECT_GT(report->services_checked, report->accounts_checked);
  EXPECT_GE(report->accounts_with_findings, 6);
  EXPECT_LE(report->accounts_with_findings, report->accounts_checked);
}

TEST_F(RateAuditTest, AuditsAgainstTheRatesInEffectOnTheDate) {
  const Added senior = Add(CustomerKind::kPerson, PremiseType::kSingleFamily, CityLimits::kInside,
                           {{"water", "senior", D("2025-01-01")}});
  AddEligibility(senior.customer, "senior", "2025-01-01", "2027-01-01");
  // Before 2026 the senior class did not exist yet.
  auto before = RateAudit(app_.context(), supervisor_, D("2025-06-01"));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(FindingsOf(*before, senior.account), Findings{"water.senior:class_unknown"});
  auto after = RateAudit(app_.context(), supervisor_, D("2026-06-01"));
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(FindingsOf(*after, senior.account).empty());
  // Eligibility is read on the date too: renewed by 2027 and not after.
  auto lapsed = RateAudit(app_.context(), supervisor_, D("2027-01-02"));
  ASSERT_TRUE(lapsed.ok());
  EXPECT_EQ(FindingsOf(*lapsed, senior.account), Findings{"water.senior:program_not_current"});
}

// A service that starts after the date (a move-in set up ahead) is checked against the rates in
// effect on its first day, not those of the date: a senior class that exists from 2026 is not
// "unknown" on a 2026 service audited as of 2025.
TEST_F(RateAuditTest, AServiceStartingLaterIsCheckedAgainstTheRatesOfItsStart) {
  const Added later = Add(CustomerKind::kPerson, PremiseType::kSingleFamily, CityLimits::kInside,
                          {{"water", "senior", D("2026-03-01")}});
  AddEligibility(later.customer, "senior", "2025-01-01", "2027-01-01");
  auto report = RateAudit(app_.context(), supervisor_, D("2025-06-01"));
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(FindingsOf(*report, later.account).empty())
      << FindingsOf(*report, later.account).front();
  // The same class on a service already on in 2025 is unknown to the rates of then.
  const Added now = Add(CustomerKind::kPerson, PremiseType::kSingleFamily, CityLimits::kInside,
                        {{"water", "senior", D("2025-01-01")}});
  AddEligibility(now.customer, "senior", "2025-01-01", "2027-01-01");
  report = RateAudit(app_.context(), supervisor_, D("2025-06-01"));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(FindingsOf(*report, now.account), Findings{"water.senior:class_unknown"});
  EXPECT_TRUE(FindingsOf(*report, later.account).empty());
}

TEST_F(RateAuditTest, ListsOneKindAndAtMostTheMaximumWhileCountingEverything) {
  const Date recent = D("2026-10-01");
  for (int index = 0; index < 3; ++index) {
    Add(CustomerKind::kBusiness, PremiseType::kSingleFamily, CityLimits::kInside,
        {{"water", "commercial", recent}});
  }
  Add(CustomerKind::kPerson, PremiseType::kSingleFamily, CityLimits::kInside,
      {{"water", "bogus", recent}});
  auto all = RateAudit(app_.context(), supervisor_, test::TestToday());
  ASSERT_TRUE(all.ok());
  RateAuditFilter filter;
  filter.kind = RateAuditKind::kPremiseTypeMismatch;
  filter.findings_max = 2;
  auto some = RateAudit(app_.context(), supervisor_, test::TestToday(), filter);
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(some->findings_total, all->findings_total);
  EXPECT_EQ(some->counts, all->counts);
  EXPECT_EQ(some->findings_listed, CountOf(*all, RateAuditKind::kPremiseTypeMismatch));
  EXPECT_GE(some->findings_listed, 3);
  EXPECT_TRUE(some->truncated);
  ASSERT_EQ(some->findings.size(), 2u);
  for (const RateAuditLine& line : some->findings) {
    EXPECT_EQ(line.kind, RateAuditKind::kPremiseTypeMismatch);
  }
}

TEST_F(RateAuditTest, NeedsTheRateAuditPermission) {
  for (Role role : {Role::kField}) {
    auto refused = RateAudit(app_.context(), CallerWithRole(role), test::TestToday());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  }
  for (Role role : {Role::kCsr, Role::kSupervisor, Role::kFinance, Role::kAdmin, Role::kAuditor}) {
    EXPECT_TRUE(RateAudit(app_.context(), CallerWithRole(role), test::TestToday()).ok());
  }
}

}  // namespace
}  // namespace cistern
