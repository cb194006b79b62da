// Start, stop and transfer service: see service_lifecycle.h for the contract and
// docs/service_lifecycle.md for the walk-through.
#include "app/service_lifecycle.h"

#include <algorithm>
#include <chrono>

#include "app/audit.h"
#include "app/bill_plan.h"
#include "app/idempotency.h"
#include "app/ledger_common.h"
#include "app/metering.h"
#include "app/rate_book.h"
#include "core/text.h"
#include "domain/ledger/posting.h"

namespace cistern {
namespace {

// What a start is for: a plain start, its preview (the same work, rolled back, with the
// policies that refuse reported instead), or the start half of a transfer (transfer fee, the
// deposit carried over instead of computed).
enum class StartMode { kStart, kPreview, kTransfer };

Result<std::shared_ptr<const ServiceRules>> RulesOf(const AppContext& context) {
  if (context.service_rules == nullptr) {
    return Error::FailedPrecondition("SERVICE_RULES_MISSING",
                                     "The city's service rules (config/service_rules.toml) are "
                                     "not loaded.");
  }
  return context.service_rules;
}

Status CheckDay(const ServiceRules& rules, const std::optional<Date>& date, Date today,
                const std::string& field, const std::string& what) {
  if (!date) return Error::InvalidArgument(field, "DATE_REQUIRED", "Give the " + what + ".");
  if (DaysBetween(*date, today) > rules.days_back_max) {
    return Error::InvalidArgument(
        field, "DATE_TOO_FAR_BACK",
        "The " + what + " is at most " + std::to_string(rules.days_back_max) + " days back.");
  }
  if (DaysBetween(today, *date) > rules.start_days_ahead_max) {
    return Error::InvalidArgument(field, "DATE_TOO_FAR_AHEAD",
                                  "The " + what + " is at most " +
                                      std::to_string(rules.start_days_ahead_max) + " days ahead.");
  }
  return OkStatus();
}

Status CheckRemarks(const std::string& remarks) {
  if (remarks.size() > kServiceOrderRemarksLengthMax) {
    return Error::InvalidArgument("remarks", "FIELD_TOO_LONG",
                                  "Remarks are at most 1000 characters.");
  }
  return RefuseCardNumber(remarks, "remarks");
}

// Renames the field of an error from a called use case to the field of this request.
Error Renamed(Error error, const std::string& from, const std::string& to) {
  if (error.field == from) error.field = to;
  return error;
}

// The meters set at the premise now.
Result<std::vector<MeterAtPremise>> MetersNow(Transaction& transaction, PremiseId premise) {
  CISTERN_ASSIGN_OR_RETURN(auto meters, transaction.metering().MetersAtPremise(premise));
  std::vector<MeterAtPremise> now;
  for (MeterAtPremise& at : meters) {
    if (!at.install.removed_on) now.push_back(std::move(at));
  }
  return now;
}

Status SetStatus(const AppContext& context, Transaction& transaction, const Caller& caller,
                 const Account& account, AccountStatus status) {
  if (account.status == status) return OkStatus();
  std::optional<Date> closed_on = account.closed_on;
  if (status == AccountStatus::kClosed || status == AccountStatus::kFinal) {
    closed_on = context.Today();
  }
  CISTERN_RETURN_IF_ERROR(transaction.lifecycle().SetAccountStatus(account.id, status, closed_on));
  FieldValues after = {{"status", AccountStatusCode(status)}};
  if (closed_on) after.push_back({"closed_on", FormatDate(*closed_on)});
  return RecordAudit(context, transaction, caller,
                     {status == AccountStatus::kClosed ? "account.close" : "account.status",
                      "account",
                      account.id.value(),
                      account.id,
                      {{"status", AccountStatusCode(account.status)}},
                      after});
}

struct StartResult {
  StartServicePreview preview;
  StartedService started;
};

Result<StartResult> StartIn(const AppContext& context, Transaction& transaction,
                            const Caller& caller, const StartServiceRequest& request,
                            StartMode mode) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto rules, RulesOf(context));
  const Date today = context.Today();
  const std::string date_field = mode == StartMode::kTransfer ? "start_on" : "requested_on";
  const std::string window_field = mode == StartMode::kTransfer ? "start_window" : "window";
  CISTERN_RETURN_IF_ERROR(
      CheckDay(*rules, request.requested_on, today, date_field, "first day of service"));
  const Date starts_on = *request.requested_on;
  const std::string remarks(Trim(request.remarks));
  CISTERN_RETURN_IF_ERROR(CheckRemarks(remarks));
  if (request.new_customer.has_value() == request.existing_customer.has_value()) {
    return Error::InvalidArgument("customer", "CUSTOMER_REQUIRED",
                                  "Give either a new customer or an existing customer_id.");
  }
  StartResult result;
  StartServicePreview& preview = result.preview;

  // Where, and who.
  const std::string premise_field = mode == StartMode::kTransfer ? "to_premise_id" : "premise_id";
  auto premise = transaction.premises().Get(request.premise);
  if (!premise.ok()) return Renamed(premise.error(), "", premise_field);
  preview.premise = *premise;
  CustomerKind kind = CustomerKind::kPerson;
  if (request.existing_customer) {
    auto customer = transaction.customers().Get(*request.existing_customer);
    if (!customer.ok()) return Renamed(customer.error(), "", "customer_id");
    preview.customer = *customer;
    kind = customer->kind;
  } else {
    kind = request.new_customer->kind;
  }

  // The services and the class each rule chooses.
  StartFacts facts;
  facts.premise_type = premise->type;
  facts.city_limits = premise->city_limits;
  facts.customer_kind = kind;
  facts.premise_units = premise->unit_count;
  CISTERN_ASSIGN_OR_RETURN(auto chosen, ChooseServices(*rules, facts, request.services));
  for (const auto& [service, units] : request.units) {
    const bool known = std::any_of(chosen.begin(), chosen.end(),
                                   [&](const ChosenService& c) { return c.service == service; });
    if (!known) {
      return Error::InvalidArgument(
          "units", "UNITS_SERVICE_UNKNOWN",
          "Units are given for \"" + service + "\", which is not among the services started.");
    }
  }
  CISTERN_ASSIGN_OR_RETURN(auto book, LoadedRateBook(context, transaction));
  const RateVersion* version = book->InEffectOn(starts_on);
  if (version == nullptr) {
    return Error::InvalidArgument(date_field, "RATE_NO_VERSION",
                                  "No rates are in effect on " + FormatDate(starts_on) + ".");
  }
  bool metered = false;
  for (ChosenService& service : chosen) {
    const RateService* rate_service = version->FindService(service.service);
    const RateClass* rate_class =
        rate_service == nullptr ? nullptr : rate_service->FindClass(service.rate_class);
    if (rate_class == nullptr) {
      return Error::FailedPrecondition("RATE_CLASS_UNKNOWN",
                                       "Rule " + std::to_string(service.rule_number) + " (" +
                                           service.rule + ") chooses class " + service.rate_class +
                                           " for " + service.service +
                                           ", which the rates in effect do not have.",
                                       "services");
    }
    if (auto units = request.units.find(service.service); units != request.units.end()) {
      service.units = units->second;
    }
    if (service.units < 1 || service.units > rate_class->units_max) {
      return Error::InvalidArgument("units", "UNITS_INVALID",
                                    rate_service->name + " units (" + rate_class->unit_name +
                                        ") are from 1 to " + std::to_string(rate_class->units_max) +
                                        ".");
    }
    ChosenServiceView view;
    view.chosen = service;
    view.service_name = rate_service->name;
    view.class_name = rate_class->name;
    view.unit_name = rate_class->unit_name;
    view.metered = rate_class->metered();
    metered = metered || view.metered;
    preview.services.push_back(std::move(view));
  }

  // Nothing already on at the premise overlaps the start.
  CISTERN_ASSIGN_OR_RETURN(auto on_at_premise, transaction.lifecycle().ServicesOnAtPremise(
                                                   premise->id, starts_on, AccountId()));
  for (const ServiceOnAtPremise& other : on_at_premise) {
    const bool wanted = std::any_of(chosen.begin(), chosen.end(), [&](const ChosenService& c) {
      return c.service == other.service;
    });
    if (!wanted) continue;
    std::string message = "The " + other.service + " service at " + premise->address.line1 +
                          " is on for account " + other.account_number;
    if (other.ends_on) {
      message += " through " + FormatDate(*other.ends_on) + "; start on " +
                 FormatDate(AddDays(*other.ends_on, 1)) + " or later.";
    } else {
      message += "; stop that service first (or transfer it).";
    }
    return Error::Conflict("SERVICE_ACTIVE_AT_PREMISE", message, "services");
  }

  // The customer's history: unpaid final balances, cash-only marks, returned payments.
  preview.unpaid_final_policy = rules->unpaid_final_balance;
  std::vector<Account> unpaid_accounts;
  if (request.existing_customer) {
    CISTERN_ASSIGN_OR_RETURN(auto finals, transaction.lifecycle().FinalAccountsOf(
                                              *request.existing_customer, AccountId()));
    for (AccountId id : finals) {
      CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                               LoadPosition(transaction, context.finance, id));
      if (position.balance().cents() <= 0) continue;
      CISTERN_ASSIGN_OR_RETURN(Account final_account, transaction.accounts().Get(id));
      CISTERN_ASSIGN_OR_RETURN(Premise at, transaction.premises().Get(final_account.premise_id));
      preview.unpaid_finals.push_back(
          {id, final_account.number.text(), at.address.line1, position.balance()});
      unpaid_accounts.push_back(std::move(final_account));
    }
    CISTERN_ASSIGN_OR_RETURN(preview.cash_only_until,
                             transaction.lifecycle().CashOnlyUntil(*request.existing_customer));
    if (preview.cash_only_until && *preview.cash_only_until < today) {
      preview.cash_only_until.reset();
    }
  }
  if (!preview.unpaid_finals.empty()) {
    std::string list;
    for (const UnpaidFinal& unpaid : preview.unpaid_finals) {
      list += (list.empty() ? "" : ", ") + unpaid.balance.Format() + " on account " +
              unpaid.account_number + " (" + unpaid.service_address + ")";
    }
    switch (rules->unpaid_final_balance) {
      case UnpaidFinalPolicy::kRefuse:
        if (mode != StartMode::kPreview) {
          return Error::FailedPrecondition(
              "UNPAID_FINAL_BALANCE",
              "The customer owes " + list + ". City policy: it is paid before service starts.",
              "customer_id");
        }
        preview.warnings.push_back("Unpaid final balance: " + list +
                                   ". City policy: it is paid before service starts.");
        break;
      case UnpaidFinalPolicy::kTransfer:
        if (!request.transfer_unpaid_balances && mode != StartMode::kPreview) {
          return Error::FailedPrecondition(
              "UNPAID_FINAL_BALANCE",
              "The customer owes " + list +
                  ". City policy: it is paid first, or moved onto the new account.",
              "transfer_unpaid_balances");
        }
        preview.warnings.push_back("Unpaid final balance: " + list +
                                   ". City policy: paid first, or moved onto the new account.");
        break;
      case UnpaidFinalPolicy::kAllow:
        preview.warnings.push_back("Unpaid final balance: " + list + ".");
        break;
    }
  }
  if (request.transfer_unpaid_balances &&
      rules->unpaid_final_balance == UnpaidFinalPolicy::kRefuse) {
    return Error::InvalidArgument("transfer_unpaid_balances", "TRANSFER_NOT_ALLOWED",
                                  "City policy: an unpaid final balance is paid before service "
                                  "starts; it is not moved onto the new account.");
  }
  if (preview.cash_only_until) {
    preview.warnings.push_back("Cash or certified funds only until " +
                               FormatDate(*preview.cash_only_until) + " (returned payment).");
  }

  // The meter: a metered service with a meter set gets a turn-on order.
  CISTERN_ASSIGN_OR_RETURN(auto meters, MetersNow(transaction, premise->id));
  if (metered && !meters.empty()) {
    preview.turn_on_order = true;
    preview.meter_serial = meters.back().meter.serial;
    if (request.window == ServiceWindow::kAnyTime) {
      return Error::InvalidArgument(window_field, "WINDOW_REQUIRED",
                                    "Someone must be present to sign the waiver when the water "
                                    "is turned on: choose the morning (8-10 AM) or afternoon "
                                    "(1-3 PM) window.");
    }
  } else if (metered) {
    preview.warnings.push_back(
        "No meter is set at this premise. Set one from the account page, then create a turn-on "
        "order; the account stays pending until it is completed.");
  }

  // The account and its services.
  CreateAccountRequest create;
  if (request.new_customer) {
    create.new_customer = *request.new_customer;
  } else {
    create.existing_customer = *request.existing_customer;
  }
  create.existing_premise = premise->id;
  create.mailing_address = request.mailing_address;
  create.opened_on = starts_on;
  auto created = CreateAccountIn(context, transaction, caller, create);
  if (!created.ok()) return Renamed(created.error(), "account.opened_on", date_field);
  AccountDetail detail = std::move(*created);
  const AccountId account_id = detail.account.id;
  for (const ChosenService& service : chosen) {
    ServiceRequest add;
    add.service = service.service;
    add.rate_class = service.rate_class;
    add.units = service.units;
    add.starts_on = starts_on;
    auto record = AddServiceIn(context, transaction, caller, account_id, add);
    if (!record.ok()) return Renamed(record.error(), "starts_on", date_field);
    result.started.services.push_back(std::move(*record));
  }

  // The deposit, by the guidelines (a transfer carries the old one over instead).
  if (mode != StartMode::kTransfer) {
    if (context.deposits == nullptr) {
      return Error::FailedPrecondition("DEPOSIT_RULES_MISSING",
                                       "The deposit guidelines are not loaded.");
    }
    SetDepositRequest deposit_request;
    deposit_request.quote.account = account_id;
    deposit_request.quote.tenure = request.tenure;
    deposit_request.quote.credit_rating = request.credit_rating;
    deposit_request.quote.credit_reference = request.credit_reference;
    deposit_request.quote.credit_check = request.credit_check;
    deposit_request.amount = request.deposit_amount;
    deposit_request.installments = request.deposit_installments;
    auto deposit = SetDepositIn(context, transaction, caller, deposit_request);
    if (!deposit.ok()) {
      Error error = deposit.error();
      if (error.field == "amount") error.field = "deposit_amount";
      if (error.field == "installments") error.field = "deposit_installments";
      if (error.field == "account_id") error.field = "customer";
      return error;
    }
    DepositQuoteView& quote = preview.deposit;
    quote.facts.class_code = deposit->rate_class;
    quote.facts.tenure = deposit->tenure;
    quote.facts.late_payments = deposit->late_payments;
    quote.facts.returned_payments = deposit->returned_payments;
    quote.facts.credit = deposit->credit;
    quote.quote.amount = deposit->computed;
    quote.quote.reasons = deposit->reasons;
    quote.installments_max = context.deposits->installments_max;
    quote.installments = SplitInstallments(deposit->computed, quote.installments_max);
    preview.returned_payments = deposit->returned_payments;
    if (deposit->required.cents() > 0) {
      if (request.deposit_paid_now) {
        CISTERN_RETURN_IF_ERROR(RecordDepositPaidIn(context, transaction, caller, account_id));
      } else {
        // The first installment goes on the account now, so the first bill carries it.
        CISTERN_RETURN_IF_ERROR(BillDepositInstallmentIn(context, transaction, caller, account_id));
      }
    }
    CISTERN_ASSIGN_OR_RETURN(result.started.deposit, transaction.deposits().OfAccount(account_id));
  }

  // The new service (or transfer) fee.
  const std::string fee_code =
      mode == StartMode::kTransfer ? rules->transfer_fee : rules->new_service_fee;
  if (!fee_code.empty()) {
    const Fee* fee = context.finance.FindFee(fee_code);
    if (fee == nullptr) {
      return Error::FailedPrecondition("FEE_UNKNOWN", "The service rules name fee \"" + fee_code +
                                                          "\", which the fee schedule lacks.");
    }
    preview.fee = *fee;
    CISTERN_ASSIGN_OR_RETURN(JournalEntry fee_entry,
                             PostFeeIn(context, transaction, caller, account_id, *fee,
                                       "account " + detail.account.number.text()));
    result.started.fee_entry = fee_entry.id;
  }

  // The turn-on order; with nothing to turn on, service is on from the first day.
  if (preview.turn_on_order) {
    ServiceOrderRequest order;
    order.type = ServiceOrderType::kTurnOn;
    order.account = account_id;
    order.premise = premise->id;
    order.requested_on = std::max(starts_on, today);
    order.window = request.window;
    order.remarks = remarks;
    auto created_order = CreateServiceOrderIn(context, transaction, caller, order);
    if (!created_order.ok()) {
      Error error = Renamed(created_order.error(), "requested_on", date_field);
      return Renamed(error, "window", window_field);
    }
    result.started.turn_on_order = std::move(*created_order);
  } else if (!metered) {
    CISTERN_RETURN_IF_ERROR(
        SetStatus(context, transaction, caller, detail.account, AccountStatus::kActive));
    detail.account.status = AccountStatus::kActive;
  }

  LifecycleRequest& record = result.started.request;
  record.kind = LifecycleKind::kStart;
  record.status = LifecycleStatus::kOpen;
  record.account_id = account_id;
  record.premise_id = premise->id;
  record.requested_on = starts_on;
  if (result.started.turn_on_order) record.order_id = result.started.turn_on_order->id;
  record.fee_code = preview.fee ? preview.fee->code : "";
  record.fee_entry_id = result.started.fee_entry;
  record.created_at = context.clock.Now();
  record.created_by = caller.user_id;
  CISTERN_ASSIGN_OR_RETURN(record.id, transaction.lifecycle().Insert(record));
  if (!metered) {
    // Nothing for the field to do: the start is complete as requested. (A metered start at a
    // premise without a meter stays open until a turn-on order is completed.)
    CISTERN_RETURN_IF_ERROR(
        transaction.lifecycle().Complete(record.id, std::nullopt, std::nullopt, record.created_at));
  }

  // Unpaid final balances the CSR chose to move onto the new account.
  if (request.transfer_unpaid_balances) {
    for (const Account& unpaid : unpaid_accounts) {
      CISTERN_RETURN_IF_ERROR(TransferBalanceIn(context, transaction, caller, unpaid,
                                                detail.account,
                                                "unpaid final balance moved at start of service"));
      CISTERN_RETURN_IF_ERROR(CloseIfSettled(context, transaction, caller, unpaid.id));
    }
  }

  std::string services_text;
  for (const ChosenService& service : chosen) {
    services_text += (services_text.empty() ? "" : ", ") + service.service + ":" +
                     service.rate_class + "x" + std::to_string(service.units);
  }
  FieldValues after = {{"kind", mode == StartMode::kTransfer ? "transfer_start" : "start"},
                       {"requested_on", FormatDate(starts_on)},
                       {"services", services_text}};
  if (result.started.turn_on_order) {
    after.push_back({"turn_on_order", std::to_string(result.started.turn_on_order->id.value())});
  }
  if (result.started.deposit) {
    after.push_back({"deposit_required", result.started.deposit->required.Format()});
  }
  if (preview.fee) after.push_back({"fee", preview.fee->code});
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, transaction, caller,
      {"service.start_request", "service_request", record.id.value(), account_id, {}, after}));
  CISTERN_ASSIGN_OR_RETURN(record, transaction.lifecycle().Get(record.id));
  result.started.account = ViewFor(caller, std::move(detail));
  return result;
}

// The final bill and what follows it; see PostFinalBill.
// `post_bill` is false for an account that was never turned on: nothing to bill.
Result<FinalBillResult> FinalBillIn(const AppContext& context, Transaction& transaction,
                                    const Caller& caller, AccountId account_id,
                                    const std::optional<Reading>& final_reading,
                                    bool post_bill = true) {
  CISTERN_ASSIGN_OR_RETURN(auto rules, RulesOf(context));
  CISTERN_ASSIGN_OR_RETURN(auto stop,
                           transaction.lifecycle().OpenRequestOf(account_id, LifecycleKind::kStop));
  if (!stop) {
    return Error::FailedPrecondition("NO_STOP_REQUESTED", "No stop is requested on this account.",
                                     "account_id");
  }
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(account_id));
  const Date today = context.Today();
  const Date stop_on = stop->requested_on;

  // The period: from the day after the last bill, in whole months reaching the stop date, so a
  // partial month is prorated by days against its full length.
  CISTERN_ASSIGN_OR_RETURN(auto bills, transaction.billing().BillsOf(account_id, {20, 0}));
  std::optional<Date> billed_through;
  for (const Bill& bill : bills.items) {
    if (bill.status == BillStatus::kPosted) {
      billed_through = bill.period_last;
      break;
    }
  }
  Date first = account.opened_on;
  CISTERN_ASSIGN_OR_RETURN(auto services, transaction.metering().ServicesOf(account_id));
  if (!services.empty()) {
    first = services.front().starts_on;
    for (const ServiceRecord& service : services) first = std::min(first, service.starts_on);
  }
  if (billed_through) first = AddDays(*billed_through, 1);
  FinalBillResult result;
  std::optional<Bill> bill;
  if (post_bill && first <= stop_on) {
    int months = 1;
    while (AddDays(AddMonths(first, months), -1) < stop_on) ++months;
    const Date last = AddDays(AddMonths(first, months), -1);
    BillDates dates{*Period::Make(first, last), today, DueDate(context.billing, today),
                    std::nullopt, true};
    auto adjust = [&](AccountToBill& inputs) {
      if (!final_reading) return;
      for (MeterToBill& meter : inputs.meters) {
        if (meter.meter.id != final_reading->meter_id) continue;
        meter.current = ReadingRef{final_reading->id, final_reading->read_on, final_reading->value,
                                   final_reading->kind};
        meter.held_reading = false;
      }
    };
    CISTERN_ASSIGN_OR_RETURN(
        bill, PostSingleBillIn(context, transaction, caller, account_id,
                               *Period::Make(first, stop_on), dates, adjust, "FINAL_BILL_BLOCKED"));
  }
  if (bill) {
    result.bill_id = bill->id;
    result.current_charges = bill->current_charges;
    result.total_due = bill->total_due;
  }

  // The deposit, with its interest, pays what the final bill says is owed.
  CISTERN_ASSIGN_OR_RETURN(
      auto applied, ApplyDepositInTransaction(context, caller, transaction, account_id, today));
  if (applied) result.deposit_applied = applied->event.amount;

  // A transfer carries the balance to the new account (per policy); otherwise a credit is
  // refunded and a debt stays for collections.
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(transaction, context.finance, account_id));
  if (stop->paired_account_id && rules->transfer_old_balance == OldBalancePolicy::kCarry) {
    CISTERN_ASSIGN_OR_RETURN(Account target, transaction.accounts().Get(*stop->paired_account_id));
    CISTERN_ASSIGN_OR_RETURN(
        result.balance_carried,
        TransferBalanceIn(context, transaction, caller, account, target, "transfer of service"));
  } else if (position.balance().is_negative()) {
    CISTERN_ASSIGN_OR_RETURN(Money pending, transaction.approvals().PendingRefunds(account_id));
    const Money refundable = -position.balance() - pending;
    if (refundable.cents() > 0) {
      CISTERN_ASSIGN_OR_RETURN(Refund refund,
                               RequestRefundIn(context, transaction, caller, account_id, refundable,
                                               "Credit after the final bill"));
      result.refund_id = refund.id;
    }
  }
  CISTERN_ASSIGN_OR_RETURN(position, LoadPosition(transaction, context.finance, account_id));
  result.balance_after = position.balance();

  CISTERN_RETURN_IF_ERROR(SetStatus(context, transaction, caller, account, AccountStatus::kFinal));
  CISTERN_RETURN_IF_ERROR(transaction.lifecycle().Complete(
      stop->id, final_reading ? std::optional<ReadingId>(final_reading->id) : std::nullopt,
      bill ? std::optional<BillId>(bill->id) : std::nullopt, context.clock.Now()));
  FieldValues after = {{"stop_on", FormatDate(stop_on)},
                       {"balance_after", result.balance_after.Format()}};
  if (bill) {
    after.push_back({"bill_id", std::to_string(bill->id.value())});
    after.push_back({"current_charges", bill->current_charges.Format()});
  }
  if (result.deposit_applied)
    after.push_back({"deposit_applied", result.deposit_applied->Format()});
  if (result.balance_carried)
    after.push_back({"balance_carried", result.balance_carried->Format()});
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, transaction, caller,
      {"service.final_bill", "service_request", stop->id.value(), account_id, {}, after}));
  CISTERN_ASSIGN_OR_RETURN(bool closed, CloseIfSettled(context, transaction, caller, account_id));
  result.status = closed ? AccountStatus::kClosed : AccountStatus::kFinal;
  return result;
}

struct StopOptions {
  std::optional<LifecycleRequestId> paired_request;
  std::optional<AccountId> paired_account;
  std::string date_field = "stop_on";
  std::string window_field = "window";
};

Result<StoppedService> StopIn(const AppContext& context, Transaction& transaction,
                              const Caller& caller, const StopServiceRequest& request,
                              const StopOptions& options) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto rules, RulesOf(context));
  const Date today = context.Today();
  const std::string remarks(Trim(request.remarks));
  CISTERN_RETURN_IF_ERROR(CheckRemarks(remarks));
  auto loaded = transaction.accounts().Get(request.account);
  if (!loaded.ok()) return Renamed(loaded.error(), "", "account_id");
  Account account = *loaded;
  if (account.status != AccountStatus::kActive && account.status != AccountStatus::kPending) {
    return Error::FailedPrecondition("ACCOUNT_NOT_ACTIVE",
                                     "Account " + account.number.text() + " is " +
                                         AccountStatusCode(account.status) +
                                         "; only an active or pending account is stopped.",
                                     "account_id");
  }
  CISTERN_ASSIGN_OR_RETURN(auto open_stop,
                           transaction.lifecycle().OpenRequestOf(account.id, LifecycleKind::kStop));
  if (open_stop) {
    return Error::Conflict("STOP_ALREADY_REQUESTED",
                           "A stop on " + FormatDate(open_stop->requested_on) +
                               " is already requested for this account.",
                           "account_id");
  }
  CISTERN_RETURN_IF_ERROR(
      CheckDay(*rules, request.stop_on, today, options.date_field, "last day of service"));
  const Date stop_on = *request.stop_on;
  CISTERN_ASSIGN_OR_RETURN(auto services, transaction.metering().ServicesOf(account.id));
  for (const ServiceRecord& service : services) {
    if (service.ends_on && *service.ends_on < stop_on) continue;  // ended before
    if (stop_on < service.starts_on) {
      return Error::InvalidArgument(options.date_field, "STOP_BEFORE_START",
                                    "The " + service.service + " service starts on " +
                                        FormatDate(service.starts_on) +
                                        "; the last day of service cannot be before it.");
    }
  }
  CISTERN_ASSIGN_OR_RETURN(auto bills, transaction.billing().BillsOf(account.id, {20, 0}));
  for (const Bill& bill : bills.items) {
    if (bill.status != BillStatus::kPosted) continue;
    if (bill.period_last > stop_on) {
      return Error::InvalidArgument(options.date_field, "STOP_BEFORE_LAST_BILL",
                                    "The account is billed through " +
                                        FormatDate(bill.period_last) +
                                        "; the last day of service is that day or later. "
                                        "For a stop reported late, use that day: the usage "
                                        "since is on the final bill.");
    }
    break;
  }
  std::optional<Address> forwarding;
  if (request.forwarding_address) {
    forwarding = NormalizeAddress(*request.forwarding_address);
    CISTERN_RETURN_IF_ERROR(ValidateAddress(*forwarding, "forwarding_address"));
  }

  StoppedService stopped;
  LifecycleRequest& record = stopped.request;
  record.kind = LifecycleKind::kStop;
  record.account_id = account.id;
  record.premise_id = account.premise_id;
  record.requested_on = stop_on;
  record.paired_request_id = options.paired_request;
  record.paired_account_id = options.paired_account;
  record.created_at = context.clock.Now();
  record.created_by = caller.user_id;

  // Services end on the stop date.
  for (const ServiceRecord& service : services) {
    if (service.ends_on && *service.ends_on <= stop_on) continue;
    const Date ends_on = std::max(stop_on, service.starts_on);
    CISTERN_RETURN_IF_ERROR(transaction.lifecycle().SetServiceEnd(service.id, ends_on));
    CISTERN_RETURN_IF_ERROR(
        RecordAudit(context, transaction, caller,
                    {"service.stop",
                     "service",
                     service.id.value(),
                     account.id,
                     {{"ends_on", service.ends_on ? FormatDate(*service.ends_on) : std::string()}},
                     {{"ends_on", FormatDate(ends_on)}}}));
  }
  if (forwarding && !(*forwarding == account.mailing_address)) {
    CISTERN_RETURN_IF_ERROR(
        transaction.customer_changes().UpdateAccountMailingAddress(account.id, *forwarding));
    CISTERN_RETURN_IF_ERROR(RecordAudit(context, transaction, caller,
                                        {"account.forwarding_address",
                                         "account",
                                         account.id.value(),
                                         account.id,
                                         {{"mail_line1", account.mailing_address.line1}},
                                         {{"mail_line1", forwarding->line1},
                                          {"mail_city", forwarding->city},
                                          {"mail_postal_code", forwarding->postal_code}}}));
  }

  if (account.status == AccountStatus::kPending) {
    // Never turned on: the turn-on is cancelled and nothing is billed.
    CISTERN_ASSIGN_OR_RETURN(
        auto start, transaction.lifecycle().OpenRequestOf(account.id, LifecycleKind::kStart));
    if (start) {
      if (start->order_id) {
        CISTERN_ASSIGN_OR_RETURN(ServiceOrder order,
                                 transaction.service_orders().Get(*start->order_id));
        if (order.status == ServiceOrderStatus::kOpen ||
            order.status == ServiceOrderStatus::kDispatched) {
          CISTERN_RETURN_IF_ERROR(CancelServiceOrderIn(context, transaction, caller, order.id,
                                                       "Service stopped before it was turned on"));
        }
      }
      CISTERN_RETURN_IF_ERROR(transaction.lifecycle().Cancel(start->id, record.created_at));
    }
    record.status = LifecycleStatus::kOpen;
    CISTERN_ASSIGN_OR_RETURN(record.id, transaction.lifecycle().Insert(record));
    CISTERN_RETURN_IF_ERROR(
        RecordAudit(context, transaction, caller,
                    {"service.stop_request",
                     "service_request",
                     record.id.value(),
                     account.id,
                     {},
                     {{"stop_on", FormatDate(stop_on)}, {"note", "never turned on"}}}));
    CISTERN_ASSIGN_OR_RETURN(
        stopped.final_bill,
        FinalBillIn(context, transaction, caller, account.id, std::nullopt, /*post_bill=*/false));
    CISTERN_ASSIGN_OR_RETURN(stopped.request, transaction.lifecycle().Get(record.id));
    return stopped;
  }

  CISTERN_ASSIGN_OR_RETURN(auto meters, MetersNow(transaction, account.premise_id));
  if (!meters.empty()) {
    ServiceOrderRequest order;
    order.type = ServiceOrderType::kFinalRead;
    order.account = account.id;
    order.premise = account.premise_id;
    order.meter = meters.back().meter.id;
    order.requested_on = std::max(stop_on, today);
    order.window = request.window;
    order.remarks = remarks;
    auto created = CreateServiceOrderIn(context, transaction, caller, order);
    if (!created.ok()) {
      Error error = Renamed(created.error(), "requested_on", options.date_field);
      return Renamed(error, "window", options.window_field);
    }
    stopped.final_read_order = std::move(*created);
    record.order_id = stopped.final_read_order->id;
  }
  CISTERN_ASSIGN_OR_RETURN(record.id, transaction.lifecycle().Insert(record));
  FieldValues after = {{"stop_on", FormatDate(stop_on)}};
  if (record.order_id)
    after.push_back({"final_read_order", std::to_string(record.order_id->value())});
  if (record.paired_account_id) {
    after.push_back({"transfer_to", std::to_string(record.paired_account_id->value())});
  }
  CISTERN_RETURN_IF_ERROR(RecordAudit(
      context, transaction, caller,
      {"service.stop_request", "service_request", record.id.value(), account.id, {}, after}));
  if (!stopped.final_read_order) {
    // No meter to read: the final bill goes out now.
    CISTERN_ASSIGN_OR_RETURN(stopped.final_bill,
                             FinalBillIn(context, transaction, caller, account.id, std::nullopt));
  }
  CISTERN_ASSIGN_OR_RETURN(stopped.request, transaction.lifecycle().Get(record.id));
  return stopped;
}

// --- idempotent replays: the first result, read back from what it wrote ----------------------

Result<StartedService> StartedFrom(Transaction& transaction, const Caller& caller,
                                   LifecycleRequestId id) {
  StartedService started;
  started.replayed = true;
  CISTERN_ASSIGN_OR_RETURN(started.request, transaction.lifecycle().Get(id));
  AccountDetail detail;
  CISTERN_ASSIGN_OR_RETURN(detail.account, transaction.accounts().Get(started.request.account_id));
  CISTERN_ASSIGN_OR_RETURN(detail.customer,
                           transaction.customers().Get(detail.account.customer_id));
  CISTERN_ASSIGN_OR_RETURN(detail.premise, transaction.premises().Get(detail.account.premise_id));
  started.account = ViewFor(caller, std::move(detail));
  CISTERN_ASSIGN_OR_RETURN(started.services,
                           transaction.metering().ServicesOf(started.request.account_id));
  CISTERN_ASSIGN_OR_RETURN(started.deposit,
                           transaction.deposits().OfAccount(started.request.account_id));
  if (started.request.order_id) {
    CISTERN_ASSIGN_OR_RETURN(started.turn_on_order,
                             transaction.service_orders().Get(*started.request.order_id));
  }
  started.fee_entry = started.request.fee_entry_id;
  return started;
}

// The final bill as it stands: what the bill and the account say now.
Result<FinalBillResult> FinalBillFrom(const AppContext& context, Transaction& transaction,
                                      const LifecycleRequest& stop) {
  FinalBillResult result;
  result.replayed = true;
  if (stop.final_bill_id) {
    CISTERN_ASSIGN_OR_RETURN(Bill bill, transaction.billing().GetBill(*stop.final_bill_id));
    result.bill_id = bill.id;
    result.current_charges = bill.current_charges;
    result.total_due = bill.total_due;
  }
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(transaction, context.finance, stop.account_id));
  result.balance_after = position.balance();
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(stop.account_id));
  result.status = account.status;
  return result;
}

Result<StoppedService> StoppedFrom(const AppContext& context, Transaction& transaction,
                                   LifecycleRequestId id) {
  StoppedService stopped;
  stopped.replayed = true;
  CISTERN_ASSIGN_OR_RETURN(stopped.request, transaction.lifecycle().Get(id));
  if (stopped.request.order_id) {
    CISTERN_ASSIGN_OR_RETURN(stopped.final_read_order,
                             transaction.service_orders().Get(*stopped.request.order_id));
  } else if (stopped.request.status == LifecycleStatus::kCompleted) {
    CISTERN_ASSIGN_OR_RETURN(stopped.final_bill,
                             FinalBillFrom(context, transaction, stopped.request));
  }
  return stopped;
}

class AccountLifecycleHooks final : public ServiceOrderLifecycle {
 public:
  Status OnTurnOnCompleted(const AppContext& context, Transaction& transaction,
                           const Caller& caller, const ServiceOrder& order,
                           const ReadingOutcome& reading) const override {
    if (!order.account_id) return OkStatus();
    CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(*order.account_id));
    if (account.status != AccountStatus::kPending) return OkStatus();
    const Date on = reading.reading.read_on;
    CISTERN_RETURN_IF_ERROR(transaction.lifecycle().SetStartReading(
        account.id, reading.reading.meter_id, reading.reading.id));
    // Service starts on the day the water was turned on, from that reading.
    CISTERN_ASSIGN_OR_RETURN(auto services, transaction.metering().ServicesOf(account.id));
    for (const ServiceRecord& service : services) {
      if (service.starts_on == on || (service.ends_on && *service.ends_on < on)) continue;
      CISTERN_RETURN_IF_ERROR(transaction.lifecycle().SetServiceStart(service.id, on));
      CISTERN_RETURN_IF_ERROR(RecordAudit(context, transaction, caller,
                                          {"service.start",
                                           "service",
                                           service.id.value(),
                                           account.id,
                                           {{"starts_on", FormatDate(service.starts_on)}},
                                           {{"starts_on", FormatDate(on)}}}));
    }
    CISTERN_RETURN_IF_ERROR(
        SetStatus(context, transaction, caller, account, AccountStatus::kActive));
    CISTERN_ASSIGN_OR_RETURN(
        auto start, transaction.lifecycle().OpenRequestOf(account.id, LifecycleKind::kStart));
    if (start) {
      CISTERN_RETURN_IF_ERROR(transaction.lifecycle().Complete(start->id, reading.reading.id,
                                                               std::nullopt, context.clock.Now()));
    }
    return RecordAudit(context, transaction, caller,
                       {"service.turned_on",
                        "account",
                        account.id.value(),
                        account.id,
                        {},
                        {{"read_on", FormatDate(on)},
                         {"reading", std::to_string(reading.reading.value)},
                         {"order", std::to_string(order.id.value())}}});
  }

  Status OnFinalReadCompleted(const AppContext& context, Transaction& transaction,
                              const Caller& caller, const ServiceOrder& order,
                              const ReadingOutcome& reading) const override {
    if (!order.account_id) return OkStatus();
    CISTERN_ASSIGN_OR_RETURN(
        auto stop, transaction.lifecycle().OpenRequestOf(*order.account_id, LifecycleKind::kStop));
    if (!stop) return OkStatus();
    auto billed = FinalBillIn(context, transaction, caller, *order.account_id, reading.reading);
    if (!billed.ok()) return billed.error();
    return OkStatus();
  }
};

}  // namespace

Result<StartServicePreview> PreviewStartService(const AppContext& context, const Caller& caller,
                                                const StartServiceRequest& request) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  // The start is worked through in full and rolled back: the preview is exactly what Start
  // would do, with no second copy of the rules.
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(StartResult result,
                           StartIn(context, *transaction, caller, request, StartMode::kPreview));
  return std::move(result.preview);
}

Result<StartedService> StartService(const AppContext& context, const Caller& caller,
                                    const StartServiceRequest& request, const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier,
                           FindIdempotent(*transaction, caller, key, "service_start"));
  if (earlier) return StartedFrom(*transaction, caller, LifecycleRequestId(*earlier));
  CISTERN_ASSIGN_OR_RETURN(StartResult result,
                           StartIn(context, *transaction, caller, request, StartMode::kStart));
  CISTERN_RETURN_IF_ERROR(RememberIdempotent(context, *transaction, caller, key, "service_start",
                                             result.started.request.id.value()));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return std::move(result.started);
}

Result<StoppedService> StopService(const AppContext& context, const Caller& caller,
                                   const StopServiceRequest& request, const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier, FindIdempotent(*transaction, caller, key, "service_stop"));
  if (earlier) return StoppedFrom(context, *transaction, LifecycleRequestId(*earlier));
  CISTERN_ASSIGN_OR_RETURN(StoppedService stopped,
                           StopIn(context, *transaction, caller, request, StopOptions{}));
  CISTERN_RETURN_IF_ERROR(RememberIdempotent(context, *transaction, caller, key, "service_stop",
                                             stopped.request.id.value()));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return stopped;
}

Result<TransferredService> TransferService(const AppContext& context, const Caller& caller,
                                           const TransferServiceRequest& request,
                                           const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  if (!request.stop_on) {
    return Error::InvalidArgument("stop_on", "DATE_REQUIRED", "Give the last day of service.");
  }
  const Date start_on = request.start_on.value_or(AddDays(*request.stop_on, 1));
  if (start_on < *request.stop_on) {
    return Error::InvalidArgument("start_on", "START_BEFORE_STOP",
                                  "Service at the new premise starts on or after the last day at "
                                  "the old one.");
  }
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier,
                           FindIdempotent(*transaction, caller, key, "service_transfer"));
  if (earlier) {
    TransferredService replay;
    replay.replayed = true;
    CISTERN_ASSIGN_OR_RETURN(replay.started,
                             StartedFrom(*transaction, caller, LifecycleRequestId(*earlier)));
    if (replay.started.request.paired_request_id) {
      CISTERN_ASSIGN_OR_RETURN(
          replay.stopped,
          StoppedFrom(context, *transaction, *replay.started.request.paired_request_id));
    }
    CISTERN_ASSIGN_OR_RETURN(replay.deposit_carried, transaction->lifecycle().DepositCarriedTo(
                                                         replay.started.request.account_id));
    return replay;
  }
  auto from = transaction->accounts().Get(request.from);
  if (!from.ok()) return Renamed(from.error(), "", "account_id");
  if (from->premise_id == request.to_premise) {
    return Error::InvalidArgument("to_premise_id", "SAME_PREMISE",
                                  "A transfer moves service to another premise; this is the "
                                  "account's own premise.");
  }
  if (from->status != AccountStatus::kActive && from->status != AccountStatus::kPending) {
    return Error::FailedPrecondition("ACCOUNT_NOT_ACTIVE",
                                     "Account " + from->number.text() + " is " +
                                         AccountStatusCode(from->status) +
                                         "; only an active or pending account is transferred.",
                                     "account_id");
  }

  // The new account first, so the stop can name it for the balance it carries.
  StartServiceRequest start;
  start.existing_customer = from->customer_id;
  start.premise = request.to_premise;
  start.mailing_address = request.mailing_address;
  start.requested_on = start_on;
  start.window = request.start_window;
  start.services = request.services;
  start.units = request.units;
  start.remarks = request.remarks;
  start.transfer_unpaid_balances = request.transfer_unpaid_balances;
  CISTERN_ASSIGN_OR_RETURN(StartResult started,
                           StartIn(context, *transaction, caller, start, StartMode::kTransfer));
  TransferredService transferred;
  transferred.started = std::move(started.started);
  const AccountId to = transferred.started.account.detail.account.id;

  // The deposit moves before the stop, so a final bill posted at once (no meter to read) does not
  // use it.
  CISTERN_ASSIGN_OR_RETURN(transferred.deposit_carried,
                           CarryDepositIn(context, *transaction, caller, request.from, to));

  StopServiceRequest stop;
  stop.account = request.from;
  stop.stop_on = request.stop_on;
  stop.window = request.stop_window;
  stop.remarks = request.remarks;
  StopOptions options;
  options.paired_request = transferred.started.request.id;
  options.paired_account = to;
  options.window_field = "stop_window";
  CISTERN_ASSIGN_OR_RETURN(transferred.stopped,
                           StopIn(context, *transaction, caller, stop, options));
  CISTERN_RETURN_IF_ERROR(transaction->lifecycle().SetPair(
      transferred.started.request.id, transferred.stopped.request.id, request.from));
  CISTERN_ASSIGN_OR_RETURN(transferred.started.deposit, transaction->deposits().OfAccount(to));
  CISTERN_ASSIGN_OR_RETURN(transferred.started.request,
                           transaction->lifecycle().Get(transferred.started.request.id));
  CISTERN_RETURN_IF_ERROR(RememberIdempotent(context, *transaction, caller, key, "service_transfer",
                                             transferred.started.request.id.value()));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return transferred;
}

const ServiceOrderLifecycle& AccountLifecycle() {
  static const AccountLifecycleHooks hooks;
  return hooks;
}

// The billing reading a completed turn-on or final-read order ended with: its own reading when
// ready, else the reading that resolved its held exception (accepted, corrected, estimated or
// answered by a re-read); nullopt while none is ready.
static Result<std::optional<Reading>> OrderBillingReading(Transaction& transaction,
                                                          const ServiceOrder& order) {
  if (order.reading_id) {
    CISTERN_ASSIGN_OR_RETURN(Reading read, transaction.metering().GetReading(*order.reading_id));
    if (read.status == ReadingStatus::kReady) return std::optional<Reading>(read);
  }
  if (order.held_exception_id) {
    CISTERN_ASSIGN_OR_RETURN(ReadingException exception,
                             transaction.metering().GetException(*order.held_exception_id));
    if (exception.resolution_reading_id) {
      CISTERN_ASSIGN_OR_RETURN(Reading read,
                               transaction.metering().GetReading(*exception.resolution_reading_id));
      if (read.status == ReadingStatus::kReady) return std::optional<Reading>(read);
    }
  }
  return std::optional<Reading>();
}

Status ResumeAfterHeldReading(const AppContext& context, Transaction& transaction,
                              const Caller& caller, const ReadingException& resolved) {
  if (!resolved.resolution_reading_id) return OkStatus();
  CISTERN_ASSIGN_OR_RETURN(auto order_id,
                           transaction.lifecycle().OrderHoldingException(resolved.id));
  if (!order_id) return OkStatus();
  CISTERN_ASSIGN_OR_RETURN(ServiceOrder order, transaction.service_orders().Get(*order_id));
  ReadingOutcome outcome;
  CISTERN_ASSIGN_OR_RETURN(outcome.reading,
                           transaction.metering().GetReading(*resolved.resolution_reading_id));
  if (order.type == ServiceOrderType::kTurnOn) {
    return AccountLifecycle().OnTurnOnCompleted(context, transaction, caller, order, outcome);
  }
  if (order.type == ServiceOrderType::kFinalRead) {
    return AccountLifecycle().OnFinalReadCompleted(context, transaction, caller, order, outcome);
  }
  return OkStatus();
}

Result<FinalBillResult> PostFinalBill(const AppContext& context, const Caller& caller,
                                      AccountId account, const IdempotencyKey& key) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kWriteAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
  CISTERN_ASSIGN_OR_RETURN(auto earlier, FindIdempotent(*transaction, caller, key, "final_bill"));
  if (earlier) {
    CISTERN_ASSIGN_OR_RETURN(LifecycleRequest stop,
                             transaction->lifecycle().Get(LifecycleRequestId(*earlier)));
    return FinalBillFrom(context, *transaction, stop);
  }
  auto loaded = transaction->accounts().Get(account);
  if (!loaded.ok()) return Renamed(loaded.error(), "", "account_id");
  CISTERN_ASSIGN_OR_RETURN(auto stop,
                           transaction->lifecycle().OpenRequestOf(account, LifecycleKind::kStop));
  if (!stop) {
    return Error::FailedPrecondition(
        "NO_STOP_REQUESTED", "No stop waiting for its final bill on this account.", "account_id");
  }
  std::optional<Reading> reading;
  if (stop->order_id) {
    CISTERN_ASSIGN_OR_RETURN(ServiceOrder order,
                             transaction->service_orders().Get(*stop->order_id));
    if (order.status != ServiceOrderStatus::kCompleted || !order.reading_id) {
      return Error::FailedPrecondition("FINAL_READ_PENDING",
                                       "The final-read order is not completed with a reading yet.",
                                       "account_id");
    }
    CISTERN_ASSIGN_OR_RETURN(reading, OrderBillingReading(*transaction, order));
    if (!reading) {
      return Error::FailedPrecondition("NO_FINAL_READING",
                                       "The final reading waits in the readings exceptions "
                                       "queue; accept, correct or estimate it there.",
                                       "account_id");
    }
  }
  CISTERN_ASSIGN_OR_RETURN(FinalBillResult result,
                           FinalBillIn(context, *transaction, caller, account, reading));
  CISTERN_RETURN_IF_ERROR(
      RememberIdempotent(context, *transaction, caller, key, "final_bill", stop->id.value()));
  CISTERN_RETURN_IF_ERROR(transaction->Commit());
  return result;
}

Result<bool> CloseIfSettled(const AppContext& context, Transaction& transaction,
                            const Caller& caller, AccountId account_id) {
  CISTERN_ASSIGN_OR_RETURN(Account account, transaction.accounts().Get(account_id));
  if (account.status != AccountStatus::kFinal) return false;
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(transaction, context.finance, account_id));
  if (!position.balance().is_zero() || !position.credit.is_zero() || !position.by_fund.empty()) {
    return false;
  }
  CISTERN_RETURN_IF_ERROR(SetStatus(context, transaction, caller, account, AccountStatus::kClosed));
  return true;
}

Result<std::vector<LifecycleRequest>> ListLifecycleRequests(const AppContext& context,
                                                            const Caller& caller,
                                                            AccountId account) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadAccounts));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  auto loaded = transaction->accounts().Get(account);
  if (!loaded.ok()) return Renamed(loaded.error(), "", "account_id");
  return transaction->lifecycle().ListFor(account);
}

}  // namespace cistern
