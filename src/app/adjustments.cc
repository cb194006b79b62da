#include "app/audit.h"
#include "app/idempotency.h"
#include "app/ledger_common.h"
#include "app/service_lifecycle.h"
#include "core/text.h"
#include "domain/ledger/posting.h"

namespace cistern {
namespace {

constexpr std::int64_t kAdjustmentCentsMax = 10'000'000;  // $100,000.00

const char* DirectionCode(AdjustmentDirection direction) {
  return direction == AdjustmentDirection::kDebit ? "debit" : "credit";
}

// Posts the adjustment's entry and returns its id. A credit larger than what the fund owes
// leaves the rest as a credit balance rather than a negative fund.
Result<JournalEntryId> PostAdjustmentEntry(const AppContext& context, Transaction& transaction,
                                           const Caller& caller, const Adjustment& adjustment,
                                           const std::string& reason_name) {
  Money excess;
  if (adjustment.direction == AdjustmentDirection::kCredit) {
    CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                             LoadPosition(transaction, context.finance, adjustment.account_id));
    Money owed;
    for (const FundAmount& fund : position.by_fund) {
      if (fund.fund == adjustment.fund && !fund.amount.is_negative()) owed = fund.amount;
    }
    if (adjustment.amount > owed) excess = adjustment.amount - owed;
  }
  JournalEntry entry = AdjustmentEntry(
      context.finance, adjustment.account_id, adjustment.direction == AdjustmentDirection::kDebit,
      adjustment.fund, adjustment.amount, excess,
      HeaderFor(context, caller, context.Today(),
                reason_name + (adjustment.memo.empty() ? "" : ": " + adjustment.memo)));
  return PostEntry(transaction, context.finance, entry);
}

Result<AdjustmentView> ViewOf(Transaction& transaction, AdjustmentId id, bool replayed) {
  AdjustmentView view;
  CISTERN_ASSIGN_OR_RETURN(view.adjustment, transaction.approvals().GetAdjustment(id));
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(view.adjustment.account_id));
  view.account_number = account.number.text();
  view.replayed = replayed;
  return view;
}

}  // namespace

Result<AdjustmentView> RequestAdjustment(const AppContext& context, const Caller& caller,
                                         const AdjustmentRequest& request,
                                         const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kPostPayments));
  const FinanceSettings& settings = context.finance;
  if (request.amount.cents() <= 0 || request.amount.cents() > kAdjustmentCentsMax) {
    return Error::InvalidArgument("amount_cents", "AMOUNT_INVALID",
                                  "An adjustment is more than zero and at most $100,000.00.");
  }
  if (settings.chart.Receivable(request.fund) == nullptr) {
    return Error::InvalidArgument("fund", "FUND_UNKNOWN",
                                  "That fund is not in the chart of accounts.");
  }
  const AdjustmentReason* reason = settings.FindReason(request.reason_code);
  if (reason == nullptr) {
    return Error::InvalidArgument("reason_code", "REASON_UNKNOWN",
                                  "Choose a reason from the configured list.");
  }
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(request.memo, "memo"));
  if (Trim(request.memo).empty() || request.memo.size() > kLedgerMemoLengthMax) {
    return Error::InvalidArgument("memo", "FIELD_REQUIRED",
                                  "Say why in the memo (at most 500 characters).");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier, FindIdempotent(*transaction, caller, key, "adjustment"));
  if (earlier) return ViewOf(*transaction, AdjustmentId(*earlier), true);
  CISTERN_ASSIGN_OR_RETURN(Account account,
                           LoadOpenAccount(*transaction, request.account_id, "account_id"));
  if (request.corrects_entry_id) {
    auto corrected = transaction->ledger().Get(*request.corrects_entry_id);
    if (!corrected.ok()) {
      return Error::InvalidArgument("corrects_entry_id", "ENTRY_UNKNOWN",
                                    "The entry this adjustment corrects does not exist.");
    }
    bool touches_account = false;
    for (const EntryLine& line : corrected->lines) {
      touches_account = touches_account || line.account_id == account.id;
    }
    if (!touches_account) {
      return Error::InvalidArgument("corrects_entry_id", "ENTRY_OTHER_ACCOUNT",
                                    "The entry this adjustment corrects is not on this account.");
    }
  }

  Adjustment adjustment;
  adjustment.account_id = account.id;
  adjustment.direction = request.direction;
  adjustment.amount = request.amount;
  adjustment.fund = request.fund;
  adjustment.reason_code = reason->code;
  adjustment.memo = std::string(Trim(request.memo));
  adjustment.corrects_entry_id = request.corrects_entry_id;
  adjustment.requested_by = caller.user_id;
  adjustment.requested_at = context.clock.Now();
  const bool needs_approval =
      reason->always_needs_approval || request.amount > settings.adjustment_approval_over;
  if (needs_approval) {
    adjustment.status = ApprovalStatus::kPending;
  } else {
    adjustment.status = ApprovalStatus::kPosted;
    CISTERN_ASSIGN_OR_RETURN(adjustment.entry_id, PostAdjustmentEntry(context, *transaction, caller,
                                                                      adjustment, reason->name));
  }
  CISTERN_ASSIGN_OR_RETURN(adjustment.id, transaction->approvals().InsertAdjustment(adjustment));
  CISTERN_RETURN_IF_ERROR(
      RememberIdempotent(context, *transaction, caller, key, "adjustment", adjustment.id.value()));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {needs_approval ? "adjustment.request" : "adjustment.post",
                   "adjustment",
                   adjustment.id.value(),
                   account.id,
                   {},
                   {{"direction", DirectionCode(adjustment.direction)},
                    {"amount", adjustment.amount.Format()},
                    {"fund", adjustment.fund},
                    {"reason", adjustment.reason_code},
                    {"memo", adjustment.memo},
                    {"status", needs_approval ? "pending_approval" : "posted"}}}));
  {  // A final account whose balance this settles is closed.
    auto closed = CloseIfSettled(context, *transaction, caller, account.id);
    if (!closed.ok()) return closed.error();
  }
  CISTERN_ASSIGN_OR_RETURN(AdjustmentView view, ViewOf(*transaction, adjustment.id, false));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<AdjustmentView> DecideAdjustment(const AppContext& context, const Caller& caller,
                                        AdjustmentId id, Decision decision,
                                        const std::string& memo) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kDecideApprovals));
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(memo, "memo"));
  if (memo.size() > kLedgerMemoLengthMax) {
    return Error::InvalidArgument("memo", "FIELD_TOO_LONG", "A memo has at most 500 characters.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Adjustment adjustment, transaction->approvals().GetAdjustment(id));
  if (adjustment.status != ApprovalStatus::kPending) {
    return Error::Conflict("ALREADY_DECIDED", "This adjustment has already been decided.");
  }
  if (adjustment.requested_by == caller.user_id) {
    return Error::PermissionDenied("OWN_REQUEST",
                                   "Nobody approves or rejects their own request; ask another "
                                   "supervisor.");
  }
  adjustment.decided_by = caller.user_id;
  adjustment.decided_at = context.clock.Now();
  adjustment.decision_memo = memo;
  if (decision == Decision::kApprove) {
    CISTERN_RETURN_IF_ERROR(LoadOpenAccount(*transaction, adjustment.account_id, "account_id"));
    const AdjustmentReason* reason = context.finance.FindReason(adjustment.reason_code);
    adjustment.status = ApprovalStatus::kPosted;
    CISTERN_ASSIGN_OR_RETURN(adjustment.entry_id,
                             PostAdjustmentEntry(context, *transaction, caller, adjustment,
                                                 reason ? reason->name : adjustment.reason_code));
  } else {
    adjustment.status = ApprovalStatus::kRejected;
  }
  CISTERN_RETURN_IF_ERROR(transaction->approvals().DecideAdjustment(adjustment));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {decision == Decision::kApprove ? "adjustment.approve" : "adjustment.reject",
                   "adjustment",
                   adjustment.id.value(),
                   adjustment.account_id,
                   {{"status", "pending_approval"}},
                   {{"status", decision == Decision::kApprove ? "posted" : "rejected"},
                    {"decision_memo", memo}}}));
  {  // A final account whose balance this settles is closed.
    auto closed = CloseIfSettled(context, *transaction, caller, adjustment.account_id);
    if (!closed.ok()) return closed.error();
  }
  CISTERN_ASSIGN_OR_RETURN(AdjustmentView view, ViewOf(*transaction, adjustment.id, false));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<Page<AdjustmentView>> ListAdjustments(const AppContext& context, const Caller& caller,
                                             std::optional<ApprovalStatus> status,
                                             std::optional<Date> from, std::optional<Date> to,
                                             const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Page<Adjustment> adjustments,
                           transaction->approvals().ListAdjustments(status, from, to, page));
  Page<AdjustmentView> views;
  views.next_after = adjustments.next_after;
  for (const Adjustment& adjustment : adjustments.items) {
    CISTERN_ASSIGN_OR_RETURN(AdjustmentView view, ViewOf(*transaction, adjustment.id, false));
    views.items.push_back(std::move(view));
  }
  return views;
}

}  // namespace cistern
