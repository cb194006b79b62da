// The SQLite implementation of app/store/customer_change_repository.h. Internal to store/sqlite.
#pragma once

#include "app/store/customer_change_repository.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

class SqliteCustomerChanges final : public CustomerChangeRepository {
 public:
  explicit SqliteCustomerChanges(Connection& connection) : connection_(connection) {}

 private:
  [[maybe_unused]] Connection& connection_;
};

}  // namespace cistern::sqlite
