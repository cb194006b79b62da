// `cistern`: the command line. Each subcommand opens the store and calls app use cases.
//
//   cistern serve   [--db FILE] [--port N] [--host ADDR] [--web-root DIR] [--demo-banner]
//   cistern migrate [--db FILE]
//   cistern demo    [--db FILE] [--accounts N] [--seed S]
//   cistern user add --username U --display-name NAME --role ROLE [--db FILE]  (password on stdin)
// Every command also takes --config FILE (default config/city.toml).
#include <fmt/core.h>
#include <pthread.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/demo/demo_city.h"
#include "app/ledger.h"
#include "app/payment_import.h"
#include "app/reference_data.h"
#include "app/sessions.h"
#include "cli/billing_commands.h"
#include "cli/cli_common.h"
#include "cli/rate_commands.h"
#include "config/city_config.h"
#include "config/finance_config.h"
#include "config/rate_config.h"
#include "core/city_time.h"
#include "core/clock.h"
#include "http/server.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace cistern;

void PrintDemoSignIns() {
  fmt::print("Demo sign-ins (username / password):\n");
  for (const DemoUser& user : DemoUsers()) {
    fmt::print("  {:<11} {}\n", user.username, user.password);
  }
}

int Serve(const std::string& database, const std::string& config, const std::string& host, int port,
          const std::string& web_root, bool demo_banner) {
  // Block SIGINT and SIGTERM in every thread; one thread waits for them and stops the server,
  // which finishes requests in flight before Serve returns.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  ServerOptions options;
  options.host = host;
  options.port = port;
  options.web_root = web_root;
  HttpServer server(*(*opened)->context, options);
  auto bound = server.Bind();
  if (!bound.ok()) return Fail(bound.error());

  std::thread signal_waiter([&] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    std::fprintf(stderr, "received %s; finishing requests in flight\n",
                 signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    server.Stop();
  });
  fmt::print("Cistern is listening on http://{}:{}\n", host, *bound);
  if (demo_banner) PrintDemoSignIns();
  std::fflush(stdout);
  Status served = server.Serve();
  // If the server stopped on its own, wake the signal thread so it can be joined.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  if (!served.ok()) return Fail(served.error());
  fmt::print("Cistern stopped cleanly.\n");
  return 0;
}

int Migrate(const std::string& database) {
  auto report = MigrateSqliteDatabase(database);
  if (!report.ok()) return Fail(report.error());
  fmt::print("{}: schema version {} -> {}\n", database, report->version_before,
             report->version_after);
  return 0;
}

int Demo(const std::string& database, const std::string& config, int accounts, std::uint64_t seed,
         int months, const std::string& rates) {
  auto rate_text = ReadTextFile(rates);
  if (!rate_text.ok()) return Fail(rate_text.error());
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  const auto started = std::chrono::steady_clock::now();
  DemoOptions options;
  options.accounts = accounts;
  options.seed = seed;
  options.months = months;
  options.rate_files.push_back({std::filesystem::path(rates).filename().string(), *rate_text});
  if (isatty(fileno(stderr))) {
    options.progress = [](int written, int wanted) {
      std::fprintf(stderr, "\rdemo city: %d / %d accounts", written, wanted);
      if (written == wanted) std::fputc('\n', stderr);
    };
  }
  auto report = GenerateDemoCity(*(*opened)->context, options);
  if (!report.ok()) return Fail(report.error());
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  fmt::print(
      "Demo city written to {}: {} accounts, {} meters, {} readings ({} held for review), {} "
      "bills from {} billing runs, {} payments ({} returned), {} notes, {} users, {} "
      "adjustments awaiting approval, in {:.1f} s\n",
      database, report->accounts, report->meters, report->readings, report->held_readings,
      report->bills, report->billing_runs, report->payments, report->returned_checks, report->notes,
      report->users.size(), report->pending_adjustments, seconds.count());
  return 0;
}

int AddUserCommand(const std::string& database, const std::string& config,
                   const std::string& username, const std::string& display_name,
                   const std::string& role) {
  auto parsed_role = ParseRole(role);
  if (!parsed_role) {
    return Fail(Error::InvalidArgument("role", "ROLE_UNKNOWN",
                                       "--role must be csr, supervisor, finance, field, admin or "
                                       "auditor."));
  }
  // The password comes on standard input, never on the command line where `ps` would show it.
  std::string password;
  if (isatty(fileno(stdin))) {
    // Typed at a terminal: prompt, and do not echo what is typed.
    std::fprintf(stderr, "Password for %s: ", username.c_str());
    termios saved{};
    tcgetattr(fileno(stdin), &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fileno(stdin), TCSANOW, &quiet);
    std::getline(std::cin, password);
    tcsetattr(fileno(stdin), TCSANOW, &saved);
    std::fputc('\n', stderr);
  } else {
    std::getline(std::cin, password);
  }
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  auto user = AddUser(*(*opened)->context, SystemCaller(),
                      {username, display_name, *parsed_role, password});
  if (!user.ok()) return Fail(user.error());
  fmt::print("Added user {} ({}) as user_{}\n", user->username, RoleCode(user->role),
             user->id.value());
  return 0;
}

int AddCycleCommand(const std::string& database, const std::string& config, const std::string& code,
                    const std::string& name) {
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  auto cycle = AddCycle(*(*opened)->context, SystemCaller(), {code, name});
  if (!cycle.ok()) return Fail(cycle.error());
  fmt::print("Added billing cycle {} ({})\n", cycle->code, cycle->name);
  return 0;
}

int AddRouteCommand(const std::string& database, const std::string& config, const std::string& code,
                    const std::string& name, const std::string& cycle) {
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  auto route = AddRoute(*(*opened)->context, SystemCaller(), {code, name, cycle});
  if (!route.ok()) return Fail(route.error());
  fmt::print("Added meter route {} ({}) on cycle {}\n", route->code, route->name, route->cycle);
  return 0;
}

int LedgerCheckCommand(const std::string& database, const std::string& config) {
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  const Caller checker{UserId(), Role::kAuditor, "Ledger check"};
  auto report = CheckLedger(*(*opened)->context, checker);
  if (!report.ok()) return Fail(report.error());
  if (report->ok()) {
    fmt::print(
        "Ledger OK: {} entries, {} account positions and every stored reference checked; every "
        "invariant holds.\n",
        report->entries_checked, report->positions_checked);
    return 0;
  }
  fmt::print(stderr, "Ledger check FAILED ({} entries checked). First violations:\n",
             report->entries_checked);
  for (const std::string& violation : report->violations) {
    fmt::print(stderr, "  - {}\n", violation);
  }
  return 2;
}

int ImportPaymentsCommand(const std::string& database, const std::string& config,
                          const std::string& file, const std::string& tender_code,
                          bool post_valid) {
  auto tender = ParseTender(tender_code);
  if (!tender) {
    return Fail(Error::InvalidArgument("tender", "TENDER_UNKNOWN",
                                       "--tender is one of cash, check, money_order, card, ach."));
  }
  std::FILE* handle = std::fopen(file.c_str(), "rb");
  if (handle == nullptr) {
    return Fail(Error::InvalidArgument("file", "FILE_UNREADABLE", "Cannot read " + file + "."));
  }
  std::string text;
  char buffer[65536];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, handle)) > 0) text.append(buffer, read);
  std::fclose(handle);
  auto opened = Open(database, config);
  if (!opened.ok()) return Fail(opened.error());
  const AppContext& context = *(*opened)->context;
  const auto started = std::chrono::steady_clock::now();
  const ParsedImport parsed = ParsePaymentCsv(text, context.Today());
  const Caller importer{UserId(), Role::kFinance, "Payment import"};
  const std::string name = std::filesystem::path(file).filename().string();
  auto report =
      ImportPayments(context, importer, parsed, name, *tender,
                     post_valid ? ImportMode::kPostValidLines : ImportMode::kAllOrNothing);
  if (!report.ok()) return Fail(report.error());
  for (const ImportProblem& problem : report->problems) {
    fmt::print(stderr, "{}:{}: {}\n", name, problem.line_number, problem.message);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!report->problems.empty() && !post_valid) {
    fmt::print(stderr,
               "{} line(s) have problems; nothing was posted. Fix them, or run again with "
               "--post-valid to post the {} valid payments only.\n",
               report->problems.size(),
               parsed.lines.size() - (report->problems.size() - parsed.problems.size()));
    return 1;
  }
  fmt::print("Posted {} payments totalling {} from {} in {:.2f} s ({:.0f} per second).\n",
             report->posted, report->total.Format(), name, seconds,
             seconds > 0 ? report->posted / seconds : 0.0);
  return report->problems.empty() ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Cistern: utility billing and customer information"};
  app.require_subcommand(1);
  std::string database = kDefaultDatabase;
  std::string config = DefaultCityConfigPath();
  auto add_common = [&](CLI::App* command) {
    command->add_option("--db", database, "SQLite database file")->capture_default_str();
    command->add_option("--config", config, "The city's configuration file")->capture_default_str();
    command
        ->add_option("--finance", FinanceConfigPath(),
                     "The city's money rules (chart of accounts, fees)")
        ->capture_default_str();
    command->add_option("--billing", BillingConfigPath(), "The city's billing rules")
        ->capture_default_str();
    command->add_option("--letters", LettersConfigPath(), "The city's letter templates")
        ->capture_default_str();
  };

  CLI::App* serve = app.add_subcommand("serve", "Serve the API and the web console");
  add_common(serve);
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_root;
  bool demo_banner = false;
  serve->add_option("--host", host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", port, "Port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve->add_option("--web-root", web_root, "Directory of the built console");
  serve->add_flag("--demo-banner", demo_banner, "Print the demo sign-ins");

  CLI::App* migrate = app.add_subcommand("migrate", "Apply pending schema migrations");
  add_common(migrate);

  CLI::App* demo = app.add_subcommand("demo", "Generate a demo city into an empty database");
  add_common(demo);
  int accounts = 5000;
  std::uint64_t seed = 1;
  demo->add_option("--accounts", accounts, "Number of accounts")
      ->check(CLI::Range(1, kDemoAccountsMax))
      ->capture_default_str();
  demo->add_option("--seed", seed, "Random seed; the same seed gives the same city")
      ->capture_default_str();
  int demo_months = 13;
  std::string demo_rates = DefaultRatesPath();
  demo->add_option("--months", demo_months, "Months of readings and posted bills")
      ->check(CLI::Range(0, kDemoMonthsMax))
      ->capture_default_str();
  demo->add_option("--rates", demo_rates, "The rate file the demo city bills under")
      ->capture_default_str();

  CLI::App* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  CLI::App* user_add = user->add_subcommand("add", "Add a user; the password is read from stdin");
  add_common(user_add);
  std::string username, display_name, role;
  user_add->add_option("--username", username)->required();
  user_add->add_option("--display-name", display_name)->required();
  user_add->add_option("--role", role, "csr, supervisor, finance, field, admin or auditor")
      ->required();

  CLI::App* ledger = app.add_subcommand("ledger", "The receivables ledger");
  ledger->require_subcommand(1);
  CLI::App* ledger_check = ledger->add_subcommand("check", "Verify every ledger invariant");
  add_common(ledger_check);

  CLI::App* payments = app.add_subcommand("payments", "Payments");
  payments->require_subcommand(1);
  CLI::App* payments_import =
      payments->add_subcommand("import", "Post payments from a CSV file (docs/ledger.md)");
  add_common(payments_import);
  std::string import_file;
  std::string import_tender = "check";
  bool post_valid = false;
  payments_import->add_option("file", import_file, "The CSV file")->required();
  payments_import->add_option("--tender", import_tender, "How the payments were made")
      ->capture_default_str();
  payments_import->add_flag("--post-valid", post_valid,
                            "Post the valid lines even when others have problems");

  CLI::App* cycle = app.add_subcommand("cycle", "Billing cycles");
  cycle->require_subcommand(1);
  CLI::App* cycle_add = cycle->add_subcommand("add", "Add a billing cycle");
  add_common(cycle_add);
  std::string cycle_code, cycle_name;
  cycle_add->add_option("--code", cycle_code, "Short code, e.g. 1")->required();
  cycle_add->add_option("--name", cycle_name, "Name, e.g. Cycle 1")->required();

  CLI::App* route = app.add_subcommand("route", "Meter routes");
  route->require_subcommand(1);
  CLI::App* route_add = route->add_subcommand("add", "Add a meter route on a cycle");
  add_common(route_add);
  std::string route_code, route_name, route_cycle;
  route_add->add_option("--code", route_code, "Short code, e.g. R01")->required();
  route_add->add_option("--name", route_name, "Name, e.g. Route 01")->required();
  route_add->add_option("--cycle", route_cycle, "The billing cycle it is read for")->required();

  BillingCommands billing_commands = AddBillingCommands(app, add_common);
  AddRateCommands(app);

  CLI11_PARSE(app, argc, argv);
  if (int status = 0; RunBillingCommands(billing_commands, database, config, &status)) {
    return status;
  }
  if (cycle_add->parsed()) return AddCycleCommand(database, config, cycle_code, cycle_name);
  if (route_add->parsed()) {
    return AddRouteCommand(database, config, route_code, route_name, route_cycle);
  }
  if (ledger_check->parsed()) return LedgerCheckCommand(database, config);
  if (payments_import->parsed()) {
    return ImportPaymentsCommand(database, config, import_file, import_tender, post_valid);
  }
  if (serve->parsed()) return Serve(database, config, host, port, web_root, demo_banner);
  if (migrate->parsed()) return Migrate(database);
  if (demo->parsed()) return Demo(database, config, accounts, seed, demo_months, demo_rates);
  if (user_add->parsed()) return AddUserCommand(database, config, username, display_name, role);
  return 1;
}
