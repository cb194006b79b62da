#include "config/city_config.h"

#include <cpptoml.h>

#include <set>

#include "config/toml_support.h"
#include "core/city_time.h"
#include "domain/customer/address.h"

namespace cistern {

std::string DefaultCityConfigPath() { return ConfigFilePath("city.toml"); }

Result<CityProfile> LoadCityConfig(const std::string& path) {
  CISTERN_ASSIGN_OR_RETURN(std::shared_ptr<cpptoml::table> table, ReadTomlFile(path));
  const std::set<std::string> known = {"name",      "city",        "state",
                                       "time_zone", "office_line", "remittance_address"};
  for (const auto& [key, value] : *table) {
    if (!known.count(key)) {
      return Error::InvalidArgument(key, "CONFIG_KEY_UNKNOWN",
                                    path + ": \"" + key + "\" is not a city setting.");
    }
  }
  CityProfile profile;
  for (auto [key, target] :
       {std::pair{"name", &profile.name}, std::pair{"city", &profile.city},
        std::pair{"state", &profile.state}, std::pair{"time_zone", &profile.time_zone}}) {
    auto value = table->get_as<std::string>(key);
    if (!value || value->empty()) {
      return Error::InvalidArgument(key, "CONFIG_KEY_REQUIRED",
                                    path + ": \"" + key + "\" is required and must be text.");
    }
    *target = *value;
  }
  if (table->contains("office_line")) {
    auto value = table->get_as<std::string>("office_line");
    if (!value) {
      return Error::InvalidArgument("office_line", "CONFIG_INVALID",
                                    path + ": \"office_line\" must be text.");
    }
    profile.office_line = *value;
  }
  if (table->contains("remittance_address")) {
    auto lines = table->get_array_of<std::string>("remittance_address");
    if (!lines || lines->empty() || lines->size() > 4) {
      return Error::InvalidArgument("remittance_address", "CONFIG_INVALID",
                                    path + ": \"remittance_address\" is 1 to 4 lines of text.");
    }
    profile.remittance_address = *lines;
  }
  if (!IsUsStateCode(profile.state)) {
    return Error::InvalidArgument("state", "STATE_INVALID",
                                  path + ": state must be a USPS code such as OK.");
  }
  CISTERN_RETURN_IF_ERROR(CityTimeZone::Load(profile.time_zone, kSystemZoneInfoDir, "time_zone"));
  return profile;
}

}  // namespace cistern
