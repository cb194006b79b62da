// The SQLite implementation of app/store/lifecycle_repository.h. Internal to store/sqlite.
#pragma once

#include "app/store/lifecycle_repository.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

class SqliteLifecycle final : public LifecycleRepository {
 public:
  explicit SqliteLifecycle(Connection& connection) : connection_(connection) {}
  Result<LifecycleRequestId> Insert(const LifecycleRequest& request) override;
  Result<LifecycleRequest> Get(LifecycleRequestId id) override;
  Status SetPair(LifecycleRequestId id, LifecycleRequestId paired, AccountId account) override;
  Result<std::optional<LifecycleRequest>> OpenRequestOf(AccountId account,
                                                        LifecycleKind kind) override;
  Result<std::optional<LifecycleRequest>> LatestRequestOf(AccountId account,
                                                          LifecycleKind kind) override;
  Status Complete(LifecycleRequestId id, std::optional<ReadingId> reading,
                  std::optional<BillId> final_bill, Instant at) override;
  Status Cancel(LifecycleRequestId id, Instant at) override;
  Result<std::vector<LifecycleRequest>> ListFor(AccountId account) override;
  Result<std::optional<ServiceOrderId>> OrderHoldingException(
      ReadingExceptionId exception) override;
  Status SetStartReading(AccountId account, MeterId meter, ReadingId reading) override;
  Result<std::vector<ServiceOnAtPremise>> ServicesOnAtPremise(PremiseId premise, Date on,
                                                              AccountId except) override;
  Result<std::vector<AccountId>> FinalAccountsOf(CustomerId customer, AccountId except) override;
  Result<std::optional<Date>> CashOnlyUntil(CustomerId customer) override;
  Status SetAccountStatus(AccountId account, AccountStatus status,
                          std::optional<Date> closed_on) override;
  Status SetServiceStart(ServiceId service, Date starts_on) override;
  Status SetServiceEnd(ServiceId service, std::optional<Date> ends_on) override;
  Result<std::optional<Money>> DepositCarriedTo(AccountId to) override;
  Status MoveDeposit(std::int64_t deposit_id, AccountId from, AccountId to, Money amount,
                     std::optional<JournalEntryId> entry, Instant at, UserId by) override;

 private:
  Result<std::optional<LifecycleRequest>> ReadOptional(Statement& select);
  Connection& connection_;
};

}  // namespace cistern::sqlite
