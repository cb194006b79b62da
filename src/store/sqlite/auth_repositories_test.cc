// Users and sessions through the store interfaces, on a real SQLite file.
#include <gtest/gtest.h>

#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

using namespace std::chrono_literals;

class AuthRepositoriesTest : public ::testing::Test {
 protected:
  std::unique_ptr<Transaction> Write() {
    return app_.store().Begin(TransactionMode::kWrite).value();
  }
  std::unique_ptr<Transaction> Read() { return app_.store().Begin(TransactionMode::kRead).value(); }

  static User MakeUser(const std::string& username, Role role = Role::kCsr) {
    User user;
    user.username = username;
    user.display_name = "Display " + username;
    user.role = role;
    user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$fake";
    user.created_at = test::TestStartInstant();
    return user;
  }

  UserId Insert(const User& user) {
    auto transaction = Write();
    const UserId id = transaction->users().Insert(user).value();
    EXPECT_TRUE(transaction->Commit().ok());
    return id;
  }

  test::TestApp app_;
};

TEST_F(AuthRepositoriesTest, AUserRoundTrips) {
  User user = MakeUser("casey", Role::kSupervisor);
  user.active = false;
  const UserId id = Insert(user);
  for (const User& read :
       {Read()->users().Get(id).value(), Read()->users().FindByUsername("casey").value()}) {
    EXPECT_EQ(read.id, id);
    EXPECT_EQ(read.username, "casey");
    EXPECT_EQ(read.display_name, "Display casey");
    EXPECT_EQ(read.role, Role::kSupervisor);
    EXPECT_EQ(read.password_hash, user.password_hash);
    EXPECT_FALSE(read.active);
    EXPECT_EQ(read.created_at, test::TestStartInstant());
  }
}

TEST_F(AuthRepositoriesTest, ATakenUsernameIsAConflict) {
  Insert(MakeUser("casey"));
  auto transaction = Write();
  const auto duplicate = transaction->users().Insert(MakeUser("casey", Role::kAdmin));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
}

TEST_F(AuthRepositoriesTest, UsernamesAreMatchedExactly) {
  Insert(MakeUser("casey"));
  auto reader = Read();
  EXPECT_EQ(reader->users().FindByUsername("Casey").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reader->users().FindByUsername("case").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reader->users().FindByUsername("").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(reader->users().Get(UserId(99)).error().reason, "USER_NOT_FOUND");
}

TEST_F(AuthRepositoriesTest, AUsernameWithoutFailuresHasAnEmptyRecord) {
  Insert(MakeUser("casey"));
  for (const char* username : {"casey", "nobody"}) {
    const SignInFailures failures = Read()->users().GetSignInFailures(username).value();
    EXPECT_EQ(failures.count, 0) << username;
    EXPECT_FALSE(failures.window_start.has_value()) << username;
    EXPECT_FALSE(failures.locked_until.has_value()) << username;
  }
}

TEST_F(AuthRepositoriesTest, SignInFailuresRoundTripByUsernameAndClear) {
  Insert(MakeUser("casey"));
  SignInFailures failures;
  failures.count = 5;
  failures.window_start = test::TestStartInstant();
  failures.locked_until = test::TestStartInstant() + 15min;
  SignInFailures unknown;
  unknown.count = 2;
  unknown.window_start = test::TestStartInstant() + 1min;
  {
    auto transaction = Write();
    ASSERT_TRUE(transaction->users().SaveSignInFailures("casey", failures).ok());
    // Failures are kept for usernames that do not exist too.
    ASSERT_TRUE(transaction->users().SaveSignInFailures("nobody", unknown).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const SignInFailures locked = Read()->users().GetSignInFailures("casey").value();
  EXPECT_EQ(locked.count, 5);
  EXPECT_EQ(locked.window_start, failures.window_start);
  EXPECT_EQ(locked.locked_until, failures.locked_until);
  const SignInFailures read_unknown = Read()->users().GetSignInFailures("nobody").value();
  EXPECT_EQ(read_unknown.count, 2);
  EXPECT_EQ(read_unknown.window_start, unknown.window_start);
  EXPECT_FALSE(read_unknown.locked_until.has_value());
  EXPECT_EQ(Read()->users().GetSignInFailures("Casey").value().count, 0)
      << "usernames are matched exactly";

  // Saving again replaces the record rather than adding one.
  failures.count = 1;
  failures.locked_until.reset();
  {
    auto transaction = Write();
    ASSERT_TRUE(transaction->users().SaveSignInFailures("casey", failures).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const SignInFailures replaced = Read()->users().GetSignInFailures("casey").value();
  EXPECT_EQ(replaced.count, 1);
  EXPECT_FALSE(replaced.locked_until.has_value());

  {
    auto transaction = Write();
    ASSERT_TRUE(transaction->users().SaveSignInFailures("casey", {}).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const SignInFailures cleared = Read()->users().GetSignInFailures("casey").value();
  EXPECT_EQ(cleared.count, 0);
  EXPECT_FALSE(cleared.window_start.has_value());
  EXPECT_FALSE(cleared.locked_until.has_value());
  EXPECT_EQ(Read()->users().GetSignInFailures("nobody").value().count, 2)
      << "clearing one username leaves the others";
}

TEST_F(AuthRepositoriesTest, ListPagesThroughUsersWithoutOverlap) {
  for (const char* name : {"e", "d", "c", "b", "a"}) Insert(MakeUser(name));
  PageRequest page;
  page.page_size = 2;
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    const auto listed = Read()->users().List(page).value();
    EXPECT_LE(listed.items.size(), 2u);
    for (const User& user : listed.items) seen.push_back(user.username);
    ++pages;
    if (!listed.next_after) break;
    page.after = *listed.next_after;
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 5u);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
}

TEST_F(AuthRepositoriesTest, ListIsInUsernameOrderAsTheInterfaceStates) {
  // repositories.h: "In username order". Insert in reverse so id order and username order differ.
  for (const char* name : {"e", "d", "c", "b", "a"}) Insert(MakeUser(name));
  PageRequest page;
  page.page_size = 10;
  const Page<User> listed = Read()->users().List(page).value();
  std::vector<std::string> seen;
  for (const User& user : listed.items) seen.push_back(user.username);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

TEST_F(AuthRepositoriesTest, ASessionRoundTripsByTokenHash) {
  const UserId user = Insert(MakeUser("casey"));
  Session session;
  session.token_hash = "ab12";
  session.user_id = user;
  session.csrf_token = "csrf-1";
  session.created_at = test::TestStartInstant();
  session.last_seen_at = test::TestStartInstant() + 5min;
  std::int64_t id = 0;
  {
    auto transaction = Write();
    id = transaction->sessions().Insert(session).value();
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const Session read = Read()->sessions().FindByTokenHash("ab12").value();
  EXPECT_EQ(read.id, id);
  EXPECT_EQ(read.token_hash, "ab12");
  EXPECT_EQ(read.user_id, user);
  EXPECT_EQ(read.csrf_token, "csrf-1");
  EXPECT_EQ(read.created_at, session.created_at);
  EXPECT_EQ(read.last_seen_at, session.last_seen_at);
  EXPECT_FALSE(read.revoked_at.has_value());
  EXPECT_EQ(Read()->sessions().FindByTokenHash("ab1").error().code, ErrorCode::kNotFound);
}

TEST_F(AuthRepositoriesTest, TouchMovesLastSeenAndRevokeKeepsTheFirstRevocation) {
  const UserId user = Insert(MakeUser("casey"));
  Session session;
  session.token_hash = "hash";
  session.user_id = user;
  session.csrf_token = "csrf";
  session.created_at = test::TestStartInstant();
  session.last_seen_at = test::TestStartInstant();
  const Instant start = test::TestStartInstant();
  {
    auto transaction = Write();
    const std::int64_t id = transaction->sessions().Insert(session).value();
    ASSERT_TRUE(transaction->sessions().Touch(id, start + 10min).ok());
    ASSERT_TRUE(transaction->sessions().Revoke(id, start + 20min).ok());
    ASSERT_TRUE(transaction->sessions().Revoke(id, start + 30min).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  const Session read = Read()->sessions().FindByTokenHash("hash").value();
  EXPECT_EQ(read.last_seen_at, start + 10min);
  EXPECT_EQ(read.revoked_at, start + 20min);
}

TEST_F(AuthRepositoriesTest, ASessionForAnUnknownUserIsRefused) {
  Session session;
  session.token_hash = "hash";
  session.user_id = UserId(42);
  session.created_at = test::TestStartInstant();
  session.last_seen_at = test::TestStartInstant();
  auto transaction = Write();
  EXPECT_FALSE(transaction->sessions().Insert(session).ok());
}

TEST_F(AuthRepositoriesTest, TwoSessionsCannotShareATokenHash) {
  const UserId user = Insert(MakeUser("casey"));
  Session session;
  session.token_hash = "same";
  session.user_id = user;
  session.created_at = test::TestStartInstant();
  session.last_seen_at = test::TestStartInstant();
  auto transaction = Write();
  ASSERT_TRUE(transaction->sessions().Insert(session).ok());
  const auto again = transaction->sessions().Insert(session);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace cistern
