// Idempotency keys for requests that move money: the key, a hash of the request and what it
// created are stored in the same transaction as the effect, so a retried request returns the
// first result and never posts twice.
#pragma once

#include <optional>

#include "app/app_context.h"
#include "app/ledger.h"

namespace cistern {

// The id of what an earlier request with this key created (a replay), or nullopt for a new key.
// CONFLICT IDEMPOTENCY_KEY_REUSED when the key came before with a different request or for
// another kind of resource. An empty key (internal callers such as imports) is never stored.
Result<std::optional<std::int64_t>> FindIdempotent(Transaction& transaction, const Caller& caller,
                                                   const IdempotencyKey& key,
                                                   const char* resource_type);

Status RememberIdempotent(const AppContext& context, Transaction& transaction, const Caller& caller,
                          const IdempotencyKey& key, const char* resource_type,
                          std::int64_t resource_id);

}  // namespace cistern
