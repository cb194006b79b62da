#include "app/sanitation.h"

#include "app/audit.h"
#include "app/ledger_common.h"
#include "app/letters.h"
#include "core/text.h"
#include "domain/ledger/posting.h"

namespace cistern {
namespace {

constexpr int kRenewalResendDays = 30;
constexpr std::size_t kRemarksLengthMax = 500;

FieldValues ExemptionFields(const SanitationExemption& exemption) {
  return {{"hauler", exemption.hauler},
          {"permit", exemption.permit},
          {"starts_on", FormatDate(exemption.starts_on)},
          {"expires_on", FormatDate(exemption.expires_on)}};
}

Result<Account> LoadAccountFor(Transaction& transaction, AccountId id) {
  auto account = transaction.accounts().Get(id);
  if (!account.ok()) {
    if (account.error().code != ErrorCode::kNotFound) return account.error();
    return Error::InvalidArgument("account_id", "ACCOUNT_UNKNOWN", "No such account.");
  }
  if (account->status == AccountStatus::kClosed) {
    return Error::FailedPrecondition("ACCOUNT_CLOSED", "The account is closed.", "account_id");
  }
  return *account;
}

Result<bool> CitySanitationActive(Transaction& transaction, AccountId account, Date today) {
  CISTERN_ASSIGN_OR_RETURN(auto services, transaction.metering().ServicesOf(account));
  for (const ServiceRecord& service : services) {
    if (service.service != "sanitation") continue;
    if (service.starts_on <= today && (!service.ends_on || *service.ends_on >= today)) return true;
  }
  return false;
}

Result<ExemptionView> ViewOf(const AppContext& context, Transaction& transaction,
                             SanitationExemption exemption) {
  ExemptionView view;
  const Date today = context.Today();
  view.flags = FlagExemption(exemption.permit, exemption.expires_on, today);
  CISTERN_ASSIGN_OR_RETURN(view.city_sanitation_active,
                           CitySanitationActive(transaction, exemption.account_id, today));
  view.exemption = std::move(exemption);
  return view;
}

}  // namespace

Result<ExemptionView> CreateExemption(const AppContext& context, const Caller& caller,
                                      const ExemptionRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  const ExemptionDraft draft = NormalizeExemptionDraft(request.draft);
  CISTERN_RETURN_IF_ERROR(ValidateExemptionDraft(draft));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Account account, LoadAccountFor(*transaction, request.account));
  CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction->premises().Get(account.premise_id));
  if (!MayUsePrivateHauler(premise.type)) {
    return Error::FailedPrecondition(
        "PREMISE_NOT_COMMERCIAL",
        std::string("Only a commercial, industrial or institutional premise may use a private "
                    "hauler; this one is ") +
            PremiseTypeCode(premise.type) + ".",
        "account_id");
  }
  SanitationExemption exemption;
  exemption.account_id = account.id;
  exemption.hauler = draft.hauler;
  exemption.permit = draft.permit;
  exemption.starts_on = *draft.starts_on;
  exemption.expires_on = *draft.expires_on;
  exemption.created_at = context.clock.Now();
  exemption.updated_at = exemption.created_at;
  exemption.created_by = caller.user_id;
  CISTERN_ASSIGN_OR_RETURN(exemption.id, transaction->sanitation().InsertExemption(exemption));
  CISTERN_RETURN_IF_ERROR(RecordAudit(context, *transaction, caller,
                                      {"sanitation_exemption.create",
                                       "sanitation_exemption",
                                       exemption.id.value(),
                                       account.id,
                                       {},
                                       ExemptionFields(exemption)}));
  CISTERN_ASSIGN_OR_RETURN(SanitationExemption stored,
                           transaction->sanitation().GetExemption(exemption.id));
  CISTERN_ASSIGN_OR_RETURN(ExemptionView view, ViewOf(context, *transaction, std::move(stored)));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<ExemptionView> UpdateExemption(const AppContext& context, const Caller& caller,
                                      SanitationExemptionId id, int version,
                                      const ExemptionDraft& raw) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  const ExemptionDraft draft = NormalizeExemptionDraft(raw);
  CISTERN_RETURN_IF_ERROR(ValidateExemptionDraft(draft));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(SanitationExemption exemption,
                           transaction->sanitation().GetExemption(id));
  if (exemption.version != version) {
    return Error::Conflict("EXEMPTION_CHANGED", "The exemption changed meanwhile; open it again.",
                           "version");
  }
  const FieldValues before = ExemptionFields(exemption);
  exemption.hauler = draft.hauler;
  exemption.permit = draft.permit;
  exemption.starts_on = *draft.starts_on;
  exemption.expires_on = *draft.expires_on;
  exemption.updated_at = context.clock.Now();
  CISTERN_RETURN_IF_ERROR(transaction->sanitation().UpdateExemption(exemption));
  CISTERN_RETURN_IF_ERROR(
      RecordAudit(context, *transaction, caller,
                  {"sanitation_exemption.update", "sanitation_exemption", id.value(),
                   exemption.account_id, before, ExemptionFields(exemption)}));
  CISTERN_ASSIGN_OR_RETURN(SanitationExemption stored, transaction->sanitation().GetExemption(id));
  CISTERN_ASSIGN_OR_RETURN(ExemptionView view, ViewOf(context, *transaction, std::move(stored)));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return view;
}

Result<ExemptionView> GetExemption(const AppContext& context, const Caller& caller,
                                   SanitationExemptionId id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(SanitationExemption exemption,
                           transaction->sanitation().GetExemption(id));
  return ViewOf(context, *transaction, std::move(exemption));
}

Result<std::vector<ExemptionView>> ListExemptions(const AppContext& context, const Caller& caller,
                                                  bool attention_only) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(auto exemptions, transaction->sanitation().ListExemptions());
  std::vector<ExemptionView> views;
  for (SanitationExemption& exemption : exemptions) {
    CISTERN_ASSIGN_OR_RETURN(ExemptionView view,
                             ViewOf(context, *transaction, std::move(exemption)));
    if (attention_only && !view.flags.needs_attention()) continue;
    views.push_back(std::move(view));
  }
  return views;
}

Result<std::vector<RenewalLetterOutcome>> SendRenewalLetters(
    const AppContext& context, const Caller& caller,
    const std::vector<SanitationExemptionId>& ids) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteNotes));
  std::vector<SanitationExemptionId> targets = ids;
  const Date today = context.Today();
  if (targets.empty()) {
    CISTERN_ASSIGN_OR_RETURN(auto listed, ListExemptions(context, caller, true));
    for (const ExemptionView& view : listed) {
      const auto& sent = view.exemption.renewal_sent_on;
      if (sent && DaysBetween(*sent, today) < kRenewalResendDays) continue;
      targets.push_back(view.exemption.id);
    }
  }
  std::vector<RenewalLetterOutcome> outcomes;
  for (SanitationExemptionId id : targets) {
    RenewalLetterOutcome outcome;
    outcome.exemption = id;
    auto exemption = GetExemption(context, caller, id);
    if (!exemption.ok()) {
      outcome.error = exemption.error();
      outcomes.push_back(std::move(outcome));
      continue;
    }
    const SanitationExemption& record = exemption->exemption;
    LetterRequest letter;
    letter.template_code = "exemption_renewal";
    letter.fields = {{"exemption.hauler", record.hauler},
                     {"exemption.permit", record.permit.empty() ? "(none on file)" : record.permit},
                     {"exemption.expires_on", FormatDate(record.expires_on)}};
    auto sent = SendLetter(context, caller, record.account_id, letter);
    if (!sent.ok()) {
      outcome.error = sent.error();
      outcomes.push_back(std::move(outcome));
      continue;
    }
    outcome.letter = sent->id;
    // Record on the exemption that the letter went out.
    auto marked = [&]() -> Status {
      CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
      CISTERN_ASSIGN_OR_RETURN(SanitationExemption current,
                               transaction->sanitation().GetExemption(id));
      current.renewal_letter_id = sent->id;
      current.renewal_sent_on = today;
      current.updated_at = context.clock.Now();
      CISTERN_RETURN_IF_ERROR(transaction->sanitation().UpdateExemption(current));
      CISTERN_RETURN_IF_ERROR(RecordAudit(
          context, *transaction, caller,
          {"sanitation_exemption.renewal_letter",
           "sanitation_exemption",
           id.value(),
           current.account_id,
           {},
           {{"letter_id", std::to_string(sent->id.value())}, {"sent_on", FormatDate(today)}}}));
      return transaction->Commit();
    }();
    if (!marked.ok()) outcome.error = marked.error();
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

Result<Dumpster> RequestDumpster(const AppContext& context, const Caller& caller,
                                 const DumpsterRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  DumpsterRequestDraft draft = request.draft;
  draft.remarks = std::string(Trim(draft.remarks));
  CISTERN_RETURN_IF_ERROR(ValidateDumpsterRequest(draft, context.Today()));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Account account, LoadAccountFor(*transaction, request.account));
  Dumpster dumpster;
  dumpster.account_id = account.id;
  dumpster.size_yards = draft.size_yards;
  dumpster.status = DumpsterStatus::kRequested;
  dumpster.requested_on = *draft.requested_on;
  dumpster.remarks = draft.remarks;
  dumpster.created_at = context.clock.Now();
  dumpster.created_by = caller.user_id;
  CISTERN_ASSIGN_OR_RETURN(dumpster.id, transaction->sanitation().InsertDumpster(dumpster));
  FieldValues after = {{"size_yards", std::to_string(dumpster.size_yards)},
                       {"requested_on", FormatDate(dumpster.requested_on)},
                       {"status", DumpsterStatusCode(dumpster.status)}};
  if (!dumpster.remarks.empty()) after.push_back({"remarks", dumpster.remarks});
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, caller,
      {"dumpster.request", "dumpster", dumpster.id.value(), account.id, {}, std::move(after)}));
  CISTERN_ASSIGN_OR_RETURN(Dumpster stored, transaction->sanitation().GetDumpster(dumpster.id));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return stored;
}

Result<DumpsterActionOutcome> ActOnDumpster(const AppContext& context, const Caller& caller,
                                            DumpsterId id, const DumpsterActionRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteMeters));
  const std::string remarks(Trim(request.remarks));
  if (remarks.size() > kRemarksLengthMax) {
    return Error::InvalidArgument("remarks", "FIELD_TOO_LONG",
                                  "Remarks are at most 500 characters.");
  }
  if (request.action == DumpsterAction::kCancel && remarks.empty()) {
    return Error::InvalidArgument("remarks", "REASON_REQUIRED",
                                  "Say why the dumpster request is cancelled.");
  }
  CISTERN_RETURN_IF_ERROR(RefuseCardNumber(remarks, "remarks"));
  const Date today = context.Today();
  const Date done_on = request.done_on.value_or(today);
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Dumpster dumpster, transaction->sanitation().GetDumpster(id));
  const DumpsterStatus before = dumpster.status;
  const int empties_before = dumpster.empty_count;
  CISTERN_ASSIGN_OR_RETURN(dumpster.status, DumpsterTransition(before, request.action));
  if (request.action == DumpsterAction::kDeliver) {
    // A crew may deliver ahead of the requested day; only a day still to come is refused.
    CISTERN_RETURN_IF_ERROR(ValidateDumpsterActionDate(done_on, today, Date{}));
  } else if (request.action != DumpsterAction::kCancel) {
    CISTERN_RETURN_IF_ERROR(ValidateDumpsterActionDate(done_on, today, *dumpster.delivered_on));
  }
  switch (request.action) {
    case DumpsterAction::kDeliver:
      dumpster.delivered_on = done_on;
      break;
    case DumpsterAction::kEmpty:
      dumpster.empty_count += 1;
      break;
    case DumpsterAction::kRemove:
      dumpster.removed_on = done_on;
      break;
    case DumpsterAction::kCancel:
      break;
  }
  DumpsterEvent event;
  event.dumpster_id = id;
  event.action = request.action;
  event.done_on = request.action == DumpsterAction::kCancel ? today : done_on;
  event.remarks = remarks;
  event.recorded_at = context.clock.Now();
  event.recorded_by = caller.user_id;
  if (auto fee_code = DumpsterFeeCode(request.action)) {
    const Fee* fee = context.finance.FindFee(*fee_code);
    if (fee == nullptr) {
      return Error::FailedPrecondition(
          "FEE_NOT_CONFIGURED",
          "The fee schedule has no \"" + *fee_code + "\" fee; add it to config/finance.toml.",
          "action");
    }
    CISTERN_RETURN_IF_ERROR(LoadOpenAccount(*transaction, dumpster.account_id, "account_id"));
    const std::string memo = fee->name + ": " + std::to_string(dumpster.size_yards) +
                             " yd dumpster D-" + std::to_string(id.value()) + " on " +
                             FormatDate(done_on);
    JournalEntry entry = FeeEntry(context.finance, dumpster.account_id, *fee,
                                  HeaderFor(context, caller, today, memo));
    CISTERN_RETURN_IF_ERROR(PostEntry(*transaction, context.finance, entry));
    event.entry_id = entry.id;
    event.fee_code = fee->code;
    event.amount = fee->amount;
  }
  CISTERN_RETURN_IF_ERROR(
      transaction->sanitation().UpdateDumpster(dumpster, before, empties_before));
  CISTERN_ASSIGN_OR_RETURN(event.id, transaction->sanitation().InsertDumpsterEvent(event));
  FieldValues after = {{"status", DumpsterStatusCode(dumpster.status)},
                       {"done_on", FormatDate(event.done_on)}};
  if (request.action == DumpsterAction::kEmpty) {
    after.push_back({"empty_count", std::to_string(dumpster.empty_count)});
  }
  if (event.entry_id) {
    after.push_back({"fee", event.fee_code});
    after.push_back({"amount", event.amount.Format()});
    after.push_back({"entry_id", std::to_string(event.entry_id->value())});
  }
  if (!remarks.empty()) after.push_back({"remarks", remarks});
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, *transaction, caller,
      {std::string("dumpster.") + DumpsterActionCode(request.action),
       "dumpster",
       id.value(),
       dumpster.account_id,
       {{"status", DumpsterStatusCode(before)}, {"empty_count", std::to_string(empties_before)}},
       std::move(after)}));
  DumpsterActionOutcome outcome;
  CISTERN_ASSIGN_OR_RETURN(outcome.dumpster, transaction->sanitation().GetDumpster(id));
  outcome.event = event;
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return outcome;
}

Result<DumpsterView> GetDumpster(const AppContext& context, const Caller& caller, DumpsterId id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  DumpsterView view;
  CISTERN_ASSIGN_OR_RETURN(view.dumpster, transaction->sanitation().GetDumpster(id));
  CISTERN_ASSIGN_OR_RETURN(view.events, transaction->sanitation().DumpsterEvents(id));
  return view;
}

Result<Page<Dumpster>> ListDumpsters(const AppContext& context, const Caller& caller,
                                     const DumpsterFilter& filter, const PageRequest& page) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_RETURN_IF_ERROR(CheckPage(page));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return transaction->sanitation().ListDumpsters(filter, page);
}

Result<AccountSanitation> GetAccountSanitation(const AppContext& context, const Caller& caller,
                                               AccountId account_id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction->accounts().Get(account_id));
  CISTERN_ASSIGN_OR_RETURN(Premise premise, transaction->premises().Get(account.premise_id));
  AccountSanitation result;
  result.may_use_private_hauler = MayUsePrivateHauler(premise.type);
  CISTERN_ASSIGN_OR_RETURN(auto exemption,
                           transaction->sanitation().ExemptionOfAccount(account_id));
  if (exemption) {
    CISTERN_ASSIGN_OR_RETURN(result.exemption,
                             ViewOf(context, *transaction, std::move(*exemption)));
  }
  DumpsterFilter filter;
  filter.account_id = account_id;
  PageRequest page;
  page.page_size = 50;
  CISTERN_ASSIGN_OR_RETURN(auto dumpsters, transaction->sanitation().ListDumpsters(filter, page));
  result.dumpsters = std::move(dumpsters.items);
  return result;
}

}  // namespace cistern
