// Turning one account's billing inputs into a bill: readings to usage, services to a rate quote,
// the balance since the last bill into the bill's summary, and the reasons a preview lists the
// account. Pure (no store, no clock): a billing run, a rebill and the demo city all plan bills
// here, so the same inputs always give the same bill. Internal to app/.
#pragma once

#include <optional>
#include <string>
#include <vector>

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

}  // namespace cistern
