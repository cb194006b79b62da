#include <gtest/gtest.h>

#include "app/accounts.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

class GetAccountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    open_ = CreateAccount(app_.context(), CallerWithRole(Role::kCsr), test::SampleCreateRequest())
                .value()
                .detail;
    CreateAccountRequest request = test::SampleCreateRequest();
    request.new_customer->first_name = "Sam";
    request.new_customer->last_name = "Shelter";
    request.new_customer->confidential = true;
    request.mailing_address = Address{"PO Box 77", "", "Moore", "OK", "73160"};
    confidential_ =
        CreateAccount(app_.context(), CallerWithRole(Role::kCsr), request).value().detail;
  }

  AccountView Get(Role role, AccountId id) {
    auto view = GetAccount(app_.context(), CallerWithRole(role), id);
    EXPECT_TRUE(view.ok()) << view.error().message;
    return view.ok() ? *view : AccountView{};
  }

  static void ExpectContactsVisible(const AccountView& view) {
    EXPECT_FALSE(view.contact_hidden);
    EXPECT_EQ(view.detail.customer.phones.size(), 2u);
    EXPECT_EQ(view.detail.customer.emails.size(), 2u);
    EXPECT_FALSE(view.detail.customer.mailing_address.line1.empty());
    EXPECT_TRUE(view.detail.customer.date_of_birth.has_value());
    EXPECT_FALSE(view.detail.account.mailing_address.line1.empty());
  }

  static void ExpectContactsHidden(const AccountView& view) {
    EXPECT_TRUE(view.contact_hidden);
    EXPECT_TRUE(view.detail.customer.phones.empty());
    EXPECT_TRUE(view.detail.customer.emails.empty());
    EXPECT_EQ(view.detail.customer.mailing_address, Address{});
    EXPECT_FALSE(view.detail.customer.date_of_birth.has_value());
    EXPECT_EQ(view.detail.account.mailing_address, Address{});
    // Who the customer is, and where the service is, stay visible.
    EXPECT_EQ(view.detail.customer.first_name, "Sam");
    EXPECT_EQ(view.detail.customer.last_name, "Shelter");
    EXPECT_TRUE(view.detail.customer.confidential);
    EXPECT_EQ(view.detail.premise.address.line1, "1204 N Broadway Ave");
  }

  test::TestApp app_;
  AccountDetail open_;
  AccountDetail confidential_;
};

TEST_F(GetAccountTest, ReturnsTheAccountWithItsCustomerAndPremise) {
  const AccountView view = Get(Role::kCsr, open_.account.id);
  EXPECT_EQ(view.detail.account.id, open_.account.id);
  EXPECT_EQ(view.detail.account.number, open_.account.number);
  EXPECT_EQ(view.detail.customer.id, open_.customer.id);
  EXPECT_EQ(view.detail.customer.phones, open_.customer.phones);
  EXPECT_EQ(view.detail.premise.id, open_.premise.id);
  EXPECT_EQ(view.detail.premise.parcel_number, "R12-345-678");
  ExpectContactsVisible(view);
}

TEST_F(GetAccountTest, EveryRoleMayReadAnAccount) {
  for (Role role : AllRoles()) {
    EXPECT_TRUE(GetAccount(app_.context(), CallerWithRole(role), open_.account.id).ok())
        << RoleCode(role);
  }
}

TEST_F(GetAccountTest, HidesAConfidentialCustomersContactsFromACsr) {
  ExpectContactsHidden(Get(Role::kCsr, confidential_.account.id));
}

TEST_F(GetAccountTest, HidesAConfidentialCustomersContactsFromFinanceAndField) {
  ExpectContactsHidden(Get(Role::kFinance, confidential_.account.id));
  ExpectContactsHidden(Get(Role::kField, confidential_.account.id));
}

TEST_F(GetAccountTest, ShowsAConfidentialCustomersContactsToSupervisorAdminAndAuditor) {
  for (Role role : {Role::kSupervisor, Role::kAdmin, Role::kAuditor}) {
    SCOPED_TRACE(RoleCode(role));
    const AccountView view = Get(role, confidential_.account.id);
    ExpectContactsVisible(view);
    EXPECT_EQ(view.detail.account.mailing_address.line1, "PO Box 77");
  }
}

TEST_F(GetAccountTest, HidingIsOnlyInTheViewNotInTheStore) {
  Get(Role::kCsr, confidential_.account.id);
  ExpectContactsVisible(Get(Role::kSupervisor, confidential_.account.id));
}

TEST_F(GetAccountTest, AnUnknownAccountIsNotFound) {
  const auto view = GetAccount(app_.context(), CallerWithRole(Role::kCsr), AccountId(999));
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error().code, ErrorCode::kNotFound);
}

TEST_F(GetAccountTest, ByNumberFindsTheAccountAndHidesContactsTheSameWay) {
  const auto open =
      GetAccountByNumber(app_.context(), CallerWithRole(Role::kCsr), open_.account.number);
  ASSERT_TRUE(open.ok()) << open.error().message;
  EXPECT_EQ(open->detail.account.id, open_.account.id);
  ExpectContactsVisible(*open);

  const auto hidden =
      GetAccountByNumber(app_.context(), CallerWithRole(Role::kCsr), confidential_.account.number);
  ASSERT_TRUE(hidden.ok()) << hidden.error().message;
  ExpectContactsHidden(*hidden);

  const auto shown = GetAccountByNumber(app_.context(), CallerWithRole(Role::kSupervisor),
                                        confidential_.account.number);
  ASSERT_TRUE(shown.ok()) << shown.error().message;
  ExpectContactsVisible(*shown);
}

TEST_F(GetAccountTest, ByNumberOfNoAccountIsNotFound) {
  const auto view = GetAccountByNumber(app_.context(), CallerWithRole(Role::kCsr),
                                       AccountNumber::FromSequence(123456789));
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cistern
