// The rate audit's read: every open service with what its rate class is checked against.
#include <algorithm>
#include <unordered_map>

#include "store/sqlite/repositories.h"

namespace cistern::sqlite {

Status SqliteMetering::ForEachServiceToAudit(
    Date as_of, const std::function<Status(const ServiceToAudit&)>& visit) {
  const std::string as_of_text = FormatDate(as_of);

  // Eligibilities are few (a program's customers): held in memory by customer.
  std::unordered_map<std::int64_t, std::vector<std::string>> programs;
  {
    CISTERN_ASSIGN_OR_RETURN(
        auto* select, connection_.Prepare("SELECT DISTINCT customer_id, program FROM eligibilities"
                                          " WHERE verified_on <= ?1 AND renews_on >= ?1"
                                          " ORDER BY customer_id, program"));
    select->BindAll(as_of_text);
    while (true) {
      CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
      if (!row) break;
      programs[select->Int(0)].push_back(select->Text(1));
    }
  }

  // Accounts with a winter average, ascending: merged with the services below, which come in
  // account order too.
  std::vector<std::int64_t> averaged;
  {
    CISTERN_ASSIGN_OR_RETURN(auto* select,
                             connection_.Prepare("SELECT DISTINCT account_id FROM winter_averages"
                                                 " WHERE computed_on <= ?1 ORDER BY account_id"));
    select->BindAll(as_of_text);
    while (true) {
      CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
      if (!row) break;
      averaged.push_back(select->Int(0));
    }
  }

  // One pass over the accounts in id order, each with its services by services_by_account (the
  // CROSS JOIN keeps SQLite from reordering the loops, so no sort is needed).
  CISTERN_ASSIGN_OR_RETURN(
      auto* select,
      connection_.Prepare(
          "SELECT s.id, s.account_id, s.service, s.rate_class, s.units, s.starts_on, s.ends_on,"
          " a.number, a.status, a.customer_id, c.kind, c.first_name, c.last_name,"
          " c.business_name, p.premise_type, p.inside_city_limits, p.line1"
          " FROM accounts a CROSS JOIN services s ON s.account_id = a.id"
          " JOIN customers c ON c.id = a.customer_id JOIN premises p ON p.id = a.premise_id"
          " WHERE a.status IN ('active', 'final') AND (s.ends_on IS NULL OR s.ends_on >= ?1)"
          " ORDER BY a.id, s.id"));
  select->BindAll(as_of_text);
  auto next_averaged = averaged.begin();
  ServiceToAudit item;
  std::int64_t current_account = 0;
  while (true) {
    CISTERN_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    const std::int64_t account_id = select->Int(1);
    CISTERN_ASSIGN_OR_RETURN(item.service, ReadService(*select, 0));
    if (account_id == current_account) {
      CISTERN_RETURN_IF_ERROR(visit(item));
      continue;
    }
    // The first service of an account: read the account's columns once.
    current_account = account_id;
    auto number = AccountNumber::Parse(select->Text(7));
    auto status = ParseAccountStatus(select->Text(8));
    auto kind = ParseCustomerKind(select->Text(10));
    auto type = ParsePremiseType(select->Text(14));
    if (!number.ok() || !status || !kind || !type) {
      return Error::Internal("STORED_VALUE_INVALID",
                             "Account " + std::to_string(account_id) + " has a bad stored value.");
    }
    item.account_number = *number;
    item.account_status = *status;
    item.customer_id = CustomerId(select->Int(9));
    item.customer_kind = *kind;
    item.customer_name = *kind == CustomerKind::kBusiness
                             ? select->Text(13)
                             : select->Text(11) + " " + select->Text(12);
    item.premise_type = *type;
    item.city_limits = select->Int(15) != 0 ? CityLimits::kInside : CityLimits::kOutside;
    item.service_address = select->Text(16);
    const auto found = programs.find(item.customer_id.value());
    item.programs = found == programs.end() ? std::vector<std::string>() : found->second;
    while (next_averaged != averaged.end() && *next_averaged < account_id) ++next_averaged;
    item.has_winter_average = next_averaged != averaged.end() && *next_averaged == account_id;
    CISTERN_RETURN_IF_ERROR(visit(item));
  }
  return OkStatus();
}

}  // namespace cistern::sqlite
