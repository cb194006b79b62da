// Optional values as SQLite parameters: NULL when absent, else the stored form (ids as integers,
// dates and instants as text). Internal to store/sqlite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/id.h"

namespace cistern::sqlite {

// A user id, NULL when no user (the system) is behind it.
inline std::optional<std::int64_t> OptionalUser(UserId user) {
  if (!user.valid()) return std::nullopt;
  return user.value();
}

template <typename IdType>
std::optional<std::int64_t> OptionalId(const std::optional<IdType>& id) {
  if (!id) return std::nullopt;
  return id->value();
}

inline std::optional<std::string> OptionalInstantText(const std::optional<Instant>& instant) {
  if (!instant) return std::nullopt;
  return FormatInstant(*instant);
}

inline std::optional<std::string> OptionalDateText(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return FormatDate(*date);
}

}  // namespace cistern::sqlite
