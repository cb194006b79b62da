// Reading what money requests share: amounts in cents, dates, and the Idempotency-Key header.
// Internal to http/.
#pragma once

#include <optional>
#include <string>

#include "app/ledger.h"
#include "http/api.h"
#include "http/json_reader.h"

namespace cistern::http {

// The Idempotency-Key header (1 to 100 printable ASCII characters, required), with a hash of
// the request (method, path and body) so a reused key with another body is caught.
Result<IdempotencyKey> ReadIdempotencyKey(const ApiRequest& request);

// An integer number of cents; missing → FIELD_REQUIRED when `required`.
std::optional<Money> ReadCents(JsonReader& reader, const std::string& key, bool required);
std::optional<Date> ReadDateField(JsonReader& reader, const std::string& key);
// A date from the query string (YYYY-MM-DD), or nullopt when absent.
Result<std::optional<Date>> QueryDate(const ApiRequest& request, const std::string& name);

// Adds Idempotent-Replayed: true to a replayed reply.
void MarkReplayed(ApiReply& reply, bool replayed);

}  // namespace cistern::http
