#include <cctype>

#include "app/audit.h"
#include "app/passwords.h"
#include "app/sessions.h"
#include "core/text.h"

namespace cistern {
namespace {

constexpr std::size_t kUsernameLengthMin = 2;
constexpr std::size_t kDisplayNameLengthMax = 80;

Status ValidateNewUser(const NewUser& user, const SignInPolicy& policy) {
  if (user.username.size() < kUsernameLengthMin || user.username.size() > kUsernameLengthMax) {
    return Error::InvalidArgument("username", "USERNAME_INVALID",
                                  "A username has 2 to 64 characters.");
  }
  for (char c : user.username) {
    const auto byte = static_cast<unsigned char>(c);
    if (!(std::islower(byte) || std::isdigit(byte) || c == '.' || c == '_' || c == '-')) {
      return Error::InvalidArgument(
          "username", "USERNAME_INVALID",
          "A username uses lower-case letters, digits, '.', '_' and '-'.");
    }
  }
  if (Trim(user.display_name).empty() ||
      CountCharacters(user.display_name) > kDisplayNameLengthMax) {
    return Error::InvalidArgument("display_name", "FIELD_REQUIRED",
                                  "The display name is required (at most 80 characters).");
  }
  if (user.password.size() < policy.password_length_min) {
    return Error::InvalidArgument(
        "password", "PASSWORD_TOO_SHORT",
        "A password has at least " + std::to_string(policy.password_length_min) + " characters.");
  }
  if (user.password.size() > kPasswordLengthMax) {
    return Error::InvalidArgument("password", "PASSWORD_TOO_LONG",
                                  "A password has at most 256 characters.");
  }
  return OkStatus();
}

}  // namespace

Result<User> AddUser(const AppContext& context, const Caller& caller, const NewUser& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kManageUsers));
  CISTERN_RETURN_IF_ERROR(ValidateNewUser(request, context.sign_in_policy));
  User user;
  user.username = request.username;
  user.display_name = Trim(request.display_name);
  user.role = request.role;
  user.active = true;
  user.created_at = context.clock.Now();
  // Hash before the write transaction opens: argon2id takes a while and must not hold the lock.
  CISTERN_ASSIGN_OR_RETURN(user.password_hash, HashPassword(request.password));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  auto inserted = transaction->users().Insert(user);
  if (!inserted.ok()) {
    Error error = inserted.error();
    if (error.code == ErrorCode::kConflict) {
      error.field = "username";
      error.reason = "USERNAME_TAKEN";
      error.message = "The username \"" + user.username + "\" is already taken.";
    }
    return error;
  }
  user.id = *inserted;
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"user.create",
                                       "user",
                                       user.id.value(),
                                       std::nullopt,
                                       {},
                                       {{"username", user.username},
                                        {"display_name", user.display_name},
                                        {"role", RoleCode(user.role)},
                                        {"active", "true"}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return user;
}

Result<Page<User>> ListUsers(const AppContext& context, const Caller& caller,
                             const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kManageUsers));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return transaction->users().List(page);
}

}  // namespace cistern
