// Demo-city options for app tests: a small city priced by the shipped Moore rates
// (config/rates/moore.toml), which billing needs for any month of history. Header-only; tests only.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>

#include "app/demo/demo_city.h"
#include "config/rate_config.h"

namespace cistern::test {

inline DemoOptions MooreDemo(int accounts, std::uint64_t seed, int months) {
  std::ifstream file(RatesConfigPath("moore.toml"));
  std::stringstream text;
  text << file.rdbuf();
  DemoOptions options;
  options.accounts = accounts;
  options.seed = seed;
  options.months = months;
  options.rate_files.push_back({"moore.toml", text.str()});
  return options;
}

}  // namespace cistern::test
