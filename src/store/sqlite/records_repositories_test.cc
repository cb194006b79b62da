// Customers, premises, accounts, cycles and routes through the store interfaces, on a real SQLite
// file.
#include <gtest/gtest.h>

#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using std::chrono::year;

class RecordsRepositoriesTest : public ::testing::Test {
 protected:
  void SetUp() override { app_.AddReferenceData(); }

  std::unique_ptr<Transaction> Write() {
    return app_.store().Begin(TransactionMode::kWrite).value();
  }
  std::unique_ptr<Transaction> Read() { return app_.store().Begin(TransactionMode::kRead).value(); }

  // Inserts customer, premise and account in one committed transaction.
  AccountId InsertAccount(const Customer& customer, const Premise& premise, std::int64_t sequence) {
    auto transaction = Write();
    Account account;
    account.customer_id = transaction->customers().Insert(customer).value();
    account.premise_id = transaction->premises().Insert(premise).value();
    account.number = AccountNumber::FromSequence(sequence);
    account.mailing_address = customer.mailing_address;
    account.opened_on = year(2026) / 11 / 27;
    account.version = 1;
    const AccountId id = transaction->accounts().Insert(account).value();
    EXPECT_TRUE(transaction->Commit().ok());
    return id;
  }

  static Customer StoredPerson() {
    Customer customer = NormalizeCustomer(test::SamplePerson());
    customer.version = 1;
    return customer;
  }

  test::TestApp app_;
};

// --- customers -----------------------------------------------------------------------------------

TEST_F(RecordsRepositoriesTest, ACustomerRoundTripsWithPhonesAndEmailsInOrder) {
  Customer customer = StoredPerson();
  customer.business_name = "Lopez Lawn Care";
  // Not in digit or alphabetical order, so that only the stored position can give this order.
  customer.phones = {{"9185550100", "work"}, {"4055550142", "mobile"}, {"5805550111", ""}};
  customer.emails = {"zed@example.com", "amy@example.com"};
  customer.confidential = true;
  customer.version = 3;
  CustomerId id;
  {
    auto transaction = Write();
    id = transaction->customers().Insert(customer).value();
    ASSERT_TRUE(transaction->Commit().ok());
  }
  EXPECT_TRUE(id.valid());
  const Customer read = Read()->customers().Get(id).value();
  EXPECT_EQ(read.id, id);
  EXPECT_EQ(read.kind, CustomerKind::kPerson);
  EXPECT_EQ(read.first_name, "Maria");
  EXPECT_EQ(read.last_name, "Lopez");
  EXPECT_EQ(read.business_name, "Lopez Lawn Care");
  EXPECT_EQ(read.phones, customer.phones);
  EXPECT_EQ(read.emails, customer.emails);
  EXPECT_EQ(read.mailing_address, customer.mailing_address);
  EXPECT_EQ(read.date_of_birth, customer.date_of_birth);
  EXPECT_EQ(read.id_last4, "1234");
  EXPECT_TRUE(read.confidential);
  EXPECT_EQ(read.version, 3);
}

TEST_F(RecordsRepositoriesTest, ABusinessWithoutBirthDateOrContactsRoundTrips) {
  Customer customer;
  customer.kind = CustomerKind::kBusiness;
  customer.business_name = "Broadway Laundromat LLC";
  customer.mailing_address = {"PO Box 12", "Suite 4", "Moore", "OK", "73160-1234"};
  customer.version = 1;
  CustomerId id;
  {
    auto transaction = Write();
    id = transaction->customers().Insert(customer).value();
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const Customer read = Read()->customers().Get(id).value();
  EXPECT_EQ(read.kind, CustomerKind::kBusiness);
  EXPECT_EQ(read.business_name, "Broadway Laundromat LLC");
  EXPECT_FALSE(read.date_of_birth.has_value());
  EXPECT_TRUE(read.phones.empty());
  EXPECT_TRUE(read.emails.empty());
  EXPECT_EQ(read.mailing_address, customer.mailing_address);
  EXPECT_FALSE(read.confidential);
}

TEST_F(RecordsRepositoriesTest, PhonesAndEmailsOfTwoCustomersStayApart) {
  Customer first = StoredPerson();
  first.phones = {{"4055550001", ""}};
  first.emails = {"first@example.com"};
  Customer second = StoredPerson();
  second.phones = {{"4055550002", ""}, {"4055550003", ""}};
  second.emails = {};
  CustomerId first_id;
  CustomerId second_id;
  {
    auto transaction = Write();
    first_id = transaction->customers().Insert(first).value();
    second_id = transaction->customers().Insert(second).value();
    ASSERT_TRUE(transaction->Commit().ok());
  }
  auto reader = Read();
  EXPECT_EQ(reader->customers().Get(first_id).value().phones, first.phones);
  EXPECT_EQ(reader->customers().Get(first_id).value().emails, first.emails);
  EXPECT_EQ(reader->customers().Get(second_id).value().phones, second.phones);
  EXPECT_TRUE(reader->customers().Get(second_id).value().emails.empty());
}

TEST_F(RecordsRepositoriesTest, AnUnknownCustomerIsNotFound) {
  const auto missing = Read()->customers().Get(CustomerId(4242));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().reason, "CUSTOMER_NOT_FOUND");
}

TEST_F(RecordsRepositoriesTest, NonAsciiTextRoundTripsByteForByte) {
  Customer customer = StoredPerson();
  customer.first_name = "José";
  customer.last_name = "Peña Nguyễn";
  customer.mailing_address.line1 = "12 Calle Año Nuevo";
  CustomerId id;
  {
    auto transaction = Write();
    id = transaction->customers().Insert(customer).value();
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const Customer read = Read()->customers().Get(id).value();
  EXPECT_EQ(read.first_name, "José");
  EXPECT_EQ(read.last_name, "Peña Nguyễn");
  EXPECT_EQ(read.mailing_address.line1, "12 Calle Año Nuevo");
}

// --- premises ------------------------------------------------------------------------------------

TEST_F(RecordsRepositoriesTest, APremiseRoundTrips) {
  Premise premise = test::SamplePremise();
  premise.address = {"500 SW 4th St", "Bldg B", "Moore", "OK", "73160-2201"};
  premise.city_limits = CityLimits::kOutside;
  premise.type = PremiseType::kMultiFamily;
  premise.unit_count = 24;
  premise.parcel_number = "R99-000-111";
  premise.route = "R11";
  premise.cycle = "2";
  premise.version = 2;
  PremiseId id;
  {
    auto transaction = Write();
    id = transaction->premises().Insert(premise).value();
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const Premise read = Read()->premises().Get(id).value();
  EXPECT_EQ(read.id, id);
  EXPECT_EQ(read.address, premise.address);
  EXPECT_EQ(read.city_limits, CityLimits::kOutside);
  EXPECT_EQ(read.type, PremiseType::kMultiFamily);
  EXPECT_EQ(read.unit_count, 24);
  EXPECT_EQ(read.parcel_number, "R99-000-111");
  EXPECT_EQ(read.route, "R11");
  EXPECT_EQ(read.cycle, "2");
  EXPECT_EQ(read.version, 2);
}

TEST_F(RecordsRepositoriesTest, APremiseOnAnUnknownRouteIsRefusedByTheDatabase) {
  Premise premise = test::SamplePremise();
  premise.route = "R99";
  auto transaction = Write();
  const auto inserted = transaction->premises().Insert(premise);
  ASSERT_FALSE(inserted.ok());
  EXPECT_EQ(inserted.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(inserted.error().reason, "CONSTRAINT_FAILED");
}

TEST_F(RecordsRepositoriesTest, AnUnknownPremiseIsNotFound) {
  const auto missing = Read()->premises().Get(PremiseId(77));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().reason, "PREMISE_NOT_FOUND");
}

// --- accounts ------------------------------------------------------------------------------------

TEST_F(RecordsRepositoriesTest, AnAccountRoundTrips) {
  Account account;
  {
    auto transaction = Write();
    account.customer_id = transaction->customers().Insert(StoredPerson()).value();
    account.premise_id = transaction->premises().Insert(test::SamplePremise()).value();
    account.number = AccountNumber::FromSequence(100000017);
    account.mailing_address = {"PO Box 9", "", "Norman", "OK", "73069"};
    account.status = AccountStatus::kFinal;
    account.opened_on = year(2020) / 3 / 1;
    account.closed_on = year(2026) / 10 / 31;
    account.version = 4;
    account.id = transaction->accounts().Insert(account).value();
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const Account read = Read()->accounts().Get(account.id).value();
  EXPECT_EQ(read.id, account.id);
  EXPECT_EQ(read.number, account.number);
  EXPECT_EQ(read.number.text(), "1000000178");
  EXPECT_EQ(read.customer_id, account.customer_id);
  EXPECT_EQ(read.premise_id, account.premise_id);
  EXPECT_EQ(read.mailing_address, account.mailing_address);
  EXPECT_EQ(read.status, AccountStatus::kFinal);
  EXPECT_EQ(read.opened_on, account.opened_on);
  EXPECT_EQ(read.closed_on, account.closed_on);
  EXPECT_EQ(read.version, 4);
}

TEST_F(RecordsRepositoriesTest, FindByNumberFindsTheAccountWithThatNumberOnly) {
  const AccountId first = InsertAccount(StoredPerson(), test::SamplePremise(), 100000000);
  const AccountId second = InsertAccount(StoredPerson(), test::SamplePremise(), 100000001);
  auto reader = Read();
  EXPECT_EQ(reader->accounts().FindByNumber(AccountNumber::FromSequence(100000000)).value().id,
            first);
  const Account found =
      reader->accounts().FindByNumber(AccountNumber::FromSequence(100000001)).value();
  EXPECT_EQ(found.id, second);
  EXPECT_EQ(found.number, AccountNumber::FromSequence(100000001));
  const auto missing = reader->accounts().FindByNumber(AccountNumber::FromSequence(100000002));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().reason, "ACCOUNT_NOT_FOUND");
}

TEST_F(RecordsRepositoriesTest, AnUnknownAccountIdIsNotFound) {
  const auto missing = Read()->accounts().Get(AccountId(5));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(RecordsRepositoriesTest, NextNumberSequenceIsOneMoreThanTheHighestUsed) {
  EXPECT_EQ(Read()->accounts().NextNumberSequence().value(), 1);
  InsertAccount(StoredPerson(), test::SamplePremise(), 100000005);
  InsertAccount(StoredPerson(), test::SamplePremise(), 100000002);
  EXPECT_EQ(Read()->accounts().NextNumberSequence().value(), 100000006);
}

TEST_F(RecordsRepositoriesTest, ADuplicateAccountNumberIsAConflict) {
  InsertAccount(StoredPerson(), test::SamplePremise(), 100000000);
  auto transaction = Write();
  Account account;
  account.customer_id = transaction->customers().Insert(StoredPerson()).value();
  account.premise_id = transaction->premises().Insert(test::SamplePremise()).value();
  account.number = AccountNumber::FromSequence(100000000);
  account.opened_on = year(2026) / 11 / 27;
  const auto inserted = transaction->accounts().Insert(account);
  ASSERT_FALSE(inserted.ok());
  EXPECT_EQ(inserted.error().code, ErrorCode::kConflict);
}

TEST_F(RecordsRepositoriesTest, AnAccountForAnUnknownCustomerIsRefusedByTheDatabase) {
  auto transaction = Write();
  Account account;
  account.customer_id = CustomerId(999);
  account.premise_id = transaction->premises().Insert(test::SamplePremise()).value();
  account.number = AccountNumber::FromSequence(100000000);
  account.opened_on = year(2026) / 11 / 27;
  const auto inserted = transaction->accounts().Insert(account);
  ASSERT_FALSE(inserted.ok());
  EXPECT_EQ(inserted.error().code, ErrorCode::kFailedPrecondition);
}

// --- cycles and routes ---------------------------------------------------------------------------

TEST_F(RecordsRepositoriesTest, ListsCyclesAndRoutesByCode) {
  auto reader = Read();
  const auto cycles = reader->reference().ListCycles().value();
  ASSERT_EQ(cycles.size(), 2u);
  EXPECT_EQ(cycles[0].code, "1");
  EXPECT_EQ(cycles[1].code, "2");
  const auto routes = reader->reference().ListRoutes().value();
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0].code, "R01");
  EXPECT_EQ(routes[0].cycle, "1");
  EXPECT_EQ(routes[2].code, "R11");
  EXPECT_EQ(routes[2].name, "Route 11");
  EXPECT_EQ(routes[2].cycle, "2");
}

TEST_F(RecordsRepositoriesTest, ARouteNeedsAnExistingCycleAndAUniqueCode) {
  auto transaction = Write();
  EXPECT_FALSE(transaction->reference().InsertRoute({"R50", "Route 50", "9"}).ok());
  const Status duplicate = transaction->reference().InsertRoute({"R01", "Again", "1"});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  const Status cycle = transaction->reference().InsertCycle({"1", "Again"});
  ASSERT_FALSE(cycle.ok());
  EXPECT_EQ(cycle.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace cistern
