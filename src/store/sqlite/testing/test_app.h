// TestApp: an AppContext over a real SQLite store in a fresh temporary directory, with a FixedClock
// and the America/Chicago zone, for app and store tests.
//
// Header-only on purpose: CMake globs every non-test .cc under src/app/ into the cistern_app
// library, and this helper needs the SQLite adapter, which app/ must not depend on. Only tests
// include it.
//
// Each TestApp owns its own directory and database file, so tests never share state; the
// directory is removed when the TestApp is destroyed.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts.h"
#include "app/app_context.h"
#include "app/store/store.h"
#include "config/billing_config.h"
#include "config/deposit_config.h"
#include "config/finance_config.h"
#include "config/letter_config.h"
#include "config/rate_parser.h"
#include "config/service_rules_config.h"
#include "core/city_time.h"
#include "core/clock.h"
#include "domain/auth/roles.h"
#include "store/sqlite/sqlite_store.h"

namespace cistern::test {

// 2026-11-27 09:00 in Chicago (CST, UTC-6): a Friday morning at the counter.
inline Instant TestStartInstant() {
  using namespace std::chrono_literals;
  return std::chrono::sys_days(std::chrono::year(2026) / 11 / 27) + 15h;
}

// The city date at TestStartInstant().
inline Date TestToday() { return std::chrono::year(2026) / 11 / 27; }

// A directory created empty for one test and removed with everything in it afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "cistern_test_XXXXXX").string();
    const char* made = ::mkdtemp(pattern.data());
    if (made == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = made;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Row counts of every table in the database file, read through a separate raw connection, so a
// test can prove that a refused command wrote nothing at all (not even to a table it did not
// think of). FTS5 shadow tables are included: a search entry shows up in them.
inline std::map<std::string, std::int64_t> CountAllRows(const std::string& database_path) {
  std::map<std::string, std::int64_t> counts;
  sqlite3* database = nullptr;
  if (sqlite3_open_v2(database_path.c_str(), &database, SQLITE_OPEN_READWRITE, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(database);
    ADD_FAILURE() << "cannot open " << database_path;
    return counts;
  }
  std::vector<std::string> tables;
  sqlite3_stmt* list = nullptr;
  sqlite3_prepare_v2(database,
                     "SELECT name FROM sqlite_master WHERE type = 'table'"
                     " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
                     -1, &list, nullptr);
  while (sqlite3_step(list) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
  }
  sqlite3_finalize(list);
  for (const std::string& table : tables) {
    sqlite3_stmt* count = nullptr;
    const std::string sql = "SELECT count(*) FROM \"" + table + "\"";
    if (sqlite3_prepare_v2(database, sql.c_str(), -1, &count, nullptr) == SQLITE_OK &&
        sqlite3_step(count) == SQLITE_ROW) {
      counts[table] = sqlite3_column_int64(count, 0);
    } else {
      ADD_FAILURE() << "cannot count " << table << ": " << sqlite3_errmsg(database);
    }
    sqlite3_finalize(count);
  }
  sqlite3_close(database);
  return counts;
}

// Runs `sql` on its own raw connection, behind the store's back. Returns "" on success, else
// SQLite's error message (a trigger's RAISE text, for instance).
inline std::string ExecuteRawSql(const std::string& database_path, const std::string& sql) {
  sqlite3* database = nullptr;
  if (sqlite3_open_v2(database_path.c_str(), &database, SQLITE_OPEN_READWRITE, nullptr) !=
      SQLITE_OK) {
    std::string message = database ? sqlite3_errmsg(database) : "cannot open";
    sqlite3_close(database);
    return message;
  }
  sqlite3_busy_timeout(database, 5000);
  char* error = nullptr;
  std::string message;
  if (sqlite3_exec(database, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    message = error ? error : "unknown error";
  }
  sqlite3_free(error);
  sqlite3_close(database);
  return message;
}

// The first column of the first row of `sql`, run on its own raw connection; -1 on an error.
inline std::int64_t QueryRawInt(const std::string& database_path, const std::string& sql) {
  sqlite3* database = nullptr;
  std::int64_t value = -1;
  if (sqlite3_open_v2(database_path.c_str(), &database, SQLITE_OPEN_READONLY, nullptr) ==
      SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(database, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      value = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(database);
  return value;
}

// The first column of every row of `sql` as text, one row a line, run on its own raw
// connection; "error: ..." on an error.
inline std::string QueryRawText(const std::string& database_path, const std::string& sql) {
  sqlite3* database = nullptr;
  std::string text;
  if (sqlite3_open_v2(database_path.c_str(), &database, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(database);
    return "error: cannot open";
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(database, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    text = std::string("error: ") + sqlite3_errmsg(database);
  } else {
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
      const unsigned char* column = sqlite3_column_text(statement, 0);
      text += column ? reinterpret_cast<const char*>(column) : "NULL";
      text += '\n';
    }
    if (step != SQLITE_DONE) text = std::string("error: ") + sqlite3_errmsg(database);
  }
  sqlite3_finalize(statement);
  sqlite3_close(database);
  return text;
}

// A caller with `role` and no user row behind it (audit events record it as the system). Enough
// for permission checks; tests that need a named author insert a user first.
inline Caller CallerWithRole(Role role, UserId user_id = UserId(),
                             std::string display_name = "Test Caller") {
  return {user_id, role, std::move(display_name)};
}

// A valid person, as a CSR would type it (before normalization).
inline Customer SamplePerson() {
  Customer customer;
  customer.kind = CustomerKind::kPerson;
  customer.first_name = "Maria";
  customer.last_name = "Lopez";
  customer.phones = {{"(405) 555-0142", "mobile"}, {"405-555-0199", "work"}};
  customer.emails = {"MLopez@Example.com", "maria.lopez@work.example.org"};
  customer.mailing_address = {"1204 N Broadway Ave", "", "Moore", "OK", "73160"};
  customer.date_of_birth = std::chrono::year(1980) / 2 / 14;
  customer.id_last4 = "1234";
  return customer;
}

// A valid single-family premise on route R01, cycle 1 (see TestApp::AddReferenceData).
inline Premise SamplePremise() {
  Premise premise;
  premise.address = {"1204 N Broadway Ave", "", "Moore", "OK", "73160"};
  premise.type = PremiseType::kSingleFamily;
  premise.unit_count = 1;
  premise.parcel_number = "R12-345-678";
  premise.route = "R01";
  premise.cycle = "1";
  return premise;
}

inline CreateAccountRequest SampleCreateRequest() {
  CreateAccountRequest request;
  request.new_customer = SamplePerson();
  request.new_premise = SamplePremise();
  return request;
}

// Writes a customer, a premise and an account straight through `transaction` (no use case, no
// audit, no search entry) and returns the account's id. The premise's route and cycle must exist.
inline AccountId InsertAccountRecords(Transaction& transaction, const Customer& customer,
                                      const Premise& premise, std::int64_t number_sequence,
                                      Date opened_on = TestToday()) {
  Account account;
  account.customer_id = transaction.customers().Insert(customer).value();
  account.premise_id = transaction.premises().Insert(premise).value();
  account.number = AccountNumber::FromSequence(number_sequence);
  account.mailing_address = customer.mailing_address;
  account.opened_on = opened_on;
  account.version = 1;
  return transaction.accounts().Insert(account).value();
}

class TestApp {
 public:
  TestApp()
      : database_path_(directory_.File("cistern.db")),
        store_(OpenStore(database_path_)),
        clock_(TestStartInstant()),
        zone_(CityTimeZone::Load("America/Chicago").value()),
        context_{*store_, clock_, zone_, SignInPolicy{}, CityProfile{},
                 // The demo city's money rules, as shipped in config/finance.toml.
                 LoadFinanceConfig(DefaultFinanceConfigPath()).value(),
                 // The shipped billing rules, and the TOML reader for rate files.
                 LoadBillingConfig(DefaultBillingConfigPath()).value(), &TomlRateFileParser()} {
    // The shipped letter templates.
    context_.letters = LoadLettersConfig(DefaultLettersConfigPath()).value();
    // The shipped deposit guidelines.
    context_.deposits = std::make_shared<const DepositRules>(
        LoadDepositsConfig(DefaultDepositsConfigPath(), &context_.finance).value());
    // The shipped service rules (how service starts, stops and transfers).
    context_.service_rules = std::make_shared<const ServiceRules>(
        LoadServiceRulesConfig(DefaultServiceRulesConfigPath(), &context_.finance).value());
  }

  AppContext& context() { return context_; }
  Store& store() { return *store_; }
  FixedClock& clock() { return clock_; }
  const std::string& database_path() const { return database_path_; }
  const TempDir& directory() const { return directory_; }

  // Cycles "1" and "2"; routes R01 and R02 on cycle 1, R11 on cycle 2.
  void AddReferenceData() {
    auto transaction = store_->Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(transaction->reference().InsertCycle({"1", "Cycle 1"}).ok());
    ASSERT_TRUE(transaction->reference().InsertCycle({"2", "Cycle 2"}).ok());
    ASSERT_TRUE(transaction->reference().InsertRoute({"R01", "Route 01", "1"}).ok());
    ASSERT_TRUE(transaction->reference().InsertRoute({"R02", "Route 02", "1"}).ok());
    ASSERT_TRUE(transaction->reference().InsertRoute({"R11", "Route 11", "2"}).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }

  // Inserts a user straight through the store with a ready-made password hash, so that tests do
  // not pay for an argon2id hash per user.
  UserId InsertUser(const std::string& username, Role role, const std::string& password_hash,
                    const std::string& display_name = "Test User") {
    auto transaction = store_->Begin(TransactionMode::kWrite).value();
    User user;
    user.username = username;
    user.display_name = display_name;
    user.role = role;
    user.password_hash = password_hash;
    user.created_at = clock_.Now();
    const UserId id = transaction->users().Insert(user).value();
    EXPECT_TRUE(transaction->Commit().ok());
    return id;
  }

  std::map<std::string, std::int64_t> RowCounts() const { return CountAllRows(database_path_); }

  // Every audit event, newest first, read through the store.
  std::vector<AuditEvent> AllAuditEvents() {
    auto transaction = store_->Begin(TransactionMode::kRead).value();
    std::vector<AuditEvent> events;
    PageRequest page;
    page.page_size = kPageSizeMax;
    while (true) {
      auto listed = transaction->audit().List({}, page).value();
      for (AuditEvent& event : listed.items) events.push_back(std::move(event));
      if (!listed.next_after) break;
      page.after = *listed.next_after;
    }
    return events;
  }

 private:
  static std::unique_ptr<Store> OpenStore(const std::string& path) {
    auto opened = OpenSqliteStore(path);
    if (!opened.ok()) {
      throw std::runtime_error("OpenSqliteStore failed: " + opened.error().message);
    }
    return std::move(opened).value();
  }

  TempDir directory_;
  std::string database_path_;
  std::unique_ptr<Store> store_;
  FixedClock clock_;
  CityTimeZone zone_;
  AppContext context_;
};

}  // namespace cistern::test

// --- Ledger helpers ----------------------------------------------------------------------------

#include "domain/ledger/posting.h"

namespace cistern::test {

// A caller backed by a user row (drawers, cash days and journal entries name real users).
inline Caller InsertCaller(TestApp& app, const std::string& username, Role role,
                           const std::string& display_name) {
  return CallerWithRole(role, app.InsertUser(username, role, "fake-hash", display_name),
                        display_name);
}

// A new customer at a new premise with one account, created through the use case.
inline AccountDetail CreateSampleAccountDetail(TestApp& app) {
  return CreateAccount(app.context(), CallerWithRole(Role::kCsr), SampleCreateRequest())
      .value()
      .detail;
}
inline AccountId CreateSampleAccount(TestApp& app) {
  return CreateSampleAccountDetail(app).account.id;
}

// A second account of the customer who holds `existing`, at the same premise.
inline AccountId CreateAccountForSameCustomer(TestApp& app, AccountId existing) {
  Account account;
  {
    auto transaction = app.store().Begin(TransactionMode::kRead).value();
    account = transaction->accounts().Get(existing).value();
  }
  CreateAccountRequest request;
  request.existing_customer = account.customer_id;
  request.existing_premise = account.premise_id;
  return CreateAccount(app.context(), CallerWithRole(Role::kCsr), request)
      .value()
      .detail.account.id;
}

// Posts service charges straight to the journal, effective `effective_on` (billing runs are not
// built yet; this stands in for a bill). Returns the entry's id.
inline JournalEntryId PostChargesForTest(TestApp& app, AccountId account,
                                         const std::vector<FundAmount>& charges,
                                         Date effective_on = TestToday()) {
  const FinanceSettings& settings = app.context().finance;
  JournalEntry entry = ChargeEntry(settings, account, charges,
                                   {effective_on, app.clock().Now(), UserId(), "Test charges"});
  EXPECT_TRUE(ValidateEntry(entry, settings.chart).ok());
  auto transaction = app.store().Begin(TransactionMode::kWrite).value();
  const JournalEntryId id = transaction->ledger().Post(entry).value();
  EXPECT_TRUE(transaction->Commit().ok());
  return id;
}

// Closes an account behind the use cases' back (closing accounts is not a use case yet).
inline void CloseAccountForTest(TestApp& app, AccountId account) {
  EXPECT_EQ(ExecuteRawSql(app.database_path(),
                          "UPDATE accounts SET status = 'closed', closed_on = '2026-11-01'"
                          " WHERE id = " +
                              std::to_string(account.value())),
            "");
}

// Sets an account's cash-only date through the store.
inline void SetCashOnlyUntilForTest(TestApp& app, AccountId account, Date until) {
  auto transaction = app.store().Begin(TransactionMode::kWrite).value();
  EXPECT_TRUE(transaction->accounts().SetCashOnlyUntil(account, until).ok());
  EXPECT_TRUE(transaction->Commit().ok());
}

// A stored journal entry, read through the store.
inline JournalEntry GetEntryForTest(TestApp& app, JournalEntryId id) {
  auto transaction = app.store().Begin(TransactionMode::kRead).value();
  return transaction->ledger().Get(id).value();
}

// The number of rows in one table.
inline std::int64_t RowCount(const TestApp& app, const std::string& table) {
  return app.RowCounts().at(table);
}

}  // namespace cistern::test
