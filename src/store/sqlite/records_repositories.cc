// Customers, premises and accounts.
#include "core/check.h"
#include "store/sqlite/repositories.h"
#include "store/sqlite/rows.h"

namespace cistern::sqlite {

Result<Instant> ReadInstant(const Statement& statement, int column) {
  auto parsed = ParseInstant(statement.Text(column), "stored instant");
  if (!parsed.ok()) {
    return Error::Internal("STORED_VALUE_INVALID",
                           "A stored instant does not parse: " + statement.Text(column));
  }
  return *parsed;
}

Result<std::optional<Instant>> ReadOptionalInstant(const Statement& statement, int column) {
  if (statement.IsNull(column)) return std::optional<Instant>();
  CISTERN_ASSIGN_OR_RETURN(Instant instant, ReadInstant(statement, column));
  return std::optional<Instant>(instant);
}

Result<Date> ReadDate(const Statement& statement, int column) {
  auto parsed = ParseDate(statement.Text(column), "stored date");
  if (!parsed.ok()) {
    return Error::Internal("STORED_VALUE_INVALID",
                           "A stored date does not parse: " + statement.Text(column));
  }
  return *parsed;
}

namespace {

Error NotFound(const char* what, std::int64_t id) {
  return Error::NotFound(std::string(what) + "_NOT_FOUND",
                         std::string("No ") + what + " has id " + std::to_string(id) + ".");
}

}  // namespace

// --- customers ---------------------------------------------------------------------------------

Result<CustomerId> SqliteCustomers::Insert(const Customer& customer) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO customers (kind, first_name, last_name, business_name,"
                          " mail_line1, mail_line2, mail_city, mail_state, mail_postal_code,"
                          " date_of_birth, id_last4, confidential, version)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  const Address& mail = customer.mailing_address;
  std::optional<std::string> birth;
  if (customer.date_of_birth) birth = FormatDate(*customer.date_of_birth);
  CISTERN_RETURN_IF_ERROR(insert
                              ->BindAll(std::string(CustomerKindCode(customer.kind)),
                                        customer.first_name, customer.last_name,
                                        customer.business_name, mail.line1, mail.line2, mail.city,
                                        mail.state, mail.postal_code, birth, customer.id_last4,
                                        customer.confidential, customer.version)
                              .Run());
  const CustomerId id(connection_.LastInsertRowId());
  CISTERN_ASSIGN_OR_RETURN(
      auto* phone,
      connection_.Prepare("INSERT INTO customer_phones (customer_id, position, digits, label)"
                          " VALUES (?, ?, ?, ?)"));
  for (std::size_t i = 0; i < customer.phones.size(); ++i) {
    phone->Reset();
    CISTERN_RETURN_IF_ERROR(phone
                                ->BindAll(id.value(), static_cast<std::int64_t>(i),
                                          customer.phones[i].digits, customer.phones[i].label)
                                .Run());
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto* email, connection_.Prepare("INSERT INTO customer_emails (customer_id, position, email)"
                                       " VALUES (?, ?, ?)"));
  for (std::size_t i = 0; i < customer.emails.size(); ++i) {
    email->Reset();
    CISTERN_RETURN_IF_ERROR(
        email->BindAll(id.value(), static_cast<std::int64_t>(i), customer.emails[i]).Run());
  }
  return id;
}

Result<Customer> SqliteCustomers::Get(CustomerId id) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT kind, first_name, last_name, business_name, mail_line1,"
                          " mail_line2, mail_city, mail_state, mail_postal_code, date_of_birth,"
                          " id_last4, confidential, version FROM customers WHERE id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return NotFound("CUSTOMER", id.value());
  Customer customer;
  customer.id = id;
  customer.kind = ParseCustomerKind(select->Text(0)).value_or(CustomerKind::kPerson);
  customer.first_name = select->Text(1);
  customer.last_name = select->Text(2);
  customer.business_name = select->Text(3);
  customer.mailing_address = {select->Text(4), select->Text(5), select->Text(6), select->Text(7),
                              select->Text(8)};
  if (!select->IsNull(9)) {
    CISTERN_ASSIGN_OR_RETURN(Date birth, ReadDate(*select, 9));
    customer.date_of_birth = birth;
  }
  customer.id_last4 = select->Text(10);
  customer.confidential = select->Int(11) != 0;
  customer.version = static_cast<int>(select->Int(12));

  CISTERN_ASSIGN_OR_RETURN(auto* phones,
                           connection_.Prepare("SELECT digits, label FROM customer_phones"
                                               " WHERE customer_id = ? ORDER BY position"));
  phones->BindAll(id.value());
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, phones->Step());
    if (!row) break;
    customer.phones.push_back({phones->Text(0), phones->Text(1)});
  }
  CISTERN_ASSIGN_OR_RETURN(auto* emails,
                           connection_.Prepare("SELECT email FROM customer_emails"
                                               " WHERE customer_id = ? ORDER BY position"));
  emails->BindAll(id.value());
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, emails->Step());
    if (!row) break;
    customer.emails.push_back(emails->Text(0));
  }
  return customer;
}

// --- premises ----------------------------------------------------------------------------------

Result<PremiseId> SqlitePremises::Insert(const Premise& premise) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO premises (line1, line2, city, state, postal_code,"
                          " inside_city_limits, premise_type, unit_count, parcel_number, route,"
                          " cycle, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  const Address& address = premise.address;
  CISTERN_RETURN_IF_ERROR(
      insert
          ->BindAll(address.line1, address.line2, address.city, address.state, address.postal_code,
                    premise.city_limits == CityLimits::kInside,
                    std::string(PremiseTypeCode(premise.type)), premise.unit_count,
                    premise.parcel_number, premise.route, premise.cycle, premise.version)
          .Run());
  return PremiseId(connection_.LastInsertRowId());
}

Result<Premise> SqlitePremises::Get(PremiseId id) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT line1, line2, city, state, postal_code, inside_city_limits,"
                          " premise_type, unit_count, parcel_number, route, cycle, version"
                          " FROM premises WHERE id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return NotFound("PREMISE", id.value());
  Premise premise;
  premise.id = id;
  premise.address = {select->Text(0), select->Text(1), select->Text(2), select->Text(3),
                     select->Text(4)};
  premise.city_limits = select->Int(5) != 0 ? CityLimits::kInside : CityLimits::kOutside;
  premise.type = ParsePremiseType(select->Text(6)).value_or(PremiseType::kSingleFamily);
  premise.unit_count = static_cast<int>(select->Int(7));
  premise.parcel_number = select->Text(8);
  premise.route = select->Text(9);
  premise.cycle = select->Text(10);
  premise.version = static_cast<int>(select->Int(11));
  return premise;
}

// --- accounts ----------------------------------------------------------------------------------

namespace {
constexpr const char* kAccountColumns =
    "SELECT id, number, customer_id, premise_id, mail_line1, mail_line2, mail_city, mail_state,"
    " mail_postal_code, status, opened_on, closed_on, version, cash_only_until FROM accounts ";
}  // namespace

Result<std::int64_t> SqliteAccounts::NextNumberSequence() {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT COALESCE(MAX(number_sequence), 0) + 1 FROM accounts"));
  CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
  CISTERN_CHECK(row, "MAX() always returns a row");
  return select->Int(0);
}

Result<AccountId> SqliteAccounts::Insert(const Account& account) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO accounts (number, number_sequence, customer_id, premise_id,"
                          " mail_line1, mail_line2, mail_city, mail_state, mail_postal_code,"
                          " status, opened_on, closed_on, version)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  const Address& mail = account.mailing_address;
  std::optional<std::string> closed_on;
  if (account.closed_on) closed_on = FormatDate(*account.closed_on);
  CISTERN_RETURN_IF_ERROR(
      insert
          ->BindAll(account.number.text(), account.number.sequence(), account.customer_id.value(),
                    account.premise_id.value(), mail.line1, mail.line2, mail.city, mail.state,
                    mail.postal_code, std::string(AccountStatusCode(account.status)),
                    FormatDate(account.opened_on), closed_on, account.version)
          .Run());
  return AccountId(connection_.LastInsertRowId());
}

Result<Account> SqliteAccounts::ReadOne(Statement& select, const std::string& what) {
  CISTERN_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return Error::NotFound("ACCOUNT_NOT_FOUND", "No account " + what + ".");
  return ReadRow(select);
}

Result<Account> SqliteAccounts::ReadRow(const Statement& select) {
  Account account;
  account.id = AccountId(select.Int(0));
  auto number = AccountNumber::Parse(select.Text(1));
  if (!number.ok()) {
    return Error::Internal("STORED_VALUE_INVALID", "Stored account number is invalid.");
  }
  account.number = *number;
  account.customer_id = CustomerId(select.Int(2));
  account.premise_id = PremiseId(select.Int(3));
  account.mailing_address = {select.Text(4), select.Text(5), select.Text(6), select.Text(7),
                             select.Text(8)};
  account.status = ParseAccountStatus(select.Text(9)).value_or(AccountStatus::kPending);
  CISTERN_ASSIGN_OR_RETURN(account.opened_on, ReadDate(select, 10));
  if (!select.IsNull(11)) {
    CISTERN_ASSIGN_OR_RETURN(Date closed_on, ReadDate(select, 11));
    account.closed_on = closed_on;
  }
  account.version = static_cast<int>(select.Int(12));
  if (!select.IsNull(13)) {
    CISTERN_ASSIGN_OR_RETURN(Date until, ReadDate(select, 13));
    account.cash_only_until = until;
  }
  return account;
}

Result<Account> SqliteAccounts::Get(AccountId id) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kAccountColumns) + "WHERE id = ?"));
  select->BindAll(id.value());
  return ReadOne(*select, "has id " + std::to_string(id.value()));
}

Result<Account> SqliteAccounts::FindByNumber(const AccountNumber& number) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kAccountColumns) + "WHERE number = ?"));
  select->BindAll(number.text());
  return ReadOne(*select, "has number " + number.text());
}

Result<std::vector<Account>> SqliteAccounts::FindByNumbers(
    const std::vector<AccountNumber>& numbers) {
  // Account numbers are digits only (AccountNumber validates them), so they go into the JSON
  // array as they are.
  std::string list = "[";
  for (const AccountNumber& number : numbers) {
    if (list.size() > 1) list += ',';
    list += '"' + number.text() + '"';
  }
  list += ']';
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare(std::string(kAccountColumns) +
                                               "WHERE number IN (SELECT value FROM json_each(?))"));
  select->BindAll(list);
  return ReadAll<Account>(*select, &SqliteAccounts::ReadRow);
}

Status SqliteAccounts::SetCashOnlyUntil(AccountId id, Date until) {
  CISTERN_ASSIGN_OR_RETURN(auto* update,
                           connection_.Prepare("UPDATE accounts SET cash_only_until = ?,"
                                               " version = version + 1 WHERE id = ?"));
  return update->BindAll(FormatDate(until), id.value()).Run();
}

// --- cycles and routes -------------------------------------------------------------------------

Result<std::vector<Cycle>> SqliteReference::ListCycles() {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare("SELECT code, name FROM cycles ORDER BY code"));
  std::vector<Cycle> cycles;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    cycles.push_back({select->Text(0), select->Text(1)});
  }
  return cycles;
}

Result<std::vector<Route>> SqliteReference::ListRoutes() {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare("SELECT code, name, cycle FROM routes ORDER BY code"));
  std::vector<Route> routes;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    routes.push_back({select->Text(0), select->Text(1), select->Text(2)});
  }
  return routes;
}

Status SqliteReference::InsertCycle(const Cycle& cycle) {
  CISTERN_ASSIGN_OR_RETURN(auto* insert,
                           connection_.Prepare("INSERT INTO cycles (code, name) VALUES (?, ?)"));
  return insert->BindAll(cycle.code, cycle.name).Run();
}

Status SqliteReference::InsertRoute(const Route& route) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert, connection_.Prepare("INSERT INTO routes (code, name, cycle) VALUES (?, ?, ?)"));
  return insert->BindAll(route.code, route.name, route.cycle).Run();
}

}  // namespace cistern::sqlite
