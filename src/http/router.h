// Router: how route files register handlers without seeing the HTTP library. Internal to http/.
#pragma once

#include <string>

#include "http/api.h"

namespace cistern::http {

enum class Access {
  kPublic,    // no session needed (health, sign-in)
  kSignedIn,  // a live session; state-changing methods also need the CSRF token
};

class Router {
 public:
  virtual ~Router() = default;
  // `pattern` is a regular expression over the path; groups become PathParameter(1..).
  virtual void Add(const char* method, const std::string& pattern, Access access,
                   Handler handler) = 0;
};

// Each file of routes registers its own.
void RegisterSessionRoutes(Router& router);
void RegisterAccountRoutes(Router& router);
void RegisterAdminRoutes(Router& router);
void RegisterPaymentRoutes(Router& router);
void RegisterApprovalRoutes(Router& router);
void RegisterCashRoutes(Router& router);
void RegisterReportRoutes(Router& router);
void RegisterBillingRoutes(Router& router);
void RegisterRateAuditRoutes(Router& router);
void RegisterServiceOrderRoutes(Router& router);
void RegisterLetterRoutes(Router& router);
void RegisterCustomerRoutes(Router& router);
void RegisterSanitationRoutes(Router& router);
void RegisterDepositRoutes(Router& router);
void RegisterLifecycleRoutes(Router& router);

// The name of the session cookie.
constexpr const char* kSessionCookie = "cistern_session";
constexpr const char* kCsrfHeader = "X-CSRF-Token";

}  // namespace cistern::http
