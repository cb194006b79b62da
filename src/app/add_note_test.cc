#include <gtest/gtest.h>

#include "app/accounts.h"
#include "app/notes.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;
using test::CallerWithRole;

class AddNoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.AddReferenceData();
    account_ =
        CreateAccount(app_.context(), CallerWithRole(Role::kCsr), test::SampleCreateRequest())
            .value()
            .detail.account.id;
    const UserId id = app_.InsertUser("casey", Role::kCsr, "fake-hash", "Casey Reyes");
    csr_ = CallerWithRole(Role::kCsr, id, "Casey Reyes");
    app_.clock().Advance(10min);
  }

  void ExpectRefusedWritingNothing(const Caller& caller, AccountId account, const std::string& text,
                                   ErrorCode code) {
    const auto before = app_.RowCounts();
    const auto added = AddNote(app_.context(), caller, account, text);
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, code) << added.error().message;
    EXPECT_EQ(app_.RowCounts(), before);
  }

  test::TestApp app_;
  AccountId account_;
  Caller csr_;
};

TEST_F(AddNoteTest, AddsATrimmedNoteByTheCallerNow) {
  const auto added = AddNote(app_.context(), csr_, account_, "  Customer asked for a re-read.\n");
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_TRUE(added->note.id.valid());
  EXPECT_EQ(added->note.account_id, account_);
  EXPECT_EQ(added->note.text, "Customer asked for a re-read.");
  EXPECT_EQ(added->note.author_id, csr_.user_id);
  EXPECT_EQ(added->note.created_at, test::TestStartInstant() + 10min);
  EXPECT_EQ(added->author_name, "Casey Reyes");

  const auto listed = ListNotes(app_.context(), CallerWithRole(Role::kAuditor), account_, {});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].note.id, added->note.id);
  EXPECT_EQ(listed->items[0].note.text, "Customer asked for a re-read.");
  EXPECT_EQ(listed->items[0].author_name, "Casey Reyes");
  EXPECT_EQ(listed->items[0].note.created_at, test::TestStartInstant() + 10min);
}

TEST_F(AddNoteTest, IsAudited) {
  const NoteView note = AddNote(app_.context(), csr_, account_, "Payment plan discussed.").value();
  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "note.create");
  EXPECT_EQ(event.entity_type, "note");
  EXPECT_EQ(event.entity_id, note.note.id.value());
  EXPECT_EQ(event.account_id, account_);
  EXPECT_EQ(event.user_id, csr_.user_id);
  EXPECT_EQ(event.at, test::TestStartInstant() + 10min);
  ASSERT_EQ(event.changes.size(), 1u);
  EXPECT_EQ(event.changes[0].field, "text");
  EXPECT_EQ(event.changes[0].before, std::nullopt);
  EXPECT_EQ(event.changes[0].after, "Payment plan discussed.");
}

TEST_F(AddNoteTest, AnAuditorIsRefusedAndNothingIsWritten) {
  ExpectRefusedWritingNothing(CallerWithRole(Role::kAuditor), account_, "Looks fine.",
                              ErrorCode::kPermissionDenied);
}

TEST_F(AddNoteTest, EveryOtherRoleMayAddNotes) {
  for (Role role : {Role::kCsr, Role::kSupervisor, Role::kFinance, Role::kField, Role::kAdmin}) {
    EXPECT_TRUE(AddNote(app_.context(), CallerWithRole(role), account_, "Note.").ok())
        << RoleCode(role);
  }
}

TEST_F(AddNoteTest, EmptyOrTooLongTextIsRefusedNamingTheFieldAndNothingIsWritten) {
  ExpectRefusedWritingNothing(csr_, account_, " \n\t ", ErrorCode::kInvalidArgument);
  ExpectRefusedWritingNothing(csr_, account_, std::string(4001, 'x'), ErrorCode::kInvalidArgument);
  ExpectRefusedWritingNothing(csr_, account_, "bad \xC3", ErrorCode::kInvalidArgument);
  const auto refused = AddNote(app_.context(), csr_, account_, "");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "text");
  EXPECT_EQ(refused.error().reason, "FIELD_REQUIRED");
}

TEST_F(AddNoteTest, AnUnknownAccountIsNotFoundAndNothingIsWritten) {
  ExpectRefusedWritingNothing(csr_, AccountId(999), "Note.", ErrorCode::kNotFound);
}

TEST_F(AddNoteTest, ListNotesIsNewestFirstAndRefusesAnUnknownAccount) {
  AddNote(app_.context(), csr_, account_, "first").value();
  app_.clock().Advance(1min);
  AddNote(app_.context(), csr_, account_, "second").value();
  const auto listed = ListNotes(app_.context(), csr_, account_, {}).value();
  ASSERT_EQ(listed.items.size(), 2u);
  EXPECT_EQ(listed.items[0].note.text, "second");
  EXPECT_EQ(listed.items[1].note.text, "first");
  const auto unknown = ListNotes(app_.context(), csr_, AccountId(999), {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cistern
