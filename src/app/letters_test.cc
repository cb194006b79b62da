#include "app/letters.h"

#include <gtest/gtest.h>

#include "app/accounts.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }

class LettersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ = test::CreateSampleAccount(app_);
    csr_ = test::InsertCaller(app_, "casey", Role::kCsr, "Casey Reyes");
    app_.clock().Advance(10min);
  }

  LetterRequest Welcome() {
    return {"welcome_deposit", {{"deposit.amount", "100"}, {"deposit.installments", "2"}}};
  }

  void ExpectRefusedWritingNothing(const Caller& caller, AccountId account,
                                   const LetterRequest& request, ErrorCode code,
                                   const std::string& reason, const std::string& field) {
    const auto before = app_.RowCounts();
    const auto sent = SendLetter(app_.context(), caller, account, request);
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().code, code) << sent.error().message;
    EXPECT_EQ(sent.error().reason, reason) << sent.error().message;
    EXPECT_EQ(sent.error().field, field) << sent.error().message;
    EXPECT_EQ(app_.RowCounts(), before);
  }

  test::TestApp app_;
  AccountId account_;
  Caller csr_;
};

TEST_F(LettersTest, TheShippedTemplatesAreTheFiveLetters) {
  auto templates = ListLetterTemplates(app_.context(), CallerWithRole(Role::kAuditor));
  ASSERT_TRUE(templates.ok());
  std::vector<std::string> codes;
  for (const LetterTemplate& each : *templates) codes.push_back(each.code);
  EXPECT_EQ(codes,
            (std::vector<std::string>{"welcome_deposit", "final_bill_notice", "deposit_refund",
                                      "exemption_renewal", "returned_payment"}));
}

TEST_F(LettersTest, SendsAMergedLetterRecordedOnTheAccount) {
  test::PostChargesForTest(app_, account_, {{"water", Cents(4250)}});
  auto sent = SendLetter(app_.context(), csr_, account_, Welcome());
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_TRUE(sent->id.valid());
  EXPECT_EQ(sent->template_code, "welcome_deposit");
  EXPECT_EQ(sent->template_version, 1);
  EXPECT_EQ(sent->template_title, "Welcome, with deposit terms");
  EXPECT_EQ(sent->letter_date, test::TestToday());
  EXPECT_EQ(sent->addressee, "Maria Lopez");
  EXPECT_EQ(sent->mailing_address,
            (std::vector<std::string>{"1204 N Broadway Ave", "Moore, OK 73160"}));
  EXPECT_EQ(sent->organization, "City of Moore");
  EXPECT_EQ(sent->subject, "Welcome to City of Moore utility service");
  EXPECT_EQ(sent->paragraphs.front(), "Dear Maria Lopez:");
  EXPECT_NE(sent->paragraphs[2].find("A utility deposit of $100.00 is required"),
            std::string::npos);
  EXPECT_NE(sent->paragraphs[2].find("in 2 installment(s)"), std::string::npos);
  EXPECT_EQ(sent->sent_by, csr_.user_id);
  EXPECT_EQ(sent->sent_by_name, "Casey Reyes");
  EXPECT_EQ(sent->sent_at, test::TestStartInstant() + 10min);
  EXPECT_EQ(sent->signature, (std::vector<std::string>{"Utility Billing", "City of Moore"}));

  auto listed = ListLetters(app_.context(), CallerWithRole(Role::kAuditor), account_, {});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 1u);
  const LetterRecord& stored = listed->items[0];
  EXPECT_EQ(stored.id, sent->id);
  EXPECT_EQ(stored.paragraphs, sent->paragraphs);
  EXPECT_EQ(stored.fields, sent->fields);
  EXPECT_EQ(stored.mailing_address, sent->mailing_address);
  EXPECT_EQ(stored.sent_by_name, "Casey Reyes");
}

TEST_F(LettersTest, TheBalanceComesFromTheLedger) {
  test::PostChargesForTest(app_, account_, {{"water", Cents(4250)}, {"sewer", Cents(1725)}});
  LetterRequest refund{"deposit_refund", {{"refund.amount", "57.25"}}};
  auto sent = SendLetter(app_.context(), csr_, account_, refund);
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  bool found = false;
  for (const auto& [name, value] : sent->fields) {
    if (name == "balance") {
      EXPECT_EQ(value, "$59.75");
      found = true;
    }
    if (name == "refund.amount") {
      EXPECT_EQ(value, "$57.25");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_NE(sent->paragraphs[3].find("Your account balance today is $59.75."), std::string::npos);
}

TEST_F(LettersTest, EverySendIsAudited) {
  const LetterRecord sent = SendLetter(app_.context(), csr_, account_, Welcome()).value();
  const auto events = app_.AllAuditEvents();
  ASSERT_FALSE(events.empty());
  const AuditEvent& event = events.front();
  EXPECT_EQ(event.action, "letter.send");
  EXPECT_EQ(event.entity_type, "letter");
  EXPECT_EQ(event.entity_id, sent.id.value());
  EXPECT_EQ(event.account_id, account_);
  EXPECT_EQ(event.user_id, csr_.user_id);
  bool template_logged = false;
  bool amount_logged = false;
  for (const FieldChange& change : event.changes) {
    if (change.field == "template") template_logged = change.after == "welcome_deposit";
    if (change.field == "fields.deposit.amount") amount_logged = change.after == "$100.00";
  }
  EXPECT_TRUE(template_logged);
  EXPECT_TRUE(amount_logged);
}

TEST_F(LettersTest, OpeningALetterAgainGivesWhatWasSentEvenAfterChanges) {
  const LetterRecord sent = SendLetter(app_.context(), csr_, account_, Welcome()).value();
  // The customer moves and the city rewrites its letter; the letter sent stays as it was.
  EXPECT_EQ(
      test::ExecuteRawSql(app_.database_path(), "UPDATE accounts SET mail_line1 = '9 Elm St'"), "");
  app_.context().letters.templates[0].paragraphs[0] = "Hello {{customer.name}},";
  app_.context().letters.templates[0].version = 2;
  auto again = LetterForPrinting(app_.context(), CallerWithRole(Role::kAuditor), sent.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->paragraphs, sent.paragraphs);
  EXPECT_EQ(again->mailing_address, sent.mailing_address);
  EXPECT_EQ(again->template_version, 1);
  auto next = SendLetter(app_.context(), csr_, account_, Welcome());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->template_version, 2);
  EXPECT_EQ(next->paragraphs[0], "Hello Maria Lopez,");
}

TEST_F(LettersTest, LettersCannotBeEditedOrDeletedBehindTheStoresBack) {
  const LetterRecord sent = SendLetter(app_.context(), csr_, account_, Welcome()).value();
  const std::string id = std::to_string(sent.id.value());
  EXPECT_NE(test::ExecuteRawSql(app_.database_path(),
                                "UPDATE letters SET subject = 'x' WHERE id = " + id),
            "");
  EXPECT_NE(test::ExecuteRawSql(app_.database_path(),
                                "DELETE FROM letter_paragraphs WHERE letter_id = " + id),
            "");
  EXPECT_NE(test::ExecuteRawSql(app_.database_path(),
                                "UPDATE letter_fields SET value = 'x' WHERE letter_id = " + id),
            "");
}

TEST_F(LettersTest, RefusesWhatCannotBeSentNamingTheField) {
  ExpectRefusedWritingNothing(csr_, account_, {"welcome", {}}, ErrorCode::kInvalidArgument,
                              "LETTER_TEMPLATE_UNKNOWN", "template");
  ExpectRefusedWritingNothing(csr_, account_, {"", {}}, ErrorCode::kInvalidArgument,
                              "FIELD_REQUIRED", "template");
  ExpectRefusedWritingNothing(csr_, account_, {"welcome_deposit", {{"deposit.amount", "100"}}},
                              ErrorCode::kInvalidArgument, "LETTER_FIELD_MISSING",
                              "fields.deposit.installments");
  LetterRequest too_long{"exemption_renewal",
                         {{"exemption.hauler", std::string(121, 'h')},
                          {"exemption.permit", "P-1"},
                          {"exemption.expires_on", "2026-12-31"}}};
  ExpectRefusedWritingNothing(csr_, account_, too_long, ErrorCode::kInvalidArgument,
                              "TEXT_TOO_LONG", "fields.exemption.hauler");
  LetterRequest negative = Welcome();
  negative.fields[0].second = "-100";
  ExpectRefusedWritingNothing(csr_, account_, negative, ErrorCode::kInvalidArgument,
                              "AMOUNT_NEGATIVE", "fields.deposit.amount");
  LetterRequest typed_balance = Welcome();
  typed_balance.fields.emplace_back("balance", "0");
  ExpectRefusedWritingNothing(csr_, account_, typed_balance, ErrorCode::kInvalidArgument,
                              "LETTER_FIELD_FROM_ACCOUNT", "fields.balance");
  ExpectRefusedWritingNothing(csr_, AccountId(999), Welcome(), ErrorCode::kNotFound,
                              "ACCOUNT_NOT_FOUND", "account_id");
}

TEST_F(LettersTest, RefusesALetterNotMeantForTheAccountsStatus) {
  // The sample account is pending: service has not started, so there is no final bill.
  LetterRequest final_bill{"final_bill_notice",
                           {{"stop_date", "2026-11-20"}, {"due_date", "2026-12-15"}}};
  ExpectRefusedWritingNothing(csr_, account_, final_bill, ErrorCode::kFailedPrecondition,
                              "LETTER_NOT_FOR_STATUS", "template");
  test::CloseAccountForTest(app_, account_);
  ExpectRefusedWritingNothing(csr_, account_, Welcome(), ErrorCode::kFailedPrecondition,
                              "LETTER_NOT_FOR_STATUS", "template");
  // A deposit refund goes out after the account closes.
  EXPECT_TRUE(
      SendLetter(app_.context(), csr_, account_, {"deposit_refund", {{"refund.amount", "12"}}})
          .ok());
}

TEST_F(LettersTest, PermissionsAreChecked) {
  ExpectRefusedWritingNothing(CallerWithRole(Role::kAuditor), account_, Welcome(),
                              ErrorCode::kPermissionDenied, "PERMISSION_REQUIRED", "");
  EXPECT_FALSE(
      PreviewLetter(app_.context(), CallerWithRole(Role::kAuditor), account_, Welcome()).ok());
  EXPECT_FALSE(ListLetters(app_.context(), Caller{}, account_, {}).ok());
  for (Role role : {Role::kSupervisor, Role::kFinance, Role::kField, Role::kAdmin}) {
    EXPECT_TRUE(SendLetter(app_.context(), CallerWithRole(role), account_, Welcome()).ok());
  }
}

TEST_F(LettersTest, PreviewMergesWithoutRecording) {
  const auto before = app_.RowCounts();
  auto preview = PreviewLetter(app_.context(), csr_, account_, Welcome());
  ASSERT_TRUE(preview.ok()) << preview.error().message;
  EXPECT_FALSE(preview->id.valid());
  EXPECT_EQ(preview->sent_by_name, "Casey Reyes");
  EXPECT_EQ(app_.RowCounts(), before);
  auto sent = SendLetter(app_.context(), csr_, account_, Welcome());
  EXPECT_EQ(sent->paragraphs, preview->paragraphs);
}

TEST_F(LettersTest, AConfidentialCustomersAddressIsHiddenFromWhoMayNotSeeIt) {
  CreateAccountRequest request = test::SampleCreateRequest();
  request.new_customer->confidential = true;
  const AccountId hidden = CreateAccount(app_.context(), CallerWithRole(Role::kSupervisor), request)
                               .value()
                               .detail.account.id;
  const LetterRecord sent = SendLetter(app_.context(), csr_, hidden, Welcome()).value();
  EXPECT_TRUE(sent.mailing_address.empty());
  auto listed = ListLetters(app_.context(), csr_, hidden, {}).value();
  EXPECT_TRUE(listed.items[0].mailing_address.empty());
  auto printing = LetterForPrinting(app_.context(), csr_, sent.id);
  ASSERT_FALSE(printing.ok());
  EXPECT_EQ(printing.error().reason, "CONTACTS_CONFIDENTIAL");
  auto supervisor = LetterForPrinting(app_.context(), CallerWithRole(Role::kSupervisor), sent.id);
  ASSERT_TRUE(supervisor.ok());
  EXPECT_EQ(supervisor->mailing_address.size(), 2u);
}

TEST_F(LettersTest, ListsNewestFirstInPages) {
  for (int index = 0; index < 3; ++index) {
    ASSERT_TRUE(SendLetter(app_.context(), csr_, account_, Welcome()).ok());
  }
  PageRequest page;
  page.page_size = 2;
  auto first = ListLetters(app_.context(), csr_, account_, page).value();
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_GT(first.items[0].id, first.items[1].id);
  ASSERT_TRUE(first.next_after);
  page.after = *first.next_after;
  auto second = ListLetters(app_.context(), csr_, account_, page).value();
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_FALSE(second.next_after);
  EXPECT_EQ(second.items[0].paragraphs.size(), first.items[0].paragraphs.size());
}

}  // namespace
}  // namespace cistern
