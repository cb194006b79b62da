// CityProfile: who the city is, from config/city.toml. Read by the command line at start-up and
// carried in AppContext.
#pragma once

#include <string>
#include <vector>

namespace cistern {

struct CityProfile {
  std::string name = "City of Moore";  // the utility's legal name
  std::string city = "Moore";          // default city for service addresses
  std::string state = "OK";            // default state (USPS code)
  std::string time_zone = "America/Chicago";
  // Under the name on letterhead: the office's address and phone.
  std::string office_line = "Utility Billing · 301 N Broadway · Moore, OK 73160 · (405) 793-5000";
  // Where mailed payments go; printed on the bill's remittance stub.
  std::vector<std::string> remittance_address = {"City of Moore Utility Billing", "PO Box 6440",
                                                 "Moore, OK 73153-0440"};
};

}  // namespace cistern
