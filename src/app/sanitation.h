// Use cases for commercial sanitation (issue 5; docs/api.md, "Sanitation"): private-hauler
// exemptions with their monitoring list and renewal letters, and on-call roll-off dumpsters whose
// field actions charge fees from the fee schedule.
//
// Permissions: accounts.write (kWriteAccounts) records and changes exemptions; renewal letters
// also need notes.write (kWriteNotes), as every letter does. Dumpster requests and field actions
// (deliver, empty, remove, cancel) need meters.write (kWriteMeters: CSRs, supervisors and field
// staff), like every other field order. Reading needs accounts.read.
//
// Billing: an exemption does not change the account's services. Creating one while a city
// sanitation service is active on the account is allowed, and the reply says so
// (city_sanitation_active): the CSR ends the city sanitation service on the account. Dumpster
// fees post through the ledger as fee entries (the posting rules of PostFee) in the same
// transaction as the field action, so they show on the next bill.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/store/page.h"
#include "app/store/sanitation_repository.h"
#include "domain/auth/roles.h"
#include "domain/sanitation/sanitation.h"

namespace cistern {

struct ExemptionView {
  SanitationExemption exemption;
  ExemptionFlags flags;
  bool city_sanitation_active = false;  // a city sanitation service runs on the account today
};

struct ExemptionRequest {
  AccountId account;
  ExemptionDraft draft;
};

// Refuses (nothing written): an unknown account ("account_id"), a closed account
// (ACCOUNT_CLOSED), a premise that is not commercial, industrial or institutional
// (PREMISE_NOT_COMMERCIAL, "account_id"), a second exemption for one account (EXEMPTION_EXISTS),
// and what ValidateExemptionDraft refuses. Audited as "sanitation_exemption.create".
Result<ExemptionView> CreateExemption(const AppContext& context, const Caller& caller,
                                      const ExemptionRequest& request);

// Replaces hauler, permit and dates (the renewal the CSR records once the paperwork comes in);
// `version` is the one the CSR saw (EXEMPTION_CHANGED otherwise). Audited with before and after.
Result<ExemptionView> UpdateExemption(const AppContext& context, const Caller& caller,
                                      SanitationExemptionId id, int version,
                                      const ExemptionDraft& draft);

Result<ExemptionView> GetExemption(const AppContext& context, const Caller& caller,
                                   SanitationExemptionId id);

// Every exemption, soonest expiry first; with `attention_only`, the monitoring list: expired,
// expiring within kExemptionWarningDays, or missing paperwork.
Result<std::vector<ExemptionView>> ListExemptions(const AppContext& context, const Caller& caller,
                                                  bool attention_only);

struct RenewalLetterOutcome {
  SanitationExemptionId exemption;
  std::optional<LetterId> letter;  // sent
  std::optional<Error> error;      // not sent, and why
};

// Sends the exemption_renewal letter through SendLetter (its own transaction, audited as
// "letter.send") and records on the exemption that it was sent today (audited as
// "sanitation_exemption.renewal_letter"). With no ids: every exemption on the monitoring list
// that has had no renewal letter in the last 30 days. One outcome per exemption: an exemption
// that fails (say, an account without a mailing address) does not stop the others.
Result<std::vector<RenewalLetterOutcome>> SendRenewalLetters(
    const AppContext& context, const Caller& caller, const std::vector<SanitationExemptionId>& ids);

// --- dumpsters ---------------------------------------------------------------------------------

struct DumpsterRequest {
  AccountId account;
  DumpsterRequestDraft draft;
};
// Refuses an unknown or closed account ("account_id") and what ValidateDumpsterRequest refuses.
// Posts no fee. Audited as "dumpster.request".
Result<Dumpster> RequestDumpster(const AppContext& context, const Caller& caller,
                                 const DumpsterRequest& request);

struct DumpsterActionRequest {
  DumpsterAction action = DumpsterAction::kDeliver;
  std::optional<Date> done_on;  // default today
  std::string remarks;          // cancel: the reason, required
};
struct DumpsterActionOutcome {
  Dumpster dumpster;
  DumpsterEvent event;
};
// Applies a field action per DumpsterTransition and ValidateDumpsterActionDate; deliver, empty and
// remove post their fee (DumpsterFeeCode) on the account in the same transaction (FEE_NOT_
// CONFIGURED when the fee schedule lacks it). Audited as "dumpster.<action>".
Result<DumpsterActionOutcome> ActOnDumpster(const AppContext& context, const Caller& caller,
                                            DumpsterId id, const DumpsterActionRequest& request);

struct DumpsterView {
  Dumpster dumpster;
  std::vector<DumpsterEvent> events;
};
Result<DumpsterView> GetDumpster(const AppContext& context, const Caller& caller, DumpsterId id);
Result<Page<Dumpster>> ListDumpsters(const AppContext& context, const Caller& caller,
                                     const DumpsterFilter& filter, const PageRequest& page);

// The account page's panel: its exemption (if any) and its dumpsters, newest first.
struct AccountSanitation {
  std::optional<ExemptionView> exemption;
  std::vector<Dumpster> dumpsters;
  bool may_use_private_hauler = false;
};
Result<AccountSanitation> GetAccountSanitation(const AppContext& context, const Caller& caller,
                                               AccountId account);

}  // namespace cistern
