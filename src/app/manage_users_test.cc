#include <gtest/gtest.h>

#include "app/passwords.h"
#include "app/sessions.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using test::CallerWithRole;

NewUser ValidNewUser() { return {"jdoe", "Jane Doe", Role::kSupervisor, "at least 12 characters"}; }

class ManageUsersTest : public ::testing::Test {
 protected:
  void ExpectRefused(const NewUser& request, ErrorCode code, const std::string& field,
                     const std::string& reason, const Caller& caller = SystemCaller()) {
    const auto before = app_.RowCounts();
    const auto added = AddUser(app_.context(), caller, request);
    ASSERT_FALSE(added.ok()) << "expected " << reason;
    EXPECT_EQ(added.error().code, code) << added.error().message;
    EXPECT_EQ(added.error().field, field) << added.error().message;
    EXPECT_EQ(added.error().reason, reason) << added.error().message;
    EXPECT_EQ(app_.RowCounts(), before);
  }

  test::TestApp app_;
};

TEST_F(ManageUsersTest, AddsAUserWithAnArgon2idHashAndAuditsIt) {
  NewUser request = ValidNewUser();
  request.display_name = "  Jane Doe ";
  const auto added = AddUser(app_.context(), SystemCaller(), request);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_TRUE(added->id.valid());
  EXPECT_EQ(added->username, "jdoe");
  EXPECT_EQ(added->display_name, "Jane Doe");
  EXPECT_EQ(added->role, Role::kSupervisor);
  EXPECT_TRUE(added->active);

  const User stored =
      app_.store().Begin(TransactionMode::kRead).value()->users().FindByUsername("jdoe").value();
  EXPECT_EQ(stored.id, added->id);
  EXPECT_EQ(stored.password_hash.rfind("$argon2id$", 0), 0u) << stored.password_hash;
  EXPECT_EQ(stored.password_hash.find(request.password), std::string::npos);
  EXPECT_TRUE(VerifyPassword(stored.password_hash, request.password));
  EXPECT_FALSE(VerifyPassword(stored.password_hash, "at least 12 characterz"));
  EXPECT_EQ(stored.created_at, test::TestStartInstant());

  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "user.create");
  EXPECT_EQ(event.entity_id, added->id.value());
  EXPECT_FALSE(event.user_id.valid()) << "the system caller has no user";
  EXPECT_EQ(event.user_name, "System");
  for (const FieldChange& change : event.changes) {
    EXPECT_NE(change.field, "password");
    EXPECT_NE(change.field, "password_hash");
    EXPECT_EQ(change.after->find(request.password), std::string::npos) << change.field;
  }
}

TEST_F(ManageUsersTest, ATakenUsernameIsAConflictOnUsername) {
  ASSERT_TRUE(AddUser(app_.context(), SystemCaller(), ValidNewUser()).ok());
  NewUser again = ValidNewUser();
  again.display_name = "Another Jane";
  ExpectRefused(again, ErrorCode::kConflict, "username", "USERNAME_TAKEN");
}

TEST_F(ManageUsersTest, OnlyAnAdminMayAddUsers) {
  for (Role role : AllRoles()) {
    if (role == Role::kAdmin) continue;
    ExpectRefused(ValidNewUser(), ErrorCode::kPermissionDenied, "", "PERMISSION_REQUIRED",
                  CallerWithRole(role));
  }
}

TEST_F(ManageUsersTest, UsernamesUseLowerCaseLettersDigitsDotUnderscoreAndDash) {
  for (const std::string& username :
       {std::string("Jdoe"), std::string("j doe"), std::string("j"), std::string(65, 'j'),
        std::string("jdoe!"), std::string("jdoe@city"), std::string("josé"), std::string(""),
        std::string(" jdoe")}) {
    NewUser request = ValidNewUser();
    request.username = username;
    ExpectRefused(request, ErrorCode::kInvalidArgument, "username", "USERNAME_INVALID");
  }
}

TEST_F(ManageUsersTest, AcceptsAUsernameWithEveryAllowedCharacterAndTheLongestPassword) {
  NewUser request = ValidNewUser();
  request.username = "j.doe_2-x";
  request.password = std::string(256, 'p');
  EXPECT_TRUE(AddUser(app_.context(), SystemCaller(), request).ok());
}

TEST_F(ManageUsersTest, ADisplayNameIsRequired) {
  NewUser request = ValidNewUser();
  request.display_name = "   ";
  ExpectRefused(request, ErrorCode::kInvalidArgument, "display_name", "FIELD_REQUIRED");
  request.display_name = std::string(81, 'd');
  ExpectRefused(request, ErrorCode::kInvalidArgument, "display_name", "FIELD_REQUIRED");
}

TEST_F(ManageUsersTest, APasswordHasFrom12To256Characters) {
  NewUser request = ValidNewUser();
  request.password = "eleven char";
  ASSERT_EQ(request.password.size(), 11u);
  ExpectRefused(request, ErrorCode::kInvalidArgument, "password", "PASSWORD_TOO_SHORT");
  request.password = std::string(257, 'p');
  ExpectRefused(request, ErrorCode::kInvalidArgument, "password", "PASSWORD_TOO_LONG");
}

TEST_F(ManageUsersTest, ListUsersIsForAdminsOnly) {
  for (Role role : AllRoles()) {
    const auto listed = ListUsers(app_.context(), CallerWithRole(role), PageRequest{});
    EXPECT_EQ(listed.ok(), role == Role::kAdmin) << RoleCode(role);
  }
}

}  // namespace
}  // namespace cistern
