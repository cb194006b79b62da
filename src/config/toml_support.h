// What the config loaders share: where a config file is found, reading it, the error every
// setting problem becomes, and the refusal of keys a loader does not know. Internal to config/
// (it brings in cpptoml).
#pragma once

#include <cpptoml.h>

#include <memory>
#include <set>
#include <string>

#include "core/result.h"

namespace cistern {

// config/<relative> under the working directory when it is there (the city's own files), else
// the copy in the source tree (tests, and a build run from elsewhere).
std::string ConfigFilePath(const std::string& relative);

// The TOML file at `path`; a file that is missing or malformed is a ConfigError on "config".
Result<std::shared_ptr<cpptoml::table>> ReadTomlFile(const std::string& path);

// INVALID_ARGUMENT (CONFIG_INVALID) naming `key`, the message starting with the file's path.
Error ConfigError(const std::string& path, const std::string& key, const std::string& message);

// Refuses keys of `table` outside `known`, so a misspelled setting is an error, not a silent
// default. `where` is the table's name ("gl_account", "readings"), empty at the top level.
Status CheckKeys(const cpptoml::table& table, const std::set<std::string>& known,
                 const std::string& path, const std::string& where);

}  // namespace cistern
