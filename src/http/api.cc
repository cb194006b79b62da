#include "http/api.h"

#include <httplib.h>

#include <charconv>

#include "http/json_reader.h"

namespace cistern::http {

std::string ApiRequest::PathParameter(int index) const {
  return http.matches.size() > static_cast<std::size_t>(index) ? http.matches[index].str() : "";
}

std::optional<std::string> ApiRequest::Query(const std::string& name) const {
  if (!http.has_param(name)) return std::nullopt;
  return http.get_param_value(name);
}

Result<json> ApiRequest::Body() const { return JsonReader::ParseBody(http.body); }

std::string IdText(const char* prefix, std::int64_t value) {
  return std::string(prefix) + "_" + std::to_string(value);
}

Result<std::int64_t> ParseIdText(const std::string& text, const char* prefix,
                                 const std::string& field) {
  const std::string expected = std::string(prefix) + "_";
  auto refuse = [&] {
    // The text is not echoed: a mistyped field could hold anything, even a card number.
    return Error::InvalidArgument(field, "ID_INVALID",
                                  field + " is not a valid id; expected " + expected + "N.");
  };
  if (text.rfind(expected, 0) != 0) return refuse();
  const char* begin = text.data() + expected.size();
  const char* end = text.data() + text.size();
  std::int64_t value = 0;
  auto [next, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || next != end || begin == end || value <= 0 || *begin == '0') {
    return refuse();
  }
  return value;
}

namespace {

constexpr const char* kPageTokenPrefix = "p1.";

std::string ToHex(const std::string& text) {
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : text) {
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  return hex;
}

std::optional<std::string> FromHex(const std::string& hex) {
  if (hex.size() % 2 != 0 || hex.size() > 64) return std::nullopt;
  std::string text;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int value = 0;
    auto [next, error] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    if (error != std::errc() || next != hex.data() + i + 2) return std::nullopt;
    text += static_cast<char>(value);
  }
  return text;
}

}  // namespace

// Tokens are opaque to clients; inside they are a versioned position, hex-encoded so that
// nobody is tempted to build one by hand.
std::string EncodePageToken(std::int64_t after) {
  return ToHex(kPageTokenPrefix + std::to_string(after));
}

Result<PageRequest> ReadPageRequest(const ApiRequest& request) {
  PageRequest page;
  if (auto size = request.Query("page_size")) {
    int value = 0;
    auto [next, error] = std::from_chars(size->data(), size->data() + size->size(), value);
    if (error != std::errc() || next != size->data() + size->size() || value < 1 ||
        value > kPageSizeMax) {
      return Error::InvalidArgument(
          "page_size", "PAGE_SIZE_INVALID",
          "page_size must be a whole number from 1 to " + std::to_string(kPageSizeMax) + ".");
    }
    page.page_size = value;
  }
  if (auto token = request.Query("page_token"); token && !token->empty()) {
    auto refuse = Error::InvalidArgument("page_token", "PAGE_TOKEN_INVALID",
                                         "page_token is not one this server gave out.");
    auto text = FromHex(*token);
    if (!text || text->rfind(kPageTokenPrefix, 0) != 0) return refuse;
    const std::string number = text->substr(std::string(kPageTokenPrefix).size());
    std::int64_t after = 0;
    auto [next, error] = std::from_chars(number.data(), number.data() + number.size(), after);
    if (error != std::errc() || next != number.data() + number.size() || after < 0) return refuse;
    page.after = after;
  }
  return page;
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kFailedPrecondition:
      return 422;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

json ErrorJson(const Error& error) {
  json body = {
      {"code", ErrorCodeName(error.code)}, {"reason", error.reason}, {"message", error.message}};
  if (!error.field.empty()) body["field"] = error.field;
  return {{"error", std::move(body)}};
}

ApiReply Ok(json body) { return {200, std::move(body), {}}; }

ApiReply File(std::string content, std::string content_type, const std::string& file_name) {
  ApiReply reply;
  reply.raw_body = std::move(content);
  reply.content_type = std::move(content_type);
  reply.headers.emplace_back("Content-Disposition", "inline; filename=\"" + file_name + "\"");
  return reply;
}
ApiReply Created(json body) { return {201, std::move(body), {}}; }

}  // namespace cistern::http
