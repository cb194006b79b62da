// Reads config/city.toml into a CityProfile.
#pragma once

#include <string>

#include "app/city_profile.h"
#include "core/result.h"

namespace cistern {

// The default configuration file: config/city.toml under the working directory when it exists,
// else the one in the source tree this binary was built from.
std::string DefaultCityConfigPath();

// Reads and checks the file: every key is required, unknown keys are refused, the state must be
// a USPS code and the time zone must exist. Errors name the key.
Result<CityProfile> LoadCityConfig(const std::string& path);

}  // namespace cistern
