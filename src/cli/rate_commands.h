// `cistern rate ...`: rate schedule commands that need no database.
//
//   cistern rate quote --from DATE --to DATE --service SPEC [--service SPEC ...]
//                      [--usage AMOUNT] [--unit gal|kgal|ccf] [--winter-average AMOUNT]
//                      [--outside-city] [--program NAME ...] [--active-from DATE --active-to DATE]
//                      [--rates FILE ...]
//
// SPEC is service:class[:meter_size[:units[:usage]]], e.g. "water:residential:5/8",
// "sanitation:residential::2" (no meter, two carts), "water:sprinkler:1:1:35000" (the
// sprinkler meter's own usage). The quote prints as JSON on stdout (http/rate_views.h); a refusal
// prints "error: ..." naming the option on stderr and exits 1. docs/rates.md has examples.
#pragma once

namespace CLI {
class App;
}

namespace cistern {

// Registers the "rate" command and its subcommands on `app`. Each runs from its own callback and
// ends the program through CLI11 (a CLI::RuntimeError carrying the exit code, 0 on success), so
// main() needs no dispatch code for it.
void AddRateCommands(CLI::App& app);

}  // namespace cistern
