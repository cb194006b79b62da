// The app's RateFileParser port, implemented with the TOML rate file reader.
#pragma once

#include "app/rate_book.h"

namespace cistern {

// One shared, stateless parser for every AppContext.
const RateFileParser& TomlRateFileParser();

}  // namespace cistern
