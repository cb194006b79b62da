// The rules for sign-in attempts and sessions, as pure functions of time.
#pragma once

#include <chrono>
#include <optional>

#include "core/date.h"

namespace cistern {

struct SignInPolicy {
  int failures_before_lockout = 5;
  std::chrono::seconds failure_window{15 * 60};
  std::chrono::seconds lockout{15 * 60};
  std::chrono::seconds session_lifetime{12 * 60 * 60};
  std::chrono::seconds session_idle_limit{60 * 60};
  std::size_t password_length_min = 12;
};

// A user's record of recent failed sign-ins.
struct SignInFailures {
  int count = 0;                        // failures inside the current window
  std::optional<Instant> window_start;  // first failure of the window
  std::optional<Instant> locked_until;
};

bool IsLockedOut(const SignInFailures& failures, Instant now);

// The record after one more failed attempt at `now`: a failure outside the window starts a new
// window; reaching the limit locks the user until now + lockout.
SignInFailures RecordFailure(const SignInFailures& failures, Instant now,
                             const SignInPolicy& policy);

// A session is alive while it is younger than its lifetime and was used within the idle limit.
bool SessionAlive(Instant created_at, Instant last_seen_at, Instant now,
                  const SignInPolicy& policy);

}  // namespace cistern
