#include <gtest/gtest.h>

#include "app/passwords.h"
#include "app/sessions.h"
#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPassword = "correct horse battery";

// Argon2id is slow on purpose (tens of milliseconds a hash): each test signs in as few times as
// it can, and lockouts are set up straight in the store rather than by failing five times.
class SignInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto added =
        AddUser(app_.context(), SystemCaller(), {"casey", "Casey Reyes", Role::kCsr, kPassword});
    ASSERT_TRUE(added.ok()) << added.error().message;
    user_ = added->id;
  }

  Result<SignedIn> SignInAs(const std::string& username, const std::string& password) {
    return SignIn(app_.context(), username, password);
  }

  SignInFailures StoredFailures(const std::string& username = "casey") {
    return app_.store()
        .Begin(TransactionMode::kRead)
        .value()
        ->users()
        .GetSignInFailures(username)
        .value();
  }

  void SaveFailures(const std::string& username, const SignInFailures& failures) {
    auto transaction = app_.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(transaction->users().SaveSignInFailures(username, failures).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }

  static void ExpectBadCredentials(const Result<SignedIn>& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(result.error().reason, "BAD_CREDENTIALS");
  }

  static void ExpectLocked(const Result<SignedIn>& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kResourceExhausted);
    EXPECT_EQ(result.error().reason, "SIGN_IN_LOCKED");
  }

  static void ExpectSessionRefused(const Result<Authenticated>& result, const std::string& reason) {
    ASSERT_FALSE(result.ok()) << "expected " << reason;
    EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(result.error().reason, reason);
  }

  test::TestApp app_;
  UserId user_;
};

// --- SignIn --------------------------------------------------------------------------------------

TEST_F(SignInTest, TheRightPasswordOpensASessionForTwelveHours) {
  const auto signed_in = SignInAs("casey", kPassword);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
  EXPECT_EQ(signed_in->user.id, user_);
  EXPECT_EQ(signed_in->user.role, Role::kCsr);
  EXPECT_EQ(signed_in->session_token.size(), 64u);
  EXPECT_EQ(signed_in->csrf_token.size(), 64u);
  EXPECT_NE(signed_in->session_token, signed_in->csrf_token);
  EXPECT_EQ(signed_in->expires_at, test::TestStartInstant() + 12h);

  // Only a hash of the token is stored.
  auto transaction = app_.store().Begin(TransactionMode::kRead).value();
  EXPECT_EQ(transaction->sessions().FindByTokenHash(signed_in->session_token).error().code,
            ErrorCode::kNotFound);
  const Session session =
      transaction->sessions().FindByTokenHash(HashToken(signed_in->session_token)).value();
  EXPECT_EQ(session.user_id, user_);
  EXPECT_EQ(session.csrf_token, signed_in->csrf_token);

  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "session.create");
  EXPECT_EQ(event.user_id, user_);
  EXPECT_EQ(event.entity_id, session.id);
}

TEST_F(SignInTest, AWrongPasswordIsRefusedAndTheFailureIsRecorded) {
  ExpectBadCredentials(SignInAs("casey", "wrong horse battery"));
  const SignInFailures failures = StoredFailures();
  EXPECT_EQ(failures.count, 1);
  EXPECT_EQ(failures.window_start, test::TestStartInstant());
  EXPECT_FALSE(failures.locked_until.has_value());
  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "session.failed");
  EXPECT_EQ(event.entity_id, user_.value());
  EXPECT_EQ(app_.RowCounts().at("sessions"), 0);
}

TEST_F(SignInTest, AnUnknownUserGetsExactlyTheSameAnswerAsAWrongPassword) {
  const auto unknown = SignInAs("nobody", kPassword);
  const auto wrong = SignInAs("casey", "wrong horse battery");
  ExpectBadCredentials(unknown);
  ExpectBadCredentials(wrong);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(unknown.error().field, wrong.error().field);
}

TEST_F(SignInTest, UsernamesAreCaseSensitive) {
  ExpectBadCredentials(SignInAs("Casey", kPassword));
}

TEST_F(SignInTest, EmptyUsernameOrPasswordIsAnInvalidArgument) {
  const auto no_user = SignInAs("", kPassword);
  ASSERT_FALSE(no_user.ok());
  EXPECT_EQ(no_user.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_user.error().field, "username");
  const auto no_password = SignInAs("casey", "");
  ASSERT_FALSE(no_password.ok());
  EXPECT_EQ(no_password.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_password.error().field, "password");
  EXPECT_EQ(StoredFailures().count, 0);
}

TEST_F(SignInTest, FiveFailuresLockTheUserEvenWithTheRightPasswordUntilFifteenMinutesPass) {
  for (int attempt = 1; attempt <= 5; ++attempt) {
    app_.clock().Advance(1min);
    ExpectBadCredentials(SignInAs("casey", "wrong password " + std::to_string(attempt)));
  }
  const Instant fifth = test::TestStartInstant() + 5min;
  EXPECT_EQ(StoredFailures().locked_until, fifth + 15min);

  ExpectLocked(SignInAs("casey", kPassword));
  app_.clock().Advance(15min - 1s);
  ExpectLocked(SignInAs("casey", kPassword));
  EXPECT_EQ(app_.RowCounts().at("sessions"), 0);

  app_.clock().Advance(1s);
  const auto signed_in = SignInAs("casey", kPassword);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
  const SignInFailures failures = StoredFailures();
  EXPECT_EQ(failures.count, 0) << "a good sign-in clears the failures";
  EXPECT_FALSE(failures.locked_until.has_value());
}

TEST_F(SignInTest, AnAttemptDuringALockoutIsAudited) {
  // sessions.h: "Every attempt is audited." The lockout is set straight in the store, so that
  // this test spends no time on five argon2id verifications.
  SignInFailures failures;
  failures.count = 5;
  failures.window_start = test::TestStartInstant();
  failures.locked_until = test::TestStartInstant() + 15min;
  SaveFailures("casey", failures);
  const std::size_t events_before = app_.AllAuditEvents().size();
  ExpectLocked(SignInAs("casey", kPassword));
  EXPECT_EQ(app_.AllAuditEvents().size(), events_before + 1)
      << "a sign-in refused by the lockout left no audit event";
}

TEST_F(SignInTest, AnAttemptOnAnUnknownUsernameIsAudited) {
  // sessions.h: "Every attempt is audited." Guessing usernames is an attempt worth a record.
  const std::size_t events_before = app_.AllAuditEvents().size();
  ExpectBadCredentials(SignInAs("nobody", kPassword));
  EXPECT_EQ(app_.AllAuditEvents().size(), events_before + 1)
      << "a sign-in with an unknown username left no audit event";
}

TEST_F(SignInTest, AnUnknownUsernameIsLockedLikeAKnownOneSoTheLockoutRevealsNothing) {
  // Four failures are already on record for the unknown username; the fifth locks it.
  SignInFailures failures;
  failures.count = 4;
  failures.window_start = test::TestStartInstant();
  SaveFailures("nobody", failures);
  app_.clock().Advance(1min);
  ExpectBadCredentials(SignInAs("nobody", kPassword));
  EXPECT_EQ(StoredFailures("nobody").locked_until, test::TestStartInstant() + 16min);
  const auto locked = SignInAs("nobody", kPassword);
  ExpectLocked(locked);
  EXPECT_EQ(StoredFailures().count, 0) << "another username's failures are its own";
}

TEST_F(SignInTest, FailuresOfOneUsernameDoNotLockAnother) {
  SignInFailures failures;
  failures.count = 5;
  failures.window_start = test::TestStartInstant();
  failures.locked_until = test::TestStartInstant() + 15min;
  SaveFailures("someone-else", failures);
  EXPECT_TRUE(SignInAs("casey", kPassword).ok());
}

TEST_F(SignInTest, AnInactiveUserCannotSignIn) {
  ASSERT_EQ(test::ExecuteRawSql(app_.database_path(), "UPDATE users SET active = 0"), "");
  ExpectBadCredentials(SignInAs("casey", kPassword));
}

// --- Authenticate and SignOut --------------------------------------------------------------------

TEST_F(SignInTest, AuthenticateFindsTheSessionsUserAndRole) {
  const SignedIn signed_in = SignInAs("casey", kPassword).value();
  const auto authenticated = Authenticate(app_.context(), signed_in.session_token);
  ASSERT_TRUE(authenticated.ok()) << authenticated.error().message;
  EXPECT_EQ(authenticated->caller.user_id, user_);
  EXPECT_EQ(authenticated->caller.role, Role::kCsr);
  EXPECT_EQ(authenticated->caller.display_name, "Casey Reyes");
  EXPECT_EQ(authenticated->user.username, "casey");
  EXPECT_EQ(authenticated->csrf_token, signed_in.csrf_token);
  EXPECT_EQ(authenticated->expires_at, signed_in.expires_at);
}

TEST_F(SignInTest, AuthenticateRefusesAMissingOrUnknownToken) {
  ExpectSessionRefused(Authenticate(app_.context(), ""), "SIGN_IN_REQUIRED");
  ExpectSessionRefused(Authenticate(app_.context(), std::string(64, 'a')), "SIGN_IN_REQUIRED");
}

TEST_F(SignInTest, ASessionEndsTwelveHoursAfterSignInEvenWhenInUse) {
  const SignedIn signed_in = SignInAs("casey", kPassword).value();
  // Used every 50 minutes, it never goes idle.
  for (int used = 0; used < 14; ++used) {
    app_.clock().Advance(50min);
    ASSERT_TRUE(Authenticate(app_.context(), signed_in.session_token).ok()) << "use " << used;
  }
  // 14 x 50 min = 11 h 40 min.
  app_.clock().Advance(19min + 59s);
  ASSERT_TRUE(Authenticate(app_.context(), signed_in.session_token).ok());
  app_.clock().Advance(1s);
  ExpectSessionRefused(Authenticate(app_.context(), signed_in.session_token), "SESSION_EXPIRED");
}

TEST_F(SignInTest, ASessionEndsAfterSixtyMinutesIdle) {
  const SignedIn signed_in = SignInAs("casey", kPassword).value();
  app_.clock().Advance(59min);
  ASSERT_TRUE(Authenticate(app_.context(), signed_in.session_token).ok());
  // The use at 59 minutes restarted the idle clock.
  app_.clock().Advance(59min);
  ASSERT_TRUE(Authenticate(app_.context(), signed_in.session_token).ok());
  app_.clock().Advance(60min);
  ExpectSessionRefused(Authenticate(app_.context(), signed_in.session_token), "SESSION_EXPIRED");
}

TEST_F(SignInTest, UseWithinAMinuteDoesNotWriteLastSeen) {
  const SignedIn signed_in = SignInAs("casey", kPassword).value();
  const std::string token_hash = HashToken(signed_in.session_token);
  auto last_seen = [&] {
    return app_.store()
        .Begin(TransactionMode::kRead)
        .value()
        ->sessions()
        .FindByTokenHash(token_hash)
        .value()
        .last_seen_at;
  };
  app_.clock().Advance(59s);
  ASSERT_TRUE(Authenticate(app_.context(), signed_in.session_token).ok());
  EXPECT_EQ(last_seen(), test::TestStartInstant());
  app_.clock().Advance(1s);
  ASSERT_TRUE(Authenticate(app_.context(), signed_in.session_token).ok());
  EXPECT_EQ(last_seen(), test::TestStartInstant() + 60s);
}

TEST_F(SignInTest, SignOutRevokesTheSessionAndIsAudited) {
  const SignedIn signed_in = SignInAs("casey", kPassword).value();
  const Authenticated session = Authenticate(app_.context(), signed_in.session_token).value();
  app_.clock().Advance(5min);
  ASSERT_TRUE(SignOut(app_.context(), session).ok());
  ExpectSessionRefused(Authenticate(app_.context(), signed_in.session_token), "SESSION_EXPIRED");
  const AuditEvent event = app_.AllAuditEvents().at(0);
  EXPECT_EQ(event.action, "session.end");
  EXPECT_EQ(event.entity_id, session.session_id);
  EXPECT_EQ(event.user_id, user_);
  EXPECT_EQ(event.at, test::TestStartInstant() + 5min);
}

TEST_F(SignInTest, ADeactivatedUsersSessionStopsWorking) {
  const SignedIn signed_in = SignInAs("casey", kPassword).value();
  ASSERT_EQ(test::ExecuteRawSql(app_.database_path(), "UPDATE users SET active = 0"), "");
  ExpectSessionRefused(Authenticate(app_.context(), signed_in.session_token), "USER_INACTIVE");
}

}  // namespace
}  // namespace cistern
