#include "domain/auth/sign_in_policy.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

using namespace std::chrono_literals;

const Instant kStart = std::chrono::sys_days(std::chrono::year(2026) / 11 / 27) + 15h;

SignInFailures FailTimes(int times, Instant at, const SignInPolicy& policy,
                         SignInFailures failures = {}) {
  for (int i = 0; i < times; ++i) failures = RecordFailure(failures, at, policy);
  return failures;
}

TEST(SignInPolicyTest, DefaultsAreTheDocumentedOnes) {
  const SignInPolicy policy;
  EXPECT_EQ(policy.failures_before_lockout, 5);
  EXPECT_EQ(policy.failure_window, 15min);
  EXPECT_EQ(policy.lockout, 15min);
  EXPECT_EQ(policy.session_lifetime, 12h);
  EXPECT_EQ(policy.session_idle_limit, 60min);
  EXPECT_EQ(policy.password_length_min, 12u);
}

TEST(RecordFailureTest, TheFirstFailureOpensAWindow) {
  const SignInFailures failures = RecordFailure({}, kStart, SignInPolicy{});
  EXPECT_EQ(failures.count, 1);
  EXPECT_EQ(failures.window_start, kStart);
  EXPECT_FALSE(failures.locked_until.has_value());
  EXPECT_FALSE(IsLockedOut(failures, kStart));
}

TEST(RecordFailureTest, FourFailuresDoNotLock) {
  const SignInPolicy policy;
  SignInFailures failures;
  for (int i = 0; i < 4; ++i) failures = RecordFailure(failures, kStart + i * 3min, policy);
  EXPECT_EQ(failures.count, 4);
  EXPECT_FALSE(failures.locked_until.has_value());
  EXPECT_FALSE(IsLockedOut(failures, kStart + 12min));
}

TEST(RecordFailureTest, TheFifthFailureWithinFifteenMinutesLocksForFifteenMinutes) {
  const SignInPolicy policy;
  SignInFailures failures;
  for (int i = 0; i < 4; ++i) failures = RecordFailure(failures, kStart + i * 3min, policy);
  const Instant fifth = kStart + 14min + 59s;
  failures = RecordFailure(failures, fifth, policy);
  EXPECT_EQ(failures.count, 5);
  EXPECT_EQ(failures.window_start, kStart);
  ASSERT_TRUE(failures.locked_until.has_value());
  EXPECT_EQ(*failures.locked_until, fifth + 15min);
  EXPECT_TRUE(IsLockedOut(failures, fifth));
  EXPECT_TRUE(IsLockedOut(failures, fifth + 15min - 1s));
}

TEST(RecordFailureTest, TheLockoutEndsAfterFifteenMinutes) {
  const SignInPolicy policy;
  const SignInFailures failures = FailTimes(5, kStart, policy);
  EXPECT_TRUE(IsLockedOut(failures, kStart + 14min));
  EXPECT_FALSE(IsLockedOut(failures, kStart + 15min));
  EXPECT_FALSE(IsLockedOut(failures, kStart + 2h));
}

TEST(RecordFailureTest, AFailureAfterTheWindowStartsANewWindow) {
  const SignInPolicy policy;
  SignInFailures failures = FailTimes(4, kStart, policy);
  // Exactly 15 minutes after the window opened is outside it.
  failures = RecordFailure(failures, kStart + 15min, policy);
  EXPECT_EQ(failures.count, 1);
  EXPECT_EQ(failures.window_start, kStart + 15min);
  EXPECT_FALSE(failures.locked_until.has_value());
  EXPECT_FALSE(IsLockedOut(failures, kStart + 15min));
}

TEST(RecordFailureTest, AFailureAfterAnExpiredLockoutStartsAfresh) {
  const SignInPolicy policy;
  SignInFailures failures = FailTimes(5, kStart, policy);
  ASSERT_TRUE(failures.locked_until.has_value());
  failures = RecordFailure(failures, kStart + 20min, policy);
  EXPECT_EQ(failures.count, 1);
  EXPECT_FALSE(failures.locked_until.has_value());
  EXPECT_FALSE(IsLockedOut(failures, kStart + 20min));
}

TEST(RecordFailureTest, FollowsACustomPolicy) {
  SignInPolicy policy;
  policy.failures_before_lockout = 2;
  policy.lockout = 1h;
  const SignInFailures failures = FailTimes(2, kStart, policy);
  ASSERT_TRUE(failures.locked_until.has_value());
  EXPECT_EQ(*failures.locked_until, kStart + 1h);
}

TEST(IsLockedOutTest, NoRecordMeansNoLockout) { EXPECT_FALSE(IsLockedOut({}, kStart)); }

TEST(SessionAliveTest, AliveWhileYoungAndRecentlyUsed) {
  const SignInPolicy policy;
  EXPECT_TRUE(SessionAlive(kStart, kStart, kStart, policy));
  EXPECT_TRUE(SessionAlive(kStart, kStart, kStart + 59min + 59s, policy));
  EXPECT_TRUE(SessionAlive(kStart, kStart + 11h, kStart + 11h + 59min, policy));
}

TEST(SessionAliveTest, EndsAfterSixtyMinutesIdle) {
  const SignInPolicy policy;
  EXPECT_FALSE(SessionAlive(kStart, kStart, kStart + 60min, policy));
  EXPECT_FALSE(SessionAlive(kStart, kStart + 2h, kStart + 3h, policy));
}

TEST(SessionAliveTest, EndsAfterTwelveHoursEvenWhenInUse) {
  const SignInPolicy policy;
  EXPECT_TRUE(SessionAlive(kStart, kStart + 12h - 2s, kStart + 12h - 1s, policy));
  EXPECT_FALSE(SessionAlive(kStart, kStart + 12h - 1s, kStart + 12h, policy));
  EXPECT_FALSE(SessionAlive(kStart, kStart + 13h, kStart + 13h, policy));
}

}  // namespace
}  // namespace cistern
