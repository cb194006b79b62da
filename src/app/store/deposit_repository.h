// Customer deposits (issue 5): one deposit record per account, supervisor approvals for lowering
// or waiving it, and the events (ledger entries) that moved it. See repositories.h for the error
// conventions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/money.h"
#include "core/result.h"
#include "domain/deposits/deposit_rules.h"

namespace cistern {

using DepositId = Id<struct DepositTag>;
using DepositApprovalId = Id<struct DepositApprovalTag>;

enum class DepositStatus { kOpen, kApplied, kRefunded };
const char* DepositStatusCode(DepositStatus status);
std::optional<DepositStatus> ParseDepositStatus(std::string_view code);

struct Deposit {
  DepositId id;
  AccountId account_id;
  std::string rate_class;
  Tenure tenure = Tenure::kRenter;
  std::optional<CreditCheckResult> credit;
  int late_payments = 0;
  int returned_payments = 0;
  Money computed;                    // what the guidelines require
  std::vector<std::string> reasons;  // why
  Money required;                    // what the customer owes as deposit (lower once approved)
  int installments = 1;
  int installments_billed = 0;
  DepositStatus status = DepositStatus::kOpen;
  std::optional<Date> interest_through;
  Instant created_at;
  UserId created_by;
  Instant updated_at;
  int version = 1;
};

enum class DepositApprovalStatus { kPending, kApproved, kRejected };
const char* DepositApprovalStatusCode(DepositApprovalStatus status);

struct DepositApproval {
  DepositApprovalId id;
  DepositId deposit_id;
  AccountId account_id;  // read only
  Money requested;       // the lower amount asked for (zero: a waiver)
  std::string reason;
  DepositApprovalStatus status = DepositApprovalStatus::kPending;
  UserId requested_by;
  std::string requested_by_name;  // read only
  Instant requested_at;
  UserId decided_by;
  std::optional<Instant> decided_at;
  std::string decision_note;
};

enum class DepositEventKind { kBilled, kPaid, kInterest, kRefunded, kApplied };
const char* DepositEventKindCode(DepositEventKind kind);

struct DepositEvent {
  std::int64_t id = 0;
  DepositId deposit_id;
  AccountId account_id;
  DepositEventKind kind = DepositEventKind::kBilled;
  Money amount;  // positive
  JournalEntryId entry_id;
  Date effective_on;
  Instant recorded_at;
  UserId recorded_by;
};

// One line of the deposit register.
struct DepositRegisterRow {
  AccountId account_id;
  std::string account_number;
  std::string customer_name;
  std::string status;  // the deposit's
  Money required;
  Money billed;    // billed in installments
  Money paid;      // taken up front
  Money interest;  // accrued
  Money refunded;
  Money applied;  // to the final bill
  Money held() const { return billed + paid + interest - refunded - applied; }
};

// The customer's own payment history over a window, for the guidelines.
struct PaymentHistory {
  int late_payments = 0;      // bills whose total due was not paid by the due date
  int returned_payments = 0;  // payments reversed as returned (nsf)
};

class DepositRepository {
 public:
  virtual ~DepositRepository() = default;
  // CONFLICT (DEPOSIT_EXISTS, "account_id") when the account has one already.
  virtual Result<DepositId> Insert(const Deposit& deposit) = 0;
  virtual Result<Deposit> Get(DepositId id) = 0;
  virtual Result<std::optional<Deposit>> OfAccount(AccountId account) = 0;
  // Writes every mutable column when the stored version is deposit.version, and bumps it;
  // CONFLICT (DEPOSIT_CHANGED, "version") otherwise.
  virtual Status Update(const Deposit& deposit) = 0;
  virtual Result<std::vector<Deposit>> ListOpen() = 0;

  virtual Result<DepositApprovalId> InsertApproval(const DepositApproval& approval) = 0;
  virtual Result<DepositApproval> GetApproval(DepositApprovalId id) = 0;
  // Records the decision of a pending request; CONFLICT (APPROVAL_DECIDED) if already decided.
  virtual Status DecideApproval(const DepositApproval& decided) = 0;
  virtual Result<std::vector<DepositApproval>> Approvals(
      std::optional<DepositApprovalStatus> status, std::optional<DepositId> deposit) = 0;

  virtual Result<std::int64_t> InsertEvent(const DepositEvent& event) = 0;
  virtual Result<std::vector<DepositEvent>> Events(DepositId deposit) = 0;
  // Per deposit, the events summed by kind, in account order.
  virtual Result<std::vector<DepositRegisterRow>> Register() = 0;

  // Late payments since `late_since` and returned payments received since `returned_since` for
  // every account of the customer who holds `account`.
  virtual Result<PaymentHistory> HistoryOfCustomer(AccountId account, Date late_since,
                                                   Date returned_since, Date today) = 0;
  // The last late or returned payment of the account on or after `since`, if any: used for
  // refund eligibility (good history since `since`).
  virtual Result<bool> HadBadHistorySince(AccountId account, Date since, Date today) = 0;
};

}  // namespace cistern
