#include "config/billing_config.h"

#include <set>

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

}  // namespace

std::string DefaultBillingConfigPath() { return ConfigFilePath("billing.toml"); }

Result<BillingSettings> LoadBillingConfig(const std::string& path) {
  CISTERN_ASSIGN_OR_RETURN(std::shared_ptr<cpptoml::table> root, ReadTomlFile(path));
  CISTERN_RETURN_IF_ERROR(
      CheckKeys(*root,
                {"due_days", "due_on_weekday", "late_fee_percent", "bill_far_above_percent",
                 "chunk_accounts", "preview_plans_kept", "message", "readings"},
                path, ""));
  BillingSettings settings;
  CISTERN_ASSIGN_OR_RETURN(settings.due_days, Whole(*root, "due_days", path, "", 20));
  if (root->contains("due_on_weekday")) {
    auto flag = root->get_as<bool>("due_on_weekday");
    if (!flag) return ConfigError(path, "due_on_weekday", "\"due_on_weekday\" is true or false.");
    settings.due_on_weekday = *flag;
  }
  if (root->contains("late_fee_percent")) {
    auto text = root->get_as<std::string>("late_fee_percent");
    if (!text) {
      return ConfigError(path, "late_fee_percent",
                         "\"late_fee_percent\" is text in quotes, such as \"2\" or \"1.5\".");
    }
    auto percent = Quantity::Parse(*text, "late_fee_percent");
    if (!percent.ok()) return ConfigError(path, "late_fee_percent", percent.error().message);
    settings.late_fee_percent = *percent;
  }
  CISTERN_ASSIGN_OR_RETURN(settings.bill_far_above_percent,
                           Whole(*root, "bill_far_above_percent", path, "", 250));
  CISTERN_ASSIGN_OR_RETURN(settings.chunk_accounts, Whole(*root, "chunk_accounts", path, "", 2000));
  CISTERN_ASSIGN_OR_RETURN(settings.preview_plans_kept,
                           Whole(*root, "preview_plans_kept", path, "", 50000));
  if (root->contains("message")) {
    auto text = root->get_as<std::string>("message");
    if (!text) return ConfigError(path, "message", "\"message\" is text in quotes.");
    settings.default_message = *text;
  }
  if (auto readings = root->get_table("readings")) {
    CISTERN_RETURN_IF_ERROR(
        CheckKeys(*readings, {"high_percent", "low_percent"}, path, "readings"));
    CISTERN_ASSIGN_OR_RETURN(settings.reading_limits.high_percent,
                             Whole(*readings, "high_percent", path, "readings.", 300));
    CISTERN_ASSIGN_OR_RETURN(settings.reading_limits.low_percent,
                             Whole(*readings, "low_percent", path, "readings.", 25));
  } else if (root->contains("readings")) {
    return ConfigError(path, "readings", "\"readings\" is a table: [readings].");
  }
  Status valid = ValidateBillingSettings(settings);
  if (!valid.ok()) return ConfigError(path, valid.error().field, valid.error().message);
  return settings;
}

}  // namespace cistern
