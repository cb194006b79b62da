#include <gtest/gtest.h>

#include "app/accounts.h"
#include "app/notes.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;
using test::SampleCreateRequest;

class CreateAccountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    const UserId id = app_.InsertUser("casey", Role::kCsr, "fake-hash", "Casey Reyes");
    csr_ = CallerWithRole(Role::kCsr, id, "Casey Reyes");
  }

  Result<AccountDetail> Create(CreateAccountRequest request) {
    auto created = CreateAccount(app_.context(), csr_, std::move(request));
    if (!created.ok()) return created.error();
    return created->detail;
  }

  // Expects the request to be refused with `code`, naming `field`, and to write nothing at all.
  void ExpectRefusedWritingNothing(CreateAccountRequest request, ErrorCode code,
                                   const std::string& field, const std::string& reason = "",
                                   const Caller* caller = nullptr) {
    const auto before = app_.RowCounts();
    const auto created = CreateAccount(app_.context(), caller ? *caller : csr_, std::move(request));
    ASSERT_FALSE(created.ok()) << "expected a refusal naming " << field;
    EXPECT_EQ(created.error().code, code) << created.error().message;
    EXPECT_EQ(created.error().field, field) << created.error().message;
    if (!reason.empty()) {
      EXPECT_EQ(created.error().reason, reason);
    }
    EXPECT_EQ(app_.RowCounts(), before) << "a refused CreateAccount wrote rows";
  }

  test::TestApp app_;
  Caller csr_;
};

TEST_F(CreateAccountTest, CreatesCustomerPremiseAndAPendingAccountOpenedToday) {
  const auto created = Create(SampleCreateRequest());
  ASSERT_TRUE(created.ok()) << created.error().message;
  const AccountDetail& detail = *created;
  EXPECT_TRUE(detail.customer.id.valid());
  EXPECT_TRUE(detail.premise.id.valid());
  EXPECT_TRUE(detail.account.id.valid());
  EXPECT_EQ(detail.account.number, AccountNumber::FromSequence(kFirstAccountNumberSequence));
  EXPECT_EQ(detail.account.status, AccountStatus::kPending);
  EXPECT_EQ(detail.account.opened_on, test::TestToday());
  EXPECT_FALSE(detail.account.closed_on.has_value());
  EXPECT_EQ(detail.account.customer_id, detail.customer.id);
  EXPECT_EQ(detail.account.premise_id, detail.premise.id);
  EXPECT_EQ(detail.account.mailing_address, detail.customer.mailing_address)
      << "the account's mailing address defaults to the customer's";
  EXPECT_EQ(detail.account.version, 1);
  EXPECT_EQ(detail.customer.version, 1);
  EXPECT_EQ(detail.premise.version, 1);
  // Normalized before it was stored.
  ASSERT_EQ(detail.customer.phones.size(), 2u);
  EXPECT_EQ(detail.customer.phones[0].digits, "4055550142");
  EXPECT_EQ(detail.customer.emails[0], "mlopez@example.com");
}

TEST_F(CreateAccountTest, WritesTheRecordsTheSearchEntryAndThreeAuditEvents) {
  const auto before = app_.RowCounts();
  const AccountDetail detail = Create(SampleCreateRequest()).value();
  const auto after = app_.RowCounts();
  EXPECT_EQ(after.at("customers"), before.at("customers") + 1);
  EXPECT_EQ(after.at("customer_phones"), before.at("customer_phones") + 2);
  EXPECT_EQ(after.at("customer_emails"), before.at("customer_emails") + 2);
  EXPECT_EQ(after.at("premises"), before.at("premises") + 1);
  EXPECT_EQ(after.at("accounts"), before.at("accounts") + 1);
  EXPECT_EQ(after.at("audit_events"), before.at("audit_events") + 3);

  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  const Customer customer = transaction->customers().Get(detail.customer.id).value();
  EXPECT_EQ(customer.first_name, "Maria");
  EXPECT_EQ(customer.phones, detail.customer.phones);
  EXPECT_EQ(customer.emails, detail.customer.emails);
  const Premise premise = transaction->premises().Get(detail.premise.id).value();
  EXPECT_EQ(premise.route, "R01");
  const Account account = transaction->accounts().FindByNumber(detail.account.number).value();
  EXPECT_EQ(account.id, detail.account.id);

  const auto found = transaction->search()
                         .Search(ParseSearchQuery("maria lopez"),
                                 ContactMatching::kExcludeConfidential, PageRequest{})
                         .value();
  ASSERT_EQ(found.items.size(), 1u);
  EXPECT_EQ(found.items[0].id, detail.account.id);

  const std::vector<AuditEvent> events = app_.AllAuditEvents();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].action, "customer.create");
  EXPECT_EQ(events[2].entity_type, "customer");
  EXPECT_EQ(events[2].entity_id, detail.customer.id.value());
  EXPECT_EQ(events[1].action, "premise.create");
  EXPECT_EQ(events[1].entity_type, "premise");
  EXPECT_EQ(events[1].entity_id, detail.premise.id.value());
  EXPECT_EQ(events[0].action, "account.create");
  EXPECT_EQ(events[0].entity_type, "account");
  EXPECT_EQ(events[0].entity_id, detail.account.id.value());
  EXPECT_EQ(events[0].account_id, detail.account.id);
  for (const AuditEvent& event : events) {
    EXPECT_EQ(event.user_id, csr_.user_id) << event.action;
    EXPECT_EQ(event.user_name, "Casey Reyes") << event.action;
    EXPECT_EQ(event.at, test::TestStartInstant()) << event.action;
    EXPECT_FALSE(event.changes.empty()) << event.action;
    for (const FieldChange& change : event.changes) {
      EXPECT_FALSE(change.before.has_value()) << event.action << " " << change.field;
    }
  }
}

TEST_F(CreateAccountTest, TheAuditLogKeepsOnlyTheMaskOfTheIdentityNumber) {
  Create(SampleCreateRequest()).value();
  for (const AuditEvent& event : app_.AllAuditEvents()) {
    for (const FieldChange& change : event.changes) {
      if (change.field == "id_last4") {
        EXPECT_EQ(change.after, "***-**-1234");
      }
    }
  }
}

TEST_F(CreateAccountTest, TodayIsTheCitysDateNotTheUtcDate) {
  // 2026-11-28T03:00Z is still 21:00 on the 27th in Chicago.
  app_.clock().Set(std::chrono::sys_days(std::chrono::year(2026) / 11 / 28) +
                   std::chrono::hours(3));
  EXPECT_EQ(Create(SampleCreateRequest()).value().account.opened_on, test::TestToday());
  // A birth date of the 27th is today in the city, so it is refused.
  CreateAccountRequest request = SampleCreateRequest();
  request.new_customer->date_of_birth = test::TestToday();
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "customer.date_of_birth");
}

TEST_F(CreateAccountTest, AccountNumbersFollowOneAnother) {
  const AccountDetail first = Create(SampleCreateRequest()).value();
  const AccountDetail second = Create(SampleCreateRequest()).value();
  EXPECT_EQ(second.account.number.sequence(), first.account.number.sequence() + 1);
  EXPECT_NE(second.customer.id, first.customer.id);
}

TEST_F(CreateAccountTest, UsesAGivenMailingAddressAndOpeningDate) {
  CreateAccountRequest request = SampleCreateRequest();
  request.mailing_address = Address{" PO Box 9 ", "", "Norman", "ok", "73069"};
  request.opened_on = std::chrono::year(2026) / 12 / 1;
  const AccountDetail detail = Create(request).value();
  EXPECT_EQ(detail.account.mailing_address, (Address{"PO Box 9", "", "Norman", "OK", "73069"}));
  EXPECT_EQ(detail.account.opened_on, std::chrono::year(2026) / 12 / 1);
}

TEST_F(CreateAccountTest, AddsASecondAccountForAnExistingCustomer) {
  const AccountDetail first = Create(SampleCreateRequest()).value();
  CreateAccountRequest request;
  request.existing_customer = first.customer.id;
  request.new_premise = test::SamplePremise();
  request.new_premise->address.line1 = "9 Elm St";
  const auto before = app_.RowCounts();
  const AccountDetail second = Create(request).value();
  EXPECT_EQ(second.customer.id, first.customer.id);
  EXPECT_EQ(second.customer.first_name, "Maria");
  EXPECT_NE(second.premise.id, first.premise.id);
  const auto after = app_.RowCounts();
  EXPECT_EQ(after.at("customers"), before.at("customers"));
  EXPECT_EQ(after.at("accounts"), before.at("accounts") + 1);
  EXPECT_EQ(after.at("audit_events"), before.at("audit_events") + 2)
      << "premise.create and account.create, no customer.create";
}

TEST_F(CreateAccountTest, AddsAnAccountForAnExistingCustomerAtAnExistingPremise) {
  const AccountDetail first = Create(SampleCreateRequest()).value();
  CreateAccountRequest request;
  request.existing_customer = first.customer.id;
  request.existing_premise = first.premise.id;
  const AccountDetail second = Create(request).value();
  EXPECT_EQ(second.premise.id, first.premise.id);
  EXPECT_EQ(second.premise.address, first.premise.address);
  EXPECT_NE(second.account.id, first.account.id);
}

TEST_F(CreateAccountTest, AnInvalidCustomerWritesNothing) {
  CreateAccountRequest request = SampleCreateRequest();
  request.new_customer->phones[1].digits = "555-0199";
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "customer.phones[1].number",
                              "PHONE_INVALID");

  request = SampleCreateRequest();
  request.new_customer->last_name = "  ";
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "customer.last_name");

  request = SampleCreateRequest();
  request.new_customer->emails = {"not an email"};
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "customer.emails[0]");

  request = SampleCreateRequest();
  request.new_customer->phones.clear();
  request.new_customer->emails.clear();
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "customer.phones",
                              "CONTACT_REQUIRED");

  request = SampleCreateRequest();
  request.new_customer->date_of_birth = test::TestToday();
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "customer.date_of_birth");
}

TEST_F(CreateAccountTest, AnInvalidPremiseWritesNothing) {
  CreateAccountRequest request = SampleCreateRequest();
  request.new_premise->unit_count = 3;
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "premise.unit_count");

  request = SampleCreateRequest();
  request.new_premise->address.postal_code = "7316";
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "premise.address.postal_code");

  request = SampleCreateRequest();
  request.new_premise->route = "";
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "premise.route");
}

TEST_F(CreateAccountTest, AnInvalidMailingAddressWritesNothing) {
  CreateAccountRequest request = SampleCreateRequest();
  request.mailing_address = Address{"PO Box 9", "", "Norman", "XX", "73069"};
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument,
                              "account.mailing_address.state");
}

TEST_F(CreateAccountTest, OpeningDateIsWithin90DaysAheadAnd50YearsBack) {
  CreateAccountRequest request = SampleCreateRequest();
  request.opened_on = AddDays(test::TestToday(), kOpenedOnDaysAheadMax + 1);
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "account.opened_on",
                              "OPENED_ON_OUT_OF_RANGE");
  request.opened_on = AddDays(test::TestToday(), -kOpenedOnDaysBackMax - 1);
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "account.opened_on",
                              "OPENED_ON_OUT_OF_RANGE");

  request.opened_on = AddDays(test::TestToday(), kOpenedOnDaysAheadMax);
  EXPECT_TRUE(Create(request).ok());
  request.opened_on = AddDays(test::TestToday(), -kOpenedOnDaysBackMax);
  EXPECT_TRUE(Create(request).ok());
}

TEST_F(CreateAccountTest, AnUnknownRouteIsRefusedAndNothingIsWritten) {
  CreateAccountRequest request = SampleCreateRequest();
  request.new_premise->route = "R99";
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "premise.route",
                              "ROUTE_UNKNOWN");
}

TEST_F(CreateAccountTest, AnUnknownCycleIsRefusedAndNothingIsWritten) {
  CreateAccountRequest request = SampleCreateRequest();
  request.new_premise->cycle = "9";
  ExpectRefusedWritingNothing(request, ErrorCode::kInvalidArgument, "premise.cycle",
                              "CYCLE_UNKNOWN");
}

TEST_F(CreateAccountTest, AnUnknownExistingCustomerIsNotFoundAndNothingIsWritten) {
  CreateAccountRequest request = SampleCreateRequest();
  request.new_customer.reset();
  request.existing_customer = CustomerId(4242);
  ExpectRefusedWritingNothing(request, ErrorCode::kNotFound, "customer_id");
}

TEST_F(CreateAccountTest, AnUnknownExistingPremiseIsNotFoundAndNothingIsWritten) {
  CreateAccountRequest request = SampleCreateRequest();
  request.new_premise.reset();
  request.existing_premise = PremiseId(4242);
  // The new customer would be written first; it must be rolled back with the rest.
  ExpectRefusedWritingNothing(request, ErrorCode::kNotFound, "premise_id");
}

TEST_F(CreateAccountTest, RolesWithoutAccountsWriteAreRefusedAndNothingIsWritten) {
  for (Role role : {Role::kAuditor, Role::kField, Role::kFinance}) {
    const Caller caller = CallerWithRole(role);
    ExpectRefusedWritingNothing(SampleCreateRequest(), ErrorCode::kPermissionDenied, "",
                                "PERMISSION_REQUIRED", &caller);
  }
}

TEST_F(CreateAccountTest, PermissionIsCheckedBeforeValidation) {
  CreateAccountRequest request = SampleCreateRequest();
  request.new_customer->first_name = "";
  const Caller auditor = CallerWithRole(Role::kAuditor);
  ExpectRefusedWritingNothing(request, ErrorCode::kPermissionDenied, "", "", &auditor);
}

TEST_F(CreateAccountTest, CsrSupervisorAndAdminMayCreateAccounts) {
  for (Role role : {Role::kCsr, Role::kSupervisor, Role::kAdmin}) {
    const auto created = CreateAccount(app_.context(), CallerWithRole(role), SampleCreateRequest());
    EXPECT_TRUE(created.ok()) << RoleCode(role) << ": " << created.error().message;
  }
}

}  // namespace
}  // namespace cistern
