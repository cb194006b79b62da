// Users and sessions.
#include "store/sqlite/repositories.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

constexpr const char* kUserColumns =
    "SELECT id, username, display_name, role, password_hash, active, created_at FROM users ";

Result<User> ReadUser(const Statement& select) {
  User user;
  user.id = UserId(select.Int(0));
  user.username = select.Text(1);
  user.display_name = select.Text(2);
  auto role = ParseRole(select.Text(3));
  if (!role) return Error::Internal("STORED_VALUE_INVALID", "Stored role is unknown.");
  user.role = *role;
  user.password_hash = select.Text(4);
  user.active = select.Int(5) != 0;
  CISTERN_ASSIGN_OR_RETURN(user.created_at, ReadInstant(select, 6));
  return user;
}

}  // namespace

Result<UserId> SqliteUsers::Insert(const User& user) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO users (username, display_name, role, password_hash, active,"
                          " created_at) VALUES (?, ?, ?, ?, ?, ?)"));
  CISTERN_RETURN_IF_ERROR(insert
                              ->BindAll(user.username, user.display_name,
                                        std::string(RoleCode(user.role)), user.password_hash,
                                        user.active, FormatInstant(user.created_at))
                              .Run());
  return UserId(connection_.LastInsertRowId());
}

Result<User> SqliteUsers::Get(UserId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kUserColumns) + "WHERE id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("USER_NOT_FOUND", "No user has id " + std::to_string(id.value()) + ".");
  }
  return ReadUser(*select);
}

Result<User> SqliteUsers::FindByUsername(const std::string& username) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kUserColumns) + "WHERE username = ?"));
  select->BindAll(username);
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return Error::NotFound("USER_NOT_FOUND", "No user is named " + username + ".");
  return ReadUser(*select);
}

Result<SignInFailures> SqliteUsers::GetSignInFailures(const std::string& username) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare("SELECT failed_count, window_start, locked_until"
                                               " FROM sign_in_failures WHERE username = ?"));
  select->BindAll(username);
  SignInFailures failures;
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return failures;
  failures.count = static_cast<int>(select->Int(0));
  CISTERN_ASSIGN_OR_RETURN(Instant window_start, ReadInstant(*select, 1));
  failures.window_start = window_start;
  CISTERN_ASSIGN_OR_RETURN(failures.locked_until, ReadOptionalInstant(*select, 2));
  return failures;
}

Status SqliteUsers::SaveSignInFailures(const std::string& username,
                                       const SignInFailures& failures) {
  if (failures.count == 0 || !failures.window_start) {
    CISTERN_ASSIGN_OR_RETURN(
        auto* remove, connection_.Prepare("DELETE FROM sign_in_failures WHERE username = ?"));
    return remove->BindAll(username).Run();
  }
  // Records a day older than this one's window serve no rule any more; dropping them here keeps
  // the table small even when someone tries thousands of made-up usernames.
  CISTERN_ASSIGN_OR_RETURN(
      auto* prune, connection_.Prepare("DELETE FROM sign_in_failures WHERE window_start < ?1"
                                       " AND (locked_until IS NULL OR locked_until < ?1)"));
  CISTERN_RETURN_IF_ERROR(
      prune->BindAll(FormatInstant(*failures.window_start - std::chrono::hours(24))).Run());
  CISTERN_ASSIGN_OR_RETURN(
      auto* upsert,
      connection_.Prepare("INSERT INTO sign_in_failures (username, failed_count, window_start,"
                          " locked_until) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (username) DO UPDATE"
                          " SET failed_count = ?2, window_start = ?3, locked_until = ?4"));
  return upsert
      ->BindAll(username, failures.count, FormatInstant(*failures.window_start),
                OptionalInstantText(failures.locked_until))
      .Run();
}

Result<Page<User>> SqliteUsers::List(const PageRequest& page) {
  CISTERN_ASSIGN_OR_RETURN(auto* select, connection_.Prepare(std::string(kUserColumns) +
                                                             "ORDER BY username LIMIT ? OFFSET ?"));
  select->BindAll(page.page_size + 1, page.after);
  Page<User> result;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(User user, ReadUser(*select));
    result.items.push_back(std::move(user));
  }
  if (static_cast<int>(result.items.size()) > page.page_size) {
    result.items.pop_back();
    result.next_after = page.after + page.page_size;
  }
  return result;
}

Result<std::int64_t> SqliteSessions::Insert(const Session& session) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at,"
                          " last_seen_at) VALUES (?, ?, ?, ?, ?)"));
  CISTERN_RETURN_IF_ERROR(insert
                              ->BindAll(session.token_hash, session.user_id.value(),
                                        session.csrf_token, FormatInstant(session.created_at),
                                        FormatInstant(session.last_seen_at))
                              .Run());
  return connection_.LastInsertRowId();
}

Result<Session> SqliteSessions::FindByTokenHash(const std::string& token_hash) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT id, user_id, csrf_token, created_at, last_seen_at, revoked_at"
                          " FROM sessions WHERE token_hash = ?"));
  select->BindAll(token_hash);
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return Error::NotFound("SESSION_NOT_FOUND", "No such session.");
  Session session;
  session.id = select->Int(0);
  session.token_hash = token_hash;
  session.user_id = UserId(select->Int(1));
  session.csrf_token = select->Text(2);
  CISTERN_ASSIGN_OR_RETURN(session.created_at, ReadInstant(*select, 3));
  CISTERN_ASSIGN_OR_RETURN(session.last_seen_at, ReadInstant(*select, 4));
  CISTERN_ASSIGN_OR_RETURN(session.revoked_at, ReadOptionalInstant(*select, 5));
  return session;
}

Status SqliteSessions::Touch(std::int64_t session_id, Instant now) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update, connection_.Prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?"));
  return update->BindAll(FormatInstant(now), session_id).Run();
}

Status SqliteSessions::Revoke(std::int64_t session_id, Instant now) {
  CISTERN_ASSIGN_OR_RETURN(auto* update,
                           connection_.Prepare("UPDATE sessions SET revoked_at = ? WHERE id = ?"
                                               " AND revoked_at IS NULL"));
  return update->BindAll(FormatInstant(now), session_id).Run();
}

}  // namespace cistern::sqlite
