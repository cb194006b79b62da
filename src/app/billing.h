// Use cases for billing runs and bills: preview a cycle's bills and what needs a look, approve,
// post in chunked transactions (restart-safe: a run bills an account at most once, and a killed
// run resumes), cancel and rebill one bill, and read bills back.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/store/billing_records.h"
#include "app/store/page.h"
#include "domain/auth/roles.h"

namespace cistern {

struct RunRequest {
  std::string cycle;
  Date period_last{};
  std::optional<Date> period_first;  // default: the first day of period_last's month
  std::optional<Date> bill_date;     // default: today
  std::string message;               // default: config/billing.toml's message
};

// Why a preview lists an account. Blocking kinds keep the account out of the run until fixed;
// the others are billed and listed for a look.
enum class RunExceptionKind {
  kNoReading,          // blocking: no new ready reading for a meter
  kHeldReading,        // blocking: the reading waits in the exceptions queue
  kNoMeter,            // blocking: a metered service with no meter
  kNoServices,         // blocking: nothing to bill
  kRateProblem,        // blocking: the rates cannot price a service (the detail says why)
  kAwaitingFinalRead,  // blocking: service stops in the period; the final bill comes instead
  kMissedPeriod,       // a period since the last bill was never billed: this bill covers it too
  kEstimated,          // billed on an estimated reading
  kFarAboveHistory,    // current charges far above the account's average bill
  kZeroBill,           // no current charges
  kCreditBill,         // the total due is a credit
};
const char* RunExceptionKindCode(RunExceptionKind kind);
bool RunExceptionBlocks(RunExceptionKind kind);

struct RunException {
  AccountId account_id;
  std::string account_number;
  RunExceptionKind kind = RunExceptionKind::kNoReading;
  std::string detail;
};

struct RunSummary {
  int accounts = 0;        // active and final accounts in the cycle
  int billable = 0;        // would be billed now (or were, for a posted run)
  int already_billed = 0;  // this run billed them already
  int blocked = 0;         // held back by a blocking exception
  Money current_charges;   // of the billable accounts
  Money total_due;
  std::map<std::string, Money> charges_by_service;
  std::map<std::string, int> exceptions_by_kind;
  std::vector<RunException> exceptions;  // at most kRunExceptionsListed, blocking first
};
constexpr std::size_t kRunExceptionsListed = 1000;

struct BillingRunView {
  BillingRun run;
  RunSummary summary;
  bool summarized = false;  // summary was computed (a preview); otherwise it is empty
  int bills_posted = 0;
  // What the run's posted bills charged by service, and those of them worth a look (estimated,
  // no current charges, a credit, a catch-up): a posted run's plan finds its accounts billed, so
  // these come from the bills themselves. Empty until a bill posts.
  std::map<std::string, Money> posted_charges_by_service;
  std::vector<RunException> posted_exceptions;  // at most kRunExceptionsListed, in bill order
};

// A preview's plans, kept for the posting that follows it in the same process (`cistern bill run`,
// the demo city) so that the posting writes them instead of loading and planning those accounts
// again. CreateRun fills it; ApproveRun and PostRun carry it along. PostRun uses a kept plan only
// while every write to the database since the preview's reads began has been the run's own
// (saving its counts, its approval, its chunks: each of those calls is given the KeptPlans);
// from the first other write on (a payment at the counter, another process), it loads and plans
// the rest as it would without. It holds the cycle's first `preview_plans_kept` accounts
// (config/billing.toml), about 4 KB of memory each. The console's preview keeps none: a person
// approves it later, and a posting then plans every account again.
class KeptPlans {
 public:
  KeptPlans();
  ~KeptPlans();
  KeptPlans(const KeptPlans&) = delete;
  KeptPlans& operator=(const KeptPlans&) = delete;
  // Accounts whose plans are held (a posting uses them up).
  int accounts() const;

  struct Held;  // billing.cc
  std::unique_ptr<Held> held;
};

// Creates the run for the cycle and period and previews it. CONFLICT (RUN_EXISTS) when the cycle
// already has a run for the period. Refuses an unknown cycle, a period longer than 100 days or
// ending after the bill date. With `keep`, the preview's plans are kept there for PostRun.
Result<BillingRunView> CreateRun(const AppContext& context, const Caller& caller,
                                 const RunRequest& request, KeptPlans* keep = nullptr);
// Previews again (after exceptions were fixed); a posted run shows what is left to bill.
Result<BillingRunView> PreviewRun(const AppContext& context, const Caller& caller,
                                  BillingRunId run);
// With `with_summary` the cycle is planned again for the summary (as a preview does, without
// writing); without, only the stored preview counts and the bills posted so far.
Result<BillingRunView> GetRun(const AppContext& context, const Caller& caller, BillingRunId run,
                              bool with_summary = true);
// The cycle's run for the period ending on `period_last`; NOT_FOUND (RUN_NOT_FOUND) when none.
Result<BillingRun> FindRun(const AppContext& context, const Caller& caller,
                           const std::string& cycle, Date period_last);
Result<Page<BillingRun>> ListRuns(const AppContext& context, const Caller& caller,
                                  const PageRequest& page);

// A supervisor approves a previewed run for posting (approvals.decide and billing.run). The
// view returned carries the stored preview counts, not a new summary. `kept`: the plans its
// preview kept (the approval's write is the run's own).
Result<BillingRunView> ApproveRun(const AppContext& context, const Caller& caller, BillingRunId run,
                                  KeptPlans* kept = nullptr);

struct PostProgress {
  int done = 0;    // accounts looked at
  int total = 0;   // accounts in the cycle
  int posted = 0;  // bills written so far by this call
};

struct PostReport {
  int posted = 0;          // bills this call wrote
  int already_billed = 0;  // accounts the run had billed before (a resumed or repeated post)
  int blocked = 0;         // accounts held back by blocking exceptions
  Money current_charges;   // of the bills this call wrote
  // Accounts (billed, held back or with nothing to bill) this call took as the preview planned
  // them (KeptPlans) instead of loading and planning them again.
  int planned_by_preview = 0;
  double seconds = 0;
};

// Posts an approved run (or resumes one that was stopped): bills every billable account not yet
// billed by this run, `chunk_accounts` accounts per transaction, each bill with its journal
// entry. Safe to repeat: a posted run posted again bills only accounts unblocked since.
// `kept`: the plans the run's preview kept, used where still true (see KeptPlans) and used up.
Result<PostReport> PostRun(const AppContext& context, const Caller& caller, BillingRunId run,
                           const std::function<void(const PostProgress&)>& progress = {},
                           KeptPlans* kept = nullptr);

// Discards a run that has posted nothing.
Result<BillingRunView> DiscardRun(const AppContext& context, const Caller& caller,
                                  BillingRunId run);

struct BillView {
  Bill bill;
  std::string account_number;
  std::string customer_name;
  std::vector<std::string> mailing_address;
  std::string service_address;
  std::string cycle_message;
  std::vector<BillUsage> usage_history;  // 13 months ending with this bill
  // Set on an account's final bill: the day its last service ended, inside the bill's period
  // (the account is final or closed and no service of it runs past the period).
  std::optional<Date> service_ended_on;
  // Set on a cancelled bill: the city day it was cancelled (its reversing entry's date).
  std::optional<Date> cancelled_on;
};

Result<BillView> GetBill(const AppContext& context, const Caller& caller, BillId bill);
Result<Page<Bill>> ListBills(const AppContext& context, const Caller& caller, AccountId account,
                             const PageRequest& page);
// One of a run's bills, as the print shop gets it.
struct BillToPrint {
  BillId in_run;  // the run's bill: the cursor for the next call
  // What to print: the bill itself, or, for a bill cancelled since, the corrected bill standing in
  // its place (the customer gets that one); none when a cancelled bill has no standing correction.
  std::optional<BillView> view;
};
// A run's bills in id order for printing, `limit` at a time after `after`.
Result<std::vector<BillToPrint>> BillsForPrinting(const AppContext& context, const Caller& caller,
                                                  BillingRunId run, BillId after, int limit);

struct RebillRequest {
  std::string reason;  // required: why the bill was wrong
  // A corrected reading for a meter the bill used: replaces its current reading.
  struct Correction {
    MeterId meter_id;
    std::int64_t value = 0;
  };
  std::vector<Correction> corrections;
  // A corrected reading whose usage is far above the account's average (the check every reading
  // passes) is refused unless the supervisor confirms it, say a leak that was really there.
  bool confirm_high_usage = false;
};

// Cancels a posted bill with reversing entries and bills the same period again from the
// account's readings (after any corrections), in one transaction. Only the account's newest
// bill can be rebilled. Audited with the reason.
Result<BillView> CancelAndRebill(const AppContext& context, const Caller& caller, BillId bill,
                                 const RebillRequest& request);

}  // namespace cistern
