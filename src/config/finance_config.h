// Reads config/finance.toml into FinanceSettings: the chart of accounts, fees, adjustment
// reasons and payment rules. Amounts are decimal text ("25.00"), never TOML floats.
#pragma once

#include <string>

#include "core/result.h"
#include "domain/ledger/finance_settings.h"

namespace cistern {

// config/finance.toml under the working directory when it exists, else the source tree's.
std::string DefaultFinanceConfigPath();

// Reads, then checks with ValidateFinanceSettings. Unknown keys are refused; errors name the
// key (and the GL account, fee or reason code) concerned.
Result<FinanceSettings> LoadFinanceConfig(const std::string& path);

}  // namespace cistern
