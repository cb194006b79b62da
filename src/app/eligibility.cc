#include "app/eligibility.h"

#include <algorithm>

#include "app/audit.h"
#include "app/rate_book.h"
#include "core/text.h"

namespace cistern {
namespace {

Result<std::vector<std::string>> KnownPrograms(const AppContext& context,
                                               Transaction& transaction) {
  CISTERN_ASSIGN_OR_RETURN(auto book, LoadedRateBook(context, transaction));
  std::vector<std::string> programs;
  for (const RateVersion& version : book->versions()) {
    for (const RateService& service : version.services) {
      for (const RateClass& rate_class : service.classes) {
        if (!rate_class.program.empty()) programs.push_back(rate_class.program);
      }
    }
    for (const Discount& discount : version.discounts) {
      if (!discount.program.empty()) programs.push_back(discount.program);
    }
  }
  std::sort(programs.begin(), programs.end());
  programs.erase(std::unique(programs.begin(), programs.end()), programs.end());
  return programs;
}

Result<Customer> OpenCustomer(Transaction& transaction, CustomerId id) {
  auto customer = transaction.customers().Get(id);
  if (!customer.ok()) {
    Error error = customer.error();
    if (error.code == ErrorCode::kNotFound) error.field = "customer_id";
    return error;
  }
  CISTERN_ASSIGN_OR_RETURN(auto accounts, transaction.customer_changes().ListCustomerAccounts(id));
  for (const Account& account : accounts) {
    if (account.status != AccountStatus::kClosed) return *customer;
  }
  return Error::FailedPrecondition("CUSTOMER_CLOSED",
                                   "Every account of this customer is closed; an eligibility "
                                   "would never be billed.",
                                   "customer_id");
}

FieldValues EligibilityFields(const Eligibility& eligibility) {
  FieldValues fields;
  fields.emplace_back("eligibility_id", std::to_string(eligibility.id.value()));
  fields.emplace_back("program", eligibility.program);
  // Named like the customer's own field, so a confidential customer's history hides it.
  fields.emplace_back("date_of_birth",
                      eligibility.birth_date ? FormatDate(*eligibility.birth_date) : "");
  fields.emplace_back("document", eligibility.document);
  fields.emplace_back("verified_by", eligibility.verified_by_name);
  fields.emplace_back("verified_on", FormatDate(eligibility.verified_on));
  fields.emplace_back("renews_on", FormatDate(eligibility.renews_on));
  fields.emplace_back("current_through", FormatDate(eligibility.current_through));
  if (eligibility.ended_on) {
    fields.emplace_back("ended_on", FormatDate(*eligibility.ended_on));
    fields.emplace_back("end_reason", eligibility.end_reason);
  }
  if (eligibility.renewal_of) {
    fields.emplace_back("renewal_of", std::to_string(eligibility.renewal_of->value()));
  }
  return fields;
}

Status Audit(const AppContext& context, Transaction& transaction, const Caller& caller,
             const char* action, const Eligibility& eligibility, FieldValues before) {
  return RecordAudit(context, transaction, caller,
                     {action, "customer", eligibility.customer_id.value(), std::nullopt,
                      std::move(before), EligibilityFields(eligibility)});
}

// Validates the proof and builds the record; `customer` supplies the birth date on file.
Result<Eligibility> MakeEligibility(const AppContext& context, Transaction& transaction,
                                    const Caller& caller, const Customer& customer,
                                    EligibilityRequest request) {
  const Date today = context.Today();
  EligibilityProof proof;
  proof.program = std::string(Trim(request.program));
  proof.birth_date = request.birth_date ? request.birth_date : customer.date_of_birth;
  proof.document = std::string(Trim(request.document));
  proof.verified_on = request.verified_on.value_or(today);
  proof.renews_on = request.renews_on;
  CISTERN_ASSIGN_OR_RETURN(auto programs, KnownPrograms(context, transaction));
  CISTERN_RETURN_IF_ERROR(ValidateEligibilityProof(proof, programs, today));

  Eligibility eligibility;
  eligibility.customer_id = customer.id;
  eligibility.program = proof.program;
  // The birth date is kept only where it is the proof.
  if (proof.program == kSeniorProgram) eligibility.birth_date = proof.birth_date;
  eligibility.document = proof.document;
  eligibility.verified_by = caller.user_id;
  eligibility.verified_by_name = caller.display_name;
  eligibility.verified_on = proof.verified_on;
  eligibility.renews_on = proof.renews_on;
  eligibility.current_through = proof.renews_on;
  eligibility.recorded_at = context.clock.Now();
  return eligibility;
}

Status CheckOpenForChange(const Eligibility& eligibility) {
  if (eligibility.ended_on) {
    return Error::FailedPrecondition("ELIGIBILITY_ENDED",
                                     "This eligibility was ended on " +
                                         FormatDate(*eligibility.ended_on) +
                                         "; add a new one if the customer qualifies again.",
                                     "eligibility_id");
  }
  if (eligibility.renewed_by) {
    return Error::FailedPrecondition("ELIGIBILITY_RENEWED",
                                     "This eligibility was already renewed; change the renewal.",
                                     "eligibility_id");
  }
  return OkStatus();
}

}  // namespace

Result<Eligibility> AddEligibility(const AppContext& context, const Caller& caller,
                                   CustomerId customer_id, EligibilityRequest request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(Customer customer, OpenCustomer(*transaction, customer_id));
  CISTERN_ASSIGN_OR_RETURN(Eligibility eligibility,
                           MakeEligibility(context, *transaction, caller, customer, request));
  CISTERN_ASSIGN_OR_RETURN(auto existing,
                           transaction->customer_changes().ListEligibilities(customer_id));
  for (const Eligibility& other : existing) {
    if (other.program != eligibility.program || other.ended_on || other.renewed_by) continue;
    if (other.current_through >= eligibility.verified_on) {
      return Error::Conflict("ELIGIBILITY_EXISTS",
                             "The customer already has the " + other.program + " program through " +
                                 FormatDate(other.current_through) +
                                 "; renew that eligibility instead.",
                             "program");
    }
  }
  CISTERN_ASSIGN_OR_RETURN(eligibility.id,
                           transaction->customer_changes().InsertEligibility(eligibility));
  CISTERN_RETURN_IF_ERROR(
      Audit(context, *transaction, caller, "eligibility.create", eligibility, {}));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return eligibility;
}

Result<Eligibility> RenewEligibility(const AppContext& context, const Caller& caller,
                                     EligibilityId id, EligibilityRequest request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CustomerChangeRepository& repository = transaction->customer_changes();
  CISTERN_ASSIGN_OR_RETURN(Eligibility old, repository.GetEligibility(id));
  CISTERN_RETURN_IF_ERROR(CheckOpenForChange(old));
  CISTERN_ASSIGN_OR_RETURN(Customer customer, OpenCustomer(*transaction, old.customer_id));
  request.program = old.program;
  if (!request.birth_date && old.birth_date) request.birth_date = old.birth_date;
  CISTERN_ASSIGN_OR_RETURN(Eligibility renewal,
                           MakeEligibility(context, *transaction, caller, customer, request));
  if (renewal.verified_on < old.verified_on) {
    return Error::InvalidArgument("verified_on", "VERIFIED_ON_BEFORE_RENEWED",
                                  "A renewal is verified on or after the eligibility it renews (" +
                                      FormatDate(old.verified_on) + ").");
  }
  renewal.renewal_of = old.id;
  CISTERN_ASSIGN_OR_RETURN(renewal.id, repository.InsertEligibility(renewal));
  // The renewal takes over from its own verification: the two never overlap.
  const Date through = AddDays(renewal.verified_on, -1);
  if (through < old.current_through) {
    CISTERN_RETURN_IF_ERROR(repository.CurtailEligibility(old.id, through));
  }
  CISTERN_RETURN_IF_ERROR(
      Audit(context, *transaction, caller, "eligibility.renew", renewal, EligibilityFields(old)));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return renewal;
}

Result<Eligibility> EndEligibility(const AppContext& context, const Caller& caller,
                                   EligibilityId id, EndEligibilityRequest request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  const Date today = context.Today();
  const Date ended_on = request.ended_on.value_or(today);
  const std::string reason(Trim(request.reason));
  if (reason.empty()) {
    return Error::InvalidArgument(
        "reason", "FIELD_REQUIRED",
        "Say why the eligibility ends (e.g. moved, no longer qualifies).");
  }
  if (CountCharacters(reason) > kEligibilityReasonLengthMax) {
    return Error::InvalidArgument("reason", "FIELD_TOO_LONG",
                                  "The reason has at most 200 characters.");
  }
  if (DaysBetween(ended_on, today) > kEligibilityDaysBackMax) {
    return Error::InvalidArgument("ended_on", "ENDED_ON_TOO_OLD",
                                  "An end may be dated at most 90 days back.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CustomerChangeRepository& repository = transaction->customer_changes();
  CISTERN_ASSIGN_OR_RETURN(Eligibility eligibility, repository.GetEligibility(id));
  CISTERN_RETURN_IF_ERROR(CheckOpenForChange(eligibility));
  if (ended_on < eligibility.verified_on) {
    return Error::InvalidArgument("ended_on", "ENDED_ON_BEFORE_VERIFICATION",
                                  "The eligibility began on " +
                                      FormatDate(eligibility.verified_on) +
                                      "; it cannot end before that.");
  }
  if (ended_on > eligibility.current_through) {
    return Error::InvalidArgument("ended_on", "ENDED_ON_AFTER_RENEWAL",
                                  "The eligibility runs only through " +
                                      FormatDate(eligibility.current_through) +
                                      "; it cannot end after that.");
  }
  const FieldValues before = EligibilityFields(eligibility);
  CISTERN_RETURN_IF_ERROR(repository.EndEligibility(id, ended_on, reason));
  eligibility.ended_on = ended_on;
  eligibility.end_reason = reason;
  eligibility.current_through = ended_on;
  CISTERN_RETURN_IF_ERROR(
      Audit(context, *transaction, caller, "eligibility.end", eligibility, before));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return eligibility;
}

Result<std::vector<Eligibility>> ListEligibilities(const AppContext& context, const Caller& caller,
                                                   CustomerId customer_id) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  auto customer = transaction->customers().Get(customer_id);
  if (!customer.ok()) {
    Error error = customer.error();
    if (error.code == ErrorCode::kNotFound) error.field = "customer_id";
    return error;
  }
  CISTERN_ASSIGN_OR_RETURN(auto list,
                           transaction->customer_changes().ListEligibilities(customer_id));
  if (!CanSeeContacts(caller, customer->confidential)) {
    for (Eligibility& eligibility : list) eligibility.birth_date.reset();
  }
  return list;
}

Result<std::vector<std::string>> ListEligibilityPrograms(const AppContext& context,
                                                         const Caller& caller) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return KnownPrograms(context, *transaction);
}

Result<std::vector<ExpiringEligibility>> ListExpiringEligibilities(const AppContext& context,
                                                                   const Caller& caller, int days) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  if (days < 0 || days > kExpiringDaysMax) {
    return Error::InvalidArgument("days", "DAYS_OUT_OF_RANGE", "days must be between 0 and 366.");
  }
  const Date today = context.Today();
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(
      auto rows, transaction->customer_changes().ListExpiring(today, AddDays(today, days)));
  // A report for finance: birth dates are not part of it.
  for (ExpiringEligibility& row : rows) row.eligibility.birth_date.reset();
  return rows;
}

}  // namespace cistern
