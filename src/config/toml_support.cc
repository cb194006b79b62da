#include "config/toml_support.h"

#include <filesystem>

namespace cistern {

std::string ConfigFilePath(const std::string& relative) {
  const std::string local = "config/" + relative;
  if (std::filesystem::exists(local)) return local;
  return std::string(CISTERN_SOURCE_DIR) + "/config/" + relative;
}

Result<std::shared_ptr<cpptoml::table>> ReadTomlFile(const std::string& path) {
  try {
    return cpptoml::parse_file(path);
  } catch (const cpptoml::parse_exception& exception) {
    return ConfigError(path, "config", std::string("Cannot read the file: ") + exception.what());
  }
}

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
