// The SQLite implementation of app/store/service_order_repository.h. Internal to store/sqlite.
#pragma once

#include "app/store/service_order_repository.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

class SqliteServiceOrders final : public ServiceOrderRepository {
 public:
  explicit SqliteServiceOrders(Connection& connection) : connection_(connection) {}

 private:
  [[maybe_unused]] Connection& connection_;
};

}  // namespace cistern::sqlite
