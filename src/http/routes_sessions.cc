// Sign-in, the current session, sign-out, and the health check.
#include <cstdio>

#include "http/json_reader.h"
#include "http/router.h"
#include "http/views.h"

namespace cistern::http {
namespace {

std::string SessionCookie(const std::string& token, std::chrono::seconds max_age) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age.count());
}

Result<ApiReply> SignInHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  const std::string username = reader.RequiredString("username");
  const std::string password = reader.RequiredString("password");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  CISTERN_ASSIGN_OR_RETURN(SignedIn signed_in, SignIn(request.app, username, password));
  ApiReply reply = Created(SessionJson(signed_in.user, signed_in.csrf_token, signed_in.expires_at));
  reply.headers.emplace_back(
      "Set-Cookie",
      SessionCookie(signed_in.session_token, request.app.sign_in_policy.session_lifetime));
  return reply;
}

Result<ApiReply> CurrentSessionHandler(const ApiRequest& request) {
  return Ok(
      SessionJson(request.session->user, request.session->csrf_token, request.session->expires_at));
}

Result<ApiReply> SignOutHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(SignOut(request.app, *request.session));
  ApiReply reply{204, nullptr, {}};
  reply.headers.emplace_back("Set-Cookie", SessionCookie("", std::chrono::seconds(0)));
  return reply;
}

Result<ApiReply> HealthHandler(const ApiRequest& request) {
  Status database = request.app.store.Ping();
  if (!database.ok()) {
    std::fprintf(stderr, "health: database: %s\n", database.error().message.c_str());
    return ApiReply{503, {{"status", "unavailable"}, {"database", "unavailable"}}, {}};
  }
  return Ok({{"status", "ok"}, {"database", "ok"}, {"version", "0.1.0"}});
}

}  // namespace

void RegisterSessionRoutes(Router& router) {
  router.Add("GET", "/api/v1/health", Access::kPublic, HealthHandler);
  router.Add("POST", "/api/v1/sessions", Access::kPublic, SignInHandler);
  router.Add("GET", "/api/v1/sessions/current", Access::kSignedIn, CurrentSessionHandler);
  router.Add("DELETE", "/api/v1/sessions/current", Access::kSignedIn, SignOutHandler);
}

}  // namespace cistern::http
