// Reads config/billing.toml into BillingSettings: due dates, the late fee, reading checks and
// billing run limits. Percentages are decimal text, never TOML floats.
#pragma once

#include <string>

#include "core/result.h"
#include "domain/billing/billing_rules.h"

namespace cistern {

// config/billing.toml under the working directory when it exists, else the source tree's.
std::string DefaultBillingConfigPath();

// Reads, then checks with ValidateBillingSettings. Unknown keys are refused; errors name the key.
Result<BillingSettings> LoadBillingConfig(const std::string& path);

}  // namespace cistern
