#include "domain/auth/sign_in_policy.h"

namespace cistern {

bool IsLockedOut(const SignInFailures& failures, Instant now) {
  return failures.locked_until.has_value() && now < *failures.locked_until;
}

SignInFailures RecordFailure(const SignInFailures& failures, Instant now,
                             const SignInPolicy& policy) {
  SignInFailures next = failures;
  const bool window_open =
      next.window_start.has_value() && now - *next.window_start < policy.failure_window;
  if (!window_open) {
    next.count = 0;
    next.window_start = now;
    next.locked_until.reset();
  }
  next.count += 1;
  if (next.count >= policy.failures_before_lockout) next.locked_until = now + policy.lockout;
  return next;
}

bool SessionAlive(Instant created_at, Instant last_seen_at, Instant now,
                  const SignInPolicy& policy) {
  return now - created_at < policy.session_lifetime &&
         now - last_seen_at < policy.session_idle_limit;
}

}  // namespace cistern
