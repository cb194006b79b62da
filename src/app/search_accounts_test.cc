#include <gtest/gtest.h>

#include "app/accounts.h"
#include "app/reference_data.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

class SearchAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    open_ = CreateAccount(app_.context(), CallerWithRole(Role::kCsr), test::SampleCreateRequest())
                .value()
                .detail;
    CreateAccountRequest request = test::SampleCreateRequest();
    request.new_customer->first_name = "Sam";
    request.new_customer->last_name = "Shelter";
    request.new_customer->phones = {{"405-555-0999", "mobile"}};
    request.new_customer->emails = {"refuge@example.net"};
    request.new_customer->confidential = true;
    confidential_ =
        CreateAccount(app_.context(), CallerWithRole(Role::kCsr), request).value().detail;
  }

  std::vector<AccountSummary> Search(Role role, const std::string& text) {
    auto found = SearchAccounts(app_.context(), CallerWithRole(role), text, PageRequest{});
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? found->items : std::vector<AccountSummary>{};
  }

  test::TestApp app_;
  AccountDetail open_;
  AccountDetail confidential_;
};

TEST_F(SearchAccountsTest, FindsANewAccountByNameNumberPhoneAndEmail) {
  for (const std::string& text :
       {std::string("maria lopez"), open_.account.number.text(), std::string("(405) 555-0142"),
        std::string("555-0142"), std::string("mlopez@example.com")}) {
    const auto found = Search(Role::kCsr, text);
    ASSERT_FALSE(found.empty()) << text;
    EXPECT_EQ(found[0].id, open_.account.id) << text;
  }
}

TEST_F(SearchAccountsTest, ACsrCannotFindAConfidentialCustomerByPhoneOrEmail) {
  EXPECT_TRUE(Search(Role::kCsr, "405-555-0999").empty());
  EXPECT_TRUE(Search(Role::kCsr, "refuge@example.net").empty());
}

TEST_F(SearchAccountsTest, ASupervisorCanFindAConfidentialCustomerByPhoneOrEmail) {
  for (const char* text : {"405-555-0999", "refuge@example.net"}) {
    const auto found = Search(Role::kSupervisor, text);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].id, confidential_.account.id);
    EXPECT_EQ(found[0].phone_digits, "4055550999");
    EXPECT_EQ(found[0].email, "refuge@example.net");
  }
}

TEST_F(SearchAccountsTest, ACsrFindsAConfidentialCustomerByNameWithoutContacts) {
  const auto found = Search(Role::kCsr, "shelter");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].confidential);
  EXPECT_EQ(found[0].customer_name, "Sam Shelter");
  EXPECT_EQ(found[0].phone_digits, "");
  EXPECT_EQ(found[0].email, "");
  // Contacts of customers who are not confidential still show.
  const auto open = Search(Role::kCsr, "maria");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].phone_digits, "4055550142");
}

TEST_F(SearchAccountsTest, EveryRoleMaySearch) {
  for (Role role : AllRoles()) {
    EXPECT_TRUE(SearchAccounts(app_.context(), CallerWithRole(role), "lopez", PageRequest{}).ok())
        << RoleCode(role);
  }
}

TEST(GetReferenceDataTest, ListsCyclesAndRoutes) {
  test::TestApp app;
  app.AddReferenceData();
  const auto data = GetReferenceData(app.context(), CallerWithRole(Role::kField));
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->cycles.size(), 2u);
  EXPECT_EQ(data->routes.size(), 3u);
}

}  // namespace
}  // namespace cistern
