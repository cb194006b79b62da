// Reads config/service_rules.toml into ServiceRules: the services each premise type is offered,
// the rules that choose each service's rate class, the new service and transfer fees, and the
// policies for an unpaid final balance and a transfer's old balance (docs/service_lifecycle.md).
#pragma once

#include <string>

#include "core/result.h"
#include "domain/ledger/finance_settings.h"
#include "domain/lifecycle/service_rules.h"

namespace cistern {

// config/service_rules.toml under the working directory when it exists, else the source tree's.
std::string DefaultServiceRulesConfigPath();

// Reads, then checks with ValidateServiceRules; unknown keys are refused; errors name the key
// ("rate_rule[3].city_limits"). With `finance`, also checks that new_service_fee and
// transfer_fee are in the fee schedule.
Result<ServiceRules> LoadServiceRulesConfig(const std::string& path,
                                            const FinanceSettings* finance = nullptr);

}  // namespace cistern
