#include "domain/lifecycle/service_rules.h"

#include <algorithm>
#include <set>

namespace cistern {
namespace {

constexpr const char* kInvalid = "SERVICE_RULE_INVALID";

std::string Indexed(const char* table, std::size_t index) {
  return std::string(table) + "[" + std::to_string(index + 1) + "]";
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

const char* PremiseTypeName(PremiseType type) {
  for (const PremiseTypeInfo& info : AllPremiseTypes()) {
    if (info.type == type) return info.name;
  }
  return "Single-family";
}

std::string Lowered(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Whether `rule` can give `service` a class at premises of type `premise_type` (whatever the
// location and customer).
bool CanMatch(const RateClassRule& rule, std::string_view service, std::string_view premise_type) {
  return rule.service == service &&
         (rule.premise_types.empty() || Contains(rule.premise_types, premise_type));
}

bool Matches(const RateClassRule& rule, std::string_view service, const StartFacts& facts) {
  return CanMatch(rule, service, PremiseTypeCode(facts.premise_type)) &&
         (!rule.city_limits || *rule.city_limits == facts.city_limits) &&
         (rule.customer_kinds.empty() ||
          Contains(rule.customer_kinds, CustomerKindCode(facts.customer_kind)));
}

Status CheckDays(int days, const std::string& field) {
  if (days < 0 || days > 366) {
    return Error::InvalidArgument(field, kInvalid, field + " is from 0 to 366 days.");
  }
  return OkStatus();
}

}  // namespace

const char* UnpaidFinalPolicyCode(UnpaidFinalPolicy policy) {
  switch (policy) {
    case UnpaidFinalPolicy::kRefuse:
      return "refuse";
    case UnpaidFinalPolicy::kTransfer:
      return "transfer";
    case UnpaidFinalPolicy::kAllow:
      return "allow";
  }
  return "refuse";
}

std::optional<UnpaidFinalPolicy> ParseUnpaidFinalPolicy(std::string_view code) {
  if (code == "refuse") return UnpaidFinalPolicy::kRefuse;
  if (code == "transfer") return UnpaidFinalPolicy::kTransfer;
  if (code == "allow") return UnpaidFinalPolicy::kAllow;
  return std::nullopt;
}

const char* OldBalancePolicyCode(OldBalancePolicy policy) {
  return policy == OldBalancePolicy::kLeave ? "leave" : "carry";
}

std::optional<OldBalancePolicy> ParseOldBalancePolicy(std::string_view code) {
  if (code == "carry") return OldBalancePolicy::kCarry;
  if (code == "leave") return OldBalancePolicy::kLeave;
  return std::nullopt;
}

const char* UnitsFromCode(UnitsFrom from) {
  return from == UnitsFrom::kPremiseUnits ? "premise_units" : "one";
}

std::optional<UnitsFrom> ParseUnitsFrom(std::string_view code) {
  if (code == "one") return UnitsFrom::kOne;
  if (code == "premise_units") return UnitsFrom::kPremiseUnits;
  return std::nullopt;
}

const ServiceOffer* ServiceRules::OfferFor(std::string_view premise_type) const {
  for (const ServiceOffer& offer : offers) {
    if (offer.premise_type == premise_type) return &offer;
  }
  return nullptr;
}

Status ValidateServiceRules(const ServiceRules& rules) {
  if (rules.offers.empty()) {
    return Error::InvalidArgument("offer", kInvalid,
                                  "At least one [[offer]] is required: the services a premise "
                                  "type is offered.");
  }
  std::set<std::string> offered_types;
  std::set<std::string> offered_services;
  for (std::size_t i = 0; i < rules.offers.size(); ++i) {
    const ServiceOffer& offer = rules.offers[i];
    const std::string where = Indexed("offer", i);
    if (!ParsePremiseType(offer.premise_type)) {
      return Error::InvalidArgument(where + ".premise_type", kInvalid,
                                    "\"" + offer.premise_type + "\" is not a premise type.");
    }
    if (!offered_types.insert(offer.premise_type).second) {
      return Error::InvalidArgument(
          where + ".premise_type", kInvalid,
          "Premise type " + offer.premise_type + " has two [[offer]] entries; give it one.");
    }
    if (offer.services.empty()) {
      return Error::InvalidArgument(where + ".services", kInvalid,
                                    "An offer names at least one service.");
    }
    std::set<std::string> services;
    for (const std::string& service : offer.services) {
      if (service.empty()) {
        return Error::InvalidArgument(where + ".services", kInvalid,
                                      "A service code is not empty.");
      }
      if (!services.insert(service).second) {
        return Error::InvalidArgument(
            where + ".services", kInvalid,
            "Service " + service + " is named twice in the offer for " + offer.premise_type + ".");
      }
      offered_services.insert(service);
    }
  }
  for (std::size_t i = 0; i < rules.rate_rules.size(); ++i) {
    const RateClassRule& rule = rules.rate_rules[i];
    const std::string where = Indexed("rate_rule", i);
    if (rule.name.empty()) {
      return Error::InvalidArgument(where + ".name", kInvalid,
                                    "Each rate rule has a name to show the CSR.");
    }
    if (rule.service.empty()) {
      return Error::InvalidArgument(where + ".service", kInvalid,
                                    "Rate rule \"" + rule.name + "\" names its service.");
    }
    if (!offered_services.contains(rule.service)) {
      return Error::InvalidArgument(where + ".service", kInvalid,
                                    "Rate rule \"" + rule.name + "\" is for service " +
                                        rule.service + ", which no [[offer]] offers.");
    }
    for (const std::string& type : rule.premise_types) {
      if (!ParsePremiseType(type)) {
        return Error::InvalidArgument(where + ".premise_types", kInvalid,
                                      "\"" + type + "\" is not a premise type.");
      }
    }
    for (const std::string& kind : rule.customer_kinds) {
      if (!ParseCustomerKind(kind)) {
        return Error::InvalidArgument(
            where + ".customer_kinds", kInvalid,
            "\"" + kind + "\" is not a customer kind (person or business).");
      }
    }
    if (rule.rate_class.empty()) {
      return Error::InvalidArgument(
          where + ".rate_class", kInvalid,
          "Rate rule \"" + rule.name + "\" names the rate class it gives.");
    }
  }
  for (std::size_t i = 0; i < rules.offers.size(); ++i) {
    const ServiceOffer& offer = rules.offers[i];
    for (const std::string& service : offer.services) {
      const bool covered = std::any_of(
          rules.rate_rules.begin(), rules.rate_rules.end(),
          [&](const RateClassRule& rule) { return CanMatch(rule, service, offer.premise_type); });
      if (!covered) {
        return Error::InvalidArgument(Indexed("offer", i) + ".services", kInvalid,
                                      "No [[rate_rule]] gives " + service + " a rate class at " +
                                          offer.premise_type + " premises.");
      }
    }
  }
  CISTERN_RETURN_IF_ERROR(CheckDays(rules.start_days_ahead_max, "start_days_ahead_max"));
  CISTERN_RETURN_IF_ERROR(CheckDays(rules.days_back_max, "days_back_max"));
  return OkStatus();
}

Result<std::vector<ChosenService>> ChooseServices(const ServiceRules& rules,
                                                  const StartFacts& facts,
                                                  const std::vector<std::string>& wanted) {
  const std::string premise_type = PremiseTypeCode(facts.premise_type);
  const ServiceOffer* offer = rules.OfferFor(premise_type);
  if (offer == nullptr) {
    return Error::InvalidArgument("premise_id", "PREMISE_TYPE_NOT_OFFERED",
                                  "The city offers no services at " +
                                      Lowered(PremiseTypeName(facts.premise_type)) + " premises.");
  }
  for (const std::string& service : wanted) {
    if (!Contains(offer->services, service)) {
      return Error::InvalidArgument("services", "SERVICE_NOT_OFFERED",
                                    "Service \"" + service + "\" is not offered at " +
                                        Lowered(PremiseTypeName(facts.premise_type)) +
                                        " premises.");
    }
  }
  std::vector<ChosenService> chosen;
  for (const std::string& service : offer->services) {
    if (!wanted.empty() && !Contains(wanted, service)) continue;
    const auto rule = std::find_if(
        rules.rate_rules.begin(), rules.rate_rules.end(),
        [&](const RateClassRule& candidate) { return Matches(candidate, service, facts); });
    if (rule == rules.rate_rules.end()) {
      return Error::InvalidArgument(
          "services", "NO_RATE_RULE",
          "No service rule gives " + service + " a rate class at a " +
              Lowered(PremiseTypeName(facts.premise_type)) + " premise " +
              (facts.city_limits == CityLimits::kOutside ? "outside" : "inside") +
              " city limits for a " + CustomerKindCode(facts.customer_kind) +
              "; ask the administrator to add one to the service rules.");
    }
    ChosenService choice;
    choice.service = service;
    choice.rate_class = rule->rate_class;
    choice.units = rule->units == UnitsFrom::kPremiseUnits ? std::max(1, facts.premise_units) : 1;
    choice.rule = rule->name;
    choice.rule_number = static_cast<int>(rule - rules.rate_rules.begin()) + 1;
    chosen.push_back(std::move(choice));
  }
  return chosen;
}

}  // namespace cistern
