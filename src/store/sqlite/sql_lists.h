// Building the lists of a query's text and parameters: IN lists of GL codes and JSON arrays of
// ids (one parameter, read with json_each, so one prepared statement serves any number).
// Internal to store/sqlite.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "core/id.h"
#include "store/sqlite/connection.h"

namespace cistern::sqlite {

// "?,?,?" for an IN list of `count` parameters. The count is ours, never user text.
inline std::string Placeholders(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += i == 0 ? "?" : ",?";
  return text.empty() ? "NULL" : text;
}

// "?4,?5,?6": numbered, so one list can be used twice and mixes safely with ?1..?3.
inline std::string NumberedPlaceholders(int first, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += (i == 0 ? "?" : ",?") + std::to_string(first + static_cast<int>(i));
  }
  return text.empty() ? "NULL" : text;
}

inline void BindCodes(Statement& statement, int first_index, const std::set<std::string>& codes) {
  int index = first_index;
  for (const std::string& code : codes) statement.Bind(index++, code);
}

// "[1,2,3]".
template <typename Tag>
std::string IdsJson(const std::vector<Id<Tag>>& ids) {
  std::string json = "[";
  for (const Id<Tag>& id : ids) {
    if (json.size() > 1) json += ',';
    json += std::to_string(id.value());
  }
  json += ']';
  return json;
}

}  // namespace cistern::sqlite
