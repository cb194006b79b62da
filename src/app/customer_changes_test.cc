#include "app/customer_changes.h"

#include <gtest/gtest.h>

#include "app/accounts.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

class CustomerChangeUseCaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    CreateAccountRequest request = test::SampleCreateRequest();
    request.opened_on = AddDays(test::TestToday(), -200);
    detail_ = CreateAccount(app_.context(), CallerWithRole(Role::kCsr), request).value().detail;
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
  }

  CustomerChangeRequest Name(std::string last_name, int days_back = 0) {
    CustomerChangeRequest request;
    request.values.kind = CustomerChangeKind::kName;
    request.values.first_name = "Maria";
    request.values.last_name = std::move(last_name);
    request.effective_on = AddDays(test::TestToday(), -days_back);
    return request;
  }

  Customer StoredCustomer() {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    return transaction->customers().Get(detail_.customer.id).value();
  }
  Account StoredAccount(AccountId id) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    return transaction->accounts().Get(id).value();
  }

  void ExpectRefused(const CustomerChangeRequest& request, const std::string& reason,
                     const std::string& field, const Caller* caller = nullptr) {
    const auto before = app_.RowCounts();
    const auto changed =
        ChangeCustomer(app_.context(), caller ? *caller : csr_, detail_.customer.id, request);
    ASSERT_FALSE(changed.ok());
    EXPECT_EQ(changed.error().reason, reason) << changed.error().message;
    EXPECT_EQ(changed.error().field, field);
    EXPECT_EQ(app_.RowCounts(), before) << "a refused change wrote something";
  }

  test::TestApp app_;
  AccountDetail detail_;
  Caller csr_;
};

TEST_F(CustomerChangeUseCaseTest, ChangesTheNameKeepsHistoryAndAudits) {
  const auto changed =
      ChangeCustomer(app_.context(), csr_, detail_.customer.id, Name("Lopez Garcia", 10));
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->customer.last_name, "Lopez Garcia");
  EXPECT_EQ(changed->customer.version, 2);
  const Customer stored = StoredCustomer();
  EXPECT_EQ(stored.last_name, "Lopez Garcia");
  EXPECT_EQ(stored.version, 2);
  EXPECT_EQ(stored.phones, detail_.customer.phones);  // untouched

  const auto second = ChangeCustomer(app_.context(), csr_, detail_.customer.id, Name("Garcia", 0));
  ASSERT_TRUE(second.ok()) << second.error().message;

  const auto history =
      ListCustomerChanges(app_.context(), CallerWithRole(Role::kAuditor), detail_.customer.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].after[1].second, "Garcia");
  EXPECT_EQ((*history)[0].before[1].second, "Lopez Garcia");
  EXPECT_EQ((*history)[1].before[1].second, "Lopez");
  EXPECT_EQ((*history)[1].effective_on, AddDays(test::TestToday(), -10));
  EXPECT_EQ((*history)[1].recorded_by, csr_.user_id);
  EXPECT_EQ((*history)[1].recorded_by_name, "Casey Reyes");

  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "customer.change_name");
  EXPECT_EQ(event.entity_type, "customer");
  EXPECT_EQ(event.user_id, csr_.user_id);
  bool saw_last_name = false;
  for (const FieldChange& change : event.changes) {
    if (change.field != "last_name") continue;
    saw_last_name = true;
    EXPECT_EQ(change.before, "Lopez Garcia");
    EXPECT_EQ(change.after, "Garcia");
  }
  EXPECT_TRUE(saw_last_name);
}

TEST_F(CustomerChangeUseCaseTest, TheChangedNameIsSearchable) {
  ASSERT_TRUE(ChangeCustomer(app_.context(), csr_, detail_.customer.id, Name("Zamorano")).ok());
  const auto found = SearchAccounts(app_.context(), csr_, "Zamorano", {});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].id, detail_.account.id);
}

TEST_F(CustomerChangeUseCaseTest, AMailingAddressChangeFollowsTheCustomersOpenAccounts) {
  const AccountId second = test::CreateAccountForSameCustomer(app_, detail_.account.id);
  const AccountId closed = test::CreateAccountForSameCustomer(app_, detail_.account.id);
  test::CloseAccountForTest(app_, closed);
  CreateAccountRequest own = test::SampleCreateRequest();
  own.new_customer.reset();
  own.existing_customer = detail_.customer.id;
  own.mailing_address = Address{"PO Box 9", "", "Norman", "OK", "73069"};
  const AccountId care_of = CreateAccount(app_.context(), csr_, own).value().detail.account.id;

  CustomerChangeRequest request;
  request.values.kind = CustomerChangeKind::kMailingAddress;
  request.values.mailing_address = {"77 Elm St", "Apt 2", "moore", "ok", "73160"};
  const auto changed = ChangeCustomer(app_.context(), csr_, detail_.customer.id, request);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->accounts_readdressed, (std::vector<AccountId>{detail_.account.id, second}));
  const Address expected{"77 Elm St", "Apt 2", "moore", "OK", "73160"};
  EXPECT_EQ(StoredCustomer().mailing_address, expected);
  EXPECT_EQ(StoredAccount(detail_.account.id).mailing_address, expected);
  EXPECT_EQ(StoredAccount(second).mailing_address, expected);
  EXPECT_EQ(StoredAccount(closed).mailing_address, detail_.customer.mailing_address);
  EXPECT_EQ(StoredAccount(care_of).mailing_address.line1, "PO Box 9");
  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "account.change_mailing_address");
  EXPECT_EQ(event.account_id, second);
}

TEST_F(CustomerChangeUseCaseTest, ReplacesPhonesAndEmails) {
  CustomerChangeRequest phones;
  phones.values.kind = CustomerChangeKind::kPhones;
  phones.values.phones = {{"1 (405) 555-0100", "home"}};
  ASSERT_TRUE(ChangeCustomer(app_.context(), csr_, detail_.customer.id, phones).ok());
  CustomerChangeRequest emails;
  emails.values.kind = CustomerChangeKind::kEmails;
  emails.values.emails = {" New@Example.COM "};
  ASSERT_TRUE(ChangeCustomer(app_.context(), csr_, detail_.customer.id, emails).ok());
  const Customer stored = StoredCustomer();
  EXPECT_EQ(stored.phones, (std::vector<Phone>{{"4055550100", "home"}}));
  EXPECT_EQ(stored.emails, (std::vector<std::string>{"new@example.com"}));
  EXPECT_EQ(stored.version, 3);
}

TEST_F(CustomerChangeUseCaseTest, RefusalsWriteNothing) {
  ExpectRefused(Name("Lopez"), "CHANGE_UNCHANGED", "last_name");
  ExpectRefused(Name("Garcia", -1), "EFFECTIVE_DATE_IN_FUTURE", "effective_on");
  ExpectRefused(Name("Garcia", 201), "EFFECTIVE_DATE_BEFORE_OPENING", "effective_on");
  CustomerChangeRequest phones;
  phones.values.kind = CustomerChangeKind::kPhones;
  phones.values.phones = {{"555", ""}};
  ExpectRefused(phones, "PHONE_INVALID", "phones[0].number");
  CustomerChangeRequest emails;
  emails.values.kind = CustomerChangeKind::kEmails;
  emails.values.emails = {"maria@"};
  ExpectRefused(emails, "EMAIL_INVALID", "emails[0]");
  CustomerChangeRequest stale = Name("Garcia");
  stale.version = 7;
  ExpectRefused(stale, "VERSION_MISMATCH", "version");
  const Caller auditor = CallerWithRole(Role::kAuditor);
  const auto before = app_.RowCounts();
  const auto denied = ChangeCustomer(app_.context(), auditor, detail_.customer.id, Name("X"));
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(app_.RowCounts(), before);
}

TEST_F(CustomerChangeUseCaseTest, RefusesAChangeDatedBeforeTheLastOfItsKind) {
  ASSERT_TRUE(ChangeCustomer(app_.context(), csr_, detail_.customer.id, Name("Garcia", 5)).ok());
  ExpectRefused(Name("Lopez Garcia", 6), "EFFECTIVE_DATE_BEFORE_LAST_CHANGE", "effective_on");
}

TEST_F(CustomerChangeUseCaseTest, RefusesAClosedCustomer) {
  test::CloseAccountForTest(app_, detail_.account.id);
  ExpectRefused(Name("Garcia"), "CUSTOMER_CLOSED", "customer_id");
}

TEST_F(CustomerChangeUseCaseTest, HidesAConfidentialCustomersContactHistory) {
  ASSERT_EQ(test::ExecuteRawSql(app_.database_path(),
                                "UPDATE customers SET confidential = 1 WHERE id = " +
                                    std::to_string(detail_.customer.id.value())),
            "");
  CustomerChangeRequest emails;
  emails.values.kind = CustomerChangeKind::kEmails;
  emails.values.emails = {"private@example.com"};
  ASSERT_TRUE(ChangeCustomer(app_.context(), csr_, detail_.customer.id, emails).ok());
  ASSERT_TRUE(ChangeCustomer(app_.context(), csr_, detail_.customer.id, Name("Garcia")).ok());
  const auto seen =
      ListCustomerChanges(app_.context(), CallerWithRole(Role::kField), detail_.customer.id);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 2u);
  for (const CustomerChange& change : *seen) {
    if (change.kind == CustomerChangeKind::kEmails) {
      EXPECT_EQ(change.after.at(0).second, "(hidden)");
    } else {
      EXPECT_EQ(change.after.at(1).second, "Garcia");
    }
  }
}

}  // namespace
}  // namespace cistern
