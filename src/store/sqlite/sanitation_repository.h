// The SQLite implementation of app/store/sanitation_repository.h. Internal to store/sqlite.
#pragma once

#include "app/store/sanitation_repository.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

class SqliteSanitation final : public SanitationRepository {
 public:
  explicit SqliteSanitation(Connection& connection) : connection_(connection) {}
  Result<SanitationExemptionId> InsertExemption(const SanitationExemption& exemption) override;
  Result<SanitationExemption> GetExemption(SanitationExemptionId id) override;
  Result<std::optional<SanitationExemption>> ExemptionOfAccount(AccountId account) override;
  Status UpdateExemption(const SanitationExemption& exemption) override;
  Result<std::vector<SanitationExemption>> ListExemptions() override;

  Result<DumpsterId> InsertDumpster(const Dumpster& dumpster) override;
  Result<Dumpster> GetDumpster(DumpsterId id) override;
  Status UpdateDumpster(const Dumpster& dumpster, DumpsterStatus expected_status,
                        int expected_empties) override;
  Result<Page<Dumpster>> ListDumpsters(const DumpsterFilter& filter,
                                       const PageRequest& page) override;
  Result<std::int64_t> InsertDumpsterEvent(const DumpsterEvent& event) override;
  Result<std::vector<DumpsterEvent>> DumpsterEvents(DumpsterId id) override;

 private:
  Connection& connection_;
};

}  // namespace cistern::sqlite
