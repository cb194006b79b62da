#include "config/service_rules_config.h"

#include "config/toml_support.h"

namespace cistern {
namespace {

Result<int> Whole(const cpptoml::table& table, const std::string& key, const std::string& path,
                  int fallback) {
  if (!table.contains(key)) return fallback;
  auto value = table.get_as<std::int64_t>(key);
  if (!value) return ConfigError(path, key, "\"" + key + "\" is a whole number.");
  if (*value < -1000000 || *value > 1000000) {
    return ConfigError(path, key, "\"" + key + "\" is a number of days from 0 to 366.");
  }
  return static_cast<int>(*value);
}

// Text in quotes; `fallback` when the key is absent (required keys have none).
Result<std::string> Text(const cpptoml::table& table, const std::string& key,
                         const std::string& path, const std::string& where,
                         std::optional<std::string> fallback) {
  if (!table.contains(key)) {
    if (fallback) return *fallback;
    return ConfigError(path, where + key, "\"" + where + key + "\" is required.");
  }
  auto text = table.get_as<std::string>(key);
  if (!text) return ConfigError(path, where + key, "\"" + where + key + "\" is text in quotes.");
  return *text;
}

// A list of text; empty when the key is absent.
Result<std::vector<std::string>> TextList(const cpptoml::table& table, const std::string& key,
                                          const std::string& path, const std::string& where,
                                          const std::string& what) {
  if (!table.contains(key)) return std::vector<std::string>();
  auto list = table.get_array_of<std::string>(key);
  if (!list) {
    return ConfigError(path, where + key,
                       "\"" + where + key + "\" is a list of " + what + " in quotes, such as [" +
                           "\"a\", \"b\"].");
  }
  return *list;
}

}  // namespace

std::string DefaultServiceRulesConfigPath() { return ConfigFilePath("service_rules.toml"); }

Result<ServiceRules> LoadServiceRulesConfig(const std::string& path,
                                            const FinanceSettings* finance) {
  CISTERN_ASSIGN_OR_RETURN(std::shared_ptr<cpptoml::table> root, ReadTomlFile(path));
  CISTERN_RETURN_IF_ERROR(
      CheckKeys(*root,
                {"new_service_fee", "transfer_fee", "unpaid_final_balance", "transfer_old_balance",
                 "start_days_ahead_max", "days_back_max", "offer", "rate_rule"},
                path, ""));
  ServiceRules rules;
  CISTERN_ASSIGN_OR_RETURN(rules.new_service_fee,
                           Text(*root, "new_service_fee", path, "", std::string()));
  CISTERN_ASSIGN_OR_RETURN(rules.transfer_fee,
                           Text(*root, "transfer_fee", path, "", std::string()));
  if (root->contains("unpaid_final_balance")) {
    CISTERN_ASSIGN_OR_RETURN(std::string code,
                             Text(*root, "unpaid_final_balance", path, "", std::nullopt));
    auto policy = ParseUnpaidFinalPolicy(code);
    if (!policy) {
      return ConfigError(path, "unpaid_final_balance",
                         "\"unpaid_final_balance\" is \"refuse\", \"transfer\" or \"allow\".");
    }
    rules.unpaid_final_balance = *policy;
  }
  if (root->contains("transfer_old_balance")) {
    CISTERN_ASSIGN_OR_RETURN(std::string code,
                             Text(*root, "transfer_old_balance", path, "", std::nullopt));
    auto policy = ParseOldBalancePolicy(code);
    if (!policy) {
      return ConfigError(path, "transfer_old_balance",
                         "\"transfer_old_balance\" is \"carry\" or \"leave\".");
    }
    rules.transfer_old_balance = *policy;
  }
  CISTERN_ASSIGN_OR_RETURN(rules.start_days_ahead_max,
                           Whole(*root, "start_days_ahead_max", path, rules.start_days_ahead_max));
  CISTERN_ASSIGN_OR_RETURN(rules.days_back_max,
                           Whole(*root, "days_back_max", path, rules.days_back_max));
  if (root->contains("offer")) {
    auto offers = root->get_table_array("offer");
    if (!offers) return ConfigError(path, "offer", "\"offer\" is an array of tables: [[offer]].");
    int index = 0;
    for (const auto& table : *offers) {
      ++index;
      const std::string name = "offer[" + std::to_string(index) + "]";
      const std::string where = name + ".";
      CISTERN_RETURN_IF_ERROR(CheckKeys(*table, {"premise_type", "services"}, path, name));
      ServiceOffer offer;
      CISTERN_ASSIGN_OR_RETURN(offer.premise_type,
                               Text(*table, "premise_type", path, where, std::nullopt));
      if (!table->contains("services")) {
        return ConfigError(path, where + "services", "\"" + where + "services\" is required.");
      }
      CISTERN_ASSIGN_OR_RETURN(offer.services,
                               TextList(*table, "services", path, where, "service codes"));
      rules.offers.push_back(std::move(offer));
    }
  }
  if (root->contains("rate_rule")) {
    auto rate_rules = root->get_table_array("rate_rule");
    if (!rate_rules) {
      return ConfigError(path, "rate_rule", "\"rate_rule\" is an array of tables: [[rate_rule]].");
    }
    int index = 0;
    for (const auto& table : *rate_rules) {
      ++index;
      const std::string name = "rate_rule[" + std::to_string(index) + "]";
      const std::string where = name + ".";
      CISTERN_RETURN_IF_ERROR(CheckKeys(*table,
                                        {"name", "service", "premise_types", "city_limits",
                                         "customer_kinds", "rate_class", "units"},
                                        path, name));
      RateClassRule rule;
      CISTERN_ASSIGN_OR_RETURN(rule.name, Text(*table, "name", path, where, std::nullopt));
      CISTERN_ASSIGN_OR_RETURN(rule.service, Text(*table, "service", path, where, std::nullopt));
      CISTERN_ASSIGN_OR_RETURN(
          rule.premise_types, TextList(*table, "premise_types", path, where, "premise type codes"));
      if (table->contains("city_limits")) {
        CISTERN_ASSIGN_OR_RETURN(std::string code,
                                 Text(*table, "city_limits", path, where, std::nullopt));
        if (code == "inside") {
          rule.city_limits = CityLimits::kInside;
        } else if (code == "outside") {
          rule.city_limits = CityLimits::kOutside;
        } else {
          return ConfigError(path, where + "city_limits",
                             "\"" + where +
                                 "city_limits\" is \"inside\" or \"outside\"; leave it out for "
                                 "either.");
        }
      }
      CISTERN_ASSIGN_OR_RETURN(rule.customer_kinds,
                               TextList(*table, "customer_kinds", path, where,
                                        "customer kinds (\"person\", \"business\")"));
      CISTERN_ASSIGN_OR_RETURN(rule.rate_class,
                               Text(*table, "rate_class", path, where, std::nullopt));
      if (table->contains("units")) {
        CISTERN_ASSIGN_OR_RETURN(std::string code,
                                 Text(*table, "units", path, where, std::nullopt));
        auto units = ParseUnitsFrom(code);
        if (!units) {
          return ConfigError(path, where + "units",
                             "\"" + where + "units\" is \"one\" or \"premise_units\".");
        }
        rule.units = *units;
      }
      rules.rate_rules.push_back(std::move(rule));
    }
  }
  Status valid = ValidateServiceRules(rules);
  if (!valid.ok()) return ConfigError(path, valid.error().field, valid.error().message);
  if (finance != nullptr) {
    for (const auto& [code, key] : {std::pair{&rules.new_service_fee, "new_service_fee"},
                                    std::pair{&rules.transfer_fee, "transfer_fee"}}) {
      if (!code->empty() && finance->FindFee(*code) == nullptr) {
        return ConfigError(
            path, key, "Fee code " + *code + " is not in the fee schedule (config/finance.toml).");
      }
    }
  }
  return rules;
}

}  // namespace cistern
