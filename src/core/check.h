// CISTERN_CHECK: an invariant that must hold in every build, release included.
//
// Use it for what must never happen (a journal entry that does not balance, an index out of
// range). A failed check is a bug: it throws InvariantViolation, which the HTTP layer turns into a
// 500 after rolling back the transaction, so nothing half written survives.
#pragma once

#include <stdexcept>
#include <string>

namespace cistern {

class InvariantViolation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void FailCheck(const char* condition, const char* file, int line,
                            const std::string& detail);

}  // namespace cistern

#define CISTERN_CHECK(condition, detail)                                              \
  do {                                                                                \
    if (!(condition)) ::cistern::FailCheck(#condition, __FILE__, __LINE__, (detail)); \
  } while (0)
