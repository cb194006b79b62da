#include "config/deposit_config.h"

#include "config/toml_support.h"

namespace cistern {
namespace {

Result<int> Whole(const cpptoml::table& table, const std::string& key, const std::string& path,
                  const std::string& where, int fallback) {
  if (!table.contains(key)) return fallback;
  auto value = table.get_as<std::int64_t>(key);
  if (!value) return ConfigError(path, where + key, "\"" + where + key + "\" is a whole number.");
  return static_cast<int>(*value);
}

Result<Money> Amount(const cpptoml::table& table, const std::string& key, const std::string& path,
                     const std::string& where, bool required) {
  if (!table.contains(key)) {
    if (!required) return Money();
    return ConfigError(path, where + key, "\"" + where + key + "\" is required.");
  }
  auto text = table.get_as<std::string>(key);
  if (!text) {
    return ConfigError(path, where + key,
                       "\"" + where + key + "\" is dollars as text in quotes, such as \"100.00\".");
  }
  auto money = Money::Parse(*text, where + key);
  if (!money.ok()) return ConfigError(path, where + key, money.error().message);
  return *money;
}

// "1.5" -> 15000 millionths; at most 4 decimals.
Result<std::int64_t> PercentPpm(const std::string& text, const std::string& path) {
  const std::string key = "interest_rate_percent";
  std::int64_t whole = 0;
  std::int64_t fraction = 0;
  int decimals = 0;
  bool dot = false;
  bool digits = false;
  for (char c : text) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      digits = true;
      if (dot) {
        if (++decimals > 4) return ConfigError(path, key, "At most 4 decimals.");
        fraction = fraction * 10 + (c - '0');
      } else {
        whole = whole * 10 + (c - '0');
        if (whole > 100) return ConfigError(path, key, "The rate is a percent from 0 to 20.");
      }
    } else {
      return ConfigError(path, key,
                         "\"interest_rate_percent\" is a percent as text, e.g. \"1.5\".");
    }
  }
  if (!digits) return ConfigError(path, key, "\"interest_rate_percent\" is a percent as text.");
  while (decimals < 4) {
    fraction *= 10;
    ++decimals;
  }
  return whole * 10000 + fraction;
}

}  // namespace

std::string DefaultDepositsConfigPath() { return ConfigFilePath("deposits.toml"); }

Result<DepositRules> LoadDepositsConfig(const std::string& path, const FinanceSettings* finance) {
  CISTERN_ASSIGN_OR_RETURN(std::shared_ptr<cpptoml::table> root, ReadTomlFile(path));
  CISTERN_RETURN_IF_ERROR(
      CheckKeys(*root,
                {"fund", "installments_max", "interest_rate_percent", "interest_expense_gl",
                 "refund_after_months", "history", "class"},
                path, ""));
  DepositRules rules;
  if (root->contains("fund")) {
    auto fund = root->get_as<std::string>("fund");
    if (!fund) return ConfigError(path, "fund", "\"fund\" is text in quotes.");
    rules.fund = *fund;
  }
  CISTERN_ASSIGN_OR_RETURN(rules.installments_max,
                           Whole(*root, "installments_max", path, "", rules.installments_max));
  CISTERN_ASSIGN_OR_RETURN(rules.refund_after_months, Whole(*root, "refund_after_months", path, "",
                                                            rules.refund_after_months));
  if (root->contains("interest_rate_percent")) {
    auto text = root->get_as<std::string>("interest_rate_percent");
    if (!text) {
      return ConfigError(path, "interest_rate_percent",
                         "\"interest_rate_percent\" is text in quotes, such as \"0\" or \"1.5\".");
    }
    CISTERN_ASSIGN_OR_RETURN(rules.interest_rate_ppm, PercentPpm(*text, path));
  }
  if (root->contains("interest_expense_gl")) {
    auto code = root->get_as<std::string>("interest_expense_gl");
    if (!code) {
      return ConfigError(path, "interest_expense_gl", "\"interest_expense_gl\" is text in quotes.");
    }
    rules.interest_expense_gl = *code;
  }
  if (auto history = root->get_table("history")) {
    CISTERN_RETURN_IF_ERROR(CheckKeys(*history,
                                      {"late_window_months", "late_threshold", "late_addition",
                                       "returned_window_months", "returned_addition"},
                                      path, "history"));
    CISTERN_ASSIGN_OR_RETURN(rules.late_window_months,
                             Whole(*history, "late_window_months", path, "history.", 12));
    CISTERN_ASSIGN_OR_RETURN(rules.late_threshold,
                             Whole(*history, "late_threshold", path, "history.", 2));
    CISTERN_ASSIGN_OR_RETURN(rules.late_addition,
                             Amount(*history, "late_addition", path, "history.", false));
    CISTERN_ASSIGN_OR_RETURN(rules.returned_window_months,
                             Whole(*history, "returned_window_months", path, "history.", 24));
    CISTERN_ASSIGN_OR_RETURN(rules.returned_addition,
                             Amount(*history, "returned_addition", path, "history.", false));
  } else if (root->contains("history")) {
    return ConfigError(path, "history", "\"history\" is a table: [history].");
  }
  if (root->contains("class")) {
    auto classes = root->get_table_array("class");
    if (!classes) return ConfigError(path, "class", "\"class\" is an array of tables: [[class]].");
    int index = 0;
    for (const auto& table : *classes) {
      ++index;
      const std::string where = "class[" + std::to_string(index) + "].";
      CISTERN_RETURN_IF_ERROR(CheckKeys(*table,
                                        {"code", "name", "premise_types", "renter", "owner_good",
                                         "owner_fair", "owner_poor", "owner_no_file", "maximum"},
                                        path, "class[" + std::to_string(index) + "]"));
      DepositClassRule rule;
      auto code = table->get_as<std::string>("code");
      if (!code || code->empty()) return ConfigError(path, where + "code", "A class has a code.");
      rule.code = *code;
      rule.name = table->get_as<std::string>("name").value_or(rule.code);
      if (table->contains("premise_types")) {
        auto types = table->get_array_of<std::string>("premise_types");
        if (!types) {
          return ConfigError(path, where + "premise_types",
                             "\"premise_types\" is a list of premise type codes.");
        }
        rule.premise_types = *types;
      }
      CISTERN_ASSIGN_OR_RETURN(rule.renter, Amount(*table, "renter", path, where, true));
      CISTERN_ASSIGN_OR_RETURN(rule.owner_good, Amount(*table, "owner_good", path, where, true));
      CISTERN_ASSIGN_OR_RETURN(rule.owner_fair, Amount(*table, "owner_fair", path, where, true));
      CISTERN_ASSIGN_OR_RETURN(rule.owner_poor, Amount(*table, "owner_poor", path, where, true));
      CISTERN_ASSIGN_OR_RETURN(rule.owner_no_file,
                               Amount(*table, "owner_no_file", path, where, true));
      CISTERN_ASSIGN_OR_RETURN(rule.maximum, Amount(*table, "maximum", path, where, true));
      rules.classes.push_back(std::move(rule));
    }
  }
  Status valid = ValidateDepositRules(rules);
  if (!valid.ok()) return ConfigError(path, valid.error().field, valid.error().message);
  if (finance != nullptr) {
    if (finance->chart.Receivable(rules.fund) == nullptr) {
      return ConfigError(path, "fund",
                         "The chart has no receivable account for fund " + rules.fund + ".");
    }
    if (finance->chart.OfKind(GlKind::kDepositsHeld) == nullptr) {
      return ConfigError(path, "fund", "The chart has no deposits_held account.");
    }
    if (!rules.interest_expense_gl.empty() &&
        finance->chart.Find(rules.interest_expense_gl) == nullptr) {
      return ConfigError(path, "interest_expense_gl",
                         "GL code " + rules.interest_expense_gl + " is not in the chart.");
    }
  }
  return rules;
}

}  // namespace cistern
