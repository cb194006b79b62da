// Reads config/deposits.toml into DepositRules: the city's deposit guidelines by class, tenure,
// payment history and credit rating, installments, interest and the refund period
// (docs/ledger.md, "Deposits").
#pragma once

#include <string>

#include "core/result.h"
#include "domain/deposits/deposit_rules.h"
#include "domain/ledger/finance_settings.h"

namespace cistern {

// config/deposits.toml under the working directory when it exists, else the source tree's.
std::string DefaultDepositsConfigPath();

// Reads, then checks with ValidateDepositRules; unknown keys are refused; errors name the key
// ("class[2].renter"). With `finance`, also checks that the fund has a receivable account and
// that interest_expense_gl is in the chart.
Result<DepositRules> LoadDepositsConfig(const std::string& path,
                                        const FinanceSettings* finance = nullptr);

}  // namespace cistern
