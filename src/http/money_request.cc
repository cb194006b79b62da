#include "http/money_request.h"

#include <httplib.h>

#include "app/passwords.h"

namespace cistern::http {

Result<IdempotencyKey> ReadIdempotencyKey(const ApiRequest& request) {
  const std::string key = request.http.get_header_value("Idempotency-Key");
  if (key.empty()) {
    return Error::InvalidArgument("Idempotency-Key", "IDEMPOTENCY_KEY_REQUIRED",
                                  "Send an Idempotency-Key header with every request that moves "
                                  "money, so that a retry cannot post twice.");
  }
  bool printable = key.size() <= 100;
  for (char c : key) printable = printable && c > 0x20 && c < 0x7f;
  if (!printable) {
    return Error::InvalidArgument("Idempotency-Key", "IDEMPOTENCY_KEY_INVALID",
                                  "An Idempotency-Key is 1 to 100 printable characters.");
  }
  // The hash is of the body as parsed, so the same fields in another order or spacing are the
  // same request.
  auto body = JsonReader::ParseBody(request.http.body);
  const std::string canonical = body.ok() ? body->dump() : request.http.body;
  return IdempotencyKey{
      key, HashToken(request.http.method + " " + request.http.path + "\n" + canonical)};
}

std::optional<Money> ReadCents(JsonReader& reader, const std::string& key, bool required) {
  if (required && !reader.Has(key) && !reader.failed()) {
    reader.Fail(Error::InvalidArgument(reader.FieldPath(key), "FIELD_REQUIRED",
                                       reader.FieldPath(key) + " is required."));
    return std::nullopt;
  }
  const auto cents = reader.OptionalInteger(key);
  if (!cents) return std::nullopt;
  return Money::FromCents(*cents);
}

std::optional<Date> ReadDateField(JsonReader& reader, const std::string& key) {
  const std::string text = reader.OptionalString(key);
  if (text.empty() || reader.failed()) return std::nullopt;
  auto date = ParseDate(text, reader.FieldPath(key));
  if (!date.ok()) {
    reader.Fail(date.error());
    return std::nullopt;
  }
  return *date;
}

Result<std::optional<Date>> QueryDate(const ApiRequest& request, const std::string& name) {
  auto text = request.Query(name);
  if (!text || text->empty()) return std::optional<Date>();
  CISTERN_ASSIGN_OR_RETURN(Date date, ParseDate(*text, name));
  return std::optional<Date>(date);
}

void MarkReplayed(ApiReply& reply, bool replayed) {
  if (replayed) reply.headers.emplace_back("Idempotent-Replayed", "true");
}

}  // namespace cistern::http
