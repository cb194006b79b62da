#include "app/audit.h"
#include "app/passwords.h"
#include "app/sessions.h"

namespace cistern {
namespace {

// Bumping last_seen_at on every request would make every read a write; once a minute is enough
// for an idle limit measured in tens of minutes.
constexpr std::chrono::seconds kTouchInterval{60};

Error BadCredentials() {
  return Error::Unauthenticated("BAD_CREDENTIALS", "The username or password is not right.");
}

Caller CallerFor(const User& user) { return {user.id, user.role, user.display_name}; }

// Who an attempt is recorded as: the user when the username exists, else nobody (the typed
// username is in the event's changes).
Caller AttemptCaller(const std::optional<User>& user) {
  return user ? CallerFor(*user) : Caller{UserId(), Role::kAnonymous, "Unknown user"};
}

// Records the refused attempt and answers SIGN_IN_LOCKED. The message does not say until when:
// that would differ between a real username and one an attacker made up.
Error RefuseLocked(const AppContext& context, const std::optional<User>& user,
                   const std::string& username) {
  const auto minutes =
      std::chrono::duration_cast<std::chrono::minutes>(context.sign_in_policy.lockout).count();
  Error locked = Error::ResourceExhausted(
      "SIGN_IN_LOCKED", "Too many failed sign-ins: this username is locked for up to " +
                            std::to_string(minutes) +
                            " minutes. Ask an administrator if you need in sooner.");
  auto transaction = context.store.Begin(TransactionMode::kWrite);
  if (!transaction.ok()) return locked;
  Status audited = RecordAudit(context, **transaction, AttemptCaller(user),
                               {"session.locked",
                                "user",
                                user ? user->id.value() : 0,
                                std::nullopt,
                                {},
                                {{"username", username}}});
  if (audited.ok()) (void)(*transaction)->Commit();
  return locked;
}

// Spends the same time on an unknown username as on a wrong password, so response times do not
// tell which usernames exist.
void VerifyAgainstDummy(const std::string& password) {
  static const std::string dummy_hash = HashPassword("not a real password hash").value();
  (void)VerifyPassword(dummy_hash, password);
}

}  // namespace

Caller SystemCaller() { return {UserId(), Role::kAdmin, "System"}; }

Result<SignedIn> SignIn(const AppContext& context, const std::string& username,
                        const std::string& password) {
  if (username.empty() || username.size() > kUsernameLengthMax) {
    return Error::InvalidArgument("username", "FIELD_REQUIRED", "Enter your username.");
  }
  if (password.empty() || password.size() > kPasswordLengthMax) {
    return Error::InvalidArgument("password", "FIELD_REQUIRED", "Enter your password.");
  }
  const Instant now = context.clock.Now();

  // 1. Look up the user and the username's recent failures in a read transaction.
  std::optional<User> user;
  bool locked = false;
  {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
    auto found = transaction->users().FindByUsername(username);
    if (found.ok()) {
      user = *found;
    } else if (found.error().code != ErrorCode::kNotFound) {
      return found.error();
    }
    CISTERN_ASSIGN_OR_RETURN(SignInFailures failures,
                             transaction->users().GetSignInFailures(username));
    locked = IsLockedOut(failures, now);
  }
  if (locked) return RefuseLocked(context, user, username);

  // 2. Check the password outside any transaction: argon2id takes tens of milliseconds and must
  // not hold the write lock. An unknown username costs the same time as a wrong password.
  // The hash is checked before `active`, so an inactive user answers as slowly as an active one.
  bool password_ok = false;
  if (user) {
    password_ok = VerifyPassword(user->password_hash, password) && user->active;
  } else {
    VerifyAgainstDummy(password);
  }

  // 3. Record the outcome. Failures are counted by username as typed, known or not, so the
  // lockout looks the same for both and tells nobody which usernames exist.
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(SignInFailures failures,
                           transaction->users().GetSignInFailures(username));
  if (IsLockedOut(failures, now)) {
    transaction.reset();
    return RefuseLocked(context, user, username);
  }
  if (!password_ok) {
    failures = RecordFailure(failures, now, context.sign_in_policy);
    CISTERN_RETURN_IF_ERROR(transaction->users().SaveSignInFailures(username, failures));
    CISTERN_RETURN_IF_ERROR(RecordAudit(
        context, *transaction, AttemptCaller(user),
        {"session.failed",
         "user",
         user ? user->id.value() : 0,
         std::nullopt,
         {},
         {{"username", username},
          {"failed_attempts", std::to_string(failures.count)},
          {"locked_until", failures.locked_until ? FormatInstant(*failures.locked_until) : ""}}}));
    // The failure is recorded even though the sign-in is refused.
    CISTERN_RETURN_IF_ERROR(transaction->Commit());
    return BadCredentials();
  }
  if (failures.count != 0) {
    CISTERN_RETURN_IF_ERROR(transaction->users().SaveSignInFailures(username, {}));
  }
  SignedIn signed_in;
  signed_in.session_token = RandomToken();
  signed_in.csrf_token = RandomToken();
  signed_in.expires_at = now + context.sign_in_policy.session_lifetime;
  Session session;
  session.token_hash = HashToken(signed_in.session_token);
  session.user_id = user->id;
  session.csrf_token = signed_in.csrf_token;
  session.created_at = now;
  session.last_seen_at = now;
  CISTERN_ASSIGN_OR_RETURN(std::int64_t session_id, transaction->sessions().Insert(session));
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, CallerFor(*user),
      {"session.create", "session", session_id, std::nullopt, {}, {{"user", user->username}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  signed_in.user = std::move(*user);
  return signed_in;
}

Result<Authenticated> Authenticate(const AppContext& context, const std::string& session_token) {
  if (session_token.empty()) {
    return Error::Unauthenticated("SIGN_IN_REQUIRED", "Please sign in.");
  }
  const Instant now = context.clock.Now();
  const std::string token_hash = HashToken(session_token);
  Session session;
  User user;
  {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
    auto found = transaction->sessions().FindByTokenHash(token_hash);
    if (!found.ok()) {
      if (found.error().code == ErrorCode::kNotFound) {
        return Error::Unauthenticated("SIGN_IN_REQUIRED", "Please sign in.");
      }
      return found.error();
    }
    session = *found;
    if (session.revoked_at ||
        !SessionAlive(session.created_at, session.last_seen_at, now, context.sign_in_policy)) {
      return Error::Unauthenticated("SESSION_EXPIRED", "Your session has ended; sign in again.");
    }
    CISTERN_ASSIGN_OR_RETURN(user, transaction->users().Get(session.user_id));
    if (!user.active) {
      return Error::Unauthenticated("USER_INACTIVE", "This user has been deactivated.");
    }
  }
  if (now - session.last_seen_at >= kTouchInterval) {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
    CISTERN_RETURN_IF_ERROR(transaction->sessions().Touch(session.id, now));
    CISTERN_RETURN_IF_ERROR(transaction->Commit());
  }
  Authenticated authenticated;
  authenticated.caller = CallerFor(user);
  authenticated.session_id = session.id;
  authenticated.csrf_token = session.csrf_token;
  authenticated.expires_at = session.created_at + context.sign_in_policy.session_lifetime;
  authenticated.user = std::move(user);
  return authenticated;
}

Status SignOut(const AppContext& context, const Authenticated& session) {
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_RETURN_IF_ERROR(transaction->sessions().Revoke(session.session_id, context.clock.Now()));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, session.caller,
                                      {"session.end",
                                       "session",
                                       session.session_id,
                                       std::nullopt,
                                       {{"user", session.user.username}},
                                       {}}));
  return transaction->Commit();
}

}  // namespace cistern
