// Sign-in, sessions and users.
//
// The session token goes to the browser in an HttpOnly cookie and is stored only as a hash, so a
// copy of the database cannot be used to sign in. Each session has its own CSRF token.
#pragma once

#include <string>

#include "app/app_context.h"
#include "app/store/page.h"
#include "app/store/records.h"
#include "domain/auth/roles.h"

namespace cistern {

// Limits on what a sign-in form or `user add` may carry.
constexpr std::size_t kUsernameLengthMax = 64;
constexpr std::size_t kPasswordLengthMax = 256;

struct SignedIn {
  User user;
  std::string session_token;  // for the cookie; never logged or stored
  std::string csrf_token;
  Instant expires_at;
};

// Checks the password (argon2id) and opens a session. Unknown user and wrong password give the
// same UNAUTHENTICATED BAD_CREDENTIALS; too many failures give RESOURCE_EXHAUSTED SIGN_IN_LOCKED
// until the lockout ends, even with the right password. Every attempt is audited.
Result<SignedIn> SignIn(const AppContext& context, const std::string& username,
                        const std::string& password);

struct Authenticated {
  Caller caller;
  User user;
  std::int64_t session_id = 0;
  std::string csrf_token;
  Instant expires_at;
};

// Finds the live session for a cookie token; UNAUTHENTICATED when there is none.
Result<Authenticated> Authenticate(const AppContext& context, const std::string& session_token);

// Ends the session. Audited.
Status SignOut(const AppContext& context, const Authenticated& session);

struct NewUser {
  std::string username;
  std::string display_name;
  Role role = Role::kCsr;
  std::string password;
};

// Needs Permission::kManageUsers. `cistern user add` calls it with a system caller.
Result<User> AddUser(const AppContext& context, const Caller& caller, const NewUser& request);

Result<Page<User>> ListUsers(const AppContext& context, const Caller& caller,
                             const PageRequest& page);

// The caller the command line and the demo generator act as: an administrator with no user id.
Caller SystemCaller();

}  // namespace cistern
