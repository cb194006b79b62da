#include "cli/cli_common.h"

#include <fmt/core.h>

#include <cstdio>

#include "app/deposits.h"
#include "config/billing_config.h"
#include "config/city_config.h"
#include "config/deposit_config.h"
#include "config/finance_config.h"
#include "config/letter_config.h"
#include "config/rate_parser.h"
#include "config/service_rules_config.h"
#include "store/sqlite/sqlite_store.h"

namespace cistern {

int Fail(const Error& error) {
  fmt::print(stderr, "error: {}{}{}\n", error.message,
             error.field.empty() ? "" : " (field: ", error.field.empty() ? "" : error.field + ")");
  return 1;
}

std::string& FinanceConfigPath() {
  static std::string path = DefaultFinanceConfigPath();
  return path;
}

std::string& BillingConfigPath() {
  static std::string path = DefaultBillingConfigPath();
  return path;
}

std::string& LettersConfigPath() {
  static std::string path = DefaultLettersConfigPath();
  return path;
}

Result<std::unique_ptr<Opened>> Open(const std::string& database, const std::string& config) {
  auto opened = std::make_unique<Opened>();
  CISTERN_ASSIGN_OR_RETURN(CityProfile city, LoadCityConfig(config));
  CISTERN_ASSIGN_OR_RETURN(FinanceSettings finance, LoadFinanceConfig(FinanceConfigPath()));
  CISTERN_ASSIGN_OR_RETURN(BillingSettings billing, LoadBillingConfig(BillingConfigPath()));
  CISTERN_ASSIGN_OR_RETURN(LetterTemplates letters, LoadLettersConfig(LettersConfigPath()));
  CISTERN_ASSIGN_OR_RETURN(DepositRules deposits,
                           LoadDepositsConfig(DefaultDepositsConfigPath(), &finance));
  CISTERN_ASSIGN_OR_RETURN(ServiceRules service_rules,
                           LoadServiceRulesConfig(DefaultServiceRulesConfigPath(), &finance));
  CISTERN_ASSIGN_OR_RETURN(opened->zone, CityTimeZone::Load(city.time_zone));
  CISTERN_ASSIGN_OR_RETURN(opened->store, OpenSqliteStore(database));
  opened->context.emplace(AppContext{*opened->store,
                                     opened->clock,
                                     *opened->zone,
                                     {},
                                     city,
                                     std::move(finance),
                                     std::move(billing),
                                     &TomlRateFileParser()});
  opened->context->letters = std::move(letters);
  opened->context->deposits = std::make_shared<const DepositRules>(std::move(deposits));
  opened->context->service_rules = std::make_shared<const ServiceRules>(std::move(service_rules));
  return opened;
}

Result<std::string> ReadTextFile(const std::string& path) {
  std::FILE* handle = std::fopen(path.c_str(), "rb");
  if (handle == nullptr) {
    return Error::InvalidArgument("file", "FILE_UNREADABLE", "Cannot read " + path + ".");
  }
  std::string text;
  char buffer[65536];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, handle)) > 0) text.append(buffer, read);
  std::fclose(handle);
  return text;
}

}  // namespace cistern
