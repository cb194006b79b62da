// The SQLite store: the embedded default adapter for app/store interfaces.
#pragma once

#include <memory>
#include <string>

#include "app/store/store.h"

namespace cistern {

struct SqliteStoreOptions {
  // Apply pending migrations on open. `cistern serve` and `cistern migrate` do; a store opened
  // with false refuses a database whose schema is not current.
  bool migrate = true;
  int connections_max = 32;
};

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteStoreOptions& options = {});

struct MigrationReport {
  int version_before = 0;
  int version_after = 0;
};

// Applies every pending migration, each in its own transaction. Refuses a database whose schema
// version is newer than this program knows.
Result<MigrationReport> MigrateSqliteDatabase(const std::string& path);

}  // namespace cistern
