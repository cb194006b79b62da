// Customer deposits (issue 5, "Start service" and "Deposits"; docs/ledger.md, "Deposits";
// docs/api.md, "Deposits").
//
// The guidelines are config/deposits.toml (DepositRules), carried in AppContext::deposits. The
// deposit is computed from the account's class (by premise type unless
// the CSR names one), owner or renter, the customer's own history over every account it holds
// (late payments: posted bills whose total due was not paid by the due date, by payments
// received from the bill date through the due date; returned payments: payments reversed for
// any reason but a posting error) and a credit check (the CreditCheck port; the CSR enters the
// bureau's result through OfflineCreditCheck unless a connector is passed).
//
// Permissions: accounts.write (kWriteAccounts) quotes, sets, bills, records and refunds;
// approvals.decide (kDecideApprovals) decides a request to lower or waive and accrues interest;
// reports.read (kReadReports) reads the register. Every write is audited in its transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/store/deposit_repository.h"
#include "domain/auth/roles.h"
#include "domain/deposits/deposit_rules.h"

namespace cistern {

// The rules every deposit use case reads; until installed they fail with DEPOSIT_RULES_MISSING.

struct DepositQuoteRequest {
  AccountId account;
  std::optional<std::string> rate_class;  // default: the class of the premise type
  Tenure tenure = Tenure::kRenter;
  std::string credit_rating;            // the bureau's result as the CSR read it; "" = none
  std::string credit_reference;         // the report number
  CreditCheck* credit_check = nullptr;  // a bureau connector; overrides the CSR's entry
};

struct DepositQuoteView {
  DepositFacts facts;
  DepositQuote quote;
  int installments_max = 1;
  std::vector<Money> installments;  // the amount split over installments_max bills
};

// Refuses an unknown account ("account_id"), and what ComputeDeposit and the credit check refuse.
Result<DepositQuoteView> QuoteDeposit(const AppContext& context, const Caller& caller,
                                      const DepositQuoteRequest& request);

struct SetDepositRequest {
  DepositQuoteRequest quote;
  std::optional<Money> amount;  // default: the computed amount
  int installments = 1;         // 1..installments_max
};

// Requires the deposit the guidelines compute. A higher amount is refused (AMOUNT_ABOVE_
// GUIDELINES), a lower one too (APPROVAL_REQUIRED, "amount": lowering or waiving is a request a
// supervisor decides, RequestDepositReduction). Replaces a deposit on which nothing was billed
// yet; DEPOSIT_BILLED once something was. Audited as "deposit.set".
Result<Deposit> SetDeposit(const AppContext& context, const Caller& caller,
                           const SetDepositRequest& request);

// SetDeposit on the caller's transaction (start service sets the new account's deposit in its
// own transaction): checks, writes and audits, but does not commit.
Result<Deposit> SetDepositIn(const AppContext& context, Transaction& transaction,
                             const Caller& caller, const SetDepositRequest& request);

// Asks to lower (or, with zero, waive) the account's deposit, with a reason. Refuses an amount
// not below the required one, or below what is already billed or paid. Audited as
// "deposit.reduction_request".
Result<DepositApproval> RequestDepositReduction(const AppContext& context, const Caller& caller,
                                                AccountId account, Money amount,
                                                const std::string& reason);

// A supervisor approves (the required amount becomes the requested one) or rejects. Nobody
// decides their own request (OWN_REQUEST); a decision is final. Audited as
// "deposit.reduction_approve" / "deposit.reduction_reject".
Result<DepositApproval> DecideDepositReduction(const AppContext& context, const Caller& caller,
                                               DepositApprovalId id, bool approve,
                                               const std::string& note);

struct DepositPosting {
  Deposit deposit;
  DepositEvent event;
};

// Bills the next installment on the account (debit the general receivable, credit deposits
// held): the rest still to bill split over the installments left, the odd cents first.
// NOTHING_TO_BILL when the deposit is fully billed. Audited as "deposit.bill".
Result<DepositPosting> BillDepositInstallment(const AppContext& context, const Caller& caller,
                                              AccountId account);

// The customer pays the whole deposit up front: the rest still to bill is posted at once as
// deposit_paid (the same lines), and the CSR takes the payment at the drawer, which pays the
// receivable. Audited as "deposit.paid".
Result<DepositPosting> RecordDepositPaid(const AppContext& context, const Caller& caller,
                                         AccountId account);

// RecordDepositPaid and BillDepositInstallment on the caller's transaction (no commit).
Result<DepositPosting> RecordDepositPaidIn(const AppContext& context, Transaction& transaction,
                                           const Caller& caller, AccountId account);
Result<DepositPosting> BillDepositInstallmentIn(const AppContext& context, Transaction& transaction,
                                                const Caller& caller, AccountId account);
// A billing run, right after it writes an account's bill: bills the deposit's next installment,
// so the following bill carries it (a deposit split over two bills: the first installment when
// service starts, the second after the first bill). No permission check of its own: the run is
// authorized by billing.run. Returns nullopt when nothing is left to bill.
Result<std::optional<DepositPosting>> BillDepositInstallmentAfterBill(const AppContext& context,
                                                                      Transaction& transaction,
                                                                      const Caller& caller,
                                                                      AccountId account);
// Accrues simple interest on every open deposit's principal (billed + paid - refunded -
// applied) from the day after it last accrued (or its first posting) through `as_of`, at the
// configured annual rate (DepositInterest: exact, half up). Does nothing when the rate is zero.
// Returns the postings made. Audited as "deposit.interest" per deposit.
Result<std::vector<DepositPosting>> AccrueDepositInterest(const AppContext& context,
                                                          const Caller& caller, Date as_of);

struct RefundEligibility {
  AccountId account;
  std::string account_number;
  Money held;
  Date held_since;  // the first posting
};
// Open deposits holding money whose first posting is at least refund_after_months old and whose
// customer had no late or returned payment in that many months.
Result<std::vector<RefundEligibility>> ListRefundableDeposits(const AppContext& context,
                                                              const Caller& caller);

// Gives an eligible deposit back: what the account owes is paid from it, the rest becomes a
// credit balance (refunded through a refund request). NOT_ELIGIBLE otherwise. Audited as
// "deposit.refund".
Result<DepositPosting> RefundDeposit(const AppContext& context, const Caller& caller,
                                     AccountId account);

// Applies the held deposit (with its interest) to a final account: pays what it owes, oldest
// first, and leaves the rest as a credit balance. For stop service, inside its transaction: no
// status check, returns nullopt when nothing is held. Audited as "deposit.apply".
Result<std::optional<DepositPosting>> ApplyDepositInTransaction(const AppContext& context,
                                                                const Caller& caller,
                                                                Transaction& transaction,
                                                                AccountId account, Date on);
// The same on its own: ACCOUNT_NOT_FINAL unless the account's status is final.
Result<DepositPosting> ApplyDepositToFinalBill(const AppContext& context, const Caller& caller,
                                               AccountId account);

// Transfer of service, in its transaction: moves the open deposit of `from` to `to` (a new
// account of the same customer) with what is held for it in the ledger (one entry between the
// two accounts' deposits-held lines). Returns the amount held, or nullopt when `from` has no open
// deposit. Audited as "deposit.transfer" on the old account and "deposit.transfer_in" on the new.
Result<std::optional<Money>> CarryDepositIn(const AppContext& context, Transaction& transaction,
                                            const Caller& caller, AccountId from, AccountId to);

struct AccountDepositView {
  std::optional<Deposit> deposit;
  Money held;           // the account's deposits-held balance in the ledger
  Money still_to_bill;  // required - billed - paid (never negative)
  std::vector<DepositApproval> approvals;
  std::vector<DepositEvent> events;
  int installments_max = 1;
};
Result<AccountDepositView> GetAccountDeposit(const AppContext& context, const Caller& caller,
                                             AccountId account);

Result<std::vector<DepositApproval>> ListDepositApprovals(const AppContext& context,
                                                          const Caller& caller, bool pending_only);

struct DepositRegisterLine {
  DepositRegisterRow row;
  Money ledger_held;  // the account's deposits-held balance in the ledger
};
struct DepositRegister {
  std::vector<DepositRegisterLine> lines;
  DepositRegisterRow totals;  // sums of the columns
  Money gl_balance;           // the deposits-held GL account's balance (credit as positive)
  bool balanced = false;      // totals.held() == gl_balance and every line matches its ledger
};
Result<DepositRegister> GetDepositRegister(const AppContext& context, const Caller& caller);

}  // namespace cistern
