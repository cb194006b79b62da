// Reads rate schedule files (config/rates/*.toml) into RateVersions and a RateBook.
//
// One file holds one schedule version: its effective date, ordinance, services, classes,
// discounts and taxes (docs/rates.md describes every key). Amounts, prices and usages are decimal
// text ("9.19", "10000"), never TOML floats, so nothing passes through a double. Unknown keys are
// refused, so a misspelled key is an error rather than a silently missing charge. Errors name the
// key as a dotted path ("services.water.classes.residential.blocks[2].price", blocks counted from
// 1) and their message starts with the file's path.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "domain/rates/rate_schedule.h"

namespace cistern {

// config/rates/moore.toml under the working directory when it exists, else the source tree's.
std::string DefaultRatesPath();

// config/rates/`file_name`, resolved the same way (for tests and the other shipped schedules).
std::string RatesConfigPath(const std::string& file_name);

// Reads one file and checks it with ValidateRateVersion. Loader errors are INVALID_ARGUMENT with
// reason CONFIG_INVALID; a schedule that reads but does not validate keeps the validator's
// reason (RATE_BLOCKS_OUT_OF_ORDER, ...). Both name the key.
Result<RateVersion> LoadRateVersion(const std::string& path);

// The same from a file's text (a rate file stored in the database); `name` stands for the path
// in messages.
Result<RateVersion> ParseRateVersion(const std::string& text, const std::string& name);

// The same from a file's text; `name` (a file name) starts every message. For rate files kept
// in the database.
Result<RateVersion> ParseRateVersion(const std::string& text, const std::string& name);

// Loads every file and builds the book (RateBook::Make: two files with the same effective date
// are refused).
Result<RateBook> LoadRateBook(const std::vector<std::string>& paths);

}  // namespace cistern
