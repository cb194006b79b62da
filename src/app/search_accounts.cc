#include "app/accounts.h"
#include "domain/search/search_query.h"

namespace cistern {

Result<Page<AccountSummary>> SearchAccounts(const AppContext& context, const Caller& caller,
                                            const std::string& text, const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  const bool sees_confidential = CanSeeContacts(caller, /*customer_confidential=*/true);
  const SearchQuery query = ParseSearchQuery(text);
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(
      Page<AccountSummary> results,
      transaction->search().Search(query,
                                   sees_confidential ? ContactMatching::kIncludeConfidential
                                                     : ContactMatching::kExcludeConfidential,
                                   page));
  if (!sees_confidential) {
    for (AccountSummary& summary : results.items) {
      if (summary.confidential) {
        summary.phone_digits.clear();
        summary.email.clear();
      }
    }
  }
  return results;
}

}  // namespace cistern
