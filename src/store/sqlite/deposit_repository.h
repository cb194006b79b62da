// The SQLite implementation of app/store/deposit_repository.h. Internal to store/sqlite.
#pragma once

#include "app/store/deposit_repository.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

class SqliteDeposits final : public DepositRepository {
 public:
  explicit SqliteDeposits(Connection& connection) : connection_(connection) {}
  Result<DepositId> Insert(const Deposit& deposit) override;
  Result<Deposit> Get(DepositId id) override;
  Result<std::optional<Deposit>> OfAccount(AccountId account) override;
  Status Update(const Deposit& deposit) override;
  Result<std::vector<Deposit>> ListOpen() override;
  Result<DepositApprovalId> InsertApproval(const DepositApproval& approval) override;
  Result<DepositApproval> GetApproval(DepositApprovalId id) override;
  Status DecideApproval(const DepositApproval& decided) override;
  Result<std::vector<DepositApproval>> Approvals(std::optional<DepositApprovalStatus> status,
                                                 std::optional<DepositId> deposit) override;
  Result<std::int64_t> InsertEvent(const DepositEvent& event) override;
  Result<std::vector<DepositEvent>> Events(DepositId deposit) override;
  Result<std::vector<DepositRegisterRow>> Register() override;
  Result<PaymentHistory> HistoryOfCustomer(AccountId account, Date late_since, Date returned_since,
                                           Date today) override;
  Result<bool> HadBadHistorySince(AccountId account, Date since, Date today) override;

 private:
  Connection& connection_;
};

}  // namespace cistern::sqlite
