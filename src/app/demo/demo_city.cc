#include "app/demo/demo_city.h"

#include <optional>

#include "app/demo/demo_billing.h"
#include "app/demo/demo_ledger.h"
#include "app/demo/demo_metering.h"
#include "app/demo/demo_names.h"
#include "app/demo/demo_random.h"
#include "app/passwords.h"
#include "app/rate_book.h"
#include "app/sessions.h"
#include "domain/audit/record_fields.h"

namespace cistern {
namespace {

constexpr int kChunkAccounts = 2000;
constexpr int kCycles = 4;
constexpr int kRoutesPerCycle = 10;

const std::vector<std::string>& PostalCodes() {
  static const std::vector<std::string> codes = {"73160", "73153", "73165", "73170"};
  return codes;
}

struct DemoCityGenerator {
  const AppContext& context;
  DemoRandom random;
  Date as_of;
  std::vector<UserId> staff;     // authors of demo notes
  std::vector<UserId> cashiers;  // who took the demo payments
  int months = 13;
  DemoLedgerStats ledger_stats;
  DemoMeteringStats metering_stats;
  DemoReadings readings;  // the chunk's monthly readings, written month by month at its end
  std::vector<Route> routes;
  DemoReport report;

  std::string StreetAddress() {
    const int number = random.Between(1, 60) * 100 + random.Between(0, 99);
    std::string direction;
    if (random.Percent(35)) direction = std::string(1, "NSEW"[random.Below(4)]) + " ";
    return std::to_string(number) + " " + direction + random.Pick(demo::StreetNames()) + " " +
           random.Pick(demo::StreetTypes());
  }

  std::string PhoneDigits() {
    // 405 is central Oklahoma; exchanges never start with 0 or 1.
    const char* area = random.Percent(85) ? "405" : (random.Percent(50) ? "580" : "918");
    return std::string(area) + std::to_string(random.Between(200, 999)) +
           std::to_string(random.Between(1000, 9999));
  }

  Customer MakeCustomer(const Address& service_address) {
    Customer customer;
    customer.kind = random.Percent(8) ? CustomerKind::kBusiness : CustomerKind::kPerson;
    customer.first_name = random.Pick(demo::FirstNames());
    customer.last_name = random.Pick(demo::LastNames());
    if (customer.kind == CustomerKind::kBusiness) {
      customer.business_name =
          random.Pick(demo::BusinessWords()) + " " + random.Pick(demo::BusinessKinds());
    }
    customer.phones.push_back({PhoneDigits(), random.Percent(70) ? "mobile" : "home"});
    if (random.Percent(25)) customer.phones.push_back({PhoneDigits(), "work"});
    if (random.Percent(75)) {
      std::string local = customer.first_name + "." + customer.last_name;
      std::string email;
      for (char c : local) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '.') {
          email += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
      }
      if (random.Percent(50)) email += std::to_string(random.Between(1, 99));
      customer.emails.push_back(email + "@" + random.Pick(demo::EmailDomains()));
    }
    if (random.Percent(90)) {
      customer.mailing_address = service_address;
    } else {
      customer.mailing_address = {"PO Box " + std::to_string(random.Between(100, 9999)), "",
                                  random.Percent(50) ? "Oklahoma City" : "Norman", "OK",
                                  random.Percent(50) ? "73101" : "73069"};
    }
    if (customer.kind == CustomerKind::kPerson && random.Percent(60)) {
      customer.date_of_birth = std::chrono::year_month_day(
          std::chrono::year(random.Between(1935, 2004)),
          std::chrono::month(static_cast<unsigned>(random.Between(1, 12))),
          std::chrono::day(static_cast<unsigned>(random.Between(1, 28))));
    }
    if (customer.kind == CustomerKind::kPerson && random.Percent(70)) {
      customer.id_last4 = std::to_string(random.Between(1000, 9999));
    }
    customer.confidential = random.Percent(1);
    customer.version = 1;
    return customer;
  }

  Premise MakePremise() {
    Premise premise;
    const int draw = random.Below(100);
    premise.type = draw < 80   ? PremiseType::kSingleFamily
                   : draw < 87 ? PremiseType::kMultiFamily
                   : draw < 95 ? PremiseType::kCommercial
                   : draw < 97 ? PremiseType::kIndustrial
                   : draw < 99 ? PremiseType::kIrrigation
                               : PremiseType::kInstitutional;
    premise.unit_count = premise.type == PremiseType::kMultiFamily ? random.Between(2, 24) : 1;
    premise.address = {StreetAddress(), "", context.city.city, context.city.state,
                       random.Pick(PostalCodes())};
    if (premise.type == PremiseType::kMultiFamily && random.Percent(50)) {
      premise.address.line2 = "Bldg " + std::string(1, static_cast<char>('A' + random.Below(4)));
    }
    premise.city_limits = random.Percent(90) ? CityLimits::kInside : CityLimits::kOutside;
    premise.parcel_number = "R" + std::to_string(random.Between(10, 99)) + "-" +
                            std::to_string(random.Between(100, 999)) + "-" +
                            std::to_string(random.Between(100, 999));
    const Route& route = random.Pick(routes);
    premise.route = route.code;
    premise.cycle = route.cycle;
    premise.version = 1;
    return premise;
  }

  Status SetUp() {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
    CISTERN_ASSIGN_OR_RETURN(std::int64_t next, transaction->accounts().NextNumberSequence());
    if (next != 1) {
      return Error::FailedPrecondition("DATABASE_NOT_EMPTY",
                                       "The database already has accounts; give a new file.");
    }
    CISTERN_ASSIGN_OR_RETURN(auto existing_cycles, transaction->reference().ListCycles());
    if (existing_cycles.empty()) {
      for (int cycle = 1; cycle <= kCycles; ++cycle) {
        CISTERN_RETURN_IF_ERROR(transaction->reference().InsertCycle(
            {std::to_string(cycle), "Cycle " + std::to_string(cycle)}));
        for (int index = 1; index <= kRoutesPerCycle; ++index) {
          const int number = (cycle - 1) * kRoutesPerCycle + index;
          const std::string code = (number < 10 ? "R0" : "R") + std::to_string(number);
          CISTERN_RETURN_IF_ERROR(transaction->reference().InsertRoute(
              {code, "Route " + code.substr(1), std::to_string(cycle)}));
        }
      }
    }
    CISTERN_ASSIGN_OR_RETURN(routes, transaction->reference().ListRoutes());
    return transaction->Commit();
  }

  Status AddUsers() {
    for (const DemoUser& demo_user : DemoUsers()) {
      NewUser user;
      user.username = demo_user.username;
      user.display_name = DisplayNameFor(demo_user.role);
      user.role = *ParseRole(demo_user.role);
      user.password = demo_user.password;
      auto added = AddUser(context, SystemCaller(), user);
      if (!added.ok() && added.error().code != ErrorCode::kConflict) return added.error();
      report.users.push_back(demo_user);
    }
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
    for (const DemoUser& demo_user : DemoUsers()) {
      CISTERN_ASSIGN_OR_RETURN(User user, transaction->users().FindByUsername(demo_user.username));
      if (user.role != Role::kAuditor) staff.push_back(user.id);
      if (RoleHas(user.role, Permission::kPostPayments)) cashiers.push_back(user.id);
    }
    return OkStatus();
  }

  static std::string DisplayNameFor(const std::string& role) {
    if (role == "csr") return "Casey Reyes";
    if (role == "supervisor") return "Sam Whitehorse";
    if (role == "finance") return "Frances Ng";
    if (role == "field") return "Felix Ortega";
    if (role == "admin") return "Alex Morgan";
    return "Audrey Kim";
  }

  // An instant on `date` during office hours, in the city's zone.
  Instant OfficeHours(Date date) {
    return context.city_zone.StartOfLocalDay(date) + std::chrono::hours(8 + random.Below(9)) +
           std::chrono::minutes(random.Below(60));
  }

  Status WriteAccount(Transaction& transaction, std::int64_t sequence) {
    Premise premise = MakePremise();
    Customer customer = MakeCustomer(premise.address);
    CISTERN_ASSIGN_OR_RETURN(premise.id, transaction.premises().Insert(premise));
    CISTERN_ASSIGN_OR_RETURN(customer.id, transaction.customers().Insert(customer));
    Account account;
    account.number = AccountNumber::FromSequence(sequence);
    account.customer_id = customer.id;
    account.premise_id = premise.id;
    account.mailing_address = customer.mailing_address;
    // Opened some day in the last twenty years, more often recently.
    const int days_ago = std::min(random.Below(7300), random.Below(7300));
    account.opened_on = AddDays(as_of, -days_ago);
    const int status_draw = random.Below(100);
    account.status = status_draw < 92   ? AccountStatus::kActive
                     : status_draw < 95 ? AccountStatus::kPending
                     : status_draw < 98 ? AccountStatus::kFinal
                                        : AccountStatus::kClosed;
    if (account.status == AccountStatus::kPending) {
      account.opened_on = AddDays(as_of, -random.Below(10));
    }
    const int days_open = DaysBetween(account.opened_on, as_of);
    if (account.status == AccountStatus::kFinal || account.status == AccountStatus::kClosed) {
      account.closed_on = AddDays(account.opened_on, std::max(1, days_open / 2));
    }
    account.version = 1;
    CISTERN_ASSIGN_OR_RETURN(account.id, transaction.accounts().Insert(account));

    AuditEvent created;
    created.at = OfficeHours(account.opened_on);
    created.action = "account.create";
    created.entity_type = "account";
    created.entity_id = account.id.value();
    created.account_id = account.id;
    created.changes = DiffFields({}, AccountFields(account));
    CISTERN_RETURN_IF_ERROR(transaction.audit().Append(created));

    if (random.Percent(15)) {
      const int notes = random.Between(1, 3);
      for (int index = 0; index < notes; ++index) {
        Note note;
        note.account_id = account.id;
        note.text = random.Pick(demo::NoteTexts());
        note.author_id = random.Pick(staff);
        note.created_at = OfficeHours(AddDays(account.opened_on, random.Below(days_open + 1)));
        CISTERN_RETURN_IF_ERROR(transaction.notes().Insert(note));
        ++report.notes;
      }
    }
    CISTERN_RETURN_IF_ERROR(WriteDemoMetering(context, transaction, random, account, premise, as_of,
                                              months, readings, metering_stats));
    CISTERN_RETURN_IF_ERROR(WriteDemoMoneyHistory(context, transaction, random, account, premise,
                                                  cashiers, as_of, DemoHistoryStart(as_of, months),
                                                  ledger_stats));
    CISTERN_RETURN_IF_ERROR(transaction.search().Reindex(account.id));
    ++report.accounts;
    ++report.customers;
    ++report.premises;
    return OkStatus();
  }
};

}  // namespace

std::vector<DemoUser> DemoUsers() {
  std::vector<DemoUser> users;
  for (Role role : AllRoles()) {
    const std::string code = RoleCode(role);
    users.push_back({code, "demo-" + code + "-2026", code});
  }
  return users;
}

Result<DemoReport> GenerateDemoCity(const AppContext& context, const DemoOptions& options) {
  if (options.accounts < 1 || options.accounts > kDemoAccountsMax) {
    return Error::InvalidArgument("accounts", "DEMO_SIZE_INVALID",
                                  "The demo city has from 1 to 2,000,000 accounts.");
  }
  if (options.months < 0 || options.months > kDemoMonthsMax) {
    return Error::InvalidArgument("months", "DEMO_MONTHS_INVALID",
                                  "The demo city has from 0 to 36 months of bills.");
  }
  DemoCityGenerator generator{context, DemoRandom(options.seed), context.Today(), {}, {}, {}};
  generator.months = options.months;
  CISTERN_RETURN_IF_ERROR(generator.SetUp());
  CISTERN_RETURN_IF_ERROR(generator.AddUsers());
  const Caller loader{UserId(), Role::kAdmin, "Demo rates"};
  for (const auto& [name, text] : options.rate_files) {
    CISTERN_RETURN_IF_ERROR(LoadRateFile(context, loader, name, text));
  }
  int written = 0;
  while (written < options.accounts) {
    const int chunk = std::min(kChunkAccounts, options.accounts - written);
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
    for (int index = 0; index < chunk; ++index) {
      CISTERN_RETURN_IF_ERROR(
          generator.WriteAccount(*transaction, kFirstAccountNumberSequence + written + index));
    }
    CISTERN_RETURN_IF_ERROR(FlushDemoReadings(*transaction, generator.readings));
    CISTERN_RETURN_IF_ERROR(transaction->Commit());
    written += chunk;
    if (options.progress) options.progress(written, options.accounts);
  }
  if (options.months > 0) {
    DemoBillingStats billing;
    CISTERN_RETURN_IF_ERROR(RunDemoBilling(context, generator.random, generator.cashiers,
                                           generator.as_of, options.months, billing,
                                           generator.ledger_stats));
    generator.report.billing_runs = billing.runs;
    generator.report.bills = billing.bills;
  }
  generator.report.meters = generator.metering_stats.meters;
  generator.report.readings = generator.metering_stats.readings;
  generator.report.held_readings = generator.metering_stats.held_readings;
  generator.report.payments = generator.ledger_stats.payments;
  generator.report.returned_checks = generator.ledger_stats.returned_checks;
  generator.report.pending_adjustments = generator.ledger_stats.pending_adjustments;
  generator.report.entries = generator.ledger_stats.entries;
  generator.report.notes += generator.ledger_stats.notes;
  return generator.report;
}

}  // namespace cistern
