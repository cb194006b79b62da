// Reference data the console's forms need: cycles and routes, alongside fixed code lists that
// the HTTP layer takes straight from the domain.
#pragma once

#include <vector>

#include "app/app_context.h"
#include "app/store/records.h"
#include "domain/auth/roles.h"

namespace cistern {

struct ReferenceData {
  CityProfile city;
  std::vector<Cycle> cycles;
  std::vector<Route> routes;
};

Result<ReferenceData> GetReferenceData(const AppContext& context, const Caller& caller);

// Adds a billing cycle or a meter route (on an existing cycle). Codes are 1 to 16 letters,
// digits, '-' or '_'; names 1 to 60 characters. Needs Permission::kManageReference; audited.
Result<Cycle> AddCycle(const AppContext& context, const Caller& caller, const Cycle& cycle);
Result<Route> AddRoute(const AppContext& context, const Caller& caller, const Route& route);

}  // namespace cistern
