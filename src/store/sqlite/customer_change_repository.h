// The SQLite implementation of app/store/customer_change_repository.h. Internal to store/sqlite.
#pragma once

#include "app/store/customer_change_repository.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

class SqliteCustomerChanges final : public CustomerChangeRepository {
 public:
  explicit SqliteCustomerChanges(Connection& connection) : connection_(connection) {}

  Result<CustomerChangeId> InsertChange(const CustomerChange& change) override;
  Result<std::vector<CustomerChange>> ListChanges(CustomerId customer) override;
  Result<std::optional<Date>> LatestEffectiveOn(CustomerId customer,
                                                CustomerChangeKind kind) override;
  Status UpdateCustomerMaster(const Customer& customer, int expected_version) override;
  Result<std::vector<Account>> ListCustomerAccounts(CustomerId customer) override;
  Status UpdateAccountMailingAddress(AccountId account, const Address& address) override;

  Result<EligibilityId> InsertEligibility(const Eligibility& eligibility) override;
  Result<Eligibility> GetEligibility(EligibilityId id) override;
  Result<std::vector<Eligibility>> ListEligibilities(CustomerId customer) override;
  Status EndEligibility(EligibilityId id, Date ended_on, const std::string& reason) override;
  Status CurtailEligibility(EligibilityId id, Date through) override;
  Result<std::vector<ExpiringEligibility>> ListExpiring(Date first, Date last) override;

 private:
  Result<Eligibility> ReadEligibility(const Statement& select);

  Connection& connection_;
};

}  // namespace cistern::sqlite
