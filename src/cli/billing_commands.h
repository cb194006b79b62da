// `cistern rates load`, `cistern readings import` and `cistern bill run|print`: the billing
// office's command-line work, on the same use cases as the console.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace cistern {

struct BillingCommands {
  CLI::App* rates_load = nullptr;
  CLI::App* readings_import = nullptr;
  CLI::App* bill_run = nullptr;
  CLI::App* bill_discard = nullptr;
  CLI::App* bill_print = nullptr;
  std::string file;
  std::string cycle;
  std::string period_start;
  std::string period_end;
  std::string bill_date;
  std::string message;
  bool preview_only = false;
  std::int64_t run_id = 0;
  std::string output;
};

// Registers the subcommands; `add_common` adds --db, --config and the rules files to each.
BillingCommands AddBillingCommands(CLI::App& app, const std::function<void(CLI::App*)>& add_common);

// Runs whichever of them was parsed: true (with *status set) when one was.
bool RunBillingCommands(const BillingCommands& commands, const std::string& database,
                        const std::string& config, int* status);

}  // namespace cistern
