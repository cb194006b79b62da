// Records the store reads back that combine several tables: user accounts, sessions, and the
// read views behind the account page and the search box.
#pragma once

#include <optional>
#include <string>

#include "core/date.h"
#include "core/id.h"
#include "domain/account/account.h"
#include "domain/account/note.h"
#include "domain/auth/roles.h"
#include "domain/auth/sign_in_policy.h"
#include "domain/customer/customer.h"
#include "domain/premise/premise.h"

namespace cistern {

struct User {
  UserId id;
  std::string username;
  std::string display_name;
  Role role = Role::kCsr;
  std::string password_hash;  // argon2id, libsodium's encoded form
  bool active = true;
  Instant created_at;
};

struct Session {
  std::int64_t id = 0;
  std::string token_hash;  // hex BLAKE2b of the cookie token; the token itself is never stored
  UserId user_id;
  std::string csrf_token;
  Instant created_at;
  Instant last_seen_at;
  std::optional<Instant> revoked_at;
};

struct AccountDetail {
  Account account;
  Customer customer;
  Premise premise;
};

// One row of search results.
struct AccountSummary {
  AccountId id;
  AccountNumber number;
  AccountStatus status = AccountStatus::kPending;
  CustomerId customer_id;
  std::string customer_name;
  PremiseId premise_id;
  std::string service_address;  // line1 and line2 of the premise
  std::string phone_digits;     // the first phone, or empty
  std::string email;            // the first email, or empty
  bool confidential = false;
};

struct NoteView {
  Note note;
  std::string author_name;
};

struct Cycle {
  std::string code;
  std::string name;
};

struct Route {
  std::string code;
  std::string name;
  std::string cycle;
};

}  // namespace cistern
