// What the config loaders share: the error every setting problem becomes, and the refusal of
// keys a loader does not know. Internal to config/ (it brings in cpptoml).
#pragma once

#include <cpptoml.h>

#include <set>
#include <string>

#include "core/result.h"

namespace cistern {

// INVALID_ARGUMENT (CONFIG_INVALID) naming `key`, the message starting with the file's path.
Error ConfigError(const std::string& path, const std::string& key, const std::string& message);

// Refuses keys of `table` outside `known`, so a misspelled setting is an error, not a silent
// default. `where` is the table's name ("gl_account", "readings"), empty at the top level.
Status CheckKeys(const cpptoml::table& table, const std::set<std::string>& known,
                 const std::string& path, const std::string& where);

}  // namespace cistern
