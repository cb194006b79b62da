// Clock: where "now" comes from.
//
// Nothing outside main() and the adapters calls the system clock directly: use cases receive a
// Clock, domain functions receive the Instant or Date itself, and tests use a FixedClock so that
// no result depends on when the test runs.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/date.h"

namespace cistern {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current instant in UTC, whole seconds. Safe to call from any thread.
  virtual Instant Now() const = 0;
};

// The machine's clock (std::chrono::system_clock), truncated to whole seconds.
class SystemClock final : public Clock {
 public:
  Instant Now() const override;
};

// A clock that says what it is told: for tests. Set and Advance may be called while other threads
// call Now.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant now) : seconds_(now.time_since_epoch().count()) {}

  Instant Now() const override { return Instant(std::chrono::seconds(seconds_.load())); }
  void Set(Instant now) { seconds_.store(now.time_since_epoch().count()); }
  void Advance(std::chrono::seconds by) { seconds_.fetch_add(by.count()); }

 private:
  std::atomic<std::int64_t> seconds_;
};

}  // namespace cistern
