// CityProfile: who the city is, from config/city.toml. Read by the command line at start-up and
// carried in AppContext.
#pragma once

#include <string>

namespace cistern {

struct CityProfile {
  std::string name = "City of Moore";  // the utility's legal name
  std::string city = "Moore";          // default city for service addresses
  std::string state = "OK";            // default state (USPS code)
  std::string time_zone = "America/Chicago";
};

}  // namespace cistern
