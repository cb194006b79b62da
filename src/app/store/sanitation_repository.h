// Commercial sanitation: private-hauler exemptions and roll-off dumpsters (issue 5). See
// repositories.h for the error conventions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/store/page.h"
#include "core/date.h"
#include "core/id.h"
#include "core/money.h"
#include "core/result.h"
#include "domain/letters/letter_template.h"
#include "domain/sanitation/sanitation.h"

namespace cistern {

struct SanitationExemption {
  SanitationExemptionId id;
  AccountId account_id;
  std::string hauler;
  std::string permit;  // "" = missing paperwork
  Date starts_on{};
  Date expires_on{};
  Instant created_at{};
  UserId created_by;
  Instant updated_at{};
  std::optional<LetterId> renewal_letter_id;  // the last renewal letter sent
  std::optional<Date> renewal_sent_on;
  int version = 1;

  // Filled when read.
  std::string account_number;
  std::string account_status;
  std::string customer_name;
  std::string service_address;
  std::string premise_type;
};

struct Dumpster {
  DumpsterId id;
  AccountId account_id;
  int size_yards = 0;
  DumpsterStatus status = DumpsterStatus::kRequested;
  Date requested_on{};
  std::string remarks;
  std::optional<Date> delivered_on;
  std::optional<Date> removed_on;
  int empty_count = 0;
  Instant created_at{};
  UserId created_by;

  // Filled when read.
  std::string account_number;
  std::string customer_name;
  std::string service_address;
};

struct DumpsterEvent {
  std::int64_t id = 0;
  DumpsterId dumpster_id;
  DumpsterAction action = DumpsterAction::kDeliver;
  Date done_on{};
  std::optional<JournalEntryId> entry_id;
  std::string fee_code;
  Money amount;
  std::string remarks;
  Instant recorded_at{};
  UserId recorded_by;
  std::string recorded_by_name;  // filled when read
};

struct DumpsterFilter {
  std::optional<AccountId> account_id;
  bool live_only = false;  // requested or delivered
};

class SanitationRepository {
 public:
  virtual ~SanitationRepository() = default;
  // CONFLICT EXEMPTION_EXISTS (field account_id) when the account has one already.
  virtual Result<SanitationExemptionId> InsertExemption(const SanitationExemption& exemption) = 0;
  virtual Result<SanitationExemption> GetExemption(SanitationExemptionId id) = 0;
  virtual Result<std::optional<SanitationExemption>> ExemptionOfAccount(AccountId account) = 0;
  // Hauler, permit, dates, updated_at and the renewal letter; CONFLICT EXEMPTION_CHANGED unless
  // the stored version is `exemption.version` (the stored version then goes up by one).
  virtual Status UpdateExemption(const SanitationExemption& exemption) = 0;
  // By expiry date, soonest first.
  virtual Result<std::vector<SanitationExemption>> ListExemptions() = 0;

  virtual Result<DumpsterId> InsertDumpster(const Dumpster& dumpster) = 0;
  virtual Result<Dumpster> GetDumpster(DumpsterId id) = 0;
  // Status, dates and empty count; CONFLICT DUMPSTER_CHANGED unless the stored status and empty
  // count are still `expected_status` and `expected_empties`.
  virtual Status UpdateDumpster(const Dumpster& dumpster, DumpsterStatus expected_status,
                                int expected_empties) = 0;
  // Newest first.
  virtual Result<Page<Dumpster>> ListDumpsters(const DumpsterFilter& filter,
                                               const PageRequest& page) = 0;
  virtual Result<std::int64_t> InsertDumpsterEvent(const DumpsterEvent& event) = 0;
  // Oldest first.
  virtual Result<std::vector<DumpsterEvent>> DumpsterEvents(DumpsterId id) = 0;
};

}  // namespace cistern
