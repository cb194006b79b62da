// The city's rates as loaded into the database, and the port through which the app reads rate
// files. Parsing a file's text is the config layer's job (config/rate_config.h implements
// RateFileParser); the app stores the text word for word and builds the RateBook from it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_context.h"
#include "domain/auth/roles.h"
#include "domain/rates/quote.h"
#include "domain/rates/rate_schedule.h"

namespace cistern {

class RateFileParser {
 public:
  virtual ~RateFileParser() = default;
  // The versions one rate file defines, validated on their own. `name` is for messages.
  virtual Result<std::vector<RateVersion>> Parse(std::string_view text,
                                                 std::string_view name) const = 0;
};

// Every loaded version, from the rate files in the transaction's database. Parsed again only
// when a file was loaded since the last call (the result is shared and immutable).
Result<std::shared_ptr<const RateBook>> LoadedRateBook(const AppContext& context,
                                                       Transaction& transaction);

// The loaded book, for reading (accounts.read): what the "what would my bill be" tool offers.
Result<std::shared_ptr<const RateBook>> GetRateBook(const AppContext& context,
                                                    const Caller& caller);

// A quote priced by the loaded rates (accounts.read).
Result<Quote> QuoteWithLoadedRates(const AppContext& context, const Caller& caller,
                                   const QuoteInput& input);

struct RatesLoaded {
  std::vector<RateVersionRecord> versions;  // the versions the file added
  bool already_loaded = false;              // the very same file was loaded before
};

// Loads a rate file: parses it, refuses a version whose effective date is already loaded from
// another file (history is never overwritten: RATE_VERSION_EXISTS), checks the whole book still
// validates, and stores the text. Loading the same file twice is a no-op. Audited.
Result<RatesLoaded> LoadRateFile(const AppContext& context, const Caller& caller,
                                 const std::string& name, const std::string& text);

// The loaded versions, oldest first.
Result<std::vector<RateVersionRecord>> ListRateVersions(const AppContext& context,
                                                        const Caller& caller);

}  // namespace cistern
