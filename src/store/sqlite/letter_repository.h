// The SQLite implementation of app/store/letter_repository.h. Internal to store/sqlite.
#pragma once

#include "app/store/letter_repository.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

class SqliteLetters final : public LetterRepository {
 public:
  explicit SqliteLetters(Connection& connection) : connection_(connection) {}

 private:
  [[maybe_unused]] Connection& connection_;
};

}  // namespace cistern::sqlite
