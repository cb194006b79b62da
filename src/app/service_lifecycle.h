// Start, stop and transfer service (issue 5; docs/service_lifecycle.md; docs/api.md, "Start, stop
// and transfer").
//
// Start service opens a pending account for a customer at a premise with the services the city's
// rules choose (config/service_rules.toml, AppContext::service_rules), the deposit its
// guidelines compute, the new service fee and a turn-on order for the requested date and window.
// Completing the turn-on order with its reading activates the account: billing starts from that
// reading, and services start on its date.
//
// Stop service ends the account's services on the stop date and creates a final-read order.
// Completing it with its reading posts the final bill, prorated to the stop date; the deposit
// (with interest) is applied to it; a remaining credit becomes a refund request; a remaining debt
// stays on the final account for collections. The account is final, and closed once its balance
// is zero (CloseIfSettled, also run after payments, refunds, transfers and write-offs).
//
// Transfer stops at one premise and starts at another for the same customer in one step: the
// transfer fee instead of the new service fee, the deposit carried over to the new account at
// once, and the old balance carried to the new account after the final bill (or left, per
// policy).
//
// Every write checks accounts.write, validates everything first and writes in one transaction
// with its audit entries: nothing is half done. The writes move money (fees, deposits, final
// bills), so each takes an IdempotencyKey: the same key and request again returns the first
// result (`replayed`) without doing anything twice; the key with another request is CONFLICT
// IDEMPOTENCY_KEY_REUSED. An empty key (internal callers) is not remembered.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/app_context.h"
#include "app/deposits.h"
#include "app/ledger.h"
#include "app/service_orders.h"
#include "app/store/lifecycle_repository.h"
#include "domain/auth/roles.h"
#include "domain/lifecycle/service_rules.h"

namespace cistern {

struct StartServiceRequest {
  // Who: exactly one of a new customer or an existing one.
  std::optional<Customer> new_customer;
  std::optional<CustomerId> existing_customer;
  PremiseId premise;                               // where; required
  std::optional<Address> mailing_address;          // default: the customer's mailing address
  std::optional<Date> requested_on;                // required: the first day of service
  ServiceWindow window = ServiceWindow::kAnyTime;  // the turn-on window (morning or afternoon)
  std::vector<std::string> services;          // empty: every service offered at the premise type
  std::map<std::string, std::int64_t> units;  // per service, overrides the rule's units
  // The deposit: the guidelines' amount from tenure, history and the credit check.
  Tenure tenure = Tenure::kRenter;
  std::string credit_rating;            // the bureau's result as the CSR read it; "" = none
  std::string credit_reference;         // the report number
  std::optional<Money> deposit_amount;  // only the computed amount is accepted (see below)
  int deposit_installments = 1;         // 1..installments_max
  bool deposit_paid_now = false;        // the customer pays it at the counter now
  // Policy "transfer": move the customer's unpaid final balances onto the new account.
  bool transfer_unpaid_balances = false;
  std::string remarks;                  // for the turn-on order
  CreditCheck* credit_check = nullptr;  // a bureau connector; overrides the CSR's entry
};

// An unpaid final balance of the customer at another premise.
struct UnpaidFinal {
  AccountId account_id;
  std::string account_number;
  std::string service_address;
  Money balance;
};

struct ChosenServiceView {
  ChosenService chosen;
  std::string service_name;  // "Water"
  std::string class_name;    // "Residential water meter"
  std::string unit_name;     // "cart", "dwelling unit"
  bool metered = false;
};

// What the CSR reads out before confirming a start (or a transfer's start half).
struct StartServicePreview {
  std::optional<Customer> customer;  // an existing customer, as on file
  Premise premise;
  std::vector<ChosenServiceView> services;
  DepositQuoteView deposit;
  std::optional<Fee> fee;  // the new service (or transfer) fee
  std::vector<UnpaidFinal> unpaid_finals;
  UnpaidFinalPolicy unpaid_final_policy = UnpaidFinalPolicy::kTransfer;
  std::optional<Date> cash_only_until;  // the latest cash-only mark on the customer's accounts
  int returned_payments = 0;            // in the deposit rules' returned window
  bool turn_on_order = false;           // a metered service and a meter at the premise
  std::string meter_serial;
  // Things to tell the customer that do not stop the start ("No meter is set at the premise...").
  std::vector<std::string> warnings;
};

// Checks everything StartService checks and returns what it would do; writes nothing. One
// difference: an unpaid final balance the policy refuses is listed in `warnings` (with the
// balances in `unpaid_finals`) instead of refusing the preview, so the CSR sees what to resolve.
Result<StartServicePreview> PreviewStartService(const AppContext& context, const Caller& caller,
                                                const StartServiceRequest& request);

struct StartedService {
  AccountView account;  // pending until the turn-on order is completed
  std::vector<ServiceRecord> services;
  std::optional<Deposit> deposit;
  std::optional<ServiceOrder> turn_on_order;
  std::optional<JournalEntryId> fee_entry;
  LifecycleRequest request;
  bool replayed = false;  // an idempotent replay of an earlier request
};

// Refuses (nothing written), naming the field: no requested date, one further back than
// days_back_max or ahead than start_days_ahead_max ("requested_on"); an unknown premise or
// customer; a turn-on without a morning or afternoon window ("window"); what ChooseServices
// refuses; units outside the class ("units"); a service already on at the premise on the
// requested date (SERVICE_ACTIVE_AT_PREMISE, "services"), naming the account and its last day;
// an unpaid final balance per policy (UNPAID_FINAL_BALANCE, "transfer_unpaid_balances"); a
// deposit amount other than the computed one (APPROVAL_REQUIRED or AMOUNT_ABOVE_GUIDELINES,
// "deposit_amount": a CSR cannot waive or lower it; a supervisor decides a reduction request on
// the new account); installments outside 1..installments_max.
Result<StartedService> StartService(const AppContext& context, const Caller& caller,
                                    const StartServiceRequest& request,
                                    const IdempotencyKey& key = {});

// What a final bill did.
struct FinalBillResult {
  std::optional<BillId> bill_id;  // none when nothing was on to bill (never turned on)
  Money current_charges;
  Money total_due;                       // on the bill, before the deposit
  std::optional<Money> deposit_applied;  // with its interest
  std::optional<RefundId> refund_id;     // a remaining credit, waiting for approval
  std::optional<Money> balance_carried;  // a transfer's balance moved to the new account
  Money balance_after;                   // what the final account still owes (negative: credit)
  AccountStatus status = AccountStatus::kFinal;  // final, or closed when nothing is owed
  bool replayed = false;
};

struct StopServiceRequest {
  AccountId account;
  std::optional<Date> stop_on;  // required: the last day of service
  ServiceWindow window = ServiceWindow::kAnyTime;
  std::optional<Address> forwarding_address;  // where the final bill goes; default: unchanged
  std::string remarks;                        // for the final-read order
};

struct StoppedService {
  LifecycleRequest request;
  std::optional<ServiceOrder> final_read_order;  // none when the premise has no meter
  // With no meter to read, the final bill is posted at once.
  std::optional<FinalBillResult> final_bill;
  bool replayed = false;
};

// Refuses (nothing written): an account not active or pending (ACCOUNT_NOT_ACTIVE); a stop
// already requested (STOP_ALREADY_REQUESTED); no stop date, one too far back or ahead, one
// before the start of any of its services (STOP_BEFORE_START) or before the end of its last
// billed period (STOP_BEFORE_LAST_BILL), all naming "stop_on". Stopping a pending account (the
// turn-on never done) cancels its turn-on order and bills no usage: the account is final, and
// closed when nothing is owed (a new service fee stays owed unless adjusted off).
Result<StoppedService> StopService(const AppContext& context, const Caller& caller,
                                   const StopServiceRequest& request,
                                   const IdempotencyKey& key = {});

struct TransferServiceRequest {
  AccountId from;
  PremiseId to_premise;
  std::optional<Date> stop_on;   // the last day at the old premise; required
  std::optional<Date> start_on;  // the first day at the new one; default: the day after stop_on
  ServiceWindow stop_window = ServiceWindow::kAnyTime;
  ServiceWindow start_window = ServiceWindow::kAnyTime;
  std::vector<std::string> services;
  std::map<std::string, std::int64_t> units;
  std::optional<Address> mailing_address;  // default: the customer's mailing address
  std::string remarks;
  bool transfer_unpaid_balances = false;  // as in StartServiceRequest, for other final accounts
};

struct TransferredService {
  StoppedService stopped;
  StartedService started;
  std::optional<Money> deposit_carried;  // the deposit moved to the new account
  bool replayed = false;
};

// Refuses what StopService and StartService refuse, and: the same premise (SAME_PREMISE,
// "to_premise_id"), a start before the stop's day (START_BEFORE_STOP, "start_on").
Result<TransferredService> TransferService(const AppContext& context, const Caller& caller,
                                           const TransferServiceRequest& request,
                                           const IdempotencyKey& key = {});

// Account lifecycle for service-order completion: pass AccountLifecycle() to
// CompleteServiceOrder. A turn-on completes the account's open start (pending -> active);
// a final read posts the final bill (PostFinalBillIn).
const ServiceOrderLifecycle& AccountLifecycle();

// A held turn-on or final reading was accepted, corrected or estimated (ResolveReadingException):
// when a turn-on or final-read order holds `resolved`, its start or stop goes on with the resolved
// reading, in the caller's transaction. Nothing happens otherwise.
Status ResumeAfterHeldReading(const AppContext& context, Transaction& transaction,
                              const Caller& caller, const ReadingException& resolved);

// The final bill of an account whose stop is requested and whose final reading is in: posts the
// bill (period from the day after its last bill, prorated to the stop date), applies the deposit,
// requests a refund of a remaining credit, carries a transfer's balance per policy, and sets the
// account final (or closed when nothing is owed). For a final reading that was held: the
// reading that resolved it (accepted, corrected, estimated or re-read) is used;
// NO_FINAL_READING while none is ready, FINAL_READ_PENDING while the order is not completed.
// A replay answers from the stored bill and the account as it is now: bill, charges, total due,
// balance and status; deposit_applied, refund_id and balance_carried are not repeated.
Result<FinalBillResult> PostFinalBill(const AppContext& context, const Caller& caller,
                                      AccountId account, const IdempotencyKey& key = {});

// Closes a final account whose balance is zero (status closed, closed_on today, audited).
// Returns whether it closed it. Called inside the transactions that move money.
Result<bool> CloseIfSettled(const AppContext& context, Transaction& transaction,
                            const Caller& caller, AccountId account);

// The account's starts, stops and transfers, newest first.
Result<std::vector<LifecycleRequest>> ListLifecycleRequests(const AppContext& context,
                                                            const Caller& caller,
                                                            AccountId account);

}  // namespace cistern
