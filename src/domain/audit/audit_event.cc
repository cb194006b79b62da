#include "domain/audit/audit_event.h"

#include <map>

namespace cistern {

std::vector<FieldChange> DiffFields(const FieldValues& before, const FieldValues& after) {
  std::map<std::string, std::string> old_values(before.begin(), before.end());
  std::vector<FieldChange> changes;
  for (const auto& [field, value] : after) {
    auto found = old_values.find(field);
    if (found == old_values.end()) {
      changes.push_back({field, std::nullopt, value});
    } else {
      if (found->second != value) changes.push_back({field, found->second, value});
      old_values.erase(found);
    }
  }
  for (const auto& [field, value] : before) {
    if (old_values.count(field)) changes.push_back({field, value, std::nullopt});
  }
  return changes;
}

}  // namespace cistern
