#include "app/reference_data.h"

#include <cctype>

#include "app/audit.h"
#include "core/text.h"

namespace cistern {

Result<ReferenceData> GetReferenceData(const AppContext& context, const Caller& caller) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  ReferenceData data;
  data.city = context.city;
  CISTERN_ASSIGN_OR_RETURN(data.cycles, transaction->reference().ListCycles());
  CISTERN_ASSIGN_OR_RETURN(data.routes, transaction->reference().ListRoutes());
  return data;
}

namespace {

constexpr std::size_t kCodeLengthMax = 16;
constexpr std::size_t kNameLengthMax = 60;

Status ValidateCodeAndName(const std::string& code, const std::string& name) {
  bool code_ok = !code.empty() && code.size() <= kCodeLengthMax;
  for (char c : code) {
    code_ok = code_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  }
  if (!code_ok) {
    return Error::InvalidArgument("code", "CODE_INVALID",
                                  "A code has 1 to 16 letters, digits, '-' or '_'.");
  }
  if (Trim(name).empty() || CountCharacters(name) > kNameLengthMax) {
    return Error::InvalidArgument("name", "FIELD_REQUIRED", "A name has 1 to 60 characters.");
  }
  return OkStatus();
}

Error Taken(const std::string& what, const std::string& code) {
  return Error::Conflict("CODE_TAKEN", what + " " + code + " already exists.", "code");
}

}  // namespace

Result<Cycle> AddCycle(const AppContext& context, const Caller& caller, const Cycle& cycle) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kManageReference));
  CISTERN_RETURN_IF_ERROR(ValidateCodeAndName(cycle.code, cycle.name));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  Status inserted = transaction->reference().InsertCycle(cycle);
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) return Taken("Cycle", cycle.code);
    return inserted.error();
  }
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"cycle.create",
                                       "cycle",
                                       0,
                                       std::nullopt,
                                       {},
                                       {{"code", cycle.code}, {"name", cycle.name}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return cycle;
}

Result<Route> AddRoute(const AppContext& context, const Caller& caller, const Route& route) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kManageReference));
  CISTERN_RETURN_IF_ERROR(ValidateCodeAndName(route.code, route.name));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto cycles, transaction->reference().ListCycles());
  bool cycle_found = false;
  for (const Cycle& cycle : cycles) cycle_found = cycle_found || cycle.code == route.cycle;
  if (!cycle_found) {
    return Error::InvalidArgument(
        "cycle", "CYCLE_UNKNOWN",
        "Billing cycle \"" + route.cycle.substr(0, 16) + "\" does not exist; add it first.");
  }
  Status inserted = transaction->reference().InsertRoute(route);
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) return Taken("Route", route.code);
    return inserted.error();
  }
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {"route.create",
                   "route",
                   0,
                   std::nullopt,
                   {},
                   {{"code", route.code}, {"name", route.name}, {"cycle", route.cycle}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return route;
}

}  // namespace cistern
