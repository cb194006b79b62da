#include "config/finance_config.h"

#include <set>

#include "config/toml_support.h"

namespace cistern {
namespace {

Result<std::string> Text(const cpptoml::table& table, const std::string& key,
                         const std::string& path, const std::string& where, bool required) {
  auto value = table.get_as<std::string>(key);
  if (!value) {
    if (table.contains(key)) {
      return ConfigError(path, where + key, "\"" + key + "\" must be text in quotes.");
    }
    if (required) return ConfigError(path, where + key, "\"" + key + "\" is required.");
    return std::string();
  }
  return *value;
}

Result<Money> Amount(const cpptoml::table& table, const std::string& key, const std::string& path,
                     const std::string& where) {
  CISTERN_ASSIGN_OR_RETURN(std::string text, Text(table, key, path, where, true));
  auto money = Money::Parse(text, where + key);
  if (!money.ok()) {
    return ConfigError(
        path, where + key,
        "\"" + key + "\" must be an amount such as \"25.00\": " + money.error().message);
  }
  return *money;
}

}  // namespace

std::string DefaultFinanceConfigPath() { return ConfigFilePath("finance.toml"); }

Result<FinanceSettings> LoadFinanceConfig(const std::string& path) {
  CISTERN_ASSIGN_OR_RETURN(std::shared_ptr<cpptoml::table> root, ReadTomlFile(path));
  CISTERN_RETURN_IF_ERROR(
      CheckKeys(*root,
                {"deposit_bank", "fund_priority", "adjustment_approval_over", "returned_item_fee",
                 "cash_only_months", "gl_account", "fee", "adjustment_reason"},
                path, ""));
  FinanceSettings settings;
  CISTERN_ASSIGN_OR_RETURN(settings.deposit_bank, Text(*root, "deposit_bank", path, "", true));
  CISTERN_ASSIGN_OR_RETURN(settings.returned_item_fee,
                           Text(*root, "returned_item_fee", path, "", true));
  CISTERN_ASSIGN_OR_RETURN(settings.adjustment_approval_over,
                           Amount(*root, "adjustment_approval_over", path, ""));
  auto months = root->get_as<std::int64_t>("cash_only_months");
  if (!months) return ConfigError(path, "cash_only_months", "a whole number of months.");
  settings.cash_only_months = static_cast<int>(*months);
  auto priority = root->get_array_of<std::string>("fund_priority");
  if (!priority) return ConfigError(path, "fund_priority", "a list of fund names in quotes.");
  settings.fund_priority = *priority;

  std::vector<GlAccount> accounts;
  if (auto tables = root->get_table_array("gl_account")) {
    for (const auto& table : *tables) {
      const std::string where = "gl_account.";
      CISTERN_RETURN_IF_ERROR(
          CheckKeys(*table, {"code", "name", "kind", "fund", "bank"}, path, "gl_account"));
      GlAccount account;
      CISTERN_ASSIGN_OR_RETURN(account.code, Text(*table, "code", path, where, true));
      const std::string at = where + account.code + ".";
      CISTERN_ASSIGN_OR_RETURN(account.name, Text(*table, "name", path, at, true));
      CISTERN_ASSIGN_OR_RETURN(std::string kind, Text(*table, "kind", path, at, true));
      auto parsed = ParseGlKind(kind);
      if (!parsed) return ConfigError(path, at + "kind", "unknown kind \"" + kind + "\".");
      account.kind = *parsed;
      CISTERN_ASSIGN_OR_RETURN(account.fund, Text(*table, "fund", path, at, false));
      CISTERN_ASSIGN_OR_RETURN(account.bank, Text(*table, "bank", path, at, false));
      accounts.push_back(std::move(account));
    }
  }
  auto chart = Chart::Make(std::move(accounts));
  if (!chart.ok()) return ConfigError(path, chart.error().field, chart.error().message);
  settings.chart = std::move(*chart);

  if (auto tables = root->get_table_array("fee")) {
    for (const auto& table : *tables) {
      CISTERN_RETURN_IF_ERROR(CheckKeys(*table, {"code", "name", "amount", "fund"}, path, "fee"));
      Fee fee;
      CISTERN_ASSIGN_OR_RETURN(fee.code, Text(*table, "code", path, "fee.", true));
      const std::string at = "fee." + fee.code + ".";
      CISTERN_ASSIGN_OR_RETURN(fee.name, Text(*table, "name", path, at, true));
      CISTERN_ASSIGN_OR_RETURN(fee.amount, Amount(*table, "amount", path, at));
      CISTERN_ASSIGN_OR_RETURN(fee.fund, Text(*table, "fund", path, at, true));
      settings.fees.push_back(std::move(fee));
    }
  }
  if (auto tables = root->get_table_array("adjustment_reason")) {
    for (const auto& table : *tables) {
      CISTERN_RETURN_IF_ERROR(
          CheckKeys(*table, {"code", "name", "always_needs_approval"}, path, "adjustment_reason"));
      AdjustmentReason reason;
      CISTERN_ASSIGN_OR_RETURN(reason.code, Text(*table, "code", path, "adjustment_reason.", true));
      const std::string at = "adjustment_reason." + reason.code + ".";
      CISTERN_ASSIGN_OR_RETURN(reason.name, Text(*table, "name", path, at, true));
      auto approval = table->get_as<bool>("always_needs_approval");
      if (!approval && table->contains("always_needs_approval")) {
        return ConfigError(path, at + "always_needs_approval",
                           "\"always_needs_approval\" is true or false, without quotes.");
      }
      reason.always_needs_approval = approval.value_or(false);
      settings.adjustment_reasons.push_back(std::move(reason));
    }
  }
  Status valid = ValidateFinanceSettings(settings);
  if (!valid.ok()) return ConfigError(path, valid.error().field, valid.error().message);
  return settings;
}

}  // namespace cistern
