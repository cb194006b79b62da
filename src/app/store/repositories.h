// The store's interfaces, one per area. The application layer sees only these; store/sqlite
// implements them, and a PostgreSQL adapter can implement them later without touching app/ or
// http/. Every method runs inside the Transaction it was obtained from.
//
// Errors: a missing record is NOT_FOUND; a unique-key clash is CONFLICT; anything the database
// itself refuses (disk full, corruption) is INTERNAL or UNAVAILABLE when it is worth retrying.
#pragma once

#include <optional>
#include <vector>

#include "app/store/page.h"
#include "app/store/records.h"
#include "core/result.h"
#include "domain/audit/audit_event.h"
#include "domain/search/search_query.h"

namespace cistern {

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;
  // Inserts with version 1 and returns the new id; `customer.id` is ignored.
  virtual Result<CustomerId> Insert(const Customer& customer) = 0;
  virtual Result<Customer> Get(CustomerId id) = 0;
};

class PremiseRepository {
 public:
  virtual ~PremiseRepository() = default;
  virtual Result<PremiseId> Insert(const Premise& premise) = 0;
  virtual Result<Premise> Get(PremiseId id) = 0;
};

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;
  // The sequence the next account number should carry: one more than the highest used.
  virtual Result<std::int64_t> NextNumberSequence() = 0;
  virtual Result<AccountId> Insert(const Account& account) = 0;
  virtual Result<Account> Get(AccountId id) = 0;
  virtual Result<Account> FindByNumber(const AccountNumber& number) = 0;
  // The accounts that have these numbers, in no particular order; numbers with no account are
  // left out (a batch lookup for imports).
  virtual Result<std::vector<Account>> FindByNumbers(const std::vector<AccountNumber>& numbers) = 0;
  virtual Status SetCashOnlyUntil(AccountId id, Date until) = 0;
};

class NoteRepository {
 public:
  virtual ~NoteRepository() = default;
  virtual Result<NoteId> Insert(const Note& note) = 0;
  // Newest first; PageRequest::after is the last note id of the previous page.
  virtual Result<Page<NoteView>> ListForAccount(AccountId account, const PageRequest& page) = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual Result<UserId> Insert(const User& user) = 0;  // CONFLICT when the username is taken
  virtual Result<User> Get(UserId id) = 0;
  virtual Result<User> FindByUsername(const std::string& username) = 0;
  // Failed sign-ins are kept by username as typed, for unknown usernames too. An empty record
  // (count 0) clears them.
  virtual Result<SignInFailures> GetSignInFailures(const std::string& username) = 0;
  virtual Status SaveSignInFailures(const std::string& username,
                                    const SignInFailures& failures) = 0;
  // In username order; PageRequest::after is an offset (staff lists are short).
  virtual Result<Page<User>> List(const PageRequest& page) = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Result<std::int64_t> Insert(const Session& session) = 0;
  virtual Result<Session> FindByTokenHash(const std::string& token_hash) = 0;
  virtual Status Touch(std::int64_t session_id, Instant now) = 0;
  virtual Status Revoke(std::int64_t session_id, Instant now) = 0;
};

struct AuditFilter {
  std::optional<std::string> entity_type;
  std::optional<UserId> user_id;
  // An account's history: events tagged with the account, plus (OR) events on its customer and
  // its premise when those are given.
  std::optional<AccountId> account_id;
  std::optional<CustomerId> customer_id;
  std::optional<PremiseId> premise_id;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  // Appends the event and its field changes; the log is never updated or deleted.
  virtual Result<AuditEventId> Append(const AuditEvent& event) = 0;
  // Newest first; PageRequest::after is the last event id of the previous page.
  virtual Result<Page<AuditEvent>> List(const AuditFilter& filter, const PageRequest& page) = 0;
};

enum class ContactMatching { kIncludeConfidential, kExcludeConfidential };

class AccountSearch {
 public:
  virtual ~AccountSearch() = default;
  // Rebuilds the account's search entry from its customer and premise; call after any write that
  // changes what the entry holds.
  virtual Status Reindex(AccountId id) = 0;
  // Ranked: an exact account number first, then the best text matches. PageRequest::after is an
  // offset into the ranking. With kExcludeConfidential, the phones and emails of confidential
  // customers are not searched.
  virtual Result<Page<AccountSummary>> Search(const SearchQuery& query, ContactMatching contacts,
                                              const PageRequest& page) = 0;
};

class ReferenceRepository {
 public:
  virtual ~ReferenceRepository() = default;
  virtual Result<std::vector<Cycle>> ListCycles() = 0;
  virtual Result<std::vector<Route>> ListRoutes() = 0;
  virtual Status InsertCycle(const Cycle& cycle) = 0;
  virtual Status InsertRoute(const Route& route) = 0;  // the route's cycle must exist
};

}  // namespace cistern
