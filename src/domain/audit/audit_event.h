// AuditEvent: one write, recorded with who did it, when, which record, and each field's value
// before and after. The audit log is append-only.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/id.h"

namespace cistern {

struct FieldChange {
  std::string field;
  std::optional<std::string> before;  // nullopt: the field did not exist (a create)
  std::optional<std::string> after;   // nullopt: the field no longer exists
};

struct AuditEvent {
  AuditEventId id;
  Instant at;
  UserId user_id;           // invalid (0) for the system itself, e.g. the demo generator
  std::string user_name;    // filled when read back
  std::string action;       // "account.create", "note.create", "session.create", ...
  std::string entity_type;  // "account", "customer", "premise", "note", "user", "session"
  std::int64_t entity_id = 0;
  std::optional<AccountId> account_id;  // set when the event belongs to an account's history
  std::vector<FieldChange> changes;
};

// A record flattened to (field, value) pairs, in a stable order, for diffing.
using FieldValues = std::vector<std::pair<std::string, std::string>>;

// The fields whose values differ between `before` and `after` (either may be empty, for a create
// or a removal). Fields present in only one side appear with the other side as nullopt.
std::vector<FieldChange> DiffFields(const FieldValues& before, const FieldValues& after);

}  // namespace cistern
