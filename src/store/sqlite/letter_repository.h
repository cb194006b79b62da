// The SQLite implementation of app/store/letter_repository.h. Internal to store/sqlite.
#pragma once

#include "app/store/letter_repository.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

class SqliteLetters final : public LetterRepository {
 public:
  explicit SqliteLetters(Connection& connection) : connection_(connection) {}
  Result<LetterId> Insert(const LetterRecord& letter) override;
  Result<LetterRecord> Get(LetterId id) override;
  Result<Page<LetterRecord>> ListForAccount(AccountId account, const PageRequest& page) override;

 private:
  // Reads a letter row, then its paragraphs and fields.
  Result<LetterRecord> ReadRow(const Statement& select);
  Status ReadParts(LetterRecord& letter);
  Connection& connection_;
};

}  // namespace cistern::sqlite
