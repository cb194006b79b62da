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

}  // namespace cistern
