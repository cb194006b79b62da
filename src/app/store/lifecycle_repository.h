// Starts, stops and transfers of service (issue 5; app/service_lifecycle.h): the requests, the
// reading each account's billing starts from, and the few account and service changes the
// lifecycle makes. See repositories.h for the error conventions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/money.h"
#include "core/result.h"
#include "domain/account/account.h"
#include "domain/customer/customer.h"
#include "domain/service_orders/service_order.h"

namespace cistern {

using LifecycleRequestId = Id<struct LifecycleRequestTag>;

// A transfer is a stop and a start that name each other.
enum class LifecycleKind { kStart, kStop };
const char* LifecycleKindCode(LifecycleKind kind);  // "start", "stop"
std::optional<LifecycleKind> ParseLifecycleKind(std::string_view code);

enum class LifecycleStatus { kOpen, kCompleted, kCancelled };
const char* LifecycleStatusCode(LifecycleStatus status);  // "open", "completed", "cancelled"
std::optional<LifecycleStatus> ParseLifecycleStatus(std::string_view code);

struct LifecycleRequest {
  LifecycleRequestId id;
  LifecycleKind kind = LifecycleKind::kStart;
  LifecycleStatus status = LifecycleStatus::kOpen;
  AccountId account_id;
  PremiseId premise_id;
  Date requested_on{};                     // a start's first day, a stop's last day
  std::optional<ServiceOrderId> order_id;  // the turn-on or final-read order
  // A transfer: the other half (its request and account).
  std::optional<LifecycleRequestId> paired_request_id;
  std::optional<AccountId> paired_account_id;
  std::string fee_code;  // the fee charged (new service or transfer); "" = none
  std::optional<JournalEntryId> fee_entry_id;
  std::optional<ReadingId> reading_id;  // the turn-on or final reading
  std::optional<BillId> final_bill_id;  // a stop: its final bill
  Instant created_at{};
  UserId created_by;
  std::optional<Instant> completed_at;

  // Filled when read.
  std::string account_number;
  std::string paired_account_number;
  std::string created_by_name;
};

// Another account's service on at a premise (start service refuses to overlap it).
struct ServiceOnAtPremise {
  AccountId account_id;
  std::string account_number;
  std::string service;
  std::optional<Date> ends_on;
};

class LifecycleRepository {
 public:
  virtual ~LifecycleRepository() = default;
  virtual Result<LifecycleRequestId> Insert(const LifecycleRequest& request) = 0;
  virtual Result<LifecycleRequest> Get(LifecycleRequestId id) = 0;
  virtual Status SetPair(LifecycleRequestId id, LifecycleRequestId paired, AccountId account) = 0;
  // The account's open request of a kind, if any.
  virtual Result<std::optional<LifecycleRequest>> OpenRequestOf(AccountId account,
                                                                LifecycleKind kind) = 0;
  // The account's newest request of a kind, whatever its status.
  virtual Result<std::optional<LifecycleRequest>> LatestRequestOf(AccountId account,
                                                                  LifecycleKind kind) = 0;
  virtual Status Complete(LifecycleRequestId id, std::optional<ReadingId> reading,
                          std::optional<BillId> final_bill, Instant at) = 0;
  virtual Status Cancel(LifecycleRequestId id, Instant at) = 0;
  virtual Result<std::vector<LifecycleRequest>> ListFor(AccountId account) = 0;

  // The service order whose reading waits as `exception`, if any.
  virtual Result<std::optional<ServiceOrderId>> OrderHoldingException(
      ReadingExceptionId exception) = 0;
  // Billing starts from this reading of the meter for the account (its turn-on reading).
  virtual Status SetStartReading(AccountId account, MeterId meter, ReadingId reading) = 0;

  // Services of accounts other than `except` at the premise that are on on `on` or later.
  virtual Result<std::vector<ServiceOnAtPremise>> ServicesOnAtPremise(PremiseId premise, Date on,
                                                                      AccountId except) = 0;
  // The customer's accounts in status final, other than `except`.
  virtual Result<std::vector<AccountId>> FinalAccountsOf(CustomerId customer, AccountId except) = 0;
  // The latest cash-only date on any of the customer's accounts.
  virtual Result<std::optional<Date>> CashOnlyUntil(CustomerId customer) = 0;

  virtual Status SetAccountStatus(AccountId account, AccountStatus status,
                                  std::optional<Date> closed_on) = 0;
  virtual Status SetServiceStart(ServiceId service, Date starts_on) = 0;
  virtual Status SetServiceEnd(ServiceId service, std::optional<Date> ends_on) = 0;
  // The amount of the deposit last carried over to `to` (a transfer), if any.
  virtual Result<std::optional<Money>> DepositCarriedTo(AccountId to) = 0;
  // Moves a deposit record to another account (a transfer carries it over) and records where it
  // came from, with the entry that moved its money.
  virtual Status MoveDeposit(std::int64_t deposit_id, AccountId from, AccountId to, Money amount,
                             std::optional<JournalEntryId> entry, Instant at, UserId by) = 0;
};

}  // namespace cistern
