// What every `cistern` subcommand shares: opening the configured store and reporting errors.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/app_context.h"
#include "core/city_time.h"
#include "core/clock.h"
#include "core/result.h"

namespace cistern {

constexpr const char* kDefaultDatabase = "var/demo.db";

// Prints "error: MESSAGE (field: F)" to stderr and returns 1.
int Fail(const Error& error);

// The money and billing rules files, set by --finance and --billing.
std::string& FinanceConfigPath();
std::string& BillingConfigPath();
// The letter templates file, set by --letters.
std::string& LettersConfigPath();

// Everything a data command needs, opened together.
struct Opened {
  std::unique_ptr<Store> store;
  SystemClock clock;
  std::optional<CityTimeZone> zone;
  std::optional<AppContext> context;
};

Result<std::unique_ptr<Opened>> Open(const std::string& database, const std::string& config);

// The whole file, or INVALID_ARGUMENT naming "file".
Result<std::string> ReadTextFile(const std::string& path);

}  // namespace cistern
