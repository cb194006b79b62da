#include "core/check.h"

namespace cistern {

void FailCheck(const char* condition, const char* file, int line, const std::string& detail) {
  throw InvariantViolation(std::string("invariant failed: ") + condition + " at " + file + ":" +
                           std::to_string(line) + (detail.empty() ? "" : ": " + detail));
}

}  // namespace cistern
