// Users, the audit log and reference data.
#include "app/notes.h"
#include "app/reference_data.h"
#include "http/json_reader.h"
#include "http/router.h"
#include "http/views.h"

namespace cistern::http {
namespace {

Result<ApiReply> ListUsersHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  CISTERN_ASSIGN_OR_RETURN(Page<User> users, ListUsers(request.app, request.caller(), page));
  return Ok(ListJson(users, UserJson));
}

Result<ApiReply> AddUserHandler(const ApiRequest& request) {
  // Permission first, so a role without it learns nothing from validation messages.
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kManageUsers));
  CISTERN_ASSIGN_OR_RETURN(json body, request.Body());
  JsonReader reader = JsonReader::ForBody(body);
  NewUser user;
  user.username = reader.RequiredString("username");
  user.display_name = reader.RequiredString("display_name");
  const std::string role = reader.RequiredString("role");
  user.password = reader.RequiredString("password");
  reader.Finish();
  if (reader.failed()) return *reader.error();
  auto parsed_role = ParseRole(role);
  if (!parsed_role) {
    return Error::InvalidArgument("role", "ROLE_UNKNOWN",
                                  "role must be one of csr, supervisor, finance, field, admin, "
                                  "auditor.");
  }
  user.role = *parsed_role;
  CISTERN_ASSIGN_OR_RETURN(User created, AddUser(request.app, request.caller(), user));
  return Created(UserJson(created));
}

Result<ApiReply> ListAuditHandler(const ApiRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(request.caller(), Permission::kReadAudit));
  CISTERN_ASSIGN_OR_RETURN(PageRequest page, ReadPageRequest(request));
  AuditFilter filter;
  if (auto entity_type = request.Query("entity_type"); entity_type && !entity_type->empty()) {
    filter.entity_type = *entity_type;
  }
  if (auto user = request.Query("user_id"); user && !user->empty()) {
    CISTERN_ASSIGN_OR_RETURN(filter.user_id, ParseId<UserId>(*user, kUserPrefix, "user_id"));
  }
  CISTERN_ASSIGN_OR_RETURN(Page<AuditEvent> events,
                           ListAuditEvents(request.app, request.caller(), filter, page));
  return Ok(ListJson(events, AuditEventJson));
}

Result<ApiReply> ReferenceDataHandler(const ApiRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(ReferenceData data, GetReferenceData(request.app, request.caller()));
  return Ok(ReferenceDataJson(data));
}

}  // namespace

void RegisterAdminRoutes(Router& router) {
  router.Add("GET", "/api/v1/users", Access::kSignedIn, ListUsersHandler);
  router.Add("POST", "/api/v1/users", Access::kSignedIn, AddUserHandler);
  router.Add("GET", "/api/v1/audit-events", Access::kSignedIn, ListAuditHandler);
  router.Add("GET", "/api/v1/reference-data", Access::kSignedIn, ReferenceDataHandler);
}

}  // namespace cistern::http
