// Plumbing shared by every route: the request a handler sees, the reply it returns, and the
// conversions every resource uses (ids, pages, errors). Internal to http/.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/app_context.h"
#include "app/sessions.h"
#include "app/store/page.h"
#include "core/id.h"
#include "core/result.h"

namespace httplib {
struct Request;
}

namespace cistern::http {

using nlohmann::json;

struct ApiRequest {
  const httplib::Request& http;
  const AppContext& app;
  // Set for routes that need a session; the router has already checked it and the CSRF token.
  const Authenticated* session = nullptr;

  const Caller& caller() const { return session->caller; }
  std::string PathParameter(int index) const;
  std::optional<std::string> Query(const std::string& name) const;
  // The body parsed as a JSON object (MALFORMED_JSON otherwise).
  Result<json> Body() const;
};

struct ApiReply {
  int status = 200;
  json body;  // null: no body (204)
  std::vector<std::pair<std::string, std::string>> headers;
  // A reply that is not JSON (a PDF, a CSV file): sent as is when content_type is set.
  std::string raw_body;
  std::string content_type;
};

using Handler = std::function<Result<ApiReply>(const ApiRequest&)>;

// Ids as the API shows them: "acct_42". Parse refuses another kind's prefix or a bad number,
// naming `field`.
std::string IdText(const char* prefix, std::int64_t value);
Result<std::int64_t> ParseIdText(const std::string& text, const char* prefix,
                                 const std::string& field);
template <typename IdType>
Result<IdType> ParseId(const std::string& text, const char* prefix, const std::string& field) {
  CISTERN_ASSIGN_OR_RETURN(std::int64_t value, ParseIdText(text, prefix, field));
  return IdType(value);
}

constexpr const char* kCustomerPrefix = "cust";
constexpr const char* kPremisePrefix = "prem";
constexpr const char* kAccountPrefix = "acct";
constexpr const char* kNotePrefix = "note";
constexpr const char* kUserPrefix = "user";
constexpr const char* kEventPrefix = "evt";

std::string EncodePageToken(std::int64_t after);

// page_size and page_token from the query string, checked.
Result<PageRequest> ReadPageRequest(const ApiRequest& request);

// {"data": [...], "next_page_token": "..."} from a page and a function that maps one item.
template <typename T, typename ToJson>
json ListJson(const Page<T>& page, ToJson to_json) {
  json data = json::array();
  for (const T& item : page.items) data.push_back(to_json(item));
  json body = {{"data", std::move(data)}};
  if (page.next_after) body["next_page_token"] = EncodePageToken(*page.next_after);
  return body;
}
int HttpStatusFor(ErrorCode code);
json ErrorJson(const Error& error);

ApiReply Ok(json body);
ApiReply File(std::string content, std::string content_type, const std::string& file_name);
ApiReply Created(json body);

}  // namespace cistern::http
