#include "config/toml_support.h"

namespace cistern {

Error ConfigError(const std::string& path, const std::string& key, const std::string& message) {
  return Error::InvalidArgument(key, "CONFIG_INVALID", path + ": " + message);
}

Status CheckKeys(const cpptoml::table& table, const std::set<std::string>& known,
                 const std::string& path, const std::string& where) {
  for (const auto& [key, value] : table) {
    if (!known.count(key)) {
      return ConfigError(
          path, where.empty() ? key : where + "." + key,
          "\"" + key + "\" is not a setting" + (where.empty() ? "" : " of " + where) + ".");
    }
  }
  return OkStatus();
}

}  // namespace cistern
