#include "app/reference_data.h"

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

}  // namespace cistern
