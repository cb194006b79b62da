// How the city starts, stops and transfers service (issue 5; config/service_rules.toml;
// docs/service_lifecycle.md): which services a premise type is offered, which rate class each
// service takes (the first matching rule, so the CSR can be shown which rule chose it), the fees
// charged, and the policies for an unpaid final balance and for a transfer's old balance.
//
// Plain data and pure functions: the config loader fills ServiceRules, ChooseServices applies it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/customer/customer.h"
#include "domain/premise/premise.h"

namespace cistern {

// What happens when a customer asking for service has a final (stopped) account that still owes.
enum class UnpaidFinalPolicy {
  kRefuse,    // "refuse": the balance must be paid before service starts
  kTransfer,  // "transfer": the CSR may move it onto the new account; otherwise refused
  kAllow,     // "allow": service starts; the balance is shown as a warning
};
const char* UnpaidFinalPolicyCode(UnpaidFinalPolicy policy);
std::optional<UnpaidFinalPolicy> ParseUnpaidFinalPolicy(std::string_view code);

// A transfer's old balance, once the old account's final bill is posted.
enum class OldBalancePolicy {
  kCarry,  // "carry": moved onto the new account (a balance transfer entry)
  kLeave,  // "leave": stays on the final account for collections
};
const char* OldBalancePolicyCode(OldBalancePolicy policy);
std::optional<OldBalancePolicy> ParseOldBalancePolicy(std::string_view code);

// Where a service's units (carts, dwelling units, ERUs) come from when the CSR gives none.
enum class UnitsFrom {
  kOne,           // "one"
  kPremiseUnits,  // "premise_units": the premise's unit count (dwelling units)
};
const char* UnitsFromCode(UnitsFrom from);
std::optional<UnitsFrom> ParseUnitsFrom(std::string_view code);

// The services a premise type is offered, in the order the CSR sees them.
struct ServiceOffer {
  std::string premise_type;           // "single_family"
  std::vector<std::string> services;  // "water", "sewer", ...
};

// One rate-class rule. A rule matches a service when every condition it states holds; an empty
// list or an unset location means "any".
struct RateClassRule {
  std::string name;                         // shown to the CSR: "Water inside city limits"
  std::string service;                      // "water"
  std::vector<std::string> premise_types;   // premise type codes
  std::optional<CityLimits> city_limits;    // "inside", "outside"; unset = any
  std::vector<std::string> customer_kinds;  // "person", "business"
  std::string rate_class;                   // the class of the rates chosen: "residential"
  UnitsFrom units = UnitsFrom::kOne;
};

struct ServiceRules {
  std::vector<ServiceOffer> offers;
  std::vector<RateClassRule> rate_rules;  // first match wins, in file order
  std::string new_service_fee;            // a fee code of config/finance.toml; "" = none
  std::string transfer_fee;               // charged instead of new_service_fee on a transfer
  UnpaidFinalPolicy unpaid_final_balance = UnpaidFinalPolicy::kTransfer;
  OldBalancePolicy transfer_old_balance = OldBalancePolicy::kCarry;
  int start_days_ahead_max = 60;  // how far ahead a start or stop may be requested
  int days_back_max = 31;         // how far back (a stop reported late, a start recorded late)

  const ServiceOffer* OfferFor(std::string_view premise_type) const;
};

// INVALID_ARGUMENT naming the setting (for the config loader): known premise types, customer
// kinds and services named at most once per offer, every offered service has at least one rule
// that can match each premise type offering it, rule names and classes not empty, day limits
// 0..366.
Status ValidateServiceRules(const ServiceRules& rules);

// The facts the rules look at.
struct StartFacts {
  PremiseType premise_type = PremiseType::kSingleFamily;
  CityLimits city_limits = CityLimits::kInside;
  CustomerKind customer_kind = CustomerKind::kPerson;
  int premise_units = 1;
};

struct ChosenService {
  std::string service;     // "water"
  std::string rate_class;  // "residential"
  std::int64_t units = 1;
  std::string rule;     // the name of the rule that chose the class
  int rule_number = 0;  // 1-based position of the rule in the file
};

// The offered services (all of them, or only `wanted` when it is not empty, in offer order) with
// the class the first matching rule gives each. Refuses a premise type with no offer
// (PREMISE_TYPE_NOT_OFFERED, "premise_id"), a wanted service not offered there
// (SERVICE_NOT_OFFERED, "services") and a service no rule matches (NO_RATE_RULE, "services").
Result<std::vector<ChosenService>> ChooseServices(const ServiceRules& rules,
                                                  const StartFacts& facts,
                                                  const std::vector<std::string>& wanted);

}  // namespace cistern
