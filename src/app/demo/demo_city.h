// The demo city generator: a deterministic, realistic city for demos, tests, benchmarks and
// training. The same seed gives the same city. Later issues extend this one generator (meters,
// readings, bills, payments) rather than adding others.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/app_context.h"

namespace cistern {

struct DemoOptions {
  int accounts = 5000;
  std::uint64_t seed = 1;
  // Months of readings and posted bills, ending with last month (0: none).
  int months = 13;
  // Rate files to load first (name, text), e.g. config/rates/moore.toml; required for months > 0
  // unless the database already has rates.
  std::vector<std::pair<std::string, std::string>> rate_files;
  // Called after each chunk with (accounts written, accounts wanted).
  std::function<void(int, int)> progress;
};

constexpr int kDemoAccountsMax = 2000000;
constexpr int kDemoMonthsMax = 36;

struct DemoUser {
  std::string username;
  std::string password;
  std::string role;
};

struct DemoReport {
  int accounts = 0;
  int payments = 0;
  int returned_checks = 0;
  int pending_adjustments = 0;
  int entries = 0;
  int customers = 0;
  int premises = 0;
  int notes = 0;
  int meters = 0;
  int readings = 0;
  int held_readings = 0;
  int billing_runs = 0;
  int bills = 0;
  std::vector<DemoUser> users;
};

// The demo sign-ins, one per role: username = role code, password "demo-<role>-2026".
std::vector<DemoUser> DemoUsers();

// Fills an empty database (schema applied, no accounts) with cycles, routes, demo users and
// `accounts` accounts with their customers and premises. Refuses a database that already has
// accounts. Writes in chunks, one transaction each.
Result<DemoReport> GenerateDemoCity(const AppContext& context, const DemoOptions& options);

}  // namespace cistern
