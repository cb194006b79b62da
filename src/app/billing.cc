#include "app/billing.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <future>
#include <optional>
#include <thread>
#include <unordered_set>

#include "app/audit.h"
#include "app/bill_plan.h"
#include "app/chunk_pacer.h"
#include "app/deposits.h"
#include "app/ledger_common.h"
#include "app/metering.h"
#include "app/rate_book.h"
#include "core/text.h"
#include "domain/customer/customer.h"
#include "domain/ledger/posting.h"
#include "domain/metering/reading_check.h"
#include "domain/rates/winter_average.h"

namespace cistern {
namespace {

constexpr int kPeriodDaysMax = 100;
// The year of billed usage a corrected reading is checked against, as every reading is.
constexpr int kAverageHistoryDays = 365;
// A bill corrected again and again: how far back its run's message is looked for.
constexpr int kReplacedBillsFollowedMax = 10;
constexpr std::size_t kReasonLengthMax = 500;
// Chunks a posting loads and plans ahead while one is written. Two keep the writer from waiting
// on a city with a year of history (each chunk's reads then cost about what its writes do), with
// three threads on two cores; three measured no better.
constexpr std::size_t kReadAheadChunks = 2;

struct KindInfo {
  RunExceptionKind kind;
  const char* code;
  bool blocks;
};
constexpr KindInfo kKinds[] = {
    {RunExceptionKind::kNoReading, "no_reading", true},
    {RunExceptionKind::kHeldReading, "held_reading", true},
    {RunExceptionKind::kNoMeter, "no_meter", true},
    {RunExceptionKind::kNoServices, "no_services", true},
    {RunExceptionKind::kRateProblem, "rate_problem", true},
    {RunExceptionKind::kAwaitingFinalRead, "awaiting_final_read", true},
    {RunExceptionKind::kMissedPeriod, "missed_period", false},
    {RunExceptionKind::kEstimated, "estimated", false},
    {RunExceptionKind::kFarAboveHistory, "far_above_history", false},
    {RunExceptionKind::kZeroBill, "zero_bill", false},
    {RunExceptionKind::kCreditBill, "credit_bill", false},
};

BillDates DatesOf(const BillingRun& run) {
  return BillDates{*Period::Make(run.period_first, run.period_last), run.bill_date, run.due_date,
                   run.id};
}

// What a run reads for each chunk of accounts. Usage history is read only in a month in which
// some class recomputes its winter average.
BillingLoad LoadFor(const AppContext& context, const BillingRun& run, const RateBook& book) {
  BillingLoad load;
  load.run = run.id;
  load.period_first = run.period_first;
  load.period_last = run.period_last;
  load.balance_codes = BalanceGlCodes(context.finance.chart);
  load.unapplied_code = UnappliedGlCode(context.finance.chart);
  load.cycle = run.cycle;
  const std::chrono::month month = run.period_last.month();
  for (const RateVersion& version : book.versions()) {
    for (const RateService& service : version.services) {
      for (const RateClass& rate_class : service.classes) {
        if (rate_class.winter_average &&
            IsWinterAverageRecomputeMonth(*rate_class.winter_average, month)) {
          load.usage_history = true;
        }
      }
    }
  }
  return load;
}

// Adds one planned account to the summary.
void Tally(RunSummary& summary, const BillPlan& plan) {
  if (plan.nothing_to_bill) return;
  for (const RunException& exception : plan.exceptions) {
    ++summary.exceptions_by_kind[RunExceptionKindCode(exception.kind)];
    if (summary.exceptions.size() < kRunExceptionsListed) summary.exceptions.push_back(exception);
  }
  if (!plan.billable) {
    ++summary.blocked;
    return;
  }
  ++summary.billable;
  summary.current_charges += plan.bill.current_charges;
  summary.total_due += plan.bill.total_due;
  for (const BillLine& line : plan.bill.lines)
    summary.charges_by_service[line.service] += line.amount;
}

// Adds `part` (another worker's chunks) into `summary`.
void Merge(RunSummary& summary, const RunSummary& part) {
  summary.accounts += part.accounts;
  summary.billable += part.billable;
  summary.already_billed += part.already_billed;
  summary.blocked += part.blocked;
  summary.current_charges += part.current_charges;
  summary.total_due += part.total_due;
  for (const auto& [service, amount] : part.charges_by_service) {
    summary.charges_by_service[service] += amount;
  }
  for (const auto& [kind, count] : part.exceptions_by_kind) {
    summary.exceptions_by_kind[kind] += count;
  }
  for (const RunException& exception : part.exceptions) {
    if (summary.exceptions.size() < kRunExceptionsListed) summary.exceptions.push_back(exception);
  }
}

// Blocking exceptions first, each group in account order.
void SortExceptions(RunSummary& summary) {
  std::stable_sort(summary.exceptions.begin(), summary.exceptions.end(),
                   [](const RunException& a, const RunException& b) {
                     const bool a_blocks = RunExceptionBlocks(a.kind);
                     const bool b_blocks = RunExceptionBlocks(b.kind);
                     if (a_blocks != b_blocks) return a_blocks;
                     return a.account_id < b.account_id;
                   });
}

// One chunk's inputs with each account's plan (no plan for an account the run already billed).
struct PlannedChunk {
  std::vector<AccountToBill> inputs;
  std::vector<BillPlan> plans;  // one per input
};

Result<PlannedChunk> PlanChunk(const AppContext& context, Transaction& transaction,
                               const RateBook& book, const BillingLoad& load,
                               const BillDates& dates, const std::vector<AccountId>& ids) {
  PlannedChunk planned;
  CISTERN_ASSIGN_OR_RETURN(planned.inputs, transaction.billing().LoadAccountsToBill(ids, load));
  // Each bill carries its account's position on (decision 0007): read with the rest where the
  // last bill carries one, else from the whole history.
  std::vector<AccountId> unread;
  for (const AccountToBill& input : planned.inputs) {
    if (!input.billed_in_run && !input.position) unread.push_back(input.account_id);
  }
  if (!unread.empty()) {
    CISTERN_ASSIGN_OR_RETURN(auto positions,
                             transaction.ledger().PositionLinesFor(
                                 unread, BalanceGlCodes(context.finance.chart), std::nullopt));
    for (AccountToBill& input : planned.inputs) {
      if (input.billed_in_run || input.position) continue;
      input.position = std::move(positions[input.account_id.value()]);
    }
  }
  planned.plans.resize(planned.inputs.size());
  for (std::size_t index = 0; index < planned.inputs.size(); ++index) {
    const AccountToBill& input = planned.inputs[index];
    if (input.billed_in_run) continue;
    BillPlan& plan = planned.plans[index];
    plan = PlanBill(book, context.billing, input, dates);
    if (!plan.billable) continue;
    // The position after the charges, worked out here, off the writer's thread.
    PositionLines after = std::move(*planned.inputs[index].position);  // not read again
    AddChargesToPosition(context.finance, plan.charges_by_fund, plan.bill.bill_date, after);
    plan.bill.position = CarryPosition(context.finance, after);
  }
  return planned;
}

// PlanChunk in a read transaction of its own (on another thread while a chunk is written).
Result<PlannedChunk> PlanChunkIn(const AppContext& context, const RateBook& book,
                                 const BillingLoad& load, const BillDates& dates,
                                 const std::vector<AccountId>& ids) {
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return PlanChunk(context, *transaction, book, load, dates, ids);
}

// A run's accounts in chunks of chunk_accounts, as a preview plans them and a posting writes them.
// With `ramp`, sizes ramp up (an eighth of chunk_accounts, a quarter, a half, then whole): a
// posting without kept plans plans its first chunk inside that chunk's write, with nothing to
// overlap, so it is kept small.
std::vector<std::vector<AccountId>> PostingChunks(const AppContext& context,
                                                  const std::vector<AccountId>& accounts,
                                                  bool ramp) {
  const std::size_t chunk = static_cast<std::size_t>(context.billing.chunk_accounts);
  std::vector<std::vector<AccountId>> chunks;
  for (std::size_t start = 0, size = ramp ? std::max<std::size_t>(chunk / 8, 1) : chunk;
       start < accounts.size(); start += size, size = std::min(size * 2, chunk)) {
    chunks.emplace_back(accounts.begin() + start,
                        accounts.begin() + std::min(accounts.size(), start + size));
  }
  return chunks;
}

}  // namespace

// The plans of a run's first posting chunks, as its preview made them. They are held while every
// write transaction begun since the preview's reads began was the run's own, each checked against
// the one before (NothingElseWrittenBetween); at the first that was not, they are dropped.
struct KeptPlans::Held {
  BillingRunId run;
  WriteStamp last_write;  // the run's newest write: the preview read what it had committed
  std::vector<AccountId> accounts;                  // the cycle's, as the preview listed them
  std::vector<std::optional<PlannedChunk>> chunks;  // posting chunk k's plans, for the first k
};

KeptPlans::KeptPlans() = default;
KeptPlans::~KeptPlans() = default;

int KeptPlans::accounts() const {
  int count = 0;
  if (!held) return count;
  for (const auto& chunk : held->chunks) {
    if (chunk) count += static_cast<int>(chunk->inputs.size());
  }
  return count;
}

namespace {

// Adds a write transaction the run began (`stamp`, taken as it began) to the chain of `kept`.
// Once anything else was written between two of the run's writes, the plans are dropped.
void ChainWrite(KeptPlans* kept, const WriteStamp& stamp) {
  if (kept == nullptr || !kept->held) return;
  KeptPlans::Held& held = *kept->held;
  if (!NothingElseWrittenBetween(held.last_write, stamp)) {
    held.chunks.clear();
    held.accounts.clear();
  }
  held.last_write = stamp;
}

// What a kept plan needs for its write (WritePlannedBills) and for planning its account again
// (ReplanSharedMeters: its id and meters): the rest of the inputs, and the exceptions the
// preview has counted, are dropped.
void Slim(PlannedChunk& planned) {
  for (AccountToBill& input : planned.inputs) {
    input.services = {};
    input.usage_history = {};
    input.programs = {};
  }
  for (BillPlan& plan : planned.plans) plan.exceptions = {};
}

// Plans the chunks `worker`, `worker + workers`, ... of `chunks` in one read transaction and
// tallies them. The first `keep->chunks.size()` chunks are planned as a posting plans them (with
// each account's position) and kept.
Result<RunSummary> SummarizeChunks(const AppContext& context, const BillingRun& run,
                                   const RateBook& book,
                                   const std::vector<std::vector<AccountId>>& chunks,
                                   std::size_t worker, std::size_t workers, KeptPlans::Held* keep) {
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  const BillingLoad load = LoadFor(context, run, book);
  BillingLoad posting_load = load;
  posting_load.positions = true;
  const BillDates dates = DatesOf(run);
  RunSummary summary;
  for (std::size_t index = worker; index < chunks.size(); index += workers) {
    if (keep != nullptr && index < keep->chunks.size()) {
      CISTERN_ASSIGN_OR_RETURN(PlannedChunk planned, PlanChunk(context, *transaction, book,
                                                               posting_load, dates, chunks[index]));
      for (std::size_t row = 0; row < planned.inputs.size(); ++row) {
        ++summary.accounts;
        if (planned.inputs[row].billed_in_run) {
          ++summary.already_billed;
          continue;
        }
        Tally(summary, planned.plans[row]);
      }
      Slim(planned);
      keep->chunks[index] = std::move(planned);  // each worker fills its own chunks' places
      continue;
    }
    CISTERN_ASSIGN_OR_RETURN(auto inputs,
                             transaction->billing().LoadAccountsToBill(chunks[index], load));
    for (const AccountToBill& account : inputs) {
      ++summary.accounts;
      if (account.billed_in_run) {
        ++summary.already_billed;
        continue;
      }
      Tally(summary, PlanBill(book, context.billing, account, dates));
    }
  }
  return summary;
}

// Plans every account of the run's cycle without writing anything. Read-only, so the cycle is
// split between two workers, each with its own read transaction (a preview is informational:
// the two may see snapshots a moment apart; posting plans every account again in its write,
// except the plans in `keep`, which it writes only if nothing but the run wrote since these
// reads began: then both snapshots are the same).
Result<RunSummary> Summarize(const AppContext& context, const BillingRun& run,
                             KeptPlans::Held* keep) {
  std::vector<AccountId> accounts;
  std::shared_ptr<const RateBook> book;
  {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
    CISTERN_ASSIGN_OR_RETURN(book, LoadedRateBook(context, *transaction));
    CISTERN_ASSIGN_OR_RETURN(accounts, transaction->billing().AccountsInCycle(run.cycle));
  }
  const std::vector<std::vector<AccountId>> chunks =
      PostingChunks(context, accounts, /*ramp=*/false);
  if (keep != nullptr) {
    std::size_t kept = 0;
    std::size_t accounts_kept = 0;
    while (kept < chunks.size() &&
           accounts_kept + chunks[kept].size() <=
               static_cast<std::size_t>(context.billing.preview_plans_kept)) {
      accounts_kept += chunks[kept++].size();
    }
    keep->chunks.resize(kept);
    keep->accounts = accounts;
  }
  const std::size_t workers = chunks.size() > 1 ? 2 : 1;
  std::optional<Result<RunSummary>> second;
  std::thread helper;
  if (workers == 2) {
    helper = std::thread(
        [&] { second.emplace(SummarizeChunks(context, run, *book, chunks, 1, workers, keep)); });
  }
  Result<RunSummary> first = SummarizeChunks(context, run, *book, chunks, 0, workers, keep);
  if (helper.joinable()) helper.join();
  if (!first.ok()) return first.error();
  RunSummary summary = std::move(*first);
  if (second) {
    if (!second->ok()) return second->error();
    Merge(summary, **second);
  }
  SortExceptions(summary);
  return summary;
}

// One planned bill to write: the account it bills and its plan (WritePlannedBills completes
// plan->bill and sets its id).
struct BillToWrite {
  const AccountToBill* account;
  BillPlan* plan;
};

// Writes planned bills with as few statements as the store can: every bill's charges entry
// together, then each account's credit applied to its charges (only an account that has
// unapplied credit), then the bills with their lines and readings together, then any new winter
// averages. With `bill_deposit_installment` (a cycle run's bills), a deposit installment left to
// bill is billed after its bill, so the next bill carries it.
Status WritePlannedBills(const AppContext& context, Transaction& transaction, const Caller& caller,
                         const std::vector<BillToWrite>& writes, bool bill_deposit_installment) {
  const FinanceSettings& settings = context.finance;
  std::vector<JournalEntryId> last(writes.size());  // the newest entry each bill includes
  std::vector<JournalEntry> charges;
  std::vector<std::size_t> charged;  // the write each of `charges` belongs to
  charges.reserve(writes.size());
  for (std::size_t index = 0; index < writes.size(); ++index) {
    last[index] = writes[index].account->last_entry;
    const BillPlan& plan = *writes[index].plan;
    if (plan.charges_by_fund.empty()) continue;
    const Bill& bill = plan.bill;
    const std::string memo =
        "Bill for " + FormatDate(bill.period_first) + " to " + FormatDate(bill.period_last);
    charges.push_back(ChargeEntry(settings, writes[index].account->account_id, plan.charges_by_fund,
                                  HeaderFor(context, caller, bill.bill_date, memo)));
    charged.push_back(index);
  }
  // Positions not read ahead (a single bill) are read here, before this write's entries.
  std::vector<AccountId> unread;
  for (const BillToWrite& write : writes) {
    if (!write.plan->bill.position && !write.account->position) {
      unread.push_back(write.account->account_id);
    }
  }
  std::map<std::int64_t, PositionLines> positions_read;
  if (!unread.empty()) {
    CISTERN_ASSIGN_OR_RETURN(positions_read,
                             transaction.ledger().PositionLinesFor(
                                 unread, BalanceGlCodes(settings.chart), std::nullopt));
  }
  // A bill's charge lines are reached through the bill (decision 0007).
  for (JournalEntry& entry : charges) {
    for (EntryLine& line : entry.lines) line.via_bill = line.account_id.has_value();
  }
  std::vector<JournalEntry*> entries;
  for (JournalEntry& entry : charges) entries.push_back(&entry);
  CISTERN_RETURN_IF_ERROR(PostEntries(transaction, settings, entries));
  for (std::size_t position = 0; position < charged.size(); ++position) {
    const std::size_t index = charged[position];
    writes[index].plan->bill.entry_id = charges[position].id;
    last[index] = std::max(last[index], charges[position].id);
  }
  std::vector<Bill*> bills;
  bills.reserve(writes.size());
  for (std::size_t index = 0; index < writes.size(); ++index) {
    const AccountToBill& account = *writes[index].account;
    Bill& bill = writes[index].plan->bill;
    // The position after the charges: worked out with the plan (read ahead), or here.
    const bool carried_ahead = bill.position.has_value();
    PositionLines replayed;
    if (carried_ahead) {
      replayed = std::move(*bill.position);
    } else {
      replayed = account.position ? *account.position
                                  : std::move(positions_read[account.account_id.value()]);
      AddChargesToPosition(settings, writes[index].plan->charges_by_fund, bill.bill_date, replayed);
    }
    bool replayed_more = !carried_ahead;
    Money credit = account.credit();
    if (credit.cents() > 0 && bill.current_charges.cents() > 0) {
      // The position includes the charges just posted.
      const ReceivablePosition position = PositionFromLines(settings, replayed.lines);
      credit = position.credit;
      const Money applied = std::min(credit, position.receivable);
      if (applied.cents() > 0) {
        Allocation allocation = AllocatePayment(applied, position.open, settings.fund_priority);
        JournalEntry entry = CreditAppliedEntry(
            settings, account.account_id, allocation,
            HeaderFor(context, caller, bill.bill_date, "Credit applied to the bill"));
        CISTERN_ASSIGN_OR_RETURN(JournalEntryId id, PostEntry(transaction, settings, entry));
        last[index] = std::max(last[index], id);
        credit -= applied;
        AddEntryToPosition(settings, entry, account.account_id, replayed);
        replayed_more = true;
      }
    }
    bill.position = replayed_more ? CarryPosition(settings, replayed) : std::move(replayed);
    bill.through_entry_id = last[index];
    bill.credit_after = credit.cents() > 0 ? credit : Money();
    bills.push_back(&bill);
  }
  CISTERN_RETURN_IF_ERROR(transaction.billing().InsertBills(bills));
  for (const BillToWrite& write : writes) {
    const BillPlan& plan = *write.plan;
    if (plan.new_winter_average) {
      CISTERN_RETURN_IF_ERROR(transaction.metering().SaveWinterAverage(
          write.account->account_id, plan.bill.period_last, *plan.new_winter_average,
          plan.winter_average_months));
    }
    if (bill_deposit_installment && write.account->deposit_installment_due) {
      CISTERN_RETURN_IF_ERROR(
          BillDepositInstallmentAfterBill(context, transaction, caller, write.account->account_id));
    }
  }
  return OkStatus();
}

// Loads and plans again, in `transaction`, the accounts of `planned` that have a meter in
// `meters_billed` (billed by the chunks written while, or since, `planned` was read). Returns
// how many.
Result<std::size_t> ReplanSharedMeters(const AppContext& context, Transaction& transaction,
                                       const RateBook& book, const BillingLoad& load,
                                       const BillDates& dates,
                                       const std::unordered_set<std::int64_t>& meters_billed,
                                       PlannedChunk& planned) {
  if (meters_billed.empty()) return 0;
  std::vector<std::size_t> again;
  for (std::size_t index = 0; index < planned.inputs.size(); ++index) {
    for (const MeterToBill& meter : planned.inputs[index].meters) {
      if (meters_billed.count(meter.meter.id.value()) > 0) {
        again.push_back(index);
        break;
      }
    }
  }
  if (again.empty()) return 0;
  std::vector<AccountId> ids;
  for (std::size_t index : again) ids.push_back(planned.inputs[index].account_id);
  CISTERN_ASSIGN_OR_RETURN(PlannedChunk fresh,
                           PlanChunk(context, transaction, book, load, dates, ids));
  for (std::size_t position = 0; position < again.size(); ++position) {
    planned.inputs[again[position]] = std::move(fresh.inputs[position]);
    planned.plans[again[position]] = std::move(fresh.plans[position]);
  }
  return again.size();
}

Status CheckRunRequest(const AppContext& context, const RunRequest& request, Date period_first,
                       Date bill_date) {
  if (period_first > request.period_last) {
    return Error::InvalidArgument("period_start", "PERIOD_ENDS_BEFORE_START",
                                  "The period starts after it ends.");
  }
  if (DaysBetween(period_first, request.period_last) + 1 > kPeriodDaysMax) {
    return Error::InvalidArgument("period_start", "PERIOD_TOO_LONG",
                                  "A billing period is at most 100 days (a quarter).");
  }
  if (request.period_last > bill_date) {
    return Error::InvalidArgument("period_end", "PERIOD_NOT_ENDED",
                                  "The period must end on or before the bill date.");
  }
  if (bill_date > AddDays(context.Today(), 31)) {
    return Error::InvalidArgument("bill_date", "BILL_DATE_TOO_LATE",
                                  "The bill date is at most 31 days from today.");
  }
  if (request.message.size() > 400) {
    return Error::InvalidArgument("message", "FIELD_TOO_LONG",
                                  "A bill message is at most 400 characters.");
  }
  return OkStatus();
}

Result<BillView> LoadBillView(Transaction& transaction, const Bill& bill_record) {
  BillView view;
  view.bill = bill_record;
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(bill_record.account_id));
  CISTERN_ASSIGN_OR_RETURN(Customer customer, transaction.customers().Get(account.customer_id));
  CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction.premises().Get(account.premise_id));
  view.account_number = account.number.text();
  view.customer_name = CustomerDisplayName(customer);
  const Address& mail = account.mailing_address;
  view.mailing_address.push_back(view.customer_name);
  view.mailing_address.push_back(mail.line1);
  if (!mail.line2.empty()) view.mailing_address.push_back(mail.line2);
  view.mailing_address.push_back(mail.city + ", " + mail.state + " " + mail.postal_code);
  view.service_address =
      premise.address.line1 + (premise.address.line2.empty() ? "" : " " + premise.address.line2);
  // The cycle's message: a corrected bill (made outside any run) carries the one of the run that
  // posted the bill it replaces.
  std::optional<BillingRunId> run_id = bill_record.run_id;
  std::optional<BillId> replaced = bill_record.replaces_bill_id;
  for (int hops = 0; !run_id && replaced && hops < kReplacedBillsFollowedMax; ++hops) {
    CISTERN_ASSIGN_OR_RETURN(Bill earlier, transaction.billing().GetBill(*replaced));
    run_id = earlier.run_id;
    replaced = earlier.replaces_bill_id;
  }
  if (run_id) {
    CISTERN_ASSIGN_OR_RETURN(BillingRun run, transaction.billing().GetRun(*run_id));
    view.cycle_message = run.message;
  }
  if (bill_record.status == BillStatus::kCancelled && bill_record.cancel_entry_id) {
    CISTERN_ASSIGN_OR_RETURN(JournalEntry reversal,
                             transaction.ledger().Get(*bill_record.cancel_entry_id));
    view.cancelled_on = reversal.effective_on;
  }
  if (account.status == AccountStatus::kFinal || account.status == AccountStatus::kClosed) {
    CISTERN_ASSIGN_OR_RETURN(auto services, transaction.metering().ServicesOf(account.id));
    std::optional<Date> ended;
    bool all_ended = !services.empty();
    for (const ServiceRecord& service : services) {
      if (!service.ends_on || *service.ends_on > bill_record.period_last) all_ended = false;
      if (service.ends_on && (!ended || *service.ends_on > *ended)) ended = service.ends_on;
    }
    if (all_ended && ended && *ended >= bill_record.period_first) view.service_ended_on = ended;
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto history, transaction.metering().UsageHistory(bill_record.account_id,
                                                        AddDays(bill_record.period_last, -395)));
  for (const BillUsage& usage : history) {
    if (usage.period_last <= bill_record.period_last) view.usage_history.push_back(usage);
  }
  return view;
}

// A run's posted bills by service, and the ones worth a look, into `view`.
Status AddPostedBills(Transaction& transaction, BillingRunView& view) {
  if (view.bills_posted == 0) return OkStatus();
  const BillingRun& run = view.run;
  CISTERN_ASSIGN_OR_RETURN(view.posted_charges_by_service,
                           transaction.billing().ChargesByServiceOfRun(run.id));
  CISTERN_ASSIGN_OR_RETURN(auto notes,
                           transaction.billing().PostedBillNotesOfRun(
                               run.id, run.period_first, static_cast<int>(kRunExceptionsListed)));
  for (const auto& note : notes) {
    const auto add = [&](RunExceptionKind kind, std::string detail) {
      view.posted_exceptions.push_back(
          {note.account_id, note.account_number, kind,
           "B-" + std::to_string(note.bill_id.value()) + ": " + std::move(detail)});
    };
    if (note.period_first < run.period_first) {
      add(RunExceptionKind::kMissedPeriod,
          "covers " + FormatDate(note.period_first) + " on, a period never billed before.");
    }
    if (note.estimated) add(RunExceptionKind::kEstimated, "billed on an estimated reading.");
    if (note.current_charges.cents() == 0) add(RunExceptionKind::kZeroBill, "no current charges.");
    if (note.total_due.cents() < 0) {
      add(RunExceptionKind::kCreditBill, "a credit of " + (-note.total_due).Format() + ".");
    }
  }
  return OkStatus();
}

Result<BillingRunView> ViewOf(const AppContext& context, const BillingRun& run,
                              KeptPlans::Held* keep = nullptr) {
  BillingRunView view{run, {}, true, 0};
  CISTERN_ASSIGN_OR_RETURN(view.summary, Summarize(context, run, keep));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(auto totals, transaction->billing().TotalsOfRun(run.id));
  view.bills_posted = totals.bills;
  CISTERN_RETURN_IF_ERROR(AddPostedBills(*transaction, view));
  return view;
}

// Stores a preview's counts on the run, in a short write of its own (the preview itself reads
// only, so billing a large cycle never holds up the counter). A run approved on other counts
// goes back to previewed: its approval no longer covers what would post.
Result<BillingRun> SavePreview(const AppContext& context, BillingRunId id,
                               const RunSummary& summary, KeptPlans* kept = nullptr) {
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  ChainWrite(kept, transaction->Stamp());
  CISTERN_ASSIGN_OR_RETURN(BillingRun run, transaction->billing().GetRun(id));
  if (run.status != RunStatus::kPreviewed && run.status != RunStatus::kApproved) return run;
  const bool changed = run.preview_accounts != summary.accounts ||
                       run.preview_bills != summary.billable ||
                       run.preview_charges != summary.current_charges;
  run.preview_accounts = summary.accounts;
  run.preview_bills = summary.billable;
  run.preview_exceptions = static_cast<int>(summary.exceptions.size());
  run.preview_charges = summary.current_charges;
  if (changed && run.status == RunStatus::kApproved) {
    run.status = RunStatus::kPreviewed;
    run.approved_at.reset();
    run.approved_by = UserId();
  }
  CISTERN_RETURN_IF_ERROR(transaction->billing().UpdateRun(run));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return run;
}

}  // namespace

const char* RunExceptionKindCode(RunExceptionKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info.code;
  }
  return "no_reading";
}

bool RunExceptionBlocks(RunExceptionKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info.blocks;
  }
  return true;
}

Result<BillingRunView> CreateRun(const AppContext& context, const Caller& caller,
                                 const RunRequest& request, KeptPlans* keep) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kRunBilling));
  const std::chrono::year_month_day last = request.period_last;
  const Date period_first =
      request.period_first.value_or(Date{last.year(), last.month(), std::chrono::day{1}});
  const Date bill_date = request.bill_date.value_or(context.Today());
  CISTERN_RETURN_IF_ERROR(CheckRunRequest(context, request, period_first, bill_date));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto cycles, transaction->reference().ListCycles());
  bool known = false;
  for (const Cycle& cycle : cycles) known = known || cycle.code == request.cycle;
  if (!known) {
    return Error::InvalidArgument("cycle", "CYCLE_UNKNOWN",
                                  "There is no billing cycle \"" + request.cycle + "\".");
  }
  // Two runs of a cycle never bill the same day twice (the same period again is RUN_EXISTS).
  CISTERN_ASSIGN_OR_RETURN(auto overlapping, transaction->billing().OverlappingRun(
                                                 request.cycle, period_first, request.period_last));
  if (overlapping) {
    return Error::Conflict(
        "PERIOD_OVERLAPS_RUN",
        "Cycle " + request.cycle + " already has a " + RunStatusCode(overlapping->status) +
            " run for " + FormatDate(overlapping->period_first) + " to " +
            FormatDate(overlapping->period_last) + ", which shares days with this period.",
        "period_end");
  }
  BillingRun run;
  run.cycle = request.cycle;
  run.period_first = period_first;
  run.period_last = request.period_last;
  run.bill_date = bill_date;
  run.due_date = DueDate(context.billing, bill_date);
  run.message = request.message.empty() ? context.billing.default_message : request.message;
  run.status = RunStatus::kPreviewed;
  run.created_at = context.clock.Now();
  run.created_by = caller.user_id;
  // Rates must load before a run is created, so that its preview can price every account.
  CISTERN_RETURN_IF_ERROR(LoadedRateBook(context, *transaction));
  CISTERN_ASSIGN_OR_RETURN(run.id, transaction->billing().InsertRun(run));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {"billing_run.create",
                   "billing_run",
                   run.id.value(),
                   std::nullopt,
                   {},
                   {{"cycle", run.cycle},
                    {"period", FormatDate(run.period_first) + ".." + FormatDate(run.period_last)},
                    {"bill_date", FormatDate(run.bill_date)},
                    {"due_date", FormatDate(run.due_date)}}}));
  const WriteStamp created = transaction->Stamp();
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  transaction.reset();
  if (keep != nullptr) {
    // The preview's reads begin after this write: they see what it committed, and nothing else
    // if the run's next write follows it directly.
    keep->held = std::make_unique<KeptPlans::Held>();
    keep->held->run = run.id;
    keep->held->last_write = created;
  }
  CISTERN_ASSIGN_OR_RETURN(BillingRunView view,
                           ViewOf(context, run, keep != nullptr ? keep->held.get() : nullptr));
  CISTERN_ASSIGN_OR_RETURN(view.run, SavePreview(context, run.id, view.summary, keep));
  return view;
}

Result<BillingRunView> PreviewRun(const AppContext& context, const Caller& caller,
                                  BillingRunId run_id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kRunBilling));
  BillingRun run;
  {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
    CISTERN_ASSIGN_OR_RETURN(run, transaction->billing().GetRun(run_id));
  }
  CISTERN_ASSIGN_OR_RETURN(BillingRunView view, ViewOf(context, run));
  // Exceptions fixed since change the counts, and an approval no longer covers them.
  CISTERN_ASSIGN_OR_RETURN(view.run, SavePreview(context, run_id, view.summary));
  return view;
}

Result<BillingRunView> GetRun(const AppContext& context, const Caller& caller, BillingRunId run_id,
                              bool with_summary) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(BillingRun run, transaction->billing().GetRun(run_id));
  if (with_summary) {
    transaction.reset();
    return ViewOf(context, run);
  }
  BillingRunView view{run, {}, false, 0};
  CISTERN_ASSIGN_OR_RETURN(auto totals, transaction->billing().TotalsOfRun(run.id));
  view.bills_posted = totals.bills;
  return view;
}

Result<BillingRun> FindRun(const AppContext& context, const Caller& caller,
                           const std::string& cycle, Date period_last) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(auto run, transaction->billing().FindRun(cycle, period_last));
  if (!run) {
    return Error::NotFound("RUN_NOT_FOUND", "Cycle " + cycle +
                                                " has no billing run for the period"
                                                " ending " +
                                                FormatDate(period_last) + ".");
  }
  return *run;
}

Result<Page<BillingRun>> ListRuns(const AppContext& context, const Caller& caller,
                                  const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return transaction->billing().ListRuns(page);
}

Result<BillingRunView> ApproveRun(const AppContext& context, const Caller& caller,
                                  BillingRunId run_id, KeptPlans* kept) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kRunBilling));
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kDecideApprovals));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  if (kept != nullptr && kept->held && kept->held->run == run_id) {
    ChainWrite(kept, transaction->Stamp());
  }
  CISTERN_ASSIGN_OR_RETURN(BillingRun run, transaction->billing().GetRun(run_id));
  if (run.status != RunStatus::kPreviewed) {
    return Error::FailedPrecondition("RUN_NOT_PREVIEWED",
                                     std::string("Only a previewed run can be approved; this one"
                                                 " is ") +
                                         RunStatusCode(run.status) + ".");
  }
  run.status = RunStatus::kApproved;
  run.approved_at = context.clock.Now();
  run.approved_by = caller.user_id;
  CISTERN_RETURN_IF_ERROR(transaction->billing().UpdateRun(run));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"billing_run.approve",
                                       "billing_run",
                                       run.id.value(),
                                       std::nullopt,
                                       {{"status", "previewed"}},
                                       {{"status", "approved"},
                                        {"bills", std::to_string(run.preview_bills)},
                                        {"current_charges", run.preview_charges.Format()}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  // The preview's counts stand; approving does not plan the cycle again.
  return BillingRunView{run, {}, false, 0};
}

Result<BillingRunView> DiscardRun(const AppContext& context, const Caller& caller,
                                  BillingRunId run_id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kRunBilling));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(BillingRun run, transaction->billing().GetRun(run_id));
  CISTERN_ASSIGN_OR_RETURN(auto totals, transaction->billing().TotalsOfRun(run_id));
  if (totals.bills > 0 || run.status == RunStatus::kPosted || run.status == RunStatus::kPosting) {
    return Error::FailedPrecondition("RUN_HAS_BILLS",
                                     "This run has posted bills; cancel and rebill them one by "
                                     "one instead.");
  }
  const std::string before = RunStatusCode(run.status);
  run.status = RunStatus::kDiscarded;
  CISTERN_RETURN_IF_ERROR(transaction->billing().UpdateRun(run));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"billing_run.discard",
                                       "billing_run",
                                       run.id.value(),
                                       std::nullopt,
                                       {{"status", before}},
                                       {{"status", "discarded"}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return BillingRunView{run, {}, false, 0};
}

Result<PostReport> PostRun(const AppContext& context, const Caller& caller, BillingRunId run_id,
                           const std::function<void(const PostProgress&)>& progress,
                           KeptPlans* kept) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kRunBilling));
  const auto started = std::chrono::steady_clock::now();
  if (kept != nullptr && (!kept->held || kept->held->run != run_id)) kept = nullptr;
  BillingRun run;
  std::vector<AccountId> accounts;
  std::shared_ptr<const RateBook> book;
  bool posted_before = false;  // posted already: this posting bills accounts fixed since
  {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
    ChainWrite(kept, transaction->Stamp());
    CISTERN_ASSIGN_OR_RETURN(run, transaction->billing().GetRun(run_id));
    posted_before = run.status == RunStatus::kPosted;
    // Kept plans are for the run's first posting only, as approved after its preview.
    if (kept != nullptr && run.status != RunStatus::kApproved) kept->held->chunks.clear();
    if (run.status == RunStatus::kPreviewed || run.status == RunStatus::kDiscarded) {
      return Error::FailedPrecondition(
          "RUN_NOT_APPROVED", std::string("A supervisor must approve the run before it posts;"
                                          " this one is ") +
                                  RunStatusCode(run.status) + ".");
    }
    CISTERN_ASSIGN_OR_RETURN(book, LoadedRateBook(context, *transaction));
    // While kept plans hold, nothing else was written since the preview listed the cycle.
    if (kept != nullptr && !kept->held->chunks.empty()) {
      accounts = std::move(kept->held->accounts);
    } else {
      CISTERN_ASSIGN_OR_RETURN(accounts, transaction->billing().AccountsInCycle(run.cycle));
    }
    if (run.status == RunStatus::kApproved) {
      run.status = RunStatus::kPosting;
      CISTERN_RETURN_IF_ERROR(transaction->billing().UpdateRun(run));
      CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                          {"billing_run.post",
                                           "billing_run",
                                           run.id.value(),
                                           std::nullopt,
                                           {{"status", "approved"}},
                                           {{"status", "posting"}}}));
    }
    CISTERN_RETURN_IF_ERROR(transaction->Commit());
  }
  PostReport report;
  PostProgress state{0, static_cast<int>(accounts.size()), 0};
  BillingLoad load = LoadFor(context, run, *book);
  load.positions = true;
  BillDates dates = DatesOf(run);
  if (posted_before && context.Today() > run.bill_date) {
    // Accounts fixed after the run posted are billed today: their bills are dated today and
    // get the city's full time to pay, not the run's due date, which may already have passed.
    dates.bill_date = context.Today();
    dates.due_date = DueDate(context.billing, dates.bill_date);
  }
  // The first `kept_chunks` chunks come planned by the preview (KeptPlans), while they hold.
  std::size_t kept_chunks = kept != nullptr ? kept->held->chunks.size() : 0;
  const std::vector<std::vector<AccountId>> chunks =
      PostingChunks(context, accounts, /*ramp=*/kept_chunks == 0);
  // Meters billed by this posting so far, while kept plans are left: those were read before it
  // wrote anything.
  std::unordered_set<std::int64_t> meters_billed_in_run;
  // Chunks loaded and planned ahead on read connections (the second core) while one is written,
  // in chunk order. Declared after everything they refer to, so that they are waited for first.
  struct ReadAhead {
    std::size_t chunk;
    std::size_t began_during;  // the chunk whose write was open when the read began
    std::future<Result<PlannedChunk>> planned;
  };
  std::deque<ReadAhead> ahead;
  std::size_t next_to_read = std::max<std::size_t>(1, kept_chunks);
  // The first chunk from whose write on every write was this run's own: a read that began
  // during an earlier chunk's write may have missed someone else's.
  std::size_t ours_since = 0;
  WriteStamp previous;                                         // the last chunk's write
  std::deque<std::unordered_set<std::int64_t>> meters_billed;  // by the last chunks written
  PlannedChunk written;  // the chunk written last, freed on the next read-ahead thread begun
  ChunkPacer pacer(context.store);
  for (std::size_t index = 0; index < chunks.size(); ++index) {
    const std::vector<AccountId>& ids = chunks[index];
    // One transaction per chunk: a run stopped at any moment keeps whole chunks only, and the
    // next post skips the accounts they billed. A bulk write: every account, meter, reading and
    // deposit a chunk's rows name was read by the run, and none is ever deleted.
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kBulkWrite));
    const WriteStamp stamp = transaction->Stamp();
    if (index > 0 && !NothingElseWrittenBetween(previous, stamp)) ours_since = index;
    ChainWrite(kept, stamp);
    if (index < kept_chunks && kept->held->chunks.empty()) {
      // Something else was written since the preview read: its plans no longer hold. From here
      // on, chunks are read ahead as without them (a read begun for a later chunk is waited for
      // and begun again, in order).
      kept_chunks = index;
      ahead.clear();
      next_to_read = index + 1;
    }
    std::optional<PlannedChunk> from_preview;
    if (index < kept_chunks) {
      std::optional<PlannedChunk>& slot = kept->held->chunks[index];
      if (slot && slot->inputs.size() == ids.size() &&
          std::equal(
              ids.begin(), ids.end(), slot->inputs.begin(),
              [](AccountId id, const AccountToBill& input) { return id == input.account_id; })) {
        from_preview = std::move(slot);
      }
      slot.reset();
    }
    std::optional<Result<PlannedChunk>> planned_ahead;
    std::size_t began_during = 0;
    if (!ahead.empty() && ahead.front().chunk == index) {
      began_during = ahead.front().began_during;
      planned_ahead.emplace(ahead.front().planned.get());
      ahead.pop_front();
    }
    // Begun after this chunk's write transaction, so their snapshots are no older than this
    // chunk's start: what they cannot see is the writes of this chunk and of the chunks before
    // theirs, and whatever someone else commits meanwhile, all checked when they are written.
    // The first also frees the chunk written last, whose many small allocations mostly came
    // from the read-ahead threads: freeing them there keeps the writer out of their heaps.
    for (; next_to_read < chunks.size() && next_to_read <= index + kReadAheadChunks;
         ++next_to_read) {
      ahead.push_back({next_to_read, index,
                       std::async(std::launch::async,
                                  [&context, &book, &load, &dates, done = std::move(written),
                                   &next = chunks[next_to_read]]() mutable {
                                    { PlannedChunk freed = std::move(done); }
                                    return PlanChunkIn(context, *book, load, dates, next);
                                  })});
      written = PlannedChunk{};
    }
    pacer.Began(stamp);
    PlannedChunk planned;
    if (from_preview) {
      planned = std::move(*from_preview);
      // Read before this posting wrote anything: accounts sharing a meter with a bill it wrote
      // since are planned again, as for a chunk read ahead.
      CISTERN_ASSIGN_OR_RETURN(std::size_t again,
                               ReplanSharedMeters(context, *transaction, *book, load, dates,
                                                  meters_billed_in_run, planned));
      report.planned_by_preview += static_cast<int>(planned.inputs.size() - again);
    } else if (planned_ahead && planned_ahead->ok() && began_during >= ours_since) {
      planned = std::move(**planned_ahead);
      // Only this run's own writes since its read began are missing from its snapshot. They
      // touched their chunks' accounts only, except a meter billed there: an account here
      // without a bill of its own on that meter starts from the meter's last billed reading.
      // Such accounts are loaded and planned again.
      std::unordered_set<std::int64_t> missed;
      for (std::size_t back = 0; back < index - began_during; ++back) {
        const auto& billed = meters_billed[meters_billed.size() - 1 - back];
        missed.insert(billed.begin(), billed.end());
      }
      CISTERN_RETURN_IF_ERROR(
          ReplanSharedMeters(context, *transaction, *book, load, dates, missed, planned));
    } else {
      // The first chunk, or something else was written meanwhile: load in the write.
      CISTERN_ASSIGN_OR_RETURN(planned, PlanChunk(context, *transaction, *book, load, dates, ids));
    }
    std::unordered_set<std::int64_t> billed_here;
    std::vector<BillToWrite> writes;
    for (std::size_t row = 0; row < planned.inputs.size(); ++row) {
      const AccountToBill& account = planned.inputs[row];
      if (account.billed_in_run) {
        ++report.already_billed;
        continue;
      }
      BillPlan& plan = planned.plans[row];
      if (!plan.billable) {
        if (!plan.nothing_to_bill) ++report.blocked;
        continue;
      }
      writes.push_back({&account, &plan});
      for (const BillReading& reading : plan.bill.readings) {
        billed_here.insert(reading.meter_id.value());
      }
      ++report.posted;
      report.current_charges += plan.bill.current_charges;
    }
    CISTERN_RETURN_IF_ERROR(WritePlannedBills(context, *transaction, caller, writes,
                                              /*bill_deposit_installment=*/true));
    CISTERN_RETURN_IF_ERROR(transaction->Commit());
    if (index + 1 < kept_chunks) {
      meters_billed_in_run.insert(billed_here.begin(), billed_here.end());
    }
    meters_billed.push_back(std::move(billed_here));
    if (meters_billed.size() > kReadAheadChunks) meters_billed.pop_front();
    written = std::move(planned);
    previous = stamp;
    state.done += static_cast<int>(ids.size());
    state.posted = report.posted;
    if (progress) progress(state);
    if (index + 1 < chunks.size()) pacer.Committed();  // a payment waits for one chunk
  }
  if (kept != nullptr) kept->held.reset();  // used up
  // The chunks left a long write-ahead log; the run's last write below starts it over.
  context.store.SettleLog();
  {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
    CISTERN_ASSIGN_OR_RETURN(run, transaction->billing().GetRun(run_id));
    if (run.status != RunStatus::kPosted) {
      run.status = RunStatus::kPosted;
      run.posted_at = context.clock.Now();
      run.posted_by = caller.user_id;
      CISTERN_RETURN_IF_ERROR(transaction->billing().UpdateRun(run));
    }
    CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                        {"billing_run.posted",
                                         "billing_run",
                                         run.id.value(),
                                         std::nullopt,
                                         {},
                                         {{"status", "posted"},
                                          {"bills_posted", std::to_string(report.posted)},
                                          {"already_billed", std::to_string(report.already_billed)},
                                          {"blocked", std::to_string(report.blocked)},
                                          {"current_charges", report.current_charges.Format()}}}));
    CISTERN_RETURN_IF_ERROR(transaction->Commit());
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<BillView> GetBill(const AppContext& context, const Caller& caller, BillId bill_id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Bill bill, transaction->billing().GetBill(bill_id));
  return LoadBillView(*transaction, bill);
}

Result<Page<Bill>> ListBills(const AppContext& context, const Caller& caller, AccountId account,
                             const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_RETURN_IF_ERROR(transaction->accounts().Get(account));
  return transaction->billing().BillsOf(account, page);
}

Result<std::vector<BillToPrint>> BillsForPrinting(const AppContext& context, const Caller& caller,
                                                  BillingRunId run, BillId after, int limit) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(auto bills, transaction->billing().BillsOfRun(run, after, limit));
  std::vector<BillToPrint> printed;
  for (const Bill& listed : bills) {
    BillToPrint item{listed.id, std::nullopt};
    BillId standing = listed.id;
    if (listed.status == BillStatus::kCancelled) {
      // The correction, and a correction of it, are among the account's newest bills: only the
      // account's newest bill can be cancelled and rebilled.
      CISTERN_ASSIGN_OR_RETURN(
          auto newest, transaction->billing().BillsOf(listed.account_id, {kPageSizeMax, 0}));
      bool found = true;
      BillStatus status = BillStatus::kCancelled;
      while (found && status == BillStatus::kCancelled) {
        found = false;
        for (const Bill& later : newest.items) {
          if (later.replaces_bill_id == standing) {
            standing = later.id;
            status = later.status;
            found = true;
            break;
          }
        }
      }
      if (!found || status != BillStatus::kPosted) {
        printed.push_back(std::move(item));
        continue;
      }
    }
    CISTERN_ASSIGN_OR_RETURN(Bill bill, transaction->billing().GetBill(standing));
    CISTERN_ASSIGN_OR_RETURN(BillView view, LoadBillView(*transaction, bill));
    item.view = std::move(view);
    printed.push_back(std::move(item));
  }
  return printed;
}

Result<BillView> CancelAndRebill(const AppContext& context, const Caller& caller, BillId bill_id,
                                 const RebillRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kRunBilling));
  const std::string reason(Trim(request.reason));
  if (reason.empty()) {
    return Error::InvalidArgument("reason", "REASON_REQUIRED", "Say why the bill is cancelled.");
  }
  if (reason.size() > kReasonLengthMax) {
    return Error::InvalidArgument("reason", "FIELD_TOO_LONG",
                                  "A reason is at most 500 characters.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Bill bill, transaction->billing().GetBill(bill_id));
  if (bill.status == BillStatus::kCancelled) {
    return Error::Conflict("BILL_ALREADY_CANCELLED", "This bill has already been cancelled.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto newest, transaction->billing().BillsOf(bill.account_id, {1, 0}));
  if (newest.items.empty() || newest.items.front().id != bill.id) {
    return Error::FailedPrecondition("BILL_NOT_NEWEST",
                                     "Only the account's newest bill can be cancelled and "
                                     "rebilled; later bills build on this one.");
  }
  CISTERN_ASSIGN_OR_RETURN(Account account,
                           LoadOpenAccount(*transaction, bill.account_id, "bill_id"));
  CISTERN_ASSIGN_OR_RETURN(auto book, LoadedRateBook(context, *transaction));
  const Instant now = context.clock.Now();
  const Date today = context.Today();

  // Reverse the charges and mark the bill cancelled.
  if (bill.entry_id) {
    CISTERN_ASSIGN_OR_RETURN(JournalEntry charges, transaction->ledger().Get(*bill.entry_id));
    JournalEntry reversal =
        ReversalOf(charges, EntryKind::kCharge, today, now, caller.user_id,
                   "Bill " + std::to_string(bill.id.value()) + " cancelled: " + reason);
    CISTERN_ASSIGN_OR_RETURN(JournalEntryId id, PostEntry(*transaction, context.finance, reversal));
    bill.cancel_entry_id = id;
  }
  bill.cancelled_at = now;
  bill.cancelled_by = caller.user_id;
  bill.cancel_reason = reason;
  CISTERN_RETURN_IF_ERROR(transaction->billing().CancelBill(bill));

  // Corrected readings replace the ones the bill used; the old ones become void. Each is checked
  // against the account's average daily usage over the year before the bill (this one left out,
  // as it is cancelled above).
  std::optional<Quantity> average_daily;
  if (!request.corrections.empty()) {
    CISTERN_ASSIGN_OR_RETURN(
        auto history, transaction->metering().UsageHistory(
                          bill.account_id, AddDays(bill.period_first, -kAverageHistoryDays)));
    average_daily = AverageDailyGallons(history);
  }
  for (const RebillRequest::Correction& correction : request.corrections) {
    const BillReading* used = nullptr;
    for (const BillReading& reading : bill.readings) {
      if (reading.meter_id == correction.meter_id) used = &reading;
    }
    if (used == nullptr) {
      return Error::InvalidArgument("corrections", "METER_NOT_ON_BILL",
                                    "A correction names a meter this bill did not use.");
    }
    CISTERN_ASSIGN_OR_RETURN(Meter meter, transaction->metering().GetMeter(correction.meter_id));
    if (correction.value < 0 || correction.value >= meter.RegisterLimit()) {
      return Error::InvalidArgument("corrections", "READING_OUT_OF_RANGE",
                                    "A corrected reading must fit the meter's dials.");
    }
    CISTERN_ASSIGN_OR_RETURN(Reading old,
                             transaction->metering().GetReading(used->current_reading_id));
    // The correction passes the check every reading passes: below the previous reading, it is
    // a rollover only when the register plausibly passed zero. Anything else would bill nearly
    // a whole register of usage.
    CISTERN_ASSIGN_OR_RETURN(Reading before,
                             transaction->metering().GetReading(used->previous_reading_id));
    ReadingCheckInput check_input;
    check_input.meter = meter;
    check_input.previous_value = before.value;
    check_input.previous_read_on = before.read_on;
    check_input.previous_estimated = before.kind == ReadingKind::kEstimated;
    check_input.value = correction.value;
    check_input.read_on = old.read_on;
    check_input.average_daily_gallons = average_daily;
    CISTERN_ASSIGN_OR_RETURN(ReadingCheck check,
                             CheckReading(check_input, context.billing.reading_limits));
    if (check.exception == ReadingExceptionKind::kHighUsage && !request.confirm_high_usage) {
      std::string why = check.detail;  // "200,000 gal in 31 days; average ... of average)."
      if (!why.empty() && why.back() == '.') why.pop_back();
      return Error::InvalidArgument("corrections", "READING_FAR_ABOVE_USUAL",
                                    "Meter " + meter.serial + ": the corrected reading " +
                                        std::to_string(correction.value) + " bills " + why +
                                        ". Confirm the usage to bill it anyway.");
    }
    if (check.exception == ReadingExceptionKind::kLowerThanPrevious) {
      return Error::InvalidArgument(
          "corrections", "READING_BELOW_PREVIOUS",
          "Meter " + meter.serial + ": the corrected reading " + std::to_string(correction.value) +
              " is below the previous reading " + std::to_string(before.value) + " (" +
              FormatDate(before.read_on) + ") and is not a rollover of its dials.");
    }
    CISTERN_RETURN_IF_ERROR(transaction->metering().SetReadingStatus(old.id, ReadingStatus::kVoid));
    Reading corrected = old;
    corrected.value = correction.value;
    corrected.kind = ReadingKind::kActual;
    corrected.status = ReadingStatus::kReady;
    corrected.source = "rebill";
    corrected.replaces = old.id;
    CISTERN_RETURN_IF_ERROR(transaction->metering().InsertReading(corrected, now, caller.user_id));
  }

  // Bill the same period again from the account's readings and balance as they are now.
  BillingRun period;
  period.period_first = bill.period_first;
  period.period_last = bill.period_last;
  BillingLoad load = LoadFor(context, period, *book);
  load.run.reset();
  load.cycle.clear();
  CISTERN_ASSIGN_OR_RETURN(auto inputs,
                           transaction->billing().LoadAccountsToBill({bill.account_id}, load));
  // The corrected bill is dated today, or the cancelled bill's date when that is later (a bill
  // dated ahead, at its period's end), and never gives the customer less time than it did.
  const Date rebill_date = std::max(today, bill.bill_date);
  BillDates dates{*Period::Make(bill.period_first, bill.period_last), rebill_date,
                  std::max(DueDate(context.billing, rebill_date), bill.due_date), std::nullopt};
  BillPlan plan = PlanBill(*book, context.billing, inputs.front(), dates);
  if (!plan.billable) {
    std::string why = "The account cannot be billed again";
    for (const RunException& exception : plan.exceptions) {
      if (RunExceptionBlocks(exception.kind)) why += ": " + exception.detail;
    }
    return Error::FailedPrecondition("REBILL_BLOCKED", why);
  }
  plan.bill.replaces_bill_id = bill.id;
  CISTERN_RETURN_IF_ERROR(WritePlannedBills(context, *transaction, caller,
                                            {{&inputs.front(), &plan}},
                                            /*bill_deposit_installment=*/false));
  const BillId rebill_id = plan.bill.id;
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {"bill.cancel_and_rebill",
                   "bill",
                   bill.id.value(),
                   account.id,
                   {{"status", "posted"}, {"current_charges", bill.current_charges.Format()}},
                   {{"status", "cancelled"},
                    {"reason", reason},
                    {"rebill_id", std::to_string(rebill_id.value())},
                    {"rebill_charges", plan.bill.current_charges.Format()},
                    {"corrections", std::to_string(request.corrections.size())}}}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return GetBill(context, caller, rebill_id);
}

Result<std::optional<Bill>> PostSingleBillIn(const AppContext& context, Transaction& transaction,
                                             const Caller& caller, AccountId account_id,
                                             const Period& load_period, const BillDates& dates,
                                             const std::function<void(AccountToBill&)>& adjust,
                                             const std::string& blocked_code) {
  CISTERN_ASSIGN_OR_RETURN(auto book, LoadedRateBook(context, transaction));
  BillingRun period;
  period.period_first = load_period.first();
  period.period_last = load_period.last();
  BillingLoad load = LoadFor(context, period, *book);
  load.run.reset();
  load.cycle.clear();
  CISTERN_ASSIGN_OR_RETURN(auto inputs,
                           transaction.billing().LoadAccountsToBill({account_id}, load));
  AccountToBill& account = inputs.front();
  if (adjust) adjust(account);
  BillPlan plan = PlanBill(*book, context.billing, account, dates);
  if (plan.nothing_to_bill) return std::optional<Bill>();
  if (!plan.billable) {
    std::string why = "The account cannot be billed";
    for (const RunException& exception : plan.exceptions) {
      if (RunExceptionBlocks(exception.kind)) why += ": " + exception.detail;
    }
    return Error::FailedPrecondition(blocked_code, why);
  }
  CISTERN_RETURN_IF_ERROR(WritePlannedBills(context, transaction, caller, {{&account, &plan}},
                                            /*bill_deposit_installment=*/false));
  CISTERN_ASSIGN_OR_RETURN(Bill bill, transaction.billing().GetBill(plan.bill.id));
  return std::optional<Bill>(std::move(bill));
}

}  // namespace cistern
