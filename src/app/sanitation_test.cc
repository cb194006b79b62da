// Commercial sanitation end to end on a real store: exemptions (commercial premises only, the
// monitoring list, renewal letters through the letters use case) and dumpsters whose field actions
// post fees through the ledger, with every refusal writing nothing.
#include "app/sanitation.h"

#include <gtest/gtest.h>

#include "app/ledger_common.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

Date D(const char* text) { return *ParseDate(text, "date"); }

class SanitationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    shop_ = Insert(PremiseType::kCommercial, AccountStatus::kActive, 100000101);
    home_ = Insert(PremiseType::kSingleFamily, AccountStatus::kActive, 100000102);
  }

  AccountId Insert(PremiseType type, AccountStatus status, std::int64_t sequence) {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    Premise premise = test::SamplePremise();
    premise.type = type;
    premise.address.line1 = std::to_string(sequence % 1000) + " Commerce St";
    const Customer customer = test::SamplePerson();
    Account account;
    account.customer_id = transaction->customers().Insert(customer).value();
    account.premise_id = transaction->premises().Insert(premise).value();
    account.number = AccountNumber::FromSequence(sequence);
    account.mailing_address = customer.mailing_address;
    account.opened_on = test::TestToday();
    account.status = status;
    account.version = 1;
    AccountId id = transaction->accounts().Insert(account).value();
    EXPECT_TRUE(transaction->Commit().ok());
    return id;
  }

  ExemptionRequest Exemption(AccountId account, const char* expires = "2027-06-30") const {
    ExemptionRequest request;
    request.account = account;
    request.draft.hauler = "Sooner Waste";
    request.draft.permit = "PH-14";
    request.draft.starts_on = D("2026-01-01");
    request.draft.expires_on = D(expires);
    return request;
  }

  Money Balance(AccountId account) {
    auto transaction = app_.store().Begin(TransactionMode::kRead).value();
    return LoadPosition(*transaction, app_.context().finance, account).value().balance();
  }

  test::TestApp app_;
  const Caller csr_ = CallerWithRole(Role::kCsr);
  const Caller field_ = CallerWithRole(Role::kField);
  AccountId shop_;
  AccountId home_;
};

TEST_F(SanitationTest, ExemptionOnlyForCommercialPremises) {
  auto created = CreateExemption(app_.context(), csr_, Exemption(shop_));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_FALSE(created->flags.needs_attention());
  EXPECT_EQ(app_.AllAuditEvents().front().action, "sanitation_exemption.create");
  auto home = CreateExemption(app_.context(), csr_, Exemption(home_));
  ASSERT_FALSE(home.ok());
  EXPECT_EQ(home.error().reason, "PREMISE_NOT_COMMERCIAL");
  EXPECT_EQ(home.error().field, "account_id");
  EXPECT_EQ(CreateExemption(app_.context(), csr_, Exemption(shop_)).error().reason,
            "EXEMPTION_EXISTS");
  EXPECT_EQ(CreateExemption(app_.context(), field_, Exemption(shop_)).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(SanitationTest, ExemptionMonitoringAndRenewalLetters) {
  ExemptionRequest request = Exemption(shop_, "2026-12-15");  // 18 days away
  request.draft.permit = "";
  ASSERT_TRUE(CreateExemption(app_.context(), csr_, request).ok());
  auto listed = ListExemptions(app_.context(), csr_, true);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(listed->front().flags.expiring);
  EXPECT_TRUE(listed->front().flags.missing_paperwork);

  auto sent = SendRenewalLetters(app_.context(), csr_, {});
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  ASSERT_EQ(sent->size(), 1u);
  ASSERT_TRUE(sent->front().letter) << sent->front().error->message;
  auto after = GetExemption(app_.context(), csr_, sent->front().exemption);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->exemption.renewal_sent_on, test::TestToday());
  EXPECT_EQ(after->exemption.renewal_letter_id, sent->front().letter);
  // Sent today: the bulk action does not send it again.
  EXPECT_TRUE(SendRenewalLetters(app_.context(), csr_, {}).value().empty());
  // The field crew does not send letters.
  EXPECT_EQ(SendRenewalLetters(app_.context(), field_, {}).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(SanitationTest, DumpsterLifecyclePostsFees) {
  DumpsterRequest request;
  request.account = shop_;
  request.draft.size_yards = 30;
  request.draft.requested_on = test::TestToday();
  auto dumpster = RequestDumpster(app_.context(), csr_, request);
  ASSERT_TRUE(dumpster.ok()) << dumpster.error().message;
  EXPECT_EQ(Balance(shop_), Money());

  DumpsterActionRequest act;
  act.action = DumpsterAction::kEmpty;
  EXPECT_EQ(ActOnDumpster(app_.context(), field_, dumpster->id, act).error().reason,
            "DUMPSTER_NOT_DELIVERED");
  act.action = DumpsterAction::kDeliver;
  act.done_on = AddDays(test::TestToday(), 1);
  EXPECT_EQ(ActOnDumpster(app_.context(), field_, dumpster->id, act).error().field, "done_on");
  act.done_on.reset();
  ASSERT_TRUE(ActOnDumpster(app_.context(), field_, dumpster->id, act).ok());
  EXPECT_EQ(Balance(shop_), Money::FromCents(7500));
  act.action = DumpsterAction::kEmpty;
  ASSERT_TRUE(ActOnDumpster(app_.context(), field_, dumpster->id, act).ok());
  act.action = DumpsterAction::kRemove;
  auto removed = ActOnDumpster(app_.context(), field_, dumpster->id, act);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->dumpster.status, DumpsterStatus::kRemoved);
  EXPECT_EQ(removed->dumpster.empty_count, 1);
  EXPECT_EQ(Balance(shop_), Money::FromCents(7500 + 15000 + 5000));
  act.action = DumpsterAction::kEmpty;
  EXPECT_EQ(ActOnDumpster(app_.context(), field_, dumpster->id, act).error().reason,
            "DUMPSTER_REMOVED");
  EXPECT_EQ(Balance(shop_), Money::FromCents(27500));
  auto view = GetDumpster(app_.context(), csr_, dumpster->id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->events.size(), 3u);
  EXPECT_EQ(app_.AllAuditEvents().front().action, "dumpster.remove");
  EXPECT_EQ(RequestDumpster(app_.context(), CallerWithRole(Role::kAuditor), request).error().code,
            ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace cistern
