// Turning one account's billing inputs into a bill: readings to usage, services to a rate quote,
// the balance since the last bill into the bill's summary, and the reasons a preview lists the
// account. Pure (no store, no clock): a billing run, a rebill and the demo city all plan bills
// here, so the same inputs always give the same bill. Internal to app/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/billing.h"
#include "domain/billing/billing_rules.h"
#include "domain/ledger/allocation.h"
#include "domain/rates/rate_schedule.h"

namespace cistern {

struct BillDates {
  Period period;
  Date bill_date{};
  Date due_date{};
  std::optional<BillingRunId> run_id;
  // A stop's final bill: billed although a stop is pending, and although a later cycle period
  // might already be billed.
  bool final_bill = false;
};

struct BillPlan {
  bool billable = false;         // false when a blocking exception holds the account back
  bool nothing_to_bill = false;  // no service was on during the period
  std::vector<RunException> exceptions;
  Bill bill;  // no id or entries yet; lines, readings and the money summary filled
  std::vector<FundAmount> charges_by_fund;  // current charges per fund, non-zero
  // Set in the winter average's recompute month: the new average to store.
  std::optional<Quantity> new_winter_average;
  int winter_average_months = 0;
};

BillPlan PlanBill(const RateBook& book, const BillingSettings& settings,
                  const AccountToBill& account, const BillDates& dates);

// Posts one bill outside a billing run, in `transaction` (a stop's final bill; billing.cc): loads
// the account's inputs for `load_period` (services, meters and readings on in it), lets `adjust`
// change them (the final reading), plans it for `dates` and writes the bill with its journal
// entries. FAILED_PRECONDITION (`blocked_code`) with the reasons when the plan is blocked;
// nullopt when no service was on during the period (nothing to bill).
Result<std::optional<Bill>> PostSingleBillIn(const AppContext& context, Transaction& transaction,
                                             const Caller& caller, AccountId account,
                                             const Period& load_period, const BillDates& dates,
                                             const std::function<void(AccountToBill&)>& adjust,
                                             const std::string& blocked_code);

}  // namespace cistern
