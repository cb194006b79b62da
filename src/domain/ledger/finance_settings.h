// The city's written money rules, from config/finance.toml: the chart of accounts, the fee
// schedule, adjustment reasons and approval limits, and how payments are applied.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/result.h"
#include "domain/ledger/chart.h"

namespace cistern {

struct Fee {
  std::string code;  // "reconnect"
  std::string name;  // "Reconnect fee"
  Money amount;      // > 0
  std::string fund;  // the receivable fund the fee is billed to, usually "general"
};

struct AdjustmentReason {
  std::string code;  // "billing_error"
  std::string name;
  bool always_needs_approval = false;
};

struct FinanceSettings {
  Chart chart;
  std::string deposit_bank;                // the bank whose cash account takes payments
  std::vector<std::string> fund_priority;  // payment allocation order on the same date
  std::vector<Fee> fees;
  std::vector<AdjustmentReason> adjustment_reasons;
  Money adjustment_approval_over;  // adjustments above this wait for a supervisor
  std::string returned_item_fee;   // fee code charged on a returned check or ACH
  int cash_only_months = 12;       // how long a returned payment restricts tenders

  const Fee* FindFee(std::string_view code) const;
  const AdjustmentReason* FindReason(std::string_view code) const;
};

// Checks the settings hang together: the deposit bank has a cash account, every fund in the
// priority and every fee's fund has a receivable account, the returned-item fee exists, the
// chart has penalty, fee revenue and refunds payable accounts, codes are unique, amounts are
// positive. INVALID_ARGUMENT naming the setting.
Status ValidateFinanceSettings(const FinanceSettings& settings);

}  // namespace cistern
