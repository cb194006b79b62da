#include "core/clock.h"

namespace cistern {

Instant SystemClock::Now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace cistern
