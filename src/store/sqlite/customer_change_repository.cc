// Master changes and eligibilities (migration 0005).
#include "store/sqlite/customer_change_repository.h"

#include <algorithm>

#include "store/sqlite/repositories.h"
#include "store/sqlite/values.h"

namespace cistern::sqlite {
namespace {

// What a person calls the customer, as CustomerDisplayName does, in SQL.
constexpr const char* kCustomerNameSql =
    "CASE c.kind WHEN 'business' THEN c.business_name"
    " ELSE c.first_name || ' ' || c.last_name END";

constexpr const char* kEligibilityColumns =
    "SELECT e.id, e.customer_id, e.program, e.birth_date, e.document, e.verified_by,"
    " COALESCE(u.display_name, ''), e.verified_on, COALESCE(e.scheduled_renews_on, e.renews_on),"
    " e.renews_on, e.ended_on, e.end_reason, e.renewal_of,"
    " (SELECT MIN(r.id) FROM eligibilities r WHERE r.renewal_of = e.id), e.recorded_at";
constexpr int kEligibilityColumnCount = 15;

}  // namespace

// --- master changes ------------------------------------------------------------------------------

Result<CustomerChangeId> SqliteCustomerChanges::InsertChange(const CustomerChange& change) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO customer_changes (customer_id, kind, effective_on, reason,"
                          " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)"));
  CISTERN_RETURN_IF_ERROR(
      insert
          ->BindAll(change.customer_id.value(), std::string(CustomerChangeKindCode(change.kind)),
                    FormatDate(change.effective_on), change.reason,
                    OptionalUser(change.recorded_by), FormatInstant(change.recorded_at))
          .Run());
  const CustomerChangeId id(connection_.LastInsertRowId());
  CISTERN_ASSIGN_OR_RETURN(
      auto* value,
      connection_.Prepare("INSERT INTO customer_change_values (change_id, side, position, field,"
                          " value) VALUES (?, ?, ?, ?, ?)"));
  for (const auto& [side, fields] :
       {std::pair<const char*, const FieldValues*>{"before", &change.before},
        std::pair<const char*, const FieldValues*>{"after", &change.after}}) {
    for (std::size_t i = 0; i < fields->size(); ++i) {
      value->Reset();
      CISTERN_RETURN_IF_ERROR(value
                                  ->BindAll(id.value(), side, static_cast<std::int64_t>(i),
                                            (*fields)[i].first, (*fields)[i].second)
                                  .Run());
    }
  }
  return id;
}

Result<std::vector<CustomerChange>> SqliteCustomerChanges::ListChanges(CustomerId customer) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT h.id, h.kind, h.effective_on, h.reason, h.recorded_by,"
                          " COALESCE(u.display_name, ''), h.recorded_at FROM customer_changes h"
                          " LEFT JOIN users u ON u.id = h.recorded_by WHERE h.customer_id = ?"
                          " ORDER BY h.effective_on DESC, h.id DESC"));
  select->BindAll(customer.value());
  std::vector<CustomerChange> changes;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CustomerChange change;
    change.id = CustomerChangeId(select->Int(0));
    change.customer_id = customer;
    auto kind = ParseCustomerChangeKind(select->Text(1));
    if (!kind) return Error::Internal("STORED_VALUE_INVALID", "Unknown stored change kind.");
    change.kind = *kind;
    CISTERN_ASSIGN_OR_RETURN(change.effective_on, ReadDate(*select, 2));
    change.reason = select->Text(3);
    if (!select->IsNull(4)) change.recorded_by = UserId(select->Int(4));
    change.recorded_by_name = select->Text(5);
    CISTERN_ASSIGN_OR_RETURN(change.recorded_at, ReadInstant(*select, 6));
    changes.push_back(std::move(change));
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto* values, connection_.Prepare("SELECT side, field, value FROM customer_change_values"
                                        " WHERE change_id = ? ORDER BY side, position"));
  for (CustomerChange& change : changes) {
    values->Reset();
    values->BindAll(change.id.value());
    while (true) {
      CISTERN_ASSIGN_OR_RETURN(bool row, values->Step());
      if (!row) break;
      FieldValues& side = values->Text(0) == "before" ? change.before : change.after;
      side.emplace_back(values->Text(1), values->Text(2));
    }
  }
  return changes;
}

Result<std::optional<Date>> SqliteCustomerChanges::LatestEffectiveOn(CustomerId customer,
                                                                     CustomerChangeKind kind) {
  CISTERN_ASSIGN_OR_RETURN(auto* select,
                           connection_.Prepare("SELECT MAX(effective_on) FROM customer_changes"
                                               " WHERE customer_id = ? AND kind = ?"));
  select->BindAll(customer.value(), std::string(CustomerChangeKindCode(kind)));
  CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return std::optional<Date>();
  return ReadOptionalDate(*select, 0);
}

Status SqliteCustomerChanges::UpdateCustomerMaster(const Customer& customer, int expected_version) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE customers SET first_name = ?, last_name = ?, business_name = ?,"
                          " mail_line1 = ?, mail_line2 = ?, mail_city = ?, mail_state = ?,"
                          " mail_postal_code = ?, version = ? WHERE id = ? AND version = ?"));
  const Address& mail = customer.mailing_address;
  CISTERN_RETURN_IF_ERROR(update
                              ->BindAll(customer.first_name, customer.last_name,
                                        customer.business_name, mail.line1, mail.line2, mail.city,
                                        mail.state, mail.postal_code, customer.version,
                                        customer.id.value(), expected_version)
                              .Run());
  if (connection_.Changes() != 1) {
    return Error::Conflict("VERSION_MISMATCH",
                           "The customer was changed by someone else meanwhile; reload and try "
                           "again.",
                           "version");
  }
  // Phones and emails are a list in order: replaced whole. Their history is customer_changes.
  CISTERN_ASSIGN_OR_RETURN(
      auto* delete_phones,
      connection_.Prepare("DELETE FROM customer_phones WHERE customer_id = ?"));
  CISTERN_RETURN_IF_ERROR(delete_phones->BindAll(customer.id.value()).Run());
  CISTERN_ASSIGN_OR_RETURN(
      auto* delete_emails,
      connection_.Prepare("DELETE FROM customer_emails WHERE customer_id = ?"));
  CISTERN_RETURN_IF_ERROR(delete_emails->BindAll(customer.id.value()).Run());
  CISTERN_ASSIGN_OR_RETURN(
      auto* phone,
      connection_.Prepare("INSERT INTO customer_phones (customer_id, position, digits, label)"
                          " VALUES (?, ?, ?, ?)"));
  for (std::size_t i = 0; i < customer.phones.size(); ++i) {
    phone->Reset();
    CISTERN_RETURN_IF_ERROR(phone
                                ->BindAll(customer.id.value(), static_cast<std::int64_t>(i),
                                          customer.phones[i].digits, customer.phones[i].label)
                                .Run());
  }
  CISTERN_ASSIGN_OR_RETURN(
      auto* email, connection_.Prepare("INSERT INTO customer_emails (customer_id, position, email)"
                                       " VALUES (?, ?, ?)"));
  for (std::size_t i = 0; i < customer.emails.size(); ++i) {
    email->Reset();
    CISTERN_RETURN_IF_ERROR(
        email->BindAll(customer.id.value(), static_cast<std::int64_t>(i), customer.emails[i])
            .Run());
  }
  return OkStatus();
}

Result<std::vector<Account>> SqliteCustomerChanges::ListCustomerAccounts(CustomerId customer) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare("SELECT id, number, premise_id, mail_line1, mail_line2, mail_city,"
                          " mail_state, mail_postal_code, status, opened_on, closed_on, version"
                          " FROM accounts WHERE customer_id = ? ORDER BY id"));
  select->BindAll(customer.value());
  std::vector<Account> accounts;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    Account account;
    account.id = AccountId(select->Int(0));
    auto number = AccountNumber::Parse(select->Text(1));
    if (!number.ok()) {
      return Error::Internal("STORED_VALUE_INVALID", "Stored account number is invalid.");
    }
    account.number = *number;
    account.customer_id = customer;
    account.premise_id = PremiseId(select->Int(2));
    account.mailing_address = {select->Text(3), select->Text(4), select->Text(5), select->Text(6),
                               select->Text(7)};
    account.status = ParseAccountStatus(select->Text(8)).value_or(AccountStatus::kPending);
    CISTERN_ASSIGN_OR_RETURN(account.opened_on, ReadDate(*select, 9));
    CISTERN_ASSIGN_OR_RETURN(account.closed_on, ReadOptionalDate(*select, 10));
    account.version = static_cast<int>(select->Int(11));
    accounts.push_back(std::move(account));
  }
  return accounts;
}

Status SqliteCustomerChanges::UpdateAccountMailingAddress(AccountId account,
                                                          const Address& address) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update,
      connection_.Prepare("UPDATE accounts SET mail_line1 = ?, mail_line2 = ?, mail_city = ?,"
                          " mail_state = ?, mail_postal_code = ?, version = version + 1"
                          " WHERE id = ?"));
  return update
      ->BindAll(address.line1, address.line2, address.city, address.state, address.postal_code,
                account.value())
      .Run();
}

// --- eligibilities -------------------------------------------------------------------------------

Result<Eligibility> SqliteCustomerChanges::ReadEligibility(const Statement& select) {
  Eligibility eligibility;
  eligibility.id = EligibilityId(select.Int(0));
  eligibility.customer_id = CustomerId(select.Int(1));
  eligibility.program = select.Text(2);
  CISTERN_ASSIGN_OR_RETURN(eligibility.birth_date, ReadOptionalDate(select, 3));
  eligibility.document = select.Text(4);
  if (!select.IsNull(5)) eligibility.verified_by = UserId(select.Int(5));
  eligibility.verified_by_name = select.Text(6);
  CISTERN_ASSIGN_OR_RETURN(eligibility.verified_on, ReadDate(select, 7));
  CISTERN_ASSIGN_OR_RETURN(eligibility.renews_on, ReadDate(select, 8));
  CISTERN_ASSIGN_OR_RETURN(eligibility.current_through, ReadDate(select, 9));
  CISTERN_ASSIGN_OR_RETURN(eligibility.ended_on, ReadOptionalDate(select, 10));
  eligibility.end_reason = select.Text(11);
  if (!select.IsNull(12)) eligibility.renewal_of = EligibilityId(select.Int(12));
  if (!select.IsNull(13)) eligibility.renewed_by = EligibilityId(select.Int(13));
  if (!select.IsNull(14)) {
    CISTERN_ASSIGN_OR_RETURN(eligibility.recorded_at, ReadInstant(select, 14));
  }
  return eligibility;
}

Result<EligibilityId> SqliteCustomerChanges::InsertEligibility(const Eligibility& eligibility) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* insert,
      connection_.Prepare("INSERT INTO eligibilities (customer_id, program, document, verified_by,"
                          " verified_on, renews_on, birth_date, scheduled_renews_on, end_reason,"
                          " renewal_of, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)"));
  std::optional<std::string> birth;
  if (eligibility.birth_date) birth = FormatDate(*eligibility.birth_date);
  std::optional<std::int64_t> renewal_of;
  if (eligibility.renewal_of) renewal_of = eligibility.renewal_of->value();
  CISTERN_RETURN_IF_ERROR(
      insert
          ->BindAll(eligibility.customer_id.value(), eligibility.program, eligibility.document,
                    OptionalUser(eligibility.verified_by), FormatDate(eligibility.verified_on),
                    FormatDate(eligibility.renews_on), birth, FormatDate(eligibility.renews_on),
                    renewal_of, FormatInstant(eligibility.recorded_at))
          .Run());
  return EligibilityId(connection_.LastInsertRowId());
}

Result<Eligibility> SqliteCustomerChanges::GetEligibility(EligibilityId id) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kEligibilityColumns) +
                          " FROM eligibilities e LEFT JOIN users u ON u.id = e.verified_by"
                          " WHERE e.id = ?"));
  select->BindAll(id.value());
  CISTERN_ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) {
    return Error::NotFound("ELIGIBILITY_NOT_FOUND",
                           "No eligibility has id " + std::to_string(id.value()) + ".",
                           "eligibility_id");
  }
  return ReadEligibility(*select);
}

Result<std::vector<Eligibility>> SqliteCustomerChanges::ListEligibilities(CustomerId customer) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(std::string(kEligibilityColumns) +
                          " FROM eligibilities e LEFT JOIN users u ON u.id = e.verified_by"
                          " WHERE e.customer_id = ? ORDER BY e.verified_on DESC, e.id DESC"));
  select->BindAll(customer.value());
  std::vector<Eligibility> list;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    CISTERN_ASSIGN_OR_RETURN(Eligibility eligibility, ReadEligibility(*select));
    list.push_back(std::move(eligibility));
  }
  return list;
}

Status SqliteCustomerChanges::EndEligibility(EligibilityId id, Date ended_on,
                                             const std::string& reason) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update, connection_.Prepare("UPDATE eligibilities SET ended_on = ?1, end_reason = ?2,"
                                        " renews_on = MIN(renews_on, ?1) WHERE id = ?3"));
  return update->BindAll(FormatDate(ended_on), reason, id.value()).Run();
}

Status SqliteCustomerChanges::CurtailEligibility(EligibilityId id, Date through) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* update, connection_.Prepare("UPDATE eligibilities SET renews_on = MIN(renews_on, ?1)"
                                        " WHERE id = ?2"));
  return update->BindAll(FormatDate(through), id.value()).Run();
}

Result<std::vector<ExpiringEligibility>> SqliteCustomerChanges::ListExpiring(Date first,
                                                                             Date last) {
  CISTERN_ASSIGN_OR_RETURN(
      auto* select, connection_.Prepare(
                        std::string(kEligibilityColumns) + ", " + kCustomerNameSql +
                        ", a.id, a.number, a.status"
                        " FROM eligibilities e LEFT JOIN users u ON u.id = e.verified_by"
                        " JOIN customers c ON c.id = e.customer_id"
                        " JOIN accounts a ON a.customer_id = e.customer_id AND a.status <> 'closed'"
                        " WHERE e.ended_on IS NULL AND e.renews_on BETWEEN ?1 AND ?2"
                        " AND NOT EXISTS (SELECT 1 FROM eligibilities r WHERE r.renewal_of = e.id)"
                        " ORDER BY e.renews_on, a.id, e.id"));
  select->BindAll(FormatDate(first), FormatDate(last));
  std::vector<ExpiringEligibility> rows;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    ExpiringEligibility item;
    CISTERN_ASSIGN_OR_RETURN(item.eligibility, ReadEligibility(*select));
    item.customer_name = select->Text(kEligibilityColumnCount);
    item.account_id = AccountId(select->Int(kEligibilityColumnCount + 1));
    auto number = AccountNumber::Parse(select->Text(kEligibilityColumnCount + 2));
    if (!number.ok()) {
      return Error::Internal("STORED_VALUE_INVALID", "Stored account number is invalid.");
    }
    item.account_number = *number;
    item.account_status = ParseAccountStatus(select->Text(kEligibilityColumnCount + 3))
                              .value_or(AccountStatus::kActive);
    rows.push_back(std::move(item));
  }
  return rows;
}

}  // namespace cistern::sqlite
