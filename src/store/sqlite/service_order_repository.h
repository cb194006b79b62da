// The SQLite implementation of app/store/service_order_repository.h. Internal to store/sqlite.
#pragma once

#include "app/store/service_order_repository.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

class SqliteServiceOrders final : public ServiceOrderRepository {
 public:
  explicit SqliteServiceOrders(Connection& connection) : connection_(connection) {}
  Result<ServiceOrderId> Insert(const ServiceOrder& order) override;
  Result<ServiceOrder> Get(ServiceOrderId id) override;
  Status Update(const ServiceOrder& order, ServiceOrderStatus expected) override;
  Result<Page<ServiceOrder>> List(const ServiceOrderFilter& filter,
                                  const PageRequest& page) override;
  Result<std::vector<ServiceOrder>> DailyList(Date date,
                                              const std::optional<std::string>& route) override;

 private:
  Connection& connection_;
};

}  // namespace cistern::sqlite
