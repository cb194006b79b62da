#include <gtest/gtest.h>

#include "app/accounts.h"
#include "app/notes.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

bool IsContactField(const std::string& field) {
  for (const char* prefix : {"phones", "emails", "mailing_address", "date_of_birth"}) {
    if (field.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

class AccountHistoryTest : public ::testing::Test {
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
    confidential_ =
        CreateAccount(app_.context(), CallerWithRole(Role::kCsr), request).value().detail;
  }

  std::vector<AuditEvent> History(Role role, AccountId account) {
    auto history = AccountHistory(app_.context(), CallerWithRole(role), account, PageRequest{});
    EXPECT_TRUE(history.ok()) << history.error().message;
    return history.ok() ? history->items : std::vector<AuditEvent>{};
  }

  static const FieldChange* Find(const std::vector<AuditEvent>& events, const std::string& action,
                                 const std::string& field) {
    for (const AuditEvent& event : events) {
      if (event.action != action) continue;
      for (const FieldChange& change : event.changes) {
        if (change.field == field) return &change;
      }
    }
    return nullptr;
  }

  test::TestApp app_;
  AccountDetail open_;
  AccountDetail confidential_;
};

TEST_F(AccountHistoryTest, ListsTheAccountsCustomersAndPremisesEventsNewestFirst) {
  app_.clock().Advance(std::chrono::minutes(5));
  ASSERT_TRUE(
      AddNote(app_.context(), CallerWithRole(Role::kCsr), open_.account.id, "Asked about autopay.")
          .ok());
  const auto events = History(Role::kCsr, open_.account.id);
  std::vector<std::string> actions;
  for (const AuditEvent& event : events) actions.push_back(event.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"note.create", "account.create", "premise.create",
                                               "customer.create"}));
  // Nothing from the other account.
  for (const AuditEvent& event : events) {
    if (event.entity_type == "customer") {
      EXPECT_EQ(event.entity_id, open_.customer.id.value());
    }
    if (event.entity_type == "premise") {
      EXPECT_EQ(event.entity_id, open_.premise.id.value());
    }
  }
}

TEST_F(AccountHistoryTest, HidesConfidentialContactValuesFromACsr) {
  const auto events = History(Role::kCsr, confidential_.account.id);
  ASSERT_EQ(events.size(), 3u);
  int hidden = 0;
  for (const AuditEvent& event : events) {
    for (const FieldChange& change : event.changes) {
      if (!IsContactField(change.field)) continue;
      EXPECT_EQ(change.after, "(hidden)") << event.action << " " << change.field;
      EXPECT_FALSE(change.before.has_value()) << "a create has no before value to hide";
      ++hidden;
    }
  }
  // Two phones, two emails, five address parts and the birth date on the customer; five address
  // parts on the account.
  EXPECT_EQ(hidden, 15);
  // The fact that a change happened stays, and so does what is not contact detail.
  ASSERT_NE(Find(events, "customer.create", "phones[0]"), nullptr);
  EXPECT_EQ(Find(events, "customer.create", "first_name")->after, "Sam");
  EXPECT_EQ(Find(events, "customer.create", "id_last4")->after, "***-**-1234");
  EXPECT_EQ(Find(events, "premise.create", "address.line1")->after, "1204 N Broadway Ave");
  EXPECT_EQ(Find(events, "account.create", "status")->after, "pending");
}

TEST_F(AccountHistoryTest, HidesConfidentialContactValuesFromFinanceAndField) {
  for (Role role : {Role::kFinance, Role::kField}) {
    const auto events = History(role, confidential_.account.id);
    ASSERT_NE(Find(events, "customer.create", "emails[0]"), nullptr);
    EXPECT_EQ(Find(events, "customer.create", "emails[0]")->after, "(hidden)") << RoleCode(role);
  }
}

TEST_F(AccountHistoryTest, ShowsConfidentialContactValuesToASupervisor) {
  const auto events = History(Role::kSupervisor, confidential_.account.id);
  ASSERT_NE(Find(events, "customer.create", "phones[0]"), nullptr);
  EXPECT_EQ(Find(events, "customer.create", "phones[0]")->after, "4055550142 mobile");
  EXPECT_EQ(Find(events, "customer.create", "emails[0]")->after, "mlopez@example.com");
  EXPECT_EQ(Find(events, "customer.create", "date_of_birth")->after, "1980-02-14");
  EXPECT_EQ(Find(events, "account.create", "mailing_address.line1")->after, "1204 N Broadway Ave");
}

TEST_F(AccountHistoryTest, ShowsContactValuesOfACustomerWhoIsNotConfidentialToACsr) {
  const auto events = History(Role::kCsr, open_.account.id);
  ASSERT_NE(Find(events, "customer.create", "phones[0]"), nullptr);
  EXPECT_EQ(Find(events, "customer.create", "phones[0]")->after, "4055550142 mobile");
  EXPECT_EQ(Find(events, "customer.create", "mailing_address.city")->after, "Moore");
}

TEST_F(AccountHistoryTest, PagesWithoutOverlap) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(AddNote(app_.context(), CallerWithRole(Role::kCsr), open_.account.id,
                        "Note " + std::to_string(i))
                    .ok());
  }
  PageRequest page;
  page.page_size = 2;
  std::vector<std::int64_t> ids;
  for (int pages = 0; pages < 10; ++pages) {
    const auto history =
        AccountHistory(app_.context(), CallerWithRole(Role::kCsr), open_.account.id, page).value();
    for (const AuditEvent& event : history.items) ids.push_back(event.id.value());
    if (!history.next_after) break;
    page.after = *history.next_after;
  }
  ASSERT_EQ(ids.size(), 6u);
  for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_GT(ids[i - 1], ids[i]);
}

TEST_F(AccountHistoryTest, AnUnknownAccountIsNotFound) {
  const auto history =
      AccountHistory(app_.context(), CallerWithRole(Role::kCsr), AccountId(999), PageRequest{});
  ASSERT_FALSE(history.ok());
  EXPECT_EQ(history.error().code, ErrorCode::kNotFound);
}

TEST(ListAuditEventsTest, OnlyRolesWithAuditReadMayListTheWholeLog) {
  test::TestApp app;
  for (Role role : AllRoles()) {
    const auto listed =
        ListAuditEvents(app.context(), CallerWithRole(role), AuditFilter{}, PageRequest{});
    EXPECT_EQ(listed.ok(), RoleHas(role, Permission::kReadAudit)) << RoleCode(role);
    if (!listed.ok()) {
      EXPECT_EQ(listed.error().code, ErrorCode::kPermissionDenied);
    }
  }
}

TEST(ListAuditEventsTest, ListsEveryWriteNewestFirstWithFilters) {
  test::TestApp app;
  app.AddReferenceData();
  CreateAccount(app.context(), CallerWithRole(Role::kCsr), test::SampleCreateRequest())
      .value()
      .detail;
  const auto all =
      ListAuditEvents(app.context(), CallerWithRole(Role::kAuditor), AuditFilter{}, PageRequest{})
          .value();
  ASSERT_EQ(all.items.size(), 3u);
  EXPECT_EQ(all.items[0].action, "account.create");
  AuditFilter premises;
  premises.entity_type = "premise";
  const auto filtered =
      ListAuditEvents(app.context(), CallerWithRole(Role::kAuditor), premises, PageRequest{})
          .value();
  ASSERT_EQ(filtered.items.size(), 1u);
  EXPECT_EQ(filtered.items[0].action, "premise.create");
}

}  // namespace
}  // namespace cistern
