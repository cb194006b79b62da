#include "app/demo/demo_city.h"

#include <gtest/gtest.h>

#include "app/accounts.h"
#include "app/billing.h"
#include "app/demo/testing/moore_demo.h"
#include "app/metering.h"
#include "app/notes.h"
#include "app/sessions.h"
#include "config/rate_config.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

constexpr int kAccounts = 50;
constexpr int kMonths = 4;

// A demo city of `accounts` accounts with kMonths months of bills under the shipped rates.
DemoOptions DemoWith(int accounts, std::uint64_t seed) {
  return test::MooreDemo(accounts, seed, kMonths);
}

// What must come out the same for the same seed.
struct DemoAccount {
  std::string number;
  std::string customer_name;
  Address service_address;
  Address mailing_address;
  std::vector<Phone> phones;
  std::vector<std::string> emails;
  std::string opened_on;
  std::string status;
  std::string route;

  friend bool operator==(const DemoAccount&, const DemoAccount&) = default;
};

void PrintTo(const DemoAccount& account, std::ostream* out) {
  *out << account.number << " " << account.customer_name << " @ "
       << FormatAddressOneLine(account.service_address);
}

// Every account of the city, read back through the use cases in account-number order.
std::vector<DemoAccount> ReadCity(test::TestApp& app) {
  const Caller supervisor = CallerWithRole(Role::kSupervisor);
  std::vector<DemoAccount> city;
  PageRequest page;
  page.page_size = kPageSizeMax;
  while (true) {
    const auto found = SearchAccounts(app.context(), supervisor, "", page).value();
    for (const AccountSummary& summary : found.items) {
      const AccountView view = GetAccount(app.context(), supervisor, summary.id).value();
      const AccountDetail& detail = view.detail;
      city.push_back({detail.account.number.text(), CustomerDisplayName(detail.customer),
                      detail.premise.address, detail.customer.mailing_address,
                      detail.customer.phones, detail.customer.emails,
                      FormatDate(detail.account.opened_on),
                      AccountStatusCode(detail.account.status), detail.premise.route});
    }
    if (!found.next_after) break;
    page.after = *found.next_after;
  }
  return city;
}

// Generating a city hashes six demo passwords (argon2id), so the suite builds its three cities
// once and the tests only read them.
class DemoCityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    first_ = new test::TestApp();
    same_seed_ = new test::TestApp();
    other_seed_ = new test::TestApp();
    first_report_ =
        new Result<DemoReport>(GenerateDemoCity(first_->context(), DemoWith(kAccounts, 7)));
    same_seed_report_ =
        new Result<DemoReport>(GenerateDemoCity(same_seed_->context(), DemoWith(kAccounts, 7)));
    other_seed_report_ =
        new Result<DemoReport>(GenerateDemoCity(other_seed_->context(), DemoWith(kAccounts, 8)));
  }
  static void TearDownTestSuite() {
    delete first_report_;
    delete same_seed_report_;
    delete other_seed_report_;
    delete first_;
    delete same_seed_;
    delete other_seed_;
  }

  void SetUp() override {
    ASSERT_TRUE(first_report_->ok()) << first_report_->error().message;
    ASSERT_TRUE(same_seed_report_->ok()) << same_seed_report_->error().message;
    ASSERT_TRUE(other_seed_report_->ok()) << other_seed_report_->error().message;
  }

  static test::TestApp* first_;
  static test::TestApp* same_seed_;
  static test::TestApp* other_seed_;
  static Result<DemoReport>* first_report_;
  static Result<DemoReport>* same_seed_report_;
  static Result<DemoReport>* other_seed_report_;
};

test::TestApp* DemoCityTest::first_ = nullptr;
test::TestApp* DemoCityTest::same_seed_ = nullptr;
test::TestApp* DemoCityTest::other_seed_ = nullptr;
Result<DemoReport>* DemoCityTest::first_report_ = nullptr;
Result<DemoReport>* DemoCityTest::same_seed_report_ = nullptr;
Result<DemoReport>* DemoCityTest::other_seed_report_ = nullptr;

TEST_F(DemoCityTest, ReportsWhatItWrote) {
  const DemoReport& report = **first_report_;
  EXPECT_EQ(report.accounts, kAccounts);
  EXPECT_EQ(report.customers, kAccounts);
  EXPECT_EQ(report.premises, kAccounts);
  EXPECT_EQ(report.users.size(), AllRoles().size());
  const auto counts = first_->RowCounts();
  EXPECT_EQ(counts.at("accounts"), kAccounts);
  EXPECT_EQ(counts.at("customers"), kAccounts);
  EXPECT_EQ(counts.at("premises"), kAccounts);
  EXPECT_EQ(counts.at("notes"), report.notes);
  EXPECT_EQ(counts.at("users"), 6);
  EXPECT_EQ(counts.at("cycles"), 4);
  EXPECT_EQ(counts.at("routes"), 40);
}

TEST_F(DemoCityTest, NumbersAccountsFromTheFirstSequenceOn) {
  const auto city = ReadCity(*first_);
  ASSERT_EQ(city.size(), static_cast<std::size_t>(kAccounts));
  for (int index = 0; index < kAccounts; ++index) {
    EXPECT_EQ(city[index].number,
              AccountNumber::FromSequence(kFirstAccountNumberSequence + index).text());
  }
}

TEST_F(DemoCityTest, TheSameSeedGivesTheSameCityInAnotherDatabase) {
  const auto first = ReadCity(*first_);
  const auto again = ReadCity(*same_seed_);
  ASSERT_EQ(first.size(), static_cast<std::size_t>(kAccounts));
  ASSERT_EQ(again.size(), first.size());
  for (std::size_t index = 0; index < first.size(); ++index) {
    EXPECT_EQ(again[index], first[index]) << "account " << index;
  }
  EXPECT_EQ(same_seed_report_->value().notes, first_report_->value().notes);
}

TEST_F(DemoCityTest, AnotherSeedGivesAnotherCity) {
  const auto first = ReadCity(*first_);
  const auto other = ReadCity(*other_seed_);
  ASSERT_EQ(other.size(), first.size());
  int same_name = 0;
  int same_address = 0;
  for (std::size_t index = 0; index < first.size(); ++index) {
    EXPECT_EQ(other[index].number, first[index].number) << "numbers do not depend on the seed";
    same_name += other[index].customer_name == first[index].customer_name;
    same_address += other[index].service_address == first[index].service_address;
  }
  EXPECT_LT(same_name, kAccounts / 5);
  EXPECT_LT(same_address, kAccounts / 5);
}

TEST_F(DemoCityTest, EveryGeneratedRecordPassesTheDomainRules) {
  const Caller supervisor = CallerWithRole(Role::kSupervisor);
  const Date today = first_->context().Today();
  for (int index = 0; index < kAccounts; ++index) {
    const AccountView view =
        GetAccountByNumber(first_->context(), supervisor,
                           AccountNumber::FromSequence(kFirstAccountNumberSequence + index))
            .value();
    const AccountDetail& detail = view.detail;
    const Status customer = ValidateCustomer(detail.customer, today, "customer");
    EXPECT_TRUE(customer.ok()) << detail.account.number.text() << ": " << customer.error().field
                               << " " << customer.error().message;
    const Status premise = ValidatePremise(detail.premise, "premise");
    EXPECT_TRUE(premise.ok()) << detail.account.number.text() << ": " << premise.error().field
                              << " " << premise.error().message;
    EXPECT_TRUE(ValidateAddress(detail.account.mailing_address, "account.mailing_address").ok());
    EXPECT_LE(detail.account.opened_on, today);
    if (detail.account.closed_on) {
      EXPECT_GT(*detail.account.closed_on, detail.account.opened_on);
    }
    // Stored already normalized, as a use case would have stored it.
    const Customer normalized = NormalizeCustomer(detail.customer);
    EXPECT_EQ(normalized.phones, detail.customer.phones);
    EXPECT_EQ(normalized.emails, detail.customer.emails);
    EXPECT_EQ(normalized.mailing_address, detail.customer.mailing_address);
    EXPECT_EQ(NormalizePremise(detail.premise).address, detail.premise.address);
  }
}

TEST_F(DemoCityTest, EveryAccountHasItsCreationInItsHistory) {
  const Caller csr = CallerWithRole(Role::kCsr);
  for (int index = 0; index < kAccounts; index += 7) {
    const AccountView view =
        GetAccountByNumber(first_->context(), csr,
                           AccountNumber::FromSequence(kFirstAccountNumberSequence + index))
            .value();
    const auto history =
        AccountHistory(first_->context(), csr, view.detail.account.id, PageRequest{}).value();
    ASSERT_FALSE(history.items.empty());
    EXPECT_EQ(history.items.back().action, "account.create");
  }
}

TEST_F(DemoCityTest, RefusesADatabaseThatAlreadyHasAccounts) {
  const auto before = first_->RowCounts();
  const auto again = GenerateDemoCity(first_->context(), DemoWith(kAccounts, 7));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.error().reason, "DATABASE_NOT_EMPTY");
  EXPECT_EQ(first_->RowCounts(), before);
}

TEST_F(DemoCityTest, TheDemoUsersCanSignIn) {
  const std::vector<DemoUser> users = DemoUsers();
  ASSERT_EQ(users.size(), 6u);
  EXPECT_EQ(users[0].username, "csr");
  EXPECT_EQ(users[0].password, "demo-csr-2026");
  const auto signed_in = SignIn(first_->context(), "csr", "demo-csr-2026");
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
  EXPECT_EQ(signed_in->user.role, Role::kCsr);
}

TEST(DemoCityRefusalTest, RefusesADatabaseWithAnAccountCreatedByHand) {
  test::TestApp app;
  app.AddReferenceData();
  ASSERT_TRUE(
      CreateAccount(app.context(), CallerWithRole(Role::kCsr), test::SampleCreateRequest()).ok());
  const auto before = app.RowCounts();
  const auto refused = GenerateDemoCity(app.context(), {.accounts = 5, .seed = 1});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, "DATABASE_NOT_EMPTY");
  EXPECT_EQ(app.RowCounts(), before);
}

TEST(DemoCityRefusalTest, RefusesASizeOutsideOneToTwoMillion) {
  test::TestApp app;
  const auto before = app.RowCounts();
  for (int accounts : {0, -1, kDemoAccountsMax + 1}) {
    const auto refused = GenerateDemoCity(app.context(), {.accounts = accounts, .seed = 1});
    ASSERT_FALSE(refused.ok()) << accounts;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field, "accounts");
  }
  EXPECT_EQ(app.RowCounts(), before);
}

}  // namespace
}  // namespace cistern

namespace cistern {
namespace {

// The demo city's bills come from real billing runs under the loaded rates: every active metered
// account has a meter, readings and a bill per month, and a few readings wait in the queue.
TEST_F(DemoCityTest, BillsEveryMonthFromReadingsUnderTheLoadedRates) {
  ASSERT_TRUE(first_report_->ok()) << first_report_->error().message;
  const DemoReport& report = **first_report_;
  EXPECT_GT(report.meters, kAccounts * 8 / 10);
  EXPECT_EQ(report.billing_runs, kMonths * 4);  // four cycles
  EXPECT_GT(report.bills, report.meters * (kMonths - 1));
  EXPECT_GT(report.readings, report.meters * kMonths);
  const Caller csr = CallerWithRole(Role::kCsr);
  auto runs = ListRuns(first_->context(), csr, {100, 0});
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->items.size(), static_cast<std::size_t>(kMonths * 4));
  for (const BillingRun& run : runs->items) EXPECT_EQ(run.status, RunStatus::kPosted);
  // A posted bill of the newest run reads back with lines that add up to its charges.
  auto bills = first_->store()
                   .Begin(TransactionMode::kRead)
                   .value()
                   ->billing()
                   .BillsOfRun(runs->items.front().id, BillId(), 5);
  ASSERT_TRUE(bills.ok());
  ASSERT_FALSE(bills->empty());
  auto bill = GetBill(first_->context(), csr, bills->front().id);
  ASSERT_TRUE(bill.ok()) << bill.error().message;
  Money sum;
  for (const BillLine& line : bill->bill.lines) sum += line.amount;
  EXPECT_EQ(sum, bill->bill.current_charges);
  EXPECT_EQ(bill->bill.total_due, bill->bill.previous_balance + bill->bill.payments +
                                      bill->bill.adjustments + bill->bill.current_charges);
  EXPECT_FALSE(bill->bill.readings.empty());
}

// A live city's readings arrive a month at a time from route files; the demo writes each chunk
// of accounts' monthly readings in date order too, so that a month's readings sit together.
TEST_F(DemoCityTest, WritesEachMonthsReadingsTogetherAsRouteFilesWould) {
  const std::string& db = first_->database_path();
  ASSERT_GT(test::QueryRawInt(db, "SELECT COUNT(*) FROM readings WHERE kind = 'actual'"),
            kAccounts);
  EXPECT_EQ(test::QueryRawInt(db,
                              "SELECT COUNT(*) FROM readings a JOIN readings b ON b.id > a.id"
                              " WHERE a.kind = 'actual' AND b.kind = 'actual'"
                              " AND b.read_on < a.read_on"),
            0);
}

}  // namespace
}  // namespace cistern
