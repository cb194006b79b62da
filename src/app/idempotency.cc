#include "app/idempotency.h"

namespace cistern {

Result<std::optional<std::int64_t>> FindIdempotent(Transaction& transaction, const Caller& caller,
                                                   const IdempotencyKey& key,
                                                   const char* resource_type) {
  if (key.key.empty()) return std::optional<std::int64_t>();
  CISTERN_ASSIGN_OR_RETURN(auto found, transaction.idempotency().Find(caller.user_id, key.key));
  if (!found) return std::optional<std::int64_t>();
  if (found->request_hash != key.request_hash || found->resource_type != resource_type) {
    return Error::Conflict("IDEMPOTENCY_KEY_REUSED",
                           "This Idempotency-Key was already used for a different request; use "
                           "a new key for a new request.",
                           "Idempotency-Key");
  }
  return std::optional<std::int64_t>(found->resource_id);
}

Status RememberIdempotent(const AppContext& context, Transaction& transaction, const Caller& caller,
                          const IdempotencyKey& key, const char* resource_type,
                          std::int64_t resource_id) {
  if (key.key.empty()) return OkStatus();
  return transaction.idempotency().Save(
      caller.user_id, key.key, {key.request_hash, resource_type, resource_id}, context.clock.Now());
}

}  // namespace cistern
