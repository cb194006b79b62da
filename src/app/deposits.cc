#include "app/deposits.h"

#include <algorithm>
#include <atomic>

#include "app/audit.h"
#include "app/ledger_common.h"
#include "app/service_lifecycle.h"
#include "core/text.h"
#include "domain/ledger/allocation.h"
#include "domain/ledger/deposit_posting.h"

namespace cistern {

const char* DepositStatusCode(DepositStatus status) {
  switch (status) {
    case DepositStatus::kOpen:
      return "open";
    case DepositStatus::kApplied:
      return "applied";
    case DepositStatus::kRefunded:
      return "refunded";
  }
  return "open";
}

std::optional<DepositStatus> ParseDepositStatus(std::string_view code) {
  if (code == "open") return DepositStatus::kOpen;
  if (code == "applied") return DepositStatus::kApplied;
  if (code == "refunded") return DepositStatus::kRefunded;
  return std::nullopt;
}

const char* DepositApprovalStatusCode(DepositApprovalStatus status) {
  switch (status) {
    case DepositApprovalStatus::kPending:
      return "pending";
    case DepositApprovalStatus::kApproved:
      return "approved";
    case DepositApprovalStatus::kRejected:
      return "rejected";
  }
  return "pending";
}

const char* DepositEventKindCode(DepositEventKind kind) {
  switch (kind) {
    case DepositEventKind::kBilled:
      return "billed";
    case DepositEventKind::kPaid:
      return "paid";
    case DepositEventKind::kInterest:
      return "interest";
    case DepositEventKind::kRefunded:
      return "refunded";
    case DepositEventKind::kApplied:
      return "applied";
  }
  return "billed";
}

namespace {

constexpr std::size_t kReasonLengthMax = 500;

Result<std::shared_ptr<const DepositRules>> Rules(const AppContext& context) {
  auto rules = context.deposits;
  if (!rules) {
    return Error::FailedPrecondition(
        "DEPOSIT_RULES_MISSING", "The deposit guidelines (config/deposits.toml) are not loaded.");
  }
  return rules;
}

Result<Account> LoadAccountFor(Transaction& transaction, AccountId id) {
  auto account = transaction.accounts().Get(id);
  if (!account.ok()) {
    if (account.error().code != ErrorCode::kNotFound) return account.error();
    return Error::InvalidArgument("account_id", "ACCOUNT_UNKNOWN", "No such account.");
  }
  return *account;
}

std::string HeldGlCode(const AppContext& context) {
  const GlAccount* held = context.finance.chart.OfKind(GlKind::kDepositsHeld);
  return held == nullptr ? std::string() : held->code;
}

// The account's deposits-held balance, credit as positive.
Result<Money> LedgerHeld(const AppContext& context, Transaction& transaction, AccountId account) {
  const std::string code = HeldGlCode(context);
  if (code.empty()) return Money();
  CISTERN_ASSIGN_OR_RETURN(auto lines, transaction.ledger().AccountLines(account, {code}));
  Money sum;
  for (const AccountLine& line : lines) sum += line.amount;
  return -sum;
}

struct Totals {
  Money billed, paid, interest, refunded, applied;
  std::optional<Date> first;
  Money principal() const { return billed + paid - refunded - applied; }
  Money held() const { return billed + paid + interest - refunded - applied; }
};

Result<Totals> TotalsOf(Transaction& transaction, DepositId id) {
  CISTERN_ASSIGN_OR_RETURN(auto events, transaction.deposits().Events(id));
  Totals totals;
  for (const DepositEvent& event : events) {
    if (!totals.first) totals.first = event.effective_on;
    switch (event.kind) {
      case DepositEventKind::kBilled:
        totals.billed += event.amount;
        break;
      case DepositEventKind::kPaid:
        totals.paid += event.amount;
        break;
      case DepositEventKind::kInterest:
        totals.interest += event.amount;
        break;
      case DepositEventKind::kRefunded:
        totals.refunded += event.amount;
        break;
      case DepositEventKind::kApplied:
        totals.applied += event.amount;
        break;
    }
  }
  return totals;
}

Result<DepositQuoteView> QuoteIn(const AppContext& context, const DepositRules& rules,
                                 Transaction& transaction, const DepositQuoteRequest& request,
                                 Account* loaded) {
  CISTERN_ASSIGN_OR_RETURN(Account account, LoadAccountFor(transaction, request.account));
  CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction.premises().Get(account.premise_id));
  DepositQuoteView view;
  view.installments_max = rules.installments_max;
  DepositFacts& facts = view.facts;
  if (request.rate_class && !request.rate_class->empty()) {
    facts.class_code = *request.rate_class;
  } else {
    const DepositClassRule* rule = rules.ClassForPremiseType(PremiseTypeCode(premise.type));
    if (rule == nullptr) {
      return Error::InvalidArgument(
          "rate_class", "CLASS_REQUIRED",
          std::string("The deposit guidelines have no class for premise type ") +
              PremiseTypeCode(premise.type) + "; choose one.");
    }
    facts.class_code = rule->code;
  }
  facts.tenure = request.tenure;
  if (request.credit_check != nullptr) {
    CISTERN_ASSIGN_OR_RETURN(facts.credit, request.credit_check->Check(CreditCheck::Subject{
                                               account.number.text(), premise.address.line1}));
  } else if (!request.credit_rating.empty() || !request.credit_reference.empty()) {
    CISTERN_RETURN_IF_ERROR(RefuseCardNumber(request.credit_reference, "credit_reference"));
    OfflineCreditCheck offline(request.credit_rating, std::string(Trim(request.credit_reference)));
    CISTERN_ASSIGN_OR_RETURN(facts.credit, offline.Check(CreditCheck::Subject{
                                               account.number.text(), premise.address.line1}));
  }
  const Date today = context.Today();
  CISTERN_ASSIGN_OR_RETURN(PaymentHistory history,
                           transaction.deposits().HistoryOfCustomer(
                               account.id, AddMonths(today, -rules.late_window_months),
                               AddMonths(today, -rules.returned_window_months), today));
  facts.late_payments = history.late_payments;
  facts.returned_payments = history.returned_payments;
  CISTERN_ASSIGN_OR_RETURN(view.quote, ComputeDeposit(rules, facts));
  view.installments = SplitInstallments(view.quote.amount, rules.installments_max);
  if (loaded != nullptr) *loaded = std::move(account);
  return view;
}

FieldValues DepositFields(const Deposit& deposit) {
  FieldValues fields = {{"rate_class", deposit.rate_class},
                        {"tenure", TenureCode(deposit.tenure)},
                        {"computed", deposit.computed.Format()},
                        {"required", deposit.required.Format()},
                        {"installments", std::to_string(deposit.installments)},
                        {"installments_billed", std::to_string(deposit.installments_billed)},
                        {"status", DepositStatusCode(deposit.status)}};
  if (deposit.credit) {
    fields.push_back({"credit_rating", CreditRatingCode(deposit.credit->rating)});
    fields.push_back({"credit_reference", deposit.credit->reference});
  }
  return fields;
}

Result<Deposit> OpenDepositOf(Transaction& transaction, AccountId account) {
  CISTERN_ASSIGN_OR_RETURN(auto deposit, transaction.deposits().OfAccount(account));
  if (!deposit) {
    return Error::FailedPrecondition("NO_DEPOSIT", "This account has no deposit set.",
                                     "account_id");
  }
  if (deposit->status != DepositStatus::kOpen) {
    return Error::FailedPrecondition(
        "DEPOSIT_CLOSED",
        std::string("This account's deposit was ") + DepositStatusCode(deposit->status) + ".",
        "account_id");
  }
  return *deposit;
}

// Posts `entry`, records its event and the deposit's new state, and audits; in `transaction`.
Result<DepositPosting> Record(const AppContext& context, const Caller& caller,
                              Transaction& transaction, Deposit deposit, JournalEntry entry,
                              DepositEventKind kind, Money amount, const std::string& action) {
  CISTERN_RETURN_IF_ERROR(PostEntry(transaction, context.finance, entry));
  DepositEvent event;
  event.deposit_id = deposit.id;
  event.account_id = deposit.account_id;
  event.kind = kind;
  event.amount = amount;
  event.entry_id = entry.id;
  event.effective_on = entry.effective_on;
  event.recorded_at = context.clock.Now();
  event.recorded_by = caller.user_id;
  CISTERN_ASSIGN_OR_RETURN(event.id, transaction.deposits().InsertEvent(event));
  const FieldValues before = DepositFields(deposit);
  deposit.updated_at = event.recorded_at;
  CISTERN_RETURN_IF_ERROR(transaction.deposits().Update(deposit));
  FieldValues after = DepositFields(deposit);
  after.push_back({"event", DepositEventKindCode(kind)});
  after.push_back({"amount", amount.Format()});
  after.push_back({"entry_id", std::to_string(entry.id.value())});
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, transaction, caller,
      {action, "deposit", deposit.id.value(), deposit.account_id, before, std::move(after)}));
  CISTERN_ASSIGN_OR_RETURN(Deposit stored, transaction.deposits().Get(deposit.id));
  return DepositPosting{std::move(stored), event};
}

Result<DepositPosting> PostNextIn(const AppContext& context, Transaction& transaction_ref,
                                  const Caller& caller, AccountId account_id, bool all_at_once,
                                  bool check_permission = true) {
  Transaction* transaction = &transaction_ref;
  if (check_permission) CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto rules, Rules(context));
  CISTERN_RETURN_IF_ERROR(LoadOpenAccount(*transaction, account_id, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(Deposit deposit, OpenDepositOf(*transaction, account_id));
  CISTERN_ASSIGN_OR_RETURN(Totals totals, TotalsOf(*transaction, deposit.id));
  const Money rest = deposit.required - totals.billed - totals.paid;
  const int left = deposit.installments - deposit.installments_billed;
  if (rest.cents() <= 0 || left <= 0) {
    return Error::FailedPrecondition("NOTHING_TO_BILL", "The deposit is billed in full already.",
                                     "account_id");
  }
  const Money amount = all_at_once ? rest : SplitInstallments(rest, left).front();
  deposit.installments_billed =
      all_at_once ? deposit.installments : deposit.installments_billed + 1;
  const EntryKind kind = all_at_once ? EntryKind::kDepositPaid : EntryKind::kDepositBilled;
  const std::string memo = all_at_once ? "Deposit paid up front"
                                       : "Deposit installment " +
                                             std::to_string(deposit.installments_billed) + " of " +
                                             std::to_string(deposit.installments);
  JournalEntry entry = DepositBilledEntry(context.finance, account_id, rules->fund, amount, kind,
                                          HeaderFor(context, caller, context.Today(), memo));
  CISTERN_ASSIGN_OR_RETURN(DepositPosting posting,
                           Record(context, caller, *transaction, deposit, std::move(entry),
                                  all_at_once ? DepositEventKind::kPaid : DepositEventKind::kBilled,
                                  amount, all_at_once ? "deposit.paid" : "deposit.bill"));
  return posting;
}

Result<DepositPosting> PostNext(const AppContext& context, const Caller& caller,
                                AccountId account_id, bool all_at_once) {
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(DepositPosting posting,
                           PostNextIn(context, *transaction, caller, account_id, all_at_once));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return posting;
}

// Releases the held deposit: pays what the account owes, the rest to its credit balance.
Result<std::optional<DepositPosting>> Release(const AppContext& context, const Caller& caller,
                                              Transaction& transaction, Deposit deposit, Date on,
                                              bool refund) {
  CISTERN_ASSIGN_OR_RETURN(Totals totals, TotalsOf(transaction, deposit.id));
  const Money held = totals.held();
  deposit.status = refund ? DepositStatus::kRefunded : DepositStatus::kApplied;
  if (held.cents() <= 0) {
    // Nothing held (never billed, or all given back): close the record without an entry.
    const FieldValues before = DepositFields(deposit);
    deposit.updated_at = context.clock.Now();
    CISTERN_RETURN_IF_ERROR(transaction.deposits().Update(deposit));
    CISTERN_RETURN_IF_ERROR(
        RecordAudit(context, transaction, caller,
                    {refund ? "deposit.refund" : "deposit.apply", "deposit", deposit.id.value(),
                     deposit.account_id, before, DepositFields(deposit)}));
    return std::optional<DepositPosting>();
  }
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(transaction, context.finance, deposit.account_id));
  const Allocation allocation = AllocatePayment(held, position.open, context.finance.fund_priority);
  JournalEntry entry =
      DepositReleaseEntry(context.finance, deposit.account_id, allocation,
                          refund ? EntryKind::kRefund : EntryKind::kCreditApplied,
                          HeaderFor(context, caller, on,
                                    refund ? "Deposit refunded after good payment history"
                                           : "Deposit applied to the final bill"));
  CISTERN_ASSIGN_OR_RETURN(DepositPosting posting,
                           Record(context, caller, transaction, deposit, std::move(entry),
                                  refund ? DepositEventKind::kRefunded : DepositEventKind::kApplied,
                                  held, refund ? "deposit.refund" : "deposit.apply"));
  return std::optional<DepositPosting>(std::move(posting));
}

Result<std::string> CleanReason(const std::string& raw, const std::string& field, bool required) {
  std::string reason(Trim(raw));
  if (required && reason.empty()) {
    return Error::InvalidArgument(field, "REASON_REQUIRED", "Say why.");
  }
  if (reason.size() > kReasonLengthMax) {
    return Error::InvalidArgument(field, "FIELD_TOO_LONG", "At most 500 characters.");
  }
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(reason, field));
  return reason;
}

}  // namespace

Result<DepositQuoteView> QuoteDeposit(const AppContext& context, const Caller& caller,
                                      const DepositQuoteRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto rules, Rules(context));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return QuoteIn(context, *rules, *transaction, request, nullptr);
}

Result<Deposit> SetDeposit(const AppContext& context, const Caller& caller,
                           const SetDepositRequest& request) {
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Deposit stored, SetDepositIn(context, *transaction, caller, request));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return stored;
}

Result<Deposit> SetDepositIn(const AppContext& context, Transaction& transaction_ref,
                             const Caller& caller, const SetDepositRequest& request) {
  Transaction* transaction = &transaction_ref;
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto rules, Rules(context));
  if (request.installments < 1 || request.installments > rules->installments_max) {
    return Error::InvalidArgument(
        "installments", "INSTALLMENTS_OUT_OF_RANGE",
        "A deposit is billed over 1 to " + std::to_string(rules->installments_max) + " bills.");
  }
  if (request.amount && request.amount->is_negative()) {
    return Error::InvalidArgument("amount", "AMOUNT_NEGATIVE", "The amount is not negative.");
  }
  Account account;
  CISTERN_ASSIGN_OR_RETURN(DepositQuoteView quote,
                           QuoteIn(context, *rules, *transaction, request.quote, &account));
  if (account.status == AccountStatus::kClosed || account.status == AccountStatus::kFinal) {
    return Error::FailedPrecondition(
        "ACCOUNT_NOT_OPEN", "A deposit is set on a pending or active account.", "account_id");
  }
  const Money amount = request.amount.value_or(quote.quote.amount);
  if (amount > quote.quote.amount) {
    return Error::InvalidArgument("amount", "AMOUNT_ABOVE_GUIDELINES",
                                  "The guidelines require " + quote.quote.amount.Format() +
                                      "; a deposit is never set above them.");
  }
  if (amount < quote.quote.amount) {
    return Error::FailedPrecondition(
        "APPROVAL_REQUIRED",
        "The guidelines require " + quote.quote.amount.Format() +
            ". Lowering or waiving a deposit needs a supervisor's approval: set the computed "
            "amount, then request the reduction with a reason.",
        "amount");
  }
  CISTERN_ASSIGN_OR_RETURN(auto existing, transaction->deposits().OfAccount(account.id));
  Deposit deposit;
  if (existing) {
    CISTERN_ASSIGN_OR_RETURN(auto events, transaction->deposits().Events(existing->id));
    if (!events.empty() || existing->status != DepositStatus::kOpen) {
      return Error::Conflict("DEPOSIT_BILLED",
                             "Part of this deposit is billed or paid already; it can no longer "
                             "be set again.",
                             "account_id");
    }
    CISTERN_ASSIGN_OR_RETURN(auto pending, transaction->deposits().Approvals(
                                               DepositApprovalStatus::kPending, existing->id));
    if (!pending.empty()) {
      return Error::Conflict("APPROVAL_PENDING",
                             "A request to lower this deposit waits for a supervisor.",
                             "account_id");
    }
    deposit = *existing;
  }
  const FieldValues before = existing ? DepositFields(*existing) : FieldValues{};
  deposit.account_id = account.id;
  deposit.rate_class = quote.facts.class_code;
  deposit.tenure = quote.facts.tenure;
  deposit.credit = quote.facts.credit;
  deposit.late_payments = quote.facts.late_payments;
  deposit.returned_payments = quote.facts.returned_payments;
  deposit.computed = quote.quote.amount;
  deposit.reasons = quote.quote.reasons;
  deposit.required = amount;
  deposit.installments = request.installments;
  deposit.installments_billed = 0;
  deposit.status = DepositStatus::kOpen;
  deposit.updated_at = context.clock.Now();
  if (existing) {
    CISTERN_RETURN_IF_ERROR(transaction->deposits().Update(deposit));
  } else {
    deposit.created_at = deposit.updated_at;
    deposit.created_by = caller.user_id;
    CISTERN_ASSIGN_OR_RETURN(deposit.id, transaction->deposits().Insert(deposit));
  }
  FieldValues after = DepositFields(deposit);
  for (std::size_t i = 0; i < deposit.reasons.size(); ++i) {
    after.push_back({"reason_" + std::to_string(i + 1), deposit.reasons[i]});
  }
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, caller,
      {"deposit.set", "deposit", deposit.id.value(), account.id, before, std::move(after)}));
  return transaction->deposits().Get(deposit.id);
}

Result<DepositApproval> RequestDepositReduction(const AppContext& context, const Caller& caller,
                                                AccountId account, Money amount,
                                                const std::string& raw_reason) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(std::string reason, CleanReason(raw_reason, "reason", true));
  if (amount.is_negative()) {
    return Error::InvalidArgument("amount", "AMOUNT_NEGATIVE", "The amount is not negative.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Account loaded, LoadAccountFor(*transaction, account));
  CISTERN_ASSIGN_OR_RETURN(Deposit deposit, OpenDepositOf(*transaction, loaded.id));
  if (amount >= deposit.required) {
    return Error::InvalidArgument("amount", "NOT_A_REDUCTION",
                                  "The deposit required is " + deposit.required.Format() +
                                      "; ask for a lower amount (0.00 to waive it).");
  }
  CISTERN_ASSIGN_OR_RETURN(Totals totals, TotalsOf(*transaction, deposit.id));
  if (amount < totals.billed + totals.paid) {
    return Error::InvalidArgument("amount", "BELOW_BILLED",
                                  (totals.billed + totals.paid).Format() +
                                      " of the deposit is billed or paid already; a lower amount "
                                      "is not possible.");
  }
  DepositApproval approval;
  approval.deposit_id = deposit.id;
  approval.account_id = loaded.id;
  approval.requested = amount;
  approval.reason = reason;
  approval.requested_by = caller.user_id;
  approval.requested_at = context.clock.Now();
  CISTERN_ASSIGN_OR_RETURN(approval.id, transaction->deposits().InsertApproval(approval));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"deposit.reduction_request",
                                       "deposit_approval",
                                       approval.id.value(),
                                       loaded.id,
                                       {{"required", deposit.required.Format()}},
                                       {{"requested", amount.Format()},
                                        {"waiver", amount.is_zero() ? "yes" : "no"},
                                        {"reason", reason}}}));
  CISTERN_ASSIGN_OR_RETURN(DepositApproval stored,
                           transaction->deposits().GetApproval(approval.id));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return stored;
}

Result<DepositApproval> DecideDepositReduction(const AppContext& context, const Caller& caller,
                                               DepositApprovalId id, bool approve,
                                               const std::string& raw_note) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kDecideApprovals));
  CISTERN_ASSIGN_OR_RETURN(std::string note, CleanReason(raw_note, "note", false));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(DepositApproval approval, transaction->deposits().GetApproval(id));
  if (approval.status != DepositApprovalStatus::kPending) {
    return Error::Conflict("ALREADY_DECIDED", "This request has already been decided.");
  }
  if (approval.requested_by == caller.user_id) {
    return Error::PermissionDenied("OWN_REQUEST",
                                   "Nobody approves or rejects their own request; ask another "
                                   "supervisor.");
  }
  approval.status = approve ? DepositApprovalStatus::kApproved : DepositApprovalStatus::kRejected;
  approval.decided_by = caller.user_id;
  approval.decided_at = context.clock.Now();
  approval.decision_note = note;
  CISTERN_RETURN_IF_ERROR(transaction->deposits().DecideApproval(approval));
  FieldValues after = {{"status", DepositApprovalStatusCode(approval.status)},
                       {"requested", approval.requested.Format()}};
  if (!note.empty()) after.push_back({"note", note});
  if (approve) {
    CISTERN_ASSIGN_OR_RETURN(Deposit deposit, transaction->deposits().Get(approval.deposit_id));
    if (deposit.status != DepositStatus::kOpen) {
      return Error::FailedPrecondition("DEPOSIT_CLOSED", "The deposit is no longer open.");
    }
    CISTERN_ASSIGN_OR_RETURN(Totals totals, TotalsOf(*transaction, deposit.id));
    if (approval.requested < totals.billed + totals.paid) {
      return Error::FailedPrecondition("BELOW_BILLED",
                                       "More than the requested amount is billed already; reject "
                                       "this request.");
    }
    after.push_back({"required_before", deposit.required.Format()});
    deposit.required = approval.requested;
    deposit.updated_at = *approval.decided_at;
    CISTERN_RETURN_IF_ERROR(transaction->deposits().Update(deposit));
  }
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {approve ? "deposit.reduction_approve" : "deposit.reduction_reject",
                   "deposit_approval",
                   id.value(),
                   approval.account_id,
                   {{"status", "pending"}},
                   std::move(after)}));
  CISTERN_ASSIGN_OR_RETURN(DepositApproval stored, transaction->deposits().GetApproval(id));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return stored;
}

Result<DepositPosting> BillDepositInstallment(const AppContext& context, const Caller& caller,
                                              AccountId account) {
  return PostNext(context, caller, account, false);
}

Result<DepositPosting> RecordDepositPaidIn(const AppContext& context, Transaction& transaction,
                                           const Caller& caller, AccountId account) {
  return PostNextIn(context, transaction, caller, account, true);
}

Result<DepositPosting> BillDepositInstallmentIn(const AppContext& context, Transaction& transaction,
                                                const Caller& caller, AccountId account) {
  return PostNextIn(context, transaction, caller, account, false);
}

Result<DepositPosting> RecordDepositPaid(const AppContext& context, const Caller& caller,
                                         AccountId account) {
  return PostNext(context, caller, account, true);
}

Result<std::vector<DepositPosting>> AccrueDepositInterest(const AppContext& context,
                                                          const Caller& caller, Date as_of) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kDecideApprovals));
  CISTERN_ASSIGN_OR_RETURN(auto rules, Rules(context));
  if (as_of > context.Today()) {
    return Error::InvalidArgument("as_of", "DATE_IN_FUTURE", "Interest accrues up to today.");
  }
  std::vector<DepositPosting> postings;
  if (rules->interest_rate_ppm == 0) return postings;
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto open, transaction->deposits().ListOpen());
  for (Deposit& deposit : open) {
    CISTERN_ASSIGN_OR_RETURN(Totals totals, TotalsOf(*transaction, deposit.id));
    if (!totals.first || totals.principal().cents() <= 0) continue;
    // Interest runs from the day after the last accrual (or from the first posting).
    const Date from = deposit.interest_through ? *deposit.interest_through : *totals.first;
    const int days = DaysBetween(from, as_of);
    if (days <= 0) continue;
    const Money interest = DepositInterest(totals.principal(), rules->interest_rate_ppm, days);
    deposit.interest_through = as_of;
    if (interest.is_zero()) {
      deposit.updated_at = context.clock.Now();
      CISTERN_RETURN_IF_ERROR(transaction->deposits().Update(deposit));
      continue;
    }
    JournalEntry entry = DepositInterestEntry(
        context.finance, deposit.account_id, rules->interest_expense_gl, interest,
        HeaderFor(context, caller, as_of,
                  "Deposit interest " + FormatDate(from) + " to " + FormatDate(as_of)));
    CISTERN_ASSIGN_OR_RETURN(DepositPosting posting,
                             Record(context, caller, *transaction, deposit, std::move(entry),
                                    DepositEventKind::kInterest, interest, "deposit.interest"));
    postings.push_back(std::move(posting));
  }
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return postings;
}

namespace {

Result<std::optional<RefundEligibility>> EligibilityOf(const AppContext& context,
                                                       const DepositRules& rules,
                                                       Transaction& transaction,
                                                       const Deposit& deposit) {
  if (deposit.status != DepositStatus::kOpen) return std::optional<RefundEligibility>();
  CISTERN_ASSIGN_OR_RETURN(Totals totals, TotalsOf(transaction, deposit.id));
  if (!totals.first || totals.held().cents() <= 0) return std::optional<RefundEligibility>();
  const Date today = context.Today();
  const Date since = AddMonths(today, -rules.refund_after_months);
  if (*totals.first > since) return std::optional<RefundEligibility>();
  CISTERN_ASSIGN_OR_RETURN(
      bool bad, transaction.deposits().HadBadHistorySince(deposit.account_id, since, today));
  if (bad) return std::optional<RefundEligibility>();
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(deposit.account_id));
  return std::optional<RefundEligibility>(
      RefundEligibility{deposit.account_id, account.number.text(), totals.held(), *totals.first});
}

}  // namespace

Result<std::vector<RefundEligibility>> ListRefundableDeposits(const AppContext& context,
                                                              const Caller& caller) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  CISTERN_ASSIGN_OR_RETURN(auto rules, Rules(context));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(auto open, transaction->deposits().ListOpen());
  std::vector<RefundEligibility> eligible;
  for (const Deposit& deposit : open) {
    CISTERN_ASSIGN_OR_RETURN(auto one, EligibilityOf(context, *rules, *transaction, deposit));
    if (one) eligible.push_back(*one);
  }
  return eligible;
}

Result<DepositPosting> RefundDeposit(const AppContext& context, const Caller& caller,
                                     AccountId account) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto rules, Rules(context));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_RETURN_IF_ERROR(LoadOpenAccount(*transaction, account, "account_id"));
  CISTERN_ASSIGN_OR_RETURN(Deposit deposit, OpenDepositOf(*transaction, account));
  CISTERN_ASSIGN_OR_RETURN(auto eligible, EligibilityOf(context, *rules, *transaction, deposit));
  if (!eligible) {
    return Error::FailedPrecondition(
        "NOT_ELIGIBLE",
        "A deposit is refunded after " + std::to_string(rules->refund_after_months) +
            " months of good payment history; this one is not eligible.",
        "account_id");
  }
  CISTERN_ASSIGN_OR_RETURN(auto posting,
                           Release(context, caller, *transaction, deposit, context.Today(), true));
  {  // A final account this settles is closed.
    auto closed = CloseIfSettled(context, *transaction, caller, account);
    if (!closed.ok()) return closed.error();
  }
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return std::move(*posting);
}

Result<std::optional<DepositPosting>> ApplyDepositInTransaction(const AppContext& context,
                                                                const Caller& caller,
                                                                Transaction& transaction,
                                                                AccountId account, Date on) {
  CISTERN_ASSIGN_OR_RETURN(auto deposit, transaction.deposits().OfAccount(account));
  if (!deposit || deposit->status != DepositStatus::kOpen) {
    return std::optional<DepositPosting>();
  }
  // A pending request to lower the deposit is moot once it is applied.
  return Release(context, caller, transaction, *deposit, on, false);
}

Result<DepositPosting> ApplyDepositToFinalBill(const AppContext& context, const Caller& caller,
                                               AccountId account) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Account loaded, LoadAccountFor(*transaction, account));
  if (loaded.status != AccountStatus::kFinal) {
    return Error::FailedPrecondition("ACCOUNT_NOT_FINAL",
                                     "A deposit is applied to the final bill of a final account.",
                                     "account_id");
  }
  {
    auto open = OpenDepositOf(*transaction, account);
    if (!open.ok()) return open.error();
  }
  CISTERN_ASSIGN_OR_RETURN(auto posting, ApplyDepositInTransaction(context, caller, *transaction,
                                                                   account, context.Today()));
  if (!posting) {
    return Error::FailedPrecondition("NOTHING_HELD", "No deposit is held on this account.",
                                     "account_id");
  }
  {  // A final account this settles is closed.
    auto closed = CloseIfSettled(context, *transaction, caller, account);
    if (!closed.ok()) return closed.error();
  }
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return std::move(*posting);
}

Result<AccountDepositView> GetAccountDeposit(const AppContext& context, const Caller& caller,
                                             AccountId account) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  {
    auto exists = transaction->accounts().Get(account);
    if (!exists.ok()) return exists.error();
  }
  AccountDepositView view;
  if (auto rules = context.deposits) view.installments_max = rules->installments_max;
  CISTERN_ASSIGN_OR_RETURN(view.deposit, transaction->deposits().OfAccount(account));
  CISTERN_ASSIGN_OR_RETURN(view.held, LedgerHeld(context, *transaction, account));
  if (view.deposit) {
    CISTERN_ASSIGN_OR_RETURN(view.events, transaction->deposits().Events(view.deposit->id));
    CISTERN_ASSIGN_OR_RETURN(view.approvals,
                             transaction->deposits().Approvals(std::nullopt, view.deposit->id));
    CISTERN_ASSIGN_OR_RETURN(Totals totals, TotalsOf(*transaction, view.deposit->id));
    const Money rest = view.deposit->required - totals.billed - totals.paid;
    if (view.deposit->status == DepositStatus::kOpen && rest.cents() > 0) view.still_to_bill = rest;
  }
  return view;
}

Result<std::vector<DepositApproval>> ListDepositApprovals(const AppContext& context,
                                                          const Caller& caller, bool pending_only) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return transaction->deposits().Approvals(
      pending_only ? std::optional(DepositApprovalStatus::kPending) : std::nullopt, std::nullopt);
}

Result<DepositRegister> GetDepositRegister(const AppContext& context, const Caller& caller) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  DepositRegister report;
  const std::string held_code = HeldGlCode(context);
  std::map<std::int64_t, Money> ledger_by_account;
  if (!held_code.empty()) {
    CISTERN_ASSIGN_OR_RETURN(auto totals, transaction->ledger().Totals(std::nullopt, std::nullopt));
    for (const GlTotal& total : totals) {
      if (total.gl_code == held_code) report.gl_balance -= total.debits + total.credits;
    }
    CISTERN_ASSIGN_OR_RETURN(auto sums, transaction->ledger().SumsByAccountAndFund({held_code}));
    for (const auto& sum : sums) ledger_by_account[sum.account_id.value()] -= sum.amount;
  }
  CISTERN_ASSIGN_OR_RETURN(auto rows, transaction->deposits().Register());
  bool lines_match = true;
  Money ledger_total;
  for (DepositRegisterRow& row : rows) {
    DepositRegisterLine line;
    line.ledger_held = ledger_by_account[row.account_id.value()];
    ledger_by_account.erase(row.account_id.value());
    if (line.ledger_held != row.held()) lines_match = false;
    report.totals.required += row.required;
    report.totals.billed += row.billed;
    report.totals.paid += row.paid;
    report.totals.interest += row.interest;
    report.totals.refunded += row.refunded;
    report.totals.applied += row.applied;
    line.row = std::move(row);
    report.lines.push_back(std::move(line));
  }
  // Deposits-held money on an account with no deposit record would not be in the register.
  for (const auto& [id, amount] : ledger_by_account) {
    if (!amount.is_zero()) lines_match = false;
  }
  report.balanced = lines_match && report.totals.held() == report.gl_balance;
  return report;
}

Result<std::optional<Money>> CarryDepositIn(const AppContext& context, Transaction& transaction,
                                            const Caller& caller, AccountId from, AccountId to) {
  CISTERN_ASSIGN_OR_RETURN(auto deposit, transaction.deposits().OfAccount(from));
  if (!deposit || deposit->status != DepositStatus::kOpen) return std::optional<Money>();
  CISTERN_ASSIGN_OR_RETURN(auto target, transaction.deposits().OfAccount(to));
  if (target) {
    return Error::Conflict("DEPOSIT_EXISTS", "The new account has a deposit already.",
                           "to_premise_id");
  }
  CISTERN_ASSIGN_OR_RETURN(Money held, LedgerHeld(context, transaction, from));
  std::optional<JournalEntryId> entry_id;
  if (held.cents() > 0) {
    CISTERN_ASSIGN_OR_RETURN(Account source, transaction.accounts().Get(from));
    CISTERN_ASSIGN_OR_RETURN(Account target_account, transaction.accounts().Get(to));
    JournalEntry entry =
        DepositTransferEntry(context.finance, from, to, held,
                             HeaderFor(context, caller, context.Today(),
                                       "Deposit carried over from " + source.number.text() +
                                           " to " + target_account.number.text()));
    CISTERN_RETURN_IF_ERROR(PostEntry(transaction, context.finance, entry));
    entry_id = entry.id;
  }
  CISTERN_RETURN_IF_ERROR(transaction.lifecycle().MoveDeposit(
      deposit->id.value(), from, to, held, entry_id, context.clock.Now(), caller.user_id));
  FieldValues after = {{"account_id", std::to_string(to.value())}, {"held", held.Format()}};
  if (entry_id) after.push_back({"entry_id", std::to_string(entry_id->value())});
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, transaction, caller,
                                      {"deposit.transfer",
                                       "deposit",
                                       deposit->id.value(),
                                       from,
                                       {{"account_id", std::to_string(from.value())}},
                                       after}));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, transaction, caller,
                  {"deposit.transfer_in", "deposit", deposit->id.value(), to, {}, after}));
  return std::optional<Money>(held);
}

Result<std::optional<DepositPosting>> BillDepositInstallmentAfterBill(const AppContext& context,
                                                                      Transaction& transaction,
                                                                      const Caller& caller,
                                                                      AccountId account) {
  if (context.deposits == nullptr) return std::optional<DepositPosting>();
  auto posting = PostNextIn(context, transaction, caller, account, false,
                            /*check_permission=*/false);
  if (!posting.ok()) {
    if (posting.error().reason == "NOTHING_TO_BILL") return std::optional<DepositPosting>();
    return posting.error();
  }
  return std::optional<DepositPosting>(std::move(*posting));
}

}  // namespace cistern
